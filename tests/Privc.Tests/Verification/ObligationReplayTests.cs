using Privc.Semantics;
using Privc.Verification;
using Privc.Verification.Solving;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Verification;

/// <summary>Replaying obligations with z3 and cvc5: plain SMT-LIB runs on both, z3's extensions only on z3.</summary>
public class ObligationReplayTests
{
    private static readonly SolverOptions Options = new() { Timeout = TimeSpan.FromSeconds(20) };

    private const string Unsat = "; a comment\n(declare-const x Int)\n(assert (> x 3))\n(assert (< x 2))\n(check-sat)\n";

    [Theory]
    [InlineData("z3")]
    [InlineData("cvc5")]
    public void Replay_PlainUnsat_AgreesOnBothSolvers(string solver)
    {
        var factory = solver == "z3" ? TestSolvers.Z3 : TestSolvers.Cvc5;
        var outcome = ObligationReplay.Replay(Unsat, "unsat", factory, Options, allowExtensions: solver == "z3");
        Assert.Equal(ReplayStatus.Agree, outcome.Status);
        Assert.StartsWith(solver, outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_WrongExpectation_Disagrees()
    {
        var outcome = ObligationReplay.Replay(Unsat, "sat", TestSolvers.Cvc5, Options, allowExtensions: false);
        Assert.Equal(ReplayStatus.Disagree, outcome.Status);
        Assert.EndsWith("says unsat, but the certificate expects sat", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_CheckSatAssuming_UsesTheAssumptions()
    {
        const string script = "(declare-const a Bool)\n(declare-const |intent!b| Bool)\n(assert (=> |intent!b| (not a)))\n(check-sat-assuming (a |intent!b|))\n";
        Assert.Equal(ReplayStatus.Agree, ObligationReplay.Replay(script, "unsat", TestSolvers.Cvc5, Options, allowExtensions: false).Status);
        Assert.Equal(ReplayStatus.Agree, ObligationReplay.Replay(script.Replace("(a |intent!b|)", "(a)", StringComparison.Ordinal), "sat", TestSolvers.Cvc5, Options, allowExtensions: false).Status);
    }

    [Fact]
    public void Replay_Optimisation_IsNotReplayableByCvc5_ButRunsOnZ3()
    {
        const string script = "(declare-const x Int)\n(assert (> x 3))\n(minimize x)\n(check-sat)\n(get-objectives)\n";
        var cvc5 = ObligationReplay.Replay(script, "sat", TestSolvers.Cvc5, Options, allowExtensions: false);
        Assert.Equal(ReplayStatus.NotReplayable, cvc5.Status);
        Assert.Contains("uses z3's optimisation extension (minimize)", cvc5.Detail, StringComparison.Ordinal);
        Assert.Equal(ReplayStatus.Agree, ObligationReplay.Replay(script, "sat", TestSolvers.Z3, Options, allowExtensions: true).Status);
    }

    [Theory]
    [InlineData("(declare-const x Int)\n(eval x)\n(check-sat)\n", "uses the non-standard command eval")]
    [InlineData("(declare-const x Int)\n(assert-soft (> x 1))\n(check-sat)\n", "uses z3's optimisation extension (assert-soft)")]
    public void NonStandardFeature_NamesTheCommand(string script, string expected) =>
        Assert.Equal(expected, ObligationReplay.NonStandardFeature(ObligationReplay.Commands(script, out _)!.Value));

    [Theory]
    [InlineData("(assert (and x", "not SMT-LIB2 text")]
    [InlineData("(declare-const x Int)\n", "no check-sat command")]
    [InlineData("x (check-sat)", "not an SMT-LIB2 command")]
    public void Commands_RejectsWhatIsNotAnObligation(string script, string problem)
    {
        Assert.Null(ObligationReplay.Commands(script, out var why));
        Assert.Contains(problem, why, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_SolverTimesOut_IsUndecided()
    {
        var outcome = ObligationReplay.Replay(Unsat, "unsat", Privc.Tests.Cli.ScriptedSolverFactory.AlwaysTimeout(), Options, allowExtensions: true);
        Assert.Equal(ReplayStatus.Undecided, outcome.Status);
        Assert.Equal(SolverOutcome.Timeout, outcome.Result!.Outcome);
    }
}
