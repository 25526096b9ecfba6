using System.Collections.Immutable;
using Privc.Semantics;

namespace Privc.Llm.Equivalence;

/// <summary>
/// What a flow's routes must satisfy: a condition on every device and on every link, bounds, and waypoint chains.
/// Each waypoint already includes <see cref="Devices"/> (a waypoint is a device of the route, so it meets the device
/// condition too); chains implied by another chain, or by a non-empty route, are left out. <see cref="Hops"/> is the
/// explicit hop bound; the latency bound implies one more (rule R7), which comparisons take into account.
/// </summary>
public sealed record FlowForm(string Flow, Condition Devices, Condition Links, long? LatencyMicros, int? Hops, ImmutableArray<Chain> Chains, ImmutableSortedSet<string> BoundOrigins);

/// <summary>`through W1 then W2 ...`: the route visits devices meeting each waypoint, in this order.</summary>
public sealed record Chain(ImmutableArray<Predicate> Waypoints, ImmutableSortedSet<string> Origins)
{
    public string Describe() => string.Join(" then ", Waypoints.Select(w => "devices where " + Condition.Print(w)));
}

/// <summary>
/// A relation between the placements of two services. Separation is symmetric (<see cref="A"/> sorts first);
/// colocation is directed (every replica of A shares the scope with some replica of B). Scope is "node" or a node
/// label key.
/// </summary>
public sealed record Relation(string A, string B, string Scope, ImmutableSortedSet<string> Origins)
{
    public const string Node = "node";

    public string Key => $"{A} {B} {Scope}";
}

/// <summary>The replicas of a service cover at least <see cref="AtLeast"/> defined values of node label <see cref="Label"/>.</summary>
public sealed record SpreadForm(string Service, string Label, int AtLeast, ImmutableSortedSet<string> Origins)
{
    public string Key => $"{Service} {Label}";
}

/// <summary>An objective as it ranks configurations: its metric and, for `prefer`, the condition it counts.</summary>
public sealed record ObjectiveForm(string Name, ObjectiveMetric Metric, Predicate? Prefer);

/// <summary>
/// The meaning of a program's intents in a form that no longer depends on how they were written: what every
/// service's nodes must satisfy, what every flow's routes must satisfy, which services must be kept apart or
/// together, spreads, declassifications and objectives, closed under the implications listed in
/// specs/equivalence.md (section 3). Two programs over the same declarations whose normal forms agree component by
/// component are satisfied by the same configurations on every topology; <see cref="SymbolicEquivalence"/> compares
/// them.
/// </summary>
public sealed record NormalForm(
    ImmutableSortedDictionary<string, Condition> Nodes,
    ImmutableSortedDictionary<string, FlowForm> Flows,
    ImmutableSortedDictionary<string, Relation> Separations,
    ImmutableSortedDictionary<string, Relation> Colocations,
    ImmutableSortedDictionary<string, SpreadForm> Spreads,
    ImmutableSortedDictionary<string, string> Declassifications,
    ImmutableArray<ObjectiveForm> Objectives);
