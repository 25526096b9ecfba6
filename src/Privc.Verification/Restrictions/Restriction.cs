using System.Collections.Immutable;
using System.Globalization;
using Privc.Semantics;
using Privc.Topology;
using Privc.TypeSystem;

namespace Privc.Verification.Restrictions;

/// <summary>
/// One thing an intent restricts, in the vocabulary every later stage shares: the nodes a service may use, the
/// devices and links a flow's routes may use, bounds and waypoints on those routes, and relations between the
/// placements of services. <see cref="IntentRestrictions"/> derives them from the bound intents, once; pruning, the
/// encoder, conflict explanations, the summary, both emitters, the LLM judge and the English rendering all read
/// them. The kinds form a closed set: a stage that treats kinds differently implements
/// <see cref="IRestrictionVisitor{T}"/>, so a new kind it does not handle fails the build. (The independent checker
/// reads the intents themselves, on purpose: it is the second reading of specs/semantics.md.)
/// </summary>
public abstract record Restriction(Intent Origin)
{
    public abstract T Accept<T>(IRestrictionVisitor<T> visitor);

    /// <summary>The services whose placement this restricts (both sides of a relation).</summary>
    public abstract ImmutableArray<string> Services { get; }

    /// <summary>The flows whose routes this restricts.</summary>
    public abstract ImmutableArray<string> Flows { get; }

    /// <summary>A short phrase for people, e.g. <c>jurisdiction == AU</c> or <c>avoid devices where trust &lt; medium</c>.</summary>
    public abstract string Describe();

    /// <summary>The condition without the intent's name: equal texts mean equal conditions.</summary>
    public abstract string Canonical { get; }

    protected static string Print(Predicate predicate) => PredicatePrinter.Print(predicate);

    protected static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One method per restriction kind.</summary>
public interface IRestrictionVisitor<out T>
{
    T VisitNode(NodeRestriction restriction);

    T VisitRouteDevices(RouteDeviceRestriction restriction);

    T VisitRouteLinks(RouteLinkRestriction restriction);

    T VisitLatency(LatencyRestriction restriction);

    T VisitHops(HopRestriction restriction);

    T VisitWaypoints(WaypointRestriction restriction);

    T VisitSeparation(SeparationRestriction restriction);

    T VisitColocation(ColocationRestriction restriction);

    T VisitDedication(DedicationRestriction restriction);

    T VisitSpread(SpreadRestriction restriction);
}

/// <summary>Every replica of <see cref="Service"/> runs on a node where <see cref="Condition"/> is known to hold.</summary>
public sealed record NodeRestriction(Intent Origin, string Service, Predicate Condition) : Restriction(Origin)
{
    public bool Allows(ComputeNode node) => PredicateEvaluator.IsTrue(Condition, node);

    public override T Accept<T>(IRestrictionVisitor<T> visitor) => visitor.VisitNode(this);

    public override ImmutableArray<string> Services => [Service];

    public override ImmutableArray<string> Flows => [];

    public override string Describe() => Print(Condition);

    public override string Canonical => $"node {Service}: {Print(Condition)}";
}

/// <summary>
/// Every device on every route of <see cref="Flow"/> is known to satisfy <see cref="Condition"/>, or, when
/// <see cref="Avoid"/>, known to fail it.
/// </summary>
public sealed record RouteDeviceRestriction(Intent Origin, string Flow, Predicate Condition, bool Avoid) : Restriction(Origin)
{
    public bool Allows(NetworkDevice device) =>
        Avoid ? PredicateEvaluator.IsFalse(Condition, device) : PredicateEvaluator.IsTrue(Condition, device);

    public override T Accept<T>(IRestrictionVisitor<T> visitor) => visitor.VisitRouteDevices(this);

    public override ImmutableArray<string> Services => [];

    public override ImmutableArray<string> Flows => [Flow];

    public override string Describe() => (Avoid ? "avoid devices where " : "devices where ") + Print(Condition);

    public override string Canonical => $"devices {Flow}: {(Avoid ? "avoid" : "only")} {Print(Condition)}";
}

/// <summary>Every link on every route of <see cref="Flow"/> is known to satisfy <see cref="Condition"/> (known to fail it, when <see cref="Avoid"/>).</summary>
public sealed record RouteLinkRestriction(Intent Origin, string Flow, Predicate Condition, bool Avoid) : Restriction(Origin)
{
    public bool Allows(NetworkLink link) =>
        Avoid ? PredicateEvaluator.IsFalse(Condition, link) : PredicateEvaluator.IsTrue(Condition, link);

    public override T Accept<T>(IRestrictionVisitor<T> visitor) => visitor.VisitRouteLinks(this);

    public override ImmutableArray<string> Services => [];

    public override ImmutableArray<string> Flows => [Flow];

    public override string Describe() => (Avoid ? "avoid links where " : "links where ") + Print(Condition);

    public override string Canonical => $"links {Flow}: {(Avoid ? "avoid" : "only")} {Print(Condition)}";
}

/// <summary>Every route of <see cref="Flow"/> has a latency of at most <see cref="Micros"/>.</summary>
public sealed record LatencyRestriction(Intent Origin, string Flow, long Micros) : Restriction(Origin)
{
    public override T Accept<T>(IRestrictionVisitor<T> visitor) => visitor.VisitLatency(this);

    public override ImmutableArray<string> Services => [];

    public override ImmutableArray<string> Flows => [Flow];

    public override string Describe() => "latency <= " + Units.FormatMillis(Micros);

    public override string Canonical => $"latency {Flow}: {Number(Micros)}";
}

/// <summary>Every route of <see cref="Flow"/> has at most <see cref="Hops"/> links.</summary>
public sealed record HopRestriction(Intent Origin, string Flow, int Hops) : Restriction(Origin)
{
    public override T Accept<T>(IRestrictionVisitor<T> visitor) => visitor.VisitHops(this);

    public override ImmutableArray<string> Services => [];

    public override ImmutableArray<string> Flows => [Flow];

    public override string Describe() => "hops <= " + Number(Hops);

    public override string Canonical => $"hops {Flow}: {Number(Hops)}";
}

/// <summary>Every route of <see cref="Flow"/> passes devices known to satisfy each waypoint, in order.</summary>
public sealed record WaypointRestriction(Intent Origin, string Flow, ImmutableArray<Predicate> Chain) : Restriction(Origin)
{
    public static bool IsWaypoint(Predicate waypoint, NetworkDevice device) => PredicateEvaluator.IsTrue(waypoint, device);

    public override T Accept<T>(IRestrictionVisitor<T> visitor) => visitor.VisitWaypoints(this);

    public override ImmutableArray<string> Services => [];

    public override ImmutableArray<string> Flows => [Flow];

    public override string Describe() => "through " + string.Join(" then ", Chain.Select(w => "devices where " + Print(w)));

    public override string Canonical => $"through {Flow}: {string.Join(" then ", Chain.Select(Print))}";
}

/// <summary>
/// No replica of a <see cref="Left"/> service shares <see cref="Scope"/> with a replica of a different
/// <see cref="Right"/> service; a service on both sides keeps its own replicas apart. An undefined scope does not
/// separate.
/// </summary>
public sealed record SeparationRestriction(Intent Origin, ImmutableArray<string> Left, ImmutableArray<string> Right, Scope Scope) : Restriction(Origin)
{
    public override T Accept<T>(IRestrictionVisitor<T> visitor) => visitor.VisitSeparation(this);

    public override ImmutableArray<string> Services => Left.Union(Right).ToImmutableArray();

    public override ImmutableArray<string> Flows => [];

    public override string Describe() => $"separate by {Scope}";

    public override string Canonical => $"separate {{{Sorted(Left)}}} from {{{Sorted(Right)}}} by {Scope}";

    /// <summary>
    /// Whether the service's replicas need the scope defined: they have someone to be kept apart from (another
    /// service on the other side, or their own replicas when the service is on both sides).
    /// </summary>
    public bool NeedsDefinedScope(Service service)
    {
        if (Scope.Kind != SeparationScope.Label)
        {
            return false;
        }
        var inLeft = Left.Contains(service.Name);
        var inRight = Right.Contains(service.Name);
        return (inLeft && Right.Any(r => r != service.Name))
            || (inRight && Left.Any(l => l != service.Name))
            || (inLeft && inRight && service.Replicas >= 2);
    }

    internal static string Sorted(IEnumerable<string> names) => string.Join(",", names.Order(StringComparer.Ordinal));
}

/// <summary>Every replica of a <see cref="Left"/> service shares <see cref="Scope"/> with some replica of each other <see cref="Right"/> service.</summary>
public sealed record ColocationRestriction(Intent Origin, ImmutableArray<string> Left, ImmutableArray<string> Right, Scope Scope) : Restriction(Origin)
{
    public override T Accept<T>(IRestrictionVisitor<T> visitor) => visitor.VisitColocation(this);

    public override ImmutableArray<string> Services => Left.Union(Right).ToImmutableArray();

    public override ImmutableArray<string> Flows => [];

    public override string Describe() => $"colocate by {Scope}";

    public override string Canonical => $"colocate {{{SeparationRestriction.Sorted(Left)}}} with {{{SeparationRestriction.Sorted(Right)}}} by {Scope}";

    /// <summary>A left service with another service to join needs the scope defined on its nodes (sharing needs it on both).</summary>
    public bool NeedsDefinedScope(Service service) =>
        Scope.Kind == SeparationScope.Label && Left.Contains(service.Name) && Right.Any(r => r != service.Name);
}

/// <summary>Nodes hosting a <see cref="Dedicated"/> service host no service of another tenant.</summary>
public sealed record DedicationRestriction(Intent Origin, ImmutableArray<string> Dedicated) : Restriction(Origin)
{
    public override T Accept<T>(IRestrictionVisitor<T> visitor) => visitor.VisitDedication(this);

    public override ImmutableArray<string> Services => Dedicated;

    public override ImmutableArray<string> Flows => [];

    public override string Describe() => "dedicated nodes";

    public override string Canonical => $"dedicate {{{SeparationRestriction.Sorted(Dedicated)}}}";
}

/// <summary>The replicas of <see cref="Service"/> cover at least <see cref="MinDistinct"/> defined values of node attribute <see cref="Label"/>.</summary>
public sealed record SpreadRestriction(Intent Origin, string Service, string Label, int MinDistinct) : Restriction(Origin)
{
    public override T Accept<T>(IRestrictionVisitor<T> visitor) => visitor.VisitSpread(this);

    public override ImmutableArray<string> Services => [Service];

    public override ImmutableArray<string> Flows => [];

    public override string Describe() => $"spread across {Label} at least {Number(MinDistinct)}";

    public override string Canonical => $"spread {Service} across {Label} at least {Number(MinDistinct)}";
}
