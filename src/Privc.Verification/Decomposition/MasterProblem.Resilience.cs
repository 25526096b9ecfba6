using System.Collections.Immutable;
using Privc.Verification.Encoding;

namespace Privc.Verification.Decomposition;

public sealed partial class MasterProblem
{
    /// <summary>
    /// Backup facts (specs/encoding.md section 19): under <c>--resilience 1</c>, replica pairs of a flow whose devices
    /// have compliant routes but no route that survives some single failure cannot both be placed. Each clause is
    /// guarded by the intents that shaped the flow's routes and by the structural literal <c>r1!FLOW</c>, always
    /// assumed, so that an unsat core says which flows lacked a backup. Pairs without any compliant route are left to
    /// the route facts.
    /// </summary>
    private void EncodeBackupFacts()
    {
        if (routes.Resilience == 0)
        {
            return;
        }
        script.Comment("backup facts: replica pairs whose every compliant route passes one failing element (specs/encoding.md section 19)");
        var index = routes.Index;
        foreach (var flow in program.Flows)
        {
            var classId = routes.FlowClass[flow.Name];
            var condition = routes.Classes[classId];
            var sourceDevices = facts.Candidates[flow.Source].Select(n => n.Device).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var targetDevices = facts.Candidates[flow.Target].Select(n => n.Device).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            string? guard = null;
            foreach (var a in sourceDevices)
            {
                foreach (var b in targetDevices.Where(b => b != a))
                {
                    var (source, target) = (index.Device(a), index.Device(b));
                    if (routes.Status(classId, source, target) != RouteStatus.Feasible)
                    {
                        continue;
                    }
                    var backup = routes.Backup(classId, source, target);
                    if (backup is not { Status: RouteStatus.Infeasible, ReducedClass: { } reduced, Failed: { } failed })
                    {
                        continue;
                    }
                    guard ??= Smt.And(condition.Intents.Select(GuardOrTrue).Append(Structural(Smt.Symbol("r1", flow.Name), [flow.Source, flow.Target])));
                    script.Assert(Smt.Implies(guard, Smt.Not(Smt.And(At(flow.Source, a), At(flow.Target, b)))));
                    routeFacts++;
                    recorded.Add(new RouteFactRecord(flow.Name, classId, RouteFactKind.NoBackupRoute, [a], [b])
                    {
                        WithoutClass = reduced,
                        Failed = failed.Name(index),
                        FailedElement = failed,
                    });
                }
            }
        }
    }
}
