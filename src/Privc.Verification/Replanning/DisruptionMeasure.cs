using System.Collections.Immutable;
using Privc.Checking;
using Privc.Semantics;

namespace Privc.Verification.Replanning;

/// <summary>
/// Disruption of a configuration against a reference plan, counted exactly as specs/semantics.md section 10 defines
/// it: the two measures replan minimises, evaluated directly on a plan (no solver), so that what the solver claims can
/// be compared with what the plan does.
/// </summary>
public static class DisruptionMeasure
{
    /// <summary>
    /// moved(C) = sum over the services the program and the reference share of min(|ref(s)|, replicas(s)) - |ref(s) ∩
    /// place(s)|: a replica counts as moved when it is no longer on a node the reference gave its service. Growth is
    /// new replicas, not moves; shrinking is removal, not a move.
    /// </summary>
    public static long Moved(BoundProgram program, ReferencePlan reference, Func<string, IEnumerable<string>> nodesOf, IReadOnlySet<string>? services = null) =>
        program.Services.Where(s => services is null || services.Contains(s.Name)).Sum(s =>
        {
            var old = reference.NodesOf(s.Name);
            var kept = nodesOf(s.Name).Count(old.Contains);
            return (long)Math.Max(0, Math.Min(old.Count, s.Replicas) - kept);
        });

    /// <summary>The reference routes of flows the program still declares: the routes whose keeping is measured.</summary>
    public static IEnumerable<ReferenceRoute> MeasuredRoutes(BoundProgram program, ReferencePlan reference)
    {
        var flows = program.Flows.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        return reference.Routes.Where(r => flows.Contains(r.Flow));
    }

    /// <summary>
    /// disturbed(C) = the number of measured reference routes that C does not keep: C has no route of the same flow
    /// between the same two nodes over the same directed links, in the same order.
    /// </summary>
    public static long Disturbed(BoundProgram program, ReferencePlan reference, IEnumerable<Route> routes, IReadOnlySet<string>? services = null)
    {
        var byKey = routes.GroupBy(r => (r.Flow, r.SourceNode, r.TargetNode)).ToDictionary(g => g.Key, g => g.First());
        return MeasuredRoutes(program, reference)
            .Where(r => services is null || services.Contains(program.Flow(r.Flow).Source))
            .Count(r => !byKey.TryGetValue(r.Key, out var route) || !SameLinks(r, route));
    }

    /// <summary>Both routes take the same directed links in the same order (ports included).</summary>
    public static bool SameLinks(ReferenceRoute reference, Route route) =>
        reference.Hops.Length == route.Hops.Length
        && reference.Hops.Zip(route.Hops).All(p => p.First.From == p.Second.From && p.First.FromPort == p.Second.FromPort && p.First.To == p.Second.To && p.First.ToPort == p.Second.ToPort);

    /// <summary>A plan as the reference of the next replan.</summary>
    public static ReferencePlan ReferenceOf(Configuration plan) => new(
        plan.Placements.ToImmutableSortedDictionary(p => p.Service, p => p.Nodes.ToImmutableSortedSet(StringComparer.Ordinal), StringComparer.Ordinal),
        plan.Routes.Select(r => new ReferenceRoute(r.Flow, r.SourceNode, r.TargetNode, r.Hops.Select(h => new ReferenceHop(h.From, h.FromPort, h.To, h.ToPort)).ToImmutableArray())).ToImmutableArray());
}
