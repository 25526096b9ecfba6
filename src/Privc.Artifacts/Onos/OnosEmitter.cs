using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Privc.Diagnostics;
using Privc.Artifacts.Emit;
using Privc.Text;
using Privc.Checking;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Artifacts.Onos;

/// <summary>What <see cref="OnosEmitter.Build(Privc.Semantics.BoundProgram, Privc.Topology.TopologyModel, Privc.Checking.Configuration, string, bool)"/> produced: the files, or error diagnostics when the routes cannot be installed.</summary>
public sealed record OnosEmission(ImmutableArray<ArtifactFile> Files, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>The (flow, failure) pairs no fast-failover group bypasses (PRIV4020): those packets are dropped on that failure.</summary>
    internal ImmutableArray<FailoverTolerance.Failure> Unprotected { get; init; } = [];

    /// <summary>The certificate digest the intents cite (with a resilient plan's groups in it); null when nothing was emitted.</summary>
    public string? CertificateDigest { get; init; }

    public bool Succeeded => !Diagnostics.Any(d => d.IsError);
}

/// <summary>Thrown by <see cref="OnosEmitter.Emit"/> when the plan's routes cannot be realised as flow rules.</summary>
internal sealed class OnosEmitException(ImmutableArray<Diagnostic> diagnostics)
    : Exception(string.Join("\n", diagnostics.Select(d => d.Message)))
{
    public ImmutableArray<Diagnostic> Diagnostics { get; } = diagnostics;
}

/// <summary>
/// ONOS flow rules that pin every proven route (specs/onos.md): for each route of the plan and each device on it,
/// one rule for the request direction and one for the reply direction, matching the ingress port and the two node
/// addresses (and the flow's TCP port when two packet paths between the same addresses differ), output to the
/// port the route leaves by. <c>onos/flows.json</c> is the body of <c>POST /onos/v1/flows</c>.
/// </summary>
public static class OnosEmitter
{
    /// <summary>The opening every privc flow rule shares (ONOS's FlowRuleCodec fields), up to the treatment's instruction list.</summary>
    internal static void WriteRuleStart(Utf8JsonWriter json, int priority, string deviceId)
    {
        json.WriteStartObject();
        json.WriteNumber("priority", priority);
        json.WriteNumber("timeout", 0);
        json.WriteBoolean("isPermanent", true);
        json.WriteString("deviceId", deviceId);
        json.WriteString("appId", AppId);
        json.WriteStartObject("treatment");
        json.WriteStartArray("instructions");
    }

    /// <summary>
    /// The priority of every emitted rule and intent: far above ONOS's reactive forwarding (10); the core's ARP and
    /// LLDP traps share it but match other ether types, so no packet matches both.
    /// </summary>
    public const int Priority = 40000;

    /// <summary>The ONOS application the rules belong to; <c>DELETE /onos/v1/flows/application/io.privc</c> removes them.</summary>
    public const string AppId = "io.privc";

    public const string FlowsPath = "onos/flows.json";

    /// <summary>The fast-failover groups of a resilient plan: <c>{"groups":[...]}</c>, each the body of one <c>POST /onos/v1/groups/{deviceId}</c>.</summary>
    public const string GroupsPath = "onos/groups.json";

    /// <summary>The folder of the intent files: one PointToPointIntent per file, each the body of one <c>POST /onos/v1/intents</c>.</summary>
    public const string IntentsFolder = "onos/intents/";

    /// <summary>The files for a proven plan; throws <see cref="OnosEmitException"/> when <see cref="Build(BoundProgram, TopologyModel, Configuration, string, bool)"/> reports errors.</summary>
    public static ImmutableArray<ArtifactFile> Emit(BoundProgram program, TopologyModel topology, Configuration plan, string certificateDigest)
    {
        var emission = Build(program, topology, plan, certificateDigest);
        return emission.Succeeded ? emission.Files : throw new OnosEmitException(emission.Diagnostics);
    }

    /// <summary>The files for a proven plan, or the reasons its routes cannot be installed as flow rules without ambiguity.</summary>
    /// <remarks>With <paramref name="failover"/> (a resilient plan) also fast-failover groups (<c>onos/groups.json</c>) and the detours' rules, see <see cref="FailoverPlanner"/>.</remarks>
    public static OnosEmission Build(BoundProgram program, TopologyModel topology, Configuration plan, string certificateDigest, bool failover = false) =>
        Build(program, topology, plan, _ => certificateDigest, failover);

    /// <summary>
    /// As <see cref="Build(BoundProgram, TopologyModel, Configuration, string, bool)"/>, with the certificate's digest
    /// taken once the groups are known (<paramref name="certificateDigest"/> hears groups.json's text, or null): the
    /// digest covers the groups (<see cref="Emit.CertificateWriter.Digest"/>), and the intents cite it.
    /// </summary>
    public static OnosEmission Build(BoundProgram program, TopologyModel topology, Configuration plan, Func<string?, string> certificateDigest, bool failover = false)
    {
        if (PodNetworkPolicy.Refusal(topology) is { } refusal)
        {
            return new OnosEmission([], [refusal]);
        }
        var paths = PacketPaths(program, topology, plan);
        var diagnostics = new List<Diagnostic>();
        var rules = new List<FlowRuleSpec>();
        var selected = new List<(PacketPath Path, bool UseTransport)>();
        foreach (var group in paths.GroupBy(p => (p.SourcePrefix, p.TargetPrefix)).OrderBy(g => g.Key.SourcePrefix.Address).ThenBy(g => g.Key.TargetPrefix.Address))
        {
            var members = group.ToList();
            var distinct = members.Select(p => p.StepsKey).Distinct(StringComparer.Ordinal).Count();
            if (distinct == 1)
            {
                // Every packet between these two addresses follows the same devices and ports: match on addresses.
                rules.AddRange(members[0].Rules(useTransport: false));
                selected.AddRange(members.Select(p => (p, false)));
                continue;
            }
            foreach (var path in members.Where(p => p.Flow.Port is null).DistinctBy(p => (p.Flow.Name, p.Route.SourceNode, p.Route.TargetNode)))
            {
                diagnostics.Add(DiagnosticCatalogue.OnosRoutesNotRealisable(path.Flow.Location, path.Flow.Name,
                    $"its packets between '{path.Route.SourceNode}' and '{path.Route.TargetNode}' take a route that differs from another route between the same nodes, and the flow has no port to tell them apart"));
            }
            rules.AddRange(members.Where(p => p.Flow.Port is not null).SelectMany(p => p.Rules(useTransport: true)));
            selected.AddRange(members.Where(p => p.Flow.Port is not null).Select(p => (p, true)));
        }

        var unique = rules.Distinct().OrderBy(r => r, FlowRuleSpec.Order).ToList();
        foreach (var device in unique.GroupBy(r => r.DeviceId))
        {
            var onDevice = device.ToList();
            for (var i = 0; i < onDevice.Count; i++)
            {
                for (var j = i + 1; j < onDevice.Count; j++)
                {
                    if (onDevice[i].OutPort != onDevice[j].OutPort && onDevice[i].Overlaps(onDevice[j]))
                    {
                        var flow = paths.First(p => p.Flow.Name == onDevice[j].Flow).Flow;
                        diagnostics.Add(DiagnosticCatalogue.OnosRoutesNotRealisable(flow.Location, flow.Name,
                            $"on device '{device.Key}' packets matching both {onDevice[i].Describe()} and {onDevice[j].Describe()} would have to leave by ports {onDevice[i].OutPort} and {onDevice[j].OutPort}"));
                    }
                }
            }
        }
        var (arp, arpProblems) = ArpRules.Build(topology, paths);
        diagnostics.AddRange(arpProblems);
        if (diagnostics.Count > 0)
        {
            return new OnosEmission([], diagnostics.Distinct().Order().ToImmutableArray());
        }
        var extra = ImmutableArray<ArtifactFile>.Empty;
        var warnings = ImmutableArray<Diagnostic>.Empty;
        var unprotected = ImmutableArray<FailoverTolerance.Failure>.Empty;
        if (failover)
        {
            var planned = FailoverPlanner.Plan(program, topology, selected, unique);
            unique = [.. planned.Rules];
            extra = [new ArtifactFile(GroupsPath, OnosGroupSpec.WriteAll(planned.Groups))];
            unprotected = planned.Unprotected;
            var (followed, arpFindings) = ArpFailover.Build(topology, paths, planned.Detours);
            if (arpFindings.Any(d => d.IsError))
            {
                return new OnosEmission([], arpFindings);
            }
            arp = followed;
            warnings = [.. planned.Warnings.Concat(arpFindings).Distinct().Order()];
        }
        var flows = new ArtifactFile(FlowsPath, WriteFlows(unique, arp));
        var digest = certificateDigest(extra.IsEmpty ? null : extra[0].Content);
        return new OnosEmission([flows, .. extra, .. OnosIntents.Write(program, topology, selected, digest)], warnings) { Unprotected = unprotected, CertificateDigest = digest };
    }

    /// <summary>Both directions of every non-empty route, device by device with the ports a packet enters and leaves by.</summary>
    internal static List<PacketPath> PacketPaths(BoundProgram program, TopologyModel topology, Configuration plan)
    {
        var result = new List<PacketPath>();
        foreach (var route in plan.Routes.Where(r => !r.Devices.IsDefaultOrEmpty))
        {
            var flow = program.Flow(route.Flow);
            var source = topology.FindNode(route.SourceNode) ?? throw Bug($"route of {route.Flow} starts at unknown node {route.SourceNode}");
            var target = topology.FindNode(route.TargetNode) ?? throw Bug($"route of {route.Flow} ends at unknown node {route.TargetNode}");
            var devices = route.Devices.Select(d => topology.FindDevice(d) ?? throw Bug($"route of {route.Flow} names unknown device {d}")).ToArray();
            var n = devices.Length;
            if (route.Hops.Length != n - 1)
            {
                throw Bug($"route of {route.Flow} from {source.Name} to {target.Name} has {n} devices and {route.Hops.Length} hops");
            }
            var forward = new List<Step>();
            var reverse = new List<Step>();
            for (var i = 0; i < n; i++)
            {
                var inPort = i == 0 ? source.Port : route.Hops[i - 1].ToPort;
                var outPort = i == n - 1 ? target.Port : route.Hops[i].FromPort;
                forward.Add(new Step(devices[i], inPort, outPort));
            }
            for (var i = n - 1; i >= 0; i--)
            {
                reverse.Add(new Step(devices[i], forward[i].OutPort, forward[i].InPort));
            }
            result.Add(new PacketPath(flow, route, source, target, Reply: false, [.. forward]));
            result.Add(new PacketPath(flow, route, target, source, Reply: true, [.. reverse]));
        }
        return result;
    }

    private static InvalidOperationException Bug(string message) => new($"privc bug: the plan was checked, but {message}");

    private static string WriteFlows(IEnumerable<FlowRuleSpec> rules, IEnumerable<ArpRuleSpec> arp) => JsonText.Write(json =>
    {
        json.WriteStartObject();
        json.WriteStartArray("flows");
        foreach (var rule in rules)
        {
            rule.Write(json);
        }
        foreach (var rule in arp)
        {
            rule.Write(json);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });

    internal static uint Address(string ip) =>
        IPAddress.TryParse(ip, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? (uint)IPAddress.NetworkToHostOrder(BitConverter.ToInt32(address.GetAddressBytes()))
            : throw Bug($"node address {ip} is not IPv4");
}

/// <summary>One device of a packet path: the port a packet enters by and the port it must leave by.</summary>
internal sealed record Step(NetworkDevice Device, int InPort, int OutPort);

/// <summary>The path of one direction of one route: requests go from the flow's source to its target, replies back.</summary>
internal sealed record PacketPath(Flow Flow, Route Route, ComputeNode Source, ComputeNode Target, bool Reply, ImmutableArray<Step> Steps)
{
    /// <summary>The source's pod addresses (its pod CIDR, or its address as a /32).</summary>
    public Ipv4Prefix SourcePrefix => Source.PodAddresses;

    public Ipv4Prefix TargetPrefix => Target.PodAddresses;

    public string StepsKey => string.Join(";", Steps.Select(s => $"{s.Device.Id}:{s.InPort}:{s.OutPort}"));

    /// <summary>
    /// The rules for this path. With transport matching, requests match IP_PROTO 6 and TCP_DST = the flow's port,
    /// replies IP_PROTO 6 and TCP_SRC = the flow's port.
    /// </summary>
    public IEnumerable<FlowRuleSpec> Rules(bool useTransport) => Steps.Select(s => new FlowRuleSpec(
        s.Device.Id,
        s.InPort,
        SourcePrefix,
        TargetPrefix,
        useTransport && !Reply ? Flow.Port : null,
        useTransport && Reply ? Flow.Port : null,
        s.OutPort,
        Flow.Name));
}

/// <summary>One emitted rule. <see cref="Flow"/> names a flow that needs it (for messages) and is not part of equality.</summary>
internal sealed record FlowRuleSpec(string DeviceId, int InPort, Ipv4Prefix SourceIp, Ipv4Prefix TargetIp, int? TcpDst, int? TcpSrc, int OutPort, string Flow)
{
    /// <summary>The fast-failover group the rule sends its packets to instead of <see cref="OutPort"/> (resilient plans).</summary>
    public long? GroupId { get; init; }

    public static IComparer<FlowRuleSpec> Order { get; } = Comparer<FlowRuleSpec>.Create((a, b) =>
    {
        var c = string.CompareOrdinal(a.DeviceId, b.DeviceId);
        if (c == 0)
        {
            c = a.InPort.CompareTo(b.InPort);
        }

        if (c == 0)
        {
            c = a.SourceIp.Address.CompareTo(b.SourceIp.Address);
        }

        if (c == 0)
        {
            c = a.SourceIp.Length.CompareTo(b.SourceIp.Length);
        }

        if (c == 0)
        {
            c = a.TargetIp.Address.CompareTo(b.TargetIp.Address);
        }

        if (c == 0)
        {
            c = a.TargetIp.Length.CompareTo(b.TargetIp.Length);
        }

        if (c == 0)
        {
            c = Nullable.Compare(a.TcpDst, b.TcpDst);
        }

        if (c == 0)
        {
            c = Nullable.Compare(a.TcpSrc, b.TcpSrc);
        }

        if (c == 0)
        {
            c = a.OutPort.CompareTo(b.OutPort);
        }

        return c;
    });

    public bool Equals(FlowRuleSpec? other) =>
        other is not null && DeviceId == other.DeviceId && InPort == other.InPort && SourceIp == other.SourceIp && TargetIp == other.TargetIp
        && TcpDst == other.TcpDst && TcpSrc == other.TcpSrc && OutPort == other.OutPort && GroupId == other.GroupId;

    public override int GetHashCode() => HashCode.Combine(DeviceId, InPort, SourceIp, TargetIp, TcpDst, TcpSrc, OutPort);

    /// <summary>Whether some packet matches both selectors (same device assumed).</summary>
    /// <summary>
    /// Whether some packet matches both selectors (same device assumed). A request rule (TCP_DST) and a reply rule
    /// (TCP_SRC) would only share packets whose client port is a service port, which privc assumes never happens
    /// (specs/onos.md, "Assumptions"); the request rule's higher priority decides such packets anyway.
    /// </summary>
    public bool Overlaps(FlowRuleSpec other) =>
        InPort == other.InPort && SourceIp.Overlaps(other.SourceIp) && TargetIp.Overlaps(other.TargetIp)
        && (TcpDst is null || other.TcpDst is null || TcpDst == other.TcpDst)
        && (TcpSrc is null || other.TcpSrc is null || TcpSrc == other.TcpSrc)
        && !(IsRequest && other.IsReply) && !(IsReply && other.IsRequest);

    private bool IsRequest => TcpDst is not null && TcpSrc is null;

    private bool IsReply => TcpSrc is not null && TcpDst is null;

    /// <summary>Request rules that match a TCP port win over reply rules on the rare packet both match.</summary>
    public int Priority => IsRequest ? OnosEmitter.Priority + 1 : OnosEmitter.Priority;

    public string Describe() =>
        $"in port {InPort}, {SourceIp} -> {TargetIp}{(TcpDst is { } d ? $", TCP destination port {d}" : string.Empty)}{(TcpSrc is { } s ? $", TCP source port {s}" : string.Empty)}";

    internal static string Ip(uint address) =>
        string.Join(".", new[] { address >> 24, (address >> 16) & 255, (address >> 8) & 255, address & 255 }.Select(b => b.ToString(CultureInfo.InvariantCulture)));

    public void Write(Utf8JsonWriter json)
    {
        OnosEmitter.WriteRuleStart(json, Priority, DeviceId);
        json.WriteStartObject();
        if (GroupId is { } group)
        {
            json.WriteString("type", "GROUP");
            json.WriteNumber("groupId", group);
        }
        else
        {
            json.WriteString("type", "OUTPUT");
            json.WriteString("port", OutPort.ToString(CultureInfo.InvariantCulture));
        }
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartArray("deferred");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartObject("selector");
        json.WriteStartArray("criteria");
        WriteSelector(json, InPort, SourceIp, TargetIp, TcpDst, TcpSrc);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The criteria, prerequisites first: ETH_TYPE before IPv4 matches, IP_PROTO before TCP ports.</summary>
    internal static void WriteSelector(Utf8JsonWriter json, int? inPort, Ipv4Prefix sourceIp, Ipv4Prefix targetIp, int? tcpDst, int? tcpSrc)
    {
        void Criterion(string type, Action write)
        {
            json.WriteStartObject();
            json.WriteString("type", type);
            write();
            json.WriteEndObject();
        }
        if (inPort is { } port)
        {
            Criterion("IN_PORT", () => json.WriteNumber("port", port));
        }
        Criterion("ETH_TYPE", () => json.WriteString("ethType", "0x0800"));
        Criterion("IPV4_SRC", () => json.WriteString("ip", sourceIp.ToString()));
        Criterion("IPV4_DST", () => json.WriteString("ip", targetIp.ToString()));
        if (tcpDst is not null || tcpSrc is not null)
        {
            Criterion("IP_PROTO", () => json.WriteNumber("protocol", 6));
        }
        if (tcpDst is { } dst)
        {
            Criterion("TCP_DST", () => json.WriteNumber("tcpPort", dst));
        }
        if (tcpSrc is { } src)
        {
            Criterion("TCP_SRC", () => json.WriteNumber("tcpPort", src));
        }
    }
}
