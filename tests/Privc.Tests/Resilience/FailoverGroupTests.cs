using System.Text.Json.Nodes;
using Privc.Cli;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Resilience;

/// <summary>
/// Fast-failover groups (specs/onos.md, "Fast-failover groups"): a ring of four switches s1-s2-s3-s4 and an
/// untrusted shortcut s6 between s1 and s3. Service a runs on n1 (s1), b on n3 (s3); the flow must avoid s6. A
/// resilient compile emits FAILOVER groups whose backups stay on the ring, and <c>check --groups</c> judges every
/// single failure; hand-edited group sets that detour through s6, or that privc cannot evaluate, are caught.
/// </summary>
public class FailoverGroupTests
{
    internal const string Topology = """
        name: ring-with-shortcut
        devices:
          - {id: "of:0000000000000001", name: s1, labels: {trust: high}}
          - {id: "of:0000000000000002", name: s2, labels: {trust: high}}
          - {id: "of:0000000000000003", name: s3, labels: {trust: high}}
          - {id: "of:0000000000000004", name: s4, labels: {trust: high}}
          - {id: "of:0000000000000006", name: s6, labels: {trust: low}}
        nodes:
          - {name: n1, labels: {tier: edge}, capacity: {cpu: 4, memory: 8Gi}, ip: 10.0.0.1, cost: 1, attach: {device: s1, port: 10}}
          - {name: n3, labels: {tier: cloud}, capacity: {cpu: 4, memory: 8Gi}, ip: 10.0.0.3, cost: 2, attach: {device: s3, port: 10}}
        links:
          - {a: {device: s1, port: 1}, b: {device: s2, port: 1}, latency: 1ms, bandwidth: 1Gbps}
          - {a: {device: s2, port: 2}, b: {device: s3, port: 1}, latency: 1ms, bandwidth: 1Gbps}
          - {a: {device: s3, port: 2}, b: {device: s4, port: 1}, latency: 1ms, bandwidth: 1Gbps}
          - {a: {device: s4, port: 2}, b: {device: s1, port: 2}, latency: 1ms, bandwidth: 1Gbps}
          - {a: {device: s1, port: 4}, b: {device: s6, port: 1}, latency: 1ms, bandwidth: 1Gbps}
          - {a: {device: s6, port: 2}, b: {device: s3, port: 3}, latency: 1ms, bandwidth: 1Gbps}
        """;

    internal const string Program = """
        levels public < restricted;
        data D: restricted;
        service a { image "r/a:1"; replicas 1; cpu 500m; memory 256Mi; ports 80; tenant t; handles D; clearance restricted; }
        service b { image "r/b:1"; replicas 1; cpu 500m; memory 256Mi; ports 90; tenant t; clearance restricted; }
        flow f: a -> b carries D bandwidth 1Mbps port 90;
        intent a_home: place a on tier == edge;
        intent b_cloud: place b on tier == cloud;
        intent trusted: route f avoid devices where trust == low;

        """;

    internal sealed record Compiled(string Priv, string Topo, string Output)
    {
        public string Flows => Path.Combine(Output, "onos", "flows.json");

        public string Groups => Path.Combine(Output, "onos", "groups.json");

        public CliRunner.Result Check(params string[] extra) => CliRunner.Run(["check", Priv, "--topology", Topo, "--manifests", Path.Combine(Output, "kubernetes"),
            "--nodes", Path.Combine(Output, "kubernetes", "operator", "node-setup.yaml"), "--flows", Flows, .. extra]);
    }

    internal static Compiled Compile(string program = Program) => CompileWithWarning(program, out _);

    private static JsonArray Items(string file, string name) => JsonNode.Parse(File.ReadAllText(file))![name]!.AsArray();

    private static void Write(string file, string name, JsonArray items) => File.WriteAllText(file, new JsonObject { [name] = items.DeepClone() }.ToJsonString());

    [Fact]
    public void Compile_Resilience1_EmitsFailoverGroupsThatFlowRulesUse()
    {
        var compiled = Compile();
        var groups = Items(compiled.Groups, "groups");
        Assert.NotEmpty(groups);
        var flows = Items(compiled.Flows, "flows");
        foreach (var group in groups)
        {
            Assert.Equal("FAILOVER", group!["type"]!.GetValue<string>());
            Assert.StartsWith("0x7072697663", group["appCookie"]!.GetValue<string>(), StringComparison.Ordinal);
            var buckets = group["buckets"]!.AsArray();
            Assert.Equal(2, buckets.Count);
            Assert.All(buckets, b => Assert.Equal(-1, b!["watchGroup"]!.GetValue<int>()));
            // Every group is used by a rule on its own device.
            Assert.Contains(flows, f => f!["deviceId"]!.GetValue<string>() == group["deviceId"]!.GetValue<string>()
                && f["treatment"]!["instructions"]![0]!["type"]!.GetValue<string>() == "GROUP"
                && f["treatment"]!["instructions"]![0]!["groupId"]!.GetValue<long>() == group["groupId"]!.GetValue<long>());
        }
        // No rule and no bucket ever sends anything to the untrusted s6 (s1 port 4, s3 port 3).
        Assert.DoesNotContain(flows, f => f!["deviceId"]!.GetValue<string>() == "of:0000000000000006");
        Assert.DoesNotContain(groups, g => g!["deviceId"]!.GetValue<string>() == "of:0000000000000001"
            && g["buckets"]!.AsArray().Any(b => b!["watchPort"]!.GetValue<string>() == "4"));
        var checker = JsonNode.Parse(File.ReadAllText(Path.Combine(compiled.Output, "certificate", "artifacts-check.json")))!;
        Assert.Equal("onos/groups.json", checker["groups"]!.GetValue<string>());
    }

    [Fact]
    public void Check_EmittedGroups_JudgesEveryFailureCompliant()
    {
        var compiled = Compile();
        var result = compiled.Check("--groups", compiled.Groups);
        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        Assert.Contains("compliant", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_GroupsWithoutTheGroupsFile_CannotJudge()
    {
        var compiled = Compile();
        var result = compiled.Check();
        // Never compliant: the packets that reach the group are not judged (PRIV5150), and the route they would take is missing.
        Assert.NotEqual(ExitCodes.Success, result.ExitCode);
        Assert.Contains("warning PRIV5150", result.Error, StringComparison.Ordinal);
        Assert.Contains("warning PRIV5150", result.Error, StringComparison.Ordinal);
        Assert.Contains("GROUP", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_BackupBucketThroughForbiddenSwitch_ReportsTheFailureAndTheSwitch()
    {
        var compiled = Compile();
        var groups = Items(compiled.Groups, "groups");
        var flows = Items(compiled.Flows, "flows");
        // s1's group (the requests' detector for the first cable) now falls back to s6, and s6 and s3 carry the
        // detour on: a detour no proof covers, taken only when the primary's first cable or switch fails.
        var atS1 = Assert.Single(groups, g => g!["deviceId"]!.GetValue<string>() == "of:0000000000000001")!;
        var backup = atS1["buckets"]![1]!;
        backup["watchPort"] = "4";
        backup["treatment"]!["instructions"]![0]!["port"] = "4";
        var s3Request = flows.First(f => f!["deviceId"]!.GetValue<string>() == "of:0000000000000003"
            && f["selector"]!["criteria"]!.AsArray().Any(c => c!["type"]!.GetValue<string>() == "IPV4_DST" && c["ip"]!.GetValue<string>() == "10.0.0.3/32"))!;
        JsonNode Clone(string device, int inPort, string outPort)
        {
            var rule = s3Request.DeepClone();
            rule["deviceId"] = device;
            rule["selector"]!["criteria"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "IN_PORT")!["port"] = inPort;
            rule["treatment"]!["instructions"] = new JsonArray(new JsonObject { ["type"] = "OUTPUT", ["port"] = outPort });
            return rule;
        }
        flows.Add(Clone("of:0000000000000006", 1, "2"));
        flows.Add(Clone("of:0000000000000003", 3, "10"));
        Write(compiled.Groups, "groups", groups);
        Write(compiled.Flows, "flows", flows);

        var result = compiled.Check("--groups", compiled.Groups);
        Assert.Equal(ExitCodes.Violations, result.ExitCode);
        Assert.Contains("trusted", result.Out, StringComparison.Ordinal);
        Assert.Contains("when ", result.Out, StringComparison.Ordinal);
        Assert.Contains("'s6'", result.Out, StringComparison.Ordinal);
        Assert.Contains("s1 -> s6 -> s3", result.Out, StringComparison.Ordinal);

        // Without a failure nothing reaches s6: the packets keep their proven route, so no W3 violation is reported.
        Assert.DoesNotContain("W3 routing", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("another-type", "a group of type ALL")]
    [InlineData("missing", "which the groups file does not hold")]
    [InlineData("unknown-watch-port", "watches port 77")]
    public void Check_GroupPrivcCannotEvaluate_CannotJudgeNeverCompliant(string edit, string reason)
    {
        var compiled = Compile();
        var groups = Items(compiled.Groups, "groups");
        switch (edit)
        {
            case "another-type":
                groups[0]!["type"] = "ALL";
                break;
            case "missing":
                groups.RemoveAt(0);
                break;
            default:
                groups[0]!["buckets"]![0]!["watchPort"] = "77";
                break;
        }
        Write(compiled.Groups, "groups", groups);
        var result = compiled.Check("--groups", compiled.Groups);
        // Never compliant: the packets that reach the group are not judged (PRIV5150), and the route they would take is missing.
        Assert.NotEqual(ExitCodes.Success, result.ExitCode);
        Assert.Contains("warning PRIV5150", result.Error, StringComparison.Ordinal);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV4021")]
    public void Check_FailoverBucketWithoutWatchPort_IsRefusedAsOnosWould()
    {
        var compiled = Compile();
        var groups = Items(compiled.Groups, "groups");
        groups[0]!["buckets"]![1]!.AsObject().Remove("watchPort");
        Write(compiled.Groups, "groups", groups);
        var result = compiled.Check("--groups", compiled.Groups);
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("groups.json:1:", result.Error, StringComparison.Ordinal);
        Assert.Contains("error PRIV4021: a FAILOVER bucket has no 'watchPort'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV4020")]
    public void Compile_HopBoundLeavesNoLocalDetour_WarnsAndCheckReportsTheLostFailure()
    {
        // Two hops either way round the ring: R1 holds (s1-s2-s3 and s1-s4-s3), but after the cable s2-s3 (or s3-s4)
        // fails, the packets already at s2 can only go back through s1: four hops, beyond the bound.
        var compiled = CompileWithWarning(Program + "intent short: route f hops <= 2;\n", out var warning);
        Assert.Contains("warning PRIV4020", warning, StringComparison.Ordinal);
        Assert.Contains("no compliant detour continues its route", warning, StringComparison.Ordinal);
        var result = compiled.Check("--groups", compiled.Groups);
        Assert.Equal(ExitCodes.Violations, result.ExitCode);
        Assert.Contains("R1 failover", result.Out, StringComparison.Ordinal);
        Assert.Contains("fails", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_Resilience1WithGroups_IsByteIdenticalAcrossRuns()
    {
        var a = Compile();
        var b = Compile();
        Assert.Equal(File.ReadAllText(a.Groups), File.ReadAllText(b.Groups));
        Assert.Equal(File.ReadAllText(a.Flows), File.ReadAllText(b.Flows));
    }

    private static Compiled CompileWithWarning(string program, out string warning)
    {
        var root = CliRunner.TempFolder();
        var priv = Path.Combine(root, "ring.priv");
        var topo = Path.Combine(root, "topology.yaml");
        File.WriteAllText(priv, program);
        File.WriteAllText(topo, Topology);
        var output = Path.Combine(root, "out");
        var result = CliRunner.Run("compile", priv, "--topology", topo, "--out", output, "--resilience", "1");
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        warning = result.Error;
        return new Compiled(priv, topo, output);
    }
}
