using System.Collections.Immutable;

namespace Privc.Verification.Decomposition;

/// <summary>
/// A capacity-aware repair tried before the contended classes go to an SMT routing problem (specs/encoding.md
/// section 12.1): each open class in turn takes its least compliant route over the links that still have room for its
/// flows. Only a success is used, and only after the whole routing is re-checked for overload; a failure proves
/// nothing and the exact SMT steps follow, so the repair changes which routing is found, never a verdict.
/// </summary>
public sealed partial class RoutingSubproblem
{
    /// <summary>
    /// Routes of the open classes that fit on top of the other classes' load, or null. Classes are taken in a fixed
    /// order (most bandwidth first, then by id), so the result is deterministic.
    /// </summary>
    private Dictionary<int, ImmutableArray<int>>? Repair(ImmutableArray<CoincidenceClass> classes, IReadOnlyDictionary<int, ImmutableArray<int>> others, IReadOnlyList<CoincidenceClass> group)
    {
        // Reserved bandwidth per directed link and flow: a flow counts once per link (semantics W4), so a replica pair
        // of a flow already on a link adds nothing there.
        var loads = Loads(classes, others).ToDictionary(l => l.Key, l => l.Value.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal));
        var fitted = new Dictionary<int, ImmutableArray<int>>();
        foreach (var routeClass in group.OrderByDescending(Demand).ThenBy(c => c.Id))
        {
            var condition = routeClass.Condition;
            var links = (bool[])condition.Links.Clone();
            for (var link = 0; link < links.Length; link++)
            {
                if (links[link] && !Fits(routeClass, link, loads))
                {
                    links[link] = false;
                }
            }
            var narrowed = new RouteCondition(condition.Devices, links, condition.MaxLatency, condition.MaxHops, condition.Chains, condition.Intents);
            var answer = search.Find(index.Device(routeClass.From.Device), index.Device(routeClass.To.Device), narrowed);
            if (answer.Status != RouteStatus.Feasible)
            {
                return null;
            }
            fitted[routeClass.Id] = answer.Links;
            foreach (var (used, flow, bandwidth) in Uses(routeClass, answer.Links))
            {
                if (!loads.TryGetValue(used, out var flows))
                {
                    loads[used] = flows = new Dictionary<string, long>(StringComparer.Ordinal);
                }
                flows[flow] = bandwidth;
            }
        }
        return fitted;
    }

    private static long Demand(CoincidenceClass routeClass) =>
        routeClass.Items.Select(i => (i.Item.Flow.Name, i.Item.Flow.BandwidthBps)).Distinct().Sum(f => f.BandwidthBps);

    /// <summary>Whether the class's flows fit on a link of its route (and on the reverse link for its reverse items).</summary>
    private bool Fits(CoincidenceClass routeClass, int link, Dictionary<int, Dictionary<string, long>> loads)
    {
        var added = new Dictionary<int, long>();
        foreach (var (used, flow, bandwidth) in Uses(routeClass, [link]).Distinct())
        {
            if (loads.TryGetValue(used, out var flows) && flows.ContainsKey(flow))
            {
                continue;
            }
            added[used] = added.GetValueOrDefault(used) + bandwidth;
        }
        return added.All(a => (loads.TryGetValue(a.Key, out var flows) ? flows.Values.Sum() : 0) + a.Value <= index.LinkBandwidth[a.Key]);
    }

    /// <summary>The directed links a class's route loads, with each flow's bandwidth (forward items on the route, reverse items on its reverse).</summary>
    private IEnumerable<(int Link, string Flow, long Bandwidth)> Uses(CoincidenceClass routeClass, IEnumerable<int> route)
    {
        foreach (var link in route)
        {
            foreach (var (item, forward) in routeClass.Items)
            {
                if (item.Flow.BandwidthBps > 0)
                {
                    yield return (forward ? link : index.Reverse[link], item.Flow.Name, item.Flow.BandwidthBps);
                }
            }
        }
    }
}
