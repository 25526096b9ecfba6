using System.Diagnostics;
using Privc.Cli;
using Privc.Parsing;
using Privc.Tests.Adversarial;

namespace Privc.Tests.Cli;

/// <summary>
/// Every input of every command is read with a size limit and a read timeout, and every file-system problem is a
/// located diagnostic (issue 12's crashes, each a regression test): a FIFO nobody writes to, /dev/zero, a folder
/// that cannot be read, a 2 MB GraphML value. Manifests nested 20,000 deep and a null in node affinity values are
/// cases of the adversarial suite (manifest-nested-20000-deep, node-affinity-null-value).
/// </summary>
public class InputRobustnessTests
{
    private static readonly string Example = Path.Combine(TestPaths.Examples, "hospital-au");

    private static CliRunner.Result Run(Dictionary<string, string> environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(output, error, name => environment.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name));
        var code = CliApplication.Run(args, context);
        return new CliRunner.Result(code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Fifo_NobodyWritesTo_TimesOutWithALocatedDiagnostic_ForEveryCommand()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var folder = CliRunner.TempFolder();
        var fifo = Path.Combine(folder, "input.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        var environment = new Dictionary<string, string> { ["PRIVC_READ_TIMEOUT"] = "0.5" };
        try
        {
            var priv = Path.Combine(Example, "hospital.priv");
            var topology = Path.Combine(Example, "topology.yaml");
            var manifests = Path.Combine(AdversarialCase.Base, "kubernetes");
            var runs = new (string Name, string[] Args)[]
            {
                ("check --flows", ["check", priv, "--topology", topology, "--manifests", manifests, "--flows", fifo]),
                ("check --manifests", ["check", priv, "--topology", topology, "--manifests", fifo]),
                ("compile FILE", ["compile", fifo, "--topology", topology]),
                ("compile --topology", ["compile", priv, "--topology", fifo]),
                ("fmt", ["fmt", "--check", fifo]),
            };
            foreach (var (name, args) in runs)
            {
                var clock = Stopwatch.StartNew();
                var result = Run(environment, args);
                Assert.True(result.ExitCode == ExitCodes.InputError, $"{name}: {result.ExitCode}\n{result.Out}{result.Error}");
                Assert.Contains($"{fifo}: error PRIV0001", result.Error, StringComparison.Ordinal);
                Assert.Contains("within 0.5 s", result.Error, StringComparison.Ordinal);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{name} took {clock.Elapsed}");
            }
        }
        finally
        {
            // Release the readers still blocked in open(): opening a FIFO read-write never blocks on Linux and counts
            // as a writer; once it closes, the readers get end of file and their abandoned reads finish.
            using (new FileStream(fifo, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
            {
                Thread.Sleep(200);
            }
        }
    }

    [Fact]
    public void DevZero_AsFlowsOrManifests_IsTooLargeAndReadOnlyUpToTheLimit()
    {
        if (!File.Exists("/dev/zero"))
        {
            return;
        }
        var priv = Path.Combine(Example, "hospital.priv");
        var topology = Path.Combine(Example, "topology.yaml");
        foreach (var args in new[]
        {
            new[] { "check", priv, "--topology", topology, "--manifests", Path.Combine(AdversarialCase.Base, "kubernetes"), "--flows", "/dev/zero" },
            ["check", priv, "--topology", topology, "--manifests", "/dev/zero"],
            ["compile", "/dev/zero", "--topology", topology],
        })
        {
            var clock = Stopwatch.StartNew();
            var result = CliRunner.Run(args);
            Assert.Equal(ExitCodes.InputError, result.ExitCode);
            Assert.Contains("/dev/zero: error PRIV0004: the file has more than", result.Error, StringComparison.Ordinal);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{string.Join(' ', args)} took {clock.Elapsed}");
        }
    }

    [Fact]
    public void SourceReader_ReadsStreamsWithinTheLimits()
    {
        var limits = new InputLimits(10, TimeSpan.FromSeconds(5));
        var (source, error) = SourceReader.ReadStream("<stdin>", () => new MemoryStream("0123456789"u8.ToArray()), limits);
        Assert.Null(error);
        Assert.Equal("0123456789", source!.Text);
        var (none, tooLarge) = SourceReader.ReadStream("<stdin>", () => new MemoryStream("01234567890"u8.ToArray()), limits);
        Assert.Null(none);
        Assert.Equal("PRIV0004", tooLarge!.Code);
        Assert.Equal("<stdin>", tooLarge.DisplayPath);
        Assert.Equal(TimeSpan.FromSeconds(2.5), InputLimits.FromEnvironment(n => n == "PRIVC_READ_TIMEOUT" ? "2.5" : null).ReadTimeout);
        Assert.Equal(InputLimits.Default, InputLimits.FromEnvironment(n => n == "PRIVC_READ_TIMEOUT" ? "soon" : null));
    }

    [Fact]
    public void UnreadableSubfolder_IsALocatedDiagnostic_ForFmtAndCheck()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var folder = CliRunner.TempFolder();
        File.SetUnixFileMode(folder, (UnixFileMode)Convert.ToInt32("755", 8));
        File.Copy(Path.Combine(Example, "hospital.priv"), Path.Combine(folder, "hospital.priv"));
        foreach (var file in Directory.GetFiles(Path.Combine(AdversarialCase.Base, "kubernetes"), "*.yaml"))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        var locked = Path.Combine(folder, "locked");
        Directory.CreateDirectory(locked);
        File.WriteAllText(Path.Combine(locked, "x.priv"), "data X: public;\n");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        try
        {
            var fmt = RunUnprivileged("fmt", "--check", folder);
            var check = RunUnprivileged("check", Path.Combine(Example, "hospital.priv"), "--topology", Path.Combine(Example, "topology.yaml"), "--manifests", folder, "--recursive", "--placement-only");
            if (fmt is null || check is null)
            {
                return; // root without setpriv: nothing can make a folder unreadable here
            }
            foreach (var result in new[] { fmt, check })
            {
                Assert.Equal(ExitCodes.InputError, result.ExitCode);
                Assert.Contains($"{locked}: error PRIV0001: cannot read '{locked}'", result.Error, StringComparison.Ordinal);
                Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.SetUnixFileMode(locked, (UnixFileMode)Convert.ToInt32("700", 8));
        }
    }

    /// <summary>
    /// Runs privc where the folder's permissions apply: in-process for an ordinary user, and as user nobody (setpriv)
    /// in a child process for root, who can read any folder. Null when neither is possible.
    /// </summary>
    private static CliRunner.Result? RunUnprivileged(params string[] args)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return CliRunner.Run(args);
        }
        if (!File.Exists("/usr/bin/setpriv"))
        {
            Assert.False(Privc.Tests.EndToEnd.OvsFactAttribute.MustRun, "CI runs as root: setpriv (util-linux) is needed to test unreadable folders");
            return null;
        }
        var start = new ProcessStartInfo("/usr/bin/setpriv") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var part in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "env", "HOME=/tmp", "DOTNET_CLI_TELEMETRY_OPTOUT=1", "dotnet", Path.Combine(AppContext.BaseDirectory, "privc.dll") }.Concat(args))
        {
            start.ArgumentList.Add(part);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), "privc as nobody did not finish");
        return new CliRunner.Result(process.ExitCode, output.Result, error.Result);
    }

    [Fact]
    public void GraphMlWithATwoMegabyteValue_ImportsInSeconds()
    {
        var graphml = File.ReadAllText(Path.Combine(TestPaths.SharedData, "topologyzoo", "Abilene.graphml"));
        const string country = "<data key=\"d30\">United States</data>";
        var at = graphml.IndexOf(country, StringComparison.Ordinal);
        Assert.True(at > 0);
        var huge = graphml[..at] + "<data key=\"d30\">" + new string('B', 2_000_000) + "</data>" + graphml[(at + country.Length)..];
        var folder = CliRunner.TempFolder();
        var input = Path.Combine(folder, "huge.graphml");
        File.WriteAllText(input, huge);
        var clock = Stopwatch.StartNew();
        var result = CliRunner.Run("topology", "import", input, "--out", Path.Combine(folder, "topology.yaml"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"import took {clock.Elapsed}");
        Assert.Contains("PRIV6", result.Error, StringComparison.Ordinal); // the unknown country is reported, at its place
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
