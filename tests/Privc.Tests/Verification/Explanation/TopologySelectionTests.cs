using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Tests.Infrastructure;
using Privc.Topology;
using Privc.Verification.Explanation;
using Privc.Verification.Restrictions;

namespace Privc.Tests.Verification.Explanation;

/// <summary>
/// What each intent selects on the hospital-au topology (6 nodes, 7 devices, 8 links): golden lines for every
/// restriction kind, the unknown-label marking, and agreement with the restriction model element by element.
/// </summary>
public sealed class TopologySelectionTests
{
    public static TheoryData<string, string[]> Cases => new()
    {
        {
            "intent vitals_stay_in_au: keep Vitals within jurisdiction == AU over links where encrypted;",
            [
                "nodes where jurisdiction == AU, for services ingest (2 replicas), triage (2 replicas), anonymiser (1 replica): allows cloud-syd-1, cloud-syd-2, edge-mel-1, edge-syd-1, edge-syd-2 (5 of 6 nodes); excludes cloud-sg-1",
                "devices where jurisdiction == AU, on the routes of flows vitals_feed (ingest -> triage), to_anonymiser (triage -> anonymiser): allows s1, s2, s3, s4, s5, s7 (6 of 7 devices); excludes s6",
                "links where encrypted, on the routes of flows vitals_feed (ingest -> triage), to_anonymiser (triage -> anonymiser): allows s1<->s3, s2<->s7, s7<->s3, s3<->s4, s4<->s6 (5 of 8 links); excludes s3<->s5, s5<->s6, s7<->s5",
            ]
        },
        {
            "intent fast: route vitals_feed latency <= 15ms, avoid devices where trust < medium;",
            [
                "latency <= 15ms: a bound on every route of flow vitals_feed (ingest -> triage), not a choice of elements",
                "avoid devices where trust < medium, on the routes of flow vitals_feed (ingest -> triage): forbids s5 (1 of 7 devices)",
            ]
        },
        {
            // No device has a 'role' but s3, so for every other device the avoided condition is unknown: forbidden too.
            "intent no_fw: route vitals_feed avoid devices where role == firewall, hops <= 4;",
            [
                "avoid devices where role == firewall, on the routes of flow vitals_feed (ingest -> triage): forbids s1 (unknown: a label it tests is missing), s2 (unknown: a label it tests is missing), s3, s4 (unknown: a label it tests is missing), s5 (unknown: a label it tests is missing), s6 (unknown: a label it tests is missing), s7 (unknown: a label it tests is missing) (7 of 7 devices)",
                "hops <= 4: a bound on every route of flow vitals_feed (ingest -> triage), not a choice of elements",
            ]
        },
        {
            "intent via_fw: route vitals_feed through devices where role == firewall then s4;",
            [
                "through devices where role == firewall then devices where name == s4, on the routes of flow vitals_feed (ingest -> triage): first one of s3 (1 of 7 devices); then one of s4 (1 of 7 devices)",
            ]
        },
        {
            "intent no_plain: route research_feed avoid links where encrypted == false;",
            [
                "avoid links where encrypted == false, on the routes of flow research_feed (anonymiser -> research): forbids s3<->s5, s5<->s6, s7<->s5 (3 of 8 links)",
            ]
        },
        {
            "intent triage_in_tee: place triage on tee and tier == edge;",
            [
                "nodes where tee and tier == edge, for service triage (2 replicas): allows edge-mel-1, edge-syd-1 (2 of 6 nodes); excludes cloud-sg-1, cloud-syd-1, cloud-syd-2, edge-syd-2",
            ]
        },
        {
            "intent research_isolated: separate research from tenant hospital;",
            [
                "separate by node: research apart from ingest, triage, anonymiser",
            ]
        },
        {
            "intent zones: separate triage from anonymiser by zone;",
            [
                "separate by zone: triage apart from anonymiser; every node has a zone",
            ]
        },
        {
            "intent near: colocate anonymiser with triage by zone;",
            [
                "colocate by zone: anonymiser with triage; every node has a zone",
            ]
        },
        {
            "intent own_nodes: dedicate research;",
            [
                "dedicated nodes for research (tenant university): never on a node with ingest (tenant hospital), triage (tenant hospital), anonymiser (tenant hospital)",
            ]
        },
        {
            "intent triage_ha: spread triage across zone at least 2;",
            [
                "spread across zone at least 2, for service triage (2 replicas): the nodes have 3 values of zone (mel, sg, syd)",
            ]
        },
        {
            "intent open: declassify Vitals to confidential via triage;",
            [
                "a typing rule: it changes which data the other intents follow and selects nothing itself",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Of_EveryRestrictionKind_NamesTheElementsItSelects(string source, string[] expected)
    {
        var program = BenchmarkFiles.BindWithHospital(source);
        var intent = program.Intents.Single(i => i.Location.Path == "answer.priv");
        Assert.Equal(expected, new TopologySelection(program, BenchmarkFiles.HospitalTopology).Of(intent));
    }

    [Fact]
    public void Cases_CoverEveryRestrictionKind()
    {
        var kinds = Cases.Select(row => BenchmarkFiles.BindWithHospital((string)row[0]))
            .SelectMany(p => p.Intents.Where(i => i.Location.Path == "answer.priv")).SelectMany(i => IntentRestrictions.Of(i)).Select(r => r.GetType()).ToHashSet();
        var all = typeof(Restriction).Assembly.GetTypes().Where(t => t.IsSealed && t.IsSubclassOf(typeof(Restriction)));
        Assert.All(all, kind => Assert.Contains(kind, kinds));
    }

    /// <summary>The names listed as allowed are exactly the elements the restriction model allows (what the encoder and pruning use).</summary>
    [Fact]
    public void Of_AllowedNodes_AreExactlyWhatTheRestrictionAllows()
    {
        var program = BenchmarkFiles.BindWithHospital("intent x: place ingest on trust >= medium and not tier == cloud or zone == sg;");
        var intent = program.Intents.Single(i => i.Location.Path == "answer.priv");
        var restriction = Assert.IsType<NodeRestriction>(Assert.Single(IntentRestrictions.Of(intent)));
        var allowed = BenchmarkFiles.HospitalTopology.Nodes.Where(restriction.Allows).Select(n => n.Name).ToList();
        var line = Assert.Single(new TopologySelection(program, BenchmarkFiles.HospitalTopology).Of(intent));
        Assert.Contains($"allows {string.Join(", ", allowed)} ({allowed.Count} of 6 nodes)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_ManyElements_ListsTwelveAndCountsTheRest()
    {
        var nodes = Enumerable.Range(1, 20).Select(i => $"  - {{name: n{i:00}, labels: {{tier: edge}}, capacity: {{cpu: 1, memory: 1Gi}}, ip: 10.0.0.{i}, attach: {{device: s1, port: {i}}}}}");
        var topology = TestSources.LoadTopology("name: wide\ndevices:\n  - {id: \"of:0000000000000001\", name: s1}\nnodes:\n" + string.Join("\n", nodes) + "\nlinks: []\n");
        var program = TestSources.Compile("service a { image \"a\"; replicas 1; cpu 100m; memory 64Mi; }\nintent x: place a on tier == edge;\n", topology).Program!;
        var line = Assert.Single(new TopologySelection(program, topology).Of(program.Intents.Single()));
        Assert.Equal("nodes where tier == edge, for service a (1 replica): allows n01, n02, n03, n04, n05, n06, n07, n08, n09, n10, n11, n12 and 8 more (20 of 20 nodes)", line);
    }

    [Fact]
    public void Of_NodesWithoutTheLabel_AreMarkedUnknownAndNamedForLabelScopedRelations()
    {
        var topology = TestSources.LoadTopology("""
            name: three
            devices:
              - {id: "of:0000000000000001", name: s1}
            nodes:
              - {name: a1, labels: {zone: x}, capacity: {cpu: 1, memory: 1Gi}, ip: 10.0.0.1, attach: {device: s1, port: 1}}
              - {name: a2, labels: {zone: y}, capacity: {cpu: 1, memory: 1Gi}, ip: 10.0.0.2, attach: {device: s1, port: 2}}
              - {name: a3, labels: {}, capacity: {cpu: 1, memory: 1Gi}, ip: 10.0.0.3, attach: {device: s1, port: 3}}
            links: []
            """);
        var program = TestSources.Compile("""
            service b { image "b"; replicas 1; cpu 100m; memory 64Mi; }
            service a { image "a"; replicas 2; cpu 100m; memory 64Mi; }
            intent apart: separate a from b by zone;
            intent in_x: place a on zone == x;
            """, topology).Program!;
        var selection = new TopologySelection(program, topology);
        Assert.Equal("separate by zone: a apart from b; b, a cannot use a3, which has no zone", Assert.Single(selection.Of(program.Intents.Single(i => i.Name == "apart"))));
        Assert.Equal("nodes where zone == x, for service a (2 replicas): allows a1 (1 of 3 nodes); excludes a2, a3 (unknown: a label it tests is missing)",
            Assert.Single(selection.Of(program.Intents.Single(i => i.Name == "in_x"))));
    }

    [Fact]
    public void Explain_OnlySelectedFile_OneSectionPerIntentInSourceOrder()
    {
        var program = BenchmarkFiles.BindWithHospital("intent b: place triage on tee;\nintent a: spread ingest across zone at least 2;\n");
        var text = new TopologySelection(program, BenchmarkFiles.HospitalTopology).Explain(path => path == "answer.priv");
        Assert.Equal(
            "On topology hospital-au (6 nodes, 7 devices, 8 links):\n" +
            "  b:\n    nodes where tee, for service triage (2 replicas): allows cloud-syd-2, edge-mel-1, edge-syd-1 (3 of 6 nodes); excludes cloud-sg-1, cloud-syd-1, edge-syd-2\n" +
            "  a:\n    spread across zone at least 2, for service ingest (2 replicas): the nodes have 3 values of zone (mel, sg, syd)\n",
            text);
    }
}
