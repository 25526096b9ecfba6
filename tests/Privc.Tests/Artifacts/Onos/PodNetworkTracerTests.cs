using System.Text.Json.Nodes;
using Privc.Artifacts.Onos;
using Privc.Checking;
using Privc.Semantics;
using Privc.Tests.Verification;
using Privc.Text;
using Privc.Topology;
using static Privc.Tests.Artifacts.Onos.OnosPlans;

namespace Privc.Tests.Artifacts.Onos;

/// <summary>
/// How <c>privc check</c> judges rules on pod CIDRs (specs/onos.md, "Pod addresses and CNI modes" and "ARP"): a
/// pair's packets are every address of the two pod CIDRs, rule prefixes are compared bit by bit, wider prefixes are
/// also followed for traffic no declared flow needs, and ARP rules are audited, never traced as data.
/// </summary>
public class PodNetworkTracerTests
{
    private static (BoundProgram Program, TopologyModel Topology, Configuration Plan, JsonObject Flows) Emitted()
    {
        var topology = TestSources.LoadTopology(PodNetworkEmitterTests.PodLab);
        var compilation = TestSources.Compile(LabTopology.Services, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        var plan = new Configuration(
            [Place("front", "edge-1"), Place("store", "cloud-a")],
            [Route(topology, "save", "edge-1", "cloud-a", "s1", "s2", "s4")],
            [new AllowedFlow("front", "store", 5432)]);
        var flows = Assert.Single(OnosEmitter.Emit(compilation.Program!, topology, plan, "digest"), f => f.Path == OnosEmitter.FlowsPath).Content;
        return (compilation.Program!, topology, plan, JsonNode.Parse(flows)!.AsObject());
    }

    private static FlowTrace Trace(JsonObject flows, TopologyModel topology, BoundProgram program, Configuration plan) =>
        FlowTracer.Trace(new SourceText("flows.json", flows.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })), topology, program, plan.Placements);

    private static IEnumerable<JsonObject> Rules(JsonObject flows, string device, int inPort) =>
        flows["flows"]!.AsArray().Select(r => r!.AsObject()).Where(r => r.ToJsonString().Contains("IPV4_SRC", StringComparison.Ordinal) && (string?)r["deviceId"] == device
            && r["selector"]!["criteria"]!.AsArray().Any(c => (string?)c!["type"] == "IN_PORT" && (int?)c["port"] == inPort));

    private static void SetPrefix(JsonObject rule, string field, string prefix) =>
        rule["selector"]!["criteria"]!.AsArray().Single(c => (string?)c!["type"] == field)!["ip"] = prefix;

    [Fact]
    public void Trace_EmittedPodCidrRules_OneRouteNoFinding()
    {
        var (program, topology, plan, flows) = Emitted();
        var trace = Trace(flows, topology, program, plan);
        Assert.Empty(trace.Problems);
        Assert.Empty(trace.Diagnostics);
        Assert.Empty(trace.RuleFindings);
        Assert.Single(trace.Routes);
    }

    [Fact]
    public void Trace_RulesNarrowerThanThePodCidr_LoseTheOtherPodsWithAWitnessAddress()
    {
        var (program, topology, plan, flows) = Emitted();
        foreach (var rule in Rules(flows, "of:0000000000000001", 10))
        {
            SetPrefix(rule, "IPV4_SRC", "10.244.1.0/25");
        }
        var trace = Trace(flows, topology, program, plan);
        var lost = Assert.Single(trace.Problems, p => p.Direction == TraceDirection.Request);
        Assert.Equal((TraceProblemKind.BlackHole, "s1"), (lost.Kind, lost.FailedAt));
        Assert.StartsWith("TCP 10.244.1.128:", lost.Packet, StringComparison.Ordinal);
        // Pods in the lower half still get through: the route is there, and the loss is a W3 violation.
        Assert.Single(trace.Routes);
        Assert.Equal(ViolationKind.MissingRoute, lost.ToViolation().Kind);
    }

    [Fact]
    public void Trace_RulesOnNodeAddressesWhileNodesHavePodCidrs_CarryNoPodPacket()
    {
        var (program, topology, plan, _) = Emitted();
        var plainTopology = TestSources.LoadTopology(LabTopology.Yaml);
        var nodeAddressRules = Assert.Single(OnosEmitter.Emit(program, plainTopology, plan, "digest"), f => f.Path == OnosEmitter.FlowsPath).Content;
        var trace = FlowTracer.Trace(new SourceText("flows.json", nodeAddressRules), topology, program, plan.Placements);
        Assert.Empty(trace.Routes);
        Assert.Contains(trace.Problems, p => p is { Direction: TraceDirection.Request, Kind: TraceProblemKind.BlackHole, FailedAt: "s1" });
    }

    [Fact]
    public void Trace_WiderSourcePrefixBehindTheNodesOwnPort_CarriesNothingElse()
    {
        var (program, topology, plan, flows) = Emitted();
        foreach (var rule in Rules(flows, "of:0000000000000001", 10))
        {
            SetPrefix(rule, "IPV4_SRC", "10.0.0.0/8");
        }
        var trace = Trace(flows, topology, program, plan);
        Assert.Empty(trace.Problems);
        Assert.Empty(trace.RuleFindings);
        Assert.Empty(trace.Diagnostics);
    }

    [Fact]
    public void Trace_WiderDestinationPrefixCoveringAnotherNodesPods_IsAViolationWithTheStrayPacket()
    {
        var (program, topology, plan, flows) = Emitted();
        // Replies from cloud-a go to 10.244.0.0/16 instead of edge-1's /24: edge-2's pods (10.244.2.0/24) are in it.
        foreach (var (device, port) in new[] { ("of:0000000000000004", 10), ("of:0000000000000002", 2), ("of:0000000000000001", 1) })
        {
            foreach (var rule in Rules(flows, device, port).Where(r => r["selector"]!["criteria"]!.AsArray().Any(c => (string?)c!["type"] == "IPV4_DST")))
            {
                SetPrefix(rule, "IPV4_DST", "10.244.0.0/16");
            }
        }
        var trace = Trace(flows, topology, program, plan);
        Assert.Empty(trace.Problems);
        var finding = Assert.Single(trace.RuleFindings);
        Assert.Equal((StructuralCondition.Routing, ViolationKind.UnexpectedRoute), (finding.Violation.Intent, finding.Violation.Kind));
        Assert.Equal<string>(["s4", "s2", "s1"], finding.Violation.Witness.DevicePath);
        Assert.Contains("from the pods of 'cloud-a'", finding.Violation.Message, StringComparison.Ordinal);
        Assert.Contains("-> 10.244.", finding.Violation.Message, StringComparison.Ordinal);
        Assert.Equal("flows.json", finding.At.Path);
    }

    [Fact]
    public void Trace_ArpFloodedBeyondTheRoute_IsAViolationAtTheRule_ArpToTheControllerIsNotJudged()
    {
        var (program, topology, plan, flows) = Emitted();
        var flood = JsonNode.Parse("""
            {"priority": 40005, "timeout": 0, "isPermanent": true, "deviceId": "of:0000000000000001", "appId": "other",
             "treatment": {"instructions": [{"type": "OUTPUT", "port": "FLOOD"}], "deferred": []},
             "selector": {"criteria": [{"type": "IN_PORT", "port": 10}, {"type": "ETH_TYPE", "ethType": "0x0806"}]}}
            """)!;
        flows["flows"]!.AsArray().Add(flood);
        var trace = Trace(flows, topology, program, plan);
        // ARP is not data: the flow's route and problems are unchanged.
        Assert.Empty(trace.Problems);
        Assert.Single(trace.Routes);
        Assert.Equal(
            ["towards device 's3'", "towards node 'edge-2'"],
            trace.RuleFindings.Select(f => f.Violation.Message).Select(m => m[m.IndexOf("towards", StringComparison.Ordinal)..m.IndexOf(", which", StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
        Assert.All(trace.RuleFindings, f => Assert.Equal(ViolationKind.UnexpectedRoute, f.Violation.Kind));

        var (_, _, _, trapped) = Emitted();
        trapped["flows"]!.AsArray().Add(JsonNode.Parse("""
            {"priority": 40005, "timeout": 0, "isPermanent": true, "deviceId": "of:0000000000000001", "appId": "org.onosproject.core",
             "treatment": {"instructions": [{"type": "OUTPUT", "port": "CONTROLLER"}], "deferred": []},
             "selector": {"criteria": [{"type": "ETH_TYPE", "ethType": "0x0806"}]}}
            """));
        var trace2 = Trace(trapped, topology, program, plan);
        Assert.Empty(trace2.RuleFindings);
        Assert.Empty(trace2.Diagnostics);
        Assert.Empty(trace2.Problems);
    }
}
