using System.Collections.Immutable;
using Privc.Checking;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Tests.Reference;

/// <summary>One run of <see cref="ExhaustiveSearch"/>: its state and the two nested enumerations (placements, then routes).</summary>
internal sealed class SearchRun
{
    private readonly ProgramChecker rules;
    private readonly SearchOptions options;
    private readonly ImmutableArray<Service> services;
    private readonly ImmutableArray<ComputeNode> nodes;
    private readonly ImmutableArray<AllowedFlow> allowed;
    private readonly ImmutableArray<Placement>[] chosen;
    private readonly Dictionary<(string Flow, string From, string To, bool SameNode), List<Candidate>> candidateCache = new();
    private readonly Dictionary<(string From, string To), List<(ImmutableArray<string> Devices, ImmutableArray<DirectedLink> Links)>> pathCache = new();
    private readonly bool optimise;
    private long work;
    private bool outOfWork;
    private bool done;
    private Configuration? best;
    private decimal[]? bestVector;

    public SearchRun(ProgramChecker rules, SearchOptions options)
    {
        this.rules = rules;
        this.options = options;
        services = rules.Program.Services;
        nodes = rules.Topology.Nodes.OrderBy(n => n.Name, StringComparer.Ordinal).ToImmutableArray();
        allowed = rules.Program.Flows.Select(f => new AllowedFlow(f.Source, f.Target, f.Port)).Distinct()
            .OrderBy(a => a.Source, StringComparer.Ordinal).ThenBy(a => a.Target, StringComparer.Ordinal).ThenBy(a => a.Port ?? -1)
            .ToImmutableArray();
        chosen = new ImmutableArray<Placement>[services.Length];
        optimise = options.Optimise && !rules.Program.Objectives.IsEmpty;
    }

    private sealed record Candidate(ImmutableArray<string> Devices, ImmutableArray<Hop> Hops, ImmutableArray<int> Links, long Latency);

    public SearchResult Run()
    {
        PlaceFrom(0);
        var objectives = best is null ? ImmutableArray<ObjectiveValue>.Empty : rules.Objectives(best);
        if (outOfWork)
        {
            return new SearchResult(SearchOutcome.TooLarge, best, objectives, work, $"too large for exhaustive search: the work limit of {options.WorkLimit} steps was reached");
        }
        return best is null
            ? new SearchResult(SearchOutcome.Unsatisfiable, null, [], work, "no configuration satisfies the structural conditions and the intents")
            : new SearchResult(SearchOutcome.Satisfiable, best, objectives, work, optimise ? "optimal" : "compliant");
    }

    private bool Stop => outOfWork || done;

    private void Tick()
    {
        if (++work > options.WorkLimit)
        {
            outOfWork = true;
        }
    }

    // ---- placements ----

    private void PlaceFrom(int index)
    {
        if (index == services.Length)
        {
            RouteAll();
            return;
        }
        var service = services[index];
        foreach (var combination in Combinations(nodes.Length, service.Replicas))
        {
            Tick();
            if (Stop)
            {
                return;
            }
            chosen[index] = [new Placement(service.Name, combination.Select(i => nodes[i].Name).ToImmutableArray())];
            var partial = new Configuration(chosen.Take(index + 1).SelectMany(p => p).ToImmutableArray(), [], []);
            if (!PermanentViolations(partial).Any())
            {
                PlaceFrom(index + 1);
            }
            if (Stop)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The violations of a partial placement (the services placed so far, no routes) that every configuration
    /// extending it also has, judged by the full checker: all of them except those that later choices can still
    /// remove (a service not placed yet, routes and allowed flows not chosen yet, colocation with a service not
    /// placed yet, the spread of a service not placed yet). Capacity, node conditions, separation, dedication and spread only get worse as services are added.
    /// </summary>
    private IEnumerable<Violation> PermanentViolations(Configuration partial)
    {
        var placed = partial.Placements.Select(p => p.Service).ToHashSet(StringComparer.Ordinal);
        return rules.Check(partial).Violations.Where(v => v.Kind switch
        {
            ViolationKind.ServiceNotPlaced or ViolationKind.MissingRoute or ViolationKind.FlowNotAllowed => false,
            ViolationKind.NotColocated => placed.Contains(v.Witness.OtherService!),
            ViolationKind.SpreadTooNarrow => placed.Contains(v.Witness.Service!),
            _ => true,
        });
    }

    /// <summary>
    /// The violations of one route on its own, judged by the full checker on the current placements with only this
    /// route: its shape (W3) and the keep and route intents on it, i.e. every violation whose witness is this route,
    /// except bandwidth (tracked jointly) and the other pairs' missing routes.
    /// </summary>
    private IEnumerable<Violation> RouteViolations(Route route)
    {
        var placements = chosen.SelectMany(p => p).ToImmutableArray();
        return rules.Check(new Configuration(placements, [route], allowed)).Violations.Where(v =>
            v.Witness.Flow == route.Flow && v.Witness.SourceNode == route.SourceNode && v.Witness.TargetNode == route.TargetNode
            && v.Kind is not (ViolationKind.MissingRoute or ViolationKind.BandwidthExceeded));
    }

    /// <summary>All k-subsets of 0..n-1 in lexicographic order.</summary>
    private static IEnumerable<int[]> Combinations(int n, int k)
    {
        if (k > n || k < 0)
        {
            yield break;
        }
        var current = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return (int[])current.Clone();
            var i = k - 1;
            while (i >= 0 && current[i] == n - k + i)
            {
                i--;
            }
            if (i < 0)
            {
                yield break;
            }
            current[i]++;
            for (var j = i + 1; j < k; j++)
            {
                current[j] = current[j - 1] + 1;
            }
        }
    }

    // ---- routes ----

    private sealed record Pair(int FlowIndex, Flow Flow, ComputeNode Source, ComputeNode Target, List<Candidate> Candidates);

    private void RouteAll()
    {
        var placements = chosen.SelectMany(p => p).OrderBy(p => p.Service, StringComparer.Ordinal).ToImmutableArray();
        var place = placements.ToDictionary(p => p.Service, p => p.Nodes.Select(n => rules.Topology.FindNode(n)!).ToList(), StringComparer.Ordinal);
        var pairs = new List<Pair>();
        var flows = rules.Program.Flows;
        for (var f = 0; f < flows.Length; f++)
        {
            foreach (var m in place[flows[f].Source])
            {
                foreach (var n in place[flows[f].Target])
                {
                    var candidates = CandidatesFor(flows[f], m, n);
                    if (Stop || candidates.Count == 0)
                    {
                        return;
                    }
                    pairs.Add(new Pair(f, flows[f], m, n, candidates));
                }
            }
        }

        // Objective components fixed by the placement; the latency ones are bounded below per pair.
        var fixedValues = rules.Objectives(new Configuration(placements, [], [])).Select(v => v.Value).ToArray();
        var suffixSum = new long[pairs.Count + 1];
        var suffixMax = new long[pairs.Count + 1];
        for (var k = pairs.Count - 1; k >= 0; k--)
        {
            var least = pairs[k].Candidates[0].Latency;
            suffixSum[k] = suffixSum[k + 1] + least;
            suffixMax[k] = Math.Max(suffixMax[k + 1], least);
        }

        var use = new int[flows.Length, rules.Topology.DirectedLinks.Length];
        var load = new long[rules.Topology.DirectedLinks.Length];
        var picked = new Candidate[pairs.Count];

        void Choose(int k, long total, long max)
        {
            Tick();
            if (Stop)
            {
                return;
            }
            if (optimise && bestVector is not null && !LexLess(Bound(fixedValues, total + suffixSum[k], Math.Max(max, suffixMax[k])), bestVector))
            {
                return;
            }
            if (k == pairs.Count)
            {
                Accept(placements, pairs, picked);
                return;
            }
            var pair = pairs[k];
            var bandwidth = pair.Flow.BandwidthBps;
            foreach (var candidate in pair.Candidates)
            {
                var fits = true;
                var applied = 0;
                foreach (var link in candidate.Links)
                {
                    applied++;
                    if (use[pair.FlowIndex, link]++ == 0)
                    {
                        load[link] += bandwidth;
                        if (load[link] > rules.Topology.DirectedLinks[link].Link.BandwidthBps)
                        {
                            fits = false;
                            break;
                        }
                    }
                }
                if (fits)
                {
                    picked[k] = candidate;
                    Choose(k + 1, total + candidate.Latency, Math.Max(max, candidate.Latency));
                }
                foreach (var link in candidate.Links.Take(applied))
                {
                    if (--use[pair.FlowIndex, link] == 0)
                    {
                        load[link] -= bandwidth;
                    }
                }
                if (Stop)
                {
                    return;
                }
            }
        }

        Choose(0, 0, 0);
    }

    private decimal[] Bound(decimal[] fixedValues, long total, long max)
    {
        var vector = (decimal[])fixedValues.Clone();
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = rules.Program.Objectives[i].Metric switch
            {
                ObjectiveMetric.TotalLatency => total,
                ObjectiveMetric.MaxLatency => max,
                _ => vector[i],
            };
        }
        return vector;
    }

    private static bool LexLess(decimal[] left, decimal[] right)
    {
        for (var i = 0; i < left.Length; i++)
        {
            if (left[i] != right[i])
            {
                return left[i] < right[i];
            }
        }
        return false;
    }

    private void Accept(ImmutableArray<Placement> placements, List<Pair> pairs, Candidate[] picked)
    {
        var routes = pairs.Select((p, k) => new Route(p.Flow.Name, p.Source.Name, p.Target.Name, picked[k].Devices, picked[k].Hops))
            .OrderBy(r => r.Flow, StringComparer.Ordinal).ThenBy(r => r.SourceNode, StringComparer.Ordinal).ThenBy(r => r.TargetNode, StringComparer.Ordinal)
            .ToImmutableArray();
        var configuration = new Configuration(placements, routes, allowed);
        var report = rules.Check(configuration);
        if (!report.Compliant && report.Violations.All(v => v.Kind == ViolationKind.IndistinguishableRoutes))
        {
            // Each route is chosen on its own; routes that flow rules could not tell apart are a property of the
            // combination (W3, specs/semantics.md), so such a combination is simply not a configuration.
            return;
        }
        if (!report.Compliant)
        {
            throw new InvalidOperationException("privc bug: the exhaustive search built a configuration the checker rejects: " + string.Join("; ", report.Violations));
        }
        var vector = rules.Objectives(configuration).Select(v => v.Value).ToArray();
        if (bestVector is null || LexLess(vector, bestVector))
        {
            best = configuration;
            bestVector = vector;
        }
        if (!optimise)
        {
            done = true;
        }
    }

    /// <summary>The routes one pair may take on its own: every simple path the per-route conditions accept, fastest first.</summary>
    private List<Candidate> CandidatesFor(Flow flow, ComputeNode source, ComputeNode target)
    {
        var same = source.Name == target.Name;
        var key = (flow.Name, source.Device, target.Device, same);
        if (candidateCache.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var paths = same ? [(ImmutableArray<string>.Empty, ImmutableArray<DirectedLink>.Empty)] : SimplePaths(source.Device, target.Device);
        var result = new List<Candidate>();
        foreach (var (devices, links) in paths)
        {
            Tick();
            if (Stop)
            {
                return result;
            }
            // A flow whose own reservation exceeds a link's capacity can never use that link.
            if (links.Any(l => l.Link.BandwidthBps < flow.BandwidthBps))
            {
                continue;
            }
            var hops = links.Select(l => new Hop(l.From, l.FromPort, l.To, l.ToPort)).ToImmutableArray();
            var route = new Route(flow.Name, source.Name, target.Name, devices, hops);
            if (!RouteViolations(route).Any())
            {
                result.Add(new Candidate(devices, hops, links.Select(l => l.Id).ToImmutableArray(), links.Sum(l => l.Link.LatencyMicros)));
            }
        }
        var ordered = result.OrderBy(c => c.Latency).ToList();
        candidateCache[key] = ordered;
        return ordered;
    }

    /// <summary>Every simple path of devices from one device to another (the single device when they are equal), parallel links giving distinct paths.</summary>
    private List<(ImmutableArray<string> Devices, ImmutableArray<DirectedLink> Links)> SimplePaths(string from, string to)
    {
        if (pathCache.TryGetValue((from, to), out var cached))
        {
            return cached;
        }
        var result = new List<(ImmutableArray<string>, ImmutableArray<DirectedLink>)>();
        var devices = new List<string> { from };
        var links = new List<DirectedLink>();
        var visited = new HashSet<string>(StringComparer.Ordinal) { from };

        void Extend(string at)
        {
            Tick();
            if (Stop)
            {
                return;
            }
            if (at == to)
            {
                result.Add((devices.ToImmutableArray(), links.ToImmutableArray()));
                return;
            }
            foreach (var link in rules.Topology.OutgoingOf(at).OrderBy(l => l.Id))
            {
                if (!visited.Add(link.To))
                {
                    continue;
                }
                devices.Add(link.To);
                links.Add(link);
                Extend(link.To);
                devices.RemoveAt(devices.Count - 1);
                links.RemoveAt(links.Count - 1);
                visited.Remove(link.To);
                if (Stop)
                {
                    return;
                }
            }
        }

        Extend(from);
        if (!Stop)
        {
            pathCache[(from, to)] = result;
        }
        return result;
    }
}
