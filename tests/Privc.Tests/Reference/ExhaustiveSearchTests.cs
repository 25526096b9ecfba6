using Privc.Tests.Checker;
using System.Diagnostics;
using Privc.Checking;
using Privc.Semantics;
using Privc.Tests.Infrastructure;
using Privc.Text;

namespace Privc.Tests.Reference;

/// <summary>The reference solver on tiny instances: satisfiable, unsatisfiable, optimal, too large.</summary>
public class ExhaustiveSearchTests
{
    private static SearchResult Solve(CheckerScenario s, SearchOptions? options = null)
    {
        var result = ExhaustiveSearch.Solve(s.Program, s.Topology, options);
        if (result.Configuration is { } found)
        {
            s.AssertCompliant(found);
        }
        return result;
    }

    [Fact]
    public void Solve_NoIntents_FindsACompliantConfiguration()
    {
        var s = new CheckerScenario(string.Empty);
        var result = Solve(s);
        Assert.Equal(SearchOutcome.Satisfiable, result.Outcome);
        Assert.Equal(3, result.Configuration!.Placements.Length);
    }

    [Fact]
    public void Solve_ConflictingIntents_IsUnsatisfiable_AndEachAloneIsSatisfiable()
    {
        var s = new CheckerScenario("intent abroad: place db on jurisdiction == US;\nintent home: keep Vitals within jurisdiction == AU;");
        Assert.Equal(SearchOutcome.Unsatisfiable, Solve(s).Outcome);
        foreach (var intent in s.Program.Intents)
        {
            var alone = s.Program with { Intents = [intent] };
            Assert.Equal(SearchOutcome.Satisfiable, ExhaustiveSearch.Solve(alone, s.Topology).Outcome);
        }
    }

    [Fact]
    public void Solve_LatencyBoundReachableOnlyOverTheFastParallelCable_FindsIt()
    {
        // db must sit in a different zone from web, so q crosses s1-s2; only the 500us cable meets the bound.
        var s = new CheckerScenario("intent apart: separate web from db by zone;\nintent edge: place web on tier == edge;\nintent fast: route q latency <= 500us;");
        var result = Solve(s, SearchOptions.Default with { Optimise = false });
        Assert.Equal(SearchOutcome.Satisfiable, result.Outcome);
        Assert.All(result.Configuration!.Routes, r => Assert.Equal(2, Assert.Single(r.Hops).FromPort));
    }

    private const string Crowded = """
        service a { image "r/a:1"; replicas 1; cpu 100m; memory 64Mi; ports 1; tenant t; clearance public; }
        service b { image "r/b:1"; replicas 1; cpu 100m; memory 64Mi; ports 2; tenant t; clearance public; }
        service c { image "r/c:1"; replicas 1; cpu 100m; memory 64Mi; ports 3; tenant t; clearance public; }
        flow f1: a -> b bandwidth 600Mbps;
        flow f2: c -> b bandwidth 600Mbps;
        intent senders: place a, c on tier == edge;
        intent receiver: place b on name == n3;

        """;

    [Fact]
    public void Solve_BandwidthCouplesRoutes_OptimumSendsOneFlowTheLongWay()
    {
        // Both flows want s1->s2 (1Gbps, 1ms); only one fits, the other goes round by s3 (10ms + 5ms) or s3, s4 (15ms).
        var s = new CheckerScenario("objective lat: minimize latency;", declarations: Crowded);
        var result = Solve(s);
        Assert.Equal(SearchOutcome.Satisfiable, result.Outcome);
        Assert.Equal(16_000m, Assert.Single(result.Objectives).Value);
    }

    [Fact]
    public void Solve_BandwidthAndLatencyTogether_IsUnsatisfiable()
    {
        var s = new CheckerScenario("intent fast: route f1, f2 latency <= 2ms;", declarations: Crowded);
        Assert.Equal(SearchOutcome.Unsatisfiable, Solve(s).Outcome);
    }

    [Fact]
    public void Solve_LexicographicObjectives_CostThenLatency()
    {
        var s = new CheckerScenario("objective cheap: minimize cost;\nobjective lat: minimize latency;");
        var result = Solve(s);
        Assert.Equal(SearchOutcome.Satisfiable, result.Outcome);
        // Cheapest: web on n3 (0.5) and n4 (0.25), db and guest on n4; then q: n4->n4 empty, n3->n4 over s2-s3 (5ms).
        Assert.Equal([1.25m, 5000m], result.Objectives.Select(o => o.Value));
        Assert.Equal(["n3", "n4"], result.Configuration!.NodesOf("web").ToArray());
        Assert.Equal(["n4"], result.Configuration.NodesOf("db").ToArray());
    }

    [Fact]
    public void Solve_ObjectivesInTheOtherOrder_GiveAnotherOptimum()
    {
        var s = new CheckerScenario("objective lat: minimize latency;\nobjective cheap: minimize cost;");
        var result = Solve(s);
        // Latency 0 needs db on a node of each web replica: impossible with two web nodes and one db,
        // so the best is one empty route and one same-device route (0us): web on n1 and n2 (both on s1), db on the
        // cheaper n1, guest on the cheapest node n4: 1 + 2 + 1 + 0.25.
        Assert.Equal([0m, 4.25m], result.Objectives.Select(o => o.Value));
        Assert.Equal(["n1", "n2"], result.Configuration!.NodesOf("web").ToArray());
        Assert.Equal(["n1"], result.Configuration.NodesOf("db").ToArray());
    }

    [Fact]
    public void Solve_MinimizeNodesAndPrefer_AreOptimised()
    {
        var s = new CheckerScenario("objective few: minimize nodes;\nobjective edge: prefer tier == edge;");
        var result = Solve(s);
        Assert.Equal([2m, 0m], result.Objectives.Select(o => o.Value));
    }

    [Fact]
    public void Solve_InstanceOverTheSizeBounds_IsTooLarge()
    {
        var topology = TestSources.ExampleTopology("hospital-au");
        var path = Path.Combine(TestPaths.Examples, "hospital-au", "hospital.priv");
        var program = new Privc.Semantics.Compilation([new SourceText(path, File.ReadAllText(path))], topology).Program!;
        var result = ExhaustiveSearch.Solve(program, topology);
        Assert.Equal(SearchOutcome.TooLarge, result.Outcome);
        Assert.Contains("4 services", result.Reason);
    }

    [Fact]
    public void Solve_WorkLimitReached_IsTooLarge()
    {
        var s = new CheckerScenario("objective cheap: minimize cost;");
        var result = ExhaustiveSearch.Solve(s.Program, s.Topology, SearchOptions.Default with { WorkLimit = 20 });
        Assert.Equal(SearchOutcome.TooLarge, result.Outcome);
        Assert.Contains("work limit", result.Reason);
    }

    [Fact]
    public void Solve_HospitalExample_WithRoomForFourServices_IsSatisfiableAndChecked()
    {
        var topology = TestSources.ExampleTopology("hospital-au");
        var path = Path.Combine(TestPaths.Examples, "hospital-au", "hospital.priv");
        var program = new Privc.Semantics.Compilation([new SourceText(path, File.ReadAllText(path))], topology).Program!;
        var watch = Stopwatch.StartNew();
        var result = ExhaustiveSearch.Solve(program, topology, SearchOptions.Default with { MaxServices = 4 });
        Assert.Equal(SearchOutcome.Satisfiable, result.Outcome);
        Assert.True(ConfigurationChecker.Check(program, topology, result.Configuration!).Compliant);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal(ObjectiveMetric.Cost, Assert.Single(result.Objectives).Objective.Metric);
    }
}
