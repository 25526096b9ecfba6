using System.Text.Json.Nodes;
using Privc.Cli;

namespace Privc.Tests.Live;

/// <summary>
/// <c>privc deploy</c> against a local fake Kubernetes API server and a local fake ONOS (no real cluster or
/// controller runs here or in CI): the requests privc sends, dry run first, the digest refusal, and every failure.
/// </summary>
public sealed class DeployCommandTests(CompiledHospital compiled) : IClassFixture<CompiledHospital>
{
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments/";

    private CliRunner.Result Deploy(string folder, FakeKubernetes kubernetes, FakeOnos? onos, params string[] extra)
    {
        var kubeconfig = kubernetes.WriteKubeconfig(CliRunner.TempFolder());
        string[] args = ["deploy", folder, .. compiled.Check, "--kubeconfig", kubeconfig, .. extra.Contains("--timeout") ? Array.Empty<string>() : ["--timeout", "10"], .. extra];
        return LiveTestSupport.Run(onos is null ? args : [.. args, "--onos", onos.Url]);
    }

    private static int FlowCount(string folder) => JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "onos", "flows.json")))!["flows"]!.AsArray().Count;

    [Fact]
    [CoversDiagnostic("PRIV9016")]
    public void Deploy_DryRunsEveryObjectThenAppliesAndReplacesOnosFlows()
    {
        var folder = compiled.Copy();
        var digest = LiveTestSupport.Digest(folder);
        using var kubernetes = new FakeKubernetes();
        using var onos = new FakeOnos();
        onos.Preinstall(3);

        var result = Deploy(folder, kubernetes, onos);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        var patches = kubernetes.Calls.Where(c => c.Method == "PATCH").ToList();
        // Besides the applies, only the prune's three cluster-wide lists of the deploy set (nothing stale to delete).
        Assert.Equal(
            ["GET /apis/apps/v1/deployments", "GET /api/v1/services", "GET /apis/networking.k8s.io/v1/networkpolicies"],
            kubernetes.Calls.Where(c => c.Method != "PATCH").Select(c => $"{c.Method} {c.Path}"));
        Assert.All(kubernetes.Calls.Where(c => c.Method == "GET"), c => Assert.Equal("app.kubernetes.io/managed-by=privc,privc.io/set=privc", c.Query["labelSelector"]));
        Assert.True(patches.Count % 2 == 0 && patches.Count >= 8, string.Join("\n", patches.Select(p => p.Target)));
        var half = patches.Count / 2;
        Assert.All(patches.Take(half), p => Assert.Equal("All", p.Query["dryRun"]));
        Assert.All(patches.Skip(half), p => Assert.False(p.Query.ContainsKey("dryRun")));
        Assert.Equal(patches.Take(half).Select(p => p.Path), patches.Skip(half).Select(p => p.Path));
        foreach (var patch in patches)
        {
            Assert.Equal("privc", patch.Query["fieldManager"]);
            Assert.Equal("true", patch.Query["force"]);
            Assert.StartsWith("application/apply-patch+yaml", patch.Headers["Content-Type"], StringComparison.Ordinal);
            Assert.Equal("Bearer " + FakeKubernetes.Token, patch.Headers["Authorization"]);
            var body = patch.Json!;
            Assert.EndsWith("/" + (string)body["metadata"]!["name"]!, patch.Path, StringComparison.Ordinal);
            Assert.Equal(digest, (string?)body["metadata"]!["annotations"]!["privc.io/certificate"]);
        }
        // Without --label-nodes no Node object is touched, and the operator is told.
        Assert.DoesNotContain(patches, p => p.Path.StartsWith("/api/v1/nodes/", StringComparison.Ordinal));
        Assert.Contains("PRIV9016", result.Error, StringComparison.Ordinal);
        // The Deployment privc sent is the manifest: its required node affinity survives the trip.
        var triage = kubernetes.Stored(Deployments + "triage")!;
        Assert.Equal("Deployment", (string?)triage["kind"]);
        Assert.NotNull(triage["spec"]!["template"]!["spec"]!["affinity"]!["nodeAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"]);
        Assert.Contains("dry run  Deployment/default/triage: would be created", result.Out, StringComparison.Ordinal);
        Assert.Contains("applied  Deployment/default/triage: created", result.Out, StringComparison.Ordinal);

        // ONOS: read the old rules, post the new ones above them, read them back, then remove the old ones, all with Basic auth.
        Assert.Equal(
            // The groups are read also for a plan without any: privc's groups from an earlier resilient deploy would go.
            ["GET /onos/v1/flows/application/io.privc", "GET /onos/v1/groups", "POST /onos/v1/flows?appId=io.privc", "GET /onos/v1/flows/application/io.privc", "DELETE /onos/v1/flows"],
            onos.Calls.Select(c => $"{c.Method} {c.Target}"));
        Assert.All(onos.Calls, c => Assert.Equal(onos.Authorization, c.Headers["Authorization"]));
        var post = onos.Calls.Single(c => c.Method == "POST");
        Assert.StartsWith("application/json", post.Headers["Content-Type"], StringComparison.Ordinal);
        // The rules of flows.json (IPv4 at 40000, ARP at 40001), all one priority above the old ones.
        var sent = post.Json!;
        static bool IsArp(JsonNode f) => f.ToJsonString() is var text && (text.Contains("\"0x0806\"", StringComparison.Ordinal) || text.Contains("\"0x806\"", StringComparison.Ordinal));
        Assert.All(sent["flows"]!.AsArray(), f => Assert.Equal(IsArp(f!) ? 40002 : 40001, (int)f!["priority"]!));
        foreach (var flow in sent["flows"]!.AsArray())
        {
            flow!["priority"] = (int)flow["priority"]! - 1;
        }
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "onos", "flows.json"))), sent));
        Assert.Equal(FlowCount(folder), onos.Installed.Count);
        Assert.Contains($"ONOS: replaced 3 rule(s) of io.privc with {FlowCount(folder)} rule(s)", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("rocks", result.Out + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_Twice_ReportsEveryObjectUnchanged()
    {
        var folder = compiled.Copy();
        using var kubernetes = new FakeKubernetes();
        Assert.Equal(ExitCodes.Success, Deploy(folder, kubernetes, null).ExitCode);

        var again = Deploy(folder, kubernetes, null);

        Assert.True(again.ExitCode == ExitCodes.Success, again.Error);
        Assert.DoesNotContain(": created", again.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(": configured", again.Out, StringComparison.Ordinal);
        Assert.Contains("applied  Deployment/default/triage: unchanged", again.Out, StringComparison.Ordinal);
        Assert.Contains("ONOS: no --onos given", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_NamespaceObjects_AreAppliedFirst()
    {
        var folder = compiled.Copy();
        var digest = LiveTestSupport.Digest(folder);
        File.WriteAllText(Path.Combine(folder, "kubernetes", "zz_extra.yaml"), $"""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: clinic
              annotations:
                privc.io/certificate: {digest}
            """);
        using var kubernetes = new FakeKubernetes();

        var result = Deploy(folder, kubernetes, null);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        var patches = kubernetes.Calls.Where(c => c.Method == "PATCH").ToList();
        Assert.Equal("/api/v1/namespaces/clinic", patches[0].Path);
        Assert.Equal("/api/v1/namespaces/clinic", patches[patches.Count / 2].Path);
    }

    [Fact]
    [CoversDiagnostic("PRIV9007")]
    public void Deploy_OneObjectFailsItsDryRun_NothingIsApplied()
    {
        var folder = compiled.Copy();
        using var kubernetes = new FakeKubernetes();
        kubernetes.Invalid.Add(Deployments + "research");
        using var onos = new FakeOnos();

        var result = Deploy(folder, kubernetes, onos);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("error PRIV9007: Deployment/default/research: HTTP 422: Deployment.apps \"research\" is invalid: spec.template.spec.containers[0].image: Required value; no object was applied", result.Error, StringComparison.Ordinal);
        Assert.All(kubernetes.Calls, c => Assert.Equal("All", c.Query["dryRun"]));
        // Every object was still dry-run, so all problems show at once.
        Assert.Contains(kubernetes.Calls, c => c.Path == Deployments + "triage");
        Assert.Null(kubernetes.Stored(Deployments + "triage"));
        Assert.DoesNotContain(onos.Calls, c => c.Method != "GET");
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV9008")]
    public void Deploy_RealApplyFailsLate_StopsWithExitSixAndKeepsTheOldRules()
    {
        var folder = compiled.Copy();
        using var kubernetes = new FakeKubernetes();
        kubernetes.FailOnApply.Add(Deployments + "ingest");
        using var onos = new FakeOnos();
        var old = onos.Preinstall(2);

        var result = Deploy(folder, kubernetes, onos);

        Assert.Equal(ExitCodes.DeployIncomplete, result.ExitCode);
        Assert.Contains("the deploy stopped part way: the Kubernetes apply stopped part way", result.Error, StringComparison.Ordinal);
        Assert.Contains("error PRIV9008: Deployment/default/ingest: HTTP 500: Internal error occurred: failed calling webhook", result.Error, StringComparison.Ordinal);
        var real = kubernetes.Calls.Where(c => !c.Query.ContainsKey("dryRun")).ToList();
        Assert.Equal(Deployments + "ingest", real[^1].Path);
        Assert.DoesNotContain(onos.Calls, c => c.Method == "DELETE");
        Assert.Equal(old.Count + FlowCount(folder), onos.Installed.Count);
    }

    [Fact]
    [CoversDiagnostic("PRIV9002")]
    public void Deploy_TamperedManifest_RefusedWithExitFourBeforeAnyRequest()
    {
        var folder = compiled.Copy();
        var digest = LiveTestSupport.Digest(folder);
        var triage = Path.Combine(folder, "kubernetes", "triage.yaml");
        var forged = "sha256:" + new string('0', 64);
        File.WriteAllText(triage, File.ReadAllText(triage).Replace("privc.io/certificate: " + digest, "privc.io/certificate: " + forged, StringComparison.Ordinal));
        using var kubernetes = new FakeKubernetes();
        using var onos = new FakeOnos();

        var result = Deploy(folder, kubernetes, onos);

        Assert.Equal(ExitCodes.Violations, result.ExitCode);
        Assert.Contains($"kubernetes/triage.yaml: error PRIV9002: Deployment/default/triage cites certificate {forged}", result.Error, StringComparison.Ordinal);
        Assert.Empty(kubernetes.Calls);
        Assert.Empty(onos.Calls);
    }

    [Fact]
    public void Deploy_EditedPlan_MakesEveryArtifactStale()
    {
        var folder = compiled.Copy();
        var plan = Path.Combine(folder, "plan.json");
        File.WriteAllText(plan, File.ReadAllText(plan).Replace("edge-mel-1", "edge-mel-2", StringComparison.Ordinal));
        using var kubernetes = new FakeKubernetes();

        var result = Deploy(folder, kubernetes, null);

        Assert.Equal(ExitCodes.Violations, result.ExitCode);
        Assert.Matches("onos/intents/[^ ]+[.]json: error PRIV9002: intent key", result.Error);
        Assert.Empty(kubernetes.Calls);
    }

    [Fact]
    public void Deploy_DryRunFlag_OnlyDryRunsAndPrintsWhatOnosWouldReceive()
    {
        var folder = compiled.Copy();
        using var kubernetes = new FakeKubernetes();
        using var onos = new FakeOnos();

        var result = Deploy(folder, kubernetes, onos, "--dry-run");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.NotEmpty(kubernetes.Calls);
        Assert.All(kubernetes.Calls.Where(c => c.Method != "GET"), c => Assert.Equal("All", c.Query["dryRun"]));
        Assert.Equal(["GET"], onos.Calls.Select(c => c.Method).Distinct());
        Assert.Contains($"POST /onos/v1/flows?appId=io.privc with the {FlowCount(folder)} rule(s) of onos/flows.json", result.Out, StringComparison.Ordinal);
        Assert.Contains("\"deviceId\": \"of:0000000000000001\"", result.Out, StringComparison.Ordinal);
        Assert.Empty(onos.Installed);
    }

    [Fact]
    public void Deploy_LabelNodes_PatchesExistingNodesAfterNamespacesAndBeforeWorkloads()
    {
        var folder = compiled.Copy();
        using var kubernetes = new FakeKubernetes();
        var names = Directory.GetFiles(Path.Combine(folder, "kubernetes", "operator")).SelectMany(File.ReadAllLines)
            .Where(l => l.StartsWith("  name: ", StringComparison.Ordinal)).Select(l => l["  name: ".Length..]).ToList();
        foreach (var name in names)
        {
            kubernetes.AddNode(name, "10.9.9.9", "4", "8Gi", new Dictionary<string, string>());
        }

        var result = Deploy(folder, kubernetes, null, "--label-nodes");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.DoesNotContain("PRIV9016", result.Error, StringComparison.Ordinal);
        var real = kubernetes.Calls.Where(c => c.Method == "PATCH" && !c.Query.ContainsKey("dryRun")).Select(c => c.Path).ToList();
        Assert.Equal(names.Select(n => "/api/v1/nodes/" + n), real.Take(names.Count));
        Assert.Contains($"applied  Node/{names[0]}: configured", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_LabelNodes_RefusesToCreateANodeTheClusterLacks()
    {
        var folder = compiled.Copy();
        using var kubernetes = new FakeKubernetes();

        var result = Deploy(folder, kubernetes, null, "--label-nodes");

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("the cluster has no node of this name, and privc never creates Node objects", result.Error, StringComparison.Ordinal);
        Assert.All(kubernetes.Calls, c => Assert.Equal("All", c.Query["dryRun"]));
    }

    [Fact]
    [CoversDiagnostic("PRIV9006")]
    public void Deploy_WrongToken_Unauthorized()
    {
        var folder = compiled.Copy();
        using var kubernetes = new FakeKubernetes();
        var kubeconfig = kubernetes.WriteKubeconfig(CliRunner.TempFolder(), token: "stolen");

        var result = LiveTestSupport.Run(["deploy", folder, .. compiled.Check, "--kubeconfig", kubeconfig]);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains($"error PRIV9006: the Kubernetes API server {kubernetes.Url} answered HTTP 401: Unauthorized", result.Error, StringComparison.Ordinal);
        Assert.Single(kubernetes.Calls);
        Assert.DoesNotContain("stolen", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV9005")]
    public void Deploy_ApiServerUnreachable_DiagnosticWithoutStackTrace()
    {
        var folder = compiled.Copy();
        var port = LiveTestSupport.ClosedPort();
        var kubeconfig = Path.Combine(CliRunner.TempFolder(), "config");
        File.WriteAllText(kubeconfig, $"apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:{port}\ncontexts:\n- name: c\n  context: {{cluster: c, user: u}}\ncurrent-context: c\nusers:\n- name: u\n  user: {{token: t}}\n");

        var result = LiveTestSupport.Run(["deploy", folder, .. compiled.Check, "--kubeconfig", kubeconfig, "--timeout", "5"]);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains($"error PRIV9005: the Kubernetes API server http://127.0.0.1:{port} cannot be reached", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_ApiServerTooSlow_TimesOut()
    {
        var folder = compiled.Copy();
        using var kubernetes = new FakeKubernetes { Delay = TimeSpan.FromSeconds(20) };

        var result = LiveTestSupport.Run(["deploy", folder, .. compiled.Check, "--kubeconfig", kubernetes.WriteKubeconfig(CliRunner.TempFolder()), "--timeout", "1"]);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("error PRIV9005: the Kubernetes API server", result.Error, StringComparison.Ordinal);
        Assert.Contains("did not answer in time", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV9009")]
    public void Deploy_ApiServerAnswersGarbage_Malformed()
    {
        var folder = compiled.Copy();
        using var kubernetes = new FakeKubernetes { Garbage = true };

        var result = Deploy(folder, kubernetes, null);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("error PRIV9009: the Kubernetes API server", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV9004")]
    public void Deploy_NoKubeconfig_OrUnknownContext_InputError()
    {
        var folder = compiled.Copy();
        var home = CliRunner.TempFolder();

        var none = LiveTestSupport.Run(new Dictionary<string, string> { ["HOME"] = home }, ["deploy", folder, .. compiled.Check]);
        Assert.Equal(ExitCodes.InputError, none.ExitCode);
        Assert.Contains("error PRIV9004: the kubeconfig does not exist; give --kubeconfig, or set KUBECONFIG", none.Error, StringComparison.Ordinal);

        using var kubernetes = new FakeKubernetes();
        var kubeconfig = kubernetes.WriteKubeconfig(CliRunner.TempFolder());
        var fromEnvironment = LiveTestSupport.Run(new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig }, ["deploy", folder, .. compiled.Check, "--context", "nowhere"]);
        Assert.Equal(ExitCodes.InputError, fromEnvironment.ExitCode);
        Assert.Contains($"{kubeconfig}: error PRIV9004: the kubeconfig cannot be used with context 'nowhere'", fromEnvironment.Error, StringComparison.Ordinal);
        Assert.Empty(kubernetes.Calls);

        var other = LiveTestSupport.Run(new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig }, ["deploy", folder, .. compiled.Check, "--context", "other"]);
        Assert.True(other.ExitCode == ExitCodes.Success, other.Error);
    }

    [Fact]
    [CoversDiagnostic("PRIV9001")]
    public void Deploy_NotACompileOutput_InputError()
    {
        var missing = LiveTestSupport.Run(["deploy", Path.Combine(CliRunner.TempFolder(), "nowhere"), .. compiled.Check]);
        Assert.Equal(ExitCodes.InputError, missing.ExitCode);
        Assert.Contains("error PRIV9001:", missing.Error, StringComparison.Ordinal);
        Assert.Contains("it does not exist or is not a folder", missing.Error, StringComparison.Ordinal);

        var folder = compiled.Copy();
        File.Delete(Path.Combine(folder, "certificate", "checker.json"));
        var partial = LiveTestSupport.Run(["deploy", folder, .. compiled.Check]);
        Assert.Equal(ExitCodes.InputError, partial.ExitCode);
        Assert.Contains("it has no certificate/checker.json", partial.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV9003")]
    public void Deploy_KindPrivcDoesNotEmit_Refused()
    {
        var folder = compiled.Copy();
        File.WriteAllText(Path.Combine(folder, "kubernetes", "extra.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n");
        using var kubernetes = new FakeKubernetes();

        var result = Deploy(folder, kubernetes, null);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("kubernetes/extra.yaml: error PRIV9003: a ConfigMap object without a name or of a kind privc does not deploy", result.Error, StringComparison.Ordinal);
        Assert.Empty(kubernetes.Calls);
    }

    [Fact]
    [CoversDiagnostic("PRIV9012")]
    public void Deploy_WrongOnosPassword_StopsBeforeKubernetesChanges()
    {
        var folder = compiled.Copy();
        using var kubernetes = new FakeKubernetes();
        using var onos = new FakeOnos(password: "secret-password");

        var result = Deploy(folder, kubernetes, onos);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains($"error PRIV9012: ONOS at {onos.Url} answered GET /onos/v1/flows/application/io.privc with HTTP 401", result.Error, StringComparison.Ordinal);
        Assert.Empty(kubernetes.Calls);

        var environment = new Dictionary<string, string> { ["ONOS_USER"] = "onos", ["ONOS_PASSWORD"] = "secret-password" };
        var withEnvironment = LiveTestSupport.Run(environment, ["deploy", folder, .. compiled.Check, "--kubeconfig", kubernetes.WriteKubeconfig(CliRunner.TempFolder()), "--onos", onos.Url]);
        Assert.True(withEnvironment.ExitCode == ExitCodes.Success, withEnvironment.Error);
        Assert.DoesNotContain("secret-password", withEnvironment.Out + withEnvironment.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV9013")]
    public void Deploy_OnosServerError_Reported()
    {
        var folder = compiled.Copy();
        using var kubernetes = new FakeKubernetes();
        using var onos = new FakeOnos { FailWith = 500 };

        var result = Deploy(folder, kubernetes, onos);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("with HTTP 500: java.lang.IllegalArgumentException: simulated failure", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV9015")]
    public void Deploy_OnosInstallsFewerRules_Error()
    {
        var folder = compiled.Copy();
        using var kubernetes = new FakeKubernetes();
        using var onos = new FakeOnos { AcceptOnly = 2 };
        var old = onos.Preinstall(1);

        var result = Deploy(folder, kubernetes, onos);

        // The two rules ONOS did take are withdrawn; the old rule stays; Kubernetes is not touched.
        Assert.Equal(ExitCodes.DeployIncomplete, result.ExitCode);
        Assert.Equal(old, onos.InstalledIds);
        Assert.DoesNotContain(kubernetes.Calls, c => c.Method == "PATCH" && !c.Query.ContainsKey("dryRun"));
        Assert.Contains($"error PRIV9015: privc sent {FlowCount(folder)} flow rule(s) to ONOS at {onos.Url}, which reports 2 installed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV9014")]
    public void Deploy_OnosAnswerWithoutFlows_Malformed()
    {
        var folder = compiled.Copy();
        using var kubernetes = new FakeKubernetes();
        using var onos = new FakeOnos { PostAnswer = "{\"flow\":[]}" };

        var result = Deploy(folder, kubernetes, onos);

        Assert.Equal(ExitCodes.DeployIncomplete, result.ExitCode);
        Assert.Contains("error PRIV9014: ONOS at", result.Error, StringComparison.Ordinal);
        Assert.Contains("it has no \"flows\" array", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV9010")]
    public void Deploy_OnosUrlNotHttp_UsageBeforeAnyRequest()
    {
        var folder = compiled.Copy();
        using var kubernetes = new FakeKubernetes();

        var result = Deploy(folder, kubernetes, null, "--onos", "ftp://onos:8181");

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("error PRIV9010: --onos 'ftp://onos:8181' is not an absolute http or https URL", result.Error, StringComparison.Ordinal);
        Assert.Empty(kubernetes.Calls);
    }

    [Fact]
    [CoversDiagnostic("PRIV9011")]
    public void Deploy_OnosUnreachable_Diagnostic()
    {
        var folder = compiled.Copy();
        using var kubernetes = new FakeKubernetes();
        var port = LiveTestSupport.ClosedPort();

        var result = Deploy(folder, kubernetes, null, "--onos", $"http://127.0.0.1:{port}");

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains($"error PRIV9011: ONOS at http://127.0.0.1:{port} cannot be reached", result.Error, StringComparison.Ordinal);
        Assert.Empty(kubernetes.Calls);
    }
}
