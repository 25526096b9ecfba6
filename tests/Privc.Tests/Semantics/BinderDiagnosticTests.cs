using Privc.Tests.Infrastructure;
using static Privc.Tests.Infrastructure.DiagnosticAssert;

namespace Privc.Tests.Semantics;

/// <summary>
/// Binding and typing errors (PRIV2xxx), each at the span the user must change. Sources extend a valid prelude
/// (ingest -> triage -> anon -> research, Vitals declassified by anon) and compile against hospital-au.
/// </summary>
public class BinderDiagnosticTests
{
    private const string P = FrontEndTestPrelude.Declarations;

    [Fact]
    public void Bind_Prelude_IsValid() => Reports(P);

    // ---- names ----

    [Theory]
    [CoversDiagnostic("PRIV2001")]
    [InlineData("data [Vitals]: internal;")]
    [InlineData("service [ingest] { image \"x\"; }")]
    [InlineData("flow [feed]: ingest -> research;")]
    [InlineData("intent [anonymise]: place ingest on tee;")]
    [InlineData("objective [anonymise]: minimize cost;")]
    public void Bind_DuplicateName_PointsAtTheSecond(string item)
    {
        var diagnostic = Assert.Single(Reports(P + item, "PRIV2001"));
        Assert.Contains("is already declared at test.priv:", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV2002")]
    public void Bind_UnknownService_SuggestsTheNearest()
    {
        var diagnostic = Assert.Single(Reports(P + "intent i: place [ingets] on tee;", "PRIV2002"));
        Assert.EndsWith("did you mean 'ingest'?", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV2002")]
    public void Bind_FlowBetweenUnknownServices_ReportsBothEnds() => Reports(P + "flow f: [a] -> [b];", "PRIV2002", "PRIV2002");

    [Fact]
    [CoversDiagnostic("PRIV2003")]
    public void Bind_UnknownData_InKeep() => Reports(P + "intent i: keep [Vitalz] within jurisdiction == AU;", "PRIV2003");

    [Fact]
    [CoversDiagnostic("PRIV2003")]
    public void Bind_UnknownData_InCarriesAndHandles() =>
        Reports(P + "service x { image \"x\"; handles [Nope]; }\nflow f: ingest -> x carries [Nada];", "PRIV2003", "PRIV2003");

    [Fact]
    [CoversDiagnostic("PRIV2004")]
    public void Bind_UnknownFlow_InRoute() => Reports(P + "intent i: route [fed] latency <= 10ms;", "PRIV2004");

    [Fact]
    [CoversDiagnostic("PRIV2005")]
    public void Bind_UnknownLevel_ListsTheLattice()
    {
        var diagnostic = Assert.Single(Reports(P + "data X: [secret];", "PRIV2005"));
        Assert.Contains("public < internal < confidential < restricted", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV2005")]
    public void Bind_UnknownClearance_IsUnknownLevel() => Reports(P + "service x { image \"x\"; clearance [topsecret]; }", "PRIV2005");

    [Fact]
    [CoversDiagnostic("PRIV2006")]
    public void Bind_SecondLevelsDeclaration_IsRejected() => Reports(P + "[levels low < high;]", "PRIV2006");

    [Fact]
    [CoversDiagnostic("PRIV2016")]
    public void Bind_UnknownTag_SuggestsAKnownOne()
    {
        var diagnostic = Assert.Single(Reports(P + "intent i: keep data tagged [PHY] within jurisdiction == AU;", "PRIV2016"));
        Assert.EndsWith("did you mean 'PHI'?", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV2017")]
    public void Bind_UnknownTenant_SuggestsAKnownOne()
    {
        var diagnostic = Assert.Single(Reports(P + "intent i: dedicate tenant [hospitl];", "PRIV2017"));
        Assert.EndsWith("did you mean 'hospital'?", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV2021")]
    public void Bind_UnknownDevice_InAvoidAndThrough() =>
        Reports(P + "intent i: route feed avoid [s9], through [s77];", "PRIV2021", "PRIV2021");

    [Fact]
    [CoversDiagnostic("PRIV2024")]
    public void Bind_UnknownMetric_IsReportedAtTheMetric() => Reports(P + "objective o: minimize [speed];", "PRIV2024");

    [Fact]
    [CoversDiagnostic("PRIV2024")]
    public void Bind_MaxOfCost_IsNotAMetric()
    {
        var diagnostic = Assert.Single(Reports(P + "objective o: minimize max [cost];", "PRIV2024"));
        Assert.Contains("'max cost'", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV2028")]
    public void Bind_LevelListedTwice_PointsAtTheRepeat() => Reports("levels low < mid < [low];", "PRIV2028");

    [Theory]
    [CoversDiagnostic("PRIV2033")]
    [InlineData("service [Web_1] { image \"x\"; }")]
    [InlineData("service [web.v2] { image \"x\"; }")]
    [InlineData("service x { image \"x\"; namespace [Team_A]; }")]
    public void Bind_InvalidKubernetesName_IsRejected(string item) => Reports(P + item, "PRIV2033");

    // ---- service properties and literals ----

    [Fact]
    [CoversDiagnostic("PRIV2007")]
    public void Bind_UnknownProperty_SuggestsTheNearest()
    {
        var diagnostic = Assert.Single(Reports(P + "service x { image \"x\"; [replica] 2; }", "PRIV2007"));
        Assert.Contains("did you mean 'replicas'?", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV2008")]
    public void Bind_PropertyGivenTwice_PointsAtTheSecond() => Reports(P + "service x { image \"x\"; replicas 1; [replicas] 2; }", "PRIV2008");

    [Fact]
    [CoversDiagnostic("PRIV2009")]
    public void Bind_ServiceWithoutImage_PointsAtTheServiceName() => Reports(P + "service [x] { replicas 1; }", "PRIV2009");

    [Theory]
    [CoversDiagnostic("PRIV2010")]
    [InlineData("service x { image [nginx]; }")]
    [InlineData("service x { image \"x\"; replicas [two]; }")]
    [InlineData("service x { image \"x\"; replicas 1, [2]; }")]
    [InlineData("service x { image \"x\"; cpu [\"1\"]; }")]
    [InlineData("service x { image \"x\"; tenant [3]; }")]
    [InlineData("service x { image \"x\"; clearance [5]; }")]
    [InlineData("service x { image \"x\"; handles [true]; }")]
    [InlineData("service x { image \"x\"; ports [http]; }")]
    [InlineData("flow f: ingest -> triage port [http];")]
    [InlineData("intent i: spread triage across zone at least [two];")]
    public void Bind_ValueOfTheWrongKind_PointsAtTheValue(string item) => Reports(P + item, "PRIV2010");

    [Theory]
    [CoversDiagnostic("PRIV2011")]
    [InlineData("service x { image \"x\"; cpu [10ms]; }")]
    [InlineData("service x { image \"x\"; memory [1Gbps]; }")]
    [InlineData("flow f: ingest -> research bandwidth [100Mi];")]
    [InlineData("intent i: route feed latency <= [1Gbps];")]
    [InlineData("intent i: route feed avoid links where latency > [5];")]
    [InlineData("intent i: route feed avoid links where bandwidth < [10ms];")]
    public void Bind_QuantityOfTheWrongDimension_IsUnitMismatch(string item) => Reports(P + item, "PRIV2011");

    [Fact]
    [CoversDiagnostic("PRIV2011")]
    public void Bind_UnitMismatch_NamesBothDimensions()
    {
        var diagnostic = Assert.Single(Reports(P + "service x { image \"x\"; cpu [10ms]; }", "PRIV2011"));
        Assert.Equal("'cpu' is a CPU, but '10ms' is a latency", diagnostic.Message);
    }

    [Theory]
    [CoversDiagnostic("PRIV2012")]
    [InlineData("service x { image \"x\"; memory [256Mb]; }")]
    [InlineData("flow f: ingest -> research bandwidth [10mbps];")]
    [InlineData("intent i: route feed latency < [3hours];")]
    public void Bind_UnknownUnit_IsReported(string item) => Reports(P + item, "PRIV2012");

    [Fact]
    [CoversDiagnostic("PRIV2012")]
    public void Bind_UnknownUnit_SuggestsAKnownOne()
    {
        var diagnostic = Assert.Single(Reports(P + "service x { image \"x\"; memory [256MI]; }", "PRIV2012"));
        Assert.EndsWith("did you mean 'Mi'?", diagnostic.Message);
    }

    [Theory]
    [CoversDiagnostic("PRIV2013")]
    [InlineData("service x { image \"x\"; replicas [0]; }")]
    [InlineData("service x { image \"x\"; replicas [1001]; }")]
    [InlineData("service x { image \"x\"; replicas [1.5]; }")]
    [InlineData("service x { image \"x\"; ports [0]; }")]
    [InlineData("service x { image \"x\"; ports [65536]; }")]
    [InlineData("service x { image \"x\"; memory [99999999999999999999Ti]; }")]
    [InlineData("service x { image \"x\"; memory [9999999999999999999999999999999]; }")]
    [InlineData("service x { image \"x\"; cpu [99999999999999999]; }")]
    [InlineData("flow f: ingest -> research bandwidth [99999999999Tbps];")]
    [InlineData("intent i: route feed hops < [0];")]
    [InlineData("intent i: spread triage across zone at least [0];")]
    public void Bind_ValueOutOfRange_IsReported(string item) => Reports(P + item, "PRIV2013");

    // ---- flows ----

    [Fact]
    [CoversDiagnostic("PRIV2022")]
    public void Bind_FlowToItself_CoversTheFlow() => Reports(P + "[flow loop: ingest -> ingest;]", "PRIV2022");

    [Fact]
    [CoversDiagnostic("PRIV2029")]
    public void Bind_PortNotExposedByTarget_PointsAtThePort()
    {
        var diagnostic = Assert.Single(Reports(P + "flow f: ingest -> triage port [9001];", "PRIV2029"));
        Assert.Equal("flow 'f' uses port 9001, which service 'triage' does not expose", diagnostic.Message);
    }

    [Theory]
    [CoversDiagnostic("PRIV2031")]
    [InlineData("flow f: ingest -> triage carries Vitals [carries Vitals];")]
    [InlineData("flow f: ingest -> triage bandwidth 1Mbps [bandwidth 2Mbps];")]
    [InlineData("flow f: ingest -> triage port 9000 [port 9000];")]
    public void Bind_FlowClauseGivenTwice_PointsAtTheRepeat(string item) => Reports(P + item, "PRIV2031");

    // ---- information flow ----

    [Fact]
    [CoversDiagnostic("PRIV2014")]
    public void Bind_FlowAboveReceiverClearance_IsClearanceViolation()
    {
        var diagnostic = Assert.Single(Reports(P + "service leak { image \"x\"; clearance internal; }\nflow f: triage -> leak carries [Vitals];", "PRIV2014"));
        Assert.StartsWith("flow 'f' carries 'Vitals' (restricted) into 'leak', whose clearance is only internal", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV2014")]
    public void Bind_DefaultClearanceIsTheLowestLevel() =>
        Reports(P + "service leak { image \"x\"; }\nflow f: triage -> leak carries [Vitals];", "PRIV2014");

    [Fact]
    [CoversDiagnostic("PRIV2014")]
    public void Bind_DataPastTheDeclassifier_StillViolatesAboveItsNewLevel() =>
        Reports(P + "service pub { image \"x\"; clearance public; }\nflow f: research -> pub carries [Vitals];", "PRIV2014");

    [Fact]
    [CoversDiagnostic("PRIV2015")]
    public void Bind_HandlesAboveClearance_PointsAtTheData() =>
        Reports(P + "service x { image \"x\"; clearance internal; handles [Vitals]; }", "PRIV2015");

    [Fact]
    [CoversDiagnostic("PRIV2015")]
    public void Bind_SenderOriginatingDataAboveClearance_IsReportedOnTheFlow() =>
        Reports(P + "service src { image \"x\"; clearance internal; }\nflow f: src -> triage carries [Vitals];", "PRIV2015");

    [Fact]
    [CoversDiagnostic("PRIV2023")]
    public void Bind_DeclassificationThatDoesNotLower_PointsAtTheLevel() =>
        Reports(P + "intent d: declassify Vitals to [restricted] via anon;", "PRIV2023");

    [Fact]
    [CoversDiagnostic("PRIV2023")]
    public void Bind_DeclassificationViaServiceThatNeverSeesTheData_PointsAtTheService()
    {
        var diagnostic = Assert.Single(Reports(P + "service other { image \"x\"; }\nintent d: declassify Vitals to internal via [other];", "PRIV2023"));
        Assert.Equal("service 'other' never handles 'Vitals', so it cannot declassify it", diagnostic.Message);
    }

    // ---- intents ----

    [Fact]
    [CoversDiagnostic("PRIV2025")]
    public void Bind_SpreadAboveReplicas_PointsAtTheCount()
    {
        var diagnostic = Assert.Single(Reports(P + "intent i: spread anon across zone at least [2];", "PRIV2025"));
        Assert.Equal("service 'anon' has 1 replica(s), so it cannot cover 2 distinct values", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV2025")]
    public void Bind_SpreadOverSeveralServices_ReportsEachTooSmallOne() =>
        Reports(P + "intent i: spread anon, * across zone at least [[[[3]]]];", "PRIV2025", "PRIV2025", "PRIV2025", "PRIV2025");

    [Fact]
    [CoversDiagnostic("PRIV2026")]
    public void Bind_HandlingDataNobodyHolds_WarnsEmptySelection() =>
        Reports(P + "intent i: place [handling Stats] on tee;", "PRIV2026");

    [Fact]
    [CoversDiagnostic("PRIV2026")]
    public void Bind_KeepOfDataNobodyHolds_WarnsOnTheBody() =>
        Reports(P + "intent i: [keep Stats within jurisdiction == AU];", "PRIV2026");

    [Fact]
    [CoversDiagnostic("PRIV2026")]
    public void Bind_FlowSelectionMatchingNothing_WarnsNamingTheSelection()
    {
        var diagnostics = Reports(P + "intent i: route [flows carrying Stats], [flows to ingest] latency <= 10ms;", "PRIV2026", "PRIV2026");
        Assert.Equal("'flows carrying Stats' selects nothing, so this intent constrains nothing", diagnostics[0].Message);
    }

    [Fact]
    public void Bind_EmptySelection_IsOnlyAWarning()
    {
        var compilation = TestSources.Compile(P + "intent i: place handling Stats on tee;", HospitalTopology);
        Assert.False(compilation.HasErrors);
        Assert.NotNull(compilation.Program);
    }

    [Theory]
    [CoversDiagnostic("PRIV2027")]
    [InlineData("intent i: route feed [latency >= 10ms];")]
    [InlineData("intent i: route feed [latency == 10ms];")]
    [InlineData("intent i: route feed [hops > 2];")]
    [InlineData("intent i: route feed [hops != 2];")]
    public void Bind_LowerBoundOnAPath_IsRejected(string item) => Reports(P + item, "PRIV2027");

    // ---- predicates against the topology ----

    [Theory]
    [CoversDiagnostic("PRIV2018")]
    [InlineData("intent i: place ingest on [tiers] == edge;")]
    [InlineData("intent i: place ingest on [role] == firewall;")]
    [InlineData("intent i: route feed avoid devices where [tier] == edge;")]
    [InlineData("intent i: route feed over links where [jurisdiction] == AU;")]
    [InlineData("intent i: separate ingest from research by [zones];")]
    [InlineData("intent i: spread triage across [region] at least 2;")]
    [InlineData("intent i: place ingest on [\"kubernetes.io/hostname\"] == x;")]
    public void Bind_UnknownAttribute_ForTheElementKind(string item) => Reports(P + item, "PRIV2018");

    [Fact]
    [CoversDiagnostic("PRIV2018")]
    public void Bind_UnknownAttribute_SuggestsTheNearestKey()
    {
        var diagnostic = Assert.Single(Reports(P + "intent i: place ingest on [juristiction] == AU;", "PRIV2018"));
        Assert.Equal("the topology has no attribute 'juristiction' on nodes; did you mean 'jurisdiction'?", diagnostic.Message);
    }

    [Theory]
    [CoversDiagnostic("PRIV2019")]
    [InlineData("intent i: place ingest on tier == [edg];")]
    [InlineData("intent i: place ingest on jurisdiction in {AU, [US]};")]
    [InlineData("intent i: route feed avoid devices where trust < [meduim];")]
    [InlineData("intent i: place ingest on name == [edge-syd-9];")]
    [InlineData("intent i: place ingest on device == [s99];")]
    public void Bind_ValueNotInTheTopology_IsReported(string item) => Reports(P + item, "PRIV2019");

    [Fact]
    [CoversDiagnostic("PRIV2020")]
    public void Bind_OrderingOnText_CoversTheComparison() => Reports(P + "intent i: place ingest on [tier < cloud];", "PRIV2020");

    [Fact]
    [CoversDiagnostic("PRIV2020")]
    public void Bind_OrderingOnFlag_IsUnordered() => Reports(P + "intent i: place ingest on [tee >= true];", "PRIV2020");

    [Theory]
    [CoversDiagnostic("PRIV2030")]
    [InlineData("intent i: place ingest on [tier];")]
    [InlineData("intent i: place ingest on tee == [3];")]
    [InlineData("intent i: place ingest on tee == [edge];")]
    [InlineData("intent i: place ingest on cost > [cheap];")]
    [InlineData("intent i: place ingest on cpu > [true];")]
    [InlineData("intent i: route feed avoid devices where trust < [3];")]
    [InlineData("intent i: place ingest on tier == [10ms];")]
    public void Bind_ValueOfAnotherType_IsWrongAttributeType(string item) => Reports(P + item, "PRIV2030");

    [Fact]
    [CoversDiagnostic("PRIV2032")]
    public void Bind_NegativeTestOnPartialLabel_WarnsWithTheCount()
    {
        var diagnostic = Assert.Single(Reports(P + "intent i: keep Vitals within [role != firewall];", "PRIV2032"));
        Assert.StartsWith("12 nodes or devices have no 'role'", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV2032")]
    public void Bind_NotInOnPartialLabel_Warns() => Reports(P + "intent i: route feed within [role not in {firewall}];", "PRIV2032");

    [Fact]
    public void Bind_AvoidOnPartialLabel_WarnsThatUnlabelledDevicesAreAvoided()
    {
        var diagnostic = Assert.Single(Reports(P + "intent i: route feed avoid devices where [role == firewall];", "PRIV2032"));
        Assert.Contains("'avoid' keeps routes off them too", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_NotOverPartialLabel_Warns() => Reports(P + "intent i: keep Vitals within not [role == firewall];", "PRIV2032");

    [Fact]
    public void Bind_PositiveTestOnPartialLabel_DoesNotWarn() =>
        Assert.DoesNotContain(Diagnose(AnnotatedText.Parse(P + "intent i: keep Vitals within role == firewall;")), d => d.Code == "PRIV2032");

    [Fact]
    public void Bind_NegativeTestOnBuiltInOrTotalLabel_DoesNotWarn() =>
        Reports(P + "intent i: place ingest on name != cloud-sg-1 and jurisdiction not in {SG};");
}
