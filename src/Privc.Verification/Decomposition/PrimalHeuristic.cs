using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Verification.Restrictions;
using Privc.Verification.Encoding;
using Privc.Topology;

namespace Privc.Verification.Decomposition;

/// <summary>
/// A greedy placement for a first incumbent (specs/encoding.md section 14.1): services with the fewest candidates per
/// replica first, each on its best candidates for the first placement objective that keep capacity, the relations
/// with services already placed and the route facts with flow partners already placed. It proves nothing: its
/// placement is routed by level 2 and judged by the independent checker like any other, and a failure says nothing
/// about satisfiability.
/// </summary>
public sealed class PrimalHeuristic
{
    private readonly BoundProgram program;
    private readonly StaticFacts facts;
    private readonly RouteFacts routes;
    private readonly ImmutableArray<Intent> active;
    private readonly Dictionary<string, Service> services;
    private readonly long costScale;
    private readonly bool affinity;

    /// <summary>
    /// With <c>affinity</c>, among candidates equally good for the first objective, prefer the one that sends the least
    /// bandwidth over the network to flow partners already placed, then the device with the least bandwidth attached so
    /// far (section 14.1, "Where bandwidth binds"). Off by default, so that programs where bandwidth never binds keep
    /// their plans.
    /// </summary>
    public PrimalHeuristic(BoundProgram program, StaticFacts facts, RouteFacts routes, ImmutableArray<Intent> active, long costScale, bool affinity = false)
    {
        this.costScale = costScale;
        this.affinity = affinity;
        this.program = program;
        this.facts = facts;
        this.routes = routes;
        this.active = active;
        services = program.Services.ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    /// <summary>
    /// A placement meeting every constraint the greedy checks, or null when it got stuck. <paramref name="pinned"/>
    /// services keep the nodes given (a slice's checked placement that the rest is completed around, specs/encoding.md
    /// section 16); the greedy places the others around them.
    /// </summary>
    public ImmutableDictionary<string, ImmutableArray<ComputeNode>>? Place(IReadOnlyDictionary<string, ImmutableArray<ComputeNode>>? pinned = null)
    {
        var cpu = new Dictionary<string, long>(StringComparer.Ordinal);
        var memory = new Dictionary<string, long>(StringComparer.Ordinal);
        var onNode = new Dictionary<string, List<Service>>(StringComparer.Ordinal);
        var placed = new Dictionary<string, ImmutableArray<ComputeNode>>(StringComparer.Ordinal);
        var dedicated = active.OfType<DedicateIntent>().SelectMany(d => d.Services).ToHashSet(StringComparer.Ordinal);
        var flowsOf = program.Flows.SelectMany(f => new[] { (f.Source, f), (f.Target, f) }).ToLookup(p => p.Item1, p => p.f, StringComparer.Ordinal);
        foreach (var (name, nodes) in (pinned ?? ImmutableDictionary<string, ImmutableArray<ComputeNode>>.Empty).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var service = services[name];
            foreach (var node in nodes)
            {
                Take(service, node, cpu, memory, onNode);
            }
            placed[name] = nodes.OrderBy(n => n.Name, StringComparer.Ordinal).ToImmutableArray();
        }
        var order = program.Services.Where(s => !placed.ContainsKey(s.Name))
            .OrderBy(s => (double)facts.Candidates[s.Name].Length / s.Replicas)
            .ThenBy(s => s.Name, StringComparer.Ordinal);
        var firstObjective = program.Objectives.FirstOrDefault(o => o.Metric is ObjectiveMetric.Cost or ObjectiveMetric.Prefer or ObjectiveMetric.Nodes);
        var deviceLoad = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, nodes) in placed)
        {
            foreach (var node in nodes)
            {
                deviceLoad[node.Device] = deviceLoad.GetValueOrDefault(node.Device) + flowsOf[name].Sum(f => f.BandwidthBps);
            }
        }
        foreach (var service in order)
        {
            List<ComputeNode> chosen;
            var candidates = facts.Candidates[service.Name]
                .OrderBy(n => Score(firstObjective, n, onNode, costScale))
                .ThenBy(n => affinity ? Crossing(service, n, placed, flowsOf) : 0)
                .ThenBy(n => affinity ? deviceLoad.GetValueOrDefault(n.Device) : 0)
                .ThenBy(n => n.Name, StringComparer.Ordinal)
                .ToList();
            foreach (var spread in active.OfType<SpreadIntent>().Where(i => i.Services.Contains(service.Name)))
            {
                // Cover the distinct values first, cheapest node per value, so the replicas can reach K of them.
                var firstPerValue = candidates.Where(n => n.Attributes.ContainsKey(spread.Key))
                    .GroupBy(n => n.Attributes[spread.Key].ToString()).Select(g => g.First()).ToHashSet();
                candidates = candidates.OrderBy(n => firstPerValue.Contains(n) ? 0 : 1).ToList();
            }
            List<ComputeNode> Fill(IEnumerable<ComputeNode> sequence)
            {
                var picked = new List<ComputeNode>();
                foreach (var node in sequence)
                {
                    if (picked.Count == service.Replicas)
                    {
                        break;
                    }
                    if (!picked.Contains(node) && Fits(service, node, cpu, memory) && Relations(service, node, picked, placed, onNode, dedicated) && RouteFacts(service, node, placed, flowsOf)
                        && (!affinity || Reachable(service, [.. picked, node], placed, flowsOf)))
                    {
                        picked.Add(node);
                    }
                }
                return picked;
            }
            chosen = Fill(candidates);
            if (affinity && chosen.Count < service.Replicas)
            {
                // The first replica decides where the others can go (a latency-bounded partner must reach them all):
                // try each candidate first, in order.
                chosen = candidates.Select(anchor => Fill(candidates.Prepend(anchor))).FirstOrDefault(c => c.Count == service.Replicas) ?? chosen;
            }
            if (chosen.Count < service.Replicas)
            {
                return null;
            }
            foreach (var node in chosen)
            {
                Take(service, node, cpu, memory, onNode);
                deviceLoad[node.Device] = deviceLoad.GetValueOrDefault(node.Device) + flowsOf[service.Name].Sum(f => f.BandwidthBps);
            }
            placed[service.Name] = chosen.OrderBy(n => n.Name, StringComparer.Ordinal).ToImmutableArray();
        }
        return placed.ToImmutableDictionary(StringComparer.Ordinal);
    }

    /// <summary>
    /// Look-ahead for the affinity greedy: every flow partner not yet placed keeps some candidate with a possible route
    /// to and from all of <paramref name="replicas"/> and every other placed service it exchanges flows with (two
    /// replicas, or a replica and a partner's partner, far apart can leave a latency-bounded partner nowhere to go).
    /// </summary>
    private bool Reachable(Service service, List<ComputeNode> replicas, Dictionary<string, ImmutableArray<ComputeNode>> placed, ILookup<string, Flow> flowsOf)
    {
        var partners = flowsOf[service.Name].Select(f => f.Source == service.Name ? f.Target : f.Source)
            .Where(p => p != service.Name && !placed.ContainsKey(p)).Distinct(StringComparer.Ordinal).ToList();
        if (partners.Count == 0)
        {
            return true;
        }
        var extended = new Dictionary<string, ImmutableArray<ComputeNode>>(placed, StringComparer.Ordinal) { [service.Name] = [.. replicas] };
        // A partner's candidate must have possible routes with every placed service it exchanges flows with.
        return partners.All(p => facts.Candidates[p].Any(q => RouteFacts(services[p], q, extended, flowsOf)));
    }

    /// <summary>The bandwidth a replica on <paramref name="node"/> would exchange with placed partners on other devices.</summary>
    private static long Crossing(Service service, ComputeNode node, Dictionary<string, ImmutableArray<ComputeNode>> placed, ILookup<string, Flow> flowsOf) =>
        flowsOf[service.Name].Sum(f =>
            placed.TryGetValue(f.Source == service.Name ? f.Target : f.Source, out var partners)
                ? f.BandwidthBps * partners.Count(m => m.Device != node.Device)
                : 0);

    private static void Take(Service service, ComputeNode node, Dictionary<string, long> cpu, Dictionary<string, long> memory, Dictionary<string, List<Service>> onNode)
    {
        cpu[node.Name] = cpu.GetValueOrDefault(node.Name) + service.CpuMillis;
        memory[node.Name] = memory.GetValueOrDefault(node.Name) + service.MemoryBytes;
        if (!onNode.TryGetValue(node.Name, out var list))
        {
            onNode[node.Name] = list = new List<Service>();
        }
        list.Add(service);
    }

    private static long Score(Objective? objective, ComputeNode node, Dictionary<string, List<Service>> onNode, long costScale) => objective?.Metric switch
    {
        ObjectiveMetric.Cost => MasterProblem.Scaled(node.Cost, costScale),
        ObjectiveMetric.Prefer => PredicateEvaluator.IsTrue(objective.Prefer!, node) ? 0 : 1,
        ObjectiveMetric.Nodes => onNode.ContainsKey(node.Name) ? 0 : 1,
        _ => 0,
    };

    private static bool Fits(Service service, ComputeNode node, Dictionary<string, long> cpu, Dictionary<string, long> memory) =>
        cpu.GetValueOrDefault(node.Name) + service.CpuMillis <= node.CpuMillis && memory.GetValueOrDefault(node.Name) + service.MemoryBytes <= node.MemoryBytes;

    private bool Relations(Service service, ComputeNode node, List<ComputeNode> chosen, Dictionary<string, ImmutableArray<ComputeNode>> placed,
        Dictionary<string, List<Service>> onNode, HashSet<string> dedicated)
    {
        var here = onNode.GetValueOrDefault(node.Name) ?? [];
        if (dedicated.Contains(service.Name) && here.Any(t => t.Tenant != service.Tenant))
        {
            return false;
        }
        if (here.Any(t => dedicated.Contains(t.Name) && t.Tenant != service.Tenant))
        {
            return false;
        }
        foreach (var intent in active)
        {
            switch (intent)
            {
                case SeparateIntent separate:
                    var others = (separate.Left.Contains(service.Name) ? separate.Right : []).Concat(separate.Right.Contains(service.Name) ? separate.Left : [])
                        .Where(o => o != service.Name && placed.ContainsKey(o));
                    var value = Scope(separate.Scope, node);
                    if (others.Any(o => placed[o].Any(m => Scope(separate.Scope, m) is { } v && v == value)))
                    {
                        return false;
                    }
                    if (separate.Scope.Kind == SeparationScope.Label && separate.Left.Contains(service.Name) && separate.Right.Contains(service.Name)
                        && chosen.Any(m => Scope(separate.Scope, m) == value))
                    {
                        return false;
                    }
                    break;
                case ColocateIntent colocate when colocate.Left.Contains(service.Name):
                    var scope = Scope(colocate.Scope, node);
                    foreach (var partner in colocate.Right.Where(r => r != service.Name && placed.ContainsKey(r)))
                    {
                        if (scope is null || !placed[partner].Any(m => Scope(colocate.Scope, m) == scope))
                        {
                            return false;
                        }
                    }
                    break;
            }
        }
        return true;
    }

    private bool RouteFacts(Service service, ComputeNode node, Dictionary<string, ImmutableArray<ComputeNode>> placed, ILookup<string, Flow> flowsOf)
    {
        var index = routes.Index;
        foreach (var flow in flowsOf[service.Name])
        {
            var outgoing = flow.Source == service.Name;
            var partner = outgoing ? flow.Target : flow.Source;
            if (!placed.TryGetValue(partner, out var others))
            {
                continue;
            }
            var classId = routes.FlowClass[flow.Name];
            foreach (var other in others)
            {
                var (m, n) = outgoing ? (node, other) : (other, node);
                var ok = m.Name == n.Name
                    ? !routes.Classes[classId].HasChains
                    : routes.Status(classId, index.Device(m.Device), index.Device(n.Device)) != RouteStatus.Infeasible
                        && (routes.Resilience == 0 || routes.Status(classId, index.Device(m.Device), index.Device(n.Device)) != RouteStatus.Feasible
                            || routes.Backup(classId, index.Device(m.Device), index.Device(n.Device)).Status != RouteStatus.Infeasible);
                if (!ok)
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static string? Scope(Scope scope, ComputeNode node) =>
        scope.Kind == SeparationScope.Node ? node.Name : node.Attributes.TryGetValue(scope.Key!, out var value) ? value.ToString() : null;
}
