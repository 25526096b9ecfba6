using System.Text.Json.Nodes;
using Privc.Cli;
using Privc.Tests.Infrastructure;
using Privc.Tests.Live;

namespace Privc.Tests.Resilience;

/// <summary>
/// A resilient plan's onos/groups.json is covered by the certificate digest (specs/encoding.md section 17): groups
/// edited after compile, even into groups check would still pass, are caught by <c>privc certify</c> (the folder no
/// longer digests to what its artifacts were stamped with) and refused by <c>privc deploy</c> before any request.
/// </summary>
public sealed class GroupsDigestTests
{
    /// <summary>Swaps the two buckets of the first group: a group ONOS accepts and check can evaluate, but not the one compile certified.</summary>
    private static void Tamper(FailoverGroupTests.Compiled compiled)
    {
        var root = JsonNode.Parse(File.ReadAllText(compiled.Groups))!;
        var buckets = root["groups"]![0]!["buckets"]!.AsArray();
        var first = buckets[0]!.DeepClone();
        buckets[0] = buckets[1]!.DeepClone();
        buckets[1] = first;
        File.WriteAllText(compiled.Groups, root.ToJsonString());
    }

    [Fact]
    [CoversDiagnostic("PRIV8017")]
    public void Certify_GroupsEditedAfterCompile_DisagreesAndNamesTheStampedDigest()
    {
        var compiled = FailoverGroupTests.Compile();
        var clean = CliRunner.Run("certify", compiled.Output, "--solver", "z3");
        Assert.True(clean.ExitCode == ExitCodes.Success, clean.Out + clean.Error);
        var stamped = JsonNode.Parse(File.ReadAllText(Path.Combine(compiled.Output, "certificate", "artifacts-check.json")))!["certificate"]!.GetValue<string>();

        Tamper(compiled);
        var result = CliRunner.Run("certify", compiled.Output, "--solver", "z3");

        Assert.Equal(ExitCodes.Violations, result.ExitCode);
        Assert.Contains("error PRIV8017", result.Error, StringComparison.Ordinal);
        Assert.Contains("artifacts-check.json", result.Error, StringComparison.Ordinal);
        Assert.Contains($"stamped with certificate {stamped}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_ResilientPlan_ObjectsCiteTheDigestWithTheGroups()
    {
        var compiled = FailoverGroupTests.Compile();
        var stamped = JsonNode.Parse(File.ReadAllText(Path.Combine(compiled.Output, "certificate", "artifacts-check.json")))!["certificate"]!.GetValue<string>();
        var manifests = Directory.EnumerateFiles(Path.Combine(compiled.Output, "kubernetes"), "*.yaml").Select(File.ReadAllText).ToList();
        Assert.Contains(manifests, m => m.Contains(stamped, StringComparison.Ordinal));
        // Without the groups the proof files digest to something else: the groups are part of what is stamped.
        File.Move(compiled.Groups, compiled.Groups + ".away");
        var result = CliRunner.Run("certify", compiled.Output, "--solver", "z3");
        Assert.Equal(ExitCodes.Violations, result.ExitCode);
        Assert.Contains("error PRIV8017", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_GroupsEditedAfterCompile_RefusedBeforeAnyRequest()
    {
        var compiled = FailoverGroupTests.Compile();
        Tamper(compiled);
        using var kubernetes = new FakeKubernetes();
        using var onos = new FakeOnos();

        var result = LiveTestSupport.Run(["deploy", compiled.Output, "--intents", compiled.Priv, "--topology", compiled.Topo,
            "--kubeconfig", kubernetes.WriteKubeconfig(CliRunner.TempFolder()), "--timeout", "10", "--onos", onos.Url]);

        Assert.NotEqual(ExitCodes.Success, result.ExitCode);
        Assert.Contains("error PRIV9002", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(onos.Calls, c => c.Method is "POST" or "DELETE");
        Assert.DoesNotContain(kubernetes.Calls, c => c.Method is "POST" or "PUT" or "PATCH" or "DELETE");
    }
}
