using System.Diagnostics;
using Privc.Verification.Solving;

namespace Privc.Tests.Verification.Solving;

/// <summary>The real cvc5 (Debian 1.0.3 here): the independent second opinion, through the same session code.</summary>
public class Cvc5SessionTests
{
    [Fact]
    public void CheckSat_Satisfiable_GetValuesIncludingNegative()
    {
        using var cvc5 = RealSolvers.Cvc5();
        cvc5.Send("(declare-const x Int)\n(declare-const b Bool)\n(assert (= x (- 3)))\n(assert b)");

        Assert.Equal(new CheckResult(SolverOutcome.Sat), cvc5.CheckSat());
        var values = cvc5.GetValues(["x", "b", "(- x 10)"]);

        Assert.NotNull(values);
        Assert.Equal("(- 3)", values["x"]);
        Assert.Equal("true", values["b"]);
        Assert.Equal("(- 13)", values["(- x 10)"]);
        Assert.StartsWith("cvc5 1.", cvc5.SolverName);
    }

    [Fact]
    public void GetUnsatCore_NamedAssertions_ReturnsTheConflictingNames()
    {
        using var cvc5 = RealSolvers.Cvc5();
        cvc5.Send("(declare-const x Int)\n(assert (! (> x 5) :named n1))\n(assert (! (< x 3) :named |intent 2|))\n(assert (! (> x 0) :named n3))");

        Assert.Equal(SolverOutcome.Unsat, cvc5.CheckSat().Outcome);

        Assert.Equal(["n1", "|intent 2|"], cvc5.GetUnsatCore());
    }

    [Fact]
    public void GetUnsatCore_CheckSatAssuming_AddsTheUnsatAssumptions()
    {
        // cvc5 leaves assumptions out of (get-unsat-core); the session asks (get-unsat-assumptions) too.
        using var cvc5 = RealSolvers.Cvc5();
        cvc5.Send("(declare-const x Int)\n(declare-const a Bool)\n(declare-const |b c| Bool)\n(declare-const d Bool)\n(assert (=> a (> x 5)))\n(assert (=> |b c| (< x 3)))");

        Assert.Equal(SolverOutcome.Unsat, cvc5.CheckSat(["a", "|b c|", "d"]).Outcome);

        Assert.Equal(["a", "|b c|"], cvc5.GetUnsatCore());
        Assert.Contains("(get-unsat-assumptions)", cvc5.Transcript);
    }

    [Fact]
    public void PushPop_RetractsAssertions()
    {
        using var cvc5 = RealSolvers.Cvc5();
        cvc5.Send("(declare-const x Int)\n(assert (> x 0))\n(push 1)\n(assert (< x 0))");
        Assert.Equal(SolverOutcome.Unsat, cvc5.CheckSat().Outcome);
        cvc5.Send("(pop 1)");
        Assert.Equal(SolverOutcome.Sat, cvc5.CheckSat().Outcome);
    }

    [Fact]
    public void CheckSat_HardProblemWithTinyTimeout_IsTimeout()
    {
        using var cvc5 = RealSolvers.Cvc5(new SolverOptions { Timeout = TimeSpan.FromMilliseconds(200) });
        cvc5.Send(HardProblems.NonlinearCubes);
        var clock = Stopwatch.StartNew();

        Assert.Equal(new CheckResult(SolverOutcome.Timeout, "timeout"), cvc5.CheckSat());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.Null(cvc5.Failure);
    }

    [Fact]
    public void CheckSat_ResourceLimit_IsResourceOut()
    {
        using var cvc5 = RealSolvers.Cvc5(new SolverOptions { ResourceLimit = 10_000 });
        cvc5.Send(HardProblems.Pigeonhole(13));

        Assert.Equal(new CheckResult(SolverOutcome.ResourceOut, "resourceout"), cvc5.CheckSat());
    }

    [Fact]
    public void CheckSat_QuantifiedProblem_IsUnknownIncomplete()
    {
        using var cvc5 = RealSolvers.Cvc5();
        cvc5.Send("(declare-fun f (Int) Int)\n(assert (forall ((x Int)) (> (f x) (f (+ x 1)))))");

        Assert.Equal(new CheckResult(SolverOutcome.Unknown, "incomplete"), cvc5.CheckSat());
        var before = cvc5.Transcript;
        Assert.Null(cvc5.GetValues(["(f 0)"])); // cvc5 exits on any error, so privc does not ask after unknown
        Assert.Equal(before, cvc5.Transcript);
        Assert.Null(cvc5.Failure);
    }

    [Fact]
    public void CheckSat_AfterAnErrorInSentCommands_IsProtocolError()
    {
        // cvc5 prints the error (with unescaped quotes in it) and exits; the error, not the exit, is reported.
        using var cvc5 = RealSolvers.Cvc5();
        cvc5.Send("(declare-const x Int)\n(assert (> |y\"z| 0))");

        var result = cvc5.CheckSat();

        Assert.Equal(SolverOutcome.ProtocolError, result.Outcome);
        Assert.Contains("not declared", result.Reason);
        Assert.Same(cvc5.Failure, cvc5.CheckSat());
    }

    [Fact]
    public void Preamble_UsesCvc5sOwnOptionNames()
    {
        using var cvc5 = RealSolvers.Cvc5(new SolverOptions { Timeout = TimeSpan.FromSeconds(7), ResourceLimit = 5000, Seed = 42, ProduceUnsatCores = true });

        Assert.Equal(
            """
            (set-option :incremental true)
            (set-option :produce-models true)
            (set-option :produce-unsat-cores true)
            (set-option :produce-unsat-assumptions true)
            (set-option :seed 42)
            (set-option :sat-random-seed 42)
            (set-option :rlimit-per 5000)
            (set-option :tlimit-per 7000)

            """,
            cvc5.Transcript);
    }

    [Fact]
    public void SecondOpinion_SameTextAsZ3_AgreesOnUnsatAndCore()
    {
        const string text = "(declare-const x Int)\n(declare-const y Int)\n(assert (! (< x y) :named order))\n(assert (! (< y x) :named reverse))\n(assert (! (> x 0) :named positive))";
        using var z3 = RealSolvers.Z3();
        using var cvc5 = RealSolvers.Cvc5();
        z3.Send(text);
        cvc5.Send(text);

        Assert.Equal(SolverOutcome.Unsat, z3.CheckSat().Outcome);
        Assert.Equal(SolverOutcome.Unsat, cvc5.CheckSat().Outcome);
        Assert.Equal(z3.GetUnsatCore(), cvc5.GetUnsatCore());
    }

    [Fact]
    public void Dispose_LeavesNoProcess()
    {
        var cvc5 = RealSolvers.Cvc5();
        var pid = ((SmtProcessSession)cvc5).ProcessId!.Value;

        cvc5.Dispose();

        Assert.False(ProcessProbe.Exists(pid), $"cvc5 (pid {pid}) is still there after Dispose");
    }
}
