using System.Diagnostics;
using System.Text.Json.Nodes;
using Privc.Artifacts.Onos;
using Privc.Checking;
using Privc.Semantics;
using Privc.Tests.Verification;
using Privc.Text;
using Privc.Topology;
using static Privc.Tests.Artifacts.Onos.FlowRuleEdits;
using static Privc.Tests.Artifacts.Onos.OnosPlans;

namespace Privc.Tests.Artifacts.Onos;

/// <summary>
/// The tracer's OpenFlow semantics on the lab where the proof routes 'save' (edge-1 -> cloud-a, TCP 5432) along
/// s1, s2, s4 and never through the untrusted s3: header classes split by rules, rules that may be absent, ties,
/// tables, the action set, special ports, and what privc cannot judge.
/// </summary>
public class FlowTracerSemanticsTests
{
    private static JsonObject Criterion(string type, string field, JsonNode value) => new() { ["type"] = type, [field] = value };

    /// <summary>
    /// Adds rules that send the requests matching <paramref name="extra"/> from s1 to s3, on to s4 and to cloud-a:
    /// a complete detour through the untrusted device for that class of packets.
    /// </summary>
    private static List<JsonObject> Detour(JsonObject flows, int priority, params JsonObject[] extra)
    {
        var s1 = Rule(flows, 1, 10).DeepClone().AsObject();
        var s3 = Copy(Rule(flows, 1, 10), 3);
        var s4 = Rule(flows, 4, 1).DeepClone().AsObject();
        foreach (var (rule, inPort, output) in new[] { (s1, 10, 2), (s3, 1, 2), (s4, 2, 10) })
        {
            rule["priority"] = priority;
            InPort(rule, inPort);
            Output(rule, output);
            foreach (var criterion in extra)
            {
                rule["selector"]!["criteria"]!.AsArray().Add(criterion.DeepClone());
            }
            Rules(flows).Add(rule);
        }
        return [s1, s3, s4];
    }

    private static FlowTrace Trace(JsonObject flows, TopologyModel topology, BoundProgram program, Configuration plan) =>
        FlowRuleEdits.Trace(flows.ToJsonString(), topology, program, plan);

    /// <summary>The detour is found: two routes, the problem names the packets with a concrete header, the checker names s3.</summary>
    private static TraceProblem AssertDetour(FlowTrace trace, BoundProgram program, TopologyModel topology, Configuration plan)
    {
        Assert.Equal<string>(["s1", "s2", "s4"], trace.Routes[0].Devices);
        Assert.Equal<string>(["s1", "s3", "s4"], Assert.Single(trace.Routes.Skip(1)).Devices);
        var problem = Assert.Single(trace.Problems);
        Assert.Equal((TraceDirection.Request, TraceProblemKind.Ambiguous), (problem.Direction, problem.Kind));
        Assert.Equal<string>(["s1", "s3", "s4"], problem.Devices);
        var report = ConfigurationChecker.Check(program, topology, plan with { Routes = trace.Routes });
        Assert.Contains(report.Violations, v => v.Intent == "safe" && v.Kind == ViolationKind.AvoidedDeviceUsed && v.Witness.Device == "s3");
        Assert.Contains(report.Violations, v => v.Kind == ViolationKind.DuplicateRoute);
        return problem;
    }

    [Fact]
    public void MaskedSourcePortRange_DivertsAQuarterOfTheClientPorts_FoundWithAWitnessHeader()
    {
        var (program, topology, plan, flows) = AvoidScenario();
        Detour(flows, 45000, Criterion("IP_PROTO", "protocol", 6), new JsonObject { ["type"] = "TCP_SRC_MASKED", ["tcpPort"] = 0x8000, ["tcpMask"] = 0xc000 });
        var problem = AssertDetour(Trace(flows, topology, program, plan), program, topology, plan);
        Assert.Equal("TCP 10.0.0.1:32768 -> 10.0.4.1:5432, untagged", problem.Packet);
        Assert.Contains("packets such as TCP 10.0.0.1:32768 -> 10.0.4.1:5432, untagged are delivered along s1 -> s3 -> s4, not along s1 -> s2 -> s4", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HundredsOfExactSourcePortRules_DivertSomeClients_FoundQuickly()
    {
        var (program, topology, plan, flows) = AvoidScenario();
        // s3 and s4 carry whatever comes (address rules only); s1 sends 300 client ports their way.
        Detour(flows, 30000);
        Rules(flows).Remove(Rules(flows).First(r => r!["priority"]!.GetValue<int>() == 30000 && r["deviceId"]!.GetValue<string>().EndsWith('1')));
        var template = Rule(flows, 1, 10);
        for (var port = 40000; port < 40300; port++)
        {
            var rule = template.DeepClone().AsObject();
            rule["priority"] = 45000;
            rule["selector"]!["criteria"]!.AsArray().Add(Criterion("IP_PROTO", "protocol", 6));
            rule["selector"]!["criteria"]!.AsArray().Add(Criterion("TCP_SRC", "tcpPort", port));
            Output(rule, 2);
            Rules(flows).Add(rule);
        }
        var watch = Stopwatch.StartNew();
        var trace = Trace(flows, topology, program, plan);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), watch.Elapsed.ToString());
        var problem = AssertDetour(trace, program, topology, plan);
        var client = int.Parse(problem.Packet!.Split(':')[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(client, 40000, 40299);
    }

    [Fact]
    public void TemporaryDetour_FollowedWhileInstalled()
    {
        var (program, topology, plan, flows) = AvoidScenario();
        var rules = Detour(flows, 45000);
        rules[0]["isPermanent"] = false;
        rules[0]["timeout"] = 60;
        var problem = AssertDetour(Trace(flows, topology, program, plan), program, topology, plan);
        Assert.Contains("while the temporary rule at flows.json:", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PENDING_ADD")]
    [InlineData("REMOVED")]
    [InlineData("FAILED")]
    public void UnsettledDetour_FollowedAsIfInstalled(string state)
    {
        var (program, topology, plan, flows) = AvoidScenario();
        Detour(flows, 45000)[0]["state"] = state;
        var problem = AssertDetour(Trace(flows, topology, program, plan), program, topology, plan);
        Assert.Contains($"(state {state}) is in the switch", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TemporaryProvenRule_CanTimeOut_PacketsLost()
    {
        var (program, topology, plan, flows) = AvoidScenario();
        var s2 = Rule(flows, 2, 1);
        s2["isPermanent"] = false;
        s2["timeout"] = 600;
        var trace = Trace(flows, topology, program, plan);
        Assert.Equal<string>(["s1", "s2", "s4"], Assert.Single(trace.Routes).Devices);
        var lost = Assert.Single(trace.Problems);
        Assert.Equal((TraceDirection.Request, TraceProblemKind.BlackHole, "s2"), (lost.Direction, lost.Kind, lost.FailedAt));
        Assert.Contains("has timed out", lost.Message, StringComparison.Ordinal);
        Assert.Equal(ViolationKind.MissingRoute, lost.ToViolation().Kind);
    }

    [Fact]
    public void EqualPriorityRules_BothMatch_BothChoicesFollowed()
    {
        var (program, topology, plan, flows) = AvoidScenario();
        // The same match and priority as privc's rule on s1, another output: the switch may keep either.
        Detour(flows, 40000);
        var problem = AssertDetour(Trace(flows, topology, program, plan), program, topology, plan);
        Assert.Contains("OpenFlow leaves the choice to the switch", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_GotoAndActionSet_FollowedExactly_UnreachedTableIgnored()
    {
        var (program, topology, plan, flows) = AvoidScenario();
        // s2: table 0 only jumps to table 1, whose rule writes the output into the action set (run at the end).
        var s2 = Rule(flows, 2, 1);
        s2["tableId"] = 1;
        s2["treatment"]!["deferred"] = s2["treatment"]!["instructions"]!.DeepClone();
        s2["treatment"]!["instructions"] = new JsonArray();
        Rules(flows).Add(new JsonObject
        {
            ["priority"] = 5, ["isPermanent"] = true, ["deviceId"] = "of:0000000000000002",
            ["selector"] = new JsonObject { ["criteria"] = new JsonArray() },
            ["treatment"] = new JsonObject { ["instructions"] = new JsonArray(new JsonObject { ["type"] = "TABLE", ["tableId"] = 1 }) },
        });
        // A detour in table 2 of s1, which no rule jumps to: OpenFlow never consults it.
        var unreached = Detour(flows, 45000)[0];
        unreached["tableId"] = 2;
        Rules(flows).Remove(Rules(flows).Last());
        Rules(flows).Remove(Rules(flows).Last());
        var trace = Trace(flows, topology, program, plan);
        Assert.Empty(trace.Diagnostics);
        Assert.Empty(trace.Problems);
        Assert.Equal(Canonical(plan.Routes), Canonical(trace.Routes));
    }

    [Fact]
    public void GotoBackwards_CannotJudge()
    {
        var (program, topology, plan, flows) = AvoidScenario();
        var s2 = Rule(flows, 2, 1);
        s2["tableId"] = 1;
        s2["treatment"]!["instructions"]!.AsArray().Add(new JsonObject { ["type"] = "TABLE", ["tableId"] = 0 });
        Rules(flows).Add(new JsonObject
        {
            ["priority"] = 5, ["isPermanent"] = true, ["deviceId"] = "of:0000000000000002",
            ["treatment"] = new JsonObject { ["instructions"] = new JsonArray(new JsonObject { ["type"] = "TABLE", ["tableId"] = 1 }) },
        });
        var trace = Trace(flows, topology, program, plan);
        Assert.Contains(trace.Diagnostics, d => d.Code == "PRIV5150" && d.Message.Contains("OpenFlow only goes forward", StringComparison.Ordinal));
        Assert.True(trace.HasUnjudged);
    }

    [Fact]
    [CoversDiagnostic("PRIV5152")]
    public void DetourInAProtocolIndependentTable_CannotJudge_AtTheTableId()
    {
        var (program, topology, plan, flows) = AvoidScenario();
        Detour(flows, 45000)[0]["tableId"] = "0x0";
        var text = flows.ToJsonString();
        var trace = FlowRuleEdits.Trace(text, topology, program, plan);
        var diagnostic = Assert.Single(trace.Diagnostics);
        Assert.Equal("PRIV5152", diagnostic.Code);
        Assert.Contains("protocol-independent table", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(text.IndexOf("\"0x0\"", StringComparison.Ordinal), diagnostic.Location!.Value.Span.Start);
        // Every packet still has its proven route when the rule is not in table 0.
        Assert.Equal(Canonical(plan.Routes), Canonical(trace.Routes));
    }

    [Theory]
    [InlineData("{\"type\": \"GROUP\", \"groupId\": 1}", "GROUP 1 (group buckets are not in the flows file)")]
    [InlineData("{\"type\": \"OUTPUT\", \"port\": \"NORMAL\"}", "OUTPUT to NORMAL")]
    [InlineData("{\"type\": \"OUTPUT\", \"port\": \"LOCAL\"}", "OUTPUT to LOCAL")]
    [InlineData("{\"type\": \"L3MODIFICATION\", \"subtype\": \"IPV4_DST\", \"ip\": \"10.0.4.2\"}, {\"type\": \"OUTPUT\", \"port\": \"2\"}", "L3MODIFICATION IPV4_DST (a header rewrite)")]
    public void ActionPrivcDoesNotFollow_CannotJudgeThosePackets(string instructions, string what)
    {
        var (program, topology, plan, flows) = AvoidScenario();
        Rule(flows, 2, 1)["treatment"]!["instructions"] = JsonNode.Parse($"[{instructions}]");
        var trace = Trace(flows, topology, program, plan);
        var diagnostic = Assert.Single(trace.Diagnostics);
        Assert.Equal("PRIV5150", diagnostic.Code);
        Assert.Contains($"the rule does {what}, which privc does not follow", diagnostic.Message, StringComparison.Ordinal);
        Assert.Empty(trace.Routes);
    }

    [Theory]
    [CoversDiagnostic("PRIV5151")]
    [InlineData("{\"type\": \"IPV6_DST\", \"ip\": \"::1/128\"}", "IPV6_DST with ETH_TYPE 0x0800")]
    [InlineData("{\"type\": \"TCP_SRC\", \"tcpPort\": 4444}", "TCP_SRC without IP_PROTO 6")]
    [InlineData("{\"type\": \"INNER_VLAN_VID\", \"innerVlanId\": 7}", "criterion INNER_VLAN_VID, which privc does not model")]
    public void MatchPrivcDoesNotModel_CannotJudge_OtherPacketsStillTraced(string criterion, string what)
    {
        var (program, topology, plan, flows) = AvoidScenario();
        Detour(flows, 45000, JsonNode.Parse(criterion)!.AsObject());
        var trace = Trace(flows, topology, program, plan);
        Assert.Contains(trace.Diagnostics, d => d.Code == "PRIV5151" && d.Message.Contains(what, StringComparison.Ordinal));
        Assert.Equal("s1,s2,s4", string.Join(",", trace.Routes[0].Devices));
    }

    [Fact]
    public void Flood_CopiesToEveryOtherPort_MisdeliveredAndLost()
    {
        var (program, topology, plan, flows) = AvoidScenario();
        Rule(flows, 1, 10)["treatment"]!["instructions"]![0]!["port"] = "FLOOD";
        var trace = Trace(flows, topology, program, plan);
        Assert.Equal<string>(["s1", "s2", "s4"], Assert.Single(trace.Routes).Devices);
        Assert.Contains(trace.Problems, p => p.Kind == TraceProblemKind.Misdelivered && p.Message.Contains("node 'edge-2'", StringComparison.Ordinal));
        Assert.Contains(trace.Problems, p => p.Kind == TraceProblemKind.BlackHole && p.FailedAt == "s3");
    }

    [Fact]
    public void OutputToTheInPortByNumber_Dropped()
    {
        var (program, topology, plan, flows) = AvoidScenario();
        Output(Rule(flows, 2, 1), 1);
        var trace = Trace(flows, topology, program, plan);
        var lost = Assert.Single(trace.Problems);
        Assert.Equal((TraceProblemKind.BlackHole, "s2"), (lost.Kind, lost.FailedAt));
        Assert.Contains("the port they came in by, which OpenFlow does not do unless the action says IN_PORT", lost.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, "untagged")]
    [InlineData(100, "VLAN 100 priority 0")]
    public void VlanDetour_FoundForThoseFrames(int vlan, string witness)
    {
        var (program, topology, plan, flows) = AvoidScenario();
        Detour(flows, 45000, Criterion("VLAN_VID", "vlanId", vlan));
        var problem = AssertDetour(Trace(flows, topology, program, plan), program, topology, plan);
        Assert.EndsWith(witness, problem.Packet, StringComparison.Ordinal);
    }

    [Fact]
    public void PortlessFlow_UdpDetour_WitnessIsUdp()
    {
        var (program, topology) = Lab("intent safe: route save avoid devices where trust < medium;\nintent a: place front on tier == edge and tee;\nintent b: place store on tier == cloud and zone == a;",
            LabTopology.Services.Replace(" port 5432;", ";", StringComparison.Ordinal));
        var plan = Prove(program, topology).Plan;
        var flows = JsonNode.Parse(Flows(program, topology, plan))!.AsObject();
        Detour(flows, 45000, Criterion("IP_PROTO", "protocol", 17), Criterion("UDP_DST", "udpPort", 53));
        var problem = AssertDetour(Trace(flows, topology, program, plan), program, topology, plan);
        Assert.Equal("UDP 10.0.0.1:49152 -> 10.0.4.1:53, untagged", problem.Packet);
    }

    [Fact]
    [CoversDiagnostic("PRIV5153")]
    public void HeaderSpaceBudget_Exhausted_CannotJudge()
    {
        var (program, topology, plan, flows) = AvoidScenario();
        var trace = FlowTracer.Trace(new SourceText("flows.json", flows.ToJsonString()), topology, program, plan.Placements, maxNodes: 200);
        Assert.Contains(trace.Diagnostics, d => d.Code == "PRIV5153" && d.Message.Contains("decision-diagram nodes", StringComparison.Ordinal));
        Assert.True(trace.HasUnjudged);
    }

    /// <summary>The lab with a second, unencrypted cable between s1 and s2 (ports 5), and 'save' kept on encrypted links.</summary>
    private static (BoundProgram Program, TopologyModel Topology, Configuration Plan, JsonObject Flows) ParallelCable()
    {
        var yaml = LabTopology.Yaml + "\n  - {a: {device: s1, port: 5}, b: {device: s2, port: 5}, latency: 1ms, bandwidth: 10Gbps, labels: {encrypted: false}}\n";
        var topology = TestSources.LoadTopology(yaml);
        var compilation = TestSources.Compile(LabTopology.Services + "intent enc: route save over links where encrypted;\nintent a: place front on tier == edge and tee;\nintent b: place store on tier == cloud and zone == a;", topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        var plan = Prove(compilation.Program!, topology).Plan;
        Assert.Equal(new Hop("s1", 1, "s2", 1), Assert.Single(plan.Routes).Hops[0]);
        return (compilation.Program!, topology, plan, JsonNode.Parse(Flows(compilation.Program!, topology, plan))!.AsObject());
    }

    [Fact]
    public void ParallelCable_RequestsMoved_CheckerReportsTheUnencryptedLink()
    {
        var (program, topology, plan, flows) = ParallelCable();
        Output(Rule(flows, 1, 10), 5);
        InPort(Rule(flows, 2, 1), 5);
        var trace = Trace(flows, topology, program, plan);
        Assert.Equal(new Hop("s1", 5, "s2", 5), trace.Routes[0].Hops[0]);
        // Replies still come back over the encrypted cable: same devices, other links.
        var reply = Assert.Single(trace.Problems);
        Assert.Equal((TraceDirection.Reply, TraceProblemKind.Asymmetric), (reply.Direction, reply.Kind));
        Assert.Contains("s2:1->s1:1", reply.Message, StringComparison.Ordinal);
        var report = ConfigurationChecker.Check(program, topology, plan with { Routes = trace.Routes });
        Assert.Contains(report.Violations, v => v.Intent == "enc" && v.Kind == ViolationKind.LinkNotPermitted && v.Witness.Link == "s1:5->s2:5");
    }

    [Fact]
    public void ParallelCable_OnlyRepliesMoved_AsymmetricLinkByLink_AndTheirPathJudged()
    {
        var (program, topology, plan, flows) = ParallelCable();
        Output(Rule(flows, 2, 2), 5);
        InPort(Rule(flows, 1, 1), 5);
        var trace = Trace(flows, topology, program, plan);
        var reply = Assert.Single(trace.Problems);
        Assert.Equal((TraceDirection.Reply, TraceProblemKind.Asymmetric), (reply.Direction, reply.Kind));
        Assert.Equal<string>(["s4", "s2", "s1"], reply.Devices);
        Assert.Contains("s2:5->s1:5", reply.Message, StringComparison.Ordinal);
        // The replies' path, read in the flow's direction, is judged: it uses the unencrypted cable.
        var report = ConfigurationChecker.Check(program, topology, plan with { Routes = trace.Routes });
        Assert.Contains(report.Violations, v => v.Intent == "enc" && v.Kind == ViolationKind.LinkNotPermitted && v.Witness.Link == "s1:5->s2:5");
    }
}
