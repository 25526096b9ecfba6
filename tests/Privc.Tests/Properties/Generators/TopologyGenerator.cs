using Privc.Tests.Reference;
using System.Collections.Immutable;
using System.Globalization;
using Privc.Topology;

namespace Privc.Tests.Properties.Generators;

/// <summary>
/// Random connected networks small enough for <see cref="Privc.Checking.ExhaustiveSearch"/>: 3-6 devices joined by a
/// random spanning tree plus up to two extra (possibly parallel) cables, and 2-6 compute nodes of several tiers and
/// jurisdictions attached to them. Every device has jurisdiction, trust (a scale) and role; every node jurisdiction,
/// tier, tee and zone; every link encrypted; latencies, bandwidths, capacities and costs vary. Deterministic per seed.
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
            Labels(
                ("jurisdiction", Pick(random, Jurisdictions)),
                ("role", Pick(random, Roles)),
                ("trust", Pick(random, TrustScale.ToArray()))))).ToImmutableArray();

        var links = new List<LinkEntry>();
        LinkEntry Cable(int a, int b) => new(
            DeviceName(a), Port(a), DeviceName(b), Port(b),
            Pick(random, Latencies), Pick(random, Bandwidths),
            Labels(("encrypted", random.Next(3) == 0 ? "false" : "true")));
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
                Labels(
                    ("jurisdiction", random.Next(3) == 0 ? Pick(random, Jurisdictions) : devices[device].Labels["jurisdiction"]),
                    ("tee", random.Next(2) == 0 ? "true" : "false"),
                    ("tier", tier),
                    ("zone", Pick(random, Zones))),
                CpuMillis: random.Next(1, 5) * 1000L,
                MemoryBytes: random.Next(1, 5) * 1024L * 1024 * 1024,
                Cost: random.Next(0, 6),
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

    private static ImmutableSortedDictionary<string, string> Labels(params (string Key, string Value)[] labels) =>
        labels.ToImmutableSortedDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
}
