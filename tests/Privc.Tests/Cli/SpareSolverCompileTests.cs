using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Privc.Cli;
using Privc.Tests.Infrastructure;
using Privc.Tests.Verification.Solving;

namespace Privc.Tests.Cli;

/// <summary>
/// The compiler's prediction of its solver sessions (Verifier.SessionKinds, specs/solver.md "Spare processes"): on the
/// hospital example every session runs on a spare z3 that has already set itself up, and no spare is started for
/// nothing. A wrong prediction costs time, never an answer, so only this test notices it.
/// </summary>
public class SpareSolverCompileTests
{
    [Fact]
    [SupportedOSPlatform("linux")] // the fake z3 is a shell script
    public void Compile_HospitalExample_EverySessionRunsOnASpareAndNoSpareIsWasted()
    {
        var folder = CliRunner.TempFolder();
        var z3 = RealSolvers.PathOf("z3");
        // A z3 that keeps what each process was sent: one file per process, so spares nobody took show up as well.
        var wrapper = Path.Combine(folder, "z3.sh");
        File.WriteAllText(wrapper, $"#!/bin/sh\nif [ \"$1\" = -version ]; then exec '{z3}' \"$@\"; fi\ntee '{folder}/process.'$$'.smt2' | '{z3}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var example = Path.Combine(TestPaths.Examples, "hospital-au");

        var result = CliRunner.Run("compile", Path.Combine(example, "hospital.priv"), "--topology", Path.Combine(example, "topology.yaml"),
            "--out", Path.Combine(folder, "out"), "--z3", wrapper, "-q", "--timings");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        var sessions = int.Parse(Regex.Match(result.Error, @"\((\d+) solver sessions?").Groups[1].Value);
        var processes = Directory.GetFiles(folder, "process.*.smt2").Select(File.ReadAllText).ToList();
        Assert.True(sessions >= 2, result.Error);
        Assert.Equal(sessions, processes.Count);
        Assert.All(processes, sent => Assert.Contains("(display true)", sent, StringComparison.Ordinal));
    }
}
