using Privc.Cli;
using Privc.Tests.Adversarial;

namespace Privc.Tests.Cli;

/// <summary>
/// A folder holding a kustomization (specs/check.md section 2): privc's own, which lists exactly the folder's
/// manifests, is read as <c>kubectl apply -k</c> applies it; what kustomize refuses is an error at the entry at fault
/// (PRIV5200-PRIV5203); a kustomization privc cannot evaluate, or one deploying other files than
/// <c>kubectl apply -f</c> would, is never judged compliant (PRIV5102).
/// </summary>
public class KustomizationCheckTests
{
    private static readonly string Example = Path.Combine(TestPaths.Examples, "hospital-au");

    private const string Listing = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- 00_namespaces.yaml\n- anonymiser.yaml\n- ingest.yaml\n- research.yaml\n- triage.yaml\n";

    /// <summary>The hospital example's golden compile output in a fresh folder, with a kustomization of the given text.</summary>
    private static string Output(string kustomization, string name = "kustomization.yaml")
    {
        var output = CliRunner.TempFolder();
        foreach (var file in Directory.EnumerateFiles(AdversarialCase.Base, "*", SearchOption.AllDirectories).Where(f => f.Contains("kubernetes", StringComparison.Ordinal) || f.Contains("onos", StringComparison.Ordinal)))
        {
            var target = Path.Combine(output, Path.GetRelativePath(AdversarialCase.Base, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        File.Delete(Path.Combine(output, "kubernetes", "kustomization.yaml"));
        File.WriteAllText(Path.Combine(output, "kubernetes", name), kustomization);
        return output;
    }

    private static CliRunner.Result Check(string output) => CliRunner.Run(
        ["check", Path.Combine(Example, "hospital.priv"), "--topology", Path.Combine(Example, "topology.yaml"),
            "--manifests", Path.Combine(output, "kubernetes"), "--flows", Path.Combine(output, "onos", "flows.json")]);

    [Fact]
    public void EmittedKustomization_ListsEveryAppliedFile_AndIsReadAsApplyK()
    {
        var emitted = File.ReadAllText(Path.Combine(AdversarialCase.Base, "kubernetes", "kustomization.yaml"));
        Assert.EndsWith(Listing, emitted, StringComparison.Ordinal);
        var result = Check(Output(Listing));
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("read 5 manifest file(s)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ListedFilesOnly_AreApplied_SoAnUnlistedFileMakesTheCommandsDiffer()
    {
        var output = Output(Listing);
        File.WriteAllText(Path.Combine(output, "kubernetes", "zz-evil.yaml"),
            "apiVersion: v1\nkind: Pod\nmetadata: {name: evil, labels: {privc.io/service: triage}}\nspec: {nodeName: cloud-sg-1, containers: [{name: e, image: x}]}\n");
        var result = Check(output);
        // kubectl apply -f would run the pod in Singapore: a violation, whichever command the reader had in mind.
        Assert.Equal(ExitCodes.Violations, result.ExitCode);
        Assert.Contains("kustomization.yaml:1:1: warning PRIV5102", result.Error, StringComparison.Ordinal);
        Assert.Contains("it does not list 'zz-evil.yaml'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void DroppingAPolicyFileFromTheKustomization_IsNotJudgedCompliant()
    {
        var result = Check(Output(Listing.Replace("- research.yaml\n", string.Empty, StringComparison.Ordinal)));
        Assert.NotEqual(ExitCodes.Success, result.ExitCode);
        Assert.Contains("it does not list 'research.yaml'", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("patches:\n- path: p.yaml\n", "'patches'")]
    [InlineData("namespace: other\n", "'namespace'")]
    [InlineData("images:\n- name: x\n  newTag: y\n", "'images'")]
    [InlineData("configMapGenerator:\n- name: c\n", "'configMapGenerator'")]
    public void KustomizationWithFeatures_IsNotEvaluated(string extra, string named)
    {
        var result = Check(Output(Listing + extra));
        Assert.Equal(ExitCodes.NotJudged, result.ExitCode);
        Assert.Contains("kustomization.yaml:1:1: warning PRIV5102", result.Error, StringComparison.Ordinal);
        Assert.Contains($"it uses {named}", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- ../base\n")]
    [InlineData("- https://example.org/x.yaml\n")]
    [InlineData("- more/triage.yaml\n")]
    public void ResourceOutsideTheFolder_IsNotEvaluated(string entry)
    {
        var result = Check(Output(Listing + entry));
        Assert.Equal(ExitCodes.NotJudged, result.ExitCode);
        Assert.Contains("is not a file of the kustomization's own folder", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV5200")]
    public void ListedFileMissing_IsAnErrorAtItsEntry()
    {
        var result = Check(Output(Listing + "- gone.yaml\n"));
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("kustomization.yaml:9:3: error PRIV5200: the kustomization lists 'gone.yaml'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV5201")]
    public void ListedFileTwice_IsAnErrorAtTheSecond()
    {
        var result = Check(Output(Listing + "- ./triage.yaml\n"));
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("kustomization.yaml:9:3: error PRIV5201", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [CoversDiagnostic("PRIV5202")]
    [InlineData("resources: triage.yaml\n", "1:12")]
    [InlineData("resources:\n- {a: b}\n", "2:3")]
    [InlineData("- a\n- b\n", "1:1")]
    [InlineData("resources: [a, b\n", "")]
    public void MalformedKustomization_IsAnError(string text, string at)
    {
        var result = Check(Output(text));
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains($"kustomization.yaml:{at}", result.Error, StringComparison.Ordinal);
        Assert.Contains("PRIV5202", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV5203")]
    public void SeveralKustomizations_AreAnError()
    {
        var output = Output(Listing);
        File.WriteAllText(Path.Combine(output, "kubernetes", "kustomization.yml"), Listing);
        var result = Check(output);
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("error PRIV5203", result.Error, StringComparison.Ordinal);
        Assert.Contains("kustomization.yaml, kustomization.yml", result.Error, StringComparison.Ordinal);
    }
}
