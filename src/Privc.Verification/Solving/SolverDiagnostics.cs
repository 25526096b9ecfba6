using Privc.Diagnostics;

namespace Privc.Verification.Solving;

/// <summary>Maps a solver's answer to the catalogue's solver diagnostics (PRIV4010-PRIV4017).</summary>
public static class SolverDiagnostics
{
    /// <summary>
    /// The diagnostic for a result that did not decide the query, or null for sat and unsat (which are answers, not
    /// problems: the caller reports an unsat core or extracts the plan).
    /// </summary>
    public static Diagnostic? FromResult(CheckResult result, string solver = "the solver") => result.Outcome switch
    {
        SolverOutcome.Sat or SolverOutcome.Unsat => null,
        SolverOutcome.Unavailable => DiagnosticCatalogue.SolverUnavailable(result.Reason),
        SolverOutcome.Timeout => DiagnosticCatalogue.SolverTimedOut(result.Reason, solver),
        SolverOutcome.ResourceOut => DiagnosticCatalogue.SolverResourceOut(result.Reason, solver),
        SolverOutcome.MemoryOut => DiagnosticCatalogue.SolverMemoryOut(result.Reason, solver),
        SolverOutcome.Unknown => DiagnosticCatalogue.SolverUnknown(result.Reason, solver),
        SolverOutcome.Crashed => DiagnosticCatalogue.SolverCrashed(result.Reason, solver),
        SolverOutcome.ProtocolError => DiagnosticCatalogue.SolverProtocolError(result.Reason, solver),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Outcome, "a solver outcome without a diagnostic"),
    };

    /// <summary>Two solvers answered the same query differently.</summary>
    public static Diagnostic Disagree(string first, CheckResult firstResult, string second, CheckResult secondResult) =>
        DiagnosticCatalogue.SolversDisagree(first, Verdict(firstResult), second, Verdict(secondResult));

    private static string Verdict(CheckResult result) => result.Outcome switch
    {
        SolverOutcome.Sat => "satisfiable",
        SolverOutcome.Unsat => "unsatisfiable",
        var other => other.ToString().ToLowerInvariant(),
    };
}
