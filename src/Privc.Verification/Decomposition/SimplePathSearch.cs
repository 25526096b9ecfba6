using System.Collections.Immutable;

namespace Privc.Verification.Decomposition;

/// <summary>
/// Branch and bound over simple paths for routes with waypoints (specs/encoding.md section 10): devices are never
/// repeated, partial routes are cut when their latency or hops plus the least remainder to the target exceed the
/// bounds or the best route found, and waypoint progress is tracked greedily (matching each waypoint at its earliest
/// position is optimal for a fixed path). Ending the search inside the work limit proves the answer: the best route
/// found is the least, or there is none. Hitting the limit leaves the question <see cref="RouteStatus.Unknown"/>
/// (or a route that is compliant but not shown least).
/// </summary>
internal sealed class SimplePathSearch
{
    private readonly NetworkIndex index;
    private readonly RouteCondition condition;
    private readonly int source;
    private readonly int target;
    private readonly int workLimit;
    private readonly long[] latencyTo;
    private readonly int[] hopsTo;
    private readonly bool[] visited;
    private readonly int[] progress;
    private readonly List<int> path = new();
    private readonly long maxLatency;
    private readonly int maxHops;
    private int work;
    private long bestLatency = long.MaxValue;
    private int bestHops = int.MaxValue;
    private ImmutableArray<int>? best;

    public SimplePathSearch(NetworkIndex index, RouteCondition condition, int source, int target, int workLimit)
    {
        this.index = index;
        this.condition = condition;
        this.source = source;
        this.target = target;
        this.workLimit = workLimit;
        (latencyTo, hopsTo) = new RouteSearch(index).DistancesTo(target, condition);
        visited = new bool[index.DeviceCount];
        progress = new int[condition.Chains.Length];
        maxLatency = condition.MaxLatency ?? long.MaxValue - 1;
        maxHops = condition.MaxHops ?? int.MaxValue - 1;
    }

    public RouteAnswer Run()
    {
        var complete = Visit(source, 0, 0);
        if (best is { } route)
        {
            return new RouteAnswer(RouteStatus.Feasible, route, bestLatency, complete);
        }
        return new RouteAnswer(complete ? RouteStatus.Infeasible : RouteStatus.Unknown, [], 0, complete);
    }

    /// <summary>Extends the path by <paramref name="device"/>; false when the work limit stopped the search.</summary>
    private bool Visit(int device, long latency, int hops)
    {
        if (++work > workLimit)
        {
            return false;
        }
        var advanced = new bool[progress.Length];
        for (var c = 0; c < progress.Length; c++)
        {
            var chain = condition.Chains[c];
            if (progress[c] < chain.Length && chain[progress[c]][device])
            {
                progress[c]++;
                advanced[c] = true;
            }
        }
        visited[device] = true;
        var complete = true;
        if (device == target)
        {
            // A route ends at its target: it can only be the end of this path.
            if (Enumerable.Range(0, progress.Length).All(c => progress[c] == condition.Chains[c].Length)
                && (latency < bestLatency || (latency == bestLatency && hops < bestHops)))
            {
                bestLatency = latency;
                bestHops = hops;
                best = path.ToImmutableArray();
            }
        }
        else
        {
            var next = index.Outgoing[device]
                .Where(l => condition.Links[l] && !visited[index.LinkTo[l]])
                .OrderBy(l => latencyTo[index.LinkTo[l]] == RouteSearch.Unreachable ? long.MaxValue : index.LinkLatency[l] + latencyTo[index.LinkTo[l]])
                .ThenBy(l => l)
                .ToList();
            foreach (var link in next)
            {
                var to = index.LinkTo[link];
                if (latencyTo[to] == RouteSearch.Unreachable || hopsTo[to] == int.MaxValue)
                {
                    continue;
                }
                var reach = latency + index.LinkLatency[link] + latencyTo[to];
                var reachHops = hops + 1 + hopsTo[to];
                if (reach > maxLatency || reachHops > maxHops || reach > bestLatency)
                {
                    continue;
                }
                path.Add(link);
                complete &= Visit(to, latency + index.LinkLatency[link], hops + 1);
                path.RemoveAt(path.Count - 1);
                if (!complete)
                {
                    break;
                }
            }
        }
        visited[device] = false;
        for (var c = 0; c < progress.Length; c++)
        {
            if (advanced[c])
            {
                progress[c]--;
            }
        }
        return complete;
    }
}
