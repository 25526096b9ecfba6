using Privc.Llm.Evaluation;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Llm;

/// <summary>What the benchmark must be, checked without a solver: its size, topologies, split and rephrasings.</summary>
public sealed class BenchmarkShapeTests
{
    private static Benchmark Load()
    {
        var (benchmark, diagnostics) = BenchmarkLoader.Load(BenchmarkFiles.Root);
        Assert.True(benchmark is not null, string.Join("\n", diagnostics));
        return benchmark;
    }

    [Fact]
    public void Benchmark_SizeAndTopologies_CanShow99Percent()
    {
        var benchmark = Load();
        Assert.True(benchmark.Cases.Length >= 320, $"{benchmark.Cases.Length} cases");
        Assert.True(Proportion.ClopperPearsonLower(benchmark.Cases.Length, benchmark.Cases.Length) >= 0.99);
        foreach (var domain in Benchmark.Domains)
        {
            // About evenly split into the three domains.
            Assert.InRange(benchmark.Cases.Count(c => c.Domain == domain), benchmark.Cases.Length / 4, benchmark.Cases.Length / 2);
        }
        var used = benchmark.Cases.Select(c => c.Scenario).Distinct().ToList();
        Assert.True(used.Count >= 5, string.Join(", ", used));
        var imported = used.Count(s => File.ReadLines(Path.Combine(benchmark.Root, benchmark.Scenarios[s].Topology)).First().StartsWith("# Imported by 'privc topology import'", StringComparison.Ordinal));
        Assert.True(imported >= 2, $"{imported} imported Topology Zoo networks");
        Assert.True(benchmark.Cases.Count(c => c.Expect == ExpectedOutcome.Unsupported) >= 10);
        Assert.True(benchmark.Cases.Count(c => !c.Readings.IsEmpty) >= 5, "ambiguous cases list their readings");
    }

    [Fact]
    public void Split_HeldOutIs30PercentAndNeverSplitsAFamily()
    {
        var benchmark = Load();
        foreach (var domain in benchmark.Cases.GroupBy(c => c.Domain))
        {
            var held = domain.Count(c => c.Split == BenchmarkSplit.HeldOut) / (double)domain.Count();
            Assert.InRange(held, 0.29, 0.36);
        }
        Assert.All(benchmark.Cases.GroupBy(c => c.Family), family => Assert.Single(family.Select(c => c.Split).Distinct()));
        Assert.Contains("Held out: 30% of each domain", File.ReadAllText(Path.Combine(benchmark.Root, "README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Rephrasings_InheritTheirBasesMeaningAndSayItDifferently()
    {
        var benchmark = Load();
        var byId = benchmark.Cases.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var rephrasings = benchmark.Cases.Where(c => c.Family != c.Id).ToList();
        Assert.True(rephrasings.Count >= 100, $"{rephrasings.Count} rephrasings");
        Assert.All(rephrasings, r =>
        {
            var origin = byId[r.Family];
            Assert.Equal(origin.Gold, r.Gold);
            Assert.Equal(origin.Expect, r.Expect);
            Assert.Equal(origin.Scenario, r.Scenario);
            Assert.Equal(string.Join("\n---\n", origin.Readings), string.Join("\n---\n", r.Readings));
            Assert.NotEqual(origin.Intent, r.Intent);
        });
        Assert.All(rephrasings, r => Assert.Single(benchmark.Cases, c => c.Intent == r.Intent));
    }
}
