using System.Collections.Immutable;
using System.Globalization;
using Privc.Checking;
using Privc.Diagnostics;
using Privc.Semantics;
using Privc.Text;
using Privc.Topology;

namespace Privc.Artifacts.Onos;

/// <summary>Which packets of a flow a trace followed: requests (source to target) or replies (target to source).</summary>
public enum TraceDirection
{
    Request,
    Reply,
}

public enum TraceProblemKind
{
    /// <summary>The packet comes back to a device through a port it already entered by.</summary>
    Loop,

    /// <summary>No rule matches, the rule drops the packet, or it sends it out of a port with no link and no node.</summary>
    BlackHole,

    /// <summary>The packet (or a copy of it) is delivered to a node other than the target.</summary>
    Misdelivered,

    /// <summary>A rule sends the packet where privc cannot follow it (controller, flood, header rewrite, group, table jump).</summary>
    Unfollowable,

    /// <summary>Some packets of the flow (a copy, a class of ports, or equal-priority rules) take another path than the traced route.</summary>
    Ambiguous,

    /// <summary>Replies are delivered, but not along the reverse of the route the requests take.</summary>
    Asymmetric,
}

/// <summary>
/// A way the flow rules fail to carry one flow between one pair of replica nodes: the flow, its source and target
/// node (as the flow declares them, also for replies), the direction, what went wrong, the devices the packet
/// visited in order, the device where it failed and a sentence.
/// </summary>
public sealed record TraceProblem(
    string Flow,
    string SourceNode,
    string TargetNode,
    TraceDirection Direction,
    TraceProblemKind Kind,
    ImmutableArray<string> Devices,
    string? FailedAt,
    string Message)
{
    /// <summary>
    /// The problem as a W3 routing violation with a path witness: a packet path that never arrives means the proven
    /// route is missing (<see cref="ViolationKind.MissingRoute"/>); one that arrives by a path no proof covered is
    /// an <see cref="ViolationKind.UnexpectedRoute"/>.
    /// </summary>
    public Violation ToViolation() => new(
        StructuralCondition.Routing,
        Kind is TraceProblemKind.Ambiguous or TraceProblemKind.Asymmetric ? ViolationKind.UnexpectedRoute : ViolationKind.MissingRoute,
        Message,
        new Witness { Flow = Flow, SourceNode = SourceNode, TargetNode = TargetNode, DevicePath = Devices, Device = FailedAt });

    public override string ToString() => Message;
}

/// <summary>
/// What ONOS flow rules do to the declared flows: the routes of the (flow, source node, target node) triples whose
/// requests are delivered, as <see cref="Route"/> values a <see cref="Configuration"/> can hold, the problems, and
/// diagnostics about the file itself.
/// </summary>
public sealed record FlowTrace(ImmutableArray<Route> Routes, ImmutableArray<TraceProblem> Problems, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>
/// Follows packets through ONOS flow rules, hop by hop (specs/onos.md, "Tracing"). For every declared flow and every
/// pair of replica nodes, a request packet (IPv4 from the source node's address to the target's, TCP to the flow's
/// port if it has one) starts at the source node's attachment port; each device applies its highest-priority
/// matching rule of table 0, and each OUTPUT port leads over a topology link to the next device, or to the node
/// attached there. Replies are traced back the same way. Header fields the flow leaves open (the client's TCP port,
/// the protocol of a portless flow, fields of criteria privc does not model) are explored exhaustively: one packet
/// per value some rule matches on, plus one for every other value.
/// </summary>
public static class FlowTracer
{
    /// <summary>Above this many packet classes for one pair, only the typical packet is traced (a warning says so).</summary>
    public const int MaxPacketClasses = 512;

    private const int MaxSteps = 100_000;

    public static FlowTrace Trace(SourceText flowsJson, TopologyModel topology, BoundProgram program, ImmutableArray<Placement> placements)
    {
        var diagnostics = new List<Diagnostic>();
        var rules = OnosFlowReader.Read(flowsJson, topology, diagnostics);
        var byDevice = rules.Where(r => r.TableId == 0).GroupBy(r => r.Device.Name)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Priority).ThenBy(r => r.Index).ToImmutableArray(), StringComparer.Ordinal);
        var servicePorts = program.Flows.Where(f => f.Port is not null).Select(f => (long)f.Port!.Value).ToImmutableHashSet();
        var routes = new List<Route>();
        var problems = new List<TraceProblem>();
        ImmutableArray<ComputeNode> Nodes(string service) =>
            placements.Where(p => p.Service == service).SelectMany(p => p.Nodes).Distinct(StringComparer.Ordinal)
                .Select(topology.FindNode).OfType<ComputeNode>().OrderBy(n => n.Name, StringComparer.Ordinal).ToImmutableArray();
        foreach (var flow in program.Flows.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            foreach (var source in Nodes(flow.Source))
            {
                foreach (var target in Nodes(flow.Target))
                {
                    if (source.Name == target.Name)
                    {
                        routes.Add(new Route(flow.Name, source.Name, target.Name, [], []));
                        continue;
                    }
                    var pair = new PairTracer(topology, byDevice, rules, flow, source, target, flowsJson, servicePorts, diagnostics);
                    if (pair.Trace(problems) is { } route)
                    {
                        routes.Add(route);
                    }
                }
            }
        }
        return new FlowTrace(
            routes.ToImmutableArray(),
            problems.DistinctBy(p => (p.Flow, p.SourceNode, p.TargetNode, p.Direction, p.Kind, string.Join(",", p.Devices), p.FailedAt, p.Message)).OrderBy(p => p.Flow, StringComparer.Ordinal).ThenBy(p => p.SourceNode, StringComparer.Ordinal).ThenBy(p => p.TargetNode, StringComparer.Ordinal)
                .ThenBy(p => p.Direction).ThenBy(p => p.Kind).ThenBy(p => p.Message, StringComparer.Ordinal).ToImmutableArray(),
            diagnostics.Distinct().Order().ToImmutableArray());
    }

    /// <summary>
    /// One concrete packet. Null transport and protocol fields stand for "a value no rule matches on"; TCP ports
    /// only exist when the protocol is 6. <see cref="Unknown"/> holds the value of each unmodelled criterion type.
    /// </summary>
    private sealed record Packet(uint Source, uint Target, long? Protocol, long? TcpSource, long? TcpTarget, ImmutableSortedDictionary<string, string?> Unknown)
    {
        public bool Satisfies(Match match, long inPort) => match switch
        {
            Match.InPort p => p.Port == inPort,
            Match.EthType e => e.Type == 0x0800,
            Match.Ipv4 ip => ip.Contains(ip.Source ? Source : Target),
            Match.IpProto proto => Protocol == proto.Protocol,
            Match.Tcp tcp => Protocol == 6 && (tcp.Source ? TcpSource : TcpTarget) == tcp.Port,
            Match.Unknown unknown => Unknown.GetValueOrDefault(unknown.Type) == unknown.Value,
            _ => false,
        };

        /// <summary>How this packet differs from the typical one, for messages; empty for the typical packet.</summary>
        public string Describe(Packet typical)
        {
            var parts = new List<string>();
            if (Protocol != typical.Protocol)
            {
                parts.Add(Protocol is { } p ? $"IP protocol {p}" : "another IP protocol");
            }
            if (TcpSource != typical.TcpSource && TcpSource is { } s)
            {
                parts.Add($"TCP source port {s}");
            }
            if (TcpTarget != typical.TcpTarget && TcpTarget is { } t)
            {
                parts.Add($"TCP destination port {t}");
            }
            parts.AddRange(Unknown.Where(u => u.Value is not null).Select(u => $"{u.Key} {u.Value}"));
            return parts.Count == 0 ? string.Empty : $" (packets with {string.Join(", ", parts)})";
        }
    }

    private enum Ending
    {
        Delivered,
        Loop,
        BlackHole,
        Misdelivered,
        Unfollowable,
        Ambiguous,
    }

    private sealed record Outcome(Ending Ending, ImmutableArray<string> Devices, ImmutableArray<Hop> Hops, string? At, string What);

    private sealed class PairTracer(
        TopologyModel topology,
        Dictionary<string, ImmutableArray<OnosRule>> byDevice,
        ImmutableArray<OnosRule> rules,
        Flow flow,
        ComputeNode source,
        ComputeNode target,
        SourceText file,
        ImmutableHashSet<long> servicePorts,
        List<Diagnostic> diagnostics)
    {
        private int steps;

        public Route? Trace(List<TraceProblem> problems)
        {
            var requests = Classes(source, target, reply: false);
            var typical = requests[0];
            var outcomes = Walk(typical, source, target);
            var delivered = outcomes.Where(o => o.Ending == Ending.Delivered).ToList();
            Route? route = delivered.Count > 0 ? new Route(flow.Name, source.Name, target.Name, delivered[0].Devices, delivered[0].Hops) : null;
            void Problem(TraceDirection direction, TraceProblemKind kind, Outcome outcome, string what) =>
                problems.Add(new TraceProblem(flow.Name, source.Name, target.Name, direction, kind, outcome.Devices, outcome.At,
                    $"flow '{flow.Name}' from '{source.Name}' to '{target.Name}', {(direction == TraceDirection.Request ? "requests" : "replies")}: {what}"));
            void Judge(TraceDirection direction, Outcome outcome, ImmutableArray<string>? expected, string packets)
            {
                var path = string.Join(" -> ", outcome.Devices);
                switch (outcome.Ending)
                {
                    case Ending.Delivered when expected is null || expected.Value.SequenceEqual(outcome.Devices):
                        break;
                    case Ending.Delivered when direction == TraceDirection.Reply && packets.Length == 0:
                        Problem(direction, TraceProblemKind.Asymmetric, outcome, $"delivered along {path}, not back along the route of the requests ({string.Join(" -> ", expected!.Value)})");
                        break;
                    case Ending.Delivered:
                        Problem(direction, TraceProblemKind.Ambiguous, outcome, $"some packets{packets} are delivered along {path}, another path than {string.Join(" -> ", expected!.Value)}");
                        break;
                    case Ending.Loop:
                        Problem(direction, TraceProblemKind.Loop, outcome, $"packets{packets} loop: {path}, {outcome.What}");
                        break;
                    case Ending.BlackHole:
                        Problem(direction, TraceProblemKind.BlackHole, outcome, $"packets{packets} are lost after {path}: {outcome.What}");
                        break;
                    case Ending.Misdelivered:
                        Problem(direction, TraceProblemKind.Misdelivered, outcome, $"packets{packets} are delivered to the wrong node along {path}: {outcome.What}");
                        break;
                    case Ending.Unfollowable:
                        Problem(direction, TraceProblemKind.Unfollowable, outcome, $"packets{packets} cannot be followed after {path}: {outcome.What}");
                        break;
                    case Ending.Ambiguous:
                        Problem(direction, TraceProblemKind.Ambiguous, outcome, $"packets{packets} reach {path}, where {outcome.What}");
                        break;
                }
            }

            var requestPath = route?.Devices;
            foreach (var outcome in outcomes.Where(o => o.Ending != Ending.Delivered))
            {
                Judge(TraceDirection.Request, outcome, requestPath, string.Empty);
            }
            foreach (var extra in delivered.Skip(1))
            {
                Problem(TraceDirection.Request, TraceProblemKind.Ambiguous, extra, $"a copy of each packet is also delivered along {string.Join(" -> ", extra.Devices)}");
            }
            foreach (var packet in requests.Skip(1))
            {
                foreach (var outcome in Walk(packet, source, target))
                {
                    Judge(TraceDirection.Request, outcome, requestPath, packet.Describe(typical));
                }
            }

            // Replies must come back along the reverse of the request route (when there is one).
            var replies = Classes(target, source, reply: true);
            ImmutableArray<string>? replyPath = requestPath is { } forward ? forward.Reverse().ToImmutableArray() : null;
            foreach (var packet in replies)
            {
                foreach (var outcome in Walk(packet, target, source))
                {
                    Judge(TraceDirection.Reply, outcome, replyPath, packet.Describe(replies[0]));
                }
            }
            return route;
        }

        /// <summary>
        /// The packets to trace from <paramref name="from"/> to <paramref name="to"/>, the typical one first: every
        /// combination of the values rules match on for the fields the flow leaves open.
        /// </summary>
        private List<Packet> Classes(ComputeNode from, ComputeNode to, bool reply)
        {
            var sourceIp = OnosEmitter.Address(from.Ip);
            var targetIp = OnosEmitter.Address(to.Ip);
            // Only rules that can match an IPv4 packet between these addresses split its classes.
            var relevant = rules.Where(r => r.Matches.All(m => m switch
            {
                Match.EthType e => e.Type == 0x0800,
                Match.Ipv4 ip => ip.Contains(ip.Source ? sourceIp : targetIp),
                _ => true,
            })).SelectMany(r => r.Matches).ToList();
            var unknownTypes = relevant.OfType<Match.Unknown>().GroupBy(u => u.Type).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (g.Key, Values: new string?[] { null }.Concat(g.Select(u => u.Value).Distinct().Order(StringComparer.Ordinal)).ToList())).ToList();
            static List<long?> Values(IEnumerable<long> constants) => new long?[] { null }.Concat(constants.Distinct().Order().Select(c => (long?)c)).ToList();
            List<long?> protocols = flow.Port is not null ? [6] : Values(relevant.OfType<Match.IpProto>().Select(p => p.Protocol).Concat(relevant.OfType<Match.Tcp>().Any() ? [6] : []));
            // The client end of a connection uses an ephemeral port, never a port some declared flow targets
            // (specs/onos.md, "Assumptions"); every other value a rule matches on is a class of its own.
            List<long?> tcpSources = flow.Port is { } port && reply ? [port] : Values(relevant.OfType<Match.Tcp>().Where(t => t.Source).Select(t => t.Port).Where(p => flow.Port is null || !servicePorts.Contains(p)));
            List<long?> tcpTargets = flow.Port is { } p2 && !reply ? [p2] : Values(relevant.OfType<Match.Tcp>().Where(t => !t.Source).Select(t => t.Port).Where(p => flow.Port is null || !servicePorts.Contains(p)));

            long count = 0;
            foreach (var protocol in protocols)
            {
                count += protocol == 6 ? (long)tcpSources.Count * tcpTargets.Count : 1;
            }
            count = unknownTypes.Aggregate(count, (c, u) => c * u.Values.Count);
            var typicalUnknown = unknownTypes.ToImmutableSortedDictionary(u => u.Key, _ => (string?)null, StringComparer.Ordinal);
            var typical = new Packet(sourceIp, targetIp, protocols[0], protocols[0] == 6 ? tcpSources[0] : null, protocols[0] == 6 ? tcpTargets[0] : null, typicalUnknown);
            if (count > MaxPacketClasses)
            {
                diagnostics.Add(DiagnosticCatalogue.OnosTraceTruncated(new SourceLocation(file, new TextSpan(0, 0)), flow.Name, from.Name, to.Name, (int)Math.Min(count, int.MaxValue), MaxPacketClasses));
                return [typical];
            }
            var packets = new List<Packet>();
            foreach (var protocol in protocols)
            {
                foreach (var tcpSource in protocol == 6 ? tcpSources : [null])
                {
                    foreach (var tcpTarget in protocol == 6 ? tcpTargets : [null])
                    {
                        IEnumerable<ImmutableSortedDictionary<string, string?>> assignments = [ImmutableSortedDictionary.Create<string, string?>(StringComparer.Ordinal)];
                        foreach (var (type, values) in unknownTypes)
                        {
                            assignments = assignments.SelectMany(a => values.Select(v => a.Add(type, v))).ToList();
                        }
                        packets.AddRange(assignments.Select(a => new Packet(sourceIp, targetIp, protocol, tcpSource, tcpTarget, a)));
                    }
                }
            }
            var first = packets.FindIndex(p => p.Protocol == typical.Protocol && p.TcpSource == typical.TcpSource && p.TcpTarget == typical.TcpTarget && p.Unknown.Values.All(v => v is null));
            packets.RemoveAt(first);
            packets.Insert(0, typical);
            return packets;
        }

        /// <summary>Every way the packet ends, following each copy; the first delivery, if any, is the route.</summary>
        private List<Outcome> Walk(Packet packet, ComputeNode from, ComputeNode to)
        {
            var outcomes = new List<Outcome>();
            var start = topology.FindDevice(from.Device)!;
            Step(packet, to, start, from.Port, [], [], [], outcomes);
            return outcomes;
        }

        private void Step(Packet packet, ComputeNode to, NetworkDevice device, long inPort, ImmutableArray<string> devices, ImmutableArray<Hop> hops,
            ImmutableHashSet<(string, long)> seen, List<Outcome> outcomes)
        {
            var here = devices.Add(device.Name);
            if (seen.Contains((device.Name, inPort)))
            {
                outcomes.Add(new Outcome(Ending.Loop, here, hops, device.Name, $"which it already entered by port {inPort}"));
                return;
            }
            if (++steps > MaxSteps)
            {
                outcomes.Add(new Outcome(Ending.Unfollowable, here, hops, device.Name, $"the trace stopped after {MaxSteps} steps"));
                return;
            }
            seen = seen.Add((device.Name, inPort));
            var matching = byDevice.GetValueOrDefault(device.Name, []).Where(r => r.Matches.All(m => packet.Satisfies(m, inPort))).ToList();
            if (matching.Count == 0)
            {
                outcomes.Add(new Outcome(Ending.BlackHole, here, hops, device.Name, $"no rule on '{device.Name}' matches them (in port {inPort})"));
                return;
            }
            var rule = matching[0];
            var rivals = matching.Where(r => r.Priority == rule.Priority && !r.Actions.SequenceEqual(rule.Actions)).ToList();
            if (rivals.Count > 0)
            {
                outcomes.Add(new Outcome(Ending.Ambiguous, here, hops, device.Name,
                    $"rules at {rule.Location.Display} and {rivals[0].Location.Display} both match with priority {rule.Priority} but act differently"));
                return;
            }
            if (rule.Actions.OfType<RuleAction.Unfollowable>().FirstOrDefault() is { } unfollowable)
            {
                outcomes.Add(new Outcome(Ending.Unfollowable, here, hops, device.Name, $"the rule at {rule.Location.Display} does {unfollowable.What}"));
                return;
            }
            var ports = rule.Actions.Select(a => a is RuleAction.Output o ? o.Port : inPort).Distinct().ToList();
            if (ports.Count == 0)
            {
                outcomes.Add(new Outcome(Ending.BlackHole, here, hops, device.Name, $"the rule at {rule.Location.Display} drops them"));
                return;
            }
            foreach (var port in ports)
            {
                if (topology.NodesByDevice.GetValueOrDefault(device.Name, []).FirstOrDefault(n => n.Port == port) is { } node)
                {
                    outcomes.Add(node.Name == to.Name
                        ? new Outcome(Ending.Delivered, here, hops, null, string.Empty)
                        : new Outcome(Ending.Misdelivered, here, hops, device.Name, $"the rule at {rule.Location.Display} sends them out of port {port} to node '{node.Name}', not '{to.Name}'"));
                }
                else if (topology.OutgoingOf(device.Name).Where(l => l.FromPort == port).Select(l => (DirectedLink?)l).FirstOrDefault() is { } link)
                {
                    var next = topology.FindDevice(link.To)!;
                    Step(packet, to, next, link.ToPort, here, hops.Add(new Hop(link.From, link.FromPort, link.To, link.ToPort)), seen, outcomes);
                }
                else
                {
                    outcomes.Add(new Outcome(Ending.BlackHole, here, hops, device.Name, $"the rule at {rule.Location.Display} sends them out of port {port} of '{device.Name}', where there is no link and no node"));
                }
            }
        }
    }
}
