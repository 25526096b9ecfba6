using System.Collections.Immutable;
using Privc.Checking;
using static Privc.Tests.Checker.CheckerScenario;

namespace Privc.Tests.Checker;

/// <summary>W1-W5 of specs/semantics.md section 5, and the shape of routes (section 4).</summary>
public class StructuralConditionTests
{
    private readonly CheckerScenario s = new(string.Empty);

    private static Placement[] Baseline(string dbNode = "n4") =>
        [Place("web", "n1", "n3"), Place("db", dbNode), Place("guest", "n5")];

    [Fact]
    public void Check_BaselineConfiguration_IsCompliant()
    {
        s.AssertCompliant(s.Config(Baseline()));
    }

    // ---- W1 ----

    [Fact]
    public void W1_ServiceNotPlaced_ReportsService()
    {
        var v = Assert.Single(s.AssertViolates(s.Config([Place("web", "n1", "n3"), Place("db", "n4")]), StructuralCondition.Placement, ViolationKind.ServiceNotPlaced));
        Assert.Equal("guest", v.Witness.Service);
        Assert.Equal((0L, 1L), (v.Witness.Measured, v.Witness.Bound));
    }

    [Fact]
    public void W1_TooFewReplicas_ReportsCountAgainstReplicas()
    {
        var v = Assert.Single(s.AssertViolates(s.Config([Place("web", "n1"), Place("db", "n4"), Place("guest", "n5")]), StructuralCondition.Placement, ViolationKind.WrongReplicaCount));
        Assert.Equal(("web", "replicas", 1L, 2L), (v.Witness.Service, v.Witness.Quantity, v.Witness.Measured, v.Witness.Bound));
    }

    [Fact]
    public void W1_DuplicateNodeInPlacement_ReportsNodeAndCount()
    {
        var config = s.Config([new Placement("web", ["n1", "n1"]), Place("db", "n4"), Place("guest", "n5")]);
        var report = s.Check(config);
        Assert.All(report.Violations, v => Assert.Equal(StructuralCondition.Placement, v.Intent));
        var duplicate = Assert.Single(report.Violations, v => v.Kind == ViolationKind.DuplicateNode);
        Assert.Equal(("web", "n1"), (duplicate.Witness.Service, duplicate.Witness.Node));
        Assert.Contains(report.Violations, v => v.Kind == ViolationKind.WrongReplicaCount && v.Witness.Measured == 1);
    }

    [Fact]
    public void W1_UnknownNodeAndService_AreReported()
    {
        var config = s.Config([Place("web", "n1", "nX"), Place("db", "n4"), Place("guest", "n5"), Place("ghost", "n1")]);
        var report = s.Check(config);
        Assert.All(report.Violations, v => Assert.Equal(StructuralCondition.Placement, v.Intent));
        Assert.Equal([ViolationKind.UnknownService, ViolationKind.UnknownNode], report.Violations.Select(v => v.Kind));
        Assert.Equal("ghost", report.Violations[0].Witness.Service);
        Assert.Equal(("web", "nX"), (report.Violations[1].Witness.Service, report.Violations[1].Witness.Node));
    }

    [Fact]
    public void W1_ServicePlacedTwice_ReportsDuplicatePlacement()
    {
        var v = Assert.Single(s.AssertViolates(s.Config([.. Baseline(), Place("db", "n3")]), StructuralCondition.Placement, ViolationKind.DuplicatePlacement));
        Assert.Equal("db", v.Witness.Service);
    }

    // ---- W2 ----

    [Fact]
    public void W2_ExactFit_IsCompliant()
    {
        // db asks for exactly n5's 1 CPU and 1Gi.
        s.AssertCompliant(s.Config([Place("web", "n1", "n3"), Place("db", "n5"), Place("guest", "n4")]));
    }

    [Fact]
    public void W2_OverCommittedNode_ReportsCpuAndMemoryWithMeasuredAndBound()
    {
        var report = s.Check(s.Config([Place("web", "n1", "n3"), Place("db", "n5"), Place("guest", "n5")]));
        Assert.Equal([ViolationKind.CpuOverCapacity, ViolationKind.MemoryOverCapacity], report.Violations.Select(v => v.Kind));
        Assert.All(report.Violations, v => Assert.Equal((StructuralCondition.Capacity, "n5"), (v.Intent, v.Witness.Node)));
        Assert.Equal((1250L, 1000L), (report.Violations[0].Witness.Measured, report.Violations[0].Witness.Bound));
        Assert.Equal((1342177280L, 1073741824L), (report.Violations[1].Witness.Measured, report.Violations[1].Witness.Bound));
    }

    // ---- W3 ----

    [Fact]
    public void W3_MissingRoute_ReportsPair()
    {
        var config = s.Config(Baseline());
        config = config with { Routes = config.Routes.Where(r => r.SourceNode != "n3").ToImmutableArray() };
        var v = Assert.Single(s.AssertViolates(config, StructuralCondition.Routing, ViolationKind.MissingRoute));
        Assert.Equal(("q", "n3", "n4"), (v.Witness.Flow, v.Witness.SourceNode, v.Witness.TargetNode));
    }

    [Fact]
    public void W3_RouteForPairThatDoesNotExist_IsUnexpected()
    {
        var v = Assert.Single(s.AssertViolates(s.Config(Baseline(), s.Route("q", "n2", "n4", "s1", "s3")), StructuralCondition.Routing, ViolationKind.UnexpectedRoute));
        Assert.Equal(("q", "n2", "n4"), (v.Witness.Flow, v.Witness.SourceNode, v.Witness.TargetNode));
    }

    [Fact]
    public void W3_UnknownFlowUnknownNodeAndDuplicateRoute_AreReported()
    {
        var config = s.Config(Baseline());
        config = config with
        {
            Routes = config.Routes.AddRange(s.Route("zz", "n1", "n4", "s1", "s3"), new Route("q", "nX", "n4", ["s1", "s3"], []), config.Routes[0]),
        };
        var kinds = s.Check(config).Violations.Select(v => v.Kind).ToList();
        Assert.Equal([ViolationKind.UnknownFlow, ViolationKind.UnknownRouteNode, ViolationKind.DuplicateRoute], kinds);
    }

    [Fact]
    public void W3_EmptyRouteBetweenReplicasOnOneNode_IsCompliant()
    {
        var config = s.Config(Baseline(dbNode: "n3"));
        Assert.Contains(config.Routes, r => r.SourceNode == "n3" && r.TargetNode == "n3" && r.Devices.IsEmpty && r.Hops.IsEmpty);
        s.AssertCompliant(config);
    }

    [Fact]
    public void W3_NonEmptyRouteOnOneNode_IsReported()
    {
        var v = Assert.Single(s.AssertViolates(s.Config(Baseline(dbNode: "n3"), s.Route("q", "n3", "n3", "s2")), StructuralCondition.Routing, ViolationKind.NonEmptyRouteOnSameNode));
        Assert.Equal(["s2"], v.Witness.DevicePath.ToArray());
    }

    [Fact]
    public void W3_EmptyRouteBetweenDifferentNodes_IsReported()
    {
        var v = Assert.Single(s.AssertViolates(s.Config(Baseline(), new Route("q", "n1", "n4", [], [])), StructuralCondition.Routing, ViolationKind.EmptyRoute));
        Assert.Equal(("n1", "n4"), (v.Witness.SourceNode, v.Witness.TargetNode));
    }

    [Fact]
    public void W3_SameDeviceRoute_IsOneDeviceAndNoHop()
    {
        // n1 and n2 are both attached to s1.
        var config = s.Config([Place("web", "n1", "n3"), Place("db", "n2"), Place("guest", "n5")]);
        Assert.Contains(config.Routes, r => r.SourceNode == "n1" && r.Devices.SequenceEqual(["s1"]) && r.Hops.IsEmpty);
        s.AssertCompliant(config);
    }

    [Fact]
    public void W3_RouteRevisitingADevice_IsNotSimple()
    {
        var config = s.Config([Place("web", "n1", "n3"), Place("db", "n2"), Place("guest", "n5")], s.Route("q", "n1", "n2", "s1", "s2", "s1"));
        var v = Assert.Single(s.AssertViolates(config, StructuralCondition.Routing, ViolationKind.RepeatedDevice));
        Assert.Equal("s1", v.Witness.Device);
        Assert.Equal(["s1", "s2", "s1"], v.Witness.DevicePath.ToArray());
    }

    [Fact]
    public void W3_RouteFromTheWrongDevices_ReportsFirstAndLast()
    {
        var config = s.Config(Baseline(), s.Route("q", "n1", "n4", "s2", "s4"));
        var report = s.AssertViolates(config, StructuralCondition.Routing, kind: null);
        Assert.Equal([ViolationKind.WrongFirstDevice, ViolationKind.WrongLastDevice], report.Select(v => v.Kind));
        Assert.Equal(["s2", "s4"], report.Select(v => v.Witness.Device));
    }

    [Fact]
    public void W3_UnknownDeviceAndHopsNotMatchingDevices_AreReported()
    {
        var route = new Route("q", "n1", "n4", ["s1", "sX", "s3"], [new Hop("s1", 3, "s3", 2)]);
        var report = s.AssertViolates(s.Config(Baseline(), route), StructuralCondition.Routing, kind: null);
        Assert.Contains(report, v => v.Kind == ViolationKind.UnknownDevice && v.Witness.Device == "sX");
        Assert.Contains(report, v => v.Kind == ViolationKind.HopMismatch && v.Witness.Measured == 1 && v.Witness.Bound == 2);
    }

    [Fact]
    public void W3_HopOnAWrongPortOrBetweenUnlinkedDevices_IsNotALink()
    {
        var wrongPort = new Route("q", "n1", "n4", ["s1", "s3"], [new Hop("s1", 9, "s3", 2)]);
        var v = Assert.Single(s.AssertViolates(s.Config(Baseline(), wrongPort), StructuralCondition.Routing, ViolationKind.UnknownLink));
        Assert.Equal("s1:9->s3:2", v.Witness.Link);

        var config = s.Config([Place("web", "n1", "n3"), Place("db", "n5"), Place("guest", "n4")], new Route("q", "n1", "n5", ["s1", "s4"], [new Hop("s1", 4, "s4", 3)]));
        Assert.Single(s.AssertViolates(config, StructuralCondition.Routing, ViolationKind.UnknownLink));
    }

    [Fact]
    public void W3_HopInTheWrongDirection_IsReported()
    {
        // The cable exists, but s3:2->s1:3 leaves s3: listed on a route from s1 it does not join s1 to s3.
        var route = new Route("q", "n1", "n4", ["s1", "s3"], [new Hop("s3", 2, "s1", 3)]);
        var v = Assert.Single(s.AssertViolates(s.Config(Baseline(), route), StructuralCondition.Routing, ViolationKind.HopMismatch));
        Assert.Equal("s3:2->s1:3", v.Witness.Link);
    }

    [Fact]
    public void W3_DevicesNamedByTheirOnosId_AreAccepted()
    {
        var route = new Route("q", "n1", "n4", ["of:0000000000000001", "of:0000000000000003"], [new Hop("of:0000000000000001", 3, "of:0000000000000003", 2)]);
        s.AssertCompliant(s.Config(Baseline(), route));
    }

    // ---- W4 ----

    private const string TwoFlows = """
        service a { image "r/a:1"; replicas 2; cpu 100m; memory 64Mi; ports 1; tenant t; clearance public; }
        service b { image "r/b:1"; replicas 1; cpu 100m; memory 64Mi; ports 2; tenant t; clearance public; }
        service c { image "r/c:1"; replicas 1; cpu 100m; memory 64Mi; ports 3; tenant t; clearance public; }

        """;

    [Fact]
    public void W4_TwoFlowsOnOneDirectedLink_ShareItsCapacity()
    {
        var w = new CheckerScenario(string.Empty, declarations: TwoFlows + "flow f1: a -> b bandwidth 60Mbps;\nflow f2: c -> b bandwidth 60Mbps;\n");
        var slow = new Hop("s1", 2, "s2", 2);
        var config = w.Config([Place("a", "n1", "n2"), Place("b", "n3"), Place("c", "n1")],
            RouteVia("f1", "n1", "n3", slow), RouteVia("f1", "n2", "n3", slow), RouteVia("f2", "n1", "n3", slow));
        var v = Assert.Single(w.AssertViolates(config, StructuralCondition.Bandwidth, ViolationKind.BandwidthExceeded));
        Assert.Equal(("s1:2->s2:2", 120_000_000L, 100_000_000L), (v.Witness.Link, v.Witness.Measured, v.Witness.Bound));
    }

    [Fact]
    public void W4_OneFlowReservesOncePerLink_AndOppositeDirectionsDoNotShare()
    {
        var w = new CheckerScenario(string.Empty, declarations: TwoFlows + "flow f1: a -> b bandwidth 60Mbps;\nflow f2: b -> c bandwidth 60Mbps;\n");
        // f1's two routes both use s1:2->s2:2 (60Mbps once); f2 uses the same cable the other way.
        var config = w.Config([Place("a", "n1", "n2"), Place("b", "n3"), Place("c", "n1")],
            RouteVia("f1", "n1", "n3", new Hop("s1", 2, "s2", 2)), RouteVia("f1", "n2", "n3", new Hop("s1", 2, "s2", 2)),
            RouteVia("f2", "n3", "n1", new Hop("s2", 2, "s1", 2)));
        w.AssertCompliant(config);
    }

    // ---- W3: routes flow rules can tell apart ----

    [Fact]
    public void W3_PortlessFlowBack_MustRetraceTheForwardRoute()
    {
        var back = new CheckerScenario(string.Empty, declarations: CheckerScenario.Declarations + "flow back: db -> web bandwidth 1Mbps;\n");
        var retraced = back.Config(Baseline(), back.Route("q", "n1", "n4", "s1", "s3"), back.Route("back", "n4", "n1", "s3", "s1"));
        back.AssertCompliant(retraced);

        var detour = back.Config(Baseline(), back.Route("q", "n1", "n4", "s1", "s3"), back.Route("back", "n4", "n1", "s3", "s2", "s1"));
        var v = Assert.Single(back.AssertViolates(detour, StructuralCondition.Routing, ViolationKind.IndistinguishableRoutes));
        Assert.Equal(("q", "n1", "n4"), (v.Witness.Flow, v.Witness.SourceNode, v.Witness.TargetNode));
        Assert.Contains("'back'", v.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void W3_SameDirection_OnlyDifferentPortsMayTakeDifferentPaths()
    {
        string Declarations(string port) => CheckerScenario.Declarations.Replace("ports 5432;", "ports 5432, 6000;", StringComparison.Ordinal) + $"flow audit: web -> db bandwidth 1Mbps{port};\n";
        Configuration Split(CheckerScenario s) => s.Config(Baseline(), s.Route("q", "n1", "n4", "s1", "s3"), s.Route("audit", "n1", "n4", "s1", "s2", "s3"));

        var otherPort = new CheckerScenario(string.Empty, declarations: Declarations(" port 6000"));
        otherPort.AssertCompliant(Split(otherPort));
        foreach (var port in new[] { string.Empty, " port 5432" })
        {
            var s = new CheckerScenario(string.Empty, declarations: Declarations(port));
            Assert.Single(s.AssertViolates(Split(s), StructuralCondition.Routing, ViolationKind.IndistinguishableRoutes));
        }
    }

    // ---- without routes (privc check without --flows) ----

    [Fact]
    public void WithoutRoutes_MissingRoutesAreNotJudged_PlacementAndIsolationAre()
    {
        var unrouted = new Configuration(Baseline().ToImmutableArray(), [], s.DeclaredAllowed());
        Assert.Contains(s.Check(unrouted).Violations, v => v.Kind == ViolationKind.MissingRoute);
        Assert.Empty(ConfigurationChecker.CheckWithoutRoutes(s.Program, s.Topology, unrouted).Violations);

        var widened = new Configuration([Place("web", "n1"), Place("db", "n4"), Place("guest", "n5")], [], [.. s.DeclaredAllowed(), new AllowedFlow("guest", "db", null)]);
        var report = ConfigurationChecker.CheckWithoutRoutes(s.Program, s.Topology, widened);
        Assert.Equal([ViolationKind.WrongReplicaCount, ViolationKind.UndeclaredFlowAllowed], report.Violations.Select(v => v.Kind));
        Assert.DoesNotContain(report.Violations, v => v.Intent == StructuralCondition.Routing);
    }

    // ---- W5 ----

    [Fact]
    public void W5_DeclaredFlowNotAllowed_IsReported()
    {
        var v = Assert.Single(s.AssertViolates(s.Config(Baseline(), [], []), StructuralCondition.Isolation, ViolationKind.FlowNotAllowed));
        Assert.Equal(("q", "web", "db", "5432"), (v.Witness.Flow, v.Witness.Service, v.Witness.OtherService, v.Witness.Port));
    }

    [Fact]
    public void W5_ExtraOrWrongPortTriples_AreReported()
    {
        var extra = s.Config(Baseline(), [], [new AllowedFlow("web", "db", 5432), new AllowedFlow("db", "web", 5432)]);
        var v = Assert.Single(s.AssertViolates(extra, StructuralCondition.Isolation, ViolationKind.UndeclaredFlowAllowed));
        Assert.Equal(("db", "web", "5432"), (v.Witness.Service, v.Witness.OtherService, v.Witness.Port));

        var wrongPort = s.Check(s.Config(Baseline(), [], [new AllowedFlow("web", "db", 80)]));
        Assert.Equal([ViolationKind.FlowNotAllowed, ViolationKind.UndeclaredFlowAllowed], wrongPort.Violations.Select(x => x.Kind));
    }

    [Fact]
    public void W5_StarTripleForAFlowWithAPort_AllowsItButAllowsTooMuch()
    {
        var v = Assert.Single(s.AssertViolates(s.Config(Baseline(), [], [new AllowedFlow("web", "db", null)]), StructuralCondition.Isolation, ViolationKind.UndeclaredFlowAllowed));
        Assert.Equal("*", v.Witness.Port);
    }

    [Fact]
    public void W5_FlowWithoutPort_NeedsStarAndJustifiesAnyPort()
    {
        var w = new CheckerScenario(string.Empty, declarations: TwoFlows + "flow f1: a -> b;\n");
        Placement[] placed = [Place("a", "n1", "n2"), Place("b", "n3"), Place("c", "n4")];
        w.AssertCompliant(w.Config(placed, [], [new AllowedFlow("a", "b", null)]));
        w.AssertCompliant(w.Config(placed, [], [new AllowedFlow("a", "b", null), new AllowedFlow("a", "b", 8080)]));
        var v = Assert.Single(w.AssertViolates(w.Config(placed, [], [new AllowedFlow("a", "b", 8080)]), StructuralCondition.Isolation, ViolationKind.FlowNotAllowed));
        Assert.Equal(("f1", "*"), (v.Witness.Flow, v.Witness.Port));
    }

    [Fact]
    public void Check_ManyViolations_AreSortedByConditionThenKind()
    {
        var config = new Configuration([Place("web", "n1"), Place("db", "n5"), Place("guest", "n5")], [], []);
        var report = s.Check(config);
        Assert.Equal([StructuralCondition.Placement, StructuralCondition.Capacity, StructuralCondition.Capacity, StructuralCondition.Routing, StructuralCondition.Isolation],
            report.Violations.Select(v => v.Intent));
        Assert.Equal(report.Violations.ToArray(), s.Check(config with { Placements = config.Placements.Reverse().ToImmutableArray() }).Violations.ToArray());
    }
}
