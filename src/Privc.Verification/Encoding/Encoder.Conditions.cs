using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Verification.Encoding;

/// <summary>
/// The encoding without intent pruning (<see cref="EncodingOptions.PruneByIntents"/> = false; specs/encoding.md,
/// "Encoding without intent pruning"). Every condition that <see cref="StaticFacts"/> would have applied by removing
/// candidate nodes or usable links is asserted here under the intent's guard, over the structurally pruned problem,
/// so that a configuration violating the intent stays a model when the guard is false.
/// </summary>
public sealed partial class Encoder
{
    /// <summary>Placement predicates, the node part of keep, and the defined scope that separation by a label needs.</summary>
    private void EncodeNodeConditions()
    {
        foreach (var intent in active)
        {
            var guard = Guard(intent);
            switch (intent)
            {
                case PlacementIntent place:
                    script.Comment($"intent {intent.Name}: replicas only on nodes where the predicate holds");
                    ForbidNodes(place.Services, n => !PredicateEvaluator.Evaluate(place.On, n), guard);
                    break;
                case KeepIntent keep:
                    script.Comment($"intent {intent.Name}: holders of the data only on nodes within the region");
                    ForbidNodes(keep.Services, n => !PredicateEvaluator.Evaluate(keep.Within, n), guard);
                    break;
                case SeparateIntent { Scope.Kind: SeparationScope.Label } separate:
                    // Colocation by a label asserts its defined scope itself (EncodeRelations); separation does not.
                    script.Comment($"intent {intent.Name}: separated services only on nodes that have '{separate.Scope.Key}'");
                    var needing = program.Services.Where(s => StaticFacts.NeedsDefinedScope(separate, s)).Select(s => s.Name);
                    ForbidNodes(needing, n => !n.Attributes.ContainsKey(separate.Scope.Key!), guard);
                    break;
            }
        }
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
    /// The devices and links of keep and route intents that a route of this pair may not use. A forbidden device may
    /// not be entered or left by a chosen link, and may be an endpoint's attachment only when the route is empty
    /// (both replicas on one node), exactly as the pruned encoding's endpoint rule says.
    /// </summary>
    private void EncodeRouteConditions(Flow flow, Service source, int i, Service target, int j, string same,
        ImmutableArray<(string Symbol, DirectedLink Link)> links)
    {
        foreach (var intent in active)
        {
            var (forbiddenDevice, forbiddenLink) = RouteRules(intent, flow);
            if (forbiddenDevice is null && forbiddenLink is null)
            {
                continue;
            }
            var guard = Guard(intent);
            var excluded = new SortedSet<int>();
            foreach (var device in topology.Devices.Where(d => forbiddenDevice?.Invoke(d) == true))
            {
                script.Assert(Smt.Implies(Smt.Or(At(source.Name, i, device.Name), At(target.Name, j, device.Name)), same), guard);
                excluded.UnionWith(links.Select((l, index) => (l, index)).Where(p => p.l.Link.From == device.Name || p.l.Link.To == device.Name).Select(p => p.index));
            }
            if (forbiddenLink is not null)
            {
                excluded.UnionWith(links.Select((l, index) => (l, index)).Where(p => forbiddenLink(p.l.Link.Link)).Select(p => p.index));
            }
            foreach (var index in excluded)
            {
                script.Assert(Smt.Not(links[index].Symbol), guard);
            }
        }
    }

    /// <summary>Which devices and links an intent forbids on the routes of a flow (null: none).</summary>
    private static (Func<NetworkDevice, bool>? Device, Func<NetworkLink, bool>? Link) RouteRules(Intent intent, Flow flow)
    {
        var devices = new List<Func<NetworkDevice, bool>>();
        var links = new List<Func<NetworkLink, bool>>();
        switch (intent)
        {
            case KeepIntent keep when keep.Flows.Contains(flow.Name):
                devices.Add(d => !PredicateEvaluator.Evaluate(keep.Within, d));
                if (keep.OverLinks is { } over)
                {
                    links.Add(l => !PredicateEvaluator.Evaluate(over, l));
                }
                break;
            case RouteIntent route when route.Flows.Contains(flow.Name):
                foreach (var constraint in route.Constraints)
                {
                    switch (constraint)
                    {
                        case PathConstraint.AvoidDevices a:
                            devices.Add(d => PredicateEvaluator.Evaluate(a.Devices, d));
                            break;
                        case PathConstraint.WithinDevices w:
                            devices.Add(d => !PredicateEvaluator.Evaluate(w.Devices, d));
                            break;
                        case PathConstraint.AvoidLinks a:
                            links.Add(l => PredicateEvaluator.Evaluate(a.Links, l));
                            break;
                        case PathConstraint.OverLinks o:
                            links.Add(l => !PredicateEvaluator.Evaluate(o.Links, l));
                            break;
                    }
                }
                break;
        }
        return (devices.Count == 0 ? null : d => devices.Any(f => f(d)), links.Count == 0 ? null : l => links.Any(f => f(l)));
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
            var matching = network.Devices.Where(d => network.AllowedDevices.Contains(d) && PredicateEvaluator.Evaluate(waypoint, topology.FindDevice(d)!)).ToList();
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
