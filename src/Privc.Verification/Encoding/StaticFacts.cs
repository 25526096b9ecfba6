using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;
using Privc.Verification.Restrictions;

namespace Privc.Verification.Encoding;

/// <summary>What the encoder may assume about one flow before solving: the devices and links a route may use.</summary>
public sealed record FlowNetwork(
    Flow Flow,
    ImmutableHashSet<string> AllowedDevices,
    ImmutableArray<DirectedLink> Links,
    ImmutableArray<string> Devices,
    long? MaxLatency,
    int? MaxHops,
    ImmutableArray<WaypointRestriction> Waypoints,
    ImmutableArray<LatencyRestriction> LatencyBounds,
    ImmutableArray<HopRestriction> HopBounds);

/// <summary>
/// Static facts computed from the topology and the active intents' restrictions before encoding
/// (specs/encoding.md, "Pruning"): the candidate nodes of every service and the usable sub-network of every flow.
/// Pruning removes only what no configuration satisfying the active intents can use, and records which intents
/// removed something, so that unsat-core extraction can account for constraints that never reached the solver.
/// </summary>
public sealed class StaticFacts
{
    private readonly TopologyModel topology;
    private readonly bool pruneByIntents;
    private readonly SortedSet<string> pruning = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FlowNetwork> networkOfKey = new(StringComparer.Ordinal);
    private readonly Dictionary<Restriction, int> restrictionNumbers = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, int> deviceSetNumbers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> deviceSetOfService = new(StringComparer.Ordinal);

    /// <param name="program">The bound program whose services and flows are placed and routed.</param>
    /// <param name="topology">The topology they are placed on.</param>
    /// <param name="active">The intents in force (all of them, or a subset when an unsat core is minimised).</param>
    /// <param name="pruneByIntents">
    /// When false only structural facts prune (a replica must fit a node, a link must carry the flow's bandwidth,
    /// a link must lie between the flow's possible endpoints); the intents' own conditions are left to the encoder to
    /// assert (<see cref="EncodingOptions.PruneByIntents"/>). The waypoints and bounds of route intents are collected
    /// either way.
    /// </param>
    public StaticFacts(BoundProgram program, TopologyModel topology, ImmutableArray<Intent> active, bool pruneByIntents = true)
    {
        this.topology = topology;
        this.pruneByIntents = pruneByIntents;
        Restrictions = new ProgramRestrictions(active);
        Candidates = program.Services.ToImmutableDictionary(s => s.Name, ComputeCandidates, StringComparer.Ordinal);
        Networks = program.Flows.ToImmutableDictionary(f => f.Name, ComputeNetwork, StringComparer.Ordinal);
        PruningIntents = pruning.ToImmutableSortedSet(StringComparer.Ordinal);
    }

    /// <summary>The active intents' restrictions.</summary>
    public ProgramRestrictions Restrictions { get; }

    /// <summary>Nodes each service may use, in topology order.</summary>
    public ImmutableDictionary<string, ImmutableArray<ComputeNode>> Candidates { get; }

    public ImmutableDictionary<string, FlowNetwork> Networks { get; }

    /// <summary>Active intents whose conditions were applied by pruning rather than asserted.</summary>
    public ImmutableSortedSet<string> PruningIntents { get; }

    private ImmutableArray<ComputeNode> ComputeCandidates(Service service)
    {
        // Structural: a single replica must fit the node (W2).
        var nodes = topology.Nodes.Where(n => service.CpuMillis <= n.CpuMillis && service.MemoryBytes <= n.MemoryBytes).ToList();
        var filter = new NodeFilter(service);
        foreach (var restriction in pruneByIntents ? Restrictions.OnService(service.Name) : [])
        {
            if (restriction.Accept(filter) is not { } allows)
            {
                continue;
            }
            var after = nodes.Where(allows).ToList();
            if (after.Count < nodes.Count)
            {
                pruning.Add(restriction.Origin.Name);
            }
            nodes = after;
        }
        return nodes.ToImmutableArray();
    }

    /// <summary>Which nodes a restriction leaves a service (null: it does not rule nodes out one by one).</summary>
    private sealed class NodeFilter(Service service) : IRestrictionVisitor<Func<ComputeNode, bool>?>
    {
        public Func<ComputeNode, bool>? VisitNode(NodeRestriction restriction) => restriction.Allows;

        public Func<ComputeNode, bool>? VisitSeparation(SeparationRestriction restriction) =>
            restriction.NeedsDefinedScope(service) ? n => n.Attributes.ContainsKey(restriction.Scope.Key!) : null;

        public Func<ComputeNode, bool>? VisitColocation(ColocationRestriction restriction) =>
            restriction.NeedsDefinedScope(service) ? n => n.Attributes.ContainsKey(restriction.Scope.Key!) : null;

        /// <summary>Dedication and spread relate nodes to each other; no node is out on its own.</summary>
        public Func<ComputeNode, bool>? VisitDedication(DedicationRestriction restriction) => null;

        public Func<ComputeNode, bool>? VisitSpread(SpreadRestriction restriction) => null;

        // Route restrictions concern flows, not services.
        public Func<ComputeNode, bool>? VisitRouteDevices(RouteDeviceRestriction restriction) => null;

        public Func<ComputeNode, bool>? VisitRouteLinks(RouteLinkRestriction restriction) => null;

        public Func<ComputeNode, bool>? VisitLatency(LatencyRestriction restriction) => null;

        public Func<ComputeNode, bool>? VisitHops(HopRestriction restriction) => null;

        public Func<ComputeNode, bool>? VisitWaypoints(WaypointRestriction restriction) => null;
    }

    /// <summary>What one flow's restrictions say about its usable network, gathered by kind.</summary>
    private sealed class NetworkRules : IRestrictionVisitor<bool>
    {
        public List<RouteDeviceRestriction> Devices { get; } = [];

        public List<RouteLinkRestriction> Links { get; } = [];

        public List<LatencyRestriction> Latencies { get; } = [];

        public List<HopRestriction> Hops { get; } = [];

        public List<WaypointRestriction> Waypoints { get; } = [];

        public bool VisitRouteDevices(RouteDeviceRestriction restriction)
        {
            Devices.Add(restriction);
            return true;
        }

        public bool VisitRouteLinks(RouteLinkRestriction restriction)
        {
            Links.Add(restriction);
            return true;
        }

        public bool VisitLatency(LatencyRestriction restriction)
        {
            Latencies.Add(restriction);
            return true;
        }

        public bool VisitHops(HopRestriction restriction)
        {
            Hops.Add(restriction);
            return true;
        }

        public bool VisitWaypoints(WaypointRestriction restriction)
        {
            Waypoints.Add(restriction);
            return true;
        }

        // Placement restrictions do not shape a flow's network.
        public bool VisitNode(NodeRestriction restriction) => false;

        public bool VisitSeparation(SeparationRestriction restriction) => false;

        public bool VisitColocation(ColocationRestriction restriction) => false;

        public bool VisitDedication(DedicationRestriction restriction) => false;

        public bool VisitSpread(SpreadRestriction restriction) => false;
    }

    /// <summary>
    /// A flow's network depends only on its restrictions, its bandwidth and the devices its endpoints' candidates are
    /// attached to; flows equal in all three share one computation (most flows, when a core test leaves their
    /// services unconstrained: the 1,000-device benchmark has about a thousand flows and a handful of networks).
    /// </summary>
    private FlowNetwork ComputeNetwork(Flow flow)
    {
        var key = string.Join(",", Restrictions.OnFlow(flow.Name).Select(RestrictionNumber))
            + "|" + flow.BandwidthBps.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + "|" + DeviceSetNumber(flow.Source) + "|" + DeviceSetNumber(flow.Target);
        if (!networkOfKey.TryGetValue(key, out var network))
        {
            network = networkOfKey[key] = ComputeNetworkOnce(flow);
        }
        return network.Flow == flow ? network : network with { Flow = flow };
    }

    private int RestrictionNumber(Restriction restriction)
    {
        if (!restrictionNumbers.TryGetValue(restriction, out var number))
        {
            number = restrictionNumbers[restriction] = restrictionNumbers.Count;
        }
        return number;
    }

    /// <summary>A number per distinct set of devices that a service's candidates are attached to.</summary>
    private int DeviceSetNumber(string service)
    {
        if (!deviceSetOfService.TryGetValue(service, out var number))
        {
            var devices = string.Join("\n", Candidates[service].Select(n => n.Device).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            if (!deviceSetNumbers.TryGetValue(devices, out number))
            {
                number = deviceSetNumbers[devices] = deviceSetNumbers.Count;
            }
            deviceSetOfService[service] = number;
        }
        return number;
    }

    private FlowNetwork ComputeNetworkOnce(Flow flow)
    {
        var rules = new NetworkRules();
        foreach (var restriction in Restrictions.OnFlow(flow.Name))
        {
            restriction.Accept(rules);
        }
        var deviceRules = pruneByIntents ? rules.Devices : [];
        var linkRules = pruneByIntents ? rules.Links : [];

        var allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var device in topology.Devices)
        {
            var ok = true;
            foreach (var rule in deviceRules.Where(r => !r.Allows(device)))
            {
                pruning.Add(rule.Origin.Name);
                ok = false;
            }
            if (ok)
            {
                allowed.Add(device.Name);
            }
        }
        var usable = new List<DirectedLink>();
        foreach (var link in topology.DirectedLinks)
        {
            if (!allowed.Contains(link.From) || !allowed.Contains(link.To) || flow.BandwidthBps > link.Link.BandwidthBps)
            {
                continue;
            }
            var ok = true;
            foreach (var rule in linkRules.Where(r => !r.Allows(link.Link)))
            {
                pruning.Add(rule.Origin.Name);
                ok = false;
            }
            if (ok)
            {
                usable.Add(link);
            }
        }

        long? maxLatency = rules.Latencies.Count > 0 && pruneByIntents ? rules.Latencies.Min(l => l.Micros) : null;
        int? maxHops = rules.Hops.Count > 0 && pruneByIntents ? rules.Hops.Min(h => h.Hops) : null;
        var sources = Candidates[flow.Source].Select(n => n.Device).Where(allowed.Contains).ToHashSet(StringComparer.Ordinal);
        var targets = Candidates[flow.Target].Select(n => n.Device).Where(allowed.Contains).ToHashSet(StringComparer.Ordinal);
        var relevant = RelevantLinks(usable, sources, targets, maxLatency, maxHops, out var boundPruned);
        if (boundPruned)
        {
            foreach (var bound in rules.Latencies.Select(l => l.Origin.Name).Concat(rules.Hops.Select(h => h.Origin.Name)))
            {
                pruning.Add(bound);
            }
        }
        var devices = relevant.SelectMany(l => new[] { l.From, l.To })
            .Concat(sources).Concat(targets)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToImmutableArray();
        return new FlowNetwork(flow, allowed.ToImmutableHashSet(StringComparer.Ordinal), relevant, devices, maxLatency, maxHops,
            [.. rules.Waypoints], [.. rules.Latencies], [.. rules.Hops]);
    }

    /// <summary>
    /// Keeps the links that lie on some source-to-target walk within the latency and hop bounds: a link u->v survives
    /// when dist(sources, u) + lat + dist(v, targets) is within the bound (and likewise for hops). Every simple path
    /// satisfying the bounds uses only such links, so nothing a compliant route needs is removed.
    /// </summary>
    private static ImmutableArray<DirectedLink> RelevantLinks(
        List<DirectedLink> links, HashSet<string> sources, HashSet<string> targets, long? maxLatency, int? maxHops, out bool boundPruned)
    {
        var fromSources = Distances(links, sources, forward: true, l => l.Link.LatencyMicros);
        var toTargets = Distances(links, targets, forward: false, l => l.Link.LatencyMicros);
        var hopsFrom = Distances(links, sources, forward: true, _ => 1);
        var hopsTo = Distances(links, targets, forward: false, _ => 1);
        var result = ImmutableArray.CreateBuilder<DirectedLink>();
        boundPruned = false;
        foreach (var link in links)
        {
            if (!fromSources.TryGetValue(link.From, out var ds) || !toTargets.TryGetValue(link.To, out var dt))
            {
                continue;
            }
            if (maxLatency is { } bound && ds + link.Link.LatencyMicros + dt > bound)
            {
                boundPruned = true;
                continue;
            }
            if (maxHops is { } hopBound && hopsFrom[link.From] + 1 + hopsTo[link.To] > hopBound)
            {
                boundPruned = true;
                continue;
            }
            result.Add(link);
        }
        return result.ToImmutable();
    }

    /// <summary>Multi-source Dijkstra over the usable links (forward from the sources, or backward to the targets).</summary>
    private static Dictionary<string, long> Distances(List<DirectedLink> links, HashSet<string> origins, bool forward, Func<DirectedLink, long> weight)
    {
        var adjacency = links.GroupBy(l => forward ? l.From : l.To, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var distance = new Dictionary<string, long>(StringComparer.Ordinal);
        var queue = new PriorityQueue<string, (long, string)>(Comparer<(long, string)>.Create((a, b) =>
            a.Item1 != b.Item1 ? a.Item1.CompareTo(b.Item1) : string.CompareOrdinal(a.Item2, b.Item2)));
        foreach (var origin in origins)
        {
            distance[origin] = 0;
            queue.Enqueue(origin, (0, origin));
        }
        while (queue.TryDequeue(out var device, out var priority))
        {
            if (priority.Item1 > distance[device] || !adjacency.TryGetValue(device, out var outgoing))
            {
                continue;
            }
            foreach (var link in outgoing)
            {
                var next = forward ? link.To : link.From;
                var candidate = priority.Item1 + weight(link);
                if (!distance.TryGetValue(next, out var known) || candidate < known)
                {
                    distance[next] = candidate;
                    queue.Enqueue(next, (candidate, next));
                }
            }
        }
        return distance;
    }
}
