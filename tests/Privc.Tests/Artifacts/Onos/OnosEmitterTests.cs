using System.Collections.Immutable;
using System.Text.Json;
using Privc.Artifacts;
using Privc.Artifacts.Onos;
using Privc.Checking;
using Privc.Semantics;
using Privc.Tests.Verification;
using Privc.Topology;
using static Privc.Tests.Artifacts.Onos.OnosPlans;

namespace Privc.Tests.Artifacts.Onos;

[Collection(ProvenExamplesCollection.Name)]
public class OnosEmitterTests(ProvenExamples examples)
{
    private const string Digest = "0123456789abcdef0123456789abcdef";

    private static string OnosData => Path.Combine(TestPaths.SharedData, "onos");

    private static string[] RequiredPerFlow()
    {
        // The swagger model of POST /flows lists what each flow must carry.
        using var model = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(OnosData, "FlowsBatchPost.json")));
        return model.RootElement.GetProperty("properties").GetProperty("flows").GetProperty("items").GetProperty("required")
            .EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    private static string File(ImmutableArray<ArtifactFile> files, string path) => Assert.Single(files, f => f.Path == path).Content;

    [Theory]
    [MemberData(nameof(ProvenExamples.Names), MemberType = typeof(ProvenExamples))]
    public void Example_FlowsAreValidCodecInputAndDeterministic(string example)
    {
        var (program, topology, plan) = examples.Get(example);
        var files = OnosEmitter.Emit(program, topology, plan, Digest);
        var again = OnosEmitter.Emit(program, topology, plan, Digest);
        Assert.Equal(files.Select(f => (f.Path, f.Content)), again.Select(f => (f.Path, f.Content)));
        var flows = File(files, "onos/flows.json");
        Assert.EndsWith("}\n", flows, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", flows, StringComparison.Ordinal);

        using var document = JsonDocument.Parse(flows);
        var problems = OnosCodecValidator.ValidateBatch(document.RootElement, RequiredPerFlow());
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // Two rules (request and reply) per device of every route with devices, before sharing; at most as many ARP rules.
        var rules = document.RootElement.GetProperty("flows").EnumerateArray().ToList();
        var needed = plan.Routes.Sum(r => r.Devices.Length);
        Assert.InRange(rules.Count(r => !PodNetworkEmitterTests.IsArp(r)), needed > 0 ? 2 : 0, 2 * needed);
        Assert.InRange(rules.Count(PodNetworkEmitterTests.IsArp), needed > 0 ? 2 : 0, 2 * needed);
        Assert.Equal(plan.Routes.Any(r => r.Devices.Length > 0), rules.Count > 0);
        Assert.All(rules, r => Assert.NotNull(topology.FindDevice(r.GetProperty("deviceId").GetString()!)));

        // Same top-level structure as the real codec fixture: every field we write is one ONOS writes for a flow.
        using var fixture = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(OnosData, "examples", "simple-flow-entry.json")));
        var known = fixture.RootElement.EnumerateObject().Select(p => p.Name).Append("appId").ToHashSet();
        Assert.All(rules, r => Assert.Subset(known, r.EnumerateObject().Select(p => p.Name).ToHashSet()));
        var treatmentKeys = fixture.RootElement.GetProperty("treatment").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.All(rules, r => Assert.Equal(treatmentKeys, r.GetProperty("treatment").EnumerateObject().Select(p => p.Name).ToHashSet()));
    }

    [Fact]
    public void Validator_AcceptsTheRealFixturesAndRejectsBrokenRules()
    {
        foreach (var name in new[] { "simple-flow.json", "simple-flow-entry.json", "instructions-flow.json" })
        {
            using var fixture = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(OnosData, "examples", name)));
            Assert.Empty(OnosCodecValidator.ValidateFlow(fixture.RootElement, RequiredPerFlow()));
        }
        var (program, topology) = Lab(string.Empty);
        var plan = LabPlan(topology);
        var flows = File(OnosEmitter.Emit(program, topology, plan, Digest), "onos/flows.json");
        foreach (var (broken, problem) in new[]
        {
            (flows.Replace("/32\"", "\"", StringComparison.Ordinal), "/len"),
            (flows.Replace("\"ethType\": \"0x0800\"", "\"ethType\": \"0x0806\"", StringComparison.Ordinal), "ETH_TYPE 0x0800"),
            (flows.Replace("\"deviceId\"", "\"device\"", StringComparison.Ordinal), "deviceId"),
            (flows.Replace("\"isPermanent\": true", "\"isPermanent\": false", StringComparison.Ordinal).Replace("\"timeout\": 0,", string.Empty, StringComparison.Ordinal), "timeout"),
        })
        {
            using var document = JsonDocument.Parse(broken);
            Assert.Contains(OnosCodecValidator.ValidateBatch(document.RootElement, RequiredPerFlow()), p => p.Contains(problem, StringComparison.Ordinal));
        }
    }

    /// <summary>front on edge-1 (10.0.0.1, s1 port 10), store on cloud-a (10.0.4.1, s4 port 10), through the firewall s2.</summary>
    private static Configuration LabPlan(TopologyModel topology, params Route[] extra) => new(
        [Place("front", "edge-1"), Place("store", "cloud-a")],
        [Route(topology, "save", "edge-1", "cloud-a", "s1", "s2", "s4"), .. extra],
        [new AllowedFlow("front", "store", 5432)]);

    /// <summary>The IPv4 rules as text (the ARP rules have tests of their own, <see cref="PodNetworkEmitterTests"/>).</summary>
    private static List<string> Rules(string flows)
    {
        using var document = JsonDocument.Parse(flows);
        return document.RootElement.GetProperty("flows").EnumerateArray().Where(r => !PodNetworkEmitterTests.IsArp(r)).Select(r =>
        {
            var criteria = r.GetProperty("selector").GetProperty("criteria").EnumerateArray()
                .Select(c => c.GetProperty("type").GetString() + "=" + string.Join("/", c.EnumerateObject().Where(p => p.Name != "type").Select(p => p.Value.ToString())));
            var output = string.Join(",", r.GetProperty("treatment").GetProperty("instructions").EnumerateArray().Select(i => i.GetProperty("port").GetString()));
            return $"{r.GetProperty("deviceId").GetString()} [{string.Join(" ", criteria)}] -> {output}";
        }).ToList();
    }

    [Fact]
    public void Lab_OneRoute_TwoRulesPerDeviceInBothDirections()
    {
        var (program, topology) = Lab(string.Empty);
        var files = OnosEmitter.Emit(program, topology, LabPlan(topology), Digest);
        const string Fwd = "ETH_TYPE=0x0800 IPV4_SRC=10.0.0.1/32 IPV4_DST=10.0.4.1/32";
        const string Rev = "ETH_TYPE=0x0800 IPV4_SRC=10.0.4.1/32 IPV4_DST=10.0.0.1/32";
        Assert.Equal(
            [
                $"of:0000000000000001 [IN_PORT=1 {Rev}] -> 10",
                $"of:0000000000000001 [IN_PORT=10 {Fwd}] -> 1",
                $"of:0000000000000002 [IN_PORT=1 {Fwd}] -> 2",
                $"of:0000000000000002 [IN_PORT=2 {Rev}] -> 1",
                $"of:0000000000000004 [IN_PORT=1 {Fwd}] -> 10",
                $"of:0000000000000004 [IN_PORT=10 {Rev}] -> 1",
            ],
            Rules(File(files, "onos/flows.json")));
        Assert.StartsWith("""
            {
              "flows": [
                {
                  "priority": 40000,
                  "timeout": 0,
                  "isPermanent": true,
                  "deviceId": "of:0000000000000001",
                  "appId": "io.privc",
                  "treatment": {
                    "instructions": [
                      {
                        "type": "OUTPUT",
                        "port": "10"
                      }
                    ],
                    "deferred": []
                  },
                  "selector": {
                    "criteria": [
                      {
                        "type": "IN_PORT",
                        "port": 1
                      },
                      {
                        "type": "ETH_TYPE",
                        "ethType": "0x0800"
                      },
            """.ReplaceLineEndings("\n"), File(files, "onos/flows.json"), StringComparison.Ordinal);
    }

    private const string TwoFlows = """
        data Records: restricted tags PII;
        service front { image "r/front:1"; replicas 1; cpu 500m; memory 256Mi; ports 8080; tenant clinic; clearance restricted; handles Records; }
        service store { image "r/store:1"; replicas 1; cpu 1; memory 1Gi; ports 5432, 9000; tenant clinic; clearance restricted; }
        flow save: front -> store carries Records bandwidth 100Mbps port 5432;
        flow audit: front -> store bandwidth 1Mbps {AUDIT};

        """;

    [Theory]
    [InlineData("port 9000")]
    [InlineData("")]
    public void Lab_TwoFlowsSamePath_ShareTheirRules(string port)
    {
        var (program, topology) = Lab(string.Empty, TwoFlows.Replace("{AUDIT}", port, StringComparison.Ordinal));
        var plan = LabPlan(topology, Route(topology, "audit", "edge-1", "cloud-a", "s1", "s2", "s4"));
        Assert.Equal(6, Rules(File(OnosEmitter.Emit(program, topology, plan, Digest), "onos/flows.json")).Count);
    }

    [Fact]
    public void Lab_TwoFlowsDifferentPaths_MatchTheirTcpPorts()
    {
        var (program, topology) = Lab(string.Empty, TwoFlows.Replace("{AUDIT}", "port 9000", StringComparison.Ordinal));
        var plan = LabPlan(topology, Route(topology, "audit", "edge-1", "cloud-a", "s1", "s3", "s4"));
        var rules = Rules(File(OnosEmitter.Emit(program, topology, plan, Digest), "onos/flows.json"));
        Assert.Equal(12, rules.Count);
        Assert.Contains("of:0000000000000001 [IN_PORT=10 ETH_TYPE=0x0800 IPV4_SRC=10.0.0.1/32 IPV4_DST=10.0.4.1/32 IP_PROTO=6 TCP_DST=9000] -> 2", rules);
        Assert.Contains("of:0000000000000001 [IN_PORT=10 ETH_TYPE=0x0800 IPV4_SRC=10.0.0.1/32 IPV4_DST=10.0.4.1/32 IP_PROTO=6 TCP_DST=5432] -> 1", rules);
        Assert.Contains("of:0000000000000004 [IN_PORT=10 ETH_TYPE=0x0800 IPV4_SRC=10.0.4.1/32 IPV4_DST=10.0.0.1/32 IP_PROTO=6 TCP_SRC=9000] -> 2", rules);
        Assert.Contains("of:0000000000000003 [IN_PORT=1 ETH_TYPE=0x0800 IPV4_SRC=10.0.0.1/32 IPV4_DST=10.0.4.1/32 IP_PROTO=6 TCP_DST=9000] -> 2", rules);
    }

    [Fact]
    [CoversDiagnostic("PRIV5025")]
    public void Lab_DifferentPathsWithoutAPort_CannotBeRealised()
    {
        var (program, topology) = Lab(string.Empty, TwoFlows.Replace("{AUDIT}", string.Empty, StringComparison.Ordinal));
        var plan = LabPlan(topology, Route(topology, "audit", "edge-1", "cloud-a", "s1", "s3", "s4"));
        var emission = OnosEmitter.Build(program, topology, plan, Digest);
        Assert.False(emission.Succeeded);
        Assert.Empty(emission.Files);
        var diagnostic = Assert.Single(emission.Diagnostics, d => d.Code == "PRIV5025" && d.Message.Contains("'audit'", StringComparison.Ordinal));
        Assert.Equal(program.Flow("audit").Location, diagnostic.Location);
        Assert.Throws<OnosEmitException>(() => OnosEmitter.Emit(program, topology, plan, Digest));
    }

    [Fact]
    public void Lab_OppositeFlowsOnDifferentPaths_RequestRulesWinOverReplyRules()
    {
        // back: store -> front (port 8080) on s4,s3,s1. Between edge-1 and cloud-a the requests of save (TCP
        // destination 5432) and the replies of back (TCP source 8080) leave s1 by different ports.
        var services = LabTopology.Services + "flow back: store -> front bandwidth 1Mbps port 8080;\n";
        var (program, topology) = Lab(string.Empty, services);
        var plan = LabPlan(topology, Route(topology, "back", "cloud-a", "edge-1", "s4", "s3", "s1"));
        var flows = File(OnosEmitter.Emit(program, topology, plan, Digest), "onos/flows.json");
        using var document = JsonDocument.Parse(flows);
        var s1 = document.RootElement.GetProperty("flows").EnumerateArray()
            .Where(r => !PodNetworkEmitterTests.IsArp(r) && r.GetProperty("deviceId").GetString() == "of:0000000000000001" && r.GetProperty("selector").GetProperty("criteria")[0].GetProperty("port").GetInt32() == 10)
            .Select(r => (r.GetProperty("priority").GetInt32(), r.GetProperty("selector").GetProperty("criteria")[5].GetProperty("type").GetString(), r.GetProperty("treatment").GetProperty("instructions")[0].GetProperty("port").GetString()))
            .Order().ToList();
        Assert.Equal([(40000, "TCP_SRC", "2"), (40001, "TCP_DST", "1")], s1);
        var trace = FlowTracer.Trace(new Privc.Text.SourceText("flows.json", flows), topology, program, plan.Placements);
        Assert.Empty(trace.Problems);
        Assert.Equal(Canonical(plan.Routes), Canonical(trace.Routes));
    }

    [Fact]
    public void Lab_SameNode_NoRules()
    {
        var (program, topology) = Lab(string.Empty);
        var plan = new Configuration([Place("front", "edge-1"), Place("store", "edge-1")], [new Route("save", "edge-1", "edge-1", [], [])], []);
        Assert.Equal("{\n  \"flows\": []\n}\n", File(OnosEmitter.Emit(program, topology, plan, Digest), "onos/flows.json"));
    }

    [Fact]
    public void Lab_Intents_CarryWaypointsObstaclesAndLatency()
    {
        var (program, topology) = Lab("intent safe: route save avoid devices where trust < medium, latency <= 4500us;");
        var files = OnosEmitter.Emit(program, topology, LabPlan(topology), Digest);
        // One file per intent, each a single intent object: the body of one POST /onos/v1/intents, which decodes exactly one.
        var intentFiles = files.Where(f => f.Path.StartsWith(OnosEmitter.IntentsFolder, StringComparison.Ordinal)).ToList();
        Assert.Equal(["onos/intents/cloud-a_to_edge-1.json", "onos/intents/edge-1_to_cloud-a.json"], intentFiles.Select(f => f.Path));
        var intents = intentFiles.Select(f => JsonDocument.Parse(f.Content).RootElement).ToList();
        Assert.All(intents, i => Assert.Equal(JsonValueKind.Object, i.ValueKind));
        Assert.All(intents, i => Assert.Equal("PointToPointIntent", i.GetProperty("type").GetString()));
        var request = Assert.Single(intents, i => i.GetProperty("key").GetString() == "privc:0123456789ab:edge-1->cloud-a");
        Assert.Equal("PointToPointIntent", request.GetProperty("type").GetString());
        Assert.Equal("""{"port":"10","device":"of:0000000000000001"}""", JsonSerializer.Serialize(request.GetProperty("ingressPoint")));
        Assert.Equal("""{"port":"10","device":"of:0000000000000004"}""", JsonSerializer.Serialize(request.GetProperty("egressPoint")));
        var constraints = request.GetProperty("constraints").EnumerateArray().ToDictionary(c => c.GetProperty("type").GetString()!);
        Assert.Equal("""["of:0000000000000002"]""", constraints["WaypointConstraint"].GetProperty("waypoints").GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal));
        Assert.Equal("of:0000000000000003", Assert.Single(constraints["ObstacleConstraint"].GetProperty("obstacles").EnumerateArray()).GetString());
        Assert.Equal(4, constraints["LatencyConstraint"].GetProperty("latencyMillis").GetInt64());

        // Each constraint and the intent itself have the fields of ONOS's codec fixtures and the swagger model.
        foreach (var (type, constraint) in constraints)
        {
            using var fixture = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(OnosData, "examples", $"{type}.json")));
            Assert.Equal(fixture.RootElement.EnumerateObject().Select(p => p.Name).Order(), constraint.EnumerateObject().Select(p => p.Name).Order());
        }
        using var model = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(OnosData, "IntentPoint.json")));
        foreach (var required in model.RootElement.GetProperty("required").EnumerateArray())
        {
            Assert.True(request.TryGetProperty(required.GetString()!, out _), required.GetString());
        }
        using var p2p = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(OnosData, "examples", "PointToPointIntent.json")));
        Assert.Subset(p2p.RootElement.EnumerateObject().Select(p => p.Name).Append("key").ToHashSet(), request.EnumerateObject().Select(p => p.Name).ToHashSet());
        var problems = OnosCodecValidator.ValidateFlow(JsonDocument.Parse($$"""{"priority":1,"isPermanent":true,"selector":{{request.GetProperty("selector").GetRawText()}}}""").RootElement, []);
        Assert.Empty(problems);
    }
}
