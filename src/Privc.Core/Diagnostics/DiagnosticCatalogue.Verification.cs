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
        public static readonly DiagnosticDescriptor NoBackupRoute = new("PRIV4005", Severity.Error, "A flow has no route that survives a single failure");
    }

    /// <summary>
    /// With <c>--resilience 1</c>: between two devices where a flow's replicas could run, every compliant route passes
    /// one device or cable, so no route survives its failure (specs/semantics.md section 9). Reported at the flow with
    /// the unsat core it explains.
    /// </summary>
    public static Diagnostic NoBackupRoute(SourceLocation location, string flow, string from, string to, string failed, int more) =>
        At(Codes.NoBackupRoute, location,
            $"flow '{flow}' has no compliant backup around {failed}: every route from '{from}' to '{to}' that satisfies its intents passes it, so none survives its failure (--resilience 1){(more > 0 ? $"; {more} more device pair(s) of this flow are unprotected" : string.Empty)}");

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

    /// <summary>The short-route tie-breaker left unproven for a stated reason; the plan is optimal on the user's objectives.</summary>
    public static Diagnostic TieBreakerNotProven(SourceLocation location, string objective, string reason) =>
        At(Codes.OptimumNotProven, location, $"objective '{objective}' (the short-route tie-breaker): {reason}; the plan is the proven optimum of the objectives before it, its routes not ranked by length");
}
