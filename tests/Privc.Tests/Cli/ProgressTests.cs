using Privc.Cli;
using Privc.Cli.Output;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Cli;

/// <summary>
/// Progress on stderr for the long commands (specs/output.md, "Progress"): plain lines when stderr is redirected, one
/// live line on a terminal (through the injected flag), nothing under --quiet or a machine --format.
/// </summary>
public class ProgressTests
{
    private static readonly string Hospital = Path.Combine(TestPaths.Examples, "hospital-au");
    private static readonly string Priv = Path.Combine(Hospital, "hospital.priv");
    private static readonly string Topology = Path.Combine(Hospital, "topology.yaml");

    /// <summary>A clock that moves only when told, so the elapsed times printed are known.</summary>
    private sealed class SteppedTime : TimeProvider
    {
        private long ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => ticks;

        public void Advance(TimeSpan by) => ticks += by.Ticks;
    }

    private static (int Exit, string Out, string Error) Run(bool terminal, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(output, error, Environment.GetEnvironmentVariable)
        {
            OpenInput = () => new MemoryStream(),
            Progress = true,
            ErrorIsTerminal = () => terminal,
        };
        var exit = CliApplication.Run(args, context);
        return (exit, output.ToString(), error.ToString());
    }

    private static string CompiledHospital()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("compile", Priv, "--topology", Topology, "--out", output).ExitCode);
        return output;
    }

    [Fact]
    public void ProgressLine_Redirected_WritesOnePlainLinePerStageWithElapsedTime()
    {
        var error = new StringWriter();
        var time = new SteppedTime();
        var progress = new ProgressLine(error, live: false, time);
        progress.Stage("verify");
        time.Advance(TimeSpan.FromMilliseconds(1500));
        progress.Stage("emit");
        progress.Finish();
        Assert.Equal("privc: 0.0s: verify\nprivc: 1.5s: emit\n", error.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void ProgressLine_OnATerminal_RewritesOneLineAndClearsItAtTheEnd()
    {
        var error = new StringWriter();
        var time = new SteppedTime();
        var progress = new ProgressLine(error, live: true, time);
        progress.Stage("load and type-check");
        time.Advance(TimeSpan.FromSeconds(2));
        progress.Stage("verify");
        // A line the solver writes itself (already prefixed) goes on the same live line.
        progress.WriteLine("privc: 2.5s: bounding objective cheap by 3; cheap: best 4, proven at least 3");
        var live = error.ToString();
        Assert.DoesNotContain("\n", live, StringComparison.Ordinal);
        const string first = "privc: 0.0s: load and type-check", second = "privc: 2.0s: verify";
        Assert.Equal("\r" + first + "\r" + second + new string(' ', first.Length - second.Length) + "\rprivc: 2.5s: bounding objective cheap by 3; cheap: best 4, proven at least 3", live);

        progress.Finish();
        var width = "privc: 2.5s: bounding objective cheap by 3; cheap: best 4, proven at least 3".Length;
        Assert.EndsWith("\r" + new string(' ', width) + "\r", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_StderrRedirected_PrintsItsStagesAsPlainLines()
    {
        var (exit, _, error) = Run(terminal: false, "compile", Priv, "--topology", Topology, "--out", Path.Combine(CliRunner.TempFolder(), "out"));
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Matches(@"(?m)^privc: \d+\.\ds: load and type-check$", error);
        Assert.Matches(@"(?m)^privc: \d+\.\ds: verify$", error);
        Assert.Matches(@"(?m)^privc: \d+\.\ds: emit and self-check$", error);
        Assert.DoesNotContain("\r", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_OnATerminal_LeavesNoProgressBehind()
    {
        var (exit, _, error) = Run(terminal: true, "compile", Priv, "--topology", Topology, "--out", Path.Combine(CliRunner.TempFolder(), "out"));
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("\rprivc: ", error, StringComparison.Ordinal);
        // Everything shown on the live line was blanked before the command ended.
        Assert.Equal(string.Empty, error.Split('\r')[^1].Trim());
    }

    [Theory]
    [InlineData("--quiet")]
    [InlineData("-q")]
    [InlineData("--format", "json")]
    [InlineData("--format", "sarif")]
    public void Compile_QuietOrMachineFormat_PrintsNoProgress(params string[] extra)
    {
        var (exit, _, error) = Run(terminal: false, ["compile", Priv, "--topology", Topology, "--out", Path.Combine(CliRunner.TempFolder(), "out"), .. extra]);
        Assert.True(exit == ExitCodes.Success, error);
        Assert.DoesNotContain("privc: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_StderrRedirected_PrintsReadingAndJudgingStages()
    {
        var output = CompiledHospital();
        var (exit, _, error) = Run(terminal: false, "check", Priv, "--topology", Topology, "--manifests", Path.Combine(output, "kubernetes"), "--flows", Path.Combine(output, "onos", "flows.json"));
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Matches(@"(?m)^privc: \d+\.\ds: reading the manifests and the flow rules$", error);
        Assert.Matches(@"(?m)^privc: \d+\.\ds: judging placements, network policy and flow rules$", error);
    }

    [Theory]
    [InlineData("--quiet")]
    [InlineData("--format", "json")]
    [InlineData("--format", "junit")]
    public void Check_QuietOrMachineFormat_PrintsNoProgress(params string[] extra)
    {
        var output = CompiledHospital();
        var (exit, _, error) = Run(terminal: false, ["check", Priv, "--topology", Topology, "--manifests", Path.Combine(output, "kubernetes"), "--flows", Path.Combine(output, "onos", "flows.json"), .. extra]);
        Assert.True(exit == ExitCodes.Success, error);
        Assert.DoesNotContain("privc: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Replan_StderrRedirected_PrintsItsStage()
    {
        var old = CompiledHospital();
        var (exit, _, error) = Run(terminal: false, "replan", old, Priv, "--topology", Topology, "--out", Path.Combine(CliRunner.TempFolder(), "new"));
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Matches(@"(?m)^privc: \d+\.\ds: replanning against .*plan\.json$", error);

        var quiet = Run(terminal: false, "replan", old, Priv, "--topology", Topology, "--out", Path.Combine(CliRunner.TempFolder(), "new"), "--quiet");
        Assert.True(quiet.Exit == ExitCodes.Success, quiet.Error);
        Assert.DoesNotContain("privc: ", quiet.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_StderrRedirected_CountsTheJudgedCases()
    {
        var (exit, _, error) = Run(terminal: false, "eval", "--gold", "--benchmark", BenchmarkFiles.Root, "--case", "computing-01", "--out", Path.Combine(CliRunner.TempFolder(), "eval"));
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Matches(@"(?m)^privc: \d+\.\ds: evaluating 1 case\(s\)$", error);
        Assert.Matches(@"(?m)^computing-01: correct", error);
        Assert.Matches(@"(?m)^privc: \d+\.\ds: 1 of 1 case\(s\) judged$", error);

        var json = Run(terminal: false, "eval", "--gold", "--benchmark", BenchmarkFiles.Root, "--case", "computing-01", "--out", Path.Combine(CliRunner.TempFolder(), "eval"), "--format", "json");
        Assert.True(json.Exit == ExitCodes.Success, json.Error);
        Assert.DoesNotContain("privc: ", json.Error, StringComparison.Ordinal);
    }
}
