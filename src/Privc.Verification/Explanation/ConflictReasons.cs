using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Verification.Restrictions;
using Privc.Topology;
using Privc.TypeSystem;

namespace Privc.Verification.Explanation;

/// <summary>
/// Says, in sentences grounded in the topology, why a minimal core cannot hold: too few eligible nodes, every route
/// crossing a forbidden device, the fastest allowed route above a latency bound. It reasons only about the core's
/// intents. Its sentences are explanations, not proofs: the proof is the unsat obligation in the certificate.
/// </summary>
internal static class ConflictReasons
{
    public static ImmutableArray<string> Explain(BoundProgram program, TopologyModel topology, ImmutableArray<Intent> core)
    {
        var reasons = new List<string>();
        var restrictions = new ProgramRestrictions(core);
        var eligible = program.Services.ToDictionary(s => s.Name, s => EligibleNodes(s, topology, restrictions), StringComparer.Ordinal);

        foreach (var service in program.Services)
        {
            var nodes = eligible[service.Name];
            if (nodes.Count >= service.Replicas)
            {
                continue;
            }
            var rules = restrictions.OnService(service.Name).OfType<NodeRestriction>().ToList();
            var because = rules.Count == 0
                ? $"its requests ({Units.Format(new Quantity(Dimension.Cpu, service.CpuMillis))} CPU, {Units.Format(new Quantity(Dimension.Memory, service.MemoryBytes))} memory)"
                : string.Join(" and ", rules.Select(r => $"{r.Origin.Name} ({r.Describe()})"));
            reasons.Add(nodes.Count == 0
                ? $"no node satisfies {because}, so service '{service.Name}' has nowhere to run"
                : $"service '{service.Name}' needs {service.Replicas} distinct nodes, but only {nodes.Count} satisfy {because}: {string.Join(", ", nodes.Select(n => n.Name))}");
        }

        foreach (var spread in restrictions.Of<SpreadRestriction>())
        {
            var name = spread.Service;
            var values = eligible[name].Select(n => n.Attributes.TryGetValue(spread.Label, out var v) ? v.ToString() : null).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
            if (values.Count < spread.MinDistinct)
            {
                reasons.Add($"the nodes '{name}' may use cover {values.Count} value(s) of {spread.Label} ({string.Join(", ", values)}), but {spread.Origin.Name} asks for at least {spread.MinDistinct}");
            }
        }

        var coupled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (f, g, opposite) in CoupledFlows(program, restrictions))
        {
            coupled.Add(f.Name);
            coupled.Add(g.Name);
            var portless = f.Port is null ? f : g;
            var other = portless == f ? g : f;
            reasons.Add(opposite
                ? $"flow '{portless.Name}' has no port, so switches cannot tell its packets from those of '{other.Name}' going the other way: between the same two nodes one must take the other's path in reverse (W3), and the intents on both ({string.Join(", ", RouteIntents(restrictions, f).Concat(RouteIntents(restrictions, g)).Distinct())}) rule every such path out; a port on '{portless.Name}' would let it go its own way"
                : $"flows '{f.Name}' and '{g.Name}' go between the same services{(f.Port is null || g.Port is null ? ", one without a port" : " on the same port")}, so switches cannot tell their packets apart: between the same two nodes they take one path (W3), and the intents on both ({string.Join(", ", RouteIntents(restrictions, f).Concat(RouteIntents(restrictions, g)).Distinct())}) rule every such path out");
        }

        foreach (var flow in program.Flows)
        {
            if (ExplainFlow(flow, topology, restrictions, eligible, coupled.Contains(flow.Name)) is { } reason)
            {
                reasons.Add(reason);
            }
        }

        if (reasons.Count == 0)
        {
            reasons.Add(core.IsEmpty
                ? DescribeStructural(program, topology)
                : $"the intents {string.Join(", ", core.Select(i => i.Name))} cannot all hold on topology '{topology.Name}' at once, although any {core.Length - 1} of them can");
        }
        return reasons.Distinct(StringComparer.Ordinal).ToImmutableArray();
    }

    private static List<ComputeNode> EligibleNodes(Service service, TopologyModel topology, ProgramRestrictions restrictions)
    {
        var rules = restrictions.OnService(service.Name).OfType<NodeRestriction>().ToList();
        return topology.Nodes.Where(n => service.CpuMillis <= n.CpuMillis && service.MemoryBytes <= n.MemoryBytes
            && rules.All(r => r.Allows(n))).ToList();
    }

    private sealed record DeviceRule(string Intent, string Text, Func<NetworkDevice, bool> Allows);

    private sealed record LinkRule(string Intent, string Text, Func<NetworkLink, bool> Allows);

    /// <summary>
    /// Pairs of flows whose routes W3 ties together (same services and direction with a port missing or shared, or
    /// opposite directions with a port missing) and that both have path intents in the core.
    /// </summary>
    private static IEnumerable<(Flow F, Flow G, bool Opposite)> CoupledFlows(BoundProgram program, ProgramRestrictions restrictions)
    {
        var flows = program.Flows.Where(f => RouteIntents(restrictions, f).Any()).ToList();
        for (var a = 0; a < flows.Count; a++)
        {
            for (var b = a + 1; b < flows.Count; b++)
            {
                var (f, g) = (flows[a], flows[b]);
                var portless = f.Port is null || g.Port is null;
                if (f.Source == g.Target && f.Target == g.Source && portless)
                {
                    yield return (f, g, true);
                }
                else if (f.Source == g.Source && f.Target == g.Target && (portless || f.Port == g.Port))
                {
                    yield return (f, g, false);
                }
            }
        }
    }

    private static IEnumerable<string> RouteIntents(ProgramRestrictions restrictions, Flow flow) =>
        restrictions.OnFlow(flow.Name).Select(r => r.Origin.Name).Distinct(StringComparer.Ordinal);

    private static string? ExplainFlow(Flow flow, TopologyModel topology, ProgramRestrictions restrictions, Dictionary<string, List<ComputeNode>> eligible, bool coupled)
    {
        var onFlow = restrictions.OnFlow(flow.Name).ToList();
        var deviceRules = onFlow.OfType<RouteDeviceRestriction>().Select(r => new DeviceRule(r.Origin.Name, r.Describe(), r.Allows)).ToList();
        var linkRules = onFlow.OfType<RouteLinkRestriction>().Select(r => new LinkRule(r.Origin.Name, r.Describe(), r.Allows)).ToList();
        var bounds = onFlow.OfType<LatencyRestriction>().Select(r => (Intent: r.Origin.Name, r.Micros)).ToList();
        var hopBounds = onFlow.OfType<HopRestriction>().Select(r => (Intent: r.Origin.Name, r.Hops)).ToList();
        var waypoints = onFlow.OfType<WaypointRestriction>().SelectMany(r => r.Chain.Select(w => (Intent: r.Origin.Name, Waypoint: w))).ToList();
        if (deviceRules.Count == 0 && linkRules.Count == 0 && bounds.Count == 0 && hopBounds.Count == 0 && waypoints.Count == 0)
        {
            return null;
        }
        var sources = eligible[flow.Source];
        var targets = eligible[flow.Target];
        if (sources.Count == 0 || targets.Count == 0)
        {
            return null;
        }

        bool DeviceAllowed(NetworkDevice d, IEnumerable<DeviceRule> rules) => rules.All(r => r.Allows(d));
        bool LinkAllowed(NetworkLink l, IEnumerable<LinkRule> rules) => rules.All(r => r.Allows(l)) && flow.BandwidthBps <= l.BandwidthBps;

        // Pick the closest pair of eligible endpoints on distinct nodes, by latency over the unrestricted network.
        var pairs = sources.SelectMany(s => targets.Where(t => t.Name != s.Name).Select(t => (Source: s, Target: t))).ToList();
        if (pairs.Count == 0)
        {
            return null;
        }
        (ComputeNode Source, ComputeNode Target, long Latency)? bestUnrestricted = null;
        (ComputeNode Source, ComputeNode Target, long Latency)? bestAllowed = null;
        // One shortest-path tree per source device and filter, not one search per pair: the pairs are the eligible
        // nodes squared (a million at 1,000 nodes), the source devices at most the nodes.
        var openTrees = new Dictionary<string, Dictionary<string, long>?>(StringComparer.Ordinal);
        var allowedTrees = new Dictionary<string, Dictionary<string, long>?>(StringComparer.Ordinal);
        foreach (var (s, t) in pairs)
        {
            var open = Lookup(openTrees, s.Device, t.Device, _ => true, l => flow.BandwidthBps <= l.BandwidthBps);
            if (open is { } o && (bestUnrestricted is null || o < bestUnrestricted.Value.Latency))
            {
                bestUnrestricted = (s, t, o);
            }
            var allowed = Lookup(allowedTrees, s.Device, t.Device, d => DeviceAllowed(d, deviceRules), l => LinkAllowed(l, linkRules));
            if (allowed is { } a && (bestAllowed is null || a < bestAllowed.Value.Latency))
            {
                bestAllowed = (s, t, a);
            }
        }
        if (bestUnrestricted is null)
        {
            return $"flow '{flow.Name}' cannot be routed: no eligible node of '{flow.Source}' is connected to an eligible node of '{flow.Target}'";
        }
        if (bestAllowed is null)
        {
            var (s, t, _) = bestUnrestricted.Value;
            var blockingDevices = topology.Devices.Where(d => !DeviceAllowed(d, deviceRules)).ToList();
            // Greedily shrink the set of forbidden devices to one that still cuts every route.
            foreach (var device in blockingDevices.ToList())
            {
                var trial = blockingDevices.Where(d => d != device).ToHashSet();
                if (ShortestLatency(topology, s.Device, t.Device, d => !trial.Contains(d), l => LinkAllowed(l, linkRules)) is null)
                {
                    blockingDevices.Remove(device);
                }
            }
            if (blockingDevices.Count > 0 && ShortestLatency(topology, s.Device, t.Device, d => !blockingDevices.Contains(d), l => flow.BandwidthBps <= l.BandwidthBps) is null)
            {
                var names = string.Join(", ", blockingDevices.Select(d => d.Name));
                var by = string.Join("; ", deviceRules.Where(r => blockingDevices.Any(d => !r.Allows(d))).Select(r => $"{r.Intent} ({r.Text})").Distinct());
                return $"every route of flow '{flow.Name}' from {s.Name} to {t.Name} crosses {names}, which {by} forbid{(blockingDevices.Count == 1 ? "s" : string.Empty)}";
            }
            var linkBy = string.Join("; ", linkRules.Select(r => $"{r.Intent} ({r.Text})").Distinct());
            var deviceBy = string.Join("; ", deviceRules.Select(r => $"{r.Intent} ({r.Text})").Distinct());
            return $"every route of flow '{flow.Name}' from {s.Name} to {t.Name} uses a device or link that is ruled out by {string.Join("; ", new[] { deviceBy, linkBy }.Where(x => x.Length > 0))}";
        }
        if (bounds.Count > 0)
        {
            var (bound, boundIntent) = bounds.Select(b => (b.Micros, b.Intent)).Min();
            if (bestAllowed.Value.Latency > bound)
            {
                var (s, t, latency) = bestAllowed.Value;
                var others = deviceRules.Count + linkRules.Count > 0 ? " that the other intents allow" : string.Empty;
                return $"the fastest route of flow '{flow.Name}'{others} (from {s.Name} to {t.Name}) takes {Units.FormatMillis(latency)}, above the {Units.FormatMillis(bound)} bound of {boundIntent}";
            }
        }
        if (waypoints.Count > 0)
        {
            foreach (var (intent, waypoint) in waypoints)
            {
                var matching = topology.Devices.Where(d => WaypointRestriction.IsWaypoint(waypoint, d) && DeviceAllowed(d, deviceRules)).ToList();
                if (matching.Count == 0)
                {
                    return $"no device the route of flow '{flow.Name}' may use satisfies the waypoint {PredicatePrinter.Print(waypoint)} of {intent}";
                }
            }
            // A flow tied to another by W3 has its own reason above; this sentence would blame its waypoints alone.
            return coupled ? null : $"no route of flow '{flow.Name}' passes the waypoints of {string.Join(", ", waypoints.Select(w => w.Intent).Distinct())} while meeting the other intents";
        }
        return null;

        long? Lookup(Dictionary<string, Dictionary<string, long>?> trees, string from, string to, Func<NetworkDevice, bool> deviceAllowed, Func<NetworkLink, bool> linkAllowed)
        {
            if (!trees.TryGetValue(from, out var tree))
            {
                trees[from] = tree = ShortestLatencies(topology, from, deviceAllowed, linkAllowed);
            }
            return tree is not null && topology.FindDevice(to) is { } goal && deviceAllowed(goal) && tree.TryGetValue(to, out var latency) ? latency : null;
        }
    }

    /// <summary>
    /// The least latency from a device to every device it reaches over allowed devices and links (Dijkstra), or null
    /// when the device itself is not allowed.
    /// </summary>
    private static Dictionary<string, long>? ShortestLatencies(TopologyModel topology, string from, Func<NetworkDevice, bool> deviceAllowed, Func<NetworkLink, bool> linkAllowed)
    {
        var start = topology.FindDevice(from);
        if (start is null || !deviceAllowed(start))
        {
            return null;
        }
        var distance = new Dictionary<string, long>(StringComparer.Ordinal) { [from] = 0 };
        var done = new HashSet<string>(StringComparer.Ordinal);
        var queue = new PriorityQueue<string, long>();
        queue.Enqueue(from, 0);
        while (queue.TryDequeue(out var device, out var d))
        {
            if (d > distance[device] || !done.Add(device))
            {
                continue;
            }
            foreach (var link in topology.OutgoingOf(device))
            {
                if (!linkAllowed(link.Link) || !deviceAllowed(topology.FindDevice(link.To)!))
                {
                    continue;
                }
                var next = d + link.Link.LatencyMicros;
                if (!distance.TryGetValue(link.To, out var known) || next < known)
                {
                    distance[link.To] = next;
                    queue.Enqueue(link.To, next);
                }
            }
        }
        return distance;
    }

    /// <summary>Dijkstra by latency from device to device over allowed devices and links; null when unreachable.</summary>
    private static long? ShortestLatency(TopologyModel topology, string from, string to, Func<NetworkDevice, bool> deviceAllowed, Func<NetworkLink, bool> linkAllowed) =>
        topology.FindDevice(to) is { } goal && deviceAllowed(goal) && ShortestLatencies(topology, from, deviceAllowed, linkAllowed) is { } tree && tree.TryGetValue(to, out var latency)
            ? latency
            : null;

    private static string DescribeStructural(BoundProgram program, TopologyModel topology)
    {
        foreach (var service in program.Services)
        {
            var fitting = topology.Nodes.Count(n => service.CpuMillis <= n.CpuMillis && service.MemoryBytes <= n.MemoryBytes);
            if (fitting < service.Replicas)
            {
                return $"service '{service.Name}' needs {service.Replicas} distinct nodes with {Units.Format(new Quantity(Dimension.Cpu, service.CpuMillis))} CPU and {Units.Format(new Quantity(Dimension.Memory, service.MemoryBytes))} memory, but only {fitting} node(s) are that large";
            }
        }
        var cpu = program.Services.Sum(s => s.CpuMillis * s.Replicas);
        var capacity = topology.Nodes.Sum(n => n.CpuMillis);
        if (cpu > capacity)
        {
            return $"the services request {Units.Format(new Quantity(Dimension.Cpu, cpu))} CPU in all, more than the {Units.Format(new Quantity(Dimension.Cpu, capacity))} the topology has";
        }
        foreach (var flow in program.Flows.Where(f => f.BandwidthBps > 0))
        {
            if (topology.Links.All(l => l.BandwidthBps < flow.BandwidthBps))
            {
                return $"flow '{flow.Name}' reserves {Units.Format(new Quantity(Dimension.Bandwidth, flow.BandwidthBps))}, more than any link carries";
            }
        }
        return "the declarations alone (replicas, capacities, bandwidth and routes) cannot be met on this topology, whatever the intents";
    }
}
