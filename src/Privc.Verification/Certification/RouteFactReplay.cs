using System.Text.Json;

namespace Privc.Certification;

/// <summary>What re-deriving a certificate's route facts gave: how many were confirmed, refuted or left open.</summary>
public sealed record RouteFactReplayOutcome(int Confirmed, int Refuted, int Undecided, string? FirstProblem, string? Malformed)
{
    /// <summary>The pair bounds re-derived and the obligation constants checked against them (specs/encoding.md section 17).</summary>
    public PairBoundOutcome Pairs { get; init; } = new(0, 0, null);
}

/// <summary>How many pair bounds and obligation constants agreed, how many did not, and the first that did not.</summary>
public sealed record PairBoundOutcome(int Confirmed, int Refuted, string? FirstProblem);

/// <summary>
/// Re-derives every fact of <c>certificate/route-facts.json</c> (specs/encoding.md section 17) from the networks
/// recorded beside it, with a search of its own that shares no code with the solver that found them: least walk
/// latencies by hop-layered Bellman-Ford (plain, and per waypoint chain on the graph of (device, waypoints passed)),
/// and where those leave the question open an exhaustive search over simple paths. A fact is confirmed only when
/// no compliant route exists; a compliant route found refutes it; a search cut short by its limit leaves it open.
/// </summary>
public static partial class RouteFactReplay
{
    private sealed record Network(string[] Devices, int[] From, int[] To, long[] Latency, long[] Capacity, int[][] Outgoing);

    private sealed record ClassCondition(bool[] Devices, bool[] Links, long? MaxLatency, int? MaxHops, bool[][][] Chains);

    public static RouteFactReplayOutcome Replay(string json, int workLimit = 2_000_000) => Replay(json, [], workLimit);

    /// <summary>Also checks the pair constants of <paramref name="obligations"/> (their SMT-LIB text) against the recorded pair bounds.</summary>
    public static RouteFactReplayOutcome Replay(string json, IReadOnlyList<string> obligations, int workLimit = 2_000_000)
    {
        Network network;
        Dictionary<int, ClassCondition> classes;
        List<(string Flow, int Class, string Kind, string[] From, string[] To, BackupClaim? Backup)> facts;
        List<(string[] Devices, bool Inward, long Capacity)> cuts;
        try
        {
            (network, classes, facts, cuts) = Read(json);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException or ArgumentException)
        {
            return new RouteFactReplayOutcome(0, 0, 0, null, e.Message);
        }
        var deviceIndex = network.Devices.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        int confirmed = 0, refuted = 0, open = 0;
        string? first = null;
        foreach (var (flow, id, kind, from, to, backup) in facts)
        {
            if (!classes.TryGetValue(id, out var condition))
            {
                return new RouteFactReplayOutcome(confirmed, refuted, open, first, $"fact of flow '{flow}' names class {id}, which is not recorded");
            }
            bool? holds;
            string where;
            switch (kind)
            {
                case "no-route":
                    holds = true;
                    where = $"flow '{flow}': no compliant route from {string.Join("/", from)} to {string.Join("/", to)}";
                    foreach (var a in from)
                    {
                        foreach (var b in to)
                        {
                            if (!deviceIndex.TryGetValue(a, out var source) || !deviceIndex.TryGetValue(b, out var target) || source == target)
                            {
                                return new RouteFactReplayOutcome(confirmed, refuted, open, first, $"fact of flow '{flow}' names an unknown or repeated device ({a}, {b})");
                            }
                            var answer = NoRoute(network, condition, source, target, workLimit);
                            if (answer == false)
                            {
                                holds = false;
                                where = $"flow '{flow}': a compliant route from {a} to {b} exists, yet the certificate says none does";
                                break;
                            }
                            if (answer is null)
                            {
                                holds = null;
                                where = $"flow '{flow}': the search from {a} to {b} reached its limit";
                            }
                        }
                        if (holds == false)
                        {
                            break;
                        }
                    }
                    break;
                case "no-backup-route":
                    (holds, where) = NoBackup(network, classes, condition, deviceIndex, flow, from, to, backup, workLimit);
                    break;
                case "no-single-device-route":
                    var device = deviceIndex.GetValueOrDefault(from.Single(), -1);
                    holds = device >= 0 && (!condition.Devices[device] || condition.Chains.Any(c => c.Length > 1 || (c.Length == 1 && !c[0][device])));
                    where = $"flow '{flow}': the route through {from.Single()} alone does not comply";
                    break;
                case "empty-route-misses-waypoint":
                    holds = condition.Chains.Any(c => c.Length > 0);
                    where = $"flow '{flow}': it has a waypoint, so its replicas cannot share a node";
                    break;
                default:
                    return new RouteFactReplayOutcome(confirmed, refuted, open, first, $"fact of flow '{flow}' has the unknown kind '{kind}'");
            }
            switch (holds)
            {
                case true:
                    confirmed++;
                    break;
                case false:
                    refuted++;
                    first ??= where;
                    break;
                default:
                    open++;
                    first ??= where;
                    break;
            }
        }
        foreach (var (devices, inward, capacity) in cuts)
        {
            // Every route between the set and the rest crosses its border, so the border's capacity bounds what the
            // crossing flows carry: the recorded capacity must be at least the sum over the border links.
            if (devices.Any(d => !deviceIndex.ContainsKey(d)))
            {
                return new RouteFactReplayOutcome(confirmed, refuted, open, first, $"a cut names an unknown device ({string.Join(", ", devices)})");
            }
            var inside = devices.Select(d => deviceIndex[d]).ToHashSet();
            long border = 0;
            for (var l = 0; l < network.From.Length; l++)
            {
                var (near, far) = inward ? (network.To[l], network.From[l]) : (network.From[l], network.To[l]);
                if (inside.Contains(near) && !inside.Contains(far))
                {
                    border += network.Capacity[l];
                }
            }
            if (capacity >= border)
            {
                confirmed++;
            }
            else
            {
                refuted++;
                first ??= $"the cut {(inward ? "into" : "out of")} {{{string.Join(", ", devices)}}} claims {capacity} bit/s, but its border links carry {border}";
            }
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            var (keptConfirmed, keptRefuted, keptFirst) = References(document.RootElement, network, classes);
            confirmed += keptConfirmed;
            refuted += keptRefuted;
            first ??= keptFirst;
            var (pairsConfirmed, pairsRefuted, pairsFirst) = PairBounds(document.RootElement, network, classes, obligations);
            return new RouteFactReplayOutcome(confirmed, refuted, open, first, null) { Pairs = new(pairsConfirmed, pairsRefuted, pairsFirst) };
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException or ArgumentException)
        {
            return new RouteFactReplayOutcome(confirmed, refuted, open, first, e.Message);
        }
    }

    /// <summary>True when no compliant simple route from a to b exists, false when one does, null when the search gave up.</summary>
    private static bool? NoRoute(Network network, ClassCondition condition, int a, int b, int workLimit)
    {
        if (!condition.Devices[a] || !condition.Devices[b])
        {
            return true;
        }
        var maxLatency = condition.MaxLatency ?? long.MaxValue / 4;
        if (LeastWalk(network, condition, a, b, null) > maxLatency)
        {
            return true;
        }
        foreach (var chain in condition.Chains.Where(c => c.Length > 0))
        {
            if (LeastWalk(network, condition, a, b, chain) > maxLatency)
            {
                return true;
            }
        }
        if (condition.Chains.All(c => c.Length == 0))
        {
            // Without waypoints the least walk within the bounds is a simple path (latencies are positive).
            return false;
        }
        return SimplePathSearch(network, condition, a, b, maxLatency, workLimit);
    }

    /// <summary>Least latency of a walk from a to b within the hop bound (passing the chain's waypoints in order).</summary>
    private static long LeastWalk(Network network, ClassCondition condition, int a, int b, bool[][]? chain)
    {
        var stages = (chain?.Length ?? 0) + 1;
        var n = network.Devices.Length;
        var rounds = condition.MaxHops is { } h ? Math.Min(h, n * stages) : n * stages;
        var best = new long[n * stages];
        Array.Fill(best, long.MaxValue);
        int Advance(int device, int stage) => chain is not null && stage < chain.Length && chain[stage][device] ? stage + 1 : stage;
        best[a * stages + Advance(a, 0)] = 0;
        for (var round = 0; round < rounds; round++)
        {
            var next = (long[])best.Clone();
            var changed = false;
            for (var state = 0; state < best.Length; state++)
            {
                if (best[state] == long.MaxValue)
                {
                    continue;
                }
                var (device, stage) = (state / stages, state % stages);
                foreach (var link in network.Outgoing[device])
                {
                    if (!condition.Links[link] || !condition.Devices[network.To[link]])
                    {
                        continue;
                    }
                    var to = network.To[link] * stages + Advance(network.To[link], stage);
                    if (best[state] + network.Latency[link] < next[to])
                    {
                        next[to] = best[state] + network.Latency[link];
                        changed = true;
                    }
                }
            }
            best = next;
            if (!changed)
            {
                break;
            }
        }
        return best[b * stages + stages - 1];
    }

    private static bool? SimplePathSearch(Network network, ClassCondition condition, int a, int b, long maxLatency, int workLimit)
    {
        var visited = new bool[network.Devices.Length];
        var maxHops = condition.MaxHops ?? int.MaxValue;
        var work = 0;
        var path = new List<int> { a };
        bool? Visit(int device, long latency, int hops)
        {
            if (++work > workLimit)
            {
                return null;
            }
            if (device == b)
            {
                return condition.Chains.All(chain => PassesInOrder(path, chain)) ? false : true;
            }
            visited[device] = true;
            bool? result = true;
            foreach (var link in network.Outgoing[device])
            {
                var to = network.To[link];
                if (!condition.Links[link] || !condition.Devices[to] || visited[to] || latency + network.Latency[link] > maxLatency || hops + 1 > maxHops)
                {
                    continue;
                }
                path.Add(to);
                var found = Visit(to, latency + network.Latency[link], hops + 1);
                path.RemoveAt(path.Count - 1);
                if (found == false)
                {
                    result = false;
                    break;
                }
                if (found is null)
                {
                    result = null;
                    break;
                }
            }
            visited[device] = false;
            return result;
        }
        return Visit(a, 0, 0);
    }

    private static bool PassesInOrder(List<int> path, bool[][] chain)
    {
        var next = 0;
        foreach (var device in path)
        {
            if (next < chain.Length && chain[next][device])
            {
                next++;
            }
        }
        return next == chain.Length;
    }

    private static (Network, Dictionary<int, ClassCondition>, List<(string, int, string, string[], string[], BackupClaim?)>, List<(string[], bool, long)>) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.GetProperty("format").GetString() != "privc-route-facts/1")
        {
            throw new FormatException("route-facts.json is not in the format privc-route-facts/1");
        }
        var devices = root.GetProperty("devices").EnumerateArray().Select(d => d.GetString() ?? throw new FormatException("a device name is not a string")).ToArray();
        var links = root.GetProperty("links").EnumerateArray().Select(l => (From: l[0].GetInt32(), To: l[1].GetInt32(), Latency: l[2].GetInt64(), Capacity: l[3].GetInt64())).ToArray();
        if (links.Any(l => l.From < 0 || l.From >= devices.Length || l.To < 0 || l.To >= devices.Length || l.Latency <= 0 || l.Capacity < 0))
        {
            throw new FormatException("a link names an unknown device, has no positive latency or a negative capacity");
        }
        var outgoing = Enumerable.Range(0, devices.Length).Select(d => Enumerable.Range(0, links.Length).Where(l => links[l].From == d).ToArray()).ToArray();
        var network = new Network(devices, links.Select(l => l.From).ToArray(), links.Select(l => l.To).ToArray(), links.Select(l => l.Latency).ToArray(), links.Select(l => l.Capacity).ToArray(), outgoing);
        var classes = new Dictionary<int, ClassCondition>();
        foreach (var item in root.GetProperty("classes").EnumerateArray())
        {
            long? latency = item.TryGetProperty("maxLatency", out var l) ? l.GetInt64() : null;
            int? hops = item.TryGetProperty("maxHops", out var h) ? h.GetInt32() : null;
            var chains = item.GetProperty("chains").EnumerateArray()
                .Select(c => c.EnumerateArray().Select(w => Bits(w.GetString()!, devices.Length)).ToArray()).ToArray();
            classes[item.GetProperty("id").GetInt32()] = new ClassCondition(Bits(item.GetProperty("devices").GetString()!, devices.Length),
                Bits(item.GetProperty("links").GetString()!, links.Length), latency, hops, chains);
        }
        var facts = root.GetProperty("facts").EnumerateArray().Select(f => (
            f.GetProperty("flow").GetString()!,
            f.GetProperty("class").GetInt32(),
            f.GetProperty("kind").GetString()!,
            f.GetProperty("from").EnumerateArray().Select(x => x.GetString()!).ToArray(),
            f.GetProperty("to").EnumerateArray().Select(x => x.GetString()!).ToArray(),
            f.TryGetProperty("without", out var without)
                ? new BackupClaim(without.GetInt32(), f.TryGetProperty("failedDevice", out var d) ? d.GetString() : null,
                    f.TryGetProperty("failedLinks", out var ls) ? ls.EnumerateArray().Select(x => x.GetInt32()).ToArray() : null)
                : null)).ToList();
        var cuts = root.TryGetProperty("cuts", out var list)
            ? list.EnumerateArray().Select(c => (
                c.GetProperty("devices").EnumerateArray().Select(d => d.GetString()!).ToArray(),
                c.GetProperty("direction").GetString() switch { "in" => true, "out" => false, var other => throw new FormatException($"a cut has the direction '{other}'") },
                c.GetProperty("capacity").GetInt64())).ToList()
            : [];
        return (network, classes, facts, cuts);
    }

    /// <summary>Hexadecimal digits, 4 bits each, lowest index first.</summary>
    private static bool[] Bits(string mask, int length)
    {
        if (mask.Length != (length + 3) / 4)
        {
            throw new FormatException($"a mask of {mask.Length} digit(s) does not fit {length} element(s)");
        }
        var bits = new bool[length];
        for (var i = 0; i < length; i++)
        {
            var digit = Convert.ToInt32(mask[i / 4].ToString(), 16);
            bits[i] = (digit >> (i % 4) & 1) == 1;
        }
        return bits;
    }
}
