using System.Text.Json.Nodes;
using Privc.Cli;
using Privc.Tests.Infrastructure;
using Privc.Tests.Resilience;

namespace Privc.Tests.Live;

/// <summary>
/// <c>privc deploy</c> of a resilient plan against the local fake servers (specs/live.md, "Groups"): the fast-failover
/// groups go in before the flow rules that send to them and are read back ADDED; identical groups are reused on the
/// next deploy; privc's groups the plan no longer has are deleted only after the old rules; a group id another group
/// holds stops the deploy before anything changes.
/// </summary>
public sealed class DeployFailoverGroupTests
{
    private sealed record Output(string Folder, string[] Check)
    {
        public JsonArray Groups => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "onos", "groups.json")))!["groups"]!.AsArray();
    }

    private static Output Compile()
    {
        var compiled = FailoverGroupTests.Compile();
        return new Output(compiled.Output, ["--intents", compiled.Priv, "--topology", compiled.Topo]);
    }

    private static CliRunner.Result Deploy(Output output, FakeKubernetes kubernetes, FakeOnos onos) =>
        LiveTestSupport.Run(["deploy", output.Folder, .. output.Check, "--kubeconfig", kubernetes.WriteKubeconfig(CliRunner.TempFolder()), "--timeout", "10", "--onos", onos.Url]);

    [Fact]
    public void Deploy_ResilientPlan_PostsGroupsBeforeTheRulesAndReusesThemNextTime()
    {
        var output = Compile();
        var journal = new CallJournal();
        using var kubernetes = new FakeKubernetes { Journal = journal };
        using var onos = new FakeOnos { Journal = journal };
        onos.PreinstallGroup("of:0000000000000002", "0x7072697663AAAAAAAAAAAAAAAA", 0x70000001);
        onos.PreinstallGroup("of:0000000000000002", "0x1234", 0x70000002);

        var result = Deploy(output, kubernetes, onos);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        var entries = string.Join("\n", journal.Entries);
        Assert.True(journal.First("onos POST groups/") < journal.First("onos POST flows"), entries);
        Assert.True(journal.Last("onos POST groups/") < journal.First("onos POST flows"), entries);
        // The old privc group goes after the old rules; the other application's group stays.
        Assert.True(journal.First("onos DELETE groups/") > journal.First("onos DELETE flows"), entries);
        var wanted = output.Groups;
        Assert.Equal(wanted.Count + 1, onos.Groups.Count);
        Assert.DoesNotContain(onos.Groups, g => (string?)g["appCookie"] == "0x7072697663AAAAAAAAAAAAAAAA");
        Assert.Contains(onos.Groups, g => (string?)g["appCookie"] == "0x1234");
        foreach (var group in wanted)
        {
            Assert.Contains(onos.Groups, g => (string?)g["deviceId"] == (string?)group!["deviceId"]
                && string.Equals((string?)g["appCookie"], (string?)group["appCookie"], StringComparison.OrdinalIgnoreCase)
                && (long)g["id"]! == (long)group["groupId"]! && (string?)g["state"] == "ADDED");
        }
        Assert.Contains($"ONOS: installed {wanted.Count} fast-failover group(s) (0 already installed); all confirmed ADDED", result.Out, StringComparison.Ordinal);
        Assert.Contains("ONOS: removed 1 previous fast-failover group(s)", result.Out, StringComparison.Ordinal);

        var posts = onos.Calls.Count(c => c.Method == "POST" && c.Path.Contains("/groups/", StringComparison.Ordinal));
        var again = Deploy(output, kubernetes, onos);
        Assert.True(again.ExitCode == ExitCodes.Success, again.Out + again.Error);
        Assert.Equal(posts, onos.Calls.Count(c => c.Method == "POST" && c.Path.Contains("/groups/", StringComparison.Ordinal)));
        Assert.Contains($"ONOS: installed 0 fast-failover group(s) ({wanted.Count} already installed); all confirmed ADDED", again.Out, StringComparison.Ordinal);
        Assert.Equal(wanted.Count + 1, onos.Groups.Count);
    }

    [Fact]
    [CoversDiagnostic("PRIV4022")]
    public void Deploy_GroupIdHeldByAnotherGroup_ChangesNothing()
    {
        var output = Compile();
        var first = output.Groups[0]!;
        using var kubernetes = new FakeKubernetes();
        using var onos = new FakeOnos();
        onos.PreinstallGroup((string)first["deviceId"]!, "0x99", (long)first["groupId"]!);

        var result = Deploy(output, kubernetes, onos);

        Assert.NotEqual(ExitCodes.Success, result.ExitCode);
        Assert.Contains("error PRIV4022", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(onos.Calls, c => c.Method is "POST" or "DELETE");
        Assert.Single(onos.Groups);
    }
}
