using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Privc.Verification.Encoding;
using Privc.Verification.Restrictions;

namespace Privc.Verification.Decomposition;

/// <summary>
/// Everything a single route must satisfy (specs/encoding.md section 10): the devices and directed links it may use,
/// latency and hop bounds, and waypoint chains (per chain, per waypoint, the devices that match it). A flow's
/// condition comes from its <see cref="FlowNetwork"/>; a W3 coincidence class's condition is the conjunction of its
/// items' conditions, with those of reverse items mirrored (<see cref="Mirror"/>, <see cref="And"/>).
/// <see cref="Intents"/> are the intents whose conditions shaped it: what a fact or nogood derived from it depends on.
/// </summary>
public sealed class RouteCondition
{
    public RouteCondition(bool[] devices, bool[] links, long? maxLatency, int? maxHops, ImmutableArray<ImmutableArray<bool[]>> chains, ImmutableSortedSet<string> intents)
    {
        Devices = devices;
        Links = links;
        MaxLatency = maxLatency;
        MaxHops = maxHops;
        Chains = chains;
        Intents = intents;
        Key = BuildKey();
    }

    /// <summary>Allowed devices, by device index.</summary>
    public bool[] Devices { get; }

    /// <summary>Usable directed links, by link id (both ends are allowed devices).</summary>
    public bool[] Links { get; }

    public long? MaxLatency { get; }

    public int? MaxHops { get; }

    public ImmutableArray<ImmutableArray<bool[]>> Chains { get; }

    public ImmutableSortedSet<string> Intents { get; }

    /// <summary>A canonical text of the condition (not of its intents): equal keys mean equal route sets.</summary>
    public string Key { get; }

    public bool HasChains => Chains.Any(c => c.Length > 0);

    public static RouteCondition FromNetwork(NetworkIndex index, FlowNetwork network, IEnumerable<string> intents)
    {
        var devices = new bool[index.DeviceCount];
        foreach (var device in network.AllowedDevices)
        {
            devices[index.Device(device)] = true;
        }
        var links = new bool[index.LinkCount];
        foreach (var link in network.Links)
        {
            links[link.Id] = true;
        }
        var chains = network.Waypoints.Select(w => w.Chain.Select(predicate =>
        {
            var matching = new bool[index.DeviceCount];
            for (var d = 0; d < index.DeviceCount; d++)
            {
                matching[d] = devices[d] && WaypointRestriction.IsWaypoint(predicate, index.Topology.Devices[d]);
            }
            return matching;
        }).ToImmutableArray()).ToImmutableArray();
        return new RouteCondition(devices, links, network.MaxLatency, network.MaxHops, chains, intents.ToImmutableSortedSet(StringComparer.Ordinal));
    }

    /// <summary>The condition on a route read backwards: links reversed, chains in reverse order.</summary>
    public RouteCondition Mirror(NetworkIndex index)
    {
        var links = new bool[Links.Length];
        for (var id = 0; id < Links.Length; id++)
        {
            links[index.Reverse[id]] = Links[id];
        }
        var chains = Chains.Select(c => c.Reverse().ToImmutableArray()).ToImmutableArray();
        return new RouteCondition(Devices, links, MaxLatency, MaxHops, chains, Intents);
    }

    /// <summary>Both conditions at once: the route sets intersect.</summary>
    public RouteCondition And(RouteCondition other)
    {
        var devices = new bool[Devices.Length];
        for (var d = 0; d < devices.Length; d++)
        {
            devices[d] = Devices[d] && other.Devices[d];
        }
        var links = new bool[Links.Length];
        for (var l = 0; l < links.Length; l++)
        {
            links[l] = Links[l] && other.Links[l];
        }
        long? latency = MaxLatency is { } a ? (other.MaxLatency is { } b ? Math.Min(a, b) : a) : other.MaxLatency;
        int? hops = MaxHops is { } h ? (other.MaxHops is { } k ? Math.Min(h, k) : h) : other.MaxHops;
        var chains = Chains.Concat(other.Chains).DistinctBy(ChainKey, StringComparer.Ordinal).ToImmutableArray();
        return new RouteCondition(devices, links, latency, hops, chains, Intents.Union(other.Intents));
    }

    private string BuildKey()
    {
        var text = new StringBuilder();
        AppendBits(text, Devices);
        text.Append('/');
        AppendBits(text, Links);
        text.Append('/').Append(MaxLatency?.ToString(CultureInfo.InvariantCulture) ?? "-")
            .Append('/').Append(MaxHops?.ToString(CultureInfo.InvariantCulture) ?? "-");
        foreach (var chain in Chains.Select(ChainKey).Order(StringComparer.Ordinal))
        {
            text.Append('/').Append(chain);
        }
        return text.ToString();
    }

    private static string ChainKey(ImmutableArray<bool[]> chain)
    {
        var text = new StringBuilder("c");
        foreach (var waypoint in chain)
        {
            text.Append(':');
            AppendBits(text, waypoint);
        }
        return text.ToString();
    }

    /// <summary>Bits as hexadecimal nibbles: compact, and equal exactly when the sets are equal.</summary>
    private static void AppendBits(StringBuilder text, bool[] bits)
    {
        for (var i = 0; i < bits.Length; i += 4)
        {
            var nibble = 0;
            for (var j = 0; j < 4 && i + j < bits.Length; j++)
            {
                nibble |= bits[i + j] ? 1 << j : 0;
            }
            text.Append("0123456789abcdef"[nibble]);
        }
    }
}
