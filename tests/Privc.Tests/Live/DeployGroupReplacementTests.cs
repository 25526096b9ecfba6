using System.Text.Json.Nodes;
using Privc.Cli;
using Privc.Tests.Infrastructure;
using Privc.Tests.Resilience;

namespace Privc.Tests.Live;

/// <summary>
/// Fast-failover groups across deploys against the local fake servers (specs/live.md, "Groups"): a later plan that is
/// not resilient removes privc's groups, and a resilient plan with other groups replaces them, each time with the new
/// groups in before the new rules and the old groups out only after the old rules that sent to them.
/// </summary>
public sealed class DeployGroupReplacementTests
{
    private const string ForeignCookie = "0x1234";

    private static CliRunner.Result Deploy(FailoverGroupTests.Compiled compiled, FakeKubernetes kubernetes, FakeOnos onos) =>
        LiveTestSupport.Run(["deploy", compiled.Output, "--intents", compiled.Priv, "--topology", compiled.Topo,
            "--kubeconfig", kubernetes.WriteKubeconfig(CliRunner.TempFolder()), "--timeout", "10", "--onos", onos.Url]);

    private static bool IsPrivc(JsonObject group) => ((string?)group["appCookie"])!.StartsWith("0x7072697663", StringComparison.OrdinalIgnoreCase);

    /// <summary>The same intents and topology compiled without <c>--resilience</c>.</summary>
    private static FailoverGroupTests.Compiled WithoutResilience(FailoverGroupTests.Compiled resilient)
    {
        var output = Path.Combine(CliRunner.TempFolder(), "plain");
        var result = CliRunner.Run("compile", resilient.Priv, "--topology", resilient.Topo, "--out", output);
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.False(File.Exists(Path.Combine(output, "onos", "groups.json")));
        return resilient with { Output = output };
    }

    /// <summary>Every GROUP instruction of an installed rule names a group ONOS holds on the rule's device.</summary>
    private static void AssertNoRuleSendsToAMissingGroup(FakeOnos onos)
    {
        var groups = onos.Groups.Select(g => ((string)g["deviceId"]!, (long)g["id"]!)).ToHashSet();
        foreach (var rule in onos.Installed)
        {
            foreach (var instruction in rule["treatment"]!["instructions"]!.AsArray().Where(i => (string?)i!["type"] == "GROUP"))
            {
                Assert.Contains(((string)rule["deviceId"]!, (long)instruction!["groupId"]!), groups);
            }
        }
    }

    [Fact]
    public void Deploy_PlanNoLongerResilient_RemovesPrivcGroupsAfterTheRulesThatUsedThem()
    {
        var resilient = FailoverGroupTests.Compile();
        var plain = WithoutResilience(resilient);
        using var kubernetes = new FakeKubernetes();
        using var onos = new FakeOnos();
        onos.PreinstallGroup("of:0000000000000002", ForeignCookie, 0x70000002);
        var first = Deploy(resilient, kubernetes, onos);
        Assert.True(first.ExitCode == ExitCodes.Success, first.Out + first.Error);
        Assert.Contains(onos.Groups, IsPrivc);

        var journal = new CallJournal();
        onos.Journal = journal;
        var second = Deploy(plain, kubernetes, onos);

        Assert.True(second.ExitCode == ExitCodes.Success, second.Out + second.Error);
        var entries = string.Join("\n", journal.Entries);
        Assert.True(journal.First("onos DELETE groups/") > journal.Last("onos DELETE flows"), entries);
        Assert.True(journal.First("onos DELETE groups/") > journal.Last("onos POST flows"), entries);
        Assert.DoesNotContain(journal.Entries, e => e.StartsWith("onos POST groups/", StringComparison.Ordinal));
        Assert.DoesNotContain(onos.Groups, IsPrivc);
        Assert.Contains(onos.Groups, g => (string?)g["appCookie"] == ForeignCookie);
        Assert.Contains("ONOS: removed ", second.Out, StringComparison.Ordinal);
        AssertNoRuleSendsToAMissingGroup(onos);

        // A third deploy of the same plan finds nothing of privc's to remove and says nothing about groups.
        var third = Deploy(plain, kubernetes, onos);
        Assert.True(third.ExitCode == ExitCodes.Success, third.Out + third.Error);
        Assert.DoesNotContain("fast-failover group", third.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_ResilientPlanWithOtherGroups_NewGroupsBeforeNewRulesOldGroupsAfterOldRules()
    {
        var ring = FailoverGroupTests.Compile();
        var diagonal = ArpFailoverTests.Compile(ArpFailoverTests.Topology, out _);
        var oldGroups = JsonNode.Parse(File.ReadAllText(ring.Groups))!["groups"]!.AsArray().Select(g => (string)g!["appCookie"]!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var newGroups = JsonNode.Parse(File.ReadAllText(diagonal.Groups))!["groups"]!.AsArray().Select(g => (string)g!["appCookie"]!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.NotEmpty(oldGroups.Except(newGroups));
        Assert.NotEmpty(newGroups.Except(oldGroups));
        using var kubernetes = new FakeKubernetes();
        using var onos = new FakeOnos();
        Assert.True(Deploy(ring, kubernetes, onos).ExitCode == ExitCodes.Success);
        AssertNoRuleSendsToAMissingGroup(onos);

        var journal = new CallJournal();
        onos.Journal = journal;
        var result = Deploy(diagonal, kubernetes, onos);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        var entries = string.Join("\n", journal.Entries);
        // Make: every new group before the first new rule. Break: every old group after the last old rule.
        Assert.True(journal.Last("onos POST groups/") < journal.First("onos POST flows"), entries);
        Assert.True(journal.First("onos DELETE groups/") > journal.Last("onos DELETE flows"), entries);
        var held = onos.Groups.Where(IsPrivc).Select(g => (string)g["appCookie"]!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.True(held.SetEquals(newGroups), string.Join(", ", held));
        AssertNoRuleSendsToAMissingGroup(onos);
    }
}
