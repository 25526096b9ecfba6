namespace Privc.Diagnostics;

/// <summary>
/// Solver problems (PRIV4010-PRIV4019; PRIV4001-PRIV4009 belong to the encoding and unsat cores). Each is about
/// the invocation, not a source line, and each maps to exit code 3 ("the solver could not decide").
/// <c>Privc.Verification.Solving.SolverDiagnostics</c> picks the one for a solver's answer.
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

    public static Diagnostic SolverUnavailable(string? reason) =>
        AtFile(Codes.SolverUnavailable, null, reason ?? "the solver is not available: install it with `apt-get install z3`, or pass --z3 PATH / set PRIVC_Z3");

    public static Diagnostic SolverTimedOut(string? reason, string solver = "the solver") =>
        AtFile(Codes.SolverTimedOut, null, $"{solver} did not decide within the time limit{Because(reason)}; raise --timeout, or split or simplify the intents");

    public static Diagnostic SolverResourceOut(string? reason, string solver = "the solver") =>
        AtFile(Codes.SolverResourceOut, null, $"{solver} used up its resource limit (rlimit) without deciding{Because(reason)}; raise the resource limit, or split or simplify the intents");

    public static Diagnostic SolverMemoryOut(string? reason, string solver = "the solver") =>
        AtFile(Codes.SolverMemoryOut, null, $"{solver} ran out of memory{Because(reason)}; simplify the intents or the topology, or run on a machine with more memory");

    public static Diagnostic SolverUnknown(string? reason, string solver = "the solver") =>
        AtFile(Codes.SolverUnknown, null, $"{solver} answered unknown{Because(reason)}: these constraints are outside what it decides completely; simplify the intents, or report it with the certificate's .smt2 file");

    public static Diagnostic SolverCrashed(string? reason, string solver = "the solver") =>
        AtFile(Codes.SolverCrashed, null, $"{solver} crashed{Because(reason)}; check the installation (for example `z3 -version`), or report it with the certificate's .smt2 file");

    public static Diagnostic SolverProtocolError(string? reason, string solver = "the solver") =>
        AtFile(Codes.SolverProtocolError, null, $"{solver} answered something privc does not understand{Because(reason)}; use a supported solver (z3 4.8 or newer, cvc5 1.0 or newer), or report it as a privc bug with the certificate's .smt2 file");

    /// <param name="first">The first solver's name and version.</param>
    /// <param name="firstVerdict">What the first solver answered, in words ("satisfiable", "unsatisfiable", "timeout").</param>
    /// <param name="second">The second solver's name and version.</param>
    /// <param name="secondVerdict">What the second solver answered, in the same words.</param>
    public static Diagnostic SolversDisagree(string first, string firstVerdict, string second, string secondVerdict) =>
        AtFile(Codes.SolversDisagree, null,
            $"{first} says {firstVerdict} but {second} says {secondVerdict} on the same SMT-LIB2 text; one solver (or privc's encoding) is wrong, so nothing is emitted; report it with the certificate's .smt2 file");

    private static string Because(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? string.Empty : $" ({reason})";
}
