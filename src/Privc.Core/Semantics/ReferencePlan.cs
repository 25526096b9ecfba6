using System.Collections.Immutable;

namespace Privc.Semantics;

/// <summary>One directed link of a reference route, as plan.json records it.</summary>
public sealed record ReferenceHop(string From, int FromPort, string To, int ToPort);

/// <summary>A route of the reference plan: flow, the nodes of its two replicas, and its links in order (empty when both are on one device).</summary>
public sealed record ReferenceRoute(string Flow, string SourceNode, string TargetNode, ImmutableArray<ReferenceHop> Hops)
{
    /// <summary>The route's identity across plans: the flow and its two endpoint nodes (specs/semantics.md section 10).</summary>
    public (string Flow, string Source, string Target) Key => (Flow, SourceNode, TargetNode);
}

/// <summary>
/// The plan a replan starts from (the previous output's plan.json): the nodes of every service and the route of every
/// flow's replica pair. Disruption objectives count how much of it a new plan keeps (specs/semantics.md section 10).
/// </summary>
public sealed record ReferencePlan(ImmutableSortedDictionary<string, ImmutableSortedSet<string>> Placements, ImmutableArray<ReferenceRoute> Routes)
{
    /// <summary>The nodes the reference gives a service (empty for a service it does not have).</summary>
    public ImmutableSortedSet<string> NodesOf(string service) =>
        Placements.TryGetValue(service, out var nodes) ? nodes : ImmutableSortedSet<string>.Empty.WithComparer(StringComparer.Ordinal);
}
