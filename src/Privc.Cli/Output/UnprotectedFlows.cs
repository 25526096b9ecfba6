using Privc.Diagnostics;
using Privc.Verification;

namespace Privc.Cli.Output;

/// <summary>Reports, with an unsat core under <c>--resilience 1</c>, each flow that has no route surviving a single failure (PRIV4005).</summary>
internal static class UnprotectedFlows
{
    public static void Report(CommandReport report, TextWriter error, VerificationResult.Unsatisfiable unsat)
    {
        foreach (var flow in unsat.Unprotected)
        {
            report.Report(error, DiagnosticCatalogue.NoBackupRoute(flow.Location, flow.Flow, flow.From, flow.To, flow.Failed, flow.MorePairs));
        }
    }
}
