using System.Text.RegularExpressions;
using Privc.Cli;

namespace Privc.Tests.Artifacts;

/// <summary>
/// Digests that change only when what they cover changes: the certificate's does not depend on how input paths
/// were typed, and a pod template's only on its own placement and intents, so a recompile restarts nothing else.
/// </summary>
public partial class StableDigestTests
{
    private static readonly string Example = Path.Combine(TestPaths.Examples, "hospital-au");

    private static SortedDictionary<string, byte[]> Compile(string source, string topology, string output, params string[] extra)
    {
        var run = CliRunner.Run(["compile", source, "--topology", topology, "--out", output, .. extra]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        return CliRunner.Snapshot(output);
    }

    [Fact]
    public void Compile_RelativeOrAbsolutePaths_GiveByteIdenticalOutputs()
    {
        var root = CliRunner.TempFolder();
        var absolute = Compile(Path.Combine(Example, "hospital.priv"), Path.Combine(Example, "topology.yaml"), Path.Combine(root, "a"));
        var here = Directory.GetCurrentDirectory();
        var relative = Compile(Path.GetRelativePath(here, Path.Combine(Example, "hospital.priv")), Path.GetRelativePath(here, Path.Combine(Example, "topology.yaml")), Path.Combine(root, "b"));
        Assert.Equal(absolute.Keys, relative.Keys);
        Assert.All(absolute, file => Assert.True(file.Value.AsSpan().SequenceEqual(relative[file.Key]), $"{file.Key} differs"));
    }

    [Fact]
    public void Compile_AnotherCheckout_GivesTheSameCertificateDigest()
    {
        var root = CliRunner.TempFolder();
        var copy = Path.Combine(root, "elsewhere", "hospital-au");
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(Example, "hospital.priv"), Path.Combine(copy, "hospital.priv"));
        File.Copy(Path.Combine(Example, "topology.yaml"), Path.Combine(copy, "topology.yaml"));
        var original = Compile(Path.Combine(Example, "hospital.priv"), Path.Combine(Example, "topology.yaml"), Path.Combine(root, "a"));
        var moved = Compile(Path.Combine(copy, "hospital.priv"), Path.Combine(copy, "topology.yaml"), Path.Combine(root, "b"));
        Assert.Equal(Digest(original["kubernetes/triage.yaml"]), Digest(moved["kubernetes/triage.yaml"]));
    }

    [Fact]
    public void Compile_AnUnrelatedIntentEdited_LeavesEveryOtherPodTemplateUnchanged()
    {
        var root = CliRunner.TempFolder();
        var edited = Path.Combine(root, "hospital.priv");
        // A route intent on a flow: it changes the certificate (and every object's metadata), but decides no pod. The
        // short-route tie-breaker is off: with it, routes take part in choosing among equal-cost placements, and the
        // hospital's ingest has three equally short ones, so a new route intent (another SMT problem) may pick another.
        File.WriteAllText(edited, File.ReadAllText(Path.Combine(Example, "hospital.priv")) + "\nintent audit_short: route vitals_feed hops <= 12;\n");
        var before = Compile(Path.Combine(Example, "hospital.priv"), Path.Combine(Example, "topology.yaml"), Path.Combine(root, "a"), "--route-preference", "none");
        var after = Compile(edited, Path.Combine(Example, "topology.yaml"), Path.Combine(root, "b"), "--route-preference", "none");
        Assert.NotEqual(Digest(before["kubernetes/triage.yaml"]), Digest(after["kubernetes/triage.yaml"]));
        foreach (var service in new[] { "ingest", "triage", "research", "anonymiser" })
        {
            Assert.Equal(Template(before[$"kubernetes/{service}.yaml"]), Template(after[$"kubernetes/{service}.yaml"]));
        }
    }

    [Fact]
    public void Compile_OnosIntentKeys_CarryTwelveHexDigitsOfTheDigest()
    {
        var output = Compile(Path.Combine(Example, "hospital.priv"), Path.Combine(Example, "topology.yaml"), Path.Combine(CliRunner.TempFolder(), "out"));
        var digest = Digest(output["kubernetes/triage.yaml"]);
        var intents = string.Concat(output.Where(f => f.Key.StartsWith("onos/intents/", StringComparison.Ordinal)).Select(f => System.Text.Encoding.UTF8.GetString(f.Value)));
        Assert.NotEmpty(intents);
        Assert.Matches("\"key\": \"privc:" + digest["sha256:".Length..][..12] + ":", intents);
    }

    private static string Digest(byte[] yaml) => CertificateDigest().Match(System.Text.Encoding.UTF8.GetString(yaml)).Groups[1].Value;

    /// <summary>The Deployment's pod template, as text: what Kubernetes compares to decide on a rollout.</summary>
    private static string Template(byte[] yaml)
    {
        var text = System.Text.Encoding.UTF8.GetString(yaml);
        var start = text.IndexOf("  template:", StringComparison.Ordinal);
        Assert.True(start >= 0, "no pod template");
        var end = text.IndexOf("\n---", start, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    [GeneratedRegex("privc\\.io/certificate: (sha256:[0-9a-f]{64})")]
    private static partial Regex CertificateDigest();
}
