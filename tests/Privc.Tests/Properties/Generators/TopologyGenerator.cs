using Privc.Tests.Reference;
using System.Collections.Immutable;
using System.Globalization;
using Privc.Topology;

namespace Privc.Tests.Properties.Generators;

/// <summary>
/// Random connected networks small enough for <see cref="ExhaustiveSearch"/>: 3-6 devices joined by a
/// random spanning tree plus up to two extra (possibly parallel) cables, and 2-6 compute nodes of several tiers and
/// jurisdictions attached to them. Devices carry jurisdiction, trust (a scale) and role; nodes jurisdiction, tier, tee
/// and zone; links encrypted; but about one label in six is missing (never on the first element of each kind, so the
/// schema keeps every key), so the three-valued reading of missing facts is exercised. Latencies, bandwidths,
/// capacities vary; costs are whole numbers or have four decimals, as real prices do. Deterministic per seed.
/// </summary>
public static class TopologyGenerator
{
    public static readonly ImmutableArray<string> TrustScale = ["low", "medium", "high"];
    private static readonly string[] Jurisdictions = ["AU", "SG", "US"];
    private static readonly string[] Tiers = ["edge", "fog", "cloud"];
    private static readonly string[] Zones = ["a", "b", "c"];
    private static readonly string[] Roles = ["core", "firewall", "transit"];
    private static readonly long[] Latencies = [500, 1_000, 2_000, 5_000, 10_000, 20_000];
    private static readonly long[] Bandwidths = [100_000_000, 1_000_000_000, 10_000_000_000];

    public static TopologyDocument Generate(Random random)
    {
        var deviceCount = random.Next(3, 7);
        var nodeCount = random.Next(2, 7);
        var nextPort = new int[deviceCount];
        int Port(int device) => ++nextPort[device];
        string DeviceName(int device) => "s" + (device + 1).ToString(CultureInfo.InvariantCulture);

        var devices = Enumerable.Range(0, deviceCount).Select(d => new DeviceEntry(
            $"of:{d + 1:0000000000000000}",
            DeviceName(d),
            Partial(random, d == 0,
                ("jurisdiction", Pick(random, Jurisdictions)),
                ("role", Pick(random, Roles)),
                ("trust", Pick(random, TrustScale.ToArray()))))).ToImmutableArray();

        var links = new List<LinkEntry>();
        LinkEntry Cable(int a, int b) => new(
            DeviceName(a), Port(a), DeviceName(b), Port(b),
            Pick(random, Latencies), Pick(random, Bandwidths),
            Partial(random, links.Count == 0, ("encrypted", random.Next(3) == 0 ? "false" : "true")));
        for (var d = 1; d < deviceCount; d++)
        {
            links.Add(Cable(random.Next(d), d));
        }
        var extra = random.Next(3);
        for (var k = 0; k < extra; k++)
        {
            var a = random.Next(deviceCount);
            var b = random.Next(deviceCount - 1);
            links.Add(Cable(a, b >= a ? b + 1 : b));
        }

        var nodes = new List<NodeEntry>();
        for (var n = 0; n < nodeCount; n++)
        {
            var tier = Pick(random, Tiers);
            var device = random.Next(deviceCount);
            nodes.Add(new NodeEntry(
                $"{tier}-{n + 1}",
                Partial(random, n == 0,
                    ("jurisdiction", random.Next(3) == 0 || !devices[device].Labels.ContainsKey("jurisdiction") ? Pick(random, Jurisdictions) : devices[device].Labels["jurisdiction"]),
                    ("tee", random.Next(2) == 0 ? "true" : "false"),
                    ("tier", tier),
                    ("zone", Pick(random, Zones))),
                CpuMillis: random.Next(1, 5) * 1000L,
                MemoryBytes: random.Next(1, 5) * 1024L * 1024 * 1024,
                Cost: random.Next(2) == 0 ? random.Next(0, 6) : random.Next(0, 60_000) / 10_000m,
                Ip: $"10.0.{device + 1}.{n + 1}",
                Device: DeviceName(device),
                Port: 100 + Port(device)));
        }

        return new TopologyDocument(
            "generated",
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("trust", TrustScale)]),
            devices,
            nodes.ToImmutableArray(),
            links.ToImmutableArray());
    }

    internal static T Pick<T>(Random random, IReadOnlyList<T> pool) => pool[random.Next(pool.Count)];

    /// <summary>The labels, each left out with probability 1/6 unless <paramref name="complete"/>; tier always stays (node names use it).</summary>
    private static ImmutableSortedDictionary<string, string> Partial(Random random, bool complete, params (string Key, string Value)[] labels) =>
        Labels(labels.Where(l => complete | l.Key == "tier" | random.Next(6) != 0).ToArray());

    private static ImmutableSortedDictionary<string, string> Labels(params (string Key, string Value)[] labels) =>
        labels.ToImmutableSortedDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
}
