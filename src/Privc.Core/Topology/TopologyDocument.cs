using System.Collections.Immutable;

namespace Privc.Topology;

/// <summary>A device as a topology file states it: id, name and labels, before any typing.</summary>
public sealed record DeviceEntry(string Id, string Name, ImmutableSortedDictionary<string, string> Labels);

/// <summary>A compute node as a topology file states it. CPU in millicores, memory in bytes; 0 means "not given".</summary>
public sealed record NodeEntry(
    string Name,
    ImmutableSortedDictionary<string, string> Labels,
    long CpuMillis,
    long MemoryBytes,
    decimal Cost,
    string Ip,
    string Device,
    int Port)
{
    /// <summary>The addresses the node gives its pods (Kubernetes' <c>spec.podCIDR</c>), when the topology states them.</summary>
    public Ipv4Prefix? PodCidr { get; init; }
}

/// <summary>A full-duplex link as a topology file states it.</summary>
public sealed record LinkEntry(
    string DeviceA,
    int PortA,
    string DeviceB,
    int PortB,
    long LatencyMicros,
    long BandwidthBps,
    ImmutableSortedDictionary<string, string> Labels);

/// <summary>
/// The untyped content of a topology file (the shape of <see cref="TopologyModel"/> without the attribute schema),
/// and the form every topology takes between YAML and the model. Producers that build topologies (the Topology Zoo
/// importer, <c>topology pull</c>, property-test generators) create one and hand it to <see cref="TopologyWriter"/>;
/// <see cref="TopologyLoader"/> reads YAML back into one (<see cref="TopologyReader"/>) before resolving and typing it
/// into a model, so reading what the writer wrote gives back the same document.
/// </summary>
public sealed record TopologyDocument(
    string Name,
    ImmutableSortedDictionary<string, ImmutableArray<string>> Scales,
    ImmutableArray<DeviceEntry> Devices,
    ImmutableArray<NodeEntry> Nodes,
    ImmutableArray<LinkEntry> Links)
{
    /// <summary>The CNI mode the topology declares (<c>network: {cni: MODE}</c>), or null when it says nothing.</summary>
    public string? Cni { get; init; }

    /// <summary>The document a loaded (or constructed) model was read from, up to ordering and formatting.</summary>
    public static TopologyDocument From(TopologyModel model) => new(
        model.Name,
        model.Scales,
        model.Devices.Select(d => new DeviceEntry(d.Id, d.Name, d.Labels)).ToImmutableArray(),
        model.Nodes.Select(n => new NodeEntry(n.Name, n.Labels, n.CpuMillis, n.MemoryBytes, n.Cost, n.Ip, n.Device, n.Port) { PodCidr = n.PodCidr }).ToImmutableArray(),
        model.Links.Select(l => new LinkEntry(l.DeviceA, l.PortA, l.DeviceB, l.PortB, l.LatencyMicros, l.BandwidthBps, l.Labels)).ToImmutableArray())
    {
        Cni = model.Network?.Cni,
    };
}
