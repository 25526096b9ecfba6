using System.Text.Json.Nodes;
using Privc.Artifacts.Onos;
using Privc.Checking;
using Privc.Tests.Artifacts.Onos;
using Privc.Text;
using Xunit.Abstractions;

namespace Privc.Tests.EndToEnd;

/// <summary>
/// A fact that needs the Open vSwitch lab (<see cref="OvsNetwork"/>) and z3. Skipped with the reason where they are
/// missing — except under CI (<c>CI=true</c>) as root, where the test runs and fails on the missing tool, so CI
/// cannot skip it silently.
/// </summary>
public sealed class OvsFactAttribute : FactAttribute
{
    public OvsFactAttribute()
    {
        var missing = OvsNetwork.MissingPrerequisite() ?? (Solvers.Z3Available ? null : "z3 is not on PATH; install it with 'apt-get install z3'");
        if (missing is not null && !MustRun)
        {
            Skip = missing;
        }
    }

    /// <summary>CI runs as root and installs OVS: there a missing prerequisite is a failure, not a skip.</summary>
    public static bool MustRun =>
        Environment.IsPrivilegedProcess && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// End to end: the ONOS flow rules privc emits for a proven plan, installed in user-space Open vSwitch bridges
/// wired like the topology, carry real packets between the replicas' nodes along the proven path and never through
/// the device an intent forbids; deleting the rules of one device on the path black-holes the traffic exactly
/// where <see cref="FlowTracer"/> says it does.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(OvsNetwork.Collection)]
public class OvsFlowRuleTests(ITestOutputHelper output)
{
    /// <summary>
    /// A ladder: s1 reaches s4 over the untrusted s3 (two hops, 2 ms) or over the trusted s2 and s5 (three hops,
    /// 6 ms). The front runs on app-1 behind s1, the two store replicas on db-1 and db-2 behind s4.
    /// </summary>
    public const string TopologyYaml = """
        name: ovs-ladder
        scales:
          trust: [untrusted, low, high]
        devices:
          - {id: "of:0000000000000001", name: s1, labels: {trust: high}}
          - {id: "of:0000000000000002", name: s2, labels: {trust: high}}
          - {id: "of:0000000000000003", name: s3, labels: {trust: untrusted}}
          - {id: "of:0000000000000004", name: s4, labels: {trust: high}}
          - {id: "of:0000000000000005", name: s5, labels: {trust: high}}
        nodes:
          - {name: app-1, labels: {tier: edge, zone: a}, capacity: {cpu: 4, memory: 8Gi}, ip: 10.0.0.1, cost: 1, attach: {device: s1, port: 10}}
          - {name: db-1, labels: {tier: cloud, zone: a}, capacity: {cpu: 8, memory: 16Gi}, ip: 10.0.0.2, cost: 2, attach: {device: s4, port: 10}}
          - {name: db-2, labels: {tier: cloud, zone: b}, capacity: {cpu: 8, memory: 16Gi}, ip: 10.0.0.3, cost: 2, attach: {device: s4, port: 11}}
        links:
          - {a: {device: s1, port: 1}, b: {device: s2, port: 1}, latency: 2ms, bandwidth: 1Gbps, labels: {encrypted: true}}
          - {a: {device: s2, port: 2}, b: {device: s5, port: 1}, latency: 2ms, bandwidth: 1Gbps, labels: {encrypted: true}}
          - {a: {device: s5, port: 2}, b: {device: s4, port: 1}, latency: 2ms, bandwidth: 1Gbps, labels: {encrypted: true}}
          - {a: {device: s1, port: 2}, b: {device: s3, port: 1}, latency: 1ms, bandwidth: 10Gbps, labels: {encrypted: false}}
          - {a: {device: s3, port: 2}, b: {device: s4, port: 2}, latency: 1ms, bandwidth: 10Gbps, labels: {encrypted: false}}
        """;

    /// <summary>The latency objective alone would take the s3 shortcut; the 'trusted_path' intent forbids it.</summary>
    public const string Program = """
        levels public < internal < confidential < restricted;
        data Records: restricted tags PII;
        service front { image "r/front:1"; replicas 1; cpu 500m; memory 256Mi; ports 8080; tenant clinic; clearance restricted; handles Records; }
        service store { image "r/store:1"; replicas 2; cpu 1; memory 1Gi; ports 5432; tenant clinic; clearance restricted; }
        flow save: front -> store carries Records bandwidth 100Mbps port 5432;
        intent front_at_edge: place front on tier == edge;
        intent store_in_cloud: place store on tier == cloud;
        intent store_zones: spread store across zone at least 2;
        intent trusted_path: route save avoid devices where trust < high;
        objective fast: minimize max latency;
        """;

    private const int Pings = 3;

    internal static bool IsArp(OvsRule rule) => rule.Flow.Contains(",arp,", StringComparison.Ordinal);

    [OvsFact]
    public void EmittedFlowRules_CarryPingsAlongTheProvenPath_NeverThroughTheAvoidedDevice_AndBlackHoleWhenADeviceLosesThem()
    {
        if (OvsNetwork.MissingPrerequisite() is { } missing)
        {
            Assert.Fail($"CI=true as root, so the Open vSwitch end-to-end test must run, but: {missing}");
        }

        // 1. The real pipeline: compile, prove with z3, emit onos/flows.json.
        var topology = TestSources.LoadTopology(TopologyYaml);
        var compilation = TestSources.Compile(Program, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        var (program, _, plan) = OnosPlans.Prove(compilation.Program!, topology);
        Assert.Equal<string>(["app-1"], plan.Placements.Single(p => p.Service == "front").Nodes);
        Assert.Equal<string>(["db-1", "db-2"], plan.Placements.Single(p => p.Service == "store").Nodes);
        Assert.Equal(2, plan.Routes.Length);
        Assert.All(plan.Routes, r => Assert.Equal<string>(["s1", "s2", "s5", "s4"], r.Devices));
        var flowsJson = Assert.Single(OnosEmitter.Emit(program, topology, plan, "digest"), f => f.Path == OnosEmitter.FlowsPath).Content;
        output.WriteLine(flowsJson);

        // 2. Rules as ovs-ofctl flows: 2 routes x 4 devices x (request + reply), and 9 ARP rules (one per device and
        // port the routes enter by, s4's port 1 copying to both replicas), none on the avoided s3.
        var rules = OvsFlowTranslator.Translate(flowsJson);
        Assert.Equal(16, rules.Count(r => !IsArp(r)));
        Assert.Equal(9, rules.Count(IsArp));
        var deviceOf = rules.ToDictionary(r => r, r => (topology.FindDevice(r.DeviceId) ?? throw new InvalidOperationException($"unknown device {r.DeviceId}")).Name);
        Assert.DoesNotContain("s3", deviceOf.Values);

        using var lab = OvsNetwork.Start(topology, output.WriteLine);

        // Without rules the fail-secure bridges forward nothing: the pings below pass only because of privc's rules.
        Assert.Equal(0, lab.Ping("app-1", "db-1", count: 1).Received);

        var installed = new Dictionary<ulong, OvsRule>();
        foreach (var rule in rules)
        {
            output.WriteLine($"{deviceOf[rule]} ({lab.Bridge(deviceOf[rule])}): {rule.Flow}");
            installed.Add(lab.AddFlow(deviceOf[rule], rule.Flow), rule);
        }

        // 3. Every replica pair of the flow: ARP resolves through privc's ARP rules (no static entries), then all
        // echo requests are answered.
        foreach (var route in plan.Routes)
        {
            Assert.True(lab.WaitUntilReachable(route.SourceNode, route.TargetNode) > 0, $"{route.SourceNode} never reached {route.TargetNode}");
            var ping = lab.Ping(route.SourceNode, route.TargetNode, Pings);
            Assert.True(ping.Transmitted == Pings && ping.Received == Pings, ping.Output);
        }

        // 4. Every rule carried packets (requests one way, replies the other), and s3 saw none.
        // ovs-vswitchd moves packet counts from its datapath flow cache to the OpenFlow rules in the background
        // (every few hundred milliseconds), so wait until every rule has its packets or 5 s have passed.
        var devices = topology.Devices.Select(d => d.Name).ToArray();
        var settled = System.Diagnostics.Stopwatch.StartNew();
        // ARP rules carry at least the one request and one answer per pair that dynamic ARP needs.
        long Expected(OvsFlowCounter c) => IsArp(installed[c.Cookie]) ? 1 : Pings;
        while (devices.SelectMany(lab.Flows).Any(c => c.Packets < Expected(c)) && settled.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(100);
        }
        foreach (var device in devices)
        {
            var counters = lab.Flows(device);
            output.WriteLine($"{device}:\n  {string.Join("\n  ", counters.Select(c => c.Rule))}");
            Assert.Equal(installed.Where(i => deviceOf[i.Value] == device).Select(i => i.Key).Order(), counters.Select(c => c.Cookie).Order());
            Assert.All(counters, c => Assert.True(c.Packets >= Expected(c), $"rule on {device} counted {c.Packets} packets, expected at least {Expected(c)}: {c.Rule}"));
        }
        var avoided = lab.Ports("s3");
        Assert.Equal([1, 2], avoided.Keys);
        Assert.All(avoided, p => Assert.True(p.Value is { Received: 0, Sent: 0 }, $"s3 port {p.Key} carried packets: {p.Value}"));
        Assert.Equal(0, lab.Ports("s1")[2].Sent);
        Assert.Equal(0, lab.Ports("s4")[2].Sent);

        // 5. Tampering: s5 loses its rules. The pings die there, and the tracer, given the same edited rules, reports
        // a black hole at s5 for every pair, requests and replies.
        var tampered = plan.Routes[0].Devices[2];
        Assert.Equal("s5", tampered);
        lab.DeleteFlows(tampered);
        Assert.Empty(lab.Flows(tampered));
        foreach (var route in plan.Routes)
        {
            var ping = lab.Ping(route.SourceNode, route.TargetNode, count: 2);
            Assert.True(ping.Received == 0, ping.Output);
        }

        var edited = JsonNode.Parse(flowsJson)!.AsObject();
        var kept = new JsonArray(edited["flows"]!.AsArray().Where(r => r!["deviceId"]!.GetValue<string>() != topology.FindDevice(tampered)!.Id).Select(r => r!.DeepClone()).ToArray());
        Assert.Equal(19, kept.Count);
        edited["flows"] = kept;
        var trace = FlowTracer.Trace(new SourceText("flows.json", edited.ToJsonString()), topology, program, plan.Placements);
        Assert.Empty(trace.Diagnostics);
        Assert.Empty(trace.Routes);
        Assert.All(trace.Problems, p => Assert.Equal((TraceProblemKind.BlackHole, "s5"), (p.Kind, p.FailedAt)));
        Assert.Equal(
            plan.Routes.SelectMany(r => new[] { $"{r.SourceNode}->{r.TargetNode} {TraceDirection.Request}", $"{r.SourceNode}->{r.TargetNode} {TraceDirection.Reply}" }).Order(StringComparer.Ordinal),
            trace.Problems.Select(p => $"{p.SourceNode}->{p.TargetNode} {p.Direction}").Order(StringComparer.Ordinal));
    }
}
