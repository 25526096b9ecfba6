using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Checking;

/// <summary>The value of one objective on one configuration: latencies in microseconds, cost as the exact decimal sum of node costs, counts otherwise.</summary>
public sealed record ObjectiveValue(Objective Objective, decimal Value);

/// <summary>
/// Computes o_1(C) .. o_j(C) of specs/semantics.md section 6 directly from a configuration. Meant for compliant
/// configurations; on others it reads what it can: place(s) is the set of known nodes listed for s, and Routes(f)
/// holds one route per replica pair (the first given), its latency the sum over the hops that are topology links.
/// </summary>
public static class ObjectiveEvaluator
{
    public static ImmutableArray<ObjectiveValue> Evaluate(BoundProgram program, TopologyModel topology, Configuration configuration) =>
        Evaluate(new CheckRules(program, topology), configuration);

    internal static ImmutableArray<ObjectiveValue> Evaluate(CheckRules rules, Configuration configuration)
    {
        var place = new Dictionary<string, ImmutableArray<ComputeNode>>(StringComparer.Ordinal);
        foreach (var placement in configuration.Placements)
        {
            if (rules.ServicesByName.ContainsKey(placement.Service) && !place.ContainsKey(placement.Service))
            {
                place[placement.Service] = (placement.Nodes.IsDefault ? [] : placement.Nodes)
                    .Distinct(StringComparer.Ordinal)
                    .Select(rules.Topology.FindNode).OfType<ComputeNode>()
                    .ToImmutableArray();
            }
        }
        ImmutableArray<ComputeNode> Place(string s) => place.TryGetValue(s, out var nodes) ? nodes : [];

        var latencies = new List<long>();
        var hops = 0L;
        var routeOf = new Dictionary<(string, string, string), Route>();
        foreach (var route in configuration.Routes)
        {
            routeOf.TryAdd((route.Flow, route.SourceNode, route.TargetNode), route);
        }
        foreach (var flow in rules.Program.Flows)
        {
            foreach (var m in Place(flow.Source))
            {
                foreach (var n in Place(flow.Target))
                {
                    if (routeOf.TryGetValue((flow.Name, m.Name, n.Name), out var route))
                    {
                        latencies.Add(Latency(rules, route));
                        hops += route.Hops.IsDefault ? 0 : route.Hops.Length;
                    }
                }
            }
        }

        var hosting = rules.Program.Services.SelectMany(s => Place(s.Name).Select(n => (Service: s.Name, Node: n))).ToList();
        return rules.Program.Objectives.Select(o => new ObjectiveValue(o, o.Metric switch
        {
            ObjectiveMetric.TotalLatency => latencies.Sum(),
            ObjectiveMetric.MaxLatency => latencies.Count == 0 ? 0 : latencies.Max(),
            ObjectiveMetric.Cost => hosting.Sum(h => h.Node.Cost),
            ObjectiveMetric.Nodes => hosting.Select(h => h.Node.Name).Distinct(StringComparer.Ordinal).Count(),
            ObjectiveMetric.Prefer => hosting.Count(h => !PredicateSemantics.Holds(o.Prefer ?? Predicate.True, h.Node)),
            ObjectiveMetric.MovedReplicas => Moved(rules, o.Reference!, Place),
            ObjectiveMetric.DisturbedRoutes => Disturbed(rules, o.Reference!, Place, routeOf),
            ObjectiveMetric.TotalHops => hops,
            _ => throw new InvalidOperationException($"privc bug: the checker does not know objective metric {o.Metric}"),
        })).ToImmutableArray();
    }

    /// <summary>Section 10: replicas no longer on a node the reference gave their service, over the services both have.</summary>
    private static long Moved(CheckRules rules, ReferencePlan reference, Func<string, ImmutableArray<ComputeNode>> place) =>
        rules.Program.Services.Where(s => reference.Placements.ContainsKey(s.Name)).Sum(s =>
        {
            var old = reference.Placements[s.Name];
            return (long)Math.Max(0, Math.Min(old.Count, s.Replicas) - place(s.Name).Count(n => old.Contains(n.Name)));
        });

    /// <summary>Section 10: reference routes of declared flows that the configuration does not take again, same nodes, same links in order.</summary>
    private static long Disturbed(CheckRules rules, ReferencePlan reference, Func<string, ImmutableArray<ComputeNode>> place, Dictionary<(string, string, string), Route> routeOf) =>
        reference.Routes.Where(r => rules.Program.Flows.Any(f => f.Name == r.Flow)).Count(r =>
        {
            var flow = rules.Program.Flows.First(f => f.Name == r.Flow);
            var kept = place(flow.Source).Any(n => n.Name == r.SourceNode) && place(flow.Target).Any(n => n.Name == r.TargetNode)
                && routeOf.TryGetValue((r.Flow, r.SourceNode, r.TargetNode), out var route)
                && (route.Hops.IsDefault ? [] : route.Hops).Select(h => (h.From, h.FromPort, h.To, h.ToPort)).SequenceEqual(r.Hops.Select(h => (h.From, h.FromPort, h.To, h.ToPort)));
            return !kept;
        });

    private static long Latency(CheckRules rules, Route route)
    {
        long sum = 0;
        foreach (var hop in route.Hops.IsDefault ? [] : route.Hops)
        {
            var from = rules.Topology.FindDevice(hop.From)?.Name;
            var to = rules.Topology.FindDevice(hop.To)?.Name;
            if (from is not null && to is not null && rules.FindLink(from, hop.FromPort, to, hop.ToPort) is { } link)
            {
                sum += link.Link.LatencyMicros;
            }
        }
        return sum;
    }
}
