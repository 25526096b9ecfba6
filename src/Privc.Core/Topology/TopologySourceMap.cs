using System.Collections.Immutable;
using Privc.Text;

namespace Privc.Topology;

/// <summary>
/// Where each part of a <see cref="TopologyDocument"/> was written in its YAML file, entry by entry in the document's
/// order, so that the checks after reading (references, ports, label types, label trust) point at the text.
/// </summary>
internal sealed record TopologySourceMap(
    SourceLocation Root,
    SourceLocation? NodesKey,
    ImmutableArray<DeviceSource> Devices,
    ImmutableArray<NodeSource> Nodes,
    ImmutableArray<LinkSource> Links)
{
    /// <summary>Where the CNI mode (<c>network.cni</c>) was written, when it was.</summary>
    public SourceLocation? Cni { get; init; }
}

/// <summary>Where each label's key and value were written.</summary>
internal sealed record LabelSource(
    ImmutableSortedDictionary<string, SourceLocation> Keys,
    ImmutableSortedDictionary<string, SourceLocation> Values);

/// <param name="Entry">The whole device entry.</param>
/// <param name="Id">The id, or the name when the id was left out (and the other way round).</param>
/// <param name="Name">The name, or the id when the name was left out.</param>
/// <param name="Labels">Where its labels were written.</param>
internal sealed record DeviceSource(SourceLocation Entry, SourceLocation Id, SourceLocation Name, LabelSource Labels);

/// <param name="Entry">The whole node entry.</param>
/// <param name="Name">The node's name.</param>
/// <param name="Ip">The address, or the whole entry when it has none.</param>
/// <param name="Device">The attachment's device reference.</param>
/// <param name="Port">The attachment's port.</param>
/// <param name="Labels">Where its labels were written.</param>
internal sealed record NodeSource(SourceLocation Entry, SourceLocation Name, SourceLocation Ip, SourceLocation Device, SourceLocation Port, LabelSource Labels)
{
    /// <summary>Where the pod CIDR was written, when it was.</summary>
    public SourceLocation? PodCidr { get; init; }
}

internal sealed record LinkSource(
    SourceLocation Entry,
    SourceLocation DeviceA,
    SourceLocation PortA,
    SourceLocation DeviceB,
    SourceLocation PortB,
    LabelSource Labels);

/// <summary>A topology document as read from YAML, with where each part of it was written.</summary>
internal sealed record ReadTopology(TopologyDocument Document, TopologySourceMap Map, SourceText Source);
