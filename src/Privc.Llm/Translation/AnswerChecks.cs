using System.Collections.Immutable;
using Privc.Diagnostics;
using Privc.Llm.Equivalence;
using Privc.Llm.Evaluation;
using Privc.Semantics;
using Privc.Text;
using Privc.Topology;

namespace Privc.Llm.Translation;

/// <summary>
/// What a type-checked answer must also pass before privc takes it, each failure going back to the model for repair:
/// every intent it adds must constrain something, and it must not lower the protection the context gives nor add a
/// declassification, unless the operator allowed it. These are judged on meaning (<see cref="SymbolicEquivalence"/>),
/// not on wording, so an injected instruction in the request can at most yield an answer that these checks judge.
/// </summary>
public static class AnswerChecks
{
    /// <summary>
    /// Intents of the answer that select nothing (PRIV2026) or whose condition holds on every configuration of every
    /// topology (`place * on true`, separating a service from itself by node): a model's way of answering without
    /// stating anything. A declassification restricts nothing by design and is judged by <see cref="Weakening"/>.
    /// </summary>
    public static IEnumerable<Diagnostic> Vacuous(BoundProgram program, IEnumerable<Diagnostic> warnings, SourceText answer, Syntax.ProgramSyntax syntax, AttributeSchema schema)
    {
        var declarations = syntax.Items.OfType<Syntax.IntentDeclSyntax>().ToDictionary(i => i.Name.Text, i => i.Span, StringComparer.Ordinal);
        var empty = program with { Intents = [], Objectives = [] };
        var judge = new SymbolicEquivalence(schema);
        var selectsNothing = warnings.Where(w => w.Code == DiagnosticCatalogue.Codes.EmptySelection.Code && ReferenceEquals(w.Location?.Source, answer)).ToList();
        foreach (var intent in program.Intents.Where(i => ReferenceEquals(i.Location.Source, answer) && i is not DeclassifyIntent))
        {
            var span = declarations.GetValueOrDefault(intent.Name, intent.Location.Span);
            var empties = selectsNothing.Where(w => w.Location!.Value.Span.Start >= span.Start && w.Location.Value.Span.Start < span.End).ToList();
            if (empties.Count > 0)
            {
                yield return LlmDiagnostics.LlmVacuousIntent(intent.Location, intent.Name, empties[0].Message);
                continue;
            }
            var alone = judge.Compare(empty with { Intents = [intent] }, empty, "intent", "nothing");
            if (alone.IsEquivalent)
            {
                yield return LlmDiagnostics.LlmVacuousIntent(intent.Location, intent.Name, "its condition holds wherever the services run and however the flows are routed");
            }
        }
    }

    /// <summary>
    /// Without <paramref name="allowDeclassify"/>, an answer may not declassify data, and the whole program it makes
    /// must be at least as strict as the context alone on every component of the normal form (an added intent can
    /// only strengthen; a declassification shrinks what the context's keep intents cover).
    /// </summary>
    public static IEnumerable<Diagnostic> Weakening(BoundProgram? context, BoundProgram combined, SourceText answer, bool allowDeclassify, AttributeSchema schema)
    {
        if (allowDeclassify)
        {
            yield break;
        }
        var removed = string.Empty;
        if (context is not null && Declarations.Difference(context, combined) is null)
        {
            var result = new SymbolicEquivalence(schema).Compare(combined, context, "result", "context");
            var weaker = result.Differences.Where(d => d.Restricts && !d.LeftImpliesRight && d.Component != "the declassifications").ToList();
            if (weaker.Count > 0)
            {
                removed = "protection the context gives: " + string.Join("; ", weaker.Select(d => d.Explanation));
            }
        }
        var declassifications = combined.Intents.OfType<DeclassifyIntent>().Where(d => ReferenceEquals(d.Location.Source, answer)).ToList();
        foreach (var declassify in declassifications)
        {
            yield return LlmDiagnostics.LlmWeakensProtection(declassify.Location,
                $"intent '{declassify.Name}' declassifies {declassify.Data} to {declassify.Level} via {declassify.Via}{(removed.Length == 0 ? string.Empty : "; it removes " + removed)}");
        }
        if (declassifications.Count == 0 && removed.Length > 0)
        {
            yield return LlmDiagnostics.LlmWeakensProtection(null, "the answer removes " + removed);
        }
    }
}
