using System.Globalization;
using System.Text;
using Privc.Diagnostics;
using Privc.Verification.Explanation;
using Privc.Semantics;
using Privc.Text;
using Privc.Topology;

namespace Privc.Llm.Prompting;

/// <summary>
/// Writes what privc tells the model: a system prompt grounding it in the language (the reference in
/// LanguageReference.md), the topology's vocabulary and the context's declarations, the request, and, after a
/// rejected answer, the diagnostics to repair. Deterministic: the same inputs give the same bytes.
/// </summary>
internal sealed class PromptBuilder
{
    public const string DeclineMarker = "UNSUPPORTED:";

    private readonly TopologyModel topology;
    private readonly BoundProgram? context;

    public PromptBuilder(TopologyModel topology, BoundProgram? context)
    {
        this.topology = topology;
        this.context = context;
    }

    /// <summary>The compact language reference shipped as a resource of this assembly.</summary>
    public static string LanguageReference { get; } = LoadReference();

    public string SystemPrompt()
    {
        var text = new StringBuilder();
        text.Append("""
            You translate an operator's privacy intent, written in English, into privc's intent language. privc parses and
            type-checks your answer against the topology and the declarations below; when it finds errors it sends them
            back for you to fix.

            Rules:
            1. Answer with exactly one fenced code block tagged priv (```priv ... ```) holding only the new `intent` items,
               and `objective` items if the request asks to optimise something. Do not repeat the declarations below.
            2. Use only the service, data and flow names declared below, and only the label keys and values the topology
               lists, on the element kinds that carry them.
            3. Give each intent a short snake_case name that the context does not use yet.
            4. State exactly what the request asks: add no restriction it does not ask for, and leave none out.
            5. If the request cannot be expressed with this language, topology and context (it names something that does
               not exist, or asks for what the language cannot state), answer with one line `UNSUPPORTED: <reason>` and
               no code block.

            """);
        text.Append(LanguageReference.TrimEnd()).Append("\n\n");
        text.Append("# The topology\n").Append(TopologyVocabulary.Render(topology)).Append('\n');
        text.Append("# The context (already declared; refer to these names)\n").Append(ContextSummary());
        return text.ToString();
    }

    public const string RequestStart = "<<<REQUEST";
    public const string RequestEnd = "REQUEST>>>";

    /// <summary>
    /// The request between markers the language reference explains, so that instructions inside it read as text to
    /// translate. A request cannot close the block early: marker lines inside it are neutralised.
    /// </summary>
    public static string RequestMessage(string request)
    {
        var lines = request.Trim().ReplaceLineEndings("\n").Split('\n')
            .Select(l => l.Trim() == RequestEnd || l.Trim() == RequestStart ? "(" + l.Trim() + ")" : l);
        return "Translate this request into privc intents:\n\n" + RequestStart + "\n" + string.Join("\n", lines) + "\n" + RequestEnd + "\n";
    }

    /// <summary>
    /// The errors of a rejected answer, as `line:col: error PRIVnnnn: message` with the offending line and a caret
    /// under it (positions are in the code block the model wrote). Diagnostics without a position in the answer are
    /// given without one.
    /// </summary>
    public static string RepairMessage(int round, int maxRounds, IEnumerable<Diagnostic> diagnostics, SourceText? answer)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"privc rejected your answer (round {round} of {maxRounds}):\n");
        foreach (var diagnostic in diagnostics)
        {
            text.Append(Format(diagnostic, answer)).Append('\n');
        }
        text.Append("\nAnswer again with the complete corrected intents in one ```priv block, or with `UNSUPPORTED: <reason>` if the request cannot be expressed.\n");
        return text.ToString();
    }

    public static string Format(Diagnostic diagnostic, SourceText? answer)
    {
        var severity = diagnostic.Severity == Severity.Warning ? "warning" : "error";
        if (diagnostic.Location is not { } location)
        {
            return $"{severity} {diagnostic.Code}: {diagnostic.Message}";
        }
        var (line, column) = location.Start;
        if (answer is null || !ReferenceEquals(location.Source, answer))
        {
            return $"{location.Path}:{line}:{column}: {severity} {diagnostic.Code}: {diagnostic.Message} (in the context, not in your answer)";
        }
        var text = new StringBuilder($"{line}:{column}: {severity} {diagnostic.Code}: {diagnostic.Message}");
        var source = location.Source.GetLine(line);
        if (source.Length is > 0 and <= 400)
        {
            text.Append("\n    ").Append(source.Replace('\t', ' '));
            text.Append("\n    ").Append(new string(' ', Math.Max(0, column - 1))).Append('^');
        }
        return text.ToString();
    }

    private string ContextSummary()
    {
        if (context is null)
        {
            return "Nothing is declared yet. Declare the data, services and flows the request needs before its intents.\n";
        }
        var explainer = new ProgramInEnglish(context);
        var text = new StringBuilder();
        text.Append("Sensitivity levels, lowest first: ").Append(string.Join(" < ", context.Lattice.Levels)).Append('\n');
        Section(text, "Data classes", context.Data.OrderBy(d => d.Location).Select(explainer.ExplainData));
        Section(text, "Services", context.Services.OrderBy(s => s.Location).Select(explainer.ExplainService));
        Section(text, "Flows (source -> target)", context.Flows.OrderBy(f => f.Location).Select(explainer.ExplainFlow));
        Section(text, "Intents already in force (their names are taken)", context.Intents.Select(explainer.ExplainIntent));
        Section(text, "Objectives already declared", context.Objectives.Select(explainer.ExplainObjective));
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        if (list.Count == 0)
        {
            return;
        }
        text.Append(title).Append(":\n");
        foreach (var line in list)
        {
            text.Append("- ").Append(line).Append('\n');
        }
    }

    private static string LoadReference()
    {
        using var stream = typeof(PromptBuilder).Assembly.GetManifestResourceStream("Privc.Llm.LanguageReference.md")
            ?? throw new InvalidOperationException("privc bug: the language reference resource is missing from Privc.Llm");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
