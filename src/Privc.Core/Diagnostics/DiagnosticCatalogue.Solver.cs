using Privc.Solving;

namespace Privc.Diagnostics;

public static partial class DiagnosticCatalogue
{
    public static partial class Codes
    {
        public static readonly DiagnosticDescriptor SolverUnavailable = new("PRIV4010", Severity.Error, "Solver unavailable");
        public static readonly DiagnosticDescriptor SolverTimeout = new("PRIV4011", Severity.Error, "Solver ran out of time or resources");
        public static readonly DiagnosticDescriptor SolverUnknown = new("PRIV4012", Severity.Error, "Solver could not decide");
        public static readonly DiagnosticDescriptor SolverCrashed = new("PRIV4013", Severity.Error, "Solver crashed");
        public static readonly DiagnosticDescriptor SolverProtocol = new("PRIV4014", Severity.Error, "Solver answered nonsense");
    }

    /// <summary>The diagnostic for a solver outcome that is not sat or unsat (exit code 3).</summary>
    public static Diagnostic SolverFailed(CheckResult result, string stage)
    {
        var reason = result.Reason is { Length: > 0 } r ? r : "no reason given";
        return result.Outcome switch
        {
            SolverOutcome.Unavailable => AtFile(Codes.SolverUnavailable, null, reason),
            SolverOutcome.Timeout or SolverOutcome.ResourceOut or SolverOutcome.MemoryOut =>
                AtFile(Codes.SolverTimeout, null, $"the solver stopped while {stage} ({reason}); raise --timeout or simplify the intents"),
            SolverOutcome.Crashed => AtFile(Codes.SolverCrashed, null, $"the solver died while {stage}: {reason}"),
            SolverOutcome.ProtocolError => AtFile(Codes.SolverProtocol, null, $"the solver's answer while {stage} made no sense: {reason}"),
            _ => AtFile(Codes.SolverUnknown, null, $"the solver answered unknown while {stage} ({reason})"),
        };
    }
}
