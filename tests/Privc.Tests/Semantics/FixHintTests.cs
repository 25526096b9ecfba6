using Privc.Semantics;
using Privc.Tests.Infrastructure;
using Privc.Topology;
using static Privc.Tests.Infrastructure.DiagnosticAssert;

namespace Privc.Tests.Semantics;

/// <summary>
/// A new user's common mistakes get one diagnostic that says how to fix them (issue 13's front-end messages): the
/// codes stay, the messages carry the fix. Sources extend the binder tests' prelude over hospital-au.
/// </summary>
public class FixHintTests
{
    private const string P = FrontEndTestPrelude.Declarations;

    // ---- lexical slips, repaired so that they are one diagnostic ----

    [Theory]
    [CoversDiagnostic("PRIV1001")]
    [InlineData("intent i: place ingest on tier [=] edge;", "use '==' to compare: tier == edge")]
    [InlineData("intent i: place ingest on tee and tier [=] edge or tee;", "use '==' to compare: tier == edge")]
    [InlineData("objective o: prefer tier [=] edge;", "use '==' to compare: tier == edge")]
    [InlineData("service x { image \"r/x:1\"; replicas [=] 2; }", "a service property takes its value without '=': replicas 2;")]
    public void Parse_SingleEquals_IsOneErrorWithTheFix(string item, string fix)
    {
        var diagnostic = Assert.Single(Reports(P + item, "PRIV1001"));
        Assert.Equal("unexpected character '='; " + fix, diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV1001")]
    public void Parse_EqualsAfterAnOperator_IsAPlainUnexpectedCharacter()
    {
        var diagnostic = Assert.Single(Reports(P + "intent i: place ingest on tier <= [=] edge;", "PRIV1001"));
        Assert.Equal("unexpected character '='", diagnostic.Message);
    }

    [Theory]
    [CoversDiagnostic("PRIV1001")]
    [InlineData("service x { image [registry/x:1]; }", "'/' in registry/x:1; quote the image: image \"registry/x:1\"")]
    [InlineData("service x { image [registry.example.org/team/x:1.2]; replicas 2; }", "'/' in registry.example.org/team/x:1.2; quote the image: image \"registry.example.org/team/x:1.2\"")]
    [InlineData("service x { image [registry:5000/x]; }", "'/' in registry:5000/x; quote the image: image \"registry:5000/x\"")]
    [InlineData("service x { image [nginx@sha256:abc]; }", "'@' in nginx@sha256:abc; quote the image: image \"nginx@sha256:abc\"")]
    [InlineData("intent i: separate ingest from research by [kubernetes.io/zone];", "'/' in kubernetes.io/zone; quote the label key: by \"kubernetes.io/zone\"")]
    [InlineData("intent i: spread triage across [node-restriction.kubernetes.io/zone] at least 2;", "'/' in node-restriction.kubernetes.io/zone; quote the label key: across \"node-restriction.kubernetes.io/zone\"")]
    [InlineData("intent i: place ingest on [kubernetes.io/hostname] == edge-syd-1;", "'/' in kubernetes.io/hostname; quote the label key: \"kubernetes.io/hostname\"")]
    [InlineData("intent i: place ingest on tier == [a/b];", "'/' in a/b; quote the value: \"a/b\"")]
    public void Parse_UnquotedWordWithSlash_IsOneErrorSayingToQuoteIt(string item, string fix)
    {
        var diagnostic = Assert.Single(Reports(P + item, "PRIV1001"));
        Assert.Equal("unexpected character " + fix, diagnostic.Message);
    }

    [Fact]
    public void Parse_SlashInsideAString_IsFine() => Reports(P + "service x { image \"registry/x:1\"; }");

    [Theory]
    [CoversDiagnostic("PRIV1001")]
    [InlineData("data [X/Y]: public;")]
    [InlineData("intent i: place ingest, [tri/age] on tee;")]
    [InlineData("intent i: route feed avoid s1, [s5/6];")]
    public void Parse_SlashInAName_IsOneErrorThatDoesNotSayQuote(string item)
    {
        var diagnostic = Assert.Single(Reports(P + item, "PRIV1001"));
        Assert.EndsWith("a name holds only letters, digits, '_', and '-' or '.' inside", diagnostic.Message);
    }

    [Theory]
    [CoversDiagnostic("PRIV1001")]
    [InlineData("intent i: place ingest on jurisdiction in {AU, [x/y]};", "'/' in x/y; quote the value: \"x/y\"")]
    [InlineData("service x { image \"x\"; tenant [team/a]; }", "'/' in team/a; quote it: tenant \"team/a\"")]
    [InlineData("intent i: place ingest on tee and [k8s.io/gpu];", "'/' in k8s.io/gpu; quote the label key: \"k8s.io/gpu\"")]
    public void Parse_SlashWhereAStringFits_SaysToQuoteIt(string item, string fix) =>
        Assert.Equal("unexpected character " + fix, Assert.Single(Reports(P + item, "PRIV1001")).Message);

    // ---- a number where a quantity is needed ----

    [Theory]
    [CoversDiagnostic("PRIV2011")]
    [InlineData("intent i: route feed latency <= [15];", "a route's latency is a latency, but '15' is a number; add a unit, e.g. 15ms")]
    [InlineData("intent i: route feed avoid links where latency > [5];", "'latency' is a latency, but '5' is a number; add a unit, e.g. 5ms")]
    [InlineData("intent i: route feed avoid links where bandwidth < [100];", "'bandwidth' is a bandwidth, but '100' is a number; add a unit, e.g. 100Mbps")]
    [InlineData("flow f: ingest -> research bandwidth [10];", "a flow's bandwidth is a bandwidth, but '10' is a number; add a unit, e.g. 10Mbps")]
    public void Bind_PlainNumberForLatencyOrBandwidth_SaysToAddAUnit(string item, string message) =>
        Assert.Equal(message, Assert.Single(Reports(P + item, "PRIV2011")).Message);

    // ---- a key of another kind of element ----

    [Theory]
    [CoversDiagnostic("PRIV2018")]
    [InlineData("intent i: place ingest on [role] == firewall;",
        "'role' is an attribute of devices, not of nodes; devices are constrained on routes: route FLOWS through devices where role == firewall (or avoid devices where role == firewall)")]
    [InlineData("objective o: prefer [role] != transit;",
        "'role' is an attribute of devices, not of nodes; devices are constrained on routes: route FLOWS through devices where role != transit (or avoid devices where role != transit)")]
    [InlineData("intent i: place ingest on [encrypted];",
        "'encrypted' is an attribute of links, not of nodes; links are constrained on routes: route FLOWS over links where encrypted (or avoid links where encrypted)")]
    [InlineData("intent i: route feed avoid devices where [zone] in {syd};",
        "'zone' is an attribute of nodes, not of devices; nodes are chosen by placement: place SERVICES on zone in {syd}")]
    [InlineData("intent i: route feed within [encrypted] == true;",
        "'encrypted' is an attribute of links, not of devices; links are constrained on routes: route FLOWS over links where encrypted == true (or avoid links where encrypted == true)")]
    [InlineData("intent i: route feed over links where [trust] > low;",
        "'trust' is an attribute of nodes and devices, not of links; devices are constrained on routes: route FLOWS through devices where trust > low (or avoid devices where trust > low)")]
    [InlineData("intent i: route feed avoid links where [tier] == edge;",
        "'tier' is an attribute of nodes, not of links; nodes are chosen by placement: place SERVICES on tier == edge")]
    [InlineData("intent i: keep Vitals within [encrypted];",
        "'encrypted' is an attribute of links, not of nodes or devices; a keep constrains the links that carry the data with: keep DATA within ... over links where encrypted")]
    [InlineData("intent i: separate ingest from research by [site];",
        "'site' is an attribute of devices, not of nodes; 'by' and 'across' compare nodes: use 'device' (the device a node is attached to) or a node label")]
    [InlineData("intent i: spread triage across [role] at least 2;",
        "'role' is an attribute of devices, not of nodes; 'by' and 'across' compare nodes: use 'device' (the device a node is attached to) or a node label")]
    public void Bind_KeyOfAnotherElementKind_NamesTheConstructThatFits(string item, string message) =>
        Assert.Equal(message, Assert.Single(Reports(P + item, "PRIV2018")).Message);

    [Fact]
    [CoversDiagnostic("PRIV2018")]
    public void Bind_KeyOnNoElement_StillSuggestsTheNearestKey() =>
        Assert.Equal("the topology has no attribute 'tiers' on nodes; did you mean 'tier'?", Assert.Single(Reports(P + "intent i: place ingest on [tiers] == edge;", "PRIV2018")).Message);

    [Fact]
    public void Hint_KeyAlsoOnTheWantedKind_IsNone() => Assert.Null(WrongElementHint.For(ElementKind.Node, ElementKind.Node | ElementKind.Device, "trust > low"));

    [Fact]
    public void Hint_ScaleWithoutLabels_IsNone() => Assert.Null(WrongElementHint.For(ElementKind.Device, ElementKind.None, "x < y"));

    // ---- a value the topology does not have ----

    [Theory]
    [CoversDiagnostic("PRIV2019")]
    [InlineData("intent i: place ingest on jurisdiction == [DE];", "no element of the topology has jurisdiction = 'DE' (known values: AU, SG)")]
    [InlineData("intent i: keep Vitals within jurisdiction in {AU, [DE]};", "no element of the topology has jurisdiction = 'DE' (known values: AU, SG)")]
    [InlineData("intent i: place ingest on jurisdiction == [SGP];", "no element of the topology has jurisdiction = 'SGP' (known values: AU, SG); did you mean 'SG'?")]
    [InlineData("intent i: route feed avoid devices where trust < [meduim];", "no element of the topology has trust = 'meduim' (the scale is untrusted < low < medium < high); did you mean 'medium'?")]
    [InlineData("intent i: route feed avoid devices where role == [router];", "no element of the topology has role = 'router' (known values: firewall)")]
    public void Bind_UnknownValue_ListsTheKnownValues(string item, string message) =>
        Assert.Equal(message, Assert.Single(Reports(P + item, "PRIV2019")).Message);

    [Fact]
    [CoversDiagnostic("PRIV2019")]
    public void Bind_UnknownValueOfAManyValuedKey_ListsTwelveAndCountsTheRest()
    {
        var nodes = string.Join("\n", Enumerable.Range(1, 20).Select(i =>
            $"  - {{name: n{i:00}, labels: {{rack: r{i:00}}}, capacity: {{cpu: 1}}, ip: 10.0.0.{i}, attach: {{device: s1, port: {i}}}}}"));
        var topology = TestSources.LoadTopology($"devices:\n  - {{id: s1}}\nnodes:\n{nodes}\nlinks: []\n");
        var diagnostic = Assert.Single(ReportsOn(topology, "service x { image \"x\"; }\nintent i: place x on rack == [r99];", "PRIV2019"));
        Assert.Equal("no element of the topology has rack = 'r99' (known values: r01, r02, r03, r04, r05, r06, r07, r08, r09, r10, r11, r12 and 8 more); did you mean 'r09'?", diagnostic.Message);
    }
}
