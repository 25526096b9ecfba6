using Privc.Artifacts.Onos;
using Privc.Tests.Resilience;
using Privc.Text;
using Xunit.Abstractions;

namespace Privc.Tests.EndToEnd;

/// <summary>
/// ARP under failover in a real data plane (specs/onos.md, "ARP under failover"): the resilient plan of
/// <see cref="ArpFailoverTests"/> (the ring with the diagonal s2-s4 and the untrusted shortcut s6) installed in
/// user-space Open vSwitch, a cable of the primary cut, and both nodes' neighbour caches flushed, as if their entries
/// had expired. With the ARP rules of the primary paths alone the nodes can no longer resolve each other and no ping
/// is answered (the control); with privc's ARP rules, which send ARP to the same FAILOVER groups as the IPv4 rules and
/// along the detours, ARP resolves over the detour and the pings resume, and the untrusted s6 never carries a packet.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(OvsNetwork.Collection)]
public class OvsArpFailoverTests(ITestOutputHelper output)
{
    /// <summary>Echo requests sent after the neighbour caches are flushed, and how many of them may go unanswered.</summary>
    private const int Pings = 20;

    private const int AllowedLoss = 2;

    [OvsFact]
    public void ResilientPlan_CutCableAndFlushNeighbours_ArpResolvesOverTheDetourOnlyWithFailoverArpRules()
    {
        if (OvsNetwork.MissingPrerequisite() is { } missing)
        {
            Assert.Fail($"CI=true as root, so the Open vSwitch end-to-end test must run, but: {missing}");
        }

        // 1. The plan with R1, its rules and groups, judged in every failure case (ARP included) before any packet.
        var (program, topology, plan) = ArpFailoverTests.Prove(ArpFailoverTests.Topology);
        var route = Assert.Single(plan.Routes);
        Assert.Equal(3, route.Devices.Length);
        var middle = route.Devices[1];
        var backupSide = middle == "s2" ? "s4" : "s2";
        var cut = route.Hops[1];
        var emission = OnosEmitter.Build(program, topology, plan, "digest", failover: true);
        Assert.True(emission.Succeeded, string.Join("\n", emission.Diagnostics));
        // One detour ARP cannot share (both of the middle switch's detours leave by the diagonal, one towards each
        // end) is reported; the cable cut here is not that one: the requests' detector (the middle switch, for its
        // cable to s3) and the replies' (s3, for the middle switch) both have their ARP detours.
        Assert.All(emission.Diagnostics, d => Assert.Equal("PRIV4023", d.Code));
        Assert.DoesNotContain(emission.Diagnostics, d => d.Message.Contains($"when the cable {cut.From}:{cut.FromPort}<->{cut.To}:{cut.ToPort} fails", StringComparison.Ordinal)
            || d.Message.Contains($"when device '{middle}' (or the cable to it) fails", StringComparison.Ordinal));
        var flowsJson = emission.Files.Single(f => f.Path == OnosEmitter.FlowsPath).Content;
        var groupsJson = emission.Files.Single(f => f.Path == OnosEmitter.GroupsPath).Content;
        var judged = FailoverTracer.Trace(new SourceText("flows.json", flowsJson), new SourceText("groups.json", groupsJson), topology, program, plan.Placements);
        Assert.False(judged.Normal.HasUnjudged, string.Join("\n", judged.Normal.Diagnostics));
        Assert.Empty(judged.Violations);
        Assert.Empty(judged.Normal.RuleFindings);
        var primaryFlows = OnosEmitter.Build(program, topology, plan, "digest", failover: false).Files.Single(f => f.Path == OnosEmitter.FlowsPath).Content;

        // 2. Groups, the IPv4 rules, and, for the control, the ARP rules of the primary paths alone.
        using var lab = OvsNetwork.Start(topology, output.WriteLine);
        string Device(string id) => topology.FindDevice(id)!.Name;
        foreach (var (deviceId, group) in OvsGroupTranslator.Translate(groupsJson))
        {
            lab.AddGroup(Device(deviceId), group);
        }
        var rules = OvsFlowTranslator.Translate(flowsJson);
        var failoverArp = rules.Where(r => r.Flow.Contains(",arp", StringComparison.Ordinal)).ToList();
        Assert.Contains(failoverArp, r => r.Flow.Contains("group:", StringComparison.Ordinal));
        Assert.Contains(failoverArp, r => Device(r.DeviceId) == backupSide);
        var primaryArp = OvsFlowTranslator.Translate(primaryFlows).Where(r => r.Flow.Contains(",arp", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(primaryArp, r => Device(r.DeviceId) == backupSide);
        foreach (var rule in rules.Except(failoverArp).Concat(primaryArp))
        {
            output.WriteLine($"{Device(rule.DeviceId)}: {rule.Flow}");
            lab.AddFlow13(Device(rule.DeviceId), rule.Flow);
        }
        Assert.True(lab.WaitUntilReachable("n1", "n3") > 0, "n3 never answered once the rules and groups were installed");
        Assert.True(lab.Ping("n1", "n3", count: 3).Received == 3);

        // 3. Cut the primary's second cable; the neighbour entries "expire". IPv4 would fail over, but ARP along the
        // primary paths dies at the cut port: nothing resolves, nothing is answered.
        lab.CutLink(cut.From, cut.FromPort, cut.To, cut.ToPort);
        output.WriteLine($"cut {cut.From}:{cut.FromPort}<->{cut.To}:{cut.ToPort}");
        lab.FlushNeighbours("n1");
        lab.FlushNeighbours("n3");
        var control = lab.Ping("n1", "n3", count: 5);
        Assert.True(control.Received == 0, "with the primary paths' ARP rules alone n3 still answered after the flush:\n" + control.Output);

        // 4. privc's ARP rules instead: ARP follows the detours, the nodes resolve each other and the pings resume.
        foreach (var device in topology.Devices.Select(d => d.Name))
        {
            lab.DeleteArpFlows(device);
        }
        foreach (var rule in failoverArp)
        {
            output.WriteLine($"{Device(rule.DeviceId)}: {rule.Flow}");
            lab.AddFlow13(Device(rule.DeviceId), rule.Flow);
        }
        lab.FlushNeighbours("n1");
        lab.FlushNeighbours("n3");
        var resumed = lab.Ping("n1", "n3", Pings);
        Assert.True(resumed.Transmitted == Pings && resumed.Received >= Pings - AllowedLoss, resumed.Output);
        var n3Address = lab.Address("n3");
        var neighbours = lab.Neighbours("n1");
        output.WriteLine(neighbours);
        Assert.Contains(neighbours.Split('\n'), l => l.StartsWith(n3Address + " ", StringComparison.Ordinal) && l.Contains("lladdr", StringComparison.Ordinal));

        // 5. ARP crossed the backup side by its own rules; the untrusted s6 and the ports towards it carried nothing.
        var backupArp = lab.Flows(backupSide).Where(f => f.Rule.Contains("arp", StringComparison.Ordinal)).ToList();
        output.WriteLine(string.Join("\n", backupArp.Select(f => f.Rule)));
        Assert.Contains(backupArp, f => f.Packets > 0);
        Assert.All(lab.Ports("s6"), p => Assert.True(p.Value is { Received: 0, Sent: 0 }, $"s6 port {p.Key} carried packets: {p.Value}"));
        Assert.Equal(0, lab.Ports("s1")[4].Sent);
        Assert.Equal(0, lab.Ports("s3")[3].Sent);
    }
}
