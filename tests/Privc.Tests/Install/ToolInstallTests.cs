using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Privc.Tests.Install;

/// <summary>
/// privc installs as a .NET tool from a package built in the repository (bash .ci/pack), with one command, and the
/// installed tool runs: --version, then the README's compile of the bundled example.
/// </summary>
[Trait("Category", "Install")]
public class ToolInstallTests
{
    [Fact]
    public void Pack_ThenToolInstallFromALocalFolder_GivesAWorkingPrivc()
    {
        var root = CliRunner.TempFolder();
        var feed = Path.Combine(root, "feed");
        var tools = Path.Combine(root, "tools");
        Run("dotnet", TestPaths.RepositoryRoot, "pack", Path.Combine("src", "Privc.Cli", "Privc.Cli.csproj"), "-c", "Release", "--no-build", "-nologo", "-o", feed);
        var package = Assert.Single(Directory.GetFiles(feed, "privc.*.nupkg"));
        var version = Path.GetFileNameWithoutExtension(package)["privc.".Length..];

        Run("dotnet", root, "tool", "install", "privc", "--tool-path", tools, "--add-source", feed, "--version", version);
        var privc = Path.Combine(tools, "privc");
        Assert.True(File.Exists(privc), "the tool's command shim is missing");

        var shown = Run(privc, root, "--version");
        Assert.StartsWith(version, shown.Trim(), StringComparison.Ordinal);

        var example = Path.Combine(TestPaths.Examples, "hospital-au");
        var output = Path.Combine(root, "out");
        var compiled = Run(privc, root, "compile", Path.Combine(example, "hospital.priv"), "--topology", Path.Combine(example, "topology.yaml"), "--out", output);
        Assert.Contains("independent checker: compliant", compiled, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "onos", "flows.json")));

        RunActionCheckStep(privc, root, Path.Combine(example, "hospital.priv"), Path.Combine(example, "topology.yaml"), output);
    }

    /// <summary>
    /// The composite action's check step (.github/actions/privc-check/action.yml), run as GitHub runs it (bash, its
    /// env, GITHUB_OUTPUT) with the installed tool: it writes SARIF and passes privc's exit code on as an output.
    /// </summary>
    private static void RunActionCheckStep(string privc, string root, string intents, string topology, string output)
    {
        var action = new YamlStream();
        action.Load(new StringReader(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, ".github", "actions", "privc-check", "action.yml"))));
        var steps = (YamlSequenceNode)((YamlMappingNode)action.Documents[0].RootNode)["runs"]["steps"];
        var step = steps.Children.OfType<YamlMappingNode>().Single(s => s.Children.TryGetValue("id", out var id) && id.ToString() == "check");
        var script = Path.Combine(root, "check-step.sh");
        File.WriteAllText(script, step["run"].ToString());
        var githubOutput = Path.Combine(root, "github-output");
        File.WriteAllText(githubOutput, string.Empty);
        var sarif = Path.Combine(root, "privc.sarif");
        var start = new ProcessStartInfo("bash", [script]) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PRIVC"] = privc;
        start.Environment["INTENTS"] = intents;
        start.Environment["TOPOLOGY"] = topology;
        start.Environment["MANIFESTS"] = Path.Combine(output, "kubernetes");
        start.Environment["FLOWS"] = Path.Combine(output, "onos", "flows.json");
        start.Environment["EXTRA"] = string.Empty;
        start.Environment["SARIF"] = sarif;
        start.Environment["GITHUB_OUTPUT"] = githubOutput;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var said = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"the action's check step failed:\n{said}\n{error.Result}");
        Assert.Contains("exit-code=0", File.ReadAllText(githubOutput), StringComparison.Ordinal);
        var log = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(sarif))!;
        Assert.Equal("2.1.0", (string?)log["version"]);
        Assert.Equal("privc", (string?)log["runs"]![0]!["tool"]!["driver"]!["name"]);
    }

    private static string Run(string program, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited {process.ExitCode}:\n{output}\n{error.Result}");
        return output;
    }
}
