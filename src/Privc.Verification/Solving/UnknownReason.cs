using System.Collections.Immutable;

namespace Privc.Verification.Solving;

/// <summary>
/// Maps a solver's <c>(get-info :reason-unknown)</c> answer to an outcome. The strings are the ones z3 4.8.12 and
/// cvc5 1.0.3 print (table in specs/solver.md). z3 is not always explicit: a limit may surface as "canceled" (the
/// :rlimit, or :timeout during optimisation) or even as "(incomplete (theory arithmetic))" when :timeout stops νZ,
/// so the time the check took decides those cases.
/// </summary>
internal static class UnknownReason
{
    private static readonly ImmutableArray<string> MemoryReasons = ["memout", "max. memory exceeded", "out of memory"];
    private static readonly ImmutableArray<string> ResourceReasons = ["max. resource limit exceeded", "resourceout", "resource limits reached"];
    private static readonly ImmutableArray<string> TimeoutReasons = ["timeout"];
    private static readonly ImmutableArray<string> CanceledReasons = ["canceled", "cancelled"];

    /// <summary>Classifies an unknown answer given the reason, how long the check ran, and the session's limits.</summary>
    public static SolverOutcome Classify(string? reason, TimeSpan elapsed, SolverOptions options)
    {
        var text = reason ?? string.Empty;
        if (Mentions(text, MemoryReasons))
        {
            return SolverOutcome.MemoryOut;
        }
        if (Mentions(text, ResourceReasons))
        {
            return SolverOutcome.ResourceOut;
        }
        if (Mentions(text, TimeoutReasons))
        {
            return SolverOutcome.Timeout;
        }
        var ranOutOfTime = elapsed >= options.Timeout * 0.9;
        if (Mentions(text, CanceledReasons))
        {
            return options.ResourceLimit > 0 && !ranOutOfTime ? SolverOutcome.ResourceOut : SolverOutcome.Timeout;
        }
        return ranOutOfTime ? SolverOutcome.Timeout : SolverOutcome.Unknown;
    }

    private static bool Mentions(string text, ImmutableArray<string> phrases) =>
        phrases.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase));
}
