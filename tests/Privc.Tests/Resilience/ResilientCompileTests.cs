using System.Text.Json.Nodes;
using Privc.Cli;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Resilience;

/// <summary>
/// <c>privc compile --resilience 1</c> end to end (specs/semantics.md section 9, specs/encoding.md section 19): a
/// ring of four switches with a stub switch hanging off s1. Service a is pinned to n1 on s1; b may run on n3 (on the
/// ring, opposite s1) or on n5 (on the stub, cheaper). Every route from s1 to s5 crosses the stub cable, so only n3
/// gives a route that survives every single failure.
/// </summary>
public class ResilientCompileTests
{
    private const string Topology = """
        name: ring-with-stub
        devices:
          - {id: "of:0000000000000001", name: s1, labels: {site: a}}
          - {id: "of:0000000000000002", name: s2, labels: {site: b}}
          - {id: "of:0000000000000003", name: s3, labels: {site: c}}
          - {id: "of:0000000000000004", name: s4, labels: {site: d}}
          - {id: "of:0000000000000005", name: s5, labels: {site: e}}
        nodes:
          - {name: n1, labels: {tier: edge}, capacity: {cpu: 4, memory: 8Gi}, ip: 10.0.0.1, cost: 1, attach: {device: s1, port: 10}}
          - {name: n3, labels: {tier: cloud}, capacity: {cpu: 4, memory: 8Gi}, ip: 10.0.0.3, cost: 2, attach: {device: s3, port: 10}}
          - {name: n5, labels: {tier: cloud}, capacity: {cpu: 4, memory: 8Gi}, ip: 10.0.0.5, cost: 1, attach: {device: s5, port: 10}}
        links:
          - {a: {device: s1, port: 1}, b: {device: s2, port: 1}, latency: 1ms, bandwidth: 1Gbps, labels: {encrypted: true}}
          - {a: {device: s2, port: 2}, b: {device: s3, port: 1}, latency: 1ms, bandwidth: 1Gbps, labels: {encrypted: true}}
          - {a: {device: s3, port: 2}, b: {device: s4, port: 1}, latency: 1ms, bandwidth: 1Gbps, labels: {encrypted: true}}
          - {a: {device: s4, port: 2}, b: {device: s1, port: 2}, latency: 1ms, bandwidth: 1Gbps, labels: {encrypted: true}}
          - {a: {device: s1, port: 3}, b: {device: s5, port: 1}, latency: 1ms, bandwidth: 1Gbps, labels: {encrypted: true}}
        """;

    private const string Program = """
        levels public < restricted;
        data D: restricted;
        service a { image "r/a:1"; replicas 1; cpu 500m; memory 256Mi; ports 80; tenant t; handles D; clearance restricted; }
        service b { image "r/b:1"; replicas 1; cpu 500m; memory 256Mi; ports 90; tenant t; clearance restricted; }
        flow f: a -> b carries D bandwidth 1Mbps port 90;
        intent a_home: place a on tier == edge;
        intent b_cloud: place b on tier == cloud;
        objective cheap: minimize cost;

        """;

    private static (string Priv, string Topo, string Root) Inputs(string program = Program, string topology = Topology)
    {
        var root = CliRunner.TempFolder();
        var priv = Path.Combine(root, "ring.priv");
        var topo = Path.Combine(root, "topology.yaml");
        File.WriteAllText(priv, program);
        File.WriteAllText(topo, topology);
        return (priv, topo, root);
    }

    private static string PlacedNode(string output, string service)
    {
        var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "plan.json")))!;
        return plan["placements"]!.AsArray().Single(p => p!["service"]!.GetValue<string>() == service)!["nodes"]!.AsArray().Single()!.GetValue<string>();
    }

    [Fact]
    public void Compile_WithoutResilience_TakesTheCheaperStubNode()
    {
        var (priv, topo, root) = Inputs();
        var output = Path.Combine(root, "out");
        var result = CliRunner.Run("compile", priv, "--topology", topo, "--out", output);
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.Equal("n5", PlacedNode(output, "b"));
        Assert.DoesNotContain("resilience", File.ReadAllText(Path.Combine(output, "certificate", "checker.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_Resilience1_AvoidsTheStubAndCertifyReplaysWithCvc5()
    {
        var (priv, topo, root) = Inputs();
        var output = Path.Combine(root, "out");
        var result = CliRunner.Run("compile", priv, "--topology", topo, "--out", output, "--resilience", "1");
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.Equal("n3", PlacedNode(output, "b"));
        var checker = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "certificate", "checker.json")))!;
        Assert.Equal(1, checker["resilience"]!["failures"]!.GetValue<int>());
        Assert.Equal("holds", checker["resilience"]!["status"]!.GetValue<string>());

        // The master asserted that n1 (s1) and n5 (s5) cannot host the flow's ends: no route avoids the stub cable.
        var facts = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "certificate", "route-facts.json")))!["facts"]!.AsArray();
        var backup = Assert.Single(facts, f => f!["kind"]!.GetValue<string>() == "no-backup-route");
        Assert.Equal("s1", backup!["from"]![0]!.GetValue<string>());
        Assert.Equal("s5", backup["to"]![0]!.GetValue<string>());
        Assert.Equal("s1:3<->s5:1", backup["failed"]!.GetValue<string>());

        var certify = CliRunner.Run("certify", output, "--solver", "cvc5");
        Assert.True(certify.ExitCode == ExitCodes.Success, certify.Out + certify.Error);
        Assert.Contains("route-facts.json: agree", certify.Out, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV8006")]
    public void Certify_BackupFactWithAnotherFailedElement_Disagrees()
    {
        // Claiming the fact for the cable s1-s2 instead of the stub cable: the recorded reduced class is the condition
        // without the stub cable, not without s1-s2, so the claim does not re-derive.
        var (priv, topo, root) = Inputs();
        var output = Path.Combine(root, "out");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("compile", priv, "--topology", topo, "--out", output, "--resilience", "1").ExitCode);
        var path = Path.Combine(output, "certificate", "route-facts.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        var fact = json["facts"]!.AsArray().Single(f => f!["kind"]!.GetValue<string>() == "no-backup-route")!;
        fact["failedLinks"] = new JsonArray(0, 1);
        File.WriteAllText(path, json.ToJsonString());
        var result = CliRunner.Run("certify", output, "--solver", "z3");
        Assert.Equal(ExitCodes.Violations, result.ExitCode);
        Assert.Contains("route-facts.json: DISAGREE", result.Out, StringComparison.Ordinal);
        Assert.Contains("error PRIV8006", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV4005")]
    public void Compile_Resilience1WithOnlyTheStub_ReportsTheFlowAndTheCableAtTheFlow()
    {
        var (priv, topo, root) = Inputs(Program.Replace("place b on tier == cloud", "place b on name == n5", StringComparison.Ordinal));
        var output = Path.Combine(root, "out");
        var result = CliRunner.Run("compile", priv, "--topology", topo, "--out", output, "--resilience", "1");
        Assert.Equal(ExitCodes.Unsatisfiable, result.ExitCode);
        Assert.Contains($"{priv}:5:6: error PRIV4005: flow 'f' has no compliant backup around link s1:3<->s5:1: every route from 's1' to 's5'", result.Error, StringComparison.Ordinal);
        Assert.Contains("error PRIV4001", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Compile_Resilience1ThroughAForcedWaypoint_IsUnsatisfiableAroundTheWaypoint()
    {
        // Every route must pass s2, so s2's failure leaves none: the core names the waypoint intent.
        var program = Program + "intent via_s2: route f through s2;\n";
        var (priv, topo, root) = Inputs(program.Replace("place b on tier == cloud", "place b on name == n3", StringComparison.Ordinal));
        var result = CliRunner.Run("compile", priv, "--topology", topo, "--out", Path.Combine(root, "out"), "--resilience", "1");
        Assert.Equal(ExitCodes.Unsatisfiable, result.ExitCode);
        Assert.Contains("intent via_s2: route f through s2;", result.Error, StringComparison.Ordinal);
        Assert.Contains("flow 'f' has no compliant backup around device 's2'", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2", "decomposed", "--resilience must be 0 or 1")]
    [InlineData("1", "monolithic", "--resilience needs the decomposed solver")]
    public void Compile_UnsupportedResilience_IsAUsageError(string level, string strategy, string message)
    {
        var (priv, topo, root) = Inputs();
        var result = CliRunner.Run("compile", priv, "--topology", topo, "--out", Path.Combine(root, "out"), "--resilience", level, "--strategy", strategy);
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("error PRIV0006", result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_Resilience1_IsByteIdenticalAcrossRuns()
    {
        var (priv, topo, root) = Inputs();
        var first = CliRunner.Run("compile", priv, "--topology", topo, "--out", Path.Combine(root, "a"), "--resilience", "1");
        var second = CliRunner.Run("compile", priv, "--topology", topo, "--out", Path.Combine(root, "b"), "--resilience", "1");
        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.Equal(ExitCodes.Success, second.ExitCode);
        var a = CliRunner.Snapshot(Path.Combine(root, "a"));
        var b = CliRunner.Snapshot(Path.Combine(root, "b"));
        Assert.Equal(a.Keys, b.Keys);
        Assert.All(a, pair => Assert.True(pair.Value.SequenceEqual(b[pair.Key]), $"{pair.Key} differs"));
    }
}
