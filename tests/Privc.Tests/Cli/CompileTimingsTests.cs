using System.Text.RegularExpressions;
using Privc.Cli;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Cli;

/// <summary><c>compile --timings</c>: every stage timed on stderr, solver sessions counted, and nothing else changed.</summary>
public class CompileTimingsTests
{
    private static readonly string Example = Path.Combine(TestPaths.Examples, "hospital-au");

    private static string[] CompileArgs(string output) =>
        ["compile", Path.Combine(Example, "hospital.priv"), "--topology", Path.Combine(Example, "topology.yaml"), "--out", output];

    [Fact]
    public void CompileTimings_HospitalExample_TimesEveryStageAndCountsSolverSessions()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        var result = CliRunner.Run([.. CompileArgs(output), "--timings"]);
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        var stages = Regex.Matches(result.Error, @"^timings: (?<stage>.+?) +(?<ms>-?\d+) ms", RegexOptions.Multiline)
            .Select(m => m.Groups["stage"].Value).ToList();
        Assert.Equal(["process start", "load and type-check", "verify", "emit", "self-check", "write", "other", "total"], stages);
        // The hospital's plan and its cost bound are decided in one incremental z3 session (one process); the
        // short-route tie-breaker's stage (specs/encoding.md section 15.2) takes one for its master and one for the
        // routing problem its waypoint chain needs.
        Assert.Matches(@"timings: total +\d+ ms  \(3 solver sessions,", result.Error);
        Assert.Matches(@"timings: verify +\d+ ms  \(static facts \d+, .*inside the solver \d+ ms over \d+ checks\)", result.Error);
    }

    [Fact]
    public void CompileTimings_ChangeNeitherStdoutNorTheWrittenFiles()
    {
        var root = CliRunner.TempFolder();
        var plain = CliRunner.Run(CompileArgs(Path.Combine(root, "a")));
        var timed = CliRunner.Run([.. CompileArgs(Path.Combine(root, "b")), "--timings"]);
        Assert.Equal(ExitCodes.Success, plain.ExitCode);
        Assert.Equal(ExitCodes.Success, timed.ExitCode);
        Assert.Equal(plain.Out, timed.Out.Replace(Path.Combine(root, "b"), Path.Combine(root, "a"), StringComparison.Ordinal));
        var a = CliRunner.Snapshot(Path.Combine(root, "a"));
        var b = CliRunner.Snapshot(Path.Combine(root, "b"));
        Assert.Equal(a.Keys, b.Keys);
        Assert.All(a, pair => Assert.True(pair.Value.SequenceEqual(b[pair.Key]), $"{pair.Key} differs"));
        Assert.DoesNotContain("timings:", plain.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void CompileTimings_InvalidInput_StillReportsTheStagesThatRan()
    {
        var folder = Path.Combine(TestPaths.Examples, "type-errors");
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        var result = CliRunner.Run(["compile", .. Directory.GetFiles(folder, "*.priv"), "--topology", Path.Combine(folder, "topology.yaml"), "--out", output, "--timings"]);
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("timings: load and type-check", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("timings: verify", result.Error, StringComparison.Ordinal);
        Assert.Contains("(0 solver sessions,", result.Error, StringComparison.Ordinal);
    }
}
