using Privc.Artifacts.Onos;
using Privc.Checking;
using Privc.Tests.Artifacts.Onos;
using Privc.Tests.Resilience;
using Privc.Text;
using Privc.Verification;
using Privc.Verification.Solving;
using Xunit.Abstractions;

namespace Privc.Tests.EndToEnd;

/// <summary>
/// Failover in a real data plane (specs/onos.md, "Fast-failover groups"): a plan proven with <c>--resilience 1</c> on
/// the ring with an untrusted shortcut (<see cref="FailoverGroupTests"/>), its ONOS rules and FAILOVER groups
/// installed in user-space Open vSwitch as OpenFlow 1.3 rules and <c>type=ff</c> groups. A ping runs while the first
/// cable of the primary path is cut (both patch ports deleted, as a cut fibre takes both ends down): the switches fail over on their own,
/// with no controller, the pings go on within the stated loss, the packets now cross the other side of the ring, and
/// the untrusted s6 never carries a packet.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(OvsNetwork.Collection)]
public class OvsFailoverTests(ITestOutputHelper output)
{
    /// <summary>Echo requests sent while the cable is cut, and how many of them may go unanswered.</summary>
    private const int Pings = 25;

    private const int AllowedLoss = 2;

    [OvsFact]
    public void ResilientPlan_CutCableOnThePrimary_PingsContinueOverTheBackupAndNeverThroughTheUntrustedSwitch()
    {
        if (OvsNetwork.MissingPrerequisite() is { } missing)
        {
            Assert.Fail($"CI=true as root, so the Open vSwitch end-to-end test must run, but: {missing}");
        }

        // 1. The real pipeline with R1: prove, emit rules and groups, and judge every failure case before any packet.
        var topology = TestSources.LoadTopology(FailoverGroupTests.Topology);
        var compilation = TestSources.Compile(FailoverGroupTests.Program, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        var program = compilation.Program!;
        var budget = TimeSpan.FromSeconds(120);
        var result = new Verifier(program, topology, TestSolvers.Z3, new VerifierOptions(new SolverOptions { Timeout = budget, Seed = 0 }, budget) { Resilience = 1 }).Verify();
        var plan = Assert.IsType<VerificationResult.Proven>(result).Plan;
        var route = Assert.Single(plan.Routes);
        Assert.Equal(3, route.Devices.Length);
        var emission = OnosEmitter.Build(program, topology, plan, "digest", failover: true);
        Assert.True(emission.Succeeded, string.Join("\n", emission.Diagnostics));
        // The middle switch's detours go back (crankback), which ARP cannot take (PRIV4023; OvsArpFailoverTests has
        // the ring with a diagonal, where it can). The pings here end within the nodes' neighbour entries' lifetime.
        Assert.All(emission.Diagnostics, d => Assert.Equal("PRIV4023", d.Code));
        var flowsJson = emission.Files.Single(f => f.Path == OnosEmitter.FlowsPath).Content;
        var groupsJson = emission.Files.Single(f => f.Path == OnosEmitter.GroupsPath).Content;
        output.WriteLine(groupsJson);
        var judged = FailoverTracer.Trace(new SourceText("flows.json", flowsJson), new SourceText("groups.json", groupsJson), topology, program, plan.Placements);
        Assert.False(judged.Normal.HasUnjudged, string.Join("\n", judged.Normal.Diagnostics));
        Assert.Empty(judged.Violations);
        Assert.True(judged.Failures >= 3, $"{judged.Failures} failure cases judged");

        // 2. Groups first, then the rules that send to them.
        using var lab = OvsNetwork.Start(topology, output.WriteLine);
        Assert.Equal(0, lab.Ping("n1", "n3", count: 1).Received);
        string Device(string id) => topology.FindDevice(id)!.Name;
        foreach (var (deviceId, group) in OvsGroupTranslator.Translate(groupsJson))
        {
            output.WriteLine($"{Device(deviceId)}: {group}");
            lab.AddGroup(Device(deviceId), group);
        }
        var rules = OvsFlowTranslator.Translate(flowsJson);
        Assert.Contains(rules, r => r.Flow.Contains("actions=group:", StringComparison.Ordinal));
        Assert.DoesNotContain(rules, r => Device(r.DeviceId) == "s6");
        foreach (var rule in rules)
        {
            output.WriteLine($"{Device(rule.DeviceId)}: {rule.Flow}");
            lab.AddFlow13(Device(rule.DeviceId), rule.Flow);
        }

        // ARP is dynamic in the lab: the ping before the rules left a failed neighbour entry, so wait for the first
        // reply (OvsNetwork.WaitUntilReachable) before the healthy pings are counted.
        Assert.True(lab.WaitUntilReachable("n1", "n3") > 0, "n3 never answered once the rules and groups were installed");
        var healthy = lab.Ping("n1", "n3", count: 3);
        Assert.True(healthy.Received == 3, healthy.Output);

        // 3. Cut the primary's first cable while pings run; the other side of the ring is the backup.
        var cut = route.Hops[0];
        var backupSide = route.Devices[1] == "s2" ? "s4" : "s2";
        var backupBefore = lab.Ports(backupSide);
        var running = Task.Run(() => lab.Ping("n1", "n3", Pings));
        Thread.Sleep(1500);
        lab.CutLink(cut.From, cut.FromPort, cut.To, cut.ToPort);
        output.WriteLine($"cut {cut.From}:{cut.FromPort}<->{cut.To}:{cut.ToPort}");
        var during = running.Result;
        Assert.True(during.Transmitted == Pings && during.Received >= Pings - AllowedLoss, during.Output);

        Assert.False(lab.Ports(cut.From).ContainsKey(cut.FromPort));
        var after = lab.Ping("n1", "n3", count: 5);
        Assert.True(after.Received == 5, after.Output);
        output.WriteLine(lab.GroupStats(cut.From));

        // 4. The packets took the backup: the other side's ring ports carried them both ways; nothing more left by the
        // cut port; the untrusted s6 and the ports towards it carried nothing, before or after the cut.
        var backupAfter = lab.Ports(backupSide);
        Assert.All(backupAfter, p => Assert.True(p.Value.Received >= backupBefore[p.Key].Received + 5 && p.Value.Sent >= backupBefore[p.Key].Sent + 5,
            $"{backupSide} port {p.Key}: {backupBefore[p.Key]} -> {p.Value}"));
        Assert.Contains("bucket1:packet_count=", lab.GroupStats(cut.From), StringComparison.Ordinal);
        Assert.DoesNotContain("bucket1:packet_count=0,", lab.GroupStats(cut.From), StringComparison.Ordinal);
        Assert.All(lab.Ports("s6"), p => Assert.True(p.Value is { Received: 0, Sent: 0 }, $"s6 port {p.Key} carried packets: {p.Value}"));
        Assert.Equal(0, lab.Ports("s1")[4].Sent);
        Assert.Equal(0, lab.Ports("s3")[3].Sent);
    }
}
