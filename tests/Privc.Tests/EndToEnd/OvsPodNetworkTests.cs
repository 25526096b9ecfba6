using Privc.Artifacts.Onos;
using Privc.Tests.Artifacts.Onos;
using Privc.Text;
using Xunit.Abstractions;

namespace Privc.Tests.EndToEnd;

/// <summary>
/// End to end with pod addressing and dynamic ARP: the ladder of <see cref="OvsFlowRuleTests"/> with a pod CIDR on
/// every node and a routed CNI. Each node's namespace takes an address inside its pod CIDR (a pod) with the other
/// nodes' pod CIDRs on the link, and no static ARP entry: the namespaces find each other only through privc's ARP
/// rules, and ping only through its IPv4 rules on the pod CIDRs, along the proven path, with the untrusted switch
/// seeing no packet at all (neither ARP nor IPv4).
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(OvsNetwork.Collection)]
public class OvsPodNetworkTests(ITestOutputHelper output)
{
    public static readonly string TopologyYaml = OvsFlowRuleTests.TopologyYaml
        .Replace("name: ovs-ladder\n", "name: ovs-ladder-pods\nnetwork: {cni: routed}\n", StringComparison.Ordinal)
        .Replace("ip: 10.0.0.1,", "ip: 10.0.0.1, podCidr: 10.244.1.0/24,", StringComparison.Ordinal)
        .Replace("ip: 10.0.0.2,", "ip: 10.0.0.2, podCidr: 10.244.2.0/24,", StringComparison.Ordinal)
        .Replace("ip: 10.0.0.3,", "ip: 10.0.0.3, podCidr: 10.244.3.0/24,", StringComparison.Ordinal);

    [OvsFact]
    public void PodCidrRulesAndArpRules_CarryPingsFromAnyPodAddress_WithDynamicArp_AndNothingCrossesTheAvoidedSwitch()
    {
        if (OvsNetwork.MissingPrerequisite() is { } missing)
        {
            Assert.Fail($"CI=true as root, so the Open vSwitch end-to-end test must run, but: {missing}");
        }
        var topology = TestSources.LoadTopology(TopologyYaml);
        Assert.Equal("10.244.1.0/24", topology.FindNode("app-1")!.PodCidr.ToString());
        var compilation = TestSources.Compile(OvsFlowRuleTests.Program, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        var (program, _, plan) = OnosPlans.Prove(compilation.Program!, topology);
        Assert.All(plan.Routes, r => Assert.Equal<string>(["s1", "s2", "s5", "s4"], r.Devices));
        var flowsJson = Assert.Single(OnosEmitter.Emit(program, topology, plan, "digest"), f => f.Path == OnosEmitter.FlowsPath).Content;
        output.WriteLine(flowsJson);

        // The IPv4 rules match the pod CIDRs, never a node address; the ARP rules stay off s3 like the IPv4 ones.
        var rules = OvsFlowTranslator.Translate(flowsJson);
        Assert.Equal(16, rules.Count(r => !OvsFlowRuleTests.IsArp(r)));
        Assert.All(rules.Where(r => !OvsFlowRuleTests.IsArp(r)), r => Assert.Matches(@"nw_src=10\.244\.[123]\.0/24,nw_dst=10\.244\.[123]\.0/24,", r.Flow));
        Assert.Equal(9, rules.Count(OvsFlowRuleTests.IsArp));
        var deviceOf = rules.ToDictionary(r => r, r => topology.FindDevice(r.DeviceId)!.Name);
        Assert.DoesNotContain("s3", deviceOf.Values);

        // The checker agrees: one route per pair through s2 and s5, nothing carried beyond the declared pairs.
        var trace = FlowTracer.Trace(new SourceText("flows.json", flowsJson), topology, program, plan.Placements);
        Assert.Empty(trace.Diagnostics);
        Assert.Empty(trace.Problems);
        Assert.Empty(trace.RuleFindings);

        using var lab = OvsNetwork.Start(topology, output.WriteLine);
        Assert.Equal(0, lab.Ping("app-1", "db-1", count: 1).Received);
        foreach (var rule in rules)
        {
            lab.AddFlow(deviceOf[rule], rule.Flow);
        }

        foreach (var target in new[] { "db-1", "db-2" })
        {
            Assert.True(lab.WaitUntilReachable("app-1", target) > 0, $"app-1 never reached {target}");
            var ping = lab.Ping("app-1", target, 3);
            Assert.True(ping.Received == 3, ping.Output);
        }
        // Dynamic ARP: the sender learnt both pods' MAC addresses (no entry is permanent: none was added by hand).
        var neighbours = lab.Neighbours("app-1");
        output.WriteLine(neighbours);
        Assert.Contains(lab.Address("db-1") + " dev", neighbours, StringComparison.Ordinal);
        Assert.Contains(lab.Address("db-2") + " dev", neighbours, StringComparison.Ordinal);
        Assert.DoesNotContain("PERMANENT", neighbours, StringComparison.Ordinal);
        Assert.Contains(lab.Address("app-1") + " dev", lab.Neighbours("db-1"), StringComparison.Ordinal);

        // TCP to the flow's port: the handshake, a request and its answer cross the same path.
        Assert.Equal("ack hello from app-1", lab.Tcp("app-1", "db-1", 5432));

        // Another pod of app-1's node, anywhere in its CIDR, is carried by the same /24 rules.
        var other = lab.AddPodAddress("app-1", 200);
        var fromOther = lab.Ping("app-1", "db-2", 2, from: other);
        Assert.True(fromOther.Received == 2, fromOther.Output);

        // Nothing (no ARP broadcast, no IPv4) reached the untrusted s3 or left s1 and s4 towards it.
        var avoided = lab.Ports("s3");
        Assert.All(avoided, p => Assert.True(p.Value is { Received: 0, Sent: 0 }, $"s3 port {p.Key} carried packets: {p.Value}"));
        Assert.Equal(0, lab.Ports("s1")[2].Sent);
        Assert.Equal(0, lab.Ports("s4")[2].Sent);
        // The ARP rules did the resolving: each counted packets once the switch's counters settle.
        var settled = System.Diagnostics.Stopwatch.StartNew();
        var arpRules = new[] { "s1", "s4" }.SelectMany(lab.Flows).Where(c => c.Rule.Contains("arp", StringComparison.Ordinal)).ToList();
        while (arpRules.Any(c => c.Packets == 0) && settled.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(100);
            arpRules = [.. new[] { "s1", "s4" }.SelectMany(lab.Flows).Where(c => c.Rule.Contains("arp", StringComparison.Ordinal))];
        }
        Assert.NotEmpty(arpRules);
        Assert.All(arpRules, c => Assert.True(c.Packets > 0, $"ARP rule counted no packet: {c.Rule}"));
    }
}
