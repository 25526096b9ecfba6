using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Privc.Llm.Equivalence;
using Privc.Llm.Evaluation;
using Privc.Semantics;
using Privc.Tests.Infrastructure;
using Privc.Text;
using Privc.Topology;
using Xunit.Abstractions;

namespace Privc.Tests.Llm.Corpus;

/// <summary>
/// Issue 17's figures as a test, over every gold answer of the benchmark: each plausible mistake
/// (<see cref="TranslationMutants.Mistakes"/>) that type-checks is judged not equivalent by the topology-independent
/// judge, and each correct rewrite (<see cref="TranslationMutants.Rewrites"/>) is judged equivalent. The judge is
/// symbolic (no solver process), so the whole corpus takes seconds.
/// </summary>
public sealed partial class MutationCorpusTests(ITestOutputHelper output)
{
    private sealed record Scenario(TopologyModel Topology, ImmutableArray<SourceText> Context, string? Declassification);

    private static readonly Lazy<(Benchmark Benchmark, Dictionary<string, Scenario> Scenarios)> Loaded = new(() =>
    {
        var (benchmark, diagnostics) = BenchmarkLoader.Load(BenchmarkFiles.Root);
        Assert.True(benchmark is not null, string.Join("\n", diagnostics));
        var scenarios = benchmark.Scenarios.ToDictionary(s => s.Key, s =>
        {
            var topology = TopologyLoader.LoadFile(Path.Combine(benchmark.Root, s.Value.Topology)).Topology!;
            var context = s.Value.Context.Select(f => new SourceText(f, File.ReadAllText(Path.Combine(benchmark.Root, f)))).ToImmutableArray();
            var all = string.Join("\n", context.Select(c => c.Text));
            var handles = HandledBy().Match(all);
            var lowest = Levels().Match(all);
            var declassification = handles.Success && lowest.Success
                ? $"intent leak: declassify {handles.Groups["data"].Value} to {lowest.Groups["low"].Value} via {handles.Groups["service"].Value};"
                : null;
            return new Scenario(topology, context, declassification);
        }, StringComparer.Ordinal);
        return (benchmark, scenarios);
    });

    private static BoundProgram? Bind(Scenario scenario, BenchmarkCase item, string answer)
    {
        var sources = item.Background is null ? scenario.Context : scenario.Context.Add(new SourceText(Evaluator.BackgroundPath, item.Background));
        var compilation = new Compilation(sources.Add(new SourceText("answer.priv", answer)), scenario.Topology);
        return compilation.HasErrors ? null : compilation.Program;
    }

    private IEnumerable<(BenchmarkCase Case, string Kind, string Text, bool Equivalent, string Explanation)> Judge(bool mistakes)
    {
        var (benchmark, scenarios) = Loaded.Value;
        foreach (var item in benchmark.Cases.Where(c => c.ExpectsIntents))
        {
            var scenario = scenarios[item.Scenario];
            var gold = Bind(scenario, item, item.Gold);
            Assert.True(gold is not null, $"{item.Id}: the gold does not type-check");
            var judge = new SymbolicEquivalence(scenario.Topology.Schema);
            var variants = mistakes ? TranslationMutants.Mistakes(item.Gold, scenario.Declassification) : TranslationMutants.Rewrites(item.Gold);
            foreach (var (kind, text) in variants.DistinctBy(v => v.Text))
            {
                if (text == item.Gold || Bind(scenario, item, text) is not { } program)
                {
                    continue;
                }
                var result = judge.Compare(program, gold, "variant", "gold");
                yield return (item, kind, text, result.IsEquivalent, result.Explanation);
            }
        }
    }

    [Fact]
    public void Judge_EveryPlausibleMistake_IsCaught()
    {
        var judged = Judge(mistakes: true).ToList();
        var byKind = judged.GroupBy(j => j.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        foreach (var kind in byKind)
        {
            output.WriteLine($"{kind.Key}: {kind.Count(j => !j.Equivalent)} of {kind.Count()} caught");
        }
        // Every kind issue 17 names is in the corpus, with enough instances to mean something.
        foreach (var kind in new[] { "dropped conjunct", "loosened bound", "<=/< swap", "keep rewritten as place handling", "added declassify", "dropped intent", "dropped over-links clause", "== read as !=" })
        {
            Assert.True(judged.Count(j => j.Kind == kind) >= 5, $"only {judged.Count(j => j.Kind == kind)} mutants of kind '{kind}'");
        }
        Assert.True(judged.Count >= 280, $"{judged.Count} mutants");
        var missed = judged.Where(j => j.Equivalent).ToList();
        Assert.True(missed.Count == 0, $"{missed.Count} of {judged.Count} mistakes judged equivalent:\n" +
            string.Join("\n", missed.Take(20).Select(m => $"{m.Case.Id} ({m.Kind}): {m.Text.Trim()}")));
    }

    [Fact]
    public void Judge_EveryCorrectRewrite_IsAccepted()
    {
        var judged = Judge(mistakes: false).ToList();
        foreach (var kind in judged.GroupBy(j => j.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{kind.Key}: {kind.Count(j => j.Equivalent)} of {kind.Count()} accepted");
        }
        foreach (var kind in new[] { "== A as in {A}", "conjuncts reordered", "unit changed", "intents reordered", "intents renamed", "route split" })
        {
            Assert.True(judged.Count(j => j.Kind == kind) >= 3, $"only {judged.Count(j => j.Kind == kind)} rewrites of kind '{kind}'");
        }
        Assert.True(judged.Count >= 170, $"{judged.Count} rewrites");
        var rejected = judged.Where(j => !j.Equivalent).ToList();
        Assert.True(rejected.Count == 0, $"{rejected.Count} of {judged.Count} correct rewrites judged different:\n" +
            string.Join("\n", rejected.Take(20).Select(m => $"{m.Case.Id} ({m.Kind}): {m.Text.Trim()} -- {m.Explanation}")));
    }

    [GeneratedRegex(@"service (?<service>[\w\-]+) \{[^}]*handles (?<data>\w+)")]
    private static partial Regex HandledBy();

    [GeneratedRegex(@"levels (?<low>\w+) <")]
    private static partial Regex Levels();
}
