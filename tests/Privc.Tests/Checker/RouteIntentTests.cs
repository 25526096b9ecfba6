using Privc.Checking;
using static Privc.Tests.Checker.CheckerScenario;

namespace Privc.Tests.Checker;

/// <summary>
/// route intents (specs/semantics.md section 5) on flow q: web (n1 on s1, n3 on s2) -> db (n5 on s4), unless a
/// test places db elsewhere. Paths to s4: s1-s2-s4 (1ms + 3ms, the last link unlabelled), s1-s3-s4 (10ms + 2ms),
/// s1-s2-s3-s4 (1ms + 5ms + 2ms, all encrypted).
/// </summary>
public class RouteIntentTests
{
    private static readonly Placement[] ToN5 = [Place("web", "n1", "n3"), Place("db", "n5"), Place("guest", "n4")];

    private static Configuration Routes(CheckerScenario s, string[] fromN1, string[] fromN3) =>
        s.Config(ToN5, s.Route("q", "n1", "n5", fromN1), s.Route("q", "n3", "n5", fromN3));

    [Fact]
    public void AvoidDevices_ByLevelComparison_ReportsDeviceOnEveryRoute()
    {
        var s = new CheckerScenario("intent safe: route q avoid devices where trust < medium;");
        s.AssertCompliant(Routes(s, ["s1", "s2", "s4"], ["s2", "s4"]));
        var report = s.AssertViolates(Routes(s, ["s1", "s3", "s4"], ["s2", "s3", "s4"]), "safe", ViolationKind.AvoidedDeviceUsed);
        Assert.Equal([("n1", "s3"), ("n3", "s3")], report.Select(v => (v.Witness.SourceNode!, v.Witness.Device!)));
        Assert.Equal(["s1", "s3", "s4"], report[0].Witness.DevicePath.ToArray());
    }

    [Fact]
    public void AvoidNamedDevices_IsAvoidByName()
    {
        var s = new CheckerScenario("intent safe: route q avoid s3, s1;");
        var report = s.AssertViolates(Routes(s, ["s1", "s2", "s4"], ["s2", "s4"]), "safe", ViolationKind.AvoidedDeviceUsed);
        Assert.Equal("s1", Assert.Single(report).Witness.Device);
    }

    [Fact]
    public void AvoidLinks_ParallelCables_OnlyTheMatchingOneIsAvoided()
    {
        var s = new CheckerScenario("intent enc: route q avoid links where not encrypted;");
        Placement[] toN3 = [Place("web", "n1", "n2"), Place("db", "n3"), Place("guest", "n4")];
        var encrypted = new Hop("s1", 1, "s2", 1);
        var plain = new Hop("s1", 2, "s2", 2);
        s.AssertCompliant(s.Config(toN3, RouteVia("q", "n1", "n3", encrypted), RouteVia("q", "n2", "n3", encrypted)));
        var v = Assert.Single(s.AssertViolates(s.Config(toN3, RouteVia("q", "n1", "n3", encrypted), RouteVia("q", "n2", "n3", plain)), "enc", ViolationKind.AvoidedLinkUsed));
        Assert.Equal(("n2", "s1:2->s2:2"), (v.Witness.SourceNode, v.Witness.Link));
    }

    [Fact]
    public void OverLinks_UnlabelledLinkIsNotEncrypted()
    {
        var s = new CheckerScenario("intent enc: route q over links where encrypted;");
        s.AssertCompliant(Routes(s, ["s1", "s2", "s3", "s4"], ["s2", "s3", "s4"]));
        var v = Assert.Single(s.AssertViolates(Routes(s, ["s1", "s2", "s3", "s4"], ["s2", "s4"]), "enc", ViolationKind.LinkNotPermitted));
        Assert.Equal(("n3", "s2:4->s4:2"), (v.Witness.SourceNode, v.Witness.Link));
    }

    [Fact]
    public void Through_WaypointsInOrder_IsCompliant()
    {
        var s = new CheckerScenario("intent chain: route q through devices where role == firewall then devices where role == anonymiser;");
        s.AssertCompliant(Routes(s, ["s1", "s2", "s3", "s4"], ["s2", "s3", "s4"]));
    }

    [Fact]
    public void Through_WaypointsVisitedInTheWrongOrder_ReportsTheMissingOne()
    {
        var s = new CheckerScenario("intent chain: route q through devices where role == firewall then devices where role == anonymiser;");
        var v = Assert.Single(s.AssertViolates(Routes(s, ["s1", "s3", "s2", "s4"], ["s2", "s3", "s4"]), "chain", ViolationKind.MissingWaypoint));
        Assert.Equal(("n1", "role == anonymiser"), (v.Witness.SourceNode, v.Witness.MissingWaypoint));
        Assert.Equal(["s1", "s3", "s2", "s4"], v.Witness.DevicePath.ToArray());
    }

    [Fact]
    public void Through_SameWaypointTwice_NeedsTwoPositions()
    {
        var s = new CheckerScenario("intent twice: route q through s2 then s2;");
        var report = s.AssertViolates(Routes(s, ["s1", "s2", "s4"], ["s2", "s4"]), "twice", ViolationKind.MissingWaypoint);
        Assert.Equal(2, report.Length);
    }

    [Fact]
    public void Through_EmptyRoute_PassesNoWaypoint()
    {
        var s = new CheckerScenario("intent fw: route q through s2;");
        // web and db share n3: that route is empty. The other replica's route passes s2.
        var config = s.Config([Place("web", "n1", "n3"), Place("db", "n3"), Place("guest", "n4")]);
        var v = Assert.Single(s.AssertViolates(config, "fw", ViolationKind.MissingWaypoint));
        Assert.Equal(("n3", "n3", "name == s2"), (v.Witness.SourceNode, v.Witness.TargetNode, v.Witness.MissingWaypoint));
        Assert.True(v.Witness.DevicePath.IsEmpty);
    }

    [Fact]
    public void Through_SameDeviceRoute_PassesOnlyThatDevice()
    {
        var s = new CheckerScenario("intent fw: route q through s1;");
        var config = s.Config([Place("web", "n1", "n3"), Place("db", "n2"), Place("guest", "n4")]);
        s.AssertCompliant(config);
        var other = new CheckerScenario("intent fw: route q through s2;");
        var v = Assert.Single(other.AssertViolates(other.Config([Place("web", "n1", "n3"), Place("db", "n2"), Place("guest", "n4")]), "fw", ViolationKind.MissingWaypoint));
        Assert.Equal(["s1"], v.Witness.DevicePath.ToArray());
    }

    [Fact]
    public void Within_DeviceLackingTheKey_IsOutside_WhateverTheNegation()
    {
        foreach (var within in new[] { "jurisdiction != US", "not (jurisdiction == US)" })
        {
            var s = new CheckerScenario($"intent w: route q within {within};");
            var report = s.AssertViolates(Routes(s, ["s1", "s2", "s4"], ["s2", "s4"]), "w", ViolationKind.DeviceOutsideRegion);
            Assert.All(report, v => Assert.Equal("s4", v.Witness.Device));
            Assert.Equal(2, report.Length);
        }
    }

    [Fact]
    public void Avoid_DeviceLackingTheKey_IsNotTrustedToBeOutsideTheAvoidedSet()
    {
        // s1 and s4 have no role label: `avoid devices where role == anonymiser` must not let them through.
        var s = new CheckerScenario("intent a: route q avoid devices where role == anonymiser;");
        var report = s.AssertViolates(Routes(s, ["s1", "s2", "s4"], ["s2", "s4"]), "a", ViolationKind.AvoidedDeviceUsed);
        Assert.Contains(report, v => v.Witness.Device == "s4" && v.Message.Contains("never trusted", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<= 4ms", true)]
    [InlineData("< 4ms", false)]
    [InlineData("< 4001us", true)]
    public void Latency_BoundIsInclusiveOrStrict(string bound, bool holds)
    {
        var s = new CheckerScenario($"intent fast: route q latency {bound};");
        // s1-s2-s4 is 1ms + 3ms = 4000us; s2-s4 is 3000us.
        var report = s.Check(Routes(s, ["s1", "s2", "s4"], ["s2", "s4"]));
        Assert.Equal(holds, report.Compliant);
        if (!holds)
        {
            var v = Assert.Single(report.Violations);
            Assert.Equal(("fast", ViolationKind.LatencyExceeded, "n1", 4000L, 3999L), (v.Intent, v.Kind, v.Witness.SourceNode, v.Witness.Measured, v.Witness.Bound));
        }
    }

    [Fact]
    public void Latency_ParallelCablesHaveTheirOwnLatency()
    {
        var s = new CheckerScenario("intent fast: route q latency <= 600us;");
        Placement[] toN3 = [Place("web", "n1", "n2"), Place("db", "n3"), Place("guest", "n4")];
        s.AssertCompliant(s.Config(toN3, RouteVia("q", "n1", "n3", new Hop("s1", 2, "s2", 2)), RouteVia("q", "n2", "n3", new Hop("s1", 2, "s2", 2))));
        var v = Assert.Single(s.AssertViolates(s.Config(toN3, RouteVia("q", "n1", "n3", new Hop("s1", 1, "s2", 1)), RouteVia("q", "n2", "n3", new Hop("s1", 2, "s2", 2))), "fast", ViolationKind.LatencyExceeded));
        Assert.Equal((1000L, 600L), (v.Witness.Measured, v.Witness.Bound));
    }

    [Theory]
    [InlineData("hops <= 1", false)]
    [InlineData("hops < 3", true)]
    [InlineData("hops <= 2", true)]
    public void Hops_CountLinks(string bound, bool holds)
    {
        var s = new CheckerScenario($"intent short: route q {bound};");
        var report = s.Check(Routes(s, ["s1", "s2", "s4"], ["s2", "s4"]));
        Assert.Equal(holds, report.Compliant);
        if (!holds)
        {
            var v = Assert.Single(report.Violations);
            Assert.Equal((ViolationKind.TooManyHops, 2L, 1L), (v.Kind, v.Witness.Measured, v.Witness.Bound));
        }
    }

    [Fact]
    public void RouteIntent_SeveralConstraints_AreEachReported()
    {
        var s = new CheckerScenario("intent all: route q avoid devices where role == anonymiser, over links where encrypted, hops <= 2;");
        var report = s.AssertViolates(Routes(s, ["s1", "s2", "s3", "s4"], ["s2", "s4"]), "all", kind: null);
        // s3 is the anonymiser; s1 and s4 have no role label, so they are not known to be safe to pass either.
        Assert.Equal([ViolationKind.AvoidedDeviceUsed, ViolationKind.LinkNotPermitted, ViolationKind.TooManyHops], report.Select(v => v.Kind).Distinct());
        Assert.Equal(["s1", "s3", "s4"], report.Where(v => v.Kind == ViolationKind.AvoidedDeviceUsed).Select(v => v.Witness.Device!).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RouteIntent_FlowSelectors_PickTheirFlows()
    {
        var s = new CheckerScenario("intent sel: route flows carrying Vitals avoid s3;");
        var v = Assert.Single(s.AssertViolates(Routes(s, ["s1", "s3", "s4"], ["s2", "s4"]), "sel", ViolationKind.AvoidedDeviceUsed));
        Assert.Equal("q", v.Witness.Flow);
    }

    [Fact]
    public void IntentsAndStructure_AreReportedTogether_InProgramOrder()
    {
        var s = new CheckerScenario("intent a_fast: route q latency <= 1ms;\nintent b_safe: place db on tee;");
        var report = s.Check(Routes(s, ["s1", "s2", "s4"], ["s2", "s4"]) with { Allowed = [] });
        Assert.Equal([StructuralCondition.Isolation, "a_fast", "a_fast", "b_safe"], report.Violations.Select(v => v.Intent));
        Assert.Equal([StructuralCondition.Isolation, "a_fast", "b_safe"], report.ViolatedIntents.ToArray());
    }
}
