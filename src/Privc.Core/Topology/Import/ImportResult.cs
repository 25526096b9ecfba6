using System.Collections.Immutable;
using Privc.Diagnostics;

namespace Privc.Topology.Import;

/// <summary>How many of each Topology Zoo gotcha an import met and handled (printed by the CLI's summary).</summary>
public sealed record ImportStatistics(
    int Devices,
    int Links,
    int Nodes,
    int NoCoordinates,
    int PositionsEstimated,
    int LinksWithEstimatedLatency,
    int NoCountry,
    int UnknownCountry,
    int Junctions,
    int ExternalWithoutCompute,
    int ParallelEdges,
    int SelfLoops,
    int DirectedEdges,
    int DefaultBandwidthLinks,
    int RenamedNodes,
    int Components);

/// <summary>
/// The outcome of an import: the topology document (absent when there is an error), every diagnostic, the counts,
/// and the comment lines that state the data's provenance at the top of the written file.
/// </summary>
public sealed record ImportResult(
    TopologyDocument? Document,
    ImmutableArray<Diagnostic> Diagnostics,
    ImportStatistics? Statistics,
    ImmutableArray<string> Header)
{
    public bool Succeeded => Document is not null;
}
