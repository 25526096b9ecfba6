using System.Text.Json;
using Privc.Artifacts.Onos;
using Privc.Checking;
using Privc.Tests.Verification;
using Privc.Topology;
using static Privc.Tests.Artifacts.Onos.OnosPlans;

namespace Privc.Tests.Artifacts.Onos;

/// <summary>Flow rules on pod CIDRs, ARP rules along the proven paths, and the CNI modes the emitter refuses (specs/onos.md).</summary>
public class PodNetworkEmitterTests
{
    private const string Digest = "0123456789abcdef0123456789abcdef";

    /// <summary>The lab topology with a pod CIDR on every node but cloud-b, which keeps its node address.</summary>
    public static readonly string PodLab = LabTopology.Yaml
        .Replace("ip: 10.0.0.1,", "ip: 10.0.0.1, podCidr: 10.244.1.0/24,", StringComparison.Ordinal)
        .Replace("ip: 10.0.0.2,", "ip: 10.0.0.2, podCidr: 10.244.2.0/24,", StringComparison.Ordinal)
        .Replace("ip: 10.0.4.1,", "ip: 10.0.4.1, podCidr: 10.244.64.0/18,", StringComparison.Ordinal)
        .Replace("ip: 10.0.5.1,", "ip: 10.0.5.1, podCidr: 10.245.0.0/16,", StringComparison.Ordinal);

    public static bool IsArp(JsonElement rule) =>
        rule.GetProperty("selector").GetProperty("criteria").EnumerateArray().Any(c => c.GetProperty("type").GetString() == "ETH_TYPE" && c.GetProperty("ethType").GetString() == "0x0806");

    private static (Privc.Semantics.BoundProgram Program, TopologyModel Topology) PodLabProgram()
    {
        var topology = TestSources.LoadTopology(PodLab);
        var compilation = TestSources.Compile(LabTopology.Services, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        return (compilation.Program!, topology);
    }

    private static Configuration Plan(TopologyModel topology, string target = "cloud-a") => new(
        [Place("front", "edge-1"), Place("store", target)],
        [Route(topology, "save", "edge-1", target, "s1", "s2", "s4")],
        [new AllowedFlow("front", "store", 5432)]);

    private static List<string> Describe(string flows, bool arp)
    {
        using var document = JsonDocument.Parse(flows);
        return document.RootElement.GetProperty("flows").EnumerateArray().Where(r => IsArp(r) == arp).Select(r =>
        {
            var criteria = r.GetProperty("selector").GetProperty("criteria").EnumerateArray()
                .Select(c => c.GetProperty("type").GetString() + "=" + string.Join("/", c.EnumerateObject().Where(p => p.Name != "type").Select(p => p.Value.ToString())));
            var output = string.Join(",", r.GetProperty("treatment").GetProperty("instructions").EnumerateArray().Select(i => i.GetProperty("port").GetString()));
            return $"{r.GetProperty("deviceId").GetString()} {r.GetProperty("priority").GetInt32()} [{string.Join(" ", criteria)}] -> {output}";
        }).ToList();
    }

    [Fact]
    public void Emit_NodesWithPodCidrs_MatchThePodCidrsOfThePair()
    {
        var (program, topology) = PodLabProgram();
        var flows = Assert.Single(OnosEmitter.Emit(program, topology, Plan(topology), Digest), f => f.Path == OnosEmitter.FlowsPath).Content;
        const string Fwd = "ETH_TYPE=0x0800 IPV4_SRC=10.244.1.0/24 IPV4_DST=10.244.64.0/18";
        const string Rev = "ETH_TYPE=0x0800 IPV4_SRC=10.244.64.0/18 IPV4_DST=10.244.1.0/24";
        Assert.Equal(
            [
                $"of:0000000000000001 40000 [IN_PORT=1 {Rev}] -> 10",
                $"of:0000000000000001 40000 [IN_PORT=10 {Fwd}] -> 1",
                $"of:0000000000000002 40000 [IN_PORT=1 {Fwd}] -> 2",
                $"of:0000000000000002 40000 [IN_PORT=2 {Rev}] -> 1",
                $"of:0000000000000004 40000 [IN_PORT=1 {Fwd}] -> 10",
                $"of:0000000000000004 40000 [IN_PORT=10 {Rev}] -> 1",
            ],
            Describe(flows, arp: false));
    }

    [Fact]
    public void Emit_NodeWithoutPodCidr_KeepsItsAddress()
    {
        var (program, topology) = PodLabProgram();
        var flows = Assert.Single(OnosEmitter.Emit(program, topology, Plan(topology, "cloud-b"), Digest), f => f.Path == OnosEmitter.FlowsPath).Content;
        Assert.Contains("of:0000000000000001 40000 [IN_PORT=10 ETH_TYPE=0x0800 IPV4_SRC=10.244.1.0/24 IPV4_DST=10.0.4.2/32] -> 1", Describe(flows, arp: false));
    }

    [Fact]
    public void Emit_ArpRules_FollowBothDirectionsOfTheProvenPathOnly()
    {
        var (program, topology) = PodLabProgram();
        var flows = Assert.Single(OnosEmitter.Emit(program, topology, Plan(topology), Digest), f => f.Path == OnosEmitter.FlowsPath).Content;
        Assert.Equal(
            [
                "of:0000000000000001 40001 [IN_PORT=1 ETH_TYPE=0x0806] -> 10",
                "of:0000000000000001 40001 [IN_PORT=10 ETH_TYPE=0x0806] -> 1",
                "of:0000000000000002 40001 [IN_PORT=1 ETH_TYPE=0x0806] -> 2",
                "of:0000000000000002 40001 [IN_PORT=2 ETH_TYPE=0x0806] -> 1",
                "of:0000000000000004 40001 [IN_PORT=1 ETH_TYPE=0x0806] -> 10",
                "of:0000000000000004 40001 [IN_PORT=10 ETH_TYPE=0x0806] -> 1",
            ],
            Describe(flows, arp: true));
        // What the tracer reads back: the ARP rules carry no data and stay on the route.
        var trace = FlowTracer.Trace(new Privc.Text.SourceText("flows.json", flows), topology, program, Plan(topology).Placements);
        Assert.Empty(trace.Problems);
        Assert.Empty(trace.Diagnostics);
        Assert.Empty(trace.RuleFindings);
        Assert.Equal(["save edge-1->cloud-a: s1,s2,s4 | s1:1->s2:1,s2:2->s4:1"], Canonical(trace.Routes));
    }

    [Fact]
    public void Emit_TwoReplicasBehindOneSwitch_OneArpRuleCopiesToBoth()
    {
        var (program, topology) = PodLabProgram();
        var plan = new Configuration(
            [Place("front", "edge-1"), Place("store", "cloud-a", "cloud-b")],
            [Route(topology, "save", "edge-1", "cloud-a", "s1", "s2", "s4"), Route(topology, "save", "edge-1", "cloud-b", "s1", "s2", "s4")],
            [new AllowedFlow("front", "store", 5432)]);
        var flows = Assert.Single(OnosEmitter.Emit(program with { Services = [.. program.Services.Select(s => s.Name == "store" ? s with { Replicas = 2 } : s)] }, topology, plan, Digest), f => f.Path == OnosEmitter.FlowsPath).Content;
        Assert.Contains("of:0000000000000004 40001 [IN_PORT=1 ETH_TYPE=0x0806] -> 10,11", Describe(flows, arp: true));
        Assert.Equal(7, Describe(flows, arp: true).Count);
    }

    [Fact]
    [CoversDiagnostic("PRIV8013")]
    public void Build_EncapsulatingCni_RefusesAtTheDeclaredMode()
    {
        var topology = TestSources.LoadTopology("network: {cni: vxlan}\n" + PodLab);
        var compilation = TestSources.Compile(LabTopology.Services, topology);
        var emission = OnosEmitter.Build(compilation.Program!, topology, Plan(topology), Digest);
        Assert.False(emission.Succeeded);
        Assert.Empty(emission.Files);
        var diagnostic = Assert.Single(emission.Diagnostics);
        Assert.Equal("PRIV8013", diagnostic.Code);
        Assert.Equal(1, diagnostic.Location!.Value.Start.Line);
        Assert.Contains("CNI mode 'vxlan'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV8013")]
    public void Compile_EncapsulatingCni_ExitsOneBeforeSolvingAndWritesNothing()
    {
        var folder = CliRunner.TempFolder();
        var intents = Path.Combine(folder, "lab.priv");
        var topologyFile = Path.Combine(folder, "topology.yaml");
        File.WriteAllText(intents, LabTopology.Services + "intent front_edge: place front on tier == edge;\n");
        File.WriteAllText(topologyFile, PodLab.Replace("name: lab\n", "name: lab\nnetwork: {cni: geneve}\n", StringComparison.Ordinal));
        var output = Path.Combine(folder, "out");

        var result = CliRunner.Run(["compile", intents, "--topology", topologyFile, "--out", output]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("topology.yaml:2:16: error PRIV8013: the topology declares CNI mode 'geneve'", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    [CoversDiagnostic("PRIV8015")]
    public void Compile_RoutedCni_Compiles_AndCheckRefusesTheRulesUnderAnEncapsulatingCni()
    {
        var folder = CliRunner.TempFolder();
        var intents = Path.Combine(folder, "lab.priv");
        var topologyFile = Path.Combine(folder, "topology.yaml");
        // The store in the cloud, so that the flow crosses switches and has rules to judge.
        File.WriteAllText(intents, LabTopology.Services + "intent front_edge: place front on tier == edge;\nintent store_cloud: place store on tier == cloud;\n");
        File.WriteAllText(topologyFile, PodLab.Replace("name: lab\n", "name: lab\nnetwork: {cni: routed}\n", StringComparison.Ordinal));
        var output = Path.Combine(folder, "out");

        var result = CliRunner.Run(["compile", intents, "--topology", topologyFile, "--out", output, "--timeout", "120"]);

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        var flows = Path.Combine(output, "onos", "flows.json");
        Assert.Contains("\"ethType\": \"0x0806\"", File.ReadAllText(flows), StringComparison.Ordinal);
        string[] check = ["check", intents, "--topology", topologyFile, "--manifests", Path.Combine(output, "kubernetes"),
            "--nodes", Path.Combine(output, "kubernetes", "operator", "node-setup.yaml"), "--flows", flows];
        var compliant = CliRunner.Run(check);
        Assert.True(compliant.ExitCode == 0, compliant.Out + compliant.Error);

        // The same cluster declared as VXLAN: the rules on pod addresses cannot be judged, and check says so.
        File.WriteAllText(topologyFile, File.ReadAllText(topologyFile).Replace("cni: routed", "cni: vxlan", StringComparison.Ordinal));
        var refused = CliRunner.Run(check);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("topology.yaml:2:16: error PRIV8015: the topology declares CNI mode 'vxlan'", refused.Error, StringComparison.Ordinal);
    }

    /// <summary>A ring a -> b -> c -> a with a node on each, and three flows each going two hops clockwise.</summary>
    private const string Ring = """
        name: ring
        devices:
          - {id: "of:a", name: a}
          - {id: "of:b", name: b}
          - {id: "of:c", name: c}
        nodes:
          - {name: na, capacity: {cpu: 4, memory: 8Gi}, ip: 10.0.0.1, podCidr: 10.244.1.0/24, attach: {device: a, port: 10}}
          - {name: nb, capacity: {cpu: 4, memory: 8Gi}, ip: 10.0.0.2, podCidr: 10.244.2.0/24, attach: {device: b, port: 10}}
          - {name: nc, capacity: {cpu: 4, memory: 8Gi}, ip: 10.0.0.3, podCidr: 10.244.3.0/24, attach: {device: c, port: 10}}
        links:
          - {a: {device: a, port: 1}, b: {device: b, port: 1}, latency: 1ms, bandwidth: 1Gbps}
          - {a: {device: b, port: 2}, b: {device: c, port: 1}, latency: 1ms, bandwidth: 1Gbps}
          - {a: {device: c, port: 2}, b: {device: a, port: 2}, latency: 1ms, bandwidth: 1Gbps}
        """;

    [Fact]
    [CoversDiagnostic("PRIV8014")]
    public void Build_ArpRulesThatWouldLoopRoundARing_AreRefused()
    {
        var topology = TestSources.LoadTopology(Ring);
        var compilation = TestSources.Compile("""
            service x { image "r/x:1"; replicas 1; cpu 1; memory 1Gi; ports 80; }
            service y { image "r/y:1"; replicas 1; cpu 1; memory 1Gi; ports 80; }
            service z { image "r/z:1"; replicas 1; cpu 1; memory 1Gi; ports 80; }
            flow xz: x -> z port 80;
            flow yx: y -> x port 80;
            flow zy: z -> y port 80;
            """, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        var plan = new Configuration(
            [Place("x", "na"), Place("y", "nb"), Place("z", "nc")],
            [Route(topology, "xz", "na", "nc", "a", "b", "c"), Route(topology, "yx", "nb", "na", "b", "c", "a"), Route(topology, "zy", "nc", "nb", "c", "a", "b")],
            [new AllowedFlow("x", "z", 80), new AllowedFlow("y", "x", 80), new AllowedFlow("z", "y", 80)]);

        var emission = OnosEmitter.Build(compilation.Program!, topology, plan, Digest);

        Assert.False(emission.Succeeded);
        var diagnostic = Assert.Single(emission.Diagnostics);
        Assert.Equal("PRIV8014", diagnostic.Code);
        Assert.Contains("would send ARP back into device", diagnostic.Message, StringComparison.Ordinal);
    }
}
