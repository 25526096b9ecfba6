using System.Diagnostics;
using Privc.Verification.Solving;
using Privc.Tests.Verification.Solving.Fakes;

namespace Privc.Tests.Verification.Solving;

/// <summary>Shell-script fakes and /bin/false through the real process session and the real z3 factory.</summary>
public class ShellFakeTests(ShellFakes fakes) : IClassFixture<ShellFakes>
{
    private static readonly SolverOptions Options = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public void BinFalse_TheSolverDied_IsCrashed()
    {
        var start = SmtProcessSession.StartProcess("/bin/false", [], SolverDialect.Z3, Options, "false");

        Assert.Null(start.Session);
        Assert.Equal(SolverOutcome.Crashed, start.Failure!.Outcome);
        Assert.Contains("exited with code 1", start.Failure.Reason);
    }

    [Fact]
    public void BinFalse_ThroughTheFactory_IsUnavailableBecauseItHasNoVersion()
    {
        var start = Factory().Start(Options with { SolverPath = "/bin/false" });

        Assert.Null(start.Session);
        Assert.Equal(SolverOutcome.Unavailable, start.Failure!.Outcome);
        Assert.Contains("printed no version and exited with code 1", start.Failure.Reason);
    }

    [Fact]
    public void Garbage_IsProtocolError()
    {
        using var session = Started(fakes.Garbage);

        var result = session.CheckSat();

        Assert.Equal(SolverOutcome.ProtocolError, result.Outcome);
        Assert.Contains("Segmentation fault", result.Reason);
    }

    [Fact]
    public void Unknown_IsUnknownWithTheScriptsReason()
    {
        using var session = Started(fakes.Unknown);

        Assert.Equal(new CheckResult(SolverOutcome.Unknown, "smt tactic failed"), session.CheckSat());
        Assert.Null(session.Failure);
        Assert.Equal("z3 4.8.12", session.SolverName);
    }

    [Fact]
    public void DiesMidAnswer_IsCrashedWithExitCodeAndStderr()
    {
        using var session = Started(fakes.Dies);
        var pid = ((SmtProcessSession)session).ProcessId!.Value;

        var result = session.CheckSat();

        Assert.Equal(SolverOutcome.Crashed, result.Outcome);
        Assert.Contains("exited with code 3", result.Reason);
        Assert.Contains("boom: assertion violation", result.Reason);
        Assert.Contains("((x 1)", result.Reason);
        Assert.False(ProcessProbe.Exists(pid), $"the dead fake (pid {pid}) was not reaped");
    }

    [Fact]
    public void Hangs_WallClockKillReturnsInTime()
    {
        using var session = Started(fakes.Hangs, Options with { WallClock = TimeSpan.FromSeconds(1.5) });
        var pid = ((SmtProcessSession)session).ProcessId!.Value;
        var clock = Stopwatch.StartNew();

        var result = session.CheckSat();

        Assert.Equal(SolverOutcome.Timeout, result.Outcome);
        Assert.Contains("wall-clock limit of 1.5 s", result.Reason);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(4));
        Assert.False(ProcessProbe.Exists(pid), $"the hung fake (pid {pid}) is still there");
        Assert.Same(result, session.CheckSat());
    }

    [Fact]
    public void Hangs_WithAChildProcess_KillsTheWholeTree()
    {
        var pidFile = Path.Combine(fakes.Directory, $"child-{Guid.NewGuid():N}.pid");
        var start = SmtProcessSession.StartProcess(fakes.HangsWithChild, [pidFile], SolverDialect.Z3, Options with { WallClock = TimeSpan.FromSeconds(1) }, "hang");
        using var session = start.Session ?? throw new Xunit.Sdk.XunitException(start.Failure!.Reason);
        var pid = ((SmtProcessSession)session).ProcessId!.Value;

        Assert.Equal(SolverOutcome.Timeout, session.CheckSat().Outcome);

        var child = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(ProcessProbe.Exists(pid), $"the fake's shell (pid {pid}) is still there");
        Assert.True(ProcessProbe.DiesSoon(child), $"the fake's child sleep (pid {child}) still runs");
    }

    [Fact]
    public void Hangs_AndStopsReading_ALargeSendIsBoundedToo()
    {
        using var session = Started(fakes.Hangs, Options with { WallClock = TimeSpan.FromSeconds(1) });
        var clock = Stopwatch.StartNew();

        // Far more than a pipe buffer: the write itself blocks until the wall clock ends it.
        session.Send(string.Concat(Enumerable.Range(0, 40_000).Select(i => $"(declare-const v{i} Int)\n")));

        Assert.Equal(SolverOutcome.Timeout, session.Failure?.Outcome);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public void OldVersion_IsUnavailable()
    {
        var start = Factory().Start(Options with { SolverPath = fakes.OldVersion });

        Assert.Equal(SolverOutcome.Unavailable, start.Failure!.Outcome);
        Assert.Contains("z3 4.6.0", start.Failure.Reason);
        Assert.Contains("too old: privc needs z3 4.8 or newer", start.Failure.Reason);
    }

    [Fact]
    public void NoVersion_IsUnavailable()
    {
        var start = Factory().Start(Options with { SolverPath = fakes.NoVersion });

        Assert.Equal(SolverOutcome.Unavailable, start.Failure!.Outcome);
        Assert.Contains("printed no version ('hello, I am not a solver')", start.Failure.Reason);
    }

    private static Z3SolverFactory Factory() => new(_ => null);

    private static ISmtSession Started(string script, SolverOptions? options = null)
    {
        var start = Factory().Start((options ?? Options) with { SolverPath = script });
        Assert.True(start.Session is not null, start.Failure?.Reason);
        return start.Session!;
    }
}
