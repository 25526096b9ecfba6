using Privc.Text;

namespace Privc.Diagnostics;

public static partial class DiagnosticCatalogue
{
    public static partial class Codes
    {
        public static readonly DiagnosticDescriptor Unsatisfiable = new("PRIV4001", Severity.Error, "Intents are unsatisfiable");
        public static readonly DiagnosticDescriptor PlanRejected = new("PRIV4002", Severity.Error, "The solver's plan failed the independent checker (privc bug)");
        public static readonly DiagnosticDescriptor CoreNotMinimal = new("PRIV4003", Severity.Warning, "Conflict not proven minimal");
        public static readonly DiagnosticDescriptor OptimumNotProven = new("PRIV4004", Severity.Warning, "Optimum not proven");
    }

    public static Diagnostic Unsatisfiable(SourceLocation? location, int count) =>
        new(Codes.Unsatisfiable.Code, Severity.Error,
            count == 0
                ? "the declarations cannot be deployed on this topology, whatever the intents"
                : $"the intents cannot all hold on this topology; a minimal conflicting set of {count} intent{(count == 1 ? string.Empty : "s")}:",
            location, null);

    public static Diagnostic PlanRejected(string problem) =>
        AtFile(Codes.PlanRejected, null, $"internal error, please report it: {problem}. Nothing was written.");

    public static Diagnostic CoreNotMinimal(SourceLocation? location) =>
        new(Codes.CoreNotMinimal.Code, Severity.Warning, "the solver could not decide every check while shrinking the conflict, so it may not be minimal; raise --timeout to shrink it further", location, null);

    public static Diagnostic OptimumNotProven(SourceLocation location, string objective) =>
        At(Codes.OptimumNotProven, location, $"objective '{objective}': the time limit ran out before the optimum was proven; the plan is the best compliant one found (raise --timeout to prove it)");
}
