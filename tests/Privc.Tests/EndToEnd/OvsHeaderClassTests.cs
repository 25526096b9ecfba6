using System.Text.Json.Nodes;
using Privc.Artifacts.Onos;
using Privc.Checking;
using Privc.Tests.Artifacts.Onos;
using Privc.Text;
using Xunit.Abstractions;

namespace Privc.Tests.EndToEnd;

/// <summary>
/// The tracer's header classes against a real switch: privc's rules for the ladder of <see cref="OvsFlowRuleTests"/>
/// plus a detour that sends only DSCP 46 requests from app-1 to db-1 through the untrusted s3. The tracer must say
/// that exactly that class takes s1, s3, s4 (and the checker must name s3), and Open vSwitch, running the same rules,
/// must carry DSCP 46 pings through s3 and every other ping around it.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(OvsNetwork.Collection)]
public class OvsHeaderClassTests(ITestOutputHelper output)
{
    private static JsonObject Rule(JsonArray rules, string device, int inPort, string source, string target) => Assert.Single(rules, r =>
        (string?)r!["deviceId"] == device
        && r["selector"]!["criteria"]!.AsArray().Any(c => (string?)c!["type"] == "IN_PORT" && (int?)c["port"] == inPort)
        && r["selector"]!["criteria"]!.AsArray().Any(c => (string?)c!["type"] == "IPV4_SRC" && (string?)c["ip"] == source)
        && r["selector"]!["criteria"]!.AsArray().Any(c => (string?)c!["type"] == "IPV4_DST" && (string?)c["ip"] == target))!.AsObject();

    /// <summary>A copy of a rule on another device, entered by another port, with DSCP 46 matched, sent out of a port.</summary>
    private static JsonObject Detour(JsonObject rule, string device, int inPort, int output)
    {
        var copy = rule.DeepClone().AsObject();
        copy["deviceId"] = device;
        copy["priority"] = 45000;
        copy["selector"]!["criteria"]!.AsArray().First(c => (string?)c!["type"] == "IN_PORT")!["port"] = inPort;
        copy["selector"]!["criteria"]!.AsArray().Add(new JsonObject { ["type"] = "IP_DSCP", ["ipDscp"] = 46 });
        copy["treatment"]!["instructions"]![0]!["port"] = output.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return copy;
    }

    [OvsFact]
    public void DscpDetour_TracerAndOpenVSwitchAgreeOnWhichPacketsCrossTheUntrustedSwitch()
    {
        if (OvsNetwork.MissingPrerequisite() is { } missing)
        {
            Assert.Fail($"CI=true as root, so the Open vSwitch end-to-end test must run, but: {missing}");
        }
        var topology = TestSources.LoadTopology(OvsFlowRuleTests.TopologyYaml);
        var compilation = TestSources.Compile(OvsFlowRuleTests.Program, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        var (program, _, plan) = OnosPlans.Prove(compilation.Program!, topology);
        var flows = JsonNode.Parse(Assert.Single(OnosEmitter.Emit(program, topology, plan, "digest"), f => f.Path == OnosEmitter.FlowsPath).Content)!.AsObject();
        var rules = flows["flows"]!.AsArray();
        var (app, db1) = ("10.0.0.1/32", "10.0.0.2/32");
        var s1 = Rule(rules, "of:0000000000000001", 10, app, db1);
        var s4 = Rule(rules, "of:0000000000000004", 1, app, db1);
        rules.Add(Detour(s1, "of:0000000000000001", 10, 2));
        rules.Add(Detour(s1, "of:0000000000000003", 1, 2));
        rules.Add(Detour(s4, "of:0000000000000004", 2, 10));
        var text = flows.ToJsonString();

        // The tracer: requests of class DSCP 46 go s1, s3, s4; the checker names s3 under the intent.
        var trace = FlowTracer.Trace(new SourceText("flows.json", text), topology, program, plan.Placements);
        Assert.Empty(trace.Diagnostics);
        var detour = Assert.Single(trace.Problems);
        Assert.Equal(("app-1", "db-1", TraceDirection.Request, TraceProblemKind.Ambiguous), (detour.SourceNode, detour.TargetNode, detour.Direction, detour.Kind));
        Assert.Equal<string>(["s1", "s3", "s4"], detour.Devices);
        Assert.Contains("DSCP 46", detour.Packet, StringComparison.Ordinal);
        var report = ConfigurationChecker.Check(program, topology, plan with { Routes = trace.Routes });
        Assert.Contains(report.Violations, v => v.Intent == "trusted_path" && v.Kind == ViolationKind.AvoidedDeviceUsed && v.Witness.Device == "s3");

        // Open vSwitch with the same rules.
        using var lab = OvsNetwork.Start(topology, output.WriteLine);
        var deviceNames = topology.Devices.ToDictionary(d => d.Id, d => d.Name);
        foreach (var rule in OvsFlowTranslator.Translate(text))
        {
            lab.AddFlow(deviceNames[rule.DeviceId], rule.Flow);
        }
        long ThroughS3() => lab.Ports("s3").Values.Sum(p => p.Received);

        foreach (var target in new[] { "db-1", "db-2" })
        {
            Assert.True(lab.WaitUntilReachable("app-1", target) > 0, $"app-1 never reached {target}");
            var ping = lab.Ping("app-1", target, 3);
            Assert.True(ping.Received == 3, ping.Output);
        }
        Assert.Equal(0, ThroughS3());

        var marked = lab.Ping("app-1", "db-1", 3, tos: 46 << 2);
        Assert.True(marked.Received == 3, marked.Output);
        // The switch moves counters from its flow cache in the background: wait for them (at most 5 s).
        var settled = System.Diagnostics.Stopwatch.StartNew();
        while (ThroughS3() < 3 && settled.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(100);
        }
        Assert.True(ThroughS3() >= 3, $"s3 received {ThroughS3()} packets, expected the 3 DSCP 46 requests");
    }
}
