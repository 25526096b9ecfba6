using System.Diagnostics;
using Privc.Solving;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Solving;

/// <summary>The real process layer against z3, cvc5 and shell-script fakes.</summary>
public class SolverProcessTests
{
    private static SolverOptions Options(double seconds = 10) => new() { Timeout = TimeSpan.FromSeconds(seconds), ProduceUnsatCores = true };

    private static ISmtSession Start(ISmtSolverFactory factory, SolverOptions? options = null)
    {
        var start = factory.Start(options ?? Options());
        Assert.True(start.Session is not null, start.Failure?.Reason);
        return start.Session!;
    }

    [Theory]
    [InlineData("z3")]
    [InlineData("cvc5")]
    public void Session_SatWithValues_ReadsIntsAndBools(string solver)
    {
        using var session = Start(solver == "z3" ? TestSolvers.Z3 : TestSolvers.Cvc5);
        session.Send("(declare-const x Int)\n(declare-const b Bool)\n(assert (and (> x 2) (< x 4) b))");
        Assert.Equal(SolverOutcome.Sat, session.CheckSat().Outcome);
        var values = session.GetValues(["x", "(- x 10)", "b"])!;
        Assert.Equal("3", values["x"]);
        Assert.Equal("(- 7)", values["(- x 10)"]);
        Assert.Equal("true", values["b"]);
        Assert.Equal(-7, Planning.PlanExtractor.ParseInt(values["(- x 10)"]));
        Assert.StartsWith(solver, session.SolverName, StringComparison.Ordinal);
    }

    [Fact]
    public void Session_UnsatWithAssumptions_ReturnsTheCore()
    {
        using var session = Start(TestSolvers.Z3);
        session.Send("(declare-const x Int)\n(declare-const |g!a| Bool)\n(declare-const |g!b| Bool)\n(declare-const |g!c| Bool)\n(assert (=> |g!a| (> x 5)))\n(assert (=> |g!b| (< x 3)))\n(assert (=> |g!c| (> x 0)))");
        Assert.Equal(SolverOutcome.Unsat, session.CheckSat(["|g!a|", "|g!b|", "|g!c|"]).Outcome);
        var core = session.GetUnsatCore()!.Value;
        Assert.Equal(["g!a", "g!b"], core.Order());
        Assert.Equal(SolverOutcome.Sat, session.CheckSat(["|g!a|", "|g!c|"]).Outcome);
    }

    [Fact]
    public void Session_PushPop_RestoresAssertions()
    {
        using var session = Start(TestSolvers.Z3);
        session.Send("(declare-const x Int)\n(assert (> x 0))");
        session.Send("(push 1)\n(assert (< x 0))");
        Assert.Equal(SolverOutcome.Unsat, session.CheckSat().Outcome);
        session.Send("(pop 1)");
        Assert.Equal(SolverOutcome.Sat, session.CheckSat().Outcome);
    }

    private static string Pigeonhole(int holes)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i <= holes; i++)
        {
            for (var j = 0; j < holes; j++)
            {
                text.Append($"(declare-const p{i}_{j} Bool)\n");
            }
        }
        for (var i = 0; i <= holes; i++)
        {
            text.Append("(assert (or ").Append(string.Join(' ', Enumerable.Range(0, holes).Select(j => $"p{i}_{j}"))).Append("))\n");
        }
        for (var j = 0; j < holes; j++)
        {
            for (var i = 0; i <= holes; i++)
            {
                for (var k = i + 1; k <= holes; k++)
                {
                    text.Append($"(assert (not (and p{i}_{j} p{k}_{j})))\n");
                }
            }
        }
        return text.ToString();
    }

    [Fact]
    public void Session_HardProblemWithTinyTimeout_IsTimeout()
    {
        using var session = Start(TestSolvers.Z3, new SolverOptions { Timeout = TimeSpan.FromMilliseconds(200) });
        session.Send(Pigeonhole(12));
        var result = session.CheckSat();
        Assert.Equal(SolverOutcome.Timeout, result.Outcome);
        Assert.Null(session.Failure);
    }

    [Fact]
    public void Session_ResourceLimit_IsResourceOut()
    {
        using var session = Start(TestSolvers.Z3, new SolverOptions { Timeout = TimeSpan.FromSeconds(20), ResourceLimit = 1000 });
        session.Send(Pigeonhole(12));
        Assert.Equal(SolverOutcome.ResourceOut, session.CheckSat().Outcome);
    }

    [Fact]
    public void Session_RejectedCommand_IsProtocolErrorAndStaysDead()
    {
        using var session = Start(TestSolvers.Z3);
        session.Send("(assert undeclared_symbol)");
        Assert.Equal(SolverOutcome.ProtocolError, session.Failure?.Outcome);
        Assert.Equal(SolverOutcome.ProtocolError, session.CheckSat().Outcome);
        Assert.Null(session.GetValues(["x"]));
    }

    [Fact]
    public void Session_Transcript_IsTheReplayableScript()
    {
        string Run()
        {
            using var session = Start(TestSolvers.Z3);
            session.Send("(declare-const x Int)\n(assert (> x 1))");
            session.CheckSat();
            return session.Transcript;
        }
        var first = Run();
        Assert.Equal(first, Run());
        Assert.DoesNotContain("privc-end", first, StringComparison.Ordinal);
        Assert.Contains("(check-sat)", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_MissingBinary_IsUnavailableWithAdvice()
    {
        var factory = ProcessSolverFactory.Z3(name => name == "PATH" ? "/nonexistent-privc-bin" : null);
        var start = factory.Start(Options());
        Assert.Null(start.Session);
        Assert.Equal(SolverOutcome.Unavailable, start.Failure!.Outcome);
        Assert.Contains("apt-get install z3", start.Failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_ExplicitPathThatIsNotASolver_IsUnavailable()
    {
        var start = ProcessSolverFactory.Z3(_ => null).Start(Options() with { SolverPath = "/bin/echo" });
        Assert.Equal(SolverOutcome.Unavailable, start.Failure!.Outcome);
        Assert.Contains("does not look like z3", start.Failure.Reason, StringComparison.Ordinal);
    }

    /// <summary>A shell script posing as z3: answers -version like z3, then runs the given body on the session.</summary>
    private static string FakeBinary(string body)
    {
        var directory = Directory.CreateTempSubdirectory("privc-fake-z3-");
        var path = Path.Combine(directory.FullName, "z3");
        File.WriteAllText(path, $"#!/bin/sh\nif [ \"$1\" = \"-version\" ]; then echo 'Z3 version 4.8.12 - 64 bit'; exit 0; fi\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    [Fact]
    public void FakeBinary_DiesImmediately_IsCrashedWithStderr()
    {
        var path = FakeBinary("echo 'segmentation fault' >&2; exit 139");
        var start = ProcessSolverFactory.Z3(_ => null).Start(Options() with { SolverPath = path });
        var failure = start.Failure ?? start.Session!.CheckSat();
        Assert.Equal(SolverOutcome.Crashed, failure.Outcome);
        Assert.Contains("segmentation fault", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FakeBinary_AnswersGarbage_IsProtocolError()
    {
        // Echo the markers so the session stays in step, but answer check-sat with nonsense.
        var path = FakeBinary("""
            while read -r line; do
              case "$line" in
                '(echo "'*) m=${line#(echo \"}; echo "${m%\")}" ;;
                '(check-sat'*) echo 'banana' ;;
              esac
            done
            """);
        var start = ProcessSolverFactory.Z3(_ => null).Start(Options() with { SolverPath = path });
        using var session = start.Session!;
        Assert.Equal(SolverOutcome.ProtocolError, session.CheckSat().Outcome);
    }

    [Fact]
    public void FakeBinary_AnswersUnknown_MapsTheReason()
    {
        var path = FakeBinary("""
            while read -r line; do
              case "$line" in
                '(echo "'*) m=${line#(echo \"}; echo "${m%\")}" ;;
                '(check-sat'*) echo 'unknown' ;;
                '(get-info :reason-unknown)'*) echo '(:reason-unknown "(incomplete (theory arithmetic))")' ;;
              esac
            done
            """);
        using var session = ProcessSolverFactory.Z3(_ => null).Start(Options() with { SolverPath = path }).Session!;
        var result = session.CheckSat();
        Assert.Equal(SolverOutcome.Unknown, result.Outcome);
        Assert.Equal("(incomplete (theory arithmetic))", result.Reason);
    }

    [Fact]
    public void FakeBinary_Hangs_IsKilledAtTheWallClock()
    {
        var path = FakeBinary("exec sleep 1000");
        var watch = Stopwatch.StartNew();
        var start = ProcessSolverFactory.Z3(_ => null).Start(new SolverOptions { Timeout = TimeSpan.FromMilliseconds(200), WallClock = TimeSpan.FromSeconds(1), SolverPath = path });
        var failure = start.Failure ?? start.Session!.CheckSat();
        Assert.Equal(SolverOutcome.Timeout, failure.Outcome);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"took {watch.Elapsed}");
        var sleepers = Process.GetProcessesByName("sleep").Where(p => { try { return File.ReadAllText($"/proc/{p.Id}/cmdline").Contains("1000", StringComparison.Ordinal); } catch (IOException) { return false; } }).ToList();
        Assert.Empty(sleepers);
    }
}
