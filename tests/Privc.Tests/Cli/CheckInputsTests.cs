using System.Text.Json.Nodes;
using Privc.Cli;
using Privc.Tests.Adversarial;

namespace Privc.Tests.Cli;

/// <summary>
/// Which files <c>privc check</c> reads, as <c>kubectl apply -f</c> chooses them (k8s.io/cli-runtime
/// pkg/resource: exact extensions .json, .yaml, .yml; no subfolders without -R; a named file whatever its name;
/// '-' for standard input once), and the order of exit codes: 1 beats 4 beats 5 beats 0.
/// </summary>
public class CheckInputsTests
{
    private static readonly string Example = Path.Combine(TestPaths.Examples, "hospital-au");

    /// <summary>The hospital example's compile output (its golden copy) in a fresh folder.</summary>
    private static string Output()
    {
        var output = CliRunner.TempFolder();
        foreach (var file in Directory.EnumerateFiles(AdversarialCase.Base, "*", SearchOption.AllDirectories).Where(f => f.Contains("kubernetes", StringComparison.Ordinal) || f.Contains("onos", StringComparison.Ordinal)))
        {
            var target = Path.Combine(output, Path.GetRelativePath(AdversarialCase.Base, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        // These tests are about how kubectl apply -f reads a folder; the kustomization's reading is KustomizationCheckTests'.
        File.Delete(Path.Combine(output, "kubernetes", "kustomization.yaml"));
        return output;
    }

    private static string[] Args(params string[] rest) =>
        ["check", Path.Combine(Example, "hospital.priv"), "--topology", Path.Combine(Example, "topology.yaml"), .. rest];

    private const string Evil = "apiVersion: v1\nkind: Pod\nmetadata: {name: evil, labels: {privc.io/service: triage}}\nspec: {nodeName: cloud-sg-1, containers: [{name: e, image: x}]}\n";

    [Fact]
    public void ManifestFolder_ReadsExactExtensionsOnly_AndSubfoldersOnlyWithRecursive()
    {
        var output = Output();
        var flows = Path.Combine(output, "onos", "flows.json");
        File.WriteAllText(Path.Combine(output, "kubernetes", "evil.YAML"), Evil);
        File.WriteAllText(Path.Combine(output, "kubernetes", "evil.txt"), Evil);
        Directory.CreateDirectory(Path.Combine(output, "kubernetes", "more"));
        File.WriteAllText(Path.Combine(output, "kubernetes", "more", "evil.yaml"), Evil);
        Assert.Equal(ExitCodes.Success, CliRunner.Run(Args("--manifests", Path.Combine(output, "kubernetes"), "--flows", flows)).ExitCode);

        var recursive = CliRunner.Run(Args("--manifests", Path.Combine(output, "kubernetes"), "-R", "--flows", flows));
        Assert.Equal(ExitCodes.Violations, recursive.ExitCode);
        Assert.Contains("more/evil.yaml:1:1", recursive.Out, StringComparison.Ordinal);

        // A file named on the command line is read whatever its extension, after the folder (kubectl's order).
        var named = CliRunner.Run(Args("--manifests", Path.Combine(output, "kubernetes"), Path.Combine(output, "kubernetes", "evil.txt"), "--flows", flows));
        Assert.Equal(ExitCodes.Violations, named.ExitCode);
        Assert.Contains("evil.txt:1:1", named.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Stdin_IsReadForOneInputOnly()
    {
        var output = Output();
        var twice = CliRunner.Run(Args("--manifests", "-", "--flows", "-"));
        Assert.Equal(ExitCodes.InputError, twice.ExitCode);
        Assert.Contains("PRIV0006", twice.Error, StringComparison.Ordinal);

        var yaml = string.Concat(Directory.GetFiles(Path.Combine(output, "kubernetes"), "*.yaml").Order(StringComparer.Ordinal).Select(f => File.ReadAllText(f) + "\n---\n"));
        var context = new CliContext(new StringWriter(), new StringWriter(), Environment.GetEnvironmentVariable) { OpenInput = () => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(yaml)) };
        var code = CliApplication.Run(Args("--manifests", "-", "--flows", Path.Combine(output, "onos", "flows.json")), context);
        Assert.True(code == ExitCodes.Success, context.Out.ToString() + context.Error);
    }

    [Fact]
    public void ExitCodes_ErrorsBeatViolations_ViolationsBeatWhatCannotBeJudged()
    {
        var output = Output();
        var flows = Path.Combine(output, "onos", "flows.json");
        var manifests = Path.Combine(output, "kubernetes");
        File.WriteAllText(Path.Combine(manifests, "zz-hpa.yaml"), "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec: {maxReplicas: 2}\n");
        var notJudged = CliRunner.Run(Args("--manifests", manifests, "--flows", flows, "--format", "json"));
        Assert.Equal(ExitCodes.NotJudged, notJudged.ExitCode);
        var report = JsonNode.Parse(notJudged.Out)!;
        Assert.Equal("not judged", (string?)report["status"]);
        Assert.Equal("PRIV5103", (string?)report["unjudged"]![0]!["code"]);
        Assert.EndsWith("zz-hpa.yaml:1:1", (string?)report["unjudged"]![0]!["location"], StringComparison.Ordinal);
        Assert.All(report["intents"]!.AsArray().Where(i => (string?)i!["name"] != "anonymise_before_research"), i => Assert.Equal("undecided", (string?)i!["status"]));

        File.WriteAllText(Path.Combine(manifests, "zz-evil.yaml"), Evil);
        Assert.Equal(ExitCodes.Violations, CliRunner.Run(Args("--manifests", manifests, "--flows", flows)).ExitCode);

        File.WriteAllText(Path.Combine(manifests, "zz-broken.yaml"), "kind: [\n");
        var broken = CliRunner.Run(Args("--manifests", manifests, "--flows", flows));
        Assert.Equal(ExitCodes.InputError, broken.ExitCode);
        Assert.Equal(string.Empty, broken.Out);
    }

    [Fact]
    [CoversDiagnostic("PRIV5101")]
    public void IntentFilesWithoutIntents_AreNotJudged()
    {
        var output = Output();
        var empty = Path.Combine(output, "empty.priv");
        File.WriteAllText(empty, "// nothing here\n");
        var result = CliRunner.Run(["check", empty, "--topology", Path.Combine(Example, "topology.yaml"), "--manifests", Path.Combine(output, "kubernetes"), "--flows", Path.Combine(output, "onos", "flows.json")]);
        Assert.Equal(ExitCodes.NotJudged, result.ExitCode);
        Assert.Contains($"{empty}: warning PRIV5101", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void KustomizationFile_WithoutKindOrExtension_IsNotJudged()
    {
        var output = Output();
        File.Delete(Path.Combine(output, "kubernetes", "kustomization.yaml"));
        File.WriteAllText(Path.Combine(output, "kubernetes", "Kustomization"), "resources: [triage.yaml]\n");
        var result = CliRunner.Run(Args("--manifests", Path.Combine(output, "kubernetes"), "--flows", Path.Combine(output, "onos", "flows.json")));
        Assert.Equal(ExitCodes.NotJudged, result.ExitCode);
        Assert.Contains("Kustomization:1:1: warning PRIV5102", result.Error, StringComparison.Ordinal);
        Assert.Contains("kustomize build DIR | privc check ... --manifests -", result.Error, StringComparison.Ordinal);
    }
}
