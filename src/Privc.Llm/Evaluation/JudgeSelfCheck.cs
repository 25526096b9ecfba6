using System.Collections.Immutable;
using Privc.Diagnostics;
using Privc.Llm.Equivalence;
using Privc.Semantics;
using Privc.Text;
using Privc.Topology;

namespace Privc.Llm.Evaluation;

/// <summary>
/// `privc eval --gold` tests the judge on each case's own examples: every other reading is a different meaning that
/// compiles to the expected outcome, every `accept` answer means what the gold means on every topology, no `reject`
/// answer means what any reading means, and every `topology_only` answer agrees with the gold on this topology only.
/// </summary>
internal static class JudgeSelfCheck
{
    private const string AlternativePath = "alternative.priv";

    public static IEnumerable<string> Run(BenchmarkCase item, ImmutableArray<SourceText> context, TopologyModel topology, ImmutableArray<BoundProgram> readings,
        EquivalenceJudge judge, Evaluator evaluator)
    {
        var symbolic = new SymbolicEquivalence(topology.Schema);
        var gold = readings[0];
        for (var i = 1; i < readings.Length; i++)
        {
            var name = Evaluator.ReadingName(i);
            if (symbolic.Compare(readings[i], gold, name, "gold").IsEquivalent)
            {
                yield return $"{name} means what the gold means (list it under accept)";
            }
            var (outcome, why) = evaluator.Verify(item, item.Readings[i - 1], readings[i], topology);
            if (outcome != Evaluator.Expected(item.Expect))
            {
                yield return $"{name} compiles to {outcome.ToString().ToLowerInvariant()}, not {item.Expect.ToString().ToLowerInvariant()} ({why})";
            }
        }
        var alternatives = item.Accept.Select((text, i) => (Text: text, Kind: "accept", Index: i + 1))
            .Concat(item.Reject.Select((text, i) => (Text: text, Kind: "reject", Index: i + 1)))
            .Concat(item.TopologyOnly.Select((text, i) => (Text: text, Kind: "topology_only", Index: i + 1)));
        foreach (var (text, kind, index) in alternatives)
        {
            var name = $"{kind} #{index}";
            var compilation = new Compilation(context.Add(new SourceText(AlternativePath, text)), topology);
            if (compilation.HasErrors)
            {
                yield return $"{name} does not type-check ({DiagnosticFormatter.FormatHeader(compilation.Diagnostics.First(d => d.IsError))})";
                continue;
            }
            var program = compilation.Program!;
            switch (kind)
            {
                case "accept":
                    var accepted = symbolic.Compare(program, gold, "alternative", "gold");
                    if (!accepted.IsEquivalent)
                    {
                        yield return $"{name} is judged {accepted.Verdict} ({accepted.Explanation})";
                    }
                    break;
                case "reject":
                    var matched = readings.Select((r, i) => (Reading: Evaluator.ReadingName(i), Result: symbolic.Compare(program, r, "alternative", Evaluator.ReadingName(i))))
                        .FirstOrDefault(m => m.Result.IsEquivalent);
                    if (matched.Result is not null)
                    {
                        yield return $"{name} is judged equivalent to the {matched.Reading}";
                    }
                    break;
                default:
                    var verdict = judge.Compare(program, AlternativePath, gold, Evaluator.GoldPath, "alternative", "gold");
                    if (verdict.Verdict != EquivalenceVerdict.EquivalentOnTopology)
                    {
                        yield return $"{name} is judged {verdict.Verdict}, not equivalent on this topology only ({verdict.Explanation})";
                    }
                    break;
            }
        }
    }
}
