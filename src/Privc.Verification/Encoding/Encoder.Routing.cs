using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;
using Privc.Verification.Restrictions;

namespace Privc.Verification.Encoding;

public sealed partial class Encoder
{
    private readonly Dictionary<(string Flow, string Link), List<string>> linkUse = new();

    /// <summary>`at(s, i, d)`: replica i of s is on a node attached to device d.</summary>
    private string At(string service, int replica, string device)
    {
        var nodes = facts.Candidates[service].Where(n => n.Device == device).ToList();
        if (nodes.Count == 0)
        {
            return Smt.False;
        }
        var replicaSymbol = ReplicaSymbol(service, replica);
        return DefineBool(Smt.Symbol("at", service, replica, device), Smt.Or(nodes.Select(n => Smt.Eq(replicaSymbol, Smt.Int(nodeIndex[n.Name])))));
    }

    /// <summary>
    /// W3 and the path intents. For every flow and every pair of a source replica i and a target replica j, one Bool
    /// per usable directed link says whether the route of that pair uses it. Flow conservation with unit capacities
    /// makes the used links a path from the source's device to the target's device plus vertex-disjoint cycles; a
    /// strictly increasing order on the devices along used links excludes the cycles. So the used links are exactly
    /// one simple path, or none when both replicas share a device (or a node).
    /// </summary>
    private void EncodeRouting()
    {
        foreach (var flow in program.Flows)
        {
            var network = facts.Networks[flow.Name];
            var source = program.Service(flow.Source);
            var target = program.Service(flow.Target);
            script.Comment($"flow {flow.Name}: {flow.Source} -> {flow.Target}, {network.Devices.Length} usable device(s), {network.Links.Length} usable directed link(s)");
            var endpointDevices = facts.Candidates[source.Name].Select(n => n.Device)
                .Concat(facts.Candidates[target.Name].Select(n => n.Device))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            for (var i = 0; i < source.Replicas; i++)
            {
                for (var j = 0; j < target.Replicas; j++)
                {
                    EncodePair(flow, network, source, i, target, j, endpointDevices);
                }
            }
        }
    }

    /// <summary>
    /// W3, second part (specs/semantics.md; specs/encoding.md section 3): routes that flow rules cannot tell apart
    /// coincide. For two route pairs of flows f, g: when their endpoints are the same nodes in the same direction and
    /// f or g has no port or both have the same port, they use the same directed links; when their endpoints are
    /// swapped and f or g has no port, one uses each link the other uses, in the opposite direction. A link missing
    /// from a pair's usable network counts as unused. Pairs whose candidate nodes cannot meet get no constraint.
    /// </summary>
    private void EncodeDistinguishable()
    {
        var reverse = topology.DirectedLinks.GroupBy(d => d.Link.Index)
            .SelectMany(g => g.Select(d => (d.Id, Reverse: g.Single(r => r.From == d.To && r.To == d.From).Id)))
            .ToDictionary(p => p.Id, p => p.Reverse);
        var meet = new Dictionary<(string, string), bool>();
        bool Meet(string a, string b)
        {
            if (!meet.TryGetValue((a, b), out var result))
            {
                meet[(a, b)] = result = facts.Candidates[a].Intersect(facts.Candidates[b]).Any();
            }
            return result;
        }
        var uses = pairs.Select(p => p.Links.ToDictionary(l => l.Link.Id, l => l.Symbol)).ToList();
        string Use(Dictionary<int, string> use, int id) => use.TryGetValue(id, out var symbol) ? symbol : Smt.False;
        var emitted = false;
        for (var x = 0; x < pairs.Count; x++)
        {
            for (var y = x + 1; y < pairs.Count; y++)
            {
                var (p, q) = (pairs[x], pairs[y]);
                var (f, g) = (program.Flow(p.Flow), program.Flow(q.Flow));
                var portless = f.Port is null || g.Port is null;
                var (pUse, qUse) = (uses[x], uses[y]);
                if (f.Name != g.Name && (portless || f.Port == g.Port) && Meet(f.Source, g.Source) && Meet(f.Target, g.Target))
                {
                    var ids = pUse.Keys.Union(qUse.Keys).Order().ToList();
                    if (ids.Count > 0)
                    {
                        Header(ref emitted);
                        script.Assert(Smt.Implies(
                            Smt.And(Smt.Eq(ReplicaSymbol(f.Source, p.SourceReplica), ReplicaSymbol(g.Source, q.SourceReplica)), Smt.Eq(ReplicaSymbol(f.Target, p.TargetReplica), ReplicaSymbol(g.Target, q.TargetReplica))),
                            Smt.And(ids.Select(id => Smt.Eq(Use(pUse, id), Use(qUse, id))))));
                    }
                }
                if (portless && Meet(f.Source, g.Target) && Meet(f.Target, g.Source))
                {
                    var ids = pUse.Keys.Union(qUse.Keys.Select(id => reverse[id])).Order().ToList();
                    if (ids.Count > 0)
                    {
                        Header(ref emitted);
                        script.Assert(Smt.Implies(
                            Smt.And(Smt.Eq(ReplicaSymbol(f.Source, p.SourceReplica), ReplicaSymbol(g.Target, q.TargetReplica)), Smt.Eq(ReplicaSymbol(f.Target, p.TargetReplica), ReplicaSymbol(g.Source, q.SourceReplica))),
                            Smt.And(ids.Select(id => Smt.Eq(Use(pUse, id), Use(qUse, reverse[id]))))));
                    }
                }
            }
        }

        void Header(ref bool done)
        {
            if (!done)
            {
                script.Comment("W3: routes flow rules cannot tell apart coincide");
                done = true;
            }
        }
    }

    private void EncodePair(Flow flow, FlowNetwork network, Service source, int i, Service target, int j, List<string> endpointDevices)
    {
        var shared = facts.Candidates[source.Name].Intersect(facts.Candidates[target.Name]).Any();
        var same = shared
            ? DefineBool(Smt.Symbol("same", flow.Name, i, j), Smt.Eq(ReplicaSymbol(source.Name, i), ReplicaSymbol(target.Name, j)))
            : Smt.False;

        // An endpoint on a device the flow may not use is only possible when the route is empty (same node).
        foreach (var device in endpointDevices.Where(d => !network.AllowedDevices.Contains(d)))
        {
            script.Assert(Smt.Implies(Smt.Or(At(source.Name, i, device), At(target.Name, j, device)), same));
        }

        var links = network.Links.Select(l => (Symbol: Smt.Symbol("link", flow.Name, i, j, l.Id), Link: l)).ToImmutableArray();
        foreach (var (symbol, link) in links)
        {
            DeclareBool(symbol);
            var key = (flow.Name, link.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!linkUse.TryGetValue(key, out var list))
            {
                linkUse[key] = list = new List<string>();
            }
            list.Add(symbol);
        }
        if (!options.PruneByIntents)
        {
            EncodeRouteConditions(flow, source, i, target, j, same, links);
        }
        var outgoing = links.ToLookup(l => l.Link.From, StringComparer.Ordinal);
        var incoming = links.ToLookup(l => l.Link.To, StringComparer.Ordinal);
        var ins = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var device in network.Devices)
        {
            var isSource = network.AllowedDevices.Contains(device) ? At(source.Name, i, device) : Smt.False;
            var isTarget = network.AllowedDevices.Contains(device) ? At(target.Name, j, device) : Smt.False;
            var outLinks = outgoing[device].Select(l => l.Symbol).ToList();
            var inLinks = incoming[device].Select(l => l.Symbol).ToList();
            // Degrees are 0 or 1, so conservation is Boolean: stated over "some link in" and "some link out" it
            // stays in the SAT core instead of case-splitting on arithmetic over indicator terms.
            AtMostOne(outLinks);
            AtMostOne(inLinks);
            var inAny = Smt.Or(inLinks);
            var outAny = Smt.Or(outLinks);
            ins[device] = inAny;
            script.Assert(Smt.Implies(isSource, Smt.Not(inAny)));
            script.Assert(Smt.Implies(isTarget, Smt.Not(outAny)));
            script.Assert(Smt.Implies(Smt.And(isSource, Smt.Not(isTarget)), outAny));
            script.Assert(Smt.Implies(Smt.And(isTarget, Smt.Not(isSource)), inAny));
            script.Assert(Smt.Implies(Smt.And(Smt.Not(isSource), Smt.Not(isTarget)), Smt.Eq(inAny, outAny)));
        }
        var orderedDevices = links.SelectMany(l => new[] { l.Link.From, l.Link.To }).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var device in orderedDevices)
        {
            DeclareInt(Order(flow, i, j, device));
        }
        foreach (var (symbol, link) in links)
        {
            script.Assert(Smt.Implies(symbol, Smt.Lt(Order(flow, i, j, link.From), Order(flow, i, j, link.To))));
        }

        string? latency = null;
        if (network.LatencyBounds.Length > 0 || NeedsLatency())
        {
            latency = DefineInt(Smt.Symbol("latency", flow.Name, i, j), Smt.Sum(links.Select(l => Smt.Ite(l.Symbol, Smt.Int(l.Link.Link.LatencyMicros), "0"))));
        }
        foreach (var bound in network.LatencyBounds)
        {
            script.Assert(Smt.Le(latency!, Smt.Int(bound.Micros)), Guard(bound.Origin));
        }
        foreach (var bound in network.HopBounds)
        {
            script.Assert(Smt.Le(Smt.Sum(links.Select(l => Smt.Indicator(l.Symbol))), Smt.Int(bound.Hops)), Guard(bound.Origin));
        }
        var chainIndex = 0;
        foreach (var waypoints in network.Waypoints)
        {
            EncodeWaypoints(flow, network, source, i, target, j, same, ins, waypoints.Origin, waypoints.Chain, chainIndex++);
        }
        pairs.Add(new PairVariables(flow.Name, i, j, links, latency));
    }

    /// <summary>At most one of the literals: pairwise for the small degrees of real networks, a sum beyond that.</summary>
    private void AtMostOne(List<string> literals)
    {
        if (literals.Count <= 1)
        {
            return;
        }
        if (literals.Count > 8)
        {
            script.Assert(Smt.Le(Smt.Sum(literals.Select(Smt.Indicator)), "1"));
            return;
        }
        for (var a = 0; a < literals.Count; a++)
        {
            for (var b = a + 1; b < literals.Count; b++)
            {
                script.Assert(Smt.Not(Smt.And(literals[a], literals[b])));
            }
        }
    }

    private static string Order(Flow flow, int i, int j, string device) => Smt.Symbol("order", flow.Name, i, j, device);

    /// <summary>
    /// `through W1 then ... then Wm`: choose, for each waypoint, a device on the route that satisfies it, at strictly
    /// increasing positions (the order variables increase along the route, so they compare positions).
    /// </summary>
    private void EncodeWaypoints(Flow flow, FlowNetwork network, Service source, int i, Service target, int j, string same,
        Dictionary<string, string> ins, Intent intent, ImmutableArray<Predicate> chain, int chainIndex)
    {
        var guard = Guard(intent);
        string On(string device)
        {
            var isSource = At(source.Name, i, device);
            var isTarget = At(target.Name, j, device);
            return DefineBool(Smt.Symbol("on", flow.Name, i, j, device), Smt.And(Smt.Not(same), Smt.Or(isSource, isTarget, ins[device])));
        }
        var ordered = network.Links.SelectMany(l => new[] { l.From, l.To }).ToHashSet(StringComparer.Ordinal);
        if (options.DefineGuards && chain.Length > 1)
        {
            EncodeWaypointChain(flow, network, i, j, chain, chainIndex, guard, On, d => ordered.Contains(d) ? Order(flow, i, j, d) : "0");
            return;
        }
        string? previous = null;
        for (var k = 0; k < chain.Length; k++)
        {
            var matching = network.Devices.Where(d => network.AllowedDevices.Contains(d) && WaypointRestriction.IsWaypoint(chain[k], topology.FindDevice(d)!)).ToList();
            if (chain.Length == 1)
            {
                script.Assert(Smt.Or(matching.Select(On)), guard);
                break;
            }
            var position = Smt.Symbol("waypoint", flow.Name, i, j, chainIndex, k);
            DeclareInt(position);
            var choices = new List<string>();
            foreach (var device in matching)
            {
                // A device without usable links has no order variable: it can only be a one-device route.
                var at = ordered.Contains(device) ? Order(flow, i, j, device) : "0";
                choices.Add(Smt.And(On(device), Smt.Eq(position, at)));
            }
            script.Assert(Smt.Or(choices), guard);
            if (previous is not null)
            {
                script.Assert(Smt.Lt(previous, position), guard);
            }
            previous = position;
        }
    }

    private bool NeedsLatency() => program.Objectives.Any(o => o.Metric is ObjectiveMetric.TotalLatency or ObjectiveMetric.MaxLatency);

    /// <summary>
    /// W4: a flow reserves its bandwidth once on every directed link any of its routes uses. Links whose candidate
    /// flows cannot exceed the capacity together need no constraint.
    /// </summary>
    private void EncodeBandwidth()
    {
        script.Comment("bandwidth: flows using a directed link fit its capacity");
        foreach (var link in topology.DirectedLinks)
        {
            var id = link.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var users = program.Flows.Where(f => f.BandwidthBps > 0 && linkUse.ContainsKey((f.Name, id))).ToList();
            if (users.Sum(f => f.BandwidthBps) <= link.Link.BandwidthBps)
            {
                continue;
            }
            var terms = users.Select(f =>
                Smt.Ite(DefineBool(Smt.Symbol("uses", f.Name, link.Id), Smt.Or(linkUse[(f.Name, id)])), Smt.Int(f.BandwidthBps), "0"));
            script.Assert(Smt.Le(Smt.Sum(terms), Smt.Int(link.Link.BandwidthBps)));
        }
    }
}
