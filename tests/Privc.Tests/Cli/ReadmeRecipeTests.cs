using System.Text.RegularExpressions;
using Privc.Cli;
using Privc.Tests.Adversarial;

namespace Privc.Tests.Cli;

/// <summary>
/// The README's `privc check` recipes work as written: the command of the CI job and the drift recipe are taken from
/// the README itself and run on the files they name, laid out as the recipe expects (the hospital example's compile
/// output under deploy/, and a live dump of it with owned Pods).
/// </summary>
public partial class ReadmeRecipeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));

    /// <summary>A folder laid out as the recipes expect: intents/, topology.yaml, deploy/ and a live dump.</summary>
    private static string Layout()
    {
        var root = CliRunner.TempFolder();
        Directory.CreateDirectory(Path.Combine(root, "intents"));
        File.Copy(Path.Combine(TestPaths.Examples, "hospital-au", "hospital.priv"), Path.Combine(root, "intents", "hospital.priv"));
        File.Copy(Path.Combine(TestPaths.Examples, "hospital-au", "topology.yaml"), Path.Combine(root, "topology.yaml"));
        foreach (var file in Directory.EnumerateFiles(AdversarialCase.Base, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(AdversarialCase.Base, file);
            if (relative.StartsWith("kubernetes", StringComparison.Ordinal) || relative.StartsWith("onos", StringComparison.Ordinal))
            {
                var target = Path.Combine(root, "deploy", relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
        var live = Path.Combine(AdversarialCase.Root, "live-dump-with-owned-pods", "files");
        File.Copy(Path.Combine(live, "live.yaml"), Path.Combine(root, "live.yaml"));
        File.Copy(Path.Combine(live, "cluster.yaml"), Path.Combine(root, "cluster.yaml"));
        File.Copy(Path.Combine(root, "deploy", "onos", "flows.json"), Path.Combine(root, "flows.json"));
        return root;
    }

    /// <summary>The arguments of a `privc check` command line of the README, paths made absolute under the layout and globs expanded.</summary>
    private static string[] Arguments(string command, string root)
    {
        var words = command.Replace("\\\n", " ", StringComparison.Ordinal).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var start = Array.IndexOf(words, "check");
        Assert.True(start >= 0, command);
        var args = new List<string> { "check" };
        foreach (var word in words.Skip(start + 1))
        {
            if (word.StartsWith('-'))
            {
                args.Add(word);
            }
            else if (word.Contains('*', StringComparison.Ordinal))
            {
                var folder = Path.Combine(root, Path.GetDirectoryName(word)!);
                args.AddRange(Directory.GetFiles(folder, Path.GetFileName(word)).Order(StringComparer.Ordinal));
            }
            else
            {
                args.Add(Path.Combine(root, word));
            }
        }
        return [.. args];
    }

    [Fact]
    public void CiJobRecipe_ChecksTheCompileOutput_AsWritten()
    {
        var job = CiJob().Match(Readme);
        Assert.True(job.Success, "the README has no CI job running privc check");
        var result = CliRunner.Run(Arguments(job.Groups["command"].Value, Layout()));
        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        // The job's setup needs no solver: the option it passes is one .ci/setup implements.
        var setup = SetupLine().Match(Readme);
        Assert.True(setup.Success);
        Assert.DoesNotContain(" z3", setup.Value, StringComparison.Ordinal);
        Assert.Contains($"\"{setup.Groups["option"].Value}\"", File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, ".ci", "setup")), StringComparison.Ordinal);
    }

    [Fact]
    public void DriftRecipe_ChecksALiveDumpWithOwnedPods_AsWritten()
    {
        var drift = DriftCheck().Match(Readme);
        Assert.True(drift.Success, "the README has no drift recipe running privc check on live.yaml");
        var dump = KubectlGet().Match(Readme);
        Assert.True(dump.Success);
        // The dump the recipe asks for holds ReplicaSets, so owned Pods find their Deployment.
        Assert.Contains("rs", dump.Groups["kinds"].Value.Split(','));
        var result = CliRunner.Run(Arguments(drift.Value, Layout()));
        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
    }

    [GeneratedRegex(@"dotnet privc/\S+/privc\.dll (?<command>check[^`]*?)\n```", RegexOptions.CultureInvariant)]
    private static partial Regex CiJob();

    [GeneratedRegex(@"run: sudo apt-get install -y (?<packages>[^&\n]*)&& bash privc/\.ci/setup (?<option>--[a-z-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex SetupLine();

    [GeneratedRegex(@"privc check \S+ --topology \S+ --manifests live\.yaml[^\n]*", RegexOptions.CultureInvariant)]
    private static partial Regex DriftCheck();

    [GeneratedRegex(@"kubectl get (?<kinds>[a-z,]+) -A -o yaml > live\.yaml", RegexOptions.CultureInvariant)]
    private static partial Regex KubectlGet();
}
