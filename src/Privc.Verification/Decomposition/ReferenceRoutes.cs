using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Verification.Replanning;

namespace Privc.Verification.Decomposition;

/// <summary>
/// The reference plan's routes as the decomposed solver sees them (specs/encoding.md section 15.1): for each measured
/// route, its directed links when it is still a compliant route of its flow on the current topology (keepable), or
/// null when no plan can take it again (a link is gone or forbidden, a bound or waypoint fails). Keepability depends
/// on the route alone, never on the placement, so the master can count unkeepable routes as constants.
/// </summary>
public sealed class ReferenceRoutes
{
    private readonly Dictionary<(string Flow, string Source, string Target), ImmutableArray<int>?> links = new();

    private ReferenceRoutes(BoundProgram program, ReferencePlan reference, RouteFacts facts)
    {
        var index = facts.Index;
        var byEnds = index.Topology.DirectedLinks.ToDictionary(l => (l.From, l.FromPort, l.To, l.ToPort), l => l.Id);
        foreach (var route in DisruptionMeasure.MeasuredRoutes(program, reference))
        {
            links[route.Key] = Keepable(route, facts.Conditions[route.Flow], byEnds, index);
        }
        Routes = DisruptionMeasure.MeasuredRoutes(program, reference).ToImmutableArray();
        ClassOf = Routes.Select(r => r.Flow).Distinct(StringComparer.Ordinal).ToImmutableDictionary(f => f, f => facts.FlowClass[f], StringComparer.Ordinal);
    }

    /// <summary>The route condition class of each measured route's flow: what keepability was judged against.</summary>
    public ImmutableDictionary<string, int> ClassOf { get; }

    /// <summary>The measured routes, in the reference's order.</summary>
    public ImmutableArray<ReferenceRoute> Routes { get; }

    /// <summary>The routes of the program's disturbed-routes objective, or null when it has none.</summary>
    public static ReferenceRoutes? Of(BoundProgram program, RouteFacts facts) =>
        program.Objectives.FirstOrDefault(o => o.Metric == ObjectiveMetric.DisturbedRoutes)?.Reference is { } reference
            ? new ReferenceRoutes(program, reference, facts)
            : null;

    /// <summary>The links of the keepable reference route of this flow between these nodes; null when there is none or it cannot be kept.</summary>
    public ImmutableArray<int>? Links(string flow, string source, string target) => links.GetValueOrDefault((flow, source, target));

    /// <summary>
    /// The routes a placement cannot keep whatever the routing: the lower bound of section 15.1 (unkeepable routes, and
    /// routes whose endpoints it does not host), over the flows whose source is among <paramref name="services"/>.
    /// </summary>
    public long LowerBound(BoundProgram program, Func<string, IEnumerable<string>> nodesOf, IReadOnlySet<string>? services) =>
        Routes.Where(r => services is null || services.Contains(program.Flow(r.Flow).Source)).Count(r =>
        {
            var flow = program.Flow(r.Flow);
            return Links(r.Flow, r.SourceNode, r.TargetNode) is null || !nodesOf(flow.Source).Contains(r.SourceNode) || !nodesOf(flow.Target).Contains(r.TargetNode);
        });

    /// <summary>
    /// The pin of a coincidence class: the links of a keepable reference route of one of its items, read in the
    /// class's direction, provided they meet the whole class's condition (every item of the class shares the route).
    /// </summary>
    public Func<CoincidenceClass, ImmutableArray<int>?> PinFor(NetworkIndex index) => routeClass =>
    {
        foreach (var (item, forward) in routeClass.Items)
        {
            if (Links(item.Flow.Name, item.Source.Name, item.Target.Name) is not { } own)
            {
                continue;
            }
            var oriented = forward ? own : own.Reverse().Select(l => index.Reverse[l]).ToImmutableArray();
            if (Meets(oriented, routeClass.Condition, index, index.Device(routeClass.From.Device), index.Device(routeClass.To.Device)))
            {
                return oriented;
            }
        }
        return null;
    };

    private static bool Meets(ImmutableArray<int> ids, RouteCondition condition, NetworkIndex index, int from, int to)
    {
        var devices = new List<int> { from };
        foreach (var id in ids)
        {
            if (!condition.Links[id] || index.LinkFrom[id] != devices[^1])
            {
                return false;
            }
            devices.Add(index.LinkTo[id]);
        }
        var latency = ids.Sum(id => index.LinkLatency[id]);
        return devices[^1] == to && devices.Distinct().Count() == devices.Count && devices.All(d => condition.Devices[d])
            && (condition.MaxLatency is not { } max || latency <= max) && (condition.MaxHops is not { } hops || ids.Length <= hops)
            && condition.Chains.All(chain => Visits(devices, chain));
    }

    private static ImmutableArray<int>? Keepable(ReferenceRoute route, RouteCondition condition, Dictionary<(string, int, string, int), int> byEnds, NetworkIndex index)
    {
        var source = index.Topology.Nodes.FirstOrDefault(n => n.Name == route.SourceNode);
        var target = index.Topology.Nodes.FirstOrDefault(n => n.Name == route.TargetNode);
        if (source is null || target is null)
        {
            return null;
        }
        if (route.SourceNode == route.TargetNode)
        {
            return route.Hops.IsEmpty ? ImmutableArray<int>.Empty : null;
        }
        var ids = new List<int>();
        foreach (var hop in route.Hops)
        {
            if (!byEnds.TryGetValue((hop.From, hop.FromPort, hop.To, hop.ToPort), out var id))
            {
                return null;
            }
            ids.Add(id);
        }
        var links = ids.ToImmutableArray();
        return Meets(links, condition, index, index.Device(source.Device), index.Device(target.Device)) ? links : null;
    }

    /// <summary>The devices pass the chain's waypoints in order (each waypoint a set of devices), as the route search reads chains.</summary>
    private static bool Visits(List<int> devices, ImmutableArray<bool[]> chain)
    {
        var stage = 0;
        foreach (var device in devices)
        {
            if (stage < chain.Length && chain[stage][device])
            {
                stage++;
            }
        }
        return stage == chain.Length;
    }
}
