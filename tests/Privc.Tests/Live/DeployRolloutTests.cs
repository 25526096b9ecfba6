using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Privc.Cli;

namespace Privc.Tests.Live;

/// <summary>
/// <c>privc deploy</c>'s make-before-break order against the local fake servers: the check before any request, the
/// new ONOS rules installed above the old and read back before Kubernetes changes, pruning of the deploy set, the
/// old rules removed last, and a failure injected at every step leaving every old rule installed.
/// </summary>
public sealed partial class DeployRolloutTests(CompiledHospital compiled) : IClassFixture<CompiledHospital>
{
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments/";

    private CliRunner.Result Deploy(string folder, FakeKubernetes kubernetes, FakeOnos? onos, params string[] extra)
    {
        string[] args = ["deploy", folder, .. compiled.Check, "--kubeconfig", kubernetes.WriteKubeconfig(CliRunner.TempFolder()), .. extra];
        if (!extra.Contains("--timeout"))
        {
            args = [.. args, "--timeout", "10"];
        }
        return LiveTestSupport.Run(onos is null ? args : [.. args, "--onos", onos.Url]);
    }

    private static int FlowCount(string folder) => JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "onos", "flows.json")))!["flows"]!.AsArray().Count;

    private static JsonObject Stale(string name, string set) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = "default",
            ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "privc", ["privc.io/set"] = set },
        },
    };

    [Fact]
    public void Deploy_NewRulesConfirmedBeforeKubernetesAndOldRulesRemovedLast()
    {
        var folder = compiled.Copy();
        var journal = new CallJournal();
        using var kubernetes = new FakeKubernetes { Journal = journal };
        using var onos = new FakeOnos { Journal = journal };
        var old = onos.Preinstall(4);

        var result = Deploy(folder, kubernetes, onos);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        var firstRealApply = journal.Entries.ToList().FindIndex(e => e.StartsWith("kubernetes PATCH", StringComparison.Ordinal) && !e.EndsWith(" dry", StringComparison.Ordinal));
        var lastDryRun = journal.Last("kubernetes PATCH");
        Assert.True(journal.First("onos POST flows") > journal.Last("kubernetes GET"), string.Join("\n", journal.Entries));
        Assert.True(journal.First("onos POST flows") < firstRealApply, string.Join("\n", journal.Entries));
        // Read back (GET) between the install and the first real apply.
        Assert.True(journal.Last("onos GET flows/application/io.privc") is var readBack && readBack > journal.First("onos POST flows") && readBack < firstRealApply);
        Assert.True(journal.First("onos DELETE flows") > lastDryRun, string.Join("\n", journal.Entries));
        Assert.Equal("onos DELETE flows", journal.Entries[^1]);
        // Exactly the old rules were removed, by id; the new ones all sit one priority above where the old ones were.
        var removed = onos.Calls.Single(c => c.Method == "DELETE").Json!["flows"]!.AsArray().Select(f => f!["flowId"]!.ToString()).ToList();
        Assert.Equal(old, removed);
        Assert.Equal(FlowCount(folder), onos.Installed.Count);
        // IPv4 rules at 40000 and ARP rules at 40001 (specs/onos.md, "ARP") move up together.
        static bool IsArp(System.Text.Json.Nodes.JsonNode f) => f.ToJsonString() is var text && (text.Contains("\"0x0806\"", StringComparison.Ordinal) || text.Contains("\"0x806\"", StringComparison.Ordinal));
        Assert.All(onos.Installed, f => Assert.Equal(IsArp(f) ? 40002 : 40001, (int)f["priority"]!));
        Assert.Contains($"ONOS: installed {FlowCount(folder)} new rule(s) of io.privc at priority 40001-40002 beside the 4 previous rule(s); all confirmed ADDED", result.Out, StringComparison.Ordinal);

        // The next deploy goes above the highest rule of this one (the ARP rules), and removes the rules of this one.
        var again = Deploy(folder, kubernetes, onos);
        Assert.True(again.ExitCode == ExitCodes.Success, again.Error);
        Assert.All(onos.Installed, f => Assert.Equal(IsArp(f) ? 40004 : 40003, (int)f["priority"]!));
        Assert.Equal(FlowCount(folder), onos.Installed.Count);
    }

    public static TheoryData<string> Steps => ["onos-read", "dry-run", "prune-dry-run", "install", "install-partial", "confirm-pending", "confirm-differs", "confirm-read", "apply", "prune", "remove-old"];

    [Theory]
    [MemberData(nameof(Steps))]
    [CoversDiagnostic("PRIV9030")]
    [CoversDiagnostic("PRIV9033")]
    public void Deploy_FailureAtEachStep_LeavesEveryOldRuleInstalledAndSaysSoInTheExitCode(string step)
    {
        var folder = compiled.Copy();
        using var kubernetes = new FakeKubernetes();
        using var onos = new FakeOnos();
        var old = onos.Preinstall(3);
        kubernetes.Seed(Deployments + "legacy", Stale("legacy", "privc"));
        string[] extra = [];
        switch (step)
        {
            case "onos-read": onos.FailCall["GET flows/application/io.privc"] = 1; break;
            case "dry-run": kubernetes.Invalid.Add(Deployments + "triage"); break;
            case "prune-dry-run": kubernetes.RejectDelete.Add(Deployments + "legacy"); break;
            case "install": onos.FailCall["POST flows"] = 1; break;
            case "install-partial": onos.AcceptOnly = 1; break;
            case "confirm-pending": onos.Pending = true; extra = ["--timeout", "1"]; break;
            case "confirm-differs": onos.Mangle = true; break;
            case "confirm-read": onos.FailCall["GET flows/application/io.privc"] = 2; break;
            case "apply": kubernetes.FailOnApply.Add(Deployments + "ingest"); break;
            case "prune": kubernetes.FailOnDelete.Add(Deployments + "legacy"); break;
            case "remove-old": onos.FailCall["DELETE flows"] = 1; break;
        }

        var result = Deploy(folder, kubernetes, onos, extra);

        // Before the first change: exit 1 and nothing changed. After it: exit 7.
        var beforeAnyChange = step is "onos-read" or "dry-run" or "prune-dry-run";
        Assert.True(result.ExitCode == (beforeAnyChange ? ExitCodes.InputError : ExitCodes.DeployIncomplete), $"{step}: {result.ExitCode}\n{result.Out}\n{result.Error}");
        Assert.All(old, id => Assert.Contains(id, onos.InstalledIds));
        Assert.DoesNotContain("Exception", result.Error.Replace("java.lang.IllegalStateException", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        var realApplies = kubernetes.Calls.Count(c => c.Method == "PATCH" && !c.Query.ContainsKey("dryRun"));
        if (beforeAnyChange)
        {
            Assert.Equal(0, realApplies);
            Assert.DoesNotContain(onos.Calls, c => c.Method != "GET");
            Assert.Contains("nothing was deployed", result.Error, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("the deploy stopped part way", result.Error, StringComparison.Ordinal);
        }
        if (step.StartsWith("install", StringComparison.Ordinal) || step.StartsWith("confirm", StringComparison.Ordinal))
        {
            // The new rules were withdrawn, so the network is exactly as before, and Kubernetes was not changed.
            Assert.Equal(old, onos.InstalledIds);
            Assert.Equal(0, realApplies);
            Assert.NotNull(kubernetes.Stored(Deployments + "legacy"));
        }
        if (step is "confirm-pending" or "confirm-differs")
        {
            Assert.Contains("error PRIV9030", result.Error, StringComparison.Ordinal);
        }
        if (step == "confirm-differs")
        {
            Assert.Contains("port=4242", result.Error, StringComparison.Ordinal);
        }
        if (step is "apply" or "prune" or "remove-old")
        {
            Assert.Equal(old.Count + FlowCount(folder), onos.Installed.Count);
        }
        if (step is "prune" or "prune-dry-run")
        {
            Assert.Contains("error PRIV9033: Deployment/default/legacy (no longer in the plan)", result.Error, StringComparison.Ordinal);
            Assert.NotNull(kubernetes.Stored(Deployments + "legacy"));
        }
    }

    [Fact]
    public void Deploy_PrunesOnlyItsOwnSetsObjectsTheNewPlanDropped()
    {
        var folder = compiled.Copy();
        var journal = new CallJournal();
        using var kubernetes = new FakeKubernetes { Journal = journal };
        kubernetes.Seed(Deployments + "legacy", Stale("legacy", "privc"));
        kubernetes.Seed(Deployments + "billing", Stale("billing", "billing-team"));
        var unmanaged = Stale("hand-made", "privc");
        unmanaged["metadata"]!["labels"]!.AsObject().Remove("app.kubernetes.io/managed-by");
        kubernetes.Seed(Deployments + "hand-made", unmanaged);

        var result = Deploy(folder, kubernetes, null);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.Null(kubernetes.Stored(Deployments + "legacy"));
        Assert.NotNull(kubernetes.Stored(Deployments + "billing"));
        Assert.NotNull(kubernetes.Stored(Deployments + "hand-made"));
        Assert.Contains("dry run  Deployment/default/legacy: would be deleted (deploy set 'privc', no longer in the plan)", result.Out, StringComparison.Ordinal);
        Assert.Contains("pruned   Deployment/default/legacy", result.Out, StringComparison.Ordinal);
        // The deletion is dry-run with the other dry runs, and done for real after the last apply, in the background as kubectl prunes.
        var deletes = kubernetes.Calls.Where(c => c.Method == "DELETE").ToList();
        Assert.Equal(["All", null], deletes.Select(d => d.Query.GetValueOrDefault("dryRun")));
        Assert.All(deletes, d => Assert.Equal("Background", d.Query["propagationPolicy"]));
        var entries = journal.Entries.ToList();
        Assert.True(entries.IndexOf($"kubernetes DELETE {Deployments}legacy dry") < entries.FindIndex(e => e.StartsWith("kubernetes PATCH", StringComparison.Ordinal) && !e.EndsWith(" dry", StringComparison.Ordinal)));
        Assert.Equal($"kubernetes DELETE {Deployments}legacy", entries[^1]);
        // Every applied workload object carries the set label, so the next plan can prune it.
        var triage = kubernetes.Stored(Deployments + "triage")!;
        Assert.Equal("privc", (string?)triage["metadata"]!["labels"]!["privc.io/set"]);

        // Another set name prunes the other set only.
        var billing = Deploy(compiled.Copy(), kubernetes, null, "--set", "billing-team");
        Assert.True(billing.ExitCode == ExitCodes.Success, billing.Error);
        Assert.Null(kubernetes.Stored(Deployments + "billing"));
        Assert.NotNull(kubernetes.Stored(Deployments + "hand-made"));
    }

    [Fact]
    [CoversDiagnostic("PRIV9032")]
    public void Deploy_HandEditedReplicas_RefusedByCheckBeforeAnyRequest()
    {
        var folder = compiled.Copy();
        var triage = Path.Combine(folder, "kubernetes", "triage.yaml");
        var text = File.ReadAllText(triage);
        Assert.Matches(Replicas(), text);
        File.WriteAllText(triage, Replicas().Replace(text, "replicas: 9", 1));
        using var kubernetes = new FakeKubernetes();
        using var onos = new FakeOnos();

        var result = Deploy(folder, kubernetes, onos);

        Assert.True(result.ExitCode == ExitCodes.Violations, result.Out + result.Error);
        Assert.Contains("error PRIV9032: privc check on", result.Error, StringComparison.Ordinal);
        Assert.Contains("violated: ", result.Error, StringComparison.Ordinal);
        Assert.Empty(kubernetes.Calls);
        Assert.Empty(onos.Calls);
    }

    [Fact]
    public void Deploy_IntentsThatDoNotLoad_InputErrorBeforeAnyRequest()
    {
        var folder = compiled.Copy();
        using var kubernetes = new FakeKubernetes();
        var result = LiveTestSupport.Run(["deploy", folder, "--intents", Path.Combine(CliRunner.TempFolder(), "missing.priv"), "--topology", compiled.Check[^1],
            "--kubeconfig", kubernetes.WriteKubeconfig(CliRunner.TempFolder())]);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("nothing was deployed", result.Error, StringComparison.Ordinal);
        Assert.Empty(kubernetes.Calls);
    }

    [Fact]
    [CoversDiagnostic("PRIV9031")]
    public void Deploy_OldRulesAtTheTopPriority_RefusedBeforeAnyChange()
    {
        var folder = compiled.Copy();
        using var kubernetes = new FakeKubernetes();
        using var onos = new FakeOnos();
        var old = onos.Preinstall(1, priority: 65535);

        var result = Deploy(folder, kubernetes, onos);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("error PRIV9031: the installed privc rules reach priority 65535", result.Error, StringComparison.Ordinal);
        Assert.Equal(old, onos.InstalledIds);
        Assert.Empty(kubernetes.Calls);
    }

    [Fact]
    public void Deploy_DryRun_PrintsTheRaisedRulesAndTheOrder()
    {
        var folder = compiled.Copy();
        using var kubernetes = new FakeKubernetes();
        using var onos = new FakeOnos();
        onos.Preinstall(2, priority: 40005);

        var result = Deploy(folder, kubernetes, onos, "--dry-run");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.Contains($"with the {FlowCount(folder)} rule(s) of onos/flows.json at priority 40006-40007 (above the 2 installed rule(s))", result.Out, StringComparison.Ordinal);
        Assert.Contains("\"priority\": 40006", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(onos.Calls, c => c.Method != "GET");
        Assert.DoesNotContain(kubernetes.Calls, c => c.Method != "GET" && !c.Query.ContainsKey("dryRun"));
    }

    [Fact]
    public void Deploy_SetThatIsNotALabelValue_UsageError()
    {
        var folder = compiled.Copy();
        using var kubernetes = new FakeKubernetes();

        var result = Deploy(folder, kubernetes, null, "--set", "not a label!");

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("--set 'not a label!' is not a Kubernetes label value", result.Error, StringComparison.Ordinal);
        Assert.Empty(kubernetes.Calls);
    }

    [GeneratedRegex("replicas: [0-9]+")]
    private static partial Regex Replicas();
}
