using Privc.Solving;

namespace Privc.Diagnostics;

/// <summary>
/// Solver problems (PRIV4010-PRIV4019; PRIV4001-PRIV4009 belong to the encoding and unsat cores). Each is about
/// the invocation, not a source line, and each maps to exit code 3 ("the solver could not decide").
/// </summary>
public static partial class DiagnosticCatalogue
{
    public static partial class Codes
    {
        // 4xxx: solving
        public static readonly DiagnosticDescriptor SolverUnavailable = new("PRIV4010", Severity.Error, "Solver not found, not startable or too old");
        public static readonly DiagnosticDescriptor SolverTimedOut = new("PRIV4011", Severity.Error, "Solver ran out of time");
        public static readonly DiagnosticDescriptor SolverResourceOut = new("PRIV4012", Severity.Error, "Solver used up its resource limit");
        public static readonly DiagnosticDescriptor SolverMemoryOut = new("PRIV4013", Severity.Error, "Solver ran out of memory");
        public static readonly DiagnosticDescriptor SolverUnknown = new("PRIV4014", Severity.Error, "Solver could not decide");
        public static readonly DiagnosticDescriptor SolverCrashed = new("PRIV4015", Severity.Error, "Solver crashed");
        public static readonly DiagnosticDescriptor SolverProtocolError = new("PRIV4016", Severity.Error, "Solver answered something privc does not understand");
        public static readonly DiagnosticDescriptor SolversDisagree = new("PRIV4017", Severity.Error, "Second solver disagrees");
    }

    public static Diagnostic SolverUnavailable(CheckResult result) =>
        AtFile(Codes.SolverUnavailable, null, result.Reason ?? "the solver is not available: install it with `apt-get install z3`, or pass --z3 PATH / set PRIVC_Z3");

    public static Diagnostic SolverTimedOut(CheckResult result, string solver = "the solver") =>
        AtFile(Codes.SolverTimedOut, null, $"{solver} did not decide within the time limit{Because(result)}; raise --timeout, or split or simplify the intents");

    public static Diagnostic SolverResourceOut(CheckResult result, string solver = "the solver") =>
        AtFile(Codes.SolverResourceOut, null, $"{solver} used up its resource limit (rlimit) without deciding{Because(result)}; raise the resource limit, or split or simplify the intents");

    public static Diagnostic SolverMemoryOut(CheckResult result, string solver = "the solver") =>
        AtFile(Codes.SolverMemoryOut, null, $"{solver} ran out of memory{Because(result)}; simplify the intents or the topology, or run on a machine with more memory");

    public static Diagnostic SolverUnknown(CheckResult result, string solver = "the solver") =>
        AtFile(Codes.SolverUnknown, null, $"{solver} answered unknown{Because(result)}: these constraints are outside what it decides completely; simplify the intents, or report it with the certificate's .smt2 file");

    public static Diagnostic SolverCrashed(CheckResult result, string solver = "the solver") =>
        AtFile(Codes.SolverCrashed, null, $"{solver} crashed{Because(result)}; check the installation (for example `z3 -version`), or report it with the certificate's .smt2 file");

    public static Diagnostic SolverProtocolError(CheckResult result, string solver = "the solver") =>
        AtFile(Codes.SolverProtocolError, null, $"{solver} answered something privc does not understand{Because(result)}; use a supported solver (z3 4.8 or newer, cvc5 1.0 or newer), or report it as a privc bug with the certificate's .smt2 file");

    public static Diagnostic SolversDisagree(string first, CheckResult firstResult, string second, CheckResult secondResult) =>
        AtFile(Codes.SolversDisagree, null,
            $"{first} says {Verdict(firstResult)} but {second} says {Verdict(secondResult)} on the same SMT-LIB2 text; one solver (or privc's encoding) is wrong, so nothing is emitted; report it with the certificate's .smt2 file");

    /// <summary>
    /// The diagnostic for a result that did not decide the query, or null for sat and unsat (which are answers, not
    /// problems: the caller reports an unsat core or extracts the plan).
    /// </summary>
    public static Diagnostic? FromSolverResult(CheckResult result, string solver = "the solver") => result.Outcome switch
    {
        SolverOutcome.Sat or SolverOutcome.Unsat => null,
        SolverOutcome.Unavailable => SolverUnavailable(result),
        SolverOutcome.Timeout => SolverTimedOut(result, solver),
        SolverOutcome.ResourceOut => SolverResourceOut(result, solver),
        SolverOutcome.MemoryOut => SolverMemoryOut(result, solver),
        SolverOutcome.Unknown => SolverUnknown(result, solver),
        SolverOutcome.Crashed => SolverCrashed(result, solver),
        SolverOutcome.ProtocolError => SolverProtocolError(result, solver),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Outcome, "a solver outcome without a diagnostic"),
    };

    private static string Because(CheckResult result) =>
        string.IsNullOrWhiteSpace(result.Reason) ? string.Empty : $" ({result.Reason})";

    private static string Verdict(CheckResult result) => result.Outcome switch
    {
        SolverOutcome.Sat => "satisfiable",
        SolverOutcome.Unsat => "unsatisfiable",
        var other => other.ToString().ToLowerInvariant(),
    };
}
