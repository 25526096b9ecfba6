using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;
using Privc.Verification.Restrictions;

namespace Privc.Verification.Encoding;

/// <summary>
/// The encoding without intent pruning (<see cref="EncodingOptions.PruneByIntents"/> = false; specs/encoding.md,
/// "Encoding without intent pruning"). Every condition that <see cref="StaticFacts"/> would have applied by removing
/// candidate nodes or usable links is asserted here under the intent's guard, over the structurally pruned problem,
/// so that a configuration violating the intent stays a model when the guard is false.
/// </summary>
public sealed partial class Encoder
{
    /// <summary>Node conditions (placement, the node part of keep) and the defined scope that separation by a label needs.</summary>
    private void EncodeNodeConditions()
    {
        var conditions = new NodeConditions(this);
        foreach (var restriction in facts.Restrictions.All)
        {
            restriction.Accept(conditions);
        }
    }

    /// <summary>Asserts, under each intent's guard, what pruning would have applied to candidate nodes.</summary>
    private sealed class NodeConditions(Encoder encoder) : IRestrictionVisitor<bool>
    {
        public bool VisitNode(NodeRestriction restriction)
        {
            encoder.script.Comment($"intent {restriction.Origin.Name}: replicas of {restriction.Service} only on nodes where {restriction.Describe()}");
            encoder.ForbidNodes([restriction.Service], n => !restriction.Allows(n), encoder.Guard(restriction.Origin));
            return true;
        }

        public bool VisitSeparation(SeparationRestriction restriction)
        {
            var needing = encoder.program.Services.Where(restriction.NeedsDefinedScope).Select(s => s.Name).ToList();
            if (needing.Count == 0)
            {
                return false;
            }
            encoder.script.Comment($"intent {restriction.Origin.Name}: separated services only on nodes that have '{restriction.Scope.Key}'");
            encoder.ForbidNodes(needing, n => !n.Attributes.ContainsKey(restriction.Scope.Key!), encoder.Guard(restriction.Origin));
            return true;
        }

        /// <summary>Colocation by a label asserts its defined scope itself (EncodeRelations): an undefined scope joins nothing.</summary>
        public bool VisitColocation(ColocationRestriction restriction) => false;

        public bool VisitDedication(DedicationRestriction restriction) => false;

        public bool VisitSpread(SpreadRestriction restriction) => false;

        // Route restrictions are asserted per replica pair (EncodeRouteConditions) and per route (EncodePair).
        public bool VisitRouteDevices(RouteDeviceRestriction restriction) => false;

        public bool VisitRouteLinks(RouteLinkRestriction restriction) => false;

        public bool VisitLatency(LatencyRestriction restriction) => false;

        public bool VisitHops(HopRestriction restriction) => false;

        public bool VisitWaypoints(WaypointRestriction restriction) => false;
    }

    private void ForbidNodes(IEnumerable<string> services, Func<ComputeNode, bool> forbidden, string? guard)
    {
        foreach (var service in services)
        {
            foreach (var node in facts.Candidates[service].Where(forbidden))
            {
                script.Assert(Smt.Not(Hosts(service, node)), guard);
            }
        }
    }

    /// <summary>
    /// The devices and links the flow's device and link restrictions rule out for a route of this pair. A forbidden
    /// device may not be entered or left by a chosen link, and may be an endpoint's attachment only when the route is
    /// empty (both replicas on one node), exactly as the pruned encoding's endpoint rule says.
    /// </summary>
    private void EncodeRouteConditions(Flow flow, Service source, int i, Service target, int j, string same,
        ImmutableArray<(string Symbol, DirectedLink Link)> links)
    {
        foreach (var rule in facts.Restrictions.OnFlow(flow.Name).OfType<RouteDeviceRestriction>())
        {
            var guard = Guard(rule.Origin);
            var excluded = new SortedSet<int>();
            foreach (var device in topology.Devices.Where(d => !rule.Allows(d)))
            {
                script.Assert(Smt.Implies(Smt.Or(At(source.Name, i, device.Name), At(target.Name, j, device.Name)), same), guard);
                excluded.UnionWith(links.Select((l, index) => (l, index)).Where(p => p.l.Link.From == device.Name || p.l.Link.To == device.Name).Select(p => p.index));
            }
            foreach (var index in excluded)
            {
                script.Assert(Smt.Not(links[index].Symbol), guard);
            }
        }
        foreach (var rule in facts.Restrictions.OnFlow(flow.Name).OfType<RouteLinkRestriction>())
        {
            var guard = Guard(rule.Origin);
            foreach (var (symbol, link) in links.Where(l => !rule.Allows(l.Link.Link)))
            {
                script.Assert(Smt.Not(symbol), guard);
            }
        }
    }

    /// <summary>
    /// `through W1 then ... then Wm` without existential position variables: reach(k, d) holds when d is on the route,
    /// satisfies Wk, and some device satisfying W(k-1) with reach(k-1) comes strictly before it. Every admissible
    /// assignment of the order variables increases along the route, so comparing them compares positions whatever
    /// values the solver picks; the definition is therefore a function of the route alone and can be negated.
    /// </summary>
    private void EncodeWaypointChain(Flow flow, FlowNetwork network, int i, int j, ImmutableArray<Predicate> chain, int chainIndex,
        string? guard, Func<string, string> on, Func<string, string> position)
    {
        var previous = new List<(string Device, string Reach)>();
        for (var k = 0; k < chain.Length; k++)
        {
            var waypoint = chain[k];
            var matching = network.Devices.Where(d => network.AllowedDevices.Contains(d) && WaypointRestriction.IsWaypoint(waypoint, topology.FindDevice(d)!)).ToList();
            var current = new List<(string Device, string Reach)>();
            foreach (var device in matching)
            {
                var definition = k == 0
                    ? on(device)
                    : Smt.And(on(device), Smt.Or(previous.Select(p => Smt.And(p.Reach, Smt.Lt(position(p.Device), position(device))))));
                current.Add((device, DefineBool(Smt.Symbol("reach", flow.Name, i, j, chainIndex, k, device), definition)));
            }
            previous = current;
        }
        script.Assert(Smt.Or(previous.Select(p => p.Reach)), guard);
    }
}
