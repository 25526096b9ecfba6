using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Verification.Encoding;

/// <summary>What the encoder may assume about one flow before solving: the devices and links a route may use.</summary>
public sealed record FlowNetwork(
    Flow Flow,
    ImmutableHashSet<string> AllowedDevices,
    ImmutableArray<DirectedLink> Links,
    ImmutableArray<string> Devices,
    long? MaxLatency,
    int? MaxHops,
    ImmutableArray<(RouteIntent Intent, ImmutableArray<Predicate> Chain)> Waypoints,
    ImmutableArray<(RouteIntent Intent, long Bound)> LatencyBounds,
    ImmutableArray<(RouteIntent Intent, int Bound)> HopBounds);

/// <summary>
/// Static facts computed from the topology and the active intents before encoding (specs/encoding.md, "Pruning"):
/// the candidate nodes of every service and the usable sub-network of every flow. Pruning removes only what no
/// configuration satisfying the active intents can use, and records which intents removed something, so that
/// unsat-core extraction can account for constraints that never reached the solver.
/// </summary>
public sealed class StaticFacts
{
    private readonly TopologyModel topology;
    private readonly BoundProgram program;
    private readonly ImmutableArray<Intent> active;
    private readonly bool pruneByIntents;
    private readonly SortedSet<string> pruning = new(StringComparer.Ordinal);

    /// <param name="pruneByIntents">
    /// When false only structural facts prune (a replica must fit a node, a link must carry the flow's bandwidth,
    /// a link must lie between the flow's possible endpoints); the intents' own conditions are left to the encoder to
    /// assert (<see cref="EncodingOptions.PruneByIntents"/>). The waypoints and bounds of route intents are collected
    /// either way.
    /// </param>
    public StaticFacts(BoundProgram program, TopologyModel topology, ImmutableArray<Intent> active, bool pruneByIntents = true)
    {
        this.program = program;
        this.topology = topology;
        this.active = active;
        this.pruneByIntents = pruneByIntents;
        Candidates = program.Services.ToImmutableDictionary(s => s.Name, ComputeCandidates, StringComparer.Ordinal);
        Networks = program.Flows.ToImmutableDictionary(f => f.Name, ComputeNetwork, StringComparer.Ordinal);
        PruningIntents = pruning.ToImmutableSortedSet(StringComparer.Ordinal);
    }

    /// <summary>Nodes each service may use, in topology order.</summary>
    public ImmutableDictionary<string, ImmutableArray<ComputeNode>> Candidates { get; }

    public ImmutableDictionary<string, FlowNetwork> Networks { get; }

    /// <summary>Active intents whose conditions were applied by pruning rather than asserted.</summary>
    public ImmutableSortedSet<string> PruningIntents { get; }

    private ImmutableArray<ComputeNode> ComputeCandidates(Service service)
    {
        // Structural: a single replica must fit the node (W2).
        IEnumerable<ComputeNode> nodes = topology.Nodes.Where(n => service.CpuMillis <= n.CpuMillis && service.MemoryBytes <= n.MemoryBytes);
        foreach (var intent in pruneByIntents ? active : [])
        {
            Func<ComputeNode, bool>? keep = intent switch
            {
                PlacementIntent p when p.Services.Contains(service.Name) => n => PredicateEvaluator.Evaluate(p.On, n),
                KeepIntent k when k.Services.Contains(service.Name) => n => PredicateEvaluator.Evaluate(k.Within, n),
                SeparateIntent s when s.Scope.Kind == SeparationScope.Label && NeedsDefinedScope(s, service) =>
                    n => n.Attributes.ContainsKey(s.Scope.Key!),
                ColocateIntent c when c.Scope.Kind == SeparationScope.Label && c.Left.Contains(service.Name) && c.Right.Any(r => r != service.Name) =>
                    n => n.Attributes.ContainsKey(c.Scope.Key!),
                _ => null,
            };
            if (keep is null)
            {
                continue;
            }
            var before = nodes.ToList();
            var after = before.Where(keep).ToList();
            if (after.Count < before.Count)
            {
                pruning.Add(intent.Name);
            }
            nodes = after;
        }
        return nodes.ToImmutableArray();
    }

    /// <summary>Separation by a label needs the label on every node of a service that has someone to be separated from.</summary>
    public static bool NeedsDefinedScope(SeparateIntent intent, Service service)
    {
        var inLeft = intent.Left.Contains(service.Name);
        var inRight = intent.Right.Contains(service.Name);
        if (inLeft && intent.Right.Any(r => r != service.Name))
        {
            return true;
        }
        if (inRight && intent.Left.Any(l => l != service.Name))
        {
            return true;
        }
        return inLeft && inRight && service.Replicas >= 2;
    }

    private FlowNetwork ComputeNetwork(Flow flow)
    {
        var deviceRules = new List<(string Intent, Func<NetworkDevice, bool> Allows)>();
        var linkRules = new List<(string Intent, Func<NetworkLink, bool> Allows)>();
        var waypoints = ImmutableArray.CreateBuilder<(RouteIntent, ImmutableArray<Predicate>)>();
        var latencies = ImmutableArray.CreateBuilder<(RouteIntent, long)>();
        var hops = ImmutableArray.CreateBuilder<(RouteIntent, int)>();
        foreach (var intent in active)
        {
            switch (intent)
            {
                case KeepIntent keep when keep.Flows.Contains(flow.Name) && pruneByIntents:
                    deviceRules.Add((keep.Name, d => PredicateEvaluator.Evaluate(keep.Within, d)));
                    if (keep.OverLinks is { } over)
                    {
                        linkRules.Add((keep.Name, l => PredicateEvaluator.Evaluate(over, l)));
                    }
                    break;
                case RouteIntent route when route.Flows.Contains(flow.Name):
                    foreach (var constraint in route.Constraints)
                    {
                        switch (constraint)
                        {
                            case PathConstraint.AvoidDevices or PathConstraint.WithinDevices or PathConstraint.AvoidLinks or PathConstraint.OverLinks when !pruneByIntents:
                                break;
                            case PathConstraint.AvoidDevices a:
                                deviceRules.Add((route.Name, d => !PredicateEvaluator.Evaluate(a.Devices, d)));
                                break;
                            case PathConstraint.WithinDevices w:
                                deviceRules.Add((route.Name, d => PredicateEvaluator.Evaluate(w.Devices, d)));
                                break;
                            case PathConstraint.AvoidLinks a:
                                linkRules.Add((route.Name, l => !PredicateEvaluator.Evaluate(a.Links, l)));
                                break;
                            case PathConstraint.OverLinks o:
                                linkRules.Add((route.Name, l => PredicateEvaluator.Evaluate(o.Links, l)));
                                break;
                            case PathConstraint.Through t:
                                waypoints.Add((route, t.Waypoints));
                                break;
                            case PathConstraint.MaxLatency m:
                                latencies.Add((route, m.Micros));
                                break;
                            case PathConstraint.MaxHops h:
                                hops.Add((route, h.Hops));
                                break;
                        }
                    }
                    break;
            }
        }

        var allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var device in topology.Devices)
        {
            var ok = true;
            foreach (var (intent, allows) in deviceRules)
            {
                if (!allows(device))
                {
                    pruning.Add(intent);
                    ok = false;
                }
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
            foreach (var (intent, allows) in linkRules)
            {
                if (!allows(link.Link))
                {
                    pruning.Add(intent);
                    ok = false;
                }
            }
            if (ok)
            {
                usable.Add(link);
            }
        }

        long? maxLatency = latencies.Count > 0 && pruneByIntents ? latencies.Min(l => l.Item2) : null;
        int? maxHops = hops.Count > 0 && pruneByIntents ? hops.Min(h => h.Item2) : null;
        var sources = Candidates[flow.Source].Select(n => n.Device).Where(allowed.Contains).ToHashSet(StringComparer.Ordinal);
        var targets = Candidates[flow.Target].Select(n => n.Device).Where(allowed.Contains).ToHashSet(StringComparer.Ordinal);
        var relevant = RelevantLinks(usable, sources, targets, maxLatency, maxHops, out var boundPruned);
        if (boundPruned)
        {
            foreach (var (intent, _) in latencies)
            {
                pruning.Add(intent.Name);
            }
            foreach (var (intent, _) in hops)
            {
                pruning.Add(intent.Name);
            }
        }
        var devices = relevant.SelectMany(l => new[] { l.From, l.To })
            .Concat(sources).Concat(targets)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToImmutableArray();
        return new FlowNetwork(flow, allowed.ToImmutableHashSet(StringComparer.Ordinal), relevant, devices, maxLatency, maxHops,
            waypoints.ToImmutable(), latencies.ToImmutable(), hops.ToImmutable());
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
