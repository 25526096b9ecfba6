using System.Collections.Immutable;
using Privc.Tests.Infrastructure;
using Privc.Text;
using Privc.Topology;

namespace Privc.Tests.Topology;

public class TopologyWriterTests
{
    [Fact]
    public void Write_HospitalExample_RoundTripsThroughLoader()
    {
        var model = TestSources.ExampleTopology("hospital-au");
        var text = TopologyWriter.Write(model);
        var reloaded = TestSources.LoadTopology(text);
        Assert.Equal(text, TopologyWriter.Write(reloaded));
        Assert.Equal<string>(model.Scales["trust"], reloaded.Scales["trust"]);
        Assert.Equal(Describe(model), Describe(reloaded));
    }

    [Fact]
    public void Write_InputOrder_DoesNotChangeOutput()
    {
        var document = TopologyDocument.From(TestSources.ExampleTopology("hospital-au"));
        var shuffled = document with
        {
            Devices = [.. document.Devices.Reverse()],
            Nodes = [.. document.Nodes.Reverse()],
            Links = [.. document.Links.Reverse().Select(l => l with { DeviceA = l.DeviceB, PortA = l.PortB, DeviceB = l.DeviceA, PortB = l.PortA })],
        };
        Assert.Equal(TopologyWriter.Write(document), TopologyWriter.Write(shuffled));
    }

    [Fact]
    public void Write_AwkwardStrings_QuotedSoTheyReadBack()
    {
        string[] values = ["of:0000000000000001", "New York", "null", "yes", "~", "a: b", "x, y", "{z}", "\"q\"", "back\\slash", "tab\there", "line\nbreak", "-lead", "1e5", "#hash", "ünïcode", ""];
        var labels = values.Select((v, i) => (Key: $"k{i}", Value: v)).ToImmutableSortedDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var document = new TopologyDocument(
            "odd: name",
            ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty,
            [new DeviceEntry("of:0000000000000001", "s1", labels)],
            [new NodeEntry("n1", ImmutableSortedDictionary<string, string>.Empty.Add("weird key", "v"), 500, 1000, 0.5m, "10.0.0.1", "s1", 1)],
            []);
        var text = TopologyWriter.Write(document, ["header: not YAML", "second line"]);
        var loaded = TopologyLoader.Load(new SourceText("odd.yaml", text));
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics) + "\n" + text);
        var topology = loaded.Topology!;
        Assert.Equal("odd: name", topology.Name);
        Assert.Equal(labels, topology.Devices[0].Labels);
        var node = topology.Nodes[0];
        Assert.Equal((500L, 1000L, 0.5m, "v"), (node.CpuMillis, node.MemoryBytes, node.Cost, node.Labels["weird key"]));
        Assert.StartsWith("# header: not YAML\n# second line\nname: \"odd: name\"\n", text, StringComparison.Ordinal);
        Assert.Contains("links: []", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("edge", "edge")]
    [InlineData("true", "true")]
    [InlineData("10.0.1.2", "10.0.1.2")]
    [InlineData("42", "42")]
    [InlineData("10Gbps", "10Gbps")]
    [InlineData("of:1", "\"of:1\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("1e5", "\"1e5\"")]
    [InlineData("a b", "\"a b\"")]
    public void Scalar_PlainOnlyWhenUnambiguous(string value, string expected) =>
        Assert.Equal(expected, TopologyWriter.Scalar(value));

    [Fact]
    public void Write_Quantities_InLargestExactUnit()
    {
        var document = new TopologyDocument(
            "units",
            ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty,
            [new DeviceEntry("of:1", "a", NoLabels), new DeviceEntry("of:2", "b", NoLabels)],
            [new NodeEntry("n", NoLabels, 8000, 16L << 30, 3, "10.0.0.1", "a", 2)],
            [new LinkEntry("b", 1, "a", 1, 2500, 155_000_000, NoLabels)]);
        var text = TopologyWriter.Write(document);
        Assert.Contains("capacity: {cpu: 8, memory: 16Gi}", text, StringComparison.Ordinal);
        Assert.Contains("cost: 3\n", text, StringComparison.Ordinal);
        Assert.Contains("- {a: {device: a, port: 1}, b: {device: b, port: 1}, latency: 2500us, bandwidth: 155Mbps}", text, StringComparison.Ordinal);
        TestSources.LoadTopology(text);
    }

    private static ImmutableSortedDictionary<string, string> NoLabels => ImmutableSortedDictionary<string, string>.Empty;

    private static string Describe(TopologyModel t) => string.Join("\n",
        t.Devices.Select(d => $"{d.Id} {d.Name} {string.Join(",", d.Labels)}")
            .Concat(t.Nodes.Select(n => $"{n.Name} {n.CpuMillis} {n.MemoryBytes} {n.Cost} {n.Ip} {n.Device}:{n.Port} {string.Join(",", n.Labels)}"))
            .Concat(t.Links.Select(l => string.Join(" ", new[] { $"{l.DeviceA}:{l.PortA}", $"{l.DeviceB}:{l.PortB}" }.Order()) + $" {l.LatencyMicros} {l.BandwidthBps} {string.Join(",", l.Labels)}").Order()));
}
