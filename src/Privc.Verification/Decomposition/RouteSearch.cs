using System.Collections.Immutable;

namespace Privc.Verification.Decomposition;

/// <summary>How a route question was answered: a route exists (with a witness), none exists (proven), or the search
/// stopped at its work limit and the question is left to the SMT routing problem.</summary>
public enum RouteStatus
{
    Feasible,
    Infeasible,
    Unknown,
}

/// <summary>An answer of <see cref="RouteSearch.Find"/>: the status and, when feasible, the route as directed link ids
/// (empty for a single-device route) and its latency.</summary>
public readonly record struct RouteAnswer(RouteStatus Status, ImmutableArray<int> Links, long Latency, bool Optimal);

/// <summary>
/// Exact searches for one route under a <see cref="RouteCondition"/> (specs/encoding.md section 10). Without
/// waypoints the least-latency walk within the hop bound is a simple path (latencies are positive), so shortest paths
/// answer exactly. With waypoints a walk through them is only a necessary condition; a bounded depth-first search over
/// simple paths decides the rest, and says <see cref="RouteStatus.Unknown"/> when it reaches its work limit.
/// </summary>
public sealed class RouteSearch
{
    public const long Unreachable = long.MaxValue;

    private readonly NetworkIndex index;
    private readonly int workLimit;

    public RouteSearch(NetworkIndex index, int workLimit = 20_000)
    {
        this.index = index;
        this.workLimit = workLimit;
    }

    /// <summary>
    /// The least latency of a walk from <paramref name="source"/> to every device within the hop bound, over the
    /// condition's devices and links, ignoring waypoints; <see cref="Unreachable"/> where there is none. A disallowed
    /// source reaches nothing, not even itself.
    /// </summary>
    public long[] Distances(int source, RouteCondition condition) => Layered(source, condition, forward: true, chain: null).Latency;

    /// <summary>Like <see cref="Distances"/>, but of walks that also pass every waypoint of <paramref name="chain"/> in order.</summary>
    public long[] ChainDistances(int source, RouteCondition condition, ImmutableArray<bool[]> chain) => Layered(source, condition, forward: true, chain).Latency;

    /// <summary>
    /// A lower bound on the latency of every compliant route from <paramref name="source"/> to each device, exact
    /// without waypoints: the largest of the plain and the per-chain walk distances. Unreachable proves no route.
    /// </summary>
    public long[] LowerBounds(int source, RouteCondition condition)
    {
        var bound = Distances(source, condition);
        foreach (var chain in condition.Chains.Where(c => c.Length > 0))
        {
            var withChain = ChainDistances(source, condition, chain);
            for (var d = 0; d < bound.Length; d++)
            {
                bound[d] = Math.Max(bound[d], withChain[d]);
            }
        }
        var limit = condition.MaxLatency ?? long.MaxValue - 1;
        for (var d = 0; d < bound.Length; d++)
        {
            if (bound[d] > limit)
            {
                bound[d] = Unreachable;
            }
        }
        return bound;
    }

    /// <summary>
    /// A compliant simple route from <paramref name="source"/> to <paramref name="target"/>: the least-latency one
    /// (fewest links on ties) when it can be shown least within the work limit (<see cref="RouteAnswer.Optimal"/>).
    /// </summary>
    public RouteAnswer Find(int source, int target, RouteCondition condition)
    {
        if (!condition.Devices[source] || !condition.Devices[target])
        {
            return new RouteAnswer(RouteStatus.Infeasible, [], 0, true);
        }
        if (!condition.HasChains)
        {
            var run = Layered(source, condition, forward: true, chain: null);
            var limit = condition.MaxLatency ?? long.MaxValue - 1;
            if (run.Latency[target] > limit)
            {
                return new RouteAnswer(RouteStatus.Infeasible, [], 0, true);
            }
            return new RouteAnswer(RouteStatus.Feasible, run.PathTo(target), run.Latency[target], true);
        }
        var bounds = LowerBounds(source, condition);
        if (bounds[target] == Unreachable)
        {
            return new RouteAnswer(RouteStatus.Infeasible, [], 0, true);
        }
        return new SimplePathSearch(index, condition, source, target, workLimit).Run();
    }

    /// <summary>
    /// The compliant route with the fewest links and, among those, the least latency, for a condition without
    /// waypoints (null with waypoints, or when there is no route). With h* the fewest links of any path, the least-
    /// latency walk of at most h links is tried for h = h*, h* + 1, ... up to the hop bound: the first within the
    /// latency bound has exactly h links (with fewer, an earlier h would have been within it) and is simple (cutting a
    /// cycle removes links and latency), so it is least in (links, latency) among compliant routes.
    /// </summary>
    public (ImmutableArray<int> Links, long Latency)? FewestLinksThenLatency(int source, int target, RouteCondition condition)
    {
        if (condition.HasChains || !condition.Devices[source] || !condition.Devices[target])
        {
            return null;
        }
        var fewest = Reach(source, condition, forward: true).Hops[target];
        if (fewest == int.MaxValue)
        {
            return null;
        }
        var limit = condition.MaxLatency ?? long.MaxValue - 1;
        var most = Math.Min(condition.MaxHops ?? int.MaxValue, index.DeviceCount - 1);
        for (var h = fewest; h <= most; h++)
        {
            var run = Layered(source, new RouteCondition(condition.Devices, condition.Links, condition.MaxLatency, h, [], condition.Intents), forward: true, chain: null);
            if (run.Latency[target] <= limit)
            {
                return (run.PathTo(target), run.Latency[target]);
            }
        }
        return null;
    }

    private sealed record LayeredRun(long[] Latency, int[] Hops, int[] Predecessor)
    {
        /// <summary>The links of the recorded walk to the target, in order (it is simple: see <see cref="RouteSearch"/>).</summary>
        public ImmutableArray<int> PathTo(int target) => PathToState(target);

        public Func<int, ImmutableArray<int>> PathToState { get; init; } = _ => [];
    }

    /// <summary>
    /// Least latency (then fewest links) over walks with at most H links, as a label-correcting search on states
    /// (device, waypoints passed), H = the hop bound or the number of devices. Hop-bounded runs are layered
    /// (Bellman-Ford by hops); without a hop bound Dijkstra on (latency, hops) is exact.
    /// </summary>
    private LayeredRun Layered(int source, RouteCondition condition, bool forward, ImmutableArray<bool[]>? chain)
    {
        var devices = index.DeviceCount;
        var stages = (chain?.Length ?? 0) + 1;
        var states = devices * stages;
        var latency = new long[states];
        var hops = new int[states];
        var predecessor = new int[states];
        Array.Fill(latency, Unreachable);
        Array.Fill(hops, int.MaxValue);
        Array.Fill(predecessor, -1);
        int Advance(int device, int stage) =>
            chain is { } c && stage < c.Length && c[stage][device] ? stage + 1 : stage;
        var result = new long[devices];
        var resultHops = new int[devices];
        if (!condition.Devices[source])
        {
            Array.Fill(result, Unreachable);
            return new LayeredRun(result, resultHops, predecessor);
        }
        var start = source * stages + Advance(source, 0);
        latency[start] = 0;
        hops[start] = 0;
        var maxHops = condition.MaxHops is { } h && h < devices - 1 ? h : -1;
        // Predecessors per round: a state improved in round k keeps the walk it had in round k, even when its
        // predecessor improves later with more links (that walk could break the hop bound).
        var rounds = new List<Dictionary<int, int>>();
        if (maxHops >= 0)
        {
            // Layer by layer: after round k, every state holds its least latency over walks of at most k links.
            var frontier = new List<int> { start };
            for (var round = 1; round <= maxHops && frontier.Count > 0; round++)
            {
                var snapshot = frontier.Select(s => (s, latency[s])).ToList();
                var improved = new Dictionary<int, int>();
                foreach (var (state, at) in snapshot)
                {
                    var device = state / stages;
                    var stage = state % stages;
                    foreach (var link in forward ? index.Outgoing[device] : index.Incoming[device])
                    {
                        if (!condition.Links[link])
                        {
                            continue;
                        }
                        var other = forward ? index.LinkTo[link] : index.LinkFrom[link];
                        var to = other * stages + Advance(other, stage);
                        var candidate = at + index.LinkLatency[link];
                        if (candidate < latency[to])
                        {
                            latency[to] = candidate;
                            hops[to] = round;
                            improved[to] = link * stages + stage;
                        }
                    }
                }
                rounds.Add(improved);
                frontier = improved.Keys.Order().ToList();
            }
        }
        else
        {
            var queue = new PriorityQueue<int, (long, int, int)>();
            queue.Enqueue(start, (0, 0, start));
            while (queue.TryDequeue(out var state, out var priority))
            {
                if (priority.Item1 != latency[state] || priority.Item2 != hops[state])
                {
                    continue;
                }
                var device = state / stages;
                var stage = state % stages;
                foreach (var link in forward ? index.Outgoing[device] : index.Incoming[device])
                {
                    if (!condition.Links[link])
                    {
                        continue;
                    }
                    var other = forward ? index.LinkTo[link] : index.LinkFrom[link];
                    var to = other * stages + Advance(other, stage);
                    var candidate = latency[state] + index.LinkLatency[link];
                    var candidateHops = hops[state] + 1;
                    if (candidate < latency[to] || (candidate == latency[to] && candidateHops < hops[to]))
                    {
                        latency[to] = candidate;
                        hops[to] = candidateHops;
                        predecessor[to] = link * stages + stage;
                        queue.Enqueue(to, (candidate, candidateHops, to));
                    }
                }
            }
        }
        for (var d = 0; d < devices; d++)
        {
            result[d] = latency[d * stages + stages - 1];
            resultHops[d] = hops[d * stages + stages - 1];
        }
        ImmutableArray<int> Path(int target)
        {
            var links = new List<int>();
            var state = target * stages + stages - 1;
            var round = rounds.Count;
            while (state != start)
            {
                int entry;
                if (maxHops >= 0)
                {
                    // The last improvement of this state at or before the round its walk belongs to.
                    while (!rounds[round - 1].TryGetValue(state, out entry))
                    {
                        round--;
                    }
                    round--;
                }
                else
                {
                    entry = predecessor[state];
                }
                var link = entry / stages;
                links.Add(link);
                var from = forward ? index.LinkFrom[link] : index.LinkTo[link];
                state = from * stages + entry % stages;
            }
            links.Reverse();
            return links.ToImmutableArray();
        }
        return new LayeredRun(result, resultHops, predecessor) { PathToState = Path };
    }

    /// <summary>Least latency from every device to <paramref name="target"/> and least hops, ignoring waypoints and bounds.</summary>
    internal (long[] Latency, int[] Hops) DistancesTo(int target, RouteCondition condition) => Reach(target, condition, forward: false);

    /// <summary>
    /// Least latency and, separately, least hops from <paramref name="device"/> to every device (forward) or from every
    /// device to it (backward), over the condition's devices and links, ignoring waypoints and bounds.
    /// </summary>
    public (long[] Latency, int[] Hops) Reach(int device, RouteCondition condition, bool forward)
    {
        var unbounded = new RouteCondition(condition.Devices, condition.Links, null, null, [], condition.Intents);
        var latency = Layered(device, unbounded, forward, chain: null).Latency;
        var hops = new int[index.DeviceCount];
        Array.Fill(hops, int.MaxValue);
        if (condition.Devices[device])
        {
            var queue = new Queue<int>();
            hops[device] = 0;
            queue.Enqueue(device);
            while (queue.TryDequeue(out var current))
            {
                foreach (var link in forward ? index.Outgoing[current] : index.Incoming[current])
                {
                    var other = forward ? index.LinkTo[link] : index.LinkFrom[link];
                    if (condition.Links[link] && hops[other] == int.MaxValue)
                    {
                        hops[other] = hops[current] + 1;
                        queue.Enqueue(other);
                    }
                }
            }
        }
        return (latency, hops);
    }
}
