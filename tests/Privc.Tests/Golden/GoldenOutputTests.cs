using System.Text.RegularExpressions;
using Privc.Cli;

namespace Privc.Tests.Golden;

/// <summary>
/// Golden baselines of what `privc compile` writes and prints for every scenario in specs/examples: the Kubernetes
/// YAML, the ONOS JSON, plan.json, the certificate's answers and verdicts and the summary for proven ones; the
/// explanation for unsatisfiable and invalid ones. Baselines live in tests/Privc.Tests/Golden/Outputs/EXAMPLE/
/// (the SMT-LIB2 obligations are left out: they are long, and their digest is in every manifest's annotations; so
/// is the output marker, whose digests cover them).
/// Refresh every baseline with bash .ci/refresh-baselines (PRIVC_UPDATE_BASELINES=1, --filter Category=Golden).
/// </summary>
[Trait("Category", "Golden")]
public partial class GoldenOutputTests
{
    [GeneratedRegex("sha256:[0-9a-f]{5,64}")]
    private static partial Regex Digest();

    public static TheoryData<string> Examples() =>
        new(Directory.GetDirectories(TestPaths.Examples).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Compile_Outputs_MatchBaselines(string example)
    {
        var folder = Path.Combine(TestPaths.Examples, example);
        var priv = Directory.GetFiles(folder, "*.priv").Order(StringComparer.Ordinal).ToArray();
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        var result = CliRunner.Run(["compile", .. priv, "--topology", Path.Combine(folder, "topology.yaml"), "--out", output, "--timeout", "120", .. TestPaths.CompileArguments(folder)]);
        // Locations relative to the repository, so that baselines do not depend on where the clone is.
        // The certificate digest covers the obligations, whose comments name the source files as given on the
        // command line (absolute here), so it is masked too; CompileCommandTests checks that it is deterministic.
        string Portable(string text) => Digest().Replace(
            text.Replace(output, "OUT", StringComparison.Ordinal)
                .Replace(TestPaths.RepositoryRoot + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal),
            "sha256:DIGEST");
        var baseline = Path.Combine("Golden", "Outputs", example);
        Baseline.AssertMatches(Path.Combine(baseline, "exit-code.txt"), result.ExitCode + "\n");
        Baseline.AssertMatches(Path.Combine(baseline, "stdout.txt"), Portable(result.Out));
        Baseline.AssertMatches(Path.Combine(baseline, "stderr.txt"), Portable(result.Error));
        if (result.ExitCode != ExitCodes.Success)
        {
            Assert.False(Directory.Exists(output));
            return;
        }
        var files = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(output, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("certificate/obligations/", StringComparison.Ordinal) && f != Privc.Artifacts.Emit.OutputFolder.MarkerName)
            .Order(StringComparer.Ordinal)
            .ToList();
        Baseline.AssertMatches(Path.Combine(baseline, "files.txt"), string.Join("\n", Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(output, f).Replace('\\', '/')).Order(StringComparer.Ordinal)) + "\n");
        foreach (var file in files)
        {
            Baseline.AssertMatches(Path.Combine(baseline, file), Portable(File.ReadAllText(Path.Combine(output, file))));
        }
    }
}
