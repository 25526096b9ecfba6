using Privc.Semantics;
using Privc.Verification.Encoding;

namespace Privc.Verification.Decomposition;

public sealed partial class MasterProblem
{
    /// <summary>
    /// Replan's disruption terms over placements (specs/encoding.md section 15.1) and a static lower bound of each.
    /// moved is exact: min(|ref(s)|, replicas(s)) minus the reference nodes that still host s. disturbed counts a
    /// measured route as kept when it is keepable (<see cref="ReferenceRoutes"/>) and both its nodes host their
    /// services: a lower bound of the plan's disturbed routes, met exactly when the routing takes every such route
    /// again (the routing subproblem tries that first); unkeepable routes are constants.
    /// </summary>
    private (string Term, long Bound) DisruptionTerm(Objective objective)
    {
        var reference = objective.Reference!;
        if (objective.Metric == ObjectiveMetric.MovedReplicas)
        {
            var moved = program.Services.Where(s => reference.Placements.ContainsKey(s.Name)).Select(s =>
            {
                var old = reference.NodesOf(s.Name);
                var kept = facts.Candidates[s.Name].Where(n => old.Contains(n.Name)).ToList();
                var least = Math.Max(0, Math.Min(old.Count, s.Replicas) - Math.Min(kept.Count, s.Replicas));
                return (Term: Smt.Minus(Smt.Int(Math.Min(old.Count, s.Replicas)), Smt.Sum(kept.Select(n => Smt.Indicator(Hosts(s.Name, n.Name))))), Bound: (long)least);
            }).ToList();
            return (Smt.Sum(moved.Select(m => m.Term)), moved.Sum(m => m.Bound));
        }
        var routes = ReferenceRoutes.Of(program, this.routes)!;
        var terms = routes.Routes.Select(r =>
        {
            var flow = program.Flow(r.Flow);
            return routes.Links(r.Flow, r.SourceNode, r.TargetNode) is null
                ? "1"
                : Smt.Ite(Smt.And(Hosts(flow.Source, r.SourceNode), Hosts(flow.Target, r.TargetNode)), "0", "1");
        }).ToList();
        return (Smt.Sum(terms), terms.Count(t => t == "1"));
    }
}
