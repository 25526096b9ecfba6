using System.Collections.Immutable;
using Privc.Topology;

namespace Privc.Verification.Decomposition;

/// <summary>
/// The topology's devices and directed links as dense integer arrays, built once per verification, so that the route
/// searches of level 0 and level 2 (specs/encoding.md sections 10 and 12) run over arrays instead of name lookups.
/// Device indices follow <see cref="TopologyModel.Devices"/>; link indices are <see cref="DirectedLink.Id"/>.
/// </summary>
public sealed class NetworkIndex
{
    public NetworkIndex(TopologyModel topology)
    {
        Topology = topology;
        DeviceNames = topology.Devices.Select(d => d.Name).ToImmutableArray();
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < DeviceNames.Length; i++)
        {
            byName[DeviceNames[i]] = i;
        }
        deviceIndex = byName;
        var links = topology.DirectedLinks;
        LinkFrom = links.Select(l => byName[l.From]).ToArray();
        LinkTo = links.Select(l => byName[l.To]).ToArray();
        LinkLatency = links.Select(l => l.Link.LatencyMicros).ToArray();
        LinkBandwidth = links.Select(l => l.Link.BandwidthBps).ToArray();
        Reverse = new int[links.Length];
        foreach (var group in links.GroupBy(l => l.Link.Index))
        {
            var pair = group.ToList();
            Reverse[pair[0].Id] = pair[1].Id;
            Reverse[pair[1].Id] = pair[0].Id;
        }
        var outgoing = new List<int>[DeviceNames.Length];
        var incoming = new List<int>[DeviceNames.Length];
        for (var d = 0; d < DeviceNames.Length; d++)
        {
            outgoing[d] = new List<int>();
            incoming[d] = new List<int>();
        }
        foreach (var link in links)
        {
            outgoing[LinkFrom[link.Id]].Add(link.Id);
            incoming[LinkTo[link.Id]].Add(link.Id);
        }
        Outgoing = outgoing.Select(l => l.ToArray()).ToArray();
        Incoming = incoming.Select(l => l.ToArray()).ToArray();
    }

    private readonly Dictionary<string, int> deviceIndex;

    public TopologyModel Topology { get; }

    public ImmutableArray<string> DeviceNames { get; }

    public int DeviceCount => DeviceNames.Length;

    public int LinkCount => LinkFrom.Length;

    public int[] LinkFrom { get; }

    public int[] LinkTo { get; }

    public long[] LinkLatency { get; }

    public long[] LinkBandwidth { get; }

    /// <summary>The other direction of the same cable.</summary>
    public int[] Reverse { get; }

    /// <summary>Directed link ids leaving each device, in link id order.</summary>
    public int[][] Outgoing { get; }

    /// <summary>Directed link ids entering each device, in link id order.</summary>
    public int[][] Incoming { get; }

    public int Device(string name) => deviceIndex[name];

    public DirectedLink Link(int id) => Topology.DirectedLinks[id];
}
