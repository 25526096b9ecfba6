using System.Collections.Immutable;
using Privc.Diagnostics;
using Privc.Checking;
using Privc.Semantics;
using Privc.Text;
using Privc.Topology;

namespace Privc.Artifacts.Onos;

/// <summary>
/// Traces the requests and replies of one flow between one pair of replica nodes as header spaces, and turns what
/// happens to them into routes, problems and cannot-judge findings (specs/onos.md, "Tracing").
/// </summary>
internal sealed class PairTracer(
    TopologyModel topology,
    Dictionary<string, ImmutableArray<OnosRule>> byDevice,
    Flow flow,
    ComputeNode source,
    ComputeNode target,
    ImmutableArray<long> servicePorts,
    SourceText flowsFile,
    UnjudgedFindings unjudged,
    int maxNodes,
    bool loneReplies = false)
{
    public void Trace(List<Route> routes, List<TraceProblem> problems)
    {
        var requests = Walk(source, target, reply: false);
        var delivered = Delivered(requests);
        var main = delivered.FirstOrDefault();
        foreach (var path in delivered)
        {
            routes.Add(new Route(flow.Name, source.Name, target.Name, path.Devices, path.Hops));
        }
        foreach (var other in delivered.Skip(1))
        {
            Problem(problems, TraceDirection.Request, TraceProblemKind.Ambiguous, other.Outcome,
                $"packets such as {PacketText.Describe(other.Packets)} are delivered along {PathText(other.Devices, other.Hops, main!.Devices)}, not along {PathText(main.Devices, main.Hops, other.Devices)} like the flow's other packets{Notes(other.Outcome)}");
        }
        Judge(problems, TraceDirection.Request, requests);

        var replies = Walk(target, source, reply: true);
        if (main is not null)
        {
            var expected = Reverse(main.Hops);
            foreach (var back in Delivered(replies).Where(r => !r.Hops.SequenceEqual(expected)))
            {
                var forward = Reverse(back.Hops);
                Problem(problems, TraceDirection.Reply, TraceProblemKind.Asymmetric, back.Outcome,
                    $"replies such as {PacketText.Describe(back.Packets)} are delivered along {PathText(back.Devices, back.Hops, main.Devices.Reverse().ToImmutableArray())}, not back along the route of the requests ({PathText(main.Devices.Reverse().ToImmutableArray(), expected, back.Devices)}){Notes(back.Outcome)}");
                // The path the replies take is judged against the intents too, read in the direction of the flow.
                if (!delivered.Any(d => d.Hops.SequenceEqual(forward)))
                {
                    routes.Add(new Route(flow.Name, source.Name, target.Name, back.Devices.Reverse().ToImmutableArray(), forward));
                }
            }
        }
        else if (loneReplies)
        {
            // A failure case: the requests are lost (reported), but the replies still fail over; their walk is judged
            // against the intents as well, and ARP may follow it.
            foreach (var back in Delivered(replies))
            {
                routes.Add(new Route(flow.Name, source.Name, target.Name, back.Devices.Reverse().ToImmutableArray(), Reverse(back.Hops)));
            }
        }
        Judge(problems, TraceDirection.Reply, replies);
    }

    /// <summary>The outcomes of one direction, in a decision diagram of its own whose budget ends with the walk.</summary>
    private List<Outcome> Walk(ComputeNode from, ComputeNode to, bool reply)
    {
        var space = new HeaderBdd(maxNodes);
        HeaderSet headers;
        try
        {
            headers = Headers(space, from, to, reply);
        }
        catch (HeaderSpaceExhaustedException)
        {
            space.EndBudget();
            var all = Headers(space, from, to, reply);
            var why = new Unjudgeable($"the packets of this flow need more than {maxNodes} decision-diagram nodes", new SourceLocation(flowsFile, new TextSpan(0, 0)));
            return [new Outcome(Ending.CannotJudge, all, [], [from.Device], [], from.Device, why.What, DiagnosticCatalogue.Codes.OnosTraceTooLarge, why)];
        }
        var outcomes = new HeaderWalker(topology, byDevice, flowsFile).Walk(from, to, headers);
        space.EndBudget();
        return outcomes;
    }

    private sealed record Path(ImmutableArray<string> Devices, ImmutableArray<Hop> Hops, HeaderSet Packets, Outcome Outcome);

    /// <summary>The distinct paths packets are delivered along, the one most packets take first.</summary>
    private static List<Path> Delivered(List<Outcome> outcomes) =>
        outcomes.Where(o => o.Ending == Ending.Delivered)
            .GroupBy(o => Key(o.Devices, o.Hops), StringComparer.Ordinal)
            .Select(g => new Path(g.First().Devices, g.First().Hops, g.Skip(1).Aggregate(g.First().Packets, (set, o) => set.Union(o.Packets)), g.First()))
            .OrderByDescending(p => p.Packets.Weight).ThenBy(p => p.Outcome.Notes.Count)
            // Between equals, the path that does not need a questionable rule to be in the switch comes first.
            .ThenBy(p => p.Outcome.Notes.Count(n => n.StartsWith("while ", StringComparison.Ordinal)))
            .ThenBy(p => Key(p.Devices, p.Hops), StringComparer.Ordinal)
            .ToList();

    private static string Key(ImmutableArray<string> devices, ImmutableArray<Hop> hops) =>
        string.Join(",", devices) + "|" + string.Join(",", hops.Select(h => $"{h.From}:{h.FromPort}>{h.To}:{h.ToPort}"));

    private static ImmutableArray<Hop> Reverse(ImmutableArray<Hop> hops) => hops.Reverse().Select(h => new Hop(h.To, h.ToPort, h.From, h.FromPort)).ToImmutableArray();

    /// <summary>A path for people: its devices, or its links with ports when the devices alone do not tell it from <paramref name="other"/> (parallel cables).</summary>
    private static string PathText(ImmutableArray<string> devices, ImmutableArray<Hop> hops, ImmutableArray<string> other) =>
        devices.SequenceEqual(other) && hops.Length > 0
            ? string.Join(", ", hops.Select(h => $"{h.From}:{h.FromPort}->{h.To}:{h.ToPort}"))
            : string.Join(" -> ", devices);

    private static string Notes(Outcome outcome) => outcome.Notes.Count == 0 ? string.Empty : $" ({string.Join("; ", outcome.Notes)})";

    private void Judge(List<TraceProblem> problems, TraceDirection direction, List<Outcome> outcomes)
    {
        var packets = direction == TraceDirection.Request ? "packets" : "replies";
        foreach (var outcome in outcomes)
        {
            var path = string.Join(" -> ", outcome.Devices);
            var such = $"{packets} such as {PacketText.Describe(outcome.Packets)}";
            switch (outcome.Ending)
            {
                case Ending.Loop:
                    Problem(problems, direction, TraceProblemKind.Loop, outcome, $"{such} loop: {path}, {outcome.What}{Notes(outcome)}");
                    break;
                case Ending.BlackHole:
                    Problem(problems, direction, TraceProblemKind.BlackHole, outcome, $"{such} are lost after {path}: {outcome.What}{Notes(outcome)}");
                    break;
                case Ending.Misdelivered:
                    Problem(problems, direction, TraceProblemKind.Misdelivered, outcome, $"{such} are delivered to the wrong node along {path}: {outcome.What}{Notes(outcome)}");
                    break;
                case Ending.CannotJudge:
                    unjudged.Add(outcome.Code!, outcome.Why!, $"{flow.Name} {source.Name} {target.Name} {direction}",
                        $"flow '{flow.Name}' from '{source.Name}' to '{target.Name}', {(direction == TraceDirection.Request ? "requests" : "replies")} such as {PacketText.Describe(outcome.Packets)} (reaching it along {path}){Notes(outcome)}");
                    break;
            }
        }
    }

    private void Problem(List<TraceProblem> problems, TraceDirection direction, TraceProblemKind kind, Outcome outcome, string what) =>
        problems.Add(new TraceProblem(flow.Name, source.Name, target.Name, direction, kind, outcome.Devices, outcome.At,
            $"flow '{flow.Name}' from '{source.Name}' to '{target.Name}', {(direction == TraceDirection.Request ? "requests" : "replies")}: {what}")
        {
            Packet = PacketText.Describe(outcome.Packets),
        });

    /// <summary>
    /// The headers one direction of the flow can carry: IPv4 from any address of one node's pods to any of the
    /// other's (pod CIDRs, or the nodes' addresses); with a port, TCP to
    /// (requests) or from (replies) that port and any client port except the declared services' ports (the
    /// assumption of specs/onos.md); without one, any protocol and ports (ICMP type and code are 8 bits). VLAN:
    /// untagged, or tagged with any id and priority; DSCP, ECN and MAC addresses: any.
    /// </summary>
    private HeaderSet Headers(HeaderBdd space, ComputeNode from, ComputeNode to, bool reply)
    {
        // Every address of each node's pods: a rule narrower than the pod CIDR leaves some of them unmatched.
        var (fromPods, toPods) = (from.PodAddresses, to.PodAddresses);
        var addressed = Cube.All.With(HeaderField.Ipv4Source, fromPods.Address, fromPods.Mask)!.Value.With(HeaderField.Ipv4Destination, toPods.Address, toPods.Mask)!.Value;
        var vlans = new[] { addressed.With(HeaderField.Vlan, HeaderFields.VlanTagged, HeaderFields.VlanTagged)!.Value, addressed.With(HeaderField.Vlan, 0)!.Value.With(HeaderField.VlanPriority, 0)!.Value };
        var sets = new List<HeaderSet>();
        foreach (var vlan in vlans)
        {
            if (flow.Port is { } port)
            {
                var tcp = vlan.With(HeaderField.IpProtocol, 6)!.Value.With(reply ? HeaderField.TransportSource : HeaderField.TransportDestination, (ulong)port)!.Value;
                var clients = HeaderSet.Of(space, [tcp]);
                foreach (var service in servicePorts)
                {
                    clients = clients.Subtract(Cube.All.With(reply ? HeaderField.TransportDestination : HeaderField.TransportSource, (ulong)service)!.Value);
                }
                sets.Add(clients);
            }
            else
            {
                sets.Add(HeaderSet.Of(space, [vlan]).Subtract(Cube.All.With(HeaderField.IpProtocol, 1)!.Value));
                sets.Add(HeaderSet.Of(space, [vlan.With(HeaderField.IpProtocol, 1)!.Value.With(HeaderField.TransportSource, 0, 0xff00)!.Value.With(HeaderField.TransportDestination, 0, 0xff00)!.Value]));
            }
        }
        return sets.Skip(1).Aggregate(sets[0], (all, set) => all.Union(set));
    }
}

internal enum Ending
{
    Delivered,
    Loop,
    BlackHole,
    Misdelivered,
    CannotJudge,
}

/// <summary>
/// How some packets end: the headers, the conditions under which they end so (a temporary or unsettled rule present
/// or absent, one choice between equal-priority rules), the devices and links visited, where it failed and why.
/// </summary>
internal sealed record Outcome(
    Ending Ending,
    HeaderSet Packets,
    ImmutableList<string> Notes,
    ImmutableArray<string> Devices,
    ImmutableArray<Hop> Hops,
    string? At,
    string What,
    DiagnosticDescriptor? Code = null,
    Unjudgeable? Why = null);
