using Privc.Checking;
using static Privc.Tests.Checker.CheckerScenario;

namespace Privc.Tests.Checker;

/// <summary>place, keep, separate, colocate, dedicate and spread (specs/semantics.md section 5) on the scenario topology.</summary>
public class PlacementIntentTests
{
    private static Placement[] With(string web1, string web2, string db, string guest) =>
        [Place("web", web1, web2), Place("db", db), Place("guest", guest)];

    // ---- place ----

    [Fact]
    public void Place_AllReplicasOnMatchingNodes_IsCompliant()
    {
        var s = new CheckerScenario("intent tee_only: place web on tee;");
        s.AssertCompliant(s.Config(With("n1", "n3", "n4", "n5")));
    }

    [Fact]
    public void Place_ReplicaOnFailingNode_ReportsServiceAndNode()
    {
        var s = new CheckerScenario("intent tee_only: place web on tee;");
        var v = Assert.Single(s.AssertViolates(s.Config(With("n1", "n2", "n4", "n5")), "tee_only", ViolationKind.NodeFailsPredicate));
        Assert.Equal(("web", "n2"), (v.Witness.Service, v.Witness.Node));
        Assert.Contains("tee", v.Message);
    }

    [Theory]
    [InlineData("jurisdiction != US")]
    [InlineData("jurisdiction not in {US}")]
    [InlineData("tee")]
    [InlineData("zone == a or zone != a")]
    public void Place_NodeLackingTheKey_FailsEveryAtomicTest(string predicate)
    {
        // n5 has no jurisdiction and no zone; its tee is false. An unknown fact is never trusted.
        var s = new CheckerScenario($"intent p: place db on {predicate};");
        var v = Assert.Single(s.AssertViolates(s.Config(With("n1", "n3", "n5", "n4")), "p", ViolationKind.NodeFailsPredicate));
        Assert.Equal(("db", "n5"), (v.Witness.Service, v.Witness.Node));
    }

    [Theory]
    [InlineData("not (jurisdiction == US)")]
    [InlineData("not (jurisdiction in {US, AU})")]
    public void Place_ExplicitNot_KeepsAMissingFactUnknown_AndUnknownIsNotTrusted(string predicate)
    {
        // n5 lacks jurisdiction and tee: `not` of an unknown test is unknown, and place needs the predicate known true.
        var s = new CheckerScenario($"intent p: place db on {predicate};");
        var v = Assert.Single(s.AssertViolates(s.Config(With("n1", "n3", "n5", "n4")), "p", ViolationKind.NodeFailsPredicate));
        Assert.Equal(("db", "n5"), (v.Witness.Service, v.Witness.Node));
        Assert.Contains("an unknown fact is never trusted", v.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Place_NotOfAKnownFalseFact_Holds_ButNotOfAMissingOne()
    {
        // n5 has tee: false, so `not tee` is known true there; n4 has no tee label at all.
        var s = new CheckerScenario("intent p: place db on not tee;");
        s.AssertCompliant(s.Config(With("n1", "n3", "n5", "n4")));
        var v = Assert.Single(s.AssertViolates(s.Config(With("n1", "n3", "n4", "n5")), "p", ViolationKind.NodeFailsPredicate));
        Assert.Equal("n4", v.Witness.Node);
    }

    [Theory]
    [InlineData("cost <= 0.5", "n3", true)]
    [InlineData("cost <= 0.5", "n4", true)]
    [InlineData("cost <= 0.5", "n1", false)]
    [InlineData("cost > 0.25", "n4", false)]
    [InlineData("memory >= 8Gi", "n3", true)]
    [InlineData("memory >= 8Gi", "n5", false)]
    [InlineData("cpu < 2", "n5", true)]
    [InlineData("cpu < 2", "n2", false)]
    public void Place_NumbersAndQuantities_CompareByValue(string predicate, string node, bool holds)
    {
        var s = new CheckerScenario($"intent p: place db on {predicate};");
        var guest = node == "n4" ? "n5" : "n4";
        var report = s.Check(s.Config([Place("web", "n1", "n3"), Place("db", node), Place("guest", guest)]));
        Assert.Equal(holds, report.Compliant);
        Assert.All(report.Violations, v => Assert.Equal(("p", "db", node), (v.Intent, v.Witness.Service, v.Witness.Node)));
    }

    // ---- keep ----

    private const string KeepAu = "intent k: keep Vitals within jurisdiction == AU over links where encrypted;";

    [Fact]
    public void Keep_HoldersAndRoutesInside_IsCompliant()
    {
        // web holds Vitals, db receives it undeclassified; guest (elsewhere) does not hold it.
        var s = new CheckerScenario(KeepAu);
        s.AssertCompliant(s.Config(With("n1", "n2", "n3", "n4")));
    }

    [Fact]
    public void Keep_ParallelUnencryptedCable_ReportsThatLinkOnly()
    {
        var s = new CheckerScenario(KeepAu);
        var config = s.Config(With("n1", "n2", "n3", "n4"), RouteVia("q", "n1", "n3", new Hop("s1", 2, "s2", 2)));
        var v = Assert.Single(s.AssertViolates(config, "k", ViolationKind.KeepLinkOutside));
        Assert.Equal(("q", "n1", "n3", "s1:2->s2:2"), (v.Witness.Flow, v.Witness.SourceNode, v.Witness.TargetNode, v.Witness.Link));
        Assert.Equal(["s1", "s2"], v.Witness.DevicePath.ToArray());
    }

    [Fact]
    public void Keep_HolderAbroad_ReportsNodeDevicesAndLinks()
    {
        var s = new CheckerScenario(KeepAu);
        var report = s.AssertViolates(s.Config(With("n1", "n2", "n4", "n3")), "k", kind: null);
        Assert.Contains(report, v => v.Kind == ViolationKind.KeepNodeOutside && v.Witness is { Service: "db", Node: "n4" });
        Assert.Contains(report, v => v.Kind == ViolationKind.KeepDeviceOutside && v.Witness is { Flow: "q", SourceNode: "n1", Device: "s3" });
        Assert.Contains(report, v => v.Kind == ViolationKind.KeepLinkOutside && v.Witness is { Flow: "q", Link: "s1:3->s3:2" });
    }

    [Fact]
    public void Keep_DeviceLackingTheKey_IsOutside_WhateverTheNegation()
    {
        // n5 and s4 lack jurisdiction: neither `!= US` nor `not (== US)` is known to hold there.
        foreach (var within in new[] { "jurisdiction != US", "not (jurisdiction == US)" })
        {
            var s = new CheckerScenario($"intent k: keep Vitals within {within};");
            var report = s.AssertViolates(s.Config(With("n1", "n3", "n5", "n4"), s.Route("q", "n1", "n5", "s1", "s2", "s4"), s.Route("q", "n3", "n5", "s2", "s4")), "k", kind: null);
            Assert.Contains(report, v => v.Kind == ViolationKind.KeepNodeOutside && v.Witness.Node == "n5");
            Assert.Contains(report, v => v.Kind == ViolationKind.KeepDeviceOutside && v.Witness.Device == "s4");
        }
    }

    private const string Anonymised = """
        levels public < internal < confidential < restricted;
        data Vitals: restricted tags PHI;
        service web { image "r/web:1"; replicas 1; cpu 100m; memory 64Mi; ports 80; tenant h; handles Vitals; clearance restricted; }
        service anon { image "r/anon:1"; replicas 1; cpu 100m; memory 64Mi; ports 7000; tenant h; clearance restricted; }
        service research { image "r/res:1"; replicas 1; cpu 100m; memory 64Mi; ports 8443; tenant u; clearance internal; }
        flow f1: web -> anon carries Vitals port 7000;
        flow f2: anon -> research carries Vitals port 8443;
        intent anonymise: declassify Vitals to internal via anon;

        """;

    [Fact]
    public void Keep_DeclassifiedData_IsNotConstrained()
    {
        var s = new CheckerScenario("intent k: keep data tagged PHI within jurisdiction == AU;", declarations: Anonymised);
        // research (US) receives Vitals only at internal, over a route through the US switch.
        s.AssertCompliant(s.Config([Place("web", "n1"), Place("anon", "n3"), Place("research", "n4")]));
        var report = s.AssertViolates(s.Config([Place("web", "n1"), Place("anon", "n4"), Place("research", "n3")]), "k", kind: null);
        Assert.Contains(report, v => v.Kind == ViolationKind.KeepNodeOutside && v.Witness is { Service: "anon", Node: "n4" });
        Assert.Contains(report, v => v.Kind == ViolationKind.KeepDeviceOutside && v.Witness is { Flow: "f1", Device: "s3" });
        Assert.DoesNotContain(report, v => v.Witness.Flow == "f2" || v.Witness.Service == "research");
    }

    // ---- separate ----

    [Fact]
    public void Separate_ByNode_SharedNodeIsReportedOnce()
    {
        var s = new CheckerScenario("intent sep: separate web from guest;");
        s.AssertCompliant(s.Config(With("n1", "n3", "n4", "n5")));
        var v = Assert.Single(s.AssertViolates(s.Config(With("n1", "n3", "n4", "n1")), "sep", ViolationKind.ScopeShared));
        Assert.Equal(("guest", "n1", "web", "n1"), (v.Witness.Service, v.Witness.Node, v.Witness.OtherService, v.Witness.OtherNode));
    }

    [Fact]
    public void Separate_ByZone_SameZoneIsReported()
    {
        var s = new CheckerScenario("intent sep: separate web from guest by zone;");
        s.AssertCompliant(s.Config(With("n1", "n3", "n5", "n4")));
        var v = Assert.Single(s.AssertViolates(s.Config(With("n1", "n3", "n4", "n2")), "sep", ViolationKind.ScopeShared));
        Assert.Equal(("guest", "n2", "web", "n1"), (v.Witness.Service, v.Witness.Node, v.Witness.OtherService, v.Witness.OtherNode));
    }

    [Fact]
    public void Separate_ByZoneMissingOnANode_DoesNotSeparate()
    {
        // n5 has no zone: it is not known to be in a different zone from n1 or n3.
        var s = new CheckerScenario("intent sep: separate web from guest by zone;");
        var report = s.AssertViolates(s.Config(With("n1", "n3", "n4", "n5")), "sep", ViolationKind.ScopeShared);
        Assert.Equal(["n1", "n3"], report.Select(v => v.Witness.OtherNode));
        Assert.All(report, v => Assert.Equal(("guest", "n5"), (v.Witness.Service, v.Witness.Node)));
    }

    [Fact]
    public void Separate_ServiceOnBothSides_SeparatesItsOwnReplicas()
    {
        var s = new CheckerScenario("intent sep: separate web from web by zone;");
        s.AssertCompliant(s.Config(With("n1", "n3", "n4", "n5")));
        var v = Assert.Single(s.AssertViolates(s.Config(With("n1", "n2", "n4", "n5")), "sep", ViolationKind.ScopeShared));
        Assert.Equal(("web", "n1", "web", "n2"), (v.Witness.Service, v.Witness.Node, v.Witness.OtherService, v.Witness.OtherNode));
    }

    [Fact]
    public void Separate_TenantSelector_CoversEveryServiceOfTheTenant()
    {
        var s = new CheckerScenario("intent sep: separate guest from tenant a;");
        var report = s.AssertViolates(s.Config(With("n1", "n3", "n4", "n4")), "sep", ViolationKind.ScopeShared);
        Assert.Equal(("db", "n4", "guest", "n4"), (report[0].Witness.Service, report[0].Witness.Node, report[0].Witness.OtherService, report[0].Witness.OtherNode));
    }

    // ---- colocate ----

    [Fact]
    public void Colocate_ByNode_EveryLeftReplicaNeedsARightReplicaOnItsNode()
    {
        var s = new CheckerScenario("intent co: colocate db with web;");
        s.AssertCompliant(s.Config(With("n1", "n3", "n3", "n5")));
        var v = Assert.Single(s.AssertViolates(s.Config(With("n1", "n3", "n4", "n5")), "co", ViolationKind.NotColocated));
        Assert.Equal(("db", "n4", "web"), (v.Witness.Service, v.Witness.Node, v.Witness.OtherService));
    }

    [Fact]
    public void Colocate_ByZone_MissingZoneNeverColocates()
    {
        var s = new CheckerScenario("intent co: colocate db with web by zone;");
        s.AssertCompliant(s.Config(With("n1", "n3", "n2", "n5")));
        var v = Assert.Single(s.AssertViolates(s.Config(With("n1", "n3", "n5", "n4")), "co", ViolationKind.NotColocated));
        Assert.Equal(("db", "n5"), (v.Witness.Service, v.Witness.Node));
        Assert.Contains("no zone", v.Message);
    }

    // ---- dedicate ----

    [Fact]
    public void Dedicate_AnotherTenantOnTheNode_IsReported_SameTenantIsNot()
    {
        var s = new CheckerScenario("intent ded: dedicate web;");
        s.AssertCompliant(s.Config(With("n1", "n3", "n1", "n4")));
        var v = Assert.Single(s.AssertViolates(s.Config(With("n1", "n3", "n4", "n1")), "ded", ViolationKind.DedicatedNodeShared));
        Assert.Equal(("web", "n1", "guest"), (v.Witness.Service, v.Witness.Node, v.Witness.OtherService));
    }

    // ---- spread ----

    [Theory]
    [InlineData("n1", "n3", true)]
    [InlineData("n1", "n2", false)]
    [InlineData("n1", "n5", false)]
    public void Spread_ExactlyKDistinctDefinedValues_IsEnough(string first, string second, bool holds)
    {
        var s = new CheckerScenario("intent sp: spread web across zone at least 2;");
        var report = s.Check(s.Config(With(first, second, "n4", first == "n5" || second == "n5" ? "n3" : "n5")));
        Assert.Equal(holds, report.Compliant);
        if (!holds)
        {
            var v = Assert.Single(report.Violations);
            Assert.Equal(("sp", ViolationKind.SpreadTooNarrow, "web", 1L, 2L), (v.Intent, v.Kind, v.Witness.Service, v.Witness.Measured, v.Witness.Bound));
        }
    }

    [Fact]
    public void Declassify_HasNoConditionOnConfigurations()
    {
        var s = new CheckerScenario(string.Empty, declarations: Anonymised);
        s.AssertCompliant(s.Config([Place("web", "n4"), Place("anon", "n5"), Place("research", "n1")]));
    }
}
