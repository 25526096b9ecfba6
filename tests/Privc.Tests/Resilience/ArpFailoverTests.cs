using System.Text.Json.Nodes;
using Privc.Artifacts.Onos;
using Privc.Cli;
using Privc.Tests.Infrastructure;
using Privc.Tests.Artifacts.Onos;
using Privc.Text;
using Privc.Verification;
using Privc.Verification.Solving;

namespace Privc.Tests.Resilience;

/// <summary>
/// ARP under failover (specs/onos.md, "ARP under failover"). On the ring of <see cref="FailoverGroupTests"/> with a
/// diagonal s2-s4 every detour branches off locally, so ARP can take the detours the IPv4 packets take: the detector's
/// ARP rule sends to the IPv4 rule's own FAILOVER group, and the backup devices forward ARP entering by the detour's
/// ports. <c>check --groups</c> follows ARP in every failure case: an ARP group whose backup leads to the untrusted s6
/// is caught under that failure only, and ARP that reaches a group privc cannot evaluate is never passed over.
/// </summary>
public class ArpFailoverTests
{
    /// <summary>The ring with an untrusted shortcut s1-s6-s3, plus the diagonal s2-s4 (ports 3 and 3).</summary>
    internal const string Topology = FailoverGroupTests.Topology + "\n" + """
          - {a: {device: s2, port: 3}, b: {device: s4, port: 3}, latency: 1ms, bandwidth: 1Gbps}

        """;

    internal static FailoverGroupTests.Compiled Compile(string topology, out string warnings)
    {
        var root = CliRunner.TempFolder();
        var priv = Path.Combine(root, "ring.priv");
        var topo = Path.Combine(root, "topology.yaml");
        File.WriteAllText(priv, FailoverGroupTests.Program);
        File.WriteAllText(topo, topology);
        var output = Path.Combine(root, "out");
        var result = CliRunner.Run("compile", priv, "--topology", topo, "--out", output, "--resilience", "1");
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        warnings = result.Error;
        return new FailoverGroupTests.Compiled(priv, topo, output);
    }

    private static JsonArray Items(string file, string name) => JsonNode.Parse(File.ReadAllText(file))![name]!.AsArray();

    private static void Write(string file, string name, JsonArray items) => File.WriteAllText(file, new JsonObject { [name] = items.DeepClone() }.ToJsonString());

    private static bool IsArp(JsonNode rule) => rule["selector"]!["criteria"]!.AsArray().Any(c => c!["type"]!.GetValue<string>() == "ETH_TYPE" && c["ethType"]!.GetValue<string>() == "0x0806");

    private static int InPort(JsonNode rule) => rule["selector"]!["criteria"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "IN_PORT")!["port"]!.GetValue<int>();

    private static IEnumerable<JsonNode> Instructions(JsonNode rule) => rule["treatment"]!["instructions"]!.AsArray().Select(i => i!);

    private const string S1 = "of:0000000000000001";

    [Fact]
    public void Compile_RingWithDiagonal_ArpRulesSendToTheIpv4RulesGroupsAndAlongTheDetours()
    {
        var compiled = Compile(Topology, out _);
        var flows = Items(compiled.Flows, "flows");
        var groups = Items(compiled.Groups, "groups");
        var arp = flows.Where(f => IsArp(f!)).Select(f => f!).ToList();

        // n1's ARP enters s1 by port 10, as n1's requests do: both go to the same FAILOVER group.
        var fromN1 = Assert.Single(arp, r => r["deviceId"]!.GetValue<string>() == S1 && InPort(r) == 10);
        var arpGroup = Assert.Single(Instructions(fromN1))["groupId"]!.GetValue<long>();
        var ipv4FromN1 = flows.Single(f => !IsArp(f!) && f!["deviceId"]!.GetValue<string>() == S1 && InPort(f) == 10)!;
        Assert.Equal(arpGroup, Assert.Single(Instructions(ipv4FromN1))["groupId"]!.GetValue<long>());

        // Every ARP group is a group of the file on the rule's device, and every output of an ARP rule or of such a
        // group's buckets leads along a port some IPv4 rule or bucket of that device also uses.
        foreach (var rule in arp)
        {
            var device = rule["deviceId"]!.GetValue<string>();
            foreach (var group in Instructions(rule).Where(i => i["type"]!.GetValue<string>() == "GROUP"))
            {
                Assert.Contains(groups, g => g!["deviceId"]!.GetValue<string>() == device && g["groupId"]!.GetValue<long>() == group["groupId"]!.GetValue<long>());
            }
        }
        // More ARP rules than the primary paths need: the backup devices forward ARP entering by the detours' ports.
        var (withFailover, primaryOnly) = ArpRuleCounts(Topology);
        Assert.True(withFailover > primaryOnly, $"{withFailover} ARP rules with failover, {primaryOnly} without");
        Assert.DoesNotContain(flows, f => f!["deviceId"]!.GetValue<string>() == "of:0000000000000006");

        var result = compiled.Check("--groups", compiled.Groups);
        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
    }

    [Fact]
    public void Trace_EmittedRingWithDiagonal_NoArpFindingInAnyFailureCase()
    {
        var (program, topology, plan) = Prove(Topology);
        var emission = OnosEmitter.Build(program, topology, plan, "digest", failover: true);
        Assert.True(emission.Succeeded, string.Join("\n", emission.Diagnostics));
        var trace = FailoverTracer.Trace(new SourceText("flows.json", emission.Files.Single(f => f.Path == OnosEmitter.FlowsPath).Content),
            new SourceText("groups.json", emission.Files.Single(f => f.Path == OnosEmitter.GroupsPath).Content), topology, program, plan.Placements);
        Assert.False(trace.Normal.HasUnjudged, string.Join("\n", trace.Normal.Diagnostics));
        Assert.Empty(trace.Normal.RuleFindings);
        Assert.Empty(trace.Violations);
        Assert.True(trace.Failures >= 3, $"{trace.Failures} failure cases");
    }

    [Fact]
    [CoversDiagnostic("PRIV4023")]
    public void Compile_RingWithoutDiagonal_CrankbackDetourWarnsThatArpCannotFollow()
    {
        // On the plain ring the middle switch has no other way out: its detours go back (crankback), which ARP
        // rules, matching the in port only, cannot take without sending the proven replies' ARP there too.
        var compiled = Compile(FailoverGroupTests.Topology, out var warnings);
        Assert.Contains("warning PRIV4023", warnings, StringComparison.Ordinal);
        Assert.Contains("ring.priv:", warnings, StringComparison.Ordinal);
        Assert.Contains("flow 'f': when ", warnings, StringComparison.Ordinal);
        Assert.Contains("(crankback)", warnings, StringComparison.Ordinal);
        // Its ARP is dropped on that failure, never sent astray: check still judges every case compliant.
        var result = compiled.Check("--groups", compiled.Groups);
        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
    }

    [Fact]
    public void Check_ArpGroupWhoseBackupLeadsToTheForbiddenSwitch_IsCaughtUnderThatFailureOnly()
    {
        var compiled = Compile(Topology, out _);
        var flows = Items(compiled.Flows, "flows");
        var groups = Items(compiled.Groups, "groups");
        // A group of ARP's own on s1: the primary bucket as the IPv4 group's, the backup towards s6 (s1 port 4).
        var fromN1 = flows.Single(f => IsArp(f!) && f!["deviceId"]!.GetValue<string>() == S1 && InPort(f) == 10)!;
        var original = groups.Single(g => g!["deviceId"]!.GetValue<string>() == S1 && g["groupId"]!.GetValue<long>() == Instructions(fromN1).Single()["groupId"]!.GetValue<long>())!;
        var tampered = original.DeepClone();
        tampered["groupId"] = 0x70000001;
        tampered["appCookie"] = "0x7072697663000000000000beef";
        tampered["buckets"]![1]!["watchPort"] = "4";
        tampered["buckets"]![1]!["treatment"]!["instructions"]![0]!["port"] = "4";
        groups.Add(tampered);
        fromN1["treatment"]!["instructions"]![0]!["groupId"] = 0x70000001;
        Write(compiled.Groups, "groups", groups);
        Write(compiled.Flows, "flows", flows);

        var result = compiled.Check("--groups", compiled.Groups);
        Assert.True(result.ExitCode == ExitCodes.Violations, result.Out + result.Error);
        Assert.Contains("sends ARP", result.Out, StringComparison.Ordinal);
        Assert.Contains("out of port 4 of 's1' towards device 's6'", result.Out, StringComparison.Ordinal);
        Assert.Contains("when the cable s1:", result.Out, StringComparison.Ordinal);
        Assert.Contains("flows.json:1:", result.Out, StringComparison.Ordinal);
        // Every ARP finding names a failure: with everything up the group's primary bucket keeps ARP on the route.
        var arpLines = result.Out.Split('\n').Where(l => l.Contains("sends ARP", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(arpLines);
        Assert.All(arpLines, l => Assert.Contains("when ", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_ArpRuleSendingToAGroupTheFileDoesNotHold_CannotJudge()
    {
        var compiled = Compile(Topology, out _);
        var flows = Items(compiled.Flows, "flows");
        var fromN1 = flows.Single(f => IsArp(f!) && f!["deviceId"]!.GetValue<string>() == S1 && InPort(f) == 10)!;
        fromN1["treatment"]!["instructions"]![0]!["groupId"] = 0x70000002;
        Write(compiled.Flows, "flows", flows);

        var result = compiled.Check("--groups", compiled.Groups);
        Assert.NotEqual(ExitCodes.Success, result.ExitCode);
        Assert.Contains("warning PRIV5150", result.Error, StringComparison.Ordinal);
        Assert.Contains("ARP entering 's1' by port 10", result.Error, StringComparison.Ordinal);
        Assert.Contains("which the groups file does not hold", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_RingWithDiagonal_IsByteIdenticalAcrossRuns()
    {
        var a = Compile(Topology, out var warningsA);
        var b = Compile(Topology, out var warningsB);
        Assert.Equal(File.ReadAllText(a.Flows), File.ReadAllText(b.Flows));
        Assert.Equal(File.ReadAllText(a.Groups), File.ReadAllText(b.Groups));
        Assert.Equal(warningsA.Replace(a.Priv, "P", StringComparison.Ordinal), warningsB.Replace(b.Priv, "P", StringComparison.Ordinal));
    }

    /// <summary>How many ARP rules a plan proven with R1 on the topology gets with failover, and from its primary paths alone.</summary>
    private static (int WithFailover, int PrimaryOnly) ArpRuleCounts(string topologyText)
    {
        var (program, topology, plan) = Prove(topologyText);
        int Count(bool failover) => JsonNode.Parse(OnosEmitter.Build(program, topology, plan, "digest", failover).Files.Single(f => f.Path == OnosEmitter.FlowsPath).Content)!["flows"]!
            .AsArray().Count(f => IsArp(f!));
        return (Count(true), Count(false));
    }

    /// <summary>The plan z3 proves with R1 for the program (the ring's by default) on the topology.</summary>
    internal static (Privc.Semantics.BoundProgram Program, Privc.Topology.TopologyModel Topology, Privc.Checking.Configuration Plan) Prove(string topologyText, string program = FailoverGroupTests.Program)
    {
        var topology = TestSources.LoadTopology(topologyText);
        var compilation = TestSources.Compile(program, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        var bound = compilation.Program!;
        var budget = TimeSpan.FromSeconds(120);
        var result = new Verifier(bound, topology, TestSolvers.Z3, new VerifierOptions(new SolverOptions { Timeout = budget, Seed = 0 }, budget) { Resilience = 1 }).Verify();
        return (bound, topology, Assert.IsType<VerificationResult.Proven>(result).Plan);
    }
}
