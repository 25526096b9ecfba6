using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Privc.Artifacts.Onos;
using Privc.Checking;
using Privc.Semantics;
using Privc.Text;
using Privc.Tests.Verification;
using Privc.Topology;
using static Privc.Tests.Artifacts.Onos.FlowRuleEdits;
using static Privc.Tests.Artifacts.Onos.OnosPlans;

namespace Privc.Tests.Artifacts.Onos;

[Collection(ProvenExamplesCollection.Name)]
public class FlowTracerTests(ProvenExamples examples)
{
    [Theory]
    [MemberData(nameof(ProvenExamples.Names), MemberType = typeof(ProvenExamples))]
    public void Example_TraceOfEmittedFlows_GivesBackThePlanRoutes(string example)
    {
        var (program, topology, plan) = examples.Get(example);
        var trace = Trace(Flows(program, topology, plan), topology, program, plan);
        Assert.Empty(trace.Diagnostics);
        Assert.True(trace.Problems.IsEmpty, string.Join("\n", trace.Problems));
        Assert.Equal(Canonical(plan.Routes), Canonical(trace.Routes));
        Assert.True(ConfigurationChecker.Check(program, topology, plan with { Routes = trace.Routes }).Compliant);
    }

    [Fact]
    public void Tampered_RerouteThroughTheUntrustedTransit_CheckerReportsTheAvoidIntent()
    {
        var (program, topology, plan, flows) = AvoidScenario();
        // s1 sends the requests out of port 2 to s3 instead of port 1 to s2; a rule on s3 carries them on to s4,
        // where the request rule now expects them on port 2.
        var s1 = Rule(flows, 1, 10);
        Output(s1, 2);
        var s3 = Copy(s1, 3);
        InPort(s3, 1);
        Output(s3, 2);
        Rules(flows).Add(s3);
        InPort(Rule(flows, 4, 1), 2);

        var trace = Trace(flows.ToJsonString(), topology, program, plan);
        Assert.Empty(trace.Diagnostics);
        // The requests' route comes first; the replies still come back by s2, a path no proof covered: the trace
        // says so, and hands the replies' path (read in the flow's direction) to the checker as well.
        Assert.Equal(2, trace.Routes.Length);
        var route = trace.Routes[0];
        Assert.Equal<string>(["s1", "s3", "s4"], route.Devices);
        Assert.Equal([new Hop("s1", 2, "s3", 1), new Hop("s3", 2, "s4", 2)], route.Hops.ToArray());
        Assert.Equal<string>(["s1", "s2", "s4"], trace.Routes[1].Devices);
        var reply = Assert.Single(trace.Problems);
        Assert.Equal((TraceDirection.Reply, TraceProblemKind.Asymmetric), (reply.Direction, reply.Kind));
        Assert.Equal<string>(["s4", "s2", "s1"], reply.Devices);
        Assert.Equal(ViolationKind.UnexpectedRoute, reply.ToViolation().Kind);

        var report = ConfigurationChecker.Check(program, topology, plan with { Routes = trace.Routes });
        var violation = Assert.Single(report.Violations, v => v.Intent == "safe");
        Assert.Equal((ViolationKind.AvoidedDeviceUsed, "s3"), (violation.Kind, violation.Witness.Device));
        Assert.Equal<string>(["s1", "s3", "s4"], violation.Witness.DevicePath);
        Assert.Contains(report.Violations, v => v.Kind == ViolationKind.DuplicateRoute);
    }

    [Fact]
    public void RemovedRule_BlackHole()
    {
        var (program, topology, plan, flows) = AvoidScenario();
        Rules(flows).Remove(Rule(flows, 2, 1));
        var trace = Trace(flows.ToJsonString(), topology, program, plan);
        Assert.Empty(trace.Routes);
        var problem = Assert.Single(trace.Problems);
        Assert.Equal((TraceDirection.Request, TraceProblemKind.BlackHole, "s2"), (problem.Direction, problem.Kind, problem.FailedAt));
        Assert.Equal<string>(["s1", "s2"], problem.Devices);
        Assert.Contains("no rule of table 0 on 's2' matches", problem.Message, StringComparison.Ordinal);
        var violation = problem.ToViolation();
        Assert.Equal((StructuralCondition.Routing, ViolationKind.MissingRoute, "s2"), (violation.Intent, violation.Kind, violation.Witness.Device));
        // The checker, given the traced routes, also misses the route.
        Assert.Contains(ConfigurationChecker.Check(program, topology, plan with { Routes = trace.Routes }).Violations, v => v.Kind == ViolationKind.MissingRoute);
    }

    [Fact]
    public void RemovedReplyRule_BrokenFlow()
    {
        var (program, topology, plan, flows) = AvoidScenario();
        Rules(flows).Remove(Rule(flows, 2, 2));
        var trace = Trace(flows.ToJsonString(), topology, program, plan);
        Assert.Single(trace.Routes);
        var problem = Assert.Single(trace.Problems);
        Assert.Equal((TraceDirection.Reply, TraceProblemKind.BlackHole, "s2"), (problem.Direction, problem.Kind, problem.FailedAt));
        Assert.Equal<string>(["s4", "s2"], problem.Devices);
    }

    [Fact]
    public void TwoRulesPointingAtEachOther_Loop()
    {
        var (program, topology, plan, flows) = AvoidScenario();
        // s2 sends the requests back to s1, and s1 sends what arrives from s2 back to s2. OpenFlow sends a packet
        // back out of the port it came in by only for the logical port IN_PORT.
        Rule(flows, 2, 1)["treatment"]!["instructions"]![0]!["port"] = "IN_PORT";
        var back = Rule(flows, 1, 10).DeepClone().AsObject();
        InPort(back, 1);
        back["priority"] = 40001;
        back["treatment"]!["instructions"]![0]!["port"] = "IN_PORT";
        Rules(flows).Add(back);
        var trace = Trace(flows.ToJsonString(), topology, program, plan);
        Assert.Empty(trace.Routes);
        var loop = Assert.Single(trace.Problems, p => p.Direction == TraceDirection.Request);
        Assert.Equal((TraceProblemKind.Loop, "s2"), (loop.Kind, loop.FailedAt));
        Assert.Equal<string>(["s1", "s2", "s1", "s2"], loop.Devices);
    }

    [Fact]
    public void OutputToAnotherNode_Misdelivered()
    {
        var (program, topology, plan, flows) = AvoidScenario();
        Output(Rule(flows, 4, 1), 11);
        var trace = Trace(flows.ToJsonString(), topology, program, plan);
        var problem = Assert.Single(trace.Problems);
        Assert.Equal((TraceProblemKind.Misdelivered, "s4"), (problem.Kind, problem.FailedAt));
        Assert.Contains("'cloud-b'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetFlowsAnswer_ExtraFieldsAndRemovedRulesAndRealFixtureRule()
    {
        var (program, topology, plan, flows) = AvoidScenario();
        var id = 1000;
        foreach (var rule in Rules(flows))
        {
            rule!["id"] = (id++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            rule["state"] = "ADDED";
            rule["life"] = 1000;
            rule["packets"] = 5;
            rule["bytes"] = 500;
            rule["liveType"] = "UNKNOWN";
            rule["groupId"] = 0;
            rule["tableId"] = 0;
            rule["lastSeen"] = 1447892365670;
        }
        var trace = Trace(flows.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), topology, program, plan);
        Assert.Empty(trace.Diagnostics);
        Assert.Empty(trace.Problems);
        Assert.Equal(Canonical(plan.Routes), Canonical(trace.Routes));

        // A rule listed as REMOVED may still be in the switch (and in a POST body ONOS ignores 'state' and installs
        // it): both are followed, so the packets it would send out of s2's unused port 3 are lost.
        var removed = Rule(flows, 2, 1).DeepClone().AsObject();
        removed["state"] = "REMOVED";
        Output(removed, 3);
        removed["priority"] = 50000;
        Rules(flows).Add(removed);
        trace = Trace(flows.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), topology, program, plan);
        Assert.Empty(trace.Diagnostics);
        Assert.Equal(Canonical(plan.Routes), Canonical(trace.Routes));
        var lost = Assert.Single(trace.Problems);
        Assert.Equal((TraceProblemKind.BlackHole, "s2"), (lost.Kind, lost.FailedAt));
        Assert.Contains("(state REMOVED) is in the switch", lost.Message, StringComparison.Ordinal);
        Rules(flows).Remove(Rules(flows).Last());

        // The real codec fixture (temporary, IPv4 to the controller, priority 1) is shadowed by privc's rules.
        var fixture = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.SharedData, "onos", "examples", "simple-flow-entry.json")))!.AsObject();
        fixture["tableId"] = 0;
        Rules(flows).Add(fixture.DeepClone());
        trace = Trace(flows.ToJsonString(), topology, program, plan);
        Assert.Empty(trace.Diagnostics);
        Assert.Empty(trace.Problems);

        // Above privc's rules, while it is installed it sends every IPv4 packet on s1 to the controller, which privc
        // cannot follow: a cannot-judge finding at its instruction, never "compliant".
        fixture["priority"] = 45000;
        Rules(flows).Add(fixture);
        trace = Trace(flows.ToJsonString(), topology, program, plan);
        Assert.True(trace.HasUnjudged);
        Assert.Contains(trace.Diagnostics, d => d.Code == "PRIV5150" && d.Message.Contains("OUTPUT to CONTROLLER", StringComparison.Ordinal) && d.Message.Contains("while the temporary rule", StringComparison.Ordinal));
        Assert.Equal(Canonical(plan.Routes), Canonical(trace.Routes));
    }

    [Fact]
    public void SameNodePair_EmptyRouteWithoutRules()
    {
        var (program, topology) = Lab(string.Empty);
        var placements = ImmutableArray.Create(Place("front", "edge-1"), Place("store", "edge-1"));
        var trace = FlowTracer.Trace(new SourceText("flows.json", "{\"flows\": []}"), topology, program, placements);
        var route = Assert.Single(trace.Routes);
        Assert.Equal(("edge-1", "edge-1", 0), (route.SourceNode, route.TargetNode, route.Devices.Length));
        Assert.Empty(trace.Problems);
    }

    [Fact]
    public void ClientPortRule_SomePacketsTakeAnotherPath()
    {
        var (program, topology, plan, flows) = AvoidScenario();
        // A higher-priority rule on s1 diverts requests whose client port is 4444 towards s3 (which drops them).
        var divert = Rule(flows, 1, 10).DeepClone().AsObject();
        divert["priority"] = 45000;
        var criteria = divert["selector"]!["criteria"]!.AsArray();
        criteria.Add(new JsonObject { ["type"] = "IP_PROTO", ["protocol"] = 6 });
        criteria.Add(new JsonObject { ["type"] = "TCP_SRC", ["tcpPort"] = 4444 });
        Output(divert, 2);
        Rules(flows).Add(divert);
        var trace = Trace(flows.ToJsonString(), topology, program, plan);
        Assert.Equal<string>(["s1", "s2", "s4"], Assert.Single(trace.Routes).Devices);
        var problem = Assert.Single(trace.Problems);
        Assert.Equal((TraceDirection.Request, TraceProblemKind.BlackHole, "s3"), (problem.Direction, problem.Kind, problem.FailedAt));
        Assert.Contains("packets such as TCP 10.0.0.1:4444 -> 10.0.4.1:5432, untagged", problem.Message, StringComparison.Ordinal);
        Assert.Equal("TCP 10.0.0.1:4444 -> 10.0.4.1:5432, untagged", problem.Packet);
    }

    private static (BoundProgram, TopologyModel, Configuration) LabPlan()
    {
        var (program, topology) = Lab(string.Empty);
        return (program, topology, new Configuration([Place("front", "edge-1"), Place("store", "cloud-a")], [Route(topology, "save", "edge-1", "cloud-a", "s1", "s2", "s4")], []));
    }

    [Fact]
    [CoversDiagnostic("PRIV5020")]
    public void MalformedJson_DiagnosticWithLineAndColumn()
    {
        var (program, topology, plan) = LabPlan();
        var trace = Trace("{\n  \"flows\": [\n    {\"priority\": 1,, }\n  ]\n}\n", topology, program, plan);
        var diagnostic = Assert.Single(trace.Diagnostics);
        Assert.Equal("PRIV5020", diagnostic.Code);
        Assert.Equal((3, 20), diagnostic.Location!.Value.Start);
        Assert.True(trace.HasErrors);
        Assert.NotEmpty(trace.Problems);
    }

    [Fact]
    [CoversDiagnostic("PRIV5022")]
    public void UnknownDevice_DiagnosticAtTheDeviceId()
    {
        var (program, topology, plan) = LabPlan();
        const string Json = "{\"flows\": [\n  {\"priority\": 1, \"isPermanent\": true, \"deviceId\": \"of:00000000000000ff\"}\n]}";
        var diagnostic = Assert.Single(Trace(Json, topology, program, plan).Diagnostics);
        Assert.Equal("PRIV5022", diagnostic.Code);
        Assert.Equal((2, 52), diagnostic.Location!.Value.Start);
        Assert.Contains("of:00000000000000ff", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [CoversDiagnostic("PRIV5021")]
    [InlineData("{\"flow\": []}", 1, 1, "'flows' array")]
    [InlineData("{\"flows\": [{\"deviceId\": \"of:0000000000000001\", \"isPermanent\": true}]}", 1, 12, "'priority'")]
    [InlineData("{\"flows\": [{\"priority\": 1, \"isPermanent\": true}]}", 1, 12, "'deviceId'")]
    [InlineData("{\"flows\": [{\"priority\": 1, \"isPermanent\": true, \"deviceId\": \"s1\", \"selector\": {\"criteria\": [{\"type\": \"IPV4_DST\", \"ip\": \"10.0.4.1\"}]}}]}", 1, 120, "/len")]
    [InlineData("{\"flows\": [{\"priority\": 1, \"isPermanent\": true, \"deviceId\": \"s1\", \"treatment\": {\"instructions\": [{\"type\": \"OUTPUT\"}]}}]}", 1, 98, "'port'")]
    public void InvalidRule_DiagnosticAtTheElement(string json, int line, int column, string expected)
    {
        var (program, topology, plan) = LabPlan();
        var diagnostic = Assert.Single(Trace(json, topology, program, plan).Diagnostics);
        Assert.Equal("PRIV5021", diagnostic.Code);
        Assert.Equal((line, column), diagnostic.Location!.Value.Start);
        Assert.Contains(expected, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV5150")]
    public void EthernetSourceRuleToController_ModelledExactly_CannotJudgeThoseRequests()
    {
        var (program, topology, plan) = LabPlan();
        var flows = JsonNode.Parse(Flows(program, topology, plan))!.AsObject();
        // Requests from one MAC address are sent to the controller on s2.
        var s2 = Rule(flows, 2, 1).DeepClone().AsObject();
        s2["priority"] = 45000;
        s2["selector"]!["criteria"]!.AsArray().Add(new JsonObject { ["type"] = "ETH_SRC", ["mac"] = "00:11:22:33:44:55" });
        s2["treatment"]!["instructions"]![0]!["port"] = "CONTROLLER";
        Rules(flows).Add(s2);
        var text = flows.ToJsonString();
        var trace = Trace(text, topology, program, plan);
        var diagnostic = Assert.Single(trace.Diagnostics);
        Assert.Equal(("PRIV5150", Privc.Diagnostics.Severity.Warning), (diagnostic.Code, diagnostic.Severity));
        Assert.Contains("Ethernet source 00:11:22:33:44:55", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("OUTPUT to CONTROLLER", diagnostic.Message, StringComparison.Ordinal);
        // Located at the port of the OUTPUT instruction of the added rule (the last rule of the file).
        Assert.Equal(text.LastIndexOf("\"CONTROLLER\"", StringComparison.Ordinal), diagnostic.Location!.Value.Span.Start);
        // Every other packet still takes the proven route.
        Assert.Equal<string>(["s1", "s2", "s4"], Assert.Single(trace.Routes).Devices);
        Assert.Empty(trace.Problems);
    }

    [Fact]
    public void ManyPortRules_SameOutput_TracedExactlyWithoutProblems()
    {
        var (program, topology) = Lab(string.Empty, LabTopology.Services.Replace(" port 5432;", ";", StringComparison.Ordinal));
        var plan = new Configuration([Place("front", "edge-1"), Place("store", "cloud-a")], [Route(topology, "save", "edge-1", "cloud-a", "s1", "s2", "s4")], []);
        var flows = JsonNode.Parse(Flows(program, topology, plan))!.AsObject();
        var template = Rule(flows, 4, 1);
        for (var port = 1; port <= 23; port++)
        {
            foreach (var field in new[] { "TCP_SRC", "TCP_DST" })
            {
                var rule = template.DeepClone().AsObject();
                rule["priority"] = 45000;
                rule["selector"]!["criteria"]!.AsArray().Add(new JsonObject { ["type"] = "IP_PROTO", ["protocol"] = 6 });
                rule["selector"]!["criteria"]!.AsArray().Add(new JsonObject { ["type"] = field, ["tcpPort"] = port });
                Rules(flows).Add(rule);
            }
        }
        var trace = Trace(flows.ToJsonString(), topology, program, plan);
        Assert.Empty(trace.Diagnostics);
        Assert.Empty(trace.Problems);
        Assert.Equal<string>(["s1", "s2", "s4"], Assert.Single(trace.Routes).Devices);
    }
}
