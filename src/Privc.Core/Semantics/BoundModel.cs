using System.Collections.Immutable;
using Privc.Text;

namespace Privc.Semantics;

/// <summary>The sensitivity lattice: a total order of levels, lowest first.</summary>
public sealed record SensitivityLattice(ImmutableArray<string> Levels)
{
    public static SensitivityLattice Default { get; } = new(["public", "internal", "confidential", "restricted"]);

    public int Rank(string level) => Levels.IndexOf(level);

    public string this[int rank] => Levels[rank];
}

public sealed record DataClass(string Name, string Level, int Rank, ImmutableArray<string> Tags, SourceLocation Location);

/// <summary>A data class as one service holds it: at its own level, or lowered by a declassification upstream.</summary>
public sealed record HeldData(string Data, int Rank, bool Declassified);

public sealed record Service(
    string Name,
    string Image,
    int Replicas,
    long CpuMillis,
    long MemoryBytes,
    ImmutableArray<int> Ports,
    string Tenant,
    string Namespace,
    string Clearance,
    int ClearanceRank,
    ImmutableArray<string> DeclaredHandles,
    ImmutableArray<HeldData> Holds,
    SourceLocation Location)
{
    /// <summary>Data this service handles at its full sensitivity (what data-centric intents constrain).</summary>
    public IEnumerable<string> HoldsUndeclassified => Holds.Where(h => !h.Declassified).Select(h => h.Data);

    /// <summary>How its container runs (probes, environment, volumes...); no part of the semantics.</summary>
    public ServiceRuntime Runtime { get; init; } = ServiceRuntime.None;
}

/// <summary>One data class on one flow, at the level the flow carries it.</summary>
public sealed record CarriedData(string Data, int Rank, bool Declassified);

public sealed record Flow(
    string Name,
    string Source,
    string Target,
    ImmutableArray<CarriedData> Carries,
    long BandwidthBps,
    int? Port,
    SourceLocation Location);

public enum SeparationScope
{
    Node,
    Label,
}

/// <summary>Where co-location or separation is judged: the node itself, or the value of a node attribute.</summary>
public sealed record Scope(SeparationScope Kind, string? Key)
{
    public static Scope Node { get; } = new(SeparationScope.Node, null);

    public override string ToString() => Kind == SeparationScope.Node ? "node" : Key!;
}

/// <summary>
/// A typed intent. Its condition is defined once, in specs/semantics.md, under the same kind name. The kinds form a
/// closed set: every stage that treats kinds differently implements <see cref="IIntentVisitor{T}"/>, so a new kind
/// that some stage does not handle fails the build instead of being ignored at run time.
/// </summary>
public abstract record Intent(string Name, SourceLocation Location)
{
    public abstract string Kind { get; }

    public abstract T Accept<T>(IIntentVisitor<T> visitor);
}

/// <summary>One method per intent kind; implemented by every stage that reads intents kind by kind.</summary>
public interface IIntentVisitor<out T>
{
    T VisitPlace(PlacementIntent intent);

    T VisitKeep(KeepIntent intent);

    T VisitSeparate(SeparateIntent intent);

    T VisitColocate(ColocateIntent intent);

    T VisitDedicate(DedicateIntent intent);

    T VisitSpread(SpreadIntent intent);

    T VisitRoute(RouteIntent intent);

    T VisitDeclassify(DeclassifyIntent intent);
}

/// <summary>Every replica of the services runs on a node satisfying <see cref="On"/>.</summary>
public sealed record PlacementIntent(string Name, SourceLocation Location, ImmutableArray<string> Services, Predicate On) : Intent(Name, Location)
{
    public override string Kind => "place";

    public override T Accept<T>(IIntentVisitor<T> visitor) => visitor.VisitPlace(this);
}

/// <summary>
/// The data stays within a region: every node hosting a service that holds it undeclassified, and every device on
/// a route of a flow carrying it undeclassified, satisfies <see cref="Within"/>; links on those routes satisfy
/// <see cref="OverLinks"/>.
/// </summary>
public sealed record KeepIntent(
    string Name,
    SourceLocation Location,
    ImmutableArray<string> Data,
    Predicate Within,
    Predicate? OverLinks,
    ImmutableArray<string> Services,
    ImmutableArray<string> Flows) : Intent(Name, Location)
{
    public override string Kind => "keep";

    public override T Accept<T>(IIntentVisitor<T> visitor) => visitor.VisitKeep(this);
}

/// <summary>No replica of a left service shares a scope (node or attribute value) with a replica of a right one.</summary>
public sealed record SeparateIntent(string Name, SourceLocation Location, ImmutableArray<string> Left, ImmutableArray<string> Right, Scope Scope) : Intent(Name, Location)
{
    public override string Kind => "separate";

    public override T Accept<T>(IIntentVisitor<T> visitor) => visitor.VisitSeparate(this);
}

/// <summary>Every replica of a left service shares its scope with some replica of each right service.</summary>
public sealed record ColocateIntent(string Name, SourceLocation Location, ImmutableArray<string> Left, ImmutableArray<string> Right, Scope Scope) : Intent(Name, Location)
{
    public override string Kind => "colocate";

    public override T Accept<T>(IIntentVisitor<T> visitor) => visitor.VisitColocate(this);
}

/// <summary>Nodes hosting the services host no service of another tenant.</summary>
public sealed record DedicateIntent(string Name, SourceLocation Location, ImmutableArray<string> Services) : Intent(Name, Location)
{
    public override string Kind => "dedicate";

    public override T Accept<T>(IIntentVisitor<T> visitor) => visitor.VisitDedicate(this);
}

/// <summary>The replicas of each service cover at least <see cref="MinDistinct"/> values of the attribute.</summary>
public sealed record SpreadIntent(string Name, SourceLocation Location, ImmutableArray<string> Services, string Key, int MinDistinct) : Intent(Name, Location)
{
    public override string Kind => "spread";

    public override T Accept<T>(IIntentVisitor<T> visitor) => visitor.VisitSpread(this);
}

/// <summary>Every route of the flows satisfies every constraint.</summary>
public sealed record RouteIntent(string Name, SourceLocation Location, ImmutableArray<string> Flows, ImmutableArray<PathConstraint> Constraints) : Intent(Name, Location)
{
    public override string Kind => "route";

    public override T Accept<T>(IIntentVisitor<T> visitor) => visitor.VisitRoute(this);
}

/// <summary>
/// Lowers the level of <see cref="Data"/> to <see cref="Level"/> on flows leaving <see cref="Via"/>. It is a typing
/// rule, so its condition on configurations is always true.
/// </summary>
public sealed record DeclassifyIntent(string Name, SourceLocation Location, string Data, string Level, int Rank, string Via) : Intent(Name, Location)
{
    public override string Kind => "declassify";

    public override T Accept<T>(IIntentVisitor<T> visitor) => visitor.VisitDeclassify(this);
}

/// <summary>A constraint on each route (a simple device path) of a flow; a closed set, read through <see cref="IPathConstraintVisitor{T}"/>.</summary>
public abstract record PathConstraint
{
    public abstract T Accept<T>(IPathConstraintVisitor<T> visitor);

    /// <summary>No device on the route satisfies the predicate (is known to fail it, in the three-valued reading).</summary>
    public sealed record AvoidDevices(Predicate Devices) : PathConstraint
    {
        public override T Accept<T>(IPathConstraintVisitor<T> visitor) => visitor.VisitAvoidDevices(this);
    }

    /// <summary>No link on the route satisfies the predicate (every link is known to fail it).</summary>
    public sealed record AvoidLinks(Predicate Links) : PathConstraint
    {
        public override T Accept<T>(IPathConstraintVisitor<T> visitor) => visitor.VisitAvoidLinks(this);
    }

    /// <summary>The route visits a device satisfying each predicate, in the order given.</summary>
    public sealed record Through(ImmutableArray<Predicate> Waypoints) : PathConstraint
    {
        public override T Accept<T>(IPathConstraintVisitor<T> visitor) => visitor.VisitThrough(this);
    }

    /// <summary>Every device on the route satisfies the predicate.</summary>
    public sealed record WithinDevices(Predicate Devices) : PathConstraint
    {
        public override T Accept<T>(IPathConstraintVisitor<T> visitor) => visitor.VisitWithinDevices(this);
    }

    /// <summary>Every link on the route satisfies the predicate.</summary>
    public sealed record OverLinks(Predicate Links) : PathConstraint
    {
        public override T Accept<T>(IPathConstraintVisitor<T> visitor) => visitor.VisitOverLinks(this);
    }

    /// <summary>The sum of link latencies on the route is at most the bound.</summary>
    public sealed record MaxLatency(long Micros) : PathConstraint
    {
        public override T Accept<T>(IPathConstraintVisitor<T> visitor) => visitor.VisitMaxLatency(this);
    }

    /// <summary>The route has at most this many links.</summary>
    public sealed record MaxHops(int Hops) : PathConstraint
    {
        public override T Accept<T>(IPathConstraintVisitor<T> visitor) => visitor.VisitMaxHops(this);
    }
}

/// <summary>One method per path constraint kind.</summary>
public interface IPathConstraintVisitor<out T>
{
    T VisitAvoidDevices(PathConstraint.AvoidDevices constraint);

    T VisitAvoidLinks(PathConstraint.AvoidLinks constraint);

    T VisitThrough(PathConstraint.Through constraint);

    T VisitWithinDevices(PathConstraint.WithinDevices constraint);

    T VisitOverLinks(PathConstraint.OverLinks constraint);

    T VisitMaxLatency(PathConstraint.MaxLatency constraint);

    T VisitMaxHops(PathConstraint.MaxHops constraint);
}

public enum ObjectiveMetric
{
    TotalLatency,
    MaxLatency,
    Cost,
    Nodes,
    Prefer,

    /// <summary>Replan's first disruption measure: replicas not kept on a node of the reference plan (specs/semantics.md section 10).</summary>
    MovedReplicas,

    /// <summary>Replan's second disruption measure: routes of the reference plan not kept, same nodes and same links (specs/semantics.md section 10).</summary>
    DisturbedRoutes,

    /// <summary>
    /// The number of links over every route of every flow. No syntax writes it: it is the first of the implicit
    /// short-route tie-breakers (<see cref="ShortRoutes"/>, specs/semantics.md section 6.1).
    /// </summary>
    TotalHops,
}

/// <summary>An objective; objectives are optimised lexicographically in declaration order.</summary>
public sealed record Objective(string Name, SourceLocation Location, ObjectiveMetric Metric, Predicate? Prefer)
{
    /// <summary>The plan a disruption objective (<see cref="ObjectiveMetric.MovedReplicas"/>, <see cref="ObjectiveMetric.DisturbedRoutes"/>) measures change against; null for the others.</summary>
    public ReferencePlan? Reference { get; init; }
}

/// <summary>The typed program the later stages consume: declarations, intents and objectives, names sorted.</summary>
public sealed record BoundProgram(
    SensitivityLattice Lattice,
    ImmutableArray<DataClass> Data,
    ImmutableArray<Service> Services,
    ImmutableArray<Flow> Flows,
    ImmutableArray<Intent> Intents,
    ImmutableArray<Objective> Objectives)
{
    public Service Service(string name) => Services.First(s => s.Name == name);

    public Flow Flow(string name) => Flows.First(f => f.Name == name);

    /// <summary>Parties outside the program that <see cref="ExternalFlows"/> name, sorted by name.</summary>
    public ImmutableArray<ExternalEndpoint> Externals { get; init; } = [];

    /// <summary>
    /// Flows between a service and an external endpoint, sorted by name. They are not in <see cref="Flows"/>: they have
    /// no route privc chooses or proves (the endpoint is not in the topology), so only isolation (W5) and data-flow
    /// typing concern them (specs/semantics.md).
    /// </summary>
    public ImmutableArray<Flow> ExternalFlows { get; init; } = [];

    /// <summary>The external endpoint of this name, or null when the name is a service's (or nothing's).</summary>
    public ExternalEndpoint? External(string name) => Externals.FirstOrDefault(e => e.Name == name);
}
