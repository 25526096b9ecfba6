using Privc.Checking;
using static Privc.Tests.Checker.CheckerScenario;

namespace Privc.Tests.Checker;

/// <summary>Objective values of specs/semantics.md section 6.</summary>
public class ObjectiveEvaluatorTests
{
    private const string Objectives = """
        objective lat: minimize latency;
        objective worst: minimize max latency;
        objective cheap: minimize cost;
        objective few: minimize nodes;
        objective edge: prefer tier == edge;
        """;

    [Fact]
    public void Evaluate_EveryMetric_FromPlacementsAndRoutes()
    {
        var s = new CheckerScenario(Objectives);
        var config = s.Config([Place("web", "n1", "n3"), Place("db", "n5"), Place("guest", "n4")],
            s.Route("q", "n1", "n5", "s1", "s2", "s4"), s.Route("q", "n3", "n5", "s2", "s4"));
        var values = ObjectiveEvaluator.Evaluate(s.Program, s.Topology, config);
        Assert.Equal(["lat", "worst", "cheap", "few", "edge"], values.Select(v => v.Objective.Name));
        // 4000us + 3000us; costs 1 + 0.5 + 3 + 0.25; n3, n5 and n4 are not edge nodes.
        Assert.Equal([7000m, 4000m, 4.75m, 4m, 3m], values.Select(v => v.Value));
    }

    [Fact]
    public void Evaluate_EmptyRoutesAndSharedNodes_CountOnce()
    {
        var s = new CheckerScenario(Objectives);
        var config = s.Config([Place("web", "n3", "n4"), Place("db", "n3"), Place("guest", "n4")], s.Route("q", "n4", "n3", "s3", "s2"));
        var values = ObjectiveEvaluator.Evaluate(s.Program, s.Topology, config).Select(v => v.Value);
        // Routes: n3->n3 empty (0us), n4->n3 via s3-s2 (5000us). Cost counts each hosting pair: 0.5 + 0.25 + 0.5 + 0.25.
        Assert.Equal([5000m, 5000m, 1.5m, 2m, 4m], values);
    }

    [Fact]
    public void Evaluate_NoRoutes_MaxLatencyIsZero()
    {
        var s = new CheckerScenario(Objectives, declarations: """
            service solo { image "r/solo:1"; replicas 1; cpu 100m; memory 64Mi; ports 1; tenant t; clearance public; }

            """);
        var values = ObjectiveEvaluator.Evaluate(s.Program, s.Topology, s.Config([Place("solo", "n2")])).Select(v => v.Value);
        Assert.Equal([0m, 0m, 2m, 1m, 0m], values);
    }
}
