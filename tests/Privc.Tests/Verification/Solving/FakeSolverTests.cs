using System.Collections.Immutable;
using Privc.Verification.Solving;
using Privc.Tests.Verification.Solving.Fakes;

namespace Privc.Tests.Verification.Solving;

/// <summary>The in-process fakes, run behind the real session protocol code.</summary>
public class FakeSolverTests
{
    private static readonly SolverOptions Options = new() { Timeout = TimeSpan.FromSeconds(5), ProduceUnsatCores = true };

    [Fact]
    public void AlwaysUnsat_GivesItsCore()
    {
        using var session = Start(new FakeSolverFactory(FakeSolver.AlwaysUnsat("intent-b", "|intent a|")));

        Assert.Equal(new CheckResult(SolverOutcome.Unsat), session.CheckSat());

        Assert.Equal(["intent-b", "|intent a|"], session.GetUnsatCore());
        Assert.Null(session.GetValues(["x"]));
    }

    [Fact]
    public void AlwaysUnsat_WithoutProduceUnsatCores_HasNoCoreAndSendsNothing()
    {
        var factory = new FakeSolverFactory(FakeSolver.AlwaysUnsat("a"));
        using var session = factory.Start(Options with { ProduceUnsatCores = false }).Session!;
        session.CheckSat();

        Assert.Null(session.GetUnsatCore());
        Assert.DoesNotContain("(get-unsat-core)", factory.Requests);
    }

    [Theory]
    [InlineData("timeout", SolverOutcome.Timeout)]
    [InlineData("canceled", SolverOutcome.Timeout)]
    [InlineData("max. resource limit exceeded", SolverOutcome.ResourceOut)]
    [InlineData("resourceout", SolverOutcome.ResourceOut)]
    [InlineData("memout", SolverOutcome.MemoryOut)]
    [InlineData("max. memory exceeded", SolverOutcome.MemoryOut)]
    [InlineData("incomplete", SolverOutcome.Unknown)]
    [InlineData("(incomplete quantifiers)", SolverOutcome.Unknown)]
    [InlineData("smt tactic failed to show goal to be sat/unsat", SolverOutcome.Unknown)]
    public void AlwaysUnknown_ReasonDecidesTheOutcome(string reason, SolverOutcome expected)
    {
        using var session = Start(new FakeSolverFactory(FakeSolver.AlwaysUnknown(reason)));

        Assert.Equal(new CheckResult(expected, reason), session.CheckSat());
        Assert.Null(session.Failure);
        Assert.Null(session.GetValues(["x"]));
        Assert.Null(session.GetUnsatCore());
    }

    [Fact]
    public void AlwaysSat_ValuesArePairedByPosition()
    {
        var values = new Dictionary<string, string> { ["x"] = "(- 3)", ["(> x 0)"] = "false", ["|a b|"] = "true" };
        using var session = Start(new FakeSolverFactory(FakeSolver.AlwaysSat(values)));

        Assert.Equal(SolverOutcome.Sat, session.CheckSat().Outcome);

        Assert.Equal(values.ToImmutableDictionary(), session.GetValues(["x", "(> x 0)", "|a b|"]));
        Assert.Equal(ImmutableDictionary<string, string>.Empty, session.GetValues([]));
    }

    [Fact]
    public void DiesMidAnswer_IsCrashedWithTheEndAndThePartialAnswer()
    {
        using var session = Start(new FakeSolverFactory(FakeSolver.DiesMidAnswer()));
        session.Send("(declare-const x Int)");

        var result = session.CheckSat();

        Assert.Equal(SolverOutcome.Crashed, result.Outcome);
        Assert.Contains("exited with code 134", result.Reason);
        Assert.Contains("assertion failed", result.Reason);
        Assert.Contains("((x 1)", result.Reason);
        Assert.Same(result, session.Failure);
        Assert.Same(result, session.CheckSat());
        Assert.Null(session.GetValues(["x"]));
        Assert.Null(session.GetUnsatCore());
    }

    [Fact]
    public void Garbage_IsProtocolError()
    {
        using var session = Start(new FakeSolverFactory(FakeSolver.Garbage()));

        var result = session.CheckSat();

        Assert.Equal(SolverOutcome.ProtocolError, result.Outcome);
        Assert.Contains("not SMT-LIB", result.Reason);
        Assert.Contains("502 Bad Gateway", result.Reason);
        Assert.Same(result, session.CheckSat());
    }

    [Fact]
    public void WrongAnswer_IsProtocolError()
    {
        using var session = Start(new FakeSolverFactory(FakeSolver.WrongAnswer()));

        var result = session.CheckSat();

        Assert.Equal(SolverOutcome.ProtocolError, result.Outcome);
        Assert.Contains("expected sat, unsat or unknown", result.Reason);
        Assert.Contains("'yes'", result.Reason);
    }

    [Fact]
    public void Unsupported_IsProtocolError()
    {
        using var session = Start(new FakeSolverFactory(FakeSolver.Unsupporting()));
        session.Send("(minimize x)");

        var result = session.CheckSat();

        Assert.Equal(SolverOutcome.ProtocolError, result.Outcome);
        Assert.Contains("unsupported", result.Reason);
    }

    [Fact]
    public void Hangs_IsTimeoutAndTheSessionIsDead()
    {
        using var session = Start(new FakeSolverFactory(FakeSolver.Hangs()));

        var result = session.CheckSat();

        Assert.Equal(SolverOutcome.Timeout, result.Outcome);
        Assert.Contains("wall-clock limit of 15 s", result.Reason);
        Assert.Same(result, session.Failure);
        session.Send("(assert true)");
        Assert.Same(result, session.CheckSat());
    }

    [Fact]
    public void Failure_OfACheckOverThousandsOfAssumptions_NamesTheirCountNotTheirText()
    {
        using var session = Start(new FakeSolverFactory(FakeSolver.Garbage()));
        var assumptions = Enumerable.Range(0, 3000).Select(i => $"intent_number_{i}").ToList();
        session.Send(string.Join("\n", assumptions.Select(a => $"(declare-const {a} Bool)")));

        var result = session.CheckSat(assumptions);

        Assert.Equal(SolverOutcome.ProtocolError, result.Outcome);
        Assert.Contains("(check-sat-assuming ...) over 3000 assumption(s)", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("intent_number_1", result.Reason, StringComparison.Ordinal);
        Assert.True(result.Reason!.Length < 400, result.Reason);
    }

    [Fact]
    public void Recording_SeesEveryRequestButNoMarker()
    {
        var factory = new FakeSolverFactory(FakeSolver.AlwaysUnsat("n1"));
        using (var session = Start(factory))
        {
            session.Send("(declare-const a Bool)\n(assert (! a :named n1))");
            session.CheckSat(["a", "(not b)"]);
            session.GetUnsatCore();
        }

        Assert.Equal(
            [
                "(set-option :produce-models true)",
                "(set-option :produce-unsat-cores true)",
                "(set-option :smt.random_seed 0)",
                "(set-option :sat.random_seed 0)",
                "(set-option :smt.arith.solver 2)",
                "(set-option :timeout 5000)",
                "(declare-const a Bool)",
                "(assert (! a :named n1))",
                "(check-sat-assuming (a (not b)))",
                "(get-unsat-core)",
            ],
            factory.Requests);
    }

    [Fact]
    public void StartFailure_WhenThePreambleIsRefused_IsReportedByStart()
    {
        var start = new FakeSolverFactory(_ => FakeReply.Print("(error \"unknown parameter 'smt.random_seed'\")")).Start(Options);

        Assert.Null(start.Session);
        Assert.Equal(SolverOutcome.ProtocolError, start.Failure!.Outcome);
        Assert.Contains("unknown parameter 'smt.random_seed'", start.Failure.Reason);
    }

    [Fact]
    public void OutOfMemoryError_IsMemoryOut()
    {
        // z3 answers (error "out of memory") and exits with code 101 when it hits memory_max_size.
        var factory = new FakeSolverFactory(c => FakeSolver.Head(c) == "check-sat" ? new FakeReply(["(error \"out of memory\")"], Dies: true) : FakeReply.Nothing);
        using var session = Start(factory);

        Assert.Equal(SolverOutcome.MemoryOut, session.CheckSat().Outcome);
    }

    [Fact]
    public void CanceledErrorInsteadOfAVerdict_IsAnUndecidedCheckAndTheSessionGoesOn()
    {
        // z3 4.8.12's optimiser answers some checks stopped by :timeout with this error, then keeps its best model.
        var factory = new FakeSolverFactory(c => FakeSolver.Head(c) switch
        {
            "check-sat" => FakeReply.Print("(error \"line 13 column 10: push canceled\")"),
            "get-value" => FakeReply.Print("((x 9))"),
            _ => FakeReply.Nothing,
        });
        using var session = Start(factory);

        Assert.Equal(new CheckResult(SolverOutcome.Timeout, "push canceled"), session.CheckSat());
        Assert.Null(session.Failure);
        Assert.Equal("9", session.GetValues(["x"])!["x"]);
    }

    [Fact]
    public void GetValues_AfterUnknownWithoutAModel_IsNullAndTheSessionGoesOn()
    {
        using var session = Start(new FakeSolverFactory(FakeSolver.AlwaysUnknown("timeout")));

        Assert.Equal(SolverOutcome.Timeout, session.CheckSat().Outcome);

        Assert.Null(session.GetValues(["x"]));
        Assert.Null(session.Failure);
        Assert.Equal(SolverOutcome.Timeout, session.CheckSat().Outcome);
    }

    [Fact]
    public void ErrorInsteadOfAVerdict_NotCanceled_IsProtocolError()
    {
        using var session = Start(new FakeSolverFactory(c => FakeSolver.Head(c) == "check-sat" ? FakeReply.Print("(error \"line 3 column 1: invalid command\")") : FakeReply.Nothing));

        Assert.Equal(SolverOutcome.ProtocolError, session.CheckSat().Outcome);
    }

    private static ISmtSession Start(ISmtSolverFactory factory)
    {
        var start = factory.Start(Options);
        Assert.True(start.Session is not null, start.Failure?.Reason);
        return start.Session!;
    }
}
