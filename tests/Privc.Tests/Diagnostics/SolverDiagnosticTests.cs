using Privc.Diagnostics;
using Privc.Verification.Solving;
using Privc.Tests.Verification.Solving.Fakes;

namespace Privc.Tests.Diagnostics;

/// <summary>The solver diagnostics (PRIV4010-PRIV4017), each provoked through a real or fake solver where possible.</summary>
public class SolverDiagnosticTests
{
    private static readonly SolverOptions Options = new() { Timeout = TimeSpan.FromSeconds(5) };

    [CoversDiagnostic("PRIV4010")]
    [Fact]
    public void MissingSolver_IsPriv4010WithTheInstallHint()
    {
        var start = new Z3SolverFactory(_ => null).Start(Options);

        var diagnostic = SolverDiagnostics.FromResult(start.Failure!)!;

        Assert.Equal("PRIV4010", diagnostic.Code);
        Assert.Equal("privc: error PRIV4010: z3 was not found: install it with `apt-get install z3`, or pass --z3 PATH / set PRIVC_Z3", diagnostic.ToString());
    }

    [CoversDiagnostic("PRIV4011")]
    [Fact]
    public void Timeout_IsPriv4011AndSuggestsRaisingTheTimeout()
    {
        var diagnostic = Provoke(FakeSolver.AlwaysUnknown("timeout"));

        Assert.Equal("PRIV4011", diagnostic.Code);
        Assert.Equal("z3 did not decide within the time limit (timeout); raise --timeout, or split or simplify the intents", diagnostic.Message);
    }

    [Fact]
    public void WallClockKill_IsPriv4011()
    {
        var diagnostic = Provoke(FakeSolver.Hangs());

        Assert.Equal("PRIV4011", diagnostic.Code);
        Assert.Contains("wall-clock limit", diagnostic.Message);
    }

    [CoversDiagnostic("PRIV4012")]
    [Fact]
    public void ResourceOut_IsPriv4012()
    {
        Assert.Equal("PRIV4012", Provoke(FakeSolver.AlwaysUnknown("max. resource limit exceeded")).Code);
    }

    [CoversDiagnostic("PRIV4013")]
    [Fact]
    public void MemoryOut_IsPriv4013()
    {
        Assert.Equal("PRIV4013", Provoke(FakeSolver.AlwaysUnknown("memout")).Code);
    }

    [CoversDiagnostic("PRIV4014")]
    [Fact]
    public void Unknown_IsPriv4014WithTheSolversReason()
    {
        var diagnostic = Provoke(FakeSolver.AlwaysUnknown("(incomplete quantifiers)"));

        Assert.Equal("PRIV4014", diagnostic.Code);
        Assert.Contains("answered unknown ((incomplete quantifiers))", diagnostic.Message);
    }

    [CoversDiagnostic("PRIV4015")]
    [Fact]
    public void Crash_IsPriv4015()
    {
        var diagnostic = Provoke(FakeSolver.DiesMidAnswer());

        Assert.Equal("PRIV4015", diagnostic.Code);
        Assert.Contains("exited with code 134", diagnostic.Message);
    }

    [CoversDiagnostic("PRIV4016")]
    [Fact]
    public void Garbage_IsPriv4016()
    {
        Assert.Equal("PRIV4016", Provoke(FakeSolver.Garbage()).Code);
    }

    [CoversDiagnostic("PRIV4017")]
    [Fact]
    public void Disagreement_IsPriv4017()
    {
        var diagnostic = SolverDiagnostics.Disagree("z3 4.8.12", new CheckResult(SolverOutcome.Unsat), "cvc5 1.0.3", new CheckResult(SolverOutcome.Sat));

        Assert.Equal("PRIV4017", diagnostic.Code);
        Assert.StartsWith("z3 4.8.12 says unsatisfiable but cvc5 1.0.3 says satisfiable", diagnostic.Message);
    }

    [Theory]
    [InlineData(SolverOutcome.Sat)]
    [InlineData(SolverOutcome.Unsat)]
    public void DecidedResults_AreNoProblem(SolverOutcome outcome)
    {
        Assert.Null(SolverDiagnostics.FromResult(new CheckResult(outcome)));
    }

    [Fact]
    public void EveryUndecidedOutcome_HasItsOwnErrorCodeInTheSolverRange()
    {
        var codes = Enum.GetValues<SolverOutcome>()
            .Where(o => o is not (SolverOutcome.Sat or SolverOutcome.Unsat))
            .Select(o => SolverDiagnostics.FromResult(new CheckResult(o, "r"))!)
            .ToArray();

        Assert.All(codes, d => Assert.True(d.IsError));
        Assert.All(codes, d => Assert.InRange(string.CompareOrdinal(d.Code, "PRIV4010"), 0, int.MaxValue));
        Assert.All(codes, d => Assert.InRange(string.CompareOrdinal(d.Code, "PRIV4019"), int.MinValue, 0));
        Assert.Equal(codes.Length, codes.Select(d => d.Code).Distinct().Count());
    }

    [Fact]
    public void Catalogue_CodesAreUnique()
    {
        var duplicates = Catalogues.All.GroupBy(d => d.Code).Where(g => g.Count() > 1).Select(g => g.Key);

        Assert.Empty(duplicates);
    }

    private static Diagnostic Provoke(Func<SList, FakeReply> solver)
    {
        var start = new FakeSolverFactory(solver, "z3").Start(Options);
        using var session = start.Session!;
        var result = session.CheckSat();
        return SolverDiagnostics.FromResult(result, "z3")!;
    }
}
