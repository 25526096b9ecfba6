using System.Diagnostics;

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
