using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Checking;

/// <summary>
/// A route of the configuration read against lambda: the devices it names that exist, the hops that are directed
/// links of the topology, and whether every device and hop was found (only then is its latency meaningful).
/// </summary>
internal sealed record ResolvedRoute(
    Route Route,
    Flow Flow,
    ComputeNode Source,
    ComputeNode Target,
    ImmutableArray<NetworkDevice> Devices,
    ImmutableArray<DirectedLink> Links,
    bool Complete)
{
    public long LatencyMicros => Links.Sum(l => l.Link.LatencyMicros);

    public int HopCount => Route.Hops.Length;

    public Witness Witness => new()
    {
        Flow = Flow.Name,
        SourceNode = Source.Name,
        TargetNode = Target.Name,
        DevicePath = Route.Devices.IsDefault ? [] : Route.Devices,
    };
}
