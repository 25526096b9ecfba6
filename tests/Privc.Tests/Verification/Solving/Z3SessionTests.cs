using System.Diagnostics;
using Privc.Verification.Solving;

namespace Privc.Tests.Verification.Solving;

/// <summary>The real z3 (Debian 4.8.12 here) through the real process session.</summary>
public class Z3SessionTests
{
    [Fact]
    public void CheckSat_Satisfiable_GetValuesOfBoolAndIntTermsIncludingNegative()
    {
        using var z3 = RealSolvers.Z3();
        z3.Send("(declare-const x Int)\n(declare-const b Bool)\n(declare-const |odd name| Int)\n(assert (= x (- 3)))\n(assert (not b))\n(assert (= |odd name| 12))");

        Assert.Equal(new CheckResult(SolverOutcome.Sat), z3.CheckSat());
        var values = z3.GetValues(["x", "b", "(+ x 1)", "(* x x)", "|odd name|", "(> x 0)"]);

        Assert.NotNull(values);
        Assert.Equal("(- 3)", values["x"]);
        Assert.Equal("false", values["b"]);
        Assert.Equal("(- 2)", values["(+ x 1)"]);
        Assert.Equal("9", values["(* x x)"]);
        Assert.Equal("12", values["|odd name|"]);
        Assert.Equal("false", values["(> x 0)"]);
        Assert.True(SmtValue.TryParseInteger(values["x"], out var x) && x == -3);
        Assert.Null(z3.Failure);
    }

    [Fact]
    public void GetUnsatCore_NamedAssertions_ReturnsTheConflictingNames()
    {
        using var z3 = RealSolvers.Z3();
        z3.Send("(declare-const x Int)\n(assert (! (> x 5) :named n1))\n(assert (! (< x 3) :named |intent 2|))\n(assert (! (> x 0) :named n3))");

        Assert.Equal(SolverOutcome.Unsat, z3.CheckSat().Outcome);

        Assert.Equal(["n1", "|intent 2|"], z3.GetUnsatCore());
        Assert.Null(z3.GetValues(["x"]));
    }

    [Fact]
    public void GetUnsatCore_CheckSatAssuming_ReturnsTheAssumptionLiterals()
    {
        using var z3 = RealSolvers.Z3();
        z3.Send("(declare-const x Int)\n(declare-const a Bool)\n(declare-const |b c| Bool)\n(declare-const d Bool)\n(assert (=> a (> x 5)))\n(assert (=> |b c| (< x 3)))");

        Assert.Equal(SolverOutcome.Unsat, z3.CheckSat(["a", "|b c|", "d"]).Outcome);
        Assert.Equal(["a", "|b c|"], z3.GetUnsatCore());

        Assert.Equal(SolverOutcome.Sat, z3.CheckSat(["a", "d"]).Outcome);
        Assert.Null(z3.GetUnsatCore());
        Assert.Equal("true", z3.GetValues(["a"])!["a"]);
    }

    [Fact]
    public void PushPop_RetractsAssertions()
    {
        using var z3 = RealSolvers.Z3();
        z3.Send("(declare-const x Int)\n(assert (> x 0))");
        z3.Send("(push 1)\n(assert (< x 0))");
        Assert.Equal(SolverOutcome.Unsat, z3.CheckSat().Outcome);
        z3.Send("(pop 1)");
        Assert.Equal(SolverOutcome.Sat, z3.CheckSat().Outcome);
        Assert.True(SmtValue.TryParseInteger(z3.GetValues(["x"])!["x"], out var x) && x > 0);
    }

    [Fact]
    public void CheckSat_HardProblemWithTinyTimeout_IsTimeoutAndTheSessionGoesOn()
    {
        using var z3 = RealSolvers.Z3(new SolverOptions { Timeout = TimeSpan.FromMilliseconds(200) });
        z3.Send("(push 1)");
        z3.Send(HardProblems.Pigeonhole(13));
        var clock = Stopwatch.StartNew();

        var result = z3.CheckSat();

        // Inside a push scope z3 4.8.12 reports its :timeout as "canceled" rather than "timeout".
        Assert.Equal(SolverOutcome.Timeout, result.Outcome);
        Assert.Contains(result.Reason, new[] { "timeout", "canceled" });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.Null(z3.Failure);
        z3.Send("(pop 1)\n(declare-const q Bool)\n(assert q)");
        Assert.Equal(SolverOutcome.Sat, z3.CheckSat().Outcome);
    }

    [Fact]
    public void CheckSat_HardProblemWithTinyTimeoutAtTopLevel_ReasonIsTimeout()
    {
        // Pigeonhole, not the nonlinear problem: z3 4.8.12 sometimes ignores :timeout in nonlinear arithmetic
        // (seen here: 2 runs in 8 past 30 s with :timeout 100), which is what the wall-clock kill is for.
        using var z3 = RealSolvers.Z3(new SolverOptions { Timeout = TimeSpan.FromMilliseconds(100) });
        z3.Send(HardProblems.Pigeonhole(13));

        Assert.Equal(new CheckResult(SolverOutcome.Timeout, "timeout"), z3.CheckSat());
    }

    [Fact]
    public void CheckSat_ResourceLimitOnNonlinearProblem_IsResourceOut()
    {
        using var z3 = RealSolvers.Z3(new SolverOptions { ResourceLimit = 100_000 });
        z3.Send(HardProblems.NonlinearCubes);

        Assert.Equal(new CheckResult(SolverOutcome.ResourceOut, "max. resource limit exceeded"), z3.CheckSat());
    }

    [Fact]
    public void CheckSat_ResourceLimitOnPigeonhole_CanceledIsResourceOut()
    {
        // z3's SAT core reports an exhausted :rlimit as "canceled", not "max. resource limit exceeded".
        using var z3 = RealSolvers.Z3(new SolverOptions { ResourceLimit = 100_000 });
        z3.Send(HardProblems.Pigeonhole(13));

        Assert.Equal(new CheckResult(SolverOutcome.ResourceOut, "canceled"), z3.CheckSat());
    }

    [Fact]
    public void Maximize_StoppedByTimeout_KeepsTheBestModelFoundSoFar()
    {
        // A 60-item knapsack: z3 finds good models at once but cannot prove the optimum within 300 ms.
        using var z3 = RealSolvers.Z3(new SolverOptions { Timeout = TimeSpan.FromMilliseconds(300) });
        var random = new Random(5);
        var items = Enumerable.Range(0, 60).Select(i => (Name: $"b{i}", Weight: random.Next(100, 1000), Value: random.Next(100, 1000))).ToArray();
        z3.Send(string.Concat(items.Select(i => $"(declare-const {i.Name} Bool)\n")));
        z3.Send($"(assert (<= (+ {string.Join(" ", items.Select(i => $"(ite {i.Name} {i.Weight} 0)"))}) {items.Sum(i => i.Weight) / 2}))");
        z3.Send($"(maximize (+ {string.Join(" ", items.Select(i => $"(ite {i.Name} {i.Value} 0)"))}))");

        var result = z3.CheckSat();

        Assert.Equal(SolverOutcome.Timeout, result.Outcome);
        var values = z3.GetValues(items.Select(i => i.Name).ToArray());
        Assert.NotNull(values);
        Assert.All(values.Values, v => Assert.True(SmtValue.TryParseBool(v, out _), v));
        Assert.Null(z3.Failure);
    }

    [Fact]
    public void CheckSat_IncompleteTheory_IsUnknownWithTheSolversReason()
    {
        using var z3 = RealSolvers.Z3();
        z3.Send("(declare-const x Real)\n(assert (= (^ 2.0 x) 3.0))");

        Assert.Equal(new CheckResult(SolverOutcome.Unknown, "incomplete"), z3.CheckSat());
    }

    [Fact]
    public void CheckSat_AfterAnErrorInSentCommands_IsProtocolErrorAndStaysFailed()
    {
        using var z3 = RealSolvers.Z3();
        z3.Send("(declare-const x Int)\n(assert (> y 0))");

        var result = z3.CheckSat();

        Assert.Equal(SolverOutcome.ProtocolError, result.Outcome);
        Assert.Contains("unknown constant y", result.Reason);
        // Markers share their command's line, so z3's line numbers are the transcript's.
        var line = Array.IndexOf(z3.Transcript.Split('\n'), "(assert (> y 0))") + 1;
        Assert.Contains($"line {line} column", result.Reason);
        Assert.Same(z3.Failure, z3.CheckSat());
        Assert.Null(z3.GetValues(["x"]));
        Assert.Null(z3.GetUnsatCore());
    }

    [Fact]
    public void GetValues_BeforeAnyCheck_ReturnsNullAndSendsNothing()
    {
        using var z3 = RealSolvers.Z3();
        z3.Send("(declare-const x Int)");
        var before = z3.Transcript;

        Assert.Null(z3.GetValues(["x"]));
        Assert.Null(z3.GetUnsatCore());
        Assert.Equal(before, z3.Transcript);
        Assert.Null(z3.Failure);
    }

    [Fact]
    public void Preamble_SetsModelsCoresSeedsTimeoutAndRlimit()
    {
        using var z3 = RealSolvers.Z3(new SolverOptions { Timeout = TimeSpan.FromSeconds(7), ResourceLimit = 5000, Seed = 42, ProduceUnsatCores = true });

        Assert.Equal(
            """
            (set-option :produce-models true)
            (set-option :produce-unsat-cores true)
            (set-option :smt.random_seed 42)
            (set-option :sat.random_seed 42)
            (set-option :smt.arith.solver 2)
            (set-option :rlimit 5000)
            (set-option :timeout 7000)

            """,
            z3.Transcript);
        Assert.StartsWith("z3 4.", z3.SolverName);
    }

    [Fact]
    public void WallClock_BusySolver_IsKilledAndReportedAsTimeout()
    {
        using var z3 = RealSolvers.Z3(new SolverOptions { Timeout = TimeSpan.FromSeconds(60), WallClock = TimeSpan.FromSeconds(1.5) });
        var pid = ((SmtProcessSession)z3).ProcessId!.Value;
        z3.Send(HardProblems.Pigeonhole(13));
        var clock = Stopwatch.StartNew();

        var result = z3.CheckSat();

        Assert.Equal(SolverOutcome.Timeout, result.Outcome);
        Assert.Contains("wall-clock limit of 1.5 s", result.Reason);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(4));
        Assert.Same(result, z3.Failure);
        Assert.False(ProcessProbe.IsAlive(pid), $"z3 (pid {pid}) still runs after the wall-clock kill");
    }

    [Fact]
    public void Dispose_LeavesNoProcess()
    {
        var z3 = RealSolvers.Z3();
        var pid = ((SmtProcessSession)z3).ProcessId!.Value;
        Assert.True(ProcessProbe.IsAlive(pid));

        z3.Dispose();

        Assert.False(ProcessProbe.Exists(pid), $"z3 (pid {pid}) is still there (running or a zombie) after Dispose");
        Assert.Throws<ObjectDisposedException>(() => z3.CheckSat());
    }
}
