using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Privc.Artifacts;
using Privc.Artifacts.Kubernetes;
using Privc.Artifacts.Onos;
using Privc.Cli;
using Privc.Checking;
using Privc.Tests.Artifacts;
using Privc.Tests.Artifacts.Onos;

namespace Privc.Tests.Cli;

/// <summary>
/// `privc check` through the CLI: it accepts what `privc compile` emits for every proven example, and catches each
/// kind of tampering (a pod moved, a flow rule re-pointed through a forbidden device, a NetworkPolicy widened, flow
/// rules removed) with exit 4 and the right witness; malformed artifacts exit 1 with a location.
/// </summary>
[Collection(ProvenExamplesCollection.Name)]
public class CheckCommandTests(ProvenExamples examples)
{
    [Theory]
    [MemberData(nameof(ProvenExamples.Names), MemberType = typeof(ProvenExamples))]
    public void Check_AcceptsWhatCompileEmits(string example)
    {
        var (priv, topology, output) = Compile(example);
        var result = CliRunner.Run(["check", .. priv, "--topology", topology, "--manifests", Path.Combine(output, "kubernetes"), "--flows", Path.Combine(output, "onos", "flows.json")]);
        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        Assert.Contains("compliant: every one of the", result.Out, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Error);
        // The README's recipe: the operator's Node objects as cluster state.
        var withNodes = CliRunner.Run(["check", .. priv, "--topology", topology, "--manifests", Path.Combine(output, "kubernetes"), "--nodes", Path.Combine(output, "kubernetes", "operator", "node-setup.yaml"), "--flows", Path.Combine(output, "onos", "flows.json")]);
        Assert.True(withNodes.ExitCode == ExitCodes.Success, withNodes.Out + withNodes.Error);

        var artifactsCheck = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "certificate", "artifacts-check.json")))!;
        Assert.Equal("passed", (string?)artifactsCheck["verdict"]);
    }

    [Fact]
    public void Check_PodMovedOutOfJurisdiction_ReportsIntentWithReplicaAndNode()
    {
        var (priv, topology, output) = Compile("hospital-au");
        var triage = Path.Combine(output, "kubernetes", "triage.yaml");
        var plan = examples["hospital-au"].Plan;
        var moved = plan.NodesOf("triage")[0];
        var text = File.ReadAllText(triage);
        Assert.Contains("- " + moved, text, StringComparison.Ordinal);
        File.WriteAllText(triage, text.Replace("- " + moved, "- cloud-sg-1", StringComparison.Ordinal));

        var result = CliRunner.Run(["check", .. priv, "--topology", topology, "--manifests", Path.Combine(output, "kubernetes"), "--flows", Path.Combine(output, "onos", "flows.json"), "--format", "json"]);
        Assert.True(result.ExitCode == ExitCodes.Violations, result.Out + result.Error);
        var report = JsonNode.Parse(result.Out)!;
        Assert.Equal("violations", (string?)report["status"]);
        var violations = report["violations"]!.AsArray();
        Assert.Contains(violations, v => (string?)v!["intent"] == "vitals_stay_in_au" && (string?)v["witness"]!["service"] == "triage" && (string?)v["witness"]!["node"] == "cloud-sg-1");
    }

    [Fact]
    public void Check_FlowRulesRepointedThroughUntrustedSwitch_ReportsAvoidIntentWithDevice()
    {
        var example = examples["payments-transit"];
        var folder = Emit(example, example.Plan);
        var route = example.Plan.Routes.First(r => r.Flow == "authorise" && r.SourceNode == "pos-north-1");
        var detour = OnosPlans.Route(example.Topology, route.Flow, route.SourceNode, route.TargetNode, "branch-north", "isp-transit-1", "dc-fw", "dc-leaf");
        Assert.NotEqual(route.Devices, detour.Devices);
        var tampered = example.Plan with { Routes = [.. example.Plan.Routes.Select(r => r == route ? detour : r)] };
        var flows = Path.Combine(folder, "tampered-flows.json");
        File.WriteAllText(flows, OnosEmitter.Emit(example.Program, example.Topology, tampered, example.Digest).Single(f => f.Path == OnosEmitter.FlowsPath).Content);

        var result = Check("payments-transit", folder, flows);
        Assert.True(result.ExitCode == ExitCodes.Violations, result.Out + result.Error);
        Assert.Contains("card_data_owned_network", result.Out, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"witness: flow authorise, from pos-north-1 to \S+, path branch-north -> isp-transit-1 -> dc-fw -> dc-leaf, device isp-transit-1"), result.Out);
    }

    [Fact]
    public void Check_NetworkPolicyWidened_ReportsUndeclaredFlowAllowed()
    {
        var example = examples["hospital-au"];
        var folder = Emit(example, example.Plan);
        var research = Path.Combine(folder, "kubernetes", "research.yaml");
        var yaml = File.ReadAllText(research);
        // An allow-all policy added beside privc's: every pod of the namespace may talk to every other, on any port.
        var ns = Regex.Match(yaml, @"namespace: (\S+)", RegexOptions.None, TimeSpan.FromSeconds(1)).Groups[1].Value;
        File.WriteAllText(research, yaml + $"---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-all\n  namespace: {ns}\nspec:\n  podSelector: {{}}\n  policyTypes: [Ingress, Egress]\n  ingress:\n  - {{}}\n  egress:\n  - {{}}\n");

        var result = Check("hospital-au", folder, Path.Combine(folder, "onos", "flows.json"));
        Assert.True(result.ExitCode == ExitCodes.Violations, result.Out + result.Error);
        Assert.Contains("W5 isolation", result.Out, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"witness: service research, other service ingest, port \*"), result.Out);
    }

    [Fact]
    public void Check_FlowRuleRemoved_ReportsBlackHoleAsMissingRoute()
    {
        var example = examples["hospital-au"];
        var folder = Emit(example, example.Plan);
        var flowsPath = Path.Combine(folder, "onos", "flows.json");
        var flows = JsonNode.Parse(File.ReadAllText(flowsPath))!;
        var rules = flows["flows"]!.AsArray();
        var removed = rules[0]!;
        var device = example.Topology.FindDevice((string)removed["deviceId"]!)!.Name;
        rules.RemoveAt(0);
        File.WriteAllText(flowsPath, flows.ToJsonString());

        var result = Check("hospital-au", folder, flowsPath);
        Assert.True(result.ExitCode == ExitCodes.Violations, result.Out + result.Error);
        Assert.Contains("W3 routing", result.Out, StringComparison.Ordinal);
        Assert.Contains($"device {device}", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV5100")]
    public void Check_WithoutFlows_IsNotJudged_UnlessPlacementOnly()
    {
        var example = examples["hospital-au"];
        var folder = Emit(example, example.Plan);
        var result = Check("hospital-au", folder, null);
        Assert.True(result.ExitCode == ExitCodes.NotJudged, result.Out + result.Error);
        Assert.Contains("network paths not judged", result.Out, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"hospital\.priv:70:8: warning PRIV5100: intent 'vitals_fast' is not judged on its route conditions"), result.Error);
        Assert.Matches(new Regex(@"vitals_fast\s+not judged \(no flow rules\)"), result.Out);
        Assert.Matches(new Regex(@"triage_in_tee\s+holds"), result.Out);

        var placementOnly = CliRunner.Run([.. CheckArgs("hospital-au", folder, null), "--placement-only", "--format", "json"]);
        Assert.True(placementOnly.ExitCode == ExitCodes.Success, placementOnly.Out + placementOnly.Error);
        Assert.Equal(string.Empty, placementOnly.Error);
        var report = JsonNode.Parse(placementOnly.Out)!;
        Assert.Equal("compliant", (string?)report["status"]);
        var statuses = report["intents"]!.AsArray().ToDictionary(i => (string)i!["name"]!, i => (string)i!["status"]!);
        Assert.Equal("not judged", statuses["vitals_fast"]);
        Assert.Equal("not judged", statuses["research_via_firewall"]);
        Assert.Equal("not judged", statuses["vitals_stay_in_au"]);
        Assert.Equal("holds", statuses["triage_in_tee"]);
        Assert.Equal("applied", statuses["anonymise_before_research"]);
    }

    [Fact]
    public void Check_SchedulerDecidesPlacement_IsNotCompliant()
    {
        var example = examples["hospital-au"];
        var folder = Emit(example, example.Plan);
        var manifests = Path.Combine(folder, "kubernetes", "research.yaml");
        var yaml = File.ReadAllText(manifests);
        var start = yaml.IndexOf("      affinity:\n", StringComparison.Ordinal);
        Assert.True(start > 0, yaml);
        // Drop the affinity block of the pod template: the scheduler may now put research anywhere.
        var end = start + "      affinity:\n".Length;
        while (end < yaml.Length && yaml[end..].StartsWith("        ", StringComparison.Ordinal))
        {
            end = yaml.IndexOf('\n', end) + 1;
        }
        File.WriteAllText(manifests, yaml[..start] + yaml[end..]);

        var result = Check("hospital-au", folder, Path.Combine(folder, "onos", "flows.json"));
        Assert.True(result.ExitCode == ExitCodes.Violations, result.Out + result.Error);
        Assert.Contains("PRIV5006", result.Error, StringComparison.Ordinal);
        Assert.Contains("to the scheduler", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MalformedArtifacts_ExitOneWithLocations()
    {
        var example = examples["hospital-au"];
        var folder = Emit(example, example.Plan);
        File.WriteAllText(Path.Combine(folder, "kubernetes", "broken.yaml"), "apiVersion: v1\nkind: [unterminated\n");
        var flows = Path.Combine(folder, "onos", "flows.json");
        File.WriteAllText(flows, "{\"flows\": [ {\"priority\": 1,, } ]}");

        var result = Check("hospital-au", folder, flows);
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Matches(new Regex(@"broken\.yaml:\d+:\d+: error PRIV5001"), result.Error);
        Assert.Matches(new Regex(@"flows\.json:1:\d+: error PRIV5020"), result.Error);
        Assert.Equal(string.Empty, result.Out);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MissingManifestsFolder_ExitOne()
    {
        var example = examples["hospital-au"];
        var result = Check("hospital-au", Path.Combine(CliRunner.TempFolder(), "nowhere"), null);
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("PRIV0", result.Error, StringComparison.Ordinal);
    }

    private static (string[] Priv, string Topology, string Output) Compile(string example)
    {
        var folder = Path.Combine(TestPaths.Examples, example);
        var priv = Directory.GetFiles(folder, "*.priv").Order(StringComparer.Ordinal).ToArray();
        var topology = Path.Combine(folder, "topology.yaml");
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        var compile = CliRunner.Run(["compile", .. priv, "--topology", topology, "--out", output, "--timeout", "120"]);
        Assert.True(compile.ExitCode == ExitCodes.Success, compile.Out + compile.Error);
        return (priv, topology, output);
    }

    /// <summary>The Kubernetes and ONOS files of a plan, written to a fresh folder as compile lays them out.</summary>
    private static string Emit(ProvenExample example, Configuration plan)
    {
        var folder = CliRunner.TempFolder();
        foreach (var file in KubernetesEmitter.Emit(example.Program, example.Topology, plan, example.Digest).Concat(OnosEmitter.Emit(example.Program, example.Topology, plan, example.Digest)))
        {
            var path = Path.Combine(folder, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Content);
        }
        return folder;
    }

    private static string[] CheckArgs(string example, string folder, string? flows)
    {
        var source = Path.Combine(TestPaths.Examples, example);
        string[] args = ["check", .. Directory.GetFiles(source, "*.priv").Order(StringComparer.Ordinal), "--topology", Path.Combine(source, "topology.yaml"), "--manifests", Path.Combine(folder, "kubernetes")];
        return flows is null ? args : [.. args, "--flows", flows];
    }

    private static CliRunner.Result Check(string example, string folder, string? flows) => CliRunner.Run(CheckArgs(example, folder, flows));
}
