using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;
using Privc.Verification.Restrictions;

namespace Privc.Report;

/// <summary>One intent of a core and the nodes it allows a service (its badge number on the map).</summary>
public sealed record CoreAllowance(int Badge, Intent Intent, string Condition, ImmutableArray<string> Nodes);

/// <summary>
/// A conflict drawn on the map: for a service, the nodes each core intent allows and their intersection (too small
/// for the replicas); for a flow, the devices the core's path intents rule out and, when they separate every
/// eligible source from every eligible target, the smallest such set found (the cut).
/// </summary>
public sealed record CoreConflict(string Item, string Title, bool Conflicting, ImmutableArray<CoreAllowance> Allowances, ImmutableArray<string> Together, ImmutableArray<string> Cut, Evidence Evidence);

/// <summary>Computes the conflicts of a minimal core from the restrictions of its intents.</summary>
internal static class CoreEvidence
{
    public static ImmutableArray<CoreConflict> Conflicts(BoundProgram program, TopologyModel topology, ImmutableArray<Intent> core)
    {
        var restrictions = new ProgramRestrictions(core);
        var badges = core.OrderBy(i => i.Location).Select((intent, i) => (intent, i)).ToDictionary(p => p.intent.Name, p => p.i + 1, StringComparer.Ordinal);
        var result = new List<CoreConflict>();
        var eligible = new Dictionary<string, List<ComputeNode>>(StringComparer.Ordinal);
        foreach (var service in program.Services)
        {
            var rules = restrictions.OnService(service.Name).OfType<NodeRestriction>().ToList();
            var fits = topology.Nodes.Where(n => service.CpuMillis <= n.CpuMillis && service.MemoryBytes <= n.MemoryBytes).ToList();
            eligible[service.Name] = fits.Where(n => rules.All(r => r.Allows(n))).ToList();
            if (rules.Count == 0)
            {
                continue;
            }
            var allowances = rules.GroupBy(r => r.Origin.Name, StringComparer.Ordinal)
                .Select(g => new CoreAllowance(badges[g.Key], g.First().Origin, string.Join(" and ", g.Select(r => r.Describe()).Distinct()), fits.Where(n => g.All(r => r.Allows(n))).Select(n => n.Name).ToImmutableArray()))
                .OrderBy(a => a.Badge)
                .ToImmutableArray();
            var together = eligible[service.Name].Select(n => n.Name).ToImmutableArray();
            var item = "conflict:service:" + service.Name;
            var sentences = allowances.Select(a => $"{a.Intent.Name} [{a.Badge}] allows '{service.Name}' {RestrictionEvidence.Names(a.Nodes, "no node")} ({a.Condition}).")
                .Append(together.Length >= service.Replicas
                    ? $"together they allow {RestrictionEvidence.Names(together)}: enough for {service.Replicas} replica(s) on their own."
                    : $"together they allow {RestrictionEvidence.Names(together, "no node at all")}, but '{service.Name}' needs {service.Replicas} distinct node(s).");
            var excluded = topology.Nodes.Where(n => !together.Contains(n.Name)).Select(n => Evidence.Node(n.Name));
            result.Add(new CoreConflict(item, $"service {service.Name}", together.Length < service.Replicas, allowances, together, [], Evidence.Empty.With(together.Select(Evidence.Node), excluded, sentences)));
        }
        foreach (var flow in program.Flows)
        {
            var rules = restrictions.OnFlow(flow.Name).ToList();
            if (rules.Count == 0)
            {
                continue;
            }
            var deviceRules = rules.OfType<RouteDeviceRestriction>().ToList();
            var linkRules = rules.OfType<RouteLinkRestriction>().ToList();
            var forbidden = topology.Devices.Where(d => !deviceRules.All(r => r.Allows(d))).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
            var closedLinks = topology.Links.Where(l => !linkRules.All(r => r.Allows(l)) || l.BandwidthBps < flow.BandwidthBps).Select(l => l.Index).ToHashSet();
            var sources = eligible[flow.Source].Select(n => n.Device).Distinct(StringComparer.Ordinal).ToList();
            var targets = eligible[flow.Target].Select(n => n.Device).Distinct(StringComparer.Ordinal).ToList();
            var cut = ImmutableArray<string>.Empty;
            var shareANode = eligible[flow.Source].Intersect(eligible[flow.Target]).Any();
            if (sources.Count > 0 && targets.Count > 0 && !shareANode && !Connected(topology, sources, targets, forbidden, closedLinks))
            {
                // Shrink the forbidden set, in name order, to devices that are each needed to separate the endpoints.
                var kept = forbidden.Order(StringComparer.Ordinal).ToList();
                foreach (var device in kept.ToList())
                {
                    var without = kept.Where(d => d != device).ToHashSet(StringComparer.Ordinal);
                    if (!Connected(topology, sources, targets, without, closedLinks))
                    {
                        kept.Remove(device);
                    }
                }
                cut = kept.ToImmutableArray();
            }
            var sentences = rules.Select(r => $"{r.Origin.Name} [{badges[r.Origin.Name]}]: {r.Describe()}.").Distinct().ToList();
            sentences.Add(cut.IsEmpty
                ? $"'{flow.Name}' runs from {RestrictionEvidence.Names(eligible[flow.Source].Select(n => n.Name).ToList(), "no eligible node")} to {RestrictionEvidence.Names(eligible[flow.Target].Select(n => n.Name).ToList(), "no eligible node")}; the devices ruled out are {RestrictionEvidence.Names(forbidden.Order(StringComparer.Ordinal).ToList(), "none")}."
                : $"every path from an eligible node of '{flow.Source}' to one of '{flow.Target}' crosses {RestrictionEvidence.Names(cut)}, which the core rules out: the cut that separates the flow's endpoints.");
            var endpoints = eligible[flow.Source].Concat(eligible[flow.Target]).Select(n => Evidence.Node(n.Name));
            result.Add(new CoreConflict(
                "conflict:flow:" + flow.Name,
                $"flow {flow.Name}",
                !cut.IsEmpty,
                [],
                [],
                cut,
                Evidence.Empty.With(endpoints.Concat(cut.Select(Evidence.Device)), forbidden.Select(Evidence.Device).Concat(closedLinks.Select(Evidence.Link)), sentences)));
        }
        // The conflicts that explain the core come first; the first is what the report selects when it opens.
        return result.OrderBy(c => c.Conflicting ? 0 : 1).ToImmutableArray();
    }

    /// <summary>Whether some source device reaches some target device over allowed devices and open links.</summary>
    private static bool Connected(TopologyModel topology, List<string> sources, List<string> targets, HashSet<string> forbidden, HashSet<int> closedLinks)
    {
        var goal = targets.Where(t => !forbidden.Contains(t)).ToHashSet(StringComparer.Ordinal);
        var seen = sources.Where(s => !forbidden.Contains(s)).ToHashSet(StringComparer.Ordinal);
        var queue = new Queue<string>(seen.Order(StringComparer.Ordinal));
        while (queue.TryDequeue(out var device))
        {
            if (goal.Contains(device))
            {
                return true;
            }
            foreach (var link in topology.OutgoingOf(device))
            {
                if (!closedLinks.Contains(link.Link.Index) && !forbidden.Contains(link.To) && seen.Add(link.To))
                {
                    queue.Enqueue(link.To);
                }
            }
        }
        return false;
    }
}
