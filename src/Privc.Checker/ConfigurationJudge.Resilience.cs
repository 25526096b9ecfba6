using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Checking;

internal sealed partial class ConfigurationJudge
{
    /// <summary>Kinds a single device or link can cause on its own; latency, hops and waypoints depend on the whole route.</summary>
    private static readonly ImmutableHashSet<ViolationKind> ElementKinds =
    [
        ViolationKind.KeepDeviceOutside, ViolationKind.KeepLinkOutside, ViolationKind.AvoidedDeviceUsed,
        ViolationKind.AvoidedLinkUsed, ViolationKind.DeviceOutsideRegion, ViolationKind.LinkNotPermitted,
    ];

    /// <summary>
    /// R1 (specs/semantics.md section 9): for every group of routes the network cannot tell apart (W3), every inner
    /// device and every cable of their route, a route between the same two devices exists that avoids the element and
    /// satisfies every route condition of every member (reversed for members in the other direction). Found by an
    /// exhaustive search over simple paths of its own; a search cut short by its limit is reported, never trusted.
    /// Judged on well-formed routes only: W3 reports the rest.
    /// </summary>
    internal List<Violation> CheckResilience(int workLimit)
    {
        CheckPlacements();
        violations.Clear();
        var routes = new List<ResolvedRoute>();
        var scratch = new List<Violation>();
        foreach (var route in configuration.Routes)
        {
            if (rules.FlowsByName.TryGetValue(route.Flow, out var flow) && Topology.FindNode(route.SourceNode) is { } source
                && Topology.FindNode(route.TargetNode) is { } target && source.Name != target.Name)
            {
                var resolved = Resolve(flow, route, source, target, scratch);
                if (resolved.Complete && resolved.Links.Length > 0)
                {
                    routes.Add(resolved);
                }
            }
        }
        var found = new List<Violation>();
        foreach (var group in Groups(routes))
        {
            var primary = group[0].Route;
            var failures = primary.Devices.Skip(1).SkipLast(1).Select(d => ((NetworkDevice?)d, (NetworkLink?)null))
                .Concat(primary.Links.Select(l => ((NetworkDevice?)null, (NetworkLink?)l.Link)));
            foreach (var (device, cable) in failures)
            {
                var outcome = FindBackup(group, device, cable, workLimit);
                if (outcome == true)
                {
                    continue;
                }
                var element = device is not null ? $"device {Quote(device.Name)}" : $"link {cable!.DisplayName}";
                var why = outcome == false
                    ? "no route between the same devices avoids it and satisfies every route condition"
                    : $"the checker's search found no compliant route around it within {Number(workLimit)} steps";
                found.Add(new Violation(ResilienceChecker.Condition, ViolationKind.NoBackupRoute,
                    $"the route of flow {Quote(primary.Flow.Name)} from {Quote(primary.Source.Name)} to {Quote(primary.Target.Name)} ({PathText(primary.Route.Devices)}) does not survive the failure of {element}: {why}",
                    primary.Witness with { Device = device?.Name, Link = cable?.DisplayName }));
            }
        }
        return found;
    }

    /// <summary>The routes W3 forces onto one path, each oriented against the first (true: same direction).</summary>
    private static List<List<(ResolvedRoute Route, bool Forward)>> Groups(List<ResolvedRoute> routes)
    {
        var ordered = routes.OrderBy(r => r.Flow.Name, StringComparer.Ordinal).ThenBy(r => r.Source.Name, StringComparer.Ordinal).ThenBy(r => r.Target.Name, StringComparer.Ordinal).ToList();
        var parent = Enumerable.Range(0, ordered.Count).ToArray();
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        for (var i = 0; i < ordered.Count; i++)
        {
            for (var j = i + 1; j < ordered.Count; j++)
            {
                var (p, q) = (ordered[i], ordered[j]);
                var portless = p.Flow.Port is null || q.Flow.Port is null;
                var same = p.Source.Name == q.Source.Name && p.Target.Name == q.Target.Name;
                var opposite = p.Source.Name == q.Target.Name && p.Target.Name == q.Source.Name;
                if ((same && p.Flow.Name != q.Flow.Name && (portless || p.Flow.Port == q.Flow.Port)) || (opposite && portless))
                {
                    parent[Find(j)] = Find(i);
                }
            }
        }
        return Enumerable.Range(0, ordered.Count).GroupBy(Find).OrderBy(g => g.Key)
            .Select(g => g.Select(i => (ordered[i], ordered[i].Source.Name == ordered[g.Key].Source.Name)).ToList()).ToList();
    }

    /// <summary>True when a backup exists, false when none does, null when the search reached its limit.</summary>
    private bool? FindBackup(List<(ResolvedRoute Route, bool Forward)> group, NetworkDevice? failedDevice, NetworkLink? failedCable, int workLimit)
    {
        var first = group[0].Route;
        var from = first.Source.Device;
        var to = first.Target.Device;
        var deviceOk = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool DeviceAllowed(string name)
        {
            if (!deviceOk.TryGetValue(name, out var ok))
            {
                var device = Topology.FindDevice(name)!;
                ok = failedDevice?.Name != name && group.All(m => ElementPasses(m.Route, [device], []));
                deviceOk[name] = ok;
            }
            return ok;
        }
        var linkOk = new Dictionary<int, bool>();
        bool LinkAllowed(DirectedLink link)
        {
            if (!linkOk.TryGetValue(link.Id, out var ok))
            {
                ok = failedCable?.Index != link.Link.Index && DeviceAllowed(link.From) && DeviceAllowed(link.To)
                    && group.All(m => m.Forward ? ElementPasses(m.Route, [], [link]) : Reverse(link) is { } back && ElementPasses(m.Route, [], [back]));
                linkOk[link.Id] = ok;
            }
            return ok;
        }
        if (!DeviceAllowed(from) || !DeviceAllowed(to))
        {
            return false;
        }
        // The tightest latency and hop bounds of the members prune partial paths (both only grow along a path).
        var bounds = group.SelectMany(m => rules.RoutesIntentsOnFlow[m.Route.Flow.Name]).SelectMany(i => i.Constraints).ToList();
        var maxLatency = bounds.OfType<PathConstraint.MaxLatency>().Select(c => c.Micros).DefaultIfEmpty(long.MaxValue).Min();
        var maxHops = bounds.OfType<PathConstraint.MaxHops>().Select(c => (long)c.Hops).DefaultIfEmpty(long.MaxValue).Min();
        var remaining = DistancesTo(to, LinkAllowed);
        if (!remaining.ContainsKey(from))
        {
            return false;
        }
        var latency = 0L;
        var path = new List<DirectedLink>();
        var visited = new HashSet<string>(StringComparer.Ordinal) { from };
        var work = 0;
        bool? Search(string at)
        {
            if (++work > workLimit)
            {
                return null;
            }
            if (at == to)
            {
                return group.All(m => RoutePasses(m.Route, m.Forward, path)) ? true : false;
            }
            var open = false;
            foreach (var link in Topology.OutgoingOf(at))
            {
                // A device that cannot reach the target, or only too late, ends no backup: pruned before descending.
                if (visited.Contains(link.To) || !remaining.TryGetValue(link.To, out var rest) || path.Count + 1 > maxHops
                    || latency + link.Link.LatencyMicros + rest > maxLatency || !LinkAllowed(link))
                {
                    continue;
                }
                visited.Add(link.To);
                path.Add(link);
                latency += link.Link.LatencyMicros;
                var result = Search(link.To);
                latency -= link.Link.LatencyMicros;
                path.RemoveAt(path.Count - 1);
                visited.Remove(link.To);
                if (result == true)
                {
                    return true;
                }
                open |= result is null;
                if (result is null)
                {
                    break;
                }
            }
            return open ? null : false;
        }
        return Search(from);
    }

    /// <summary>Least latency from every device to <paramref name="target"/> over the allowed links (Dijkstra on the reversed links).</summary>
    private Dictionary<string, long> DistancesTo(string target, Func<DirectedLink, bool> allowed)
    {
        var distance = new Dictionary<string, long>(StringComparer.Ordinal) { [target] = 0 };
        var queue = new PriorityQueue<string, long>();
        queue.Enqueue(target, 0);
        while (queue.TryDequeue(out var device, out var known))
        {
            if (known > distance[device])
            {
                continue;
            }
            foreach (var link in Topology.Incoming.GetValueOrDefault(device, []))
            {
                var through = known + link.Link.LatencyMicros;
                if (allowed(link) && (!distance.TryGetValue(link.From, out var old) || through < old))
                {
                    distance[link.From] = through;
                    queue.Enqueue(link.From, through);
                }
            }
        }
        return distance;
    }

    private DirectedLink? Reverse(DirectedLink link) => rules.FindLink(link.To, link.ToPort, link.From, link.FromPort);

    /// <summary>Whether devices or links alone break none of the member's element conditions (keep, avoid, within, over).</summary>
    private bool ElementPasses(ResolvedRoute member, ImmutableArray<NetworkDevice> devices, ImmutableArray<DirectedLink> links)
    {
        var probe = member with { Route = member.Route with { Devices = [.. devices.Select(d => d.Name)], Hops = [] }, Devices = devices, Links = links, Complete = false };
        return Passes(probe, ElementKinds);
    }

    /// <summary>Whether the candidate path, read in the member's direction, meets every route condition of its flow.</summary>
    private bool RoutePasses(ResolvedRoute member, bool forward, List<DirectedLink> path)
    {
        var links = forward ? path.ToImmutableArray() : path.AsEnumerable().Reverse().Select(l => Reverse(l)!.Value).ToImmutableArray();
        var names = links.Select(l => l.From).Append(links[^1].To).ToImmutableArray();
        var devices = names.Select(n => Topology.FindDevice(n)!).ToImmutableArray();
        var hops = links.Select(l => new Hop(l.From, l.FromPort, l.To, l.ToPort)).ToImmutableArray();
        var candidate = member with { Route = member.Route with { Devices = names, Hops = hops }, Devices = devices, Links = links, Complete = true };
        return Passes(candidate, null);
    }

    /// <summary>Runs the checker's own route conditions on a candidate and takes back what they reported.</summary>
    private bool Passes(ResolvedRoute candidate, ImmutableHashSet<ViolationKind>? only)
    {
        var mark = violations.Count;
        CheckRouteConditions(candidate);
        var failed = violations.Skip(mark).Any(v => only is null || only.Contains(v.Kind));
        violations.RemoveRange(mark, violations.Count - mark);
        return !failed;
    }

    /// <summary>The route conditions' violations of one resolved route, taken out of this judge's own list.</summary>
    internal List<Violation> RouteConditionViolations(ResolvedRoute route)
    {
        var mark = violations.Count;
        CheckRouteConditions(route);
        var found = violations.Skip(mark).ToList();
        violations.RemoveRange(mark, violations.Count - mark);
        return found;
    }
}
