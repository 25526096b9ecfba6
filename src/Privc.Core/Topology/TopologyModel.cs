using System.Collections.Immutable;
using Privc.Text;

namespace Privc.Topology;

/// <summary>An element a predicate can be evaluated on. <see cref="Attributes"/> includes the built-in ones.</summary>
public interface IAttributed
{
    ElementKind Kind { get; }

    string DisplayName { get; }

    ImmutableSortedDictionary<string, AttributeValue> Attributes { get; }
}

/// <summary>A compute node: where replicas run. Attached to one device port.</summary>
public sealed record ComputeNode(
    string Name,
    ImmutableSortedDictionary<string, string> Labels,
    long CpuMillis,
    long MemoryBytes,
    string Ip,
    string Device,
    int Port,
    decimal Cost,
    ImmutableSortedDictionary<string, AttributeValue> Attributes,
    SourceLocation? Location) : IAttributed
{
    public ElementKind Kind => ElementKind.Node;

    public string DisplayName => Name;

    /// <summary>The addresses the node gives its pods (<c>podCidr</c>), when the topology states them.</summary>
    public Ipv4Prefix? PodCidr { get; init; }

    /// <summary>
    /// The source addresses of the node's replicas' packets: its pod CIDR, or its own address as a /32 when the
    /// topology gives no pod CIDR (specs/onos.md, "Pod addresses and CNI modes").
    /// </summary>
    public Ipv4Prefix PodAddresses => PodCidr ?? Ipv4Prefix.Host(
        System.Net.IPAddress.TryParse(Ip, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? (uint)System.Net.IPAddress.NetworkToHostOrder(BitConverter.ToInt32(address.GetAddressBytes()))
            : throw new InvalidOperationException($"privc bug: node {Name} has no IPv4 address"));
}

/// <summary>A network device (switch or router), named for intents and identified for ONOS (<c>of:...</c>).</summary>
public sealed record NetworkDevice(
    string Id,
    string Name,
    ImmutableSortedDictionary<string, string> Labels,
    ImmutableSortedDictionary<string, AttributeValue> Attributes,
    SourceLocation? Location) : IAttributed
{
    public ElementKind Kind => ElementKind.Device;

    public string DisplayName => Name;
}

/// <summary>
/// A full-duplex link between two device ports. It gives one directed link each way with the same latency,
/// capacity and labels; capacity is per direction.
/// </summary>
public sealed record NetworkLink(
    int Index,
    string DeviceA,
    int PortA,
    string DeviceB,
    int PortB,
    long LatencyMicros,
    long BandwidthBps,
    ImmutableSortedDictionary<string, string> Labels,
    ImmutableSortedDictionary<string, AttributeValue> Attributes,
    SourceLocation? Location) : IAttributed
{
    public ElementKind Kind => ElementKind.Link;

    public string DisplayName => $"{DeviceA}:{PortA}<->{DeviceB}:{PortB}";
}

/// <summary>One direction of a <see cref="NetworkLink"/>.</summary>
public readonly record struct DirectedLink(int Id, NetworkLink Link, string From, int FromPort, string To, int ToPort)
{
    public string DisplayName => $"{From}:{FromPort}->{To}:{ToPort}";
}

/// <summary>
/// The live state lambda of specs/semantics.md: compute nodes, devices and links with their labels. Immutable;
/// indexes for lookups are built once.
/// </summary>
public sealed class TopologyModel
{
    private readonly Dictionary<string, ComputeNode> nodesByName;
    private readonly Dictionary<string, NetworkDevice> devicesByName;
    private readonly Dictionary<string, NetworkDevice> devicesById;

    public TopologyModel(
        string name,
        ImmutableArray<ComputeNode> nodes,
        ImmutableArray<NetworkDevice> devices,
        ImmutableArray<NetworkLink> links,
        ImmutableSortedDictionary<string, ImmutableArray<string>> scales,
        AttributeSchema schema,
        SourceText? source)
    {
        Name = name;
        Nodes = nodes;
        Devices = devices;
        Links = links;
        Scales = scales;
        Schema = schema;
        Source = source;
        nodesByName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        devicesByName = devices.ToDictionary(d => d.Name, StringComparer.Ordinal);
        devicesById = devices.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var directed = ImmutableArray.CreateBuilder<DirectedLink>(links.Length * 2);
        foreach (var link in links)
        {
            directed.Add(new DirectedLink(directed.Count, link, link.DeviceA, link.PortA, link.DeviceB, link.PortB));
            directed.Add(new DirectedLink(directed.Count, link, link.DeviceB, link.PortB, link.DeviceA, link.PortA));
        }
        DirectedLinks = directed.MoveToImmutable();
        Outgoing = DirectedLinks.GroupBy(l => l.From).ToImmutableDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal);
        Incoming = DirectedLinks.GroupBy(l => l.To).ToImmutableDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal);
        NodesByDevice = nodes.GroupBy(n => n.Device).ToImmutableDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal);
    }

    public string Name { get; }

    public ImmutableArray<ComputeNode> Nodes { get; }

    public ImmutableArray<NetworkDevice> Devices { get; }

    public ImmutableArray<NetworkLink> Links { get; }

    /// <summary>Both directions of every link; <see cref="DirectedLink.Id"/> is its index here.</summary>
    public ImmutableArray<DirectedLink> DirectedLinks { get; }

    public ImmutableDictionary<string, ImmutableArray<DirectedLink>> Outgoing { get; }

    public ImmutableDictionary<string, ImmutableArray<DirectedLink>> Incoming { get; }

    public ImmutableDictionary<string, ImmutableArray<ComputeNode>> NodesByDevice { get; }

    public ImmutableSortedDictionary<string, ImmutableArray<string>> Scales { get; }

    public AttributeSchema Schema { get; }

    public SourceText? Source { get; }

    /// <summary>The CNI mode the topology declares, or null when it declares none (privc then assumes a routed one).</summary>
    public ContainerNetwork? Network { get; init; }

    public ComputeNode? FindNode(string name) => nodesByName.GetValueOrDefault(name);

    /// <summary>Finds a device by its name or by its id.</summary>
    public NetworkDevice? FindDevice(string nameOrId) =>
        devicesByName.GetValueOrDefault(nameOrId) ?? devicesById.GetValueOrDefault(nameOrId);

    public ImmutableArray<DirectedLink> OutgoingOf(string device) =>
        Outgoing.TryGetValue(device, out var links) ? links : ImmutableArray<DirectedLink>.Empty;

    public ImmutableArray<DirectedLink> IncomingOf(string device) =>
        Incoming.TryGetValue(device, out var links) ? links : ImmutableArray<DirectedLink>.Empty;
}
