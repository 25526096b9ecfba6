using Privc.Verification.Solving;

namespace Privc.Tests.Verification.Solving;

/// <summary>The reason-unknown table of specs/solver.md, with the strings z3 4.8.12 and cvc5 1.0.3 print.</summary>
public class UnknownReasonTests
{
    private static readonly SolverOptions TenSeconds = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Theory]
    [InlineData("timeout", SolverOutcome.Timeout)]
    [InlineData("max. resource limit exceeded", SolverOutcome.ResourceOut)]
    [InlineData("resourceout", SolverOutcome.ResourceOut)]
    [InlineData("resource limits reached", SolverOutcome.ResourceOut)]
    [InlineData("memout", SolverOutcome.MemoryOut)]
    [InlineData("max. memory exceeded", SolverOutcome.MemoryOut)]
    [InlineData("incomplete", SolverOutcome.Unknown)]
    [InlineData("(incomplete (theory arithmetic))", SolverOutcome.Unknown)]
    [InlineData("", SolverOutcome.Unknown)]
    [InlineData(null, SolverOutcome.Unknown)]
    public void Classify_QuickAnswer_ByReason(string? reason, SolverOutcome expected)
    {
        Assert.Equal(expected, UnknownReason.Classify(reason, TimeSpan.FromMilliseconds(50), TenSeconds));
    }

    [Fact]
    public void Classify_Canceled_IsResourceOutWhenAnRlimitWasSetAndTimeWasLeft()
    {
        var withRlimit = TenSeconds with { ResourceLimit = 1000 };

        Assert.Equal(SolverOutcome.ResourceOut, UnknownReason.Classify("canceled", TimeSpan.FromSeconds(1), withRlimit));
        Assert.Equal(SolverOutcome.Timeout, UnknownReason.Classify("canceled", TimeSpan.FromSeconds(10), withRlimit));
        Assert.Equal(SolverOutcome.Timeout, UnknownReason.Classify("canceled", TimeSpan.FromSeconds(1), TenSeconds));
    }

    [Fact]
    public void Classify_IncompleteAfterTheWholeTimeout_IsTimeout()
    {
        // z3's optimiser reports its :timeout as "(incomplete (theory arithmetic))".
        Assert.Equal(SolverOutcome.Timeout, UnknownReason.Classify("(incomplete (theory arithmetic))", TimeSpan.FromSeconds(9.5), TenSeconds));
    }
}
