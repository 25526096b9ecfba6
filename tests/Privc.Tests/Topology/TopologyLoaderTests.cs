using Privc.Tests.Infrastructure;
using Privc.Topology;
using Privc.TypeSystem;

namespace Privc.Tests.Topology;

/// <summary>Loading the topology format: the model, label typing and the directed links (happy paths).</summary>
public class TopologyLoaderTests
{
    private static TopologyModel Hospital => DiagnosticAssert.HospitalTopology;

    [Fact]
    public void Load_HospitalExample_HasEveryElement()
    {
        var result = TopologyLoader.LoadFile(Path.Combine(TestPaths.Examples, "hospital-au", "topology.yaml"));
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        var topology = result.Topology!;
        Assert.Equal("hospital-au", topology.Name);
        Assert.Equal(6, topology.Nodes.Length);
        Assert.Equal(7, topology.Devices.Length);
        Assert.Equal(8, topology.Links.Length);
        Assert.Equal(16, topology.DirectedLinks.Length);
        Assert.Equal(["untrusted", "low", "medium", "high"], topology.Scales["trust"].AsEnumerable());
    }

    [Fact]
    public void Load_Elements_AreSortedByName()
    {
        Assert.Equal(["cloud-sg-1", "cloud-syd-1", "cloud-syd-2", "edge-mel-1", "edge-syd-1", "edge-syd-2"], Hospital.Nodes.Select(n => n.Name));
        Assert.Equal(["s1", "s2", "s3", "s4", "s5", "s6", "s7"], Hospital.Devices.Select(d => d.Name));
    }

    [Fact]
    public void Load_Node_HasCapacityAddressAttachmentAndCost()
    {
        var node = Hospital.FindNode("cloud-syd-1")!;
        Assert.Equal(32_000, node.CpuMillis);
        Assert.Equal(128L << 30, node.MemoryBytes);
        Assert.Equal("10.0.4.11", node.Ip);
        Assert.Equal(("s4", 10), (node.Device, node.Port));
        Assert.Equal(3m, node.Cost);
        Assert.Equal(0m, Hospital.FindNode("edge-syd-1")!.Cost);
    }

    [Fact]
    public void Load_NodeAttributes_AreTypedAndIncludeBuiltIns()
    {
        var attributes = Hospital.FindNode("edge-syd-1")!.Attributes;
        Assert.Equal(new AttributeValue.Text("AU"), attributes["jurisdiction"]);
        Assert.Equal(new AttributeValue.Flag(true), attributes["tee"]);
        Assert.Equal(new AttributeValue.Level("high", 3), attributes["trust"]);
        Assert.Equal(new AttributeValue.Text("edge-syd-1"), attributes["name"]);
        Assert.Equal(new AttributeValue.Text("s1"), attributes["device"]);
        Assert.Equal(new AttributeValue.Measure(new Quantity(Dimension.Cpu, 4000)), attributes["cpu"]);
        Assert.Equal(new AttributeValue.Measure(new Quantity(Dimension.Memory, 8L << 30)), attributes["memory"]);
        Assert.Equal(new AttributeValue.Number(0), attributes["cost"]);
    }

    [Fact]
    public void Load_DeviceAttributes_IncludeNameAndId()
    {
        var device = Hospital.FindDevice("s3")!;
        Assert.Equal("of:0000000000000003", device.Id);
        Assert.Equal(new AttributeValue.Text("firewall"), device.Attributes["role"]);
        Assert.Equal(new AttributeValue.Text("of:0000000000000003"), device.Attributes["id"]);
        Assert.Same(device, Hospital.FindDevice("of:0000000000000003"));
    }

    [Fact]
    public void Load_LinkAttributes_IncludeLatencyAndBandwidth()
    {
        var link = Hospital.Links[5];
        Assert.Equal(("s5", 2, "s6", 1), (link.DeviceA, link.PortA, link.DeviceB, link.PortB));
        Assert.Equal(45_000, link.LatencyMicros);
        Assert.Equal(10_000_000_000, link.BandwidthBps);
        Assert.Equal(new AttributeValue.Flag(false), link.Attributes["encrypted"]);
        Assert.Equal(new AttributeValue.Measure(new Quantity(Dimension.Latency, 45_000)), link.Attributes["latency"]);
    }

    [Fact]
    public void Load_EveryCable_GivesTwoDirectedLinks()
    {
        var there = Hospital.DirectedLinks[0];
        var back = Hospital.DirectedLinks[1];
        Assert.Equal(("s1", 1, "s3", 1), (there.From, there.FromPort, there.To, there.ToPort));
        Assert.Equal(("s3", 1, "s1", 1), (back.From, back.FromPort, back.To, back.ToPort));
        Assert.Same(there.Link, back.Link);
        Assert.Equal([0, 1, 2, 3], Hospital.DirectedLinks.Take(4).Select(l => l.Id));
    }

    [Fact]
    public void Load_Adjacency_IsIndexedBothWays()
    {
        Assert.Equal(["s1", "s4", "s5", "s7"], Hospital.OutgoingOf("s3").Select(l => l.To).Order(StringComparer.Ordinal));
        Assert.Equal(["s1", "s4", "s5", "s7"], Hospital.IncomingOf("s3").Select(l => l.From).Order(StringComparer.Ordinal));
        Assert.Empty(Hospital.OutgoingOf("nowhere"));
        Assert.Equal(["edge-syd-1", "edge-syd-2"], Hospital.NodesByDevice["s1"].Select(n => n.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_Schema_TypesEveryLabelKey()
    {
        var schema = Hospital.Schema;
        Assert.Equal((AttributeKind.Level, ElementKind.Node | ElementKind.Device), (schema.Find("trust")!.Kind, schema.Find("trust")!.PresentOn));
        Assert.Equal((AttributeKind.Flag, ElementKind.Node), (schema.Find("tee")!.Kind, schema.Find("tee")!.PresentOn));
        Assert.Equal((AttributeKind.Flag, ElementKind.Link), (schema.Find("encrypted")!.Kind, schema.Find("encrypted")!.PresentOn));
        Assert.Equal((AttributeKind.Text, ElementKind.Device), (schema.Find("role")!.Kind, schema.Find("role")!.PresentOn));
        Assert.Equal(["AU", "SG"], schema.Find("jurisdiction")!.Values.AsEnumerable());
        Assert.Null(schema.Find("region"));
    }

    [Theory]
    [InlineData("name", AttributeKind.Text, ElementKind.Node | ElementKind.Device)]
    [InlineData("id", AttributeKind.Text, ElementKind.Device)]
    [InlineData("device", AttributeKind.Text, ElementKind.Node)]
    [InlineData("cpu", AttributeKind.Cpu, ElementKind.Node)]
    [InlineData("memory", AttributeKind.Memory, ElementKind.Node)]
    [InlineData("cost", AttributeKind.Number, ElementKind.Node)]
    [InlineData("latency", AttributeKind.Latency, ElementKind.Link)]
    [InlineData("bandwidth", AttributeKind.Bandwidth, ElementKind.Link)]
    public void Load_Schema_HasBuiltInAttributes(string key, AttributeKind kind, ElementKind on)
    {
        var info = Hospital.Schema.Find(key)!;
        Assert.True(info.BuiltIn);
        Assert.Equal((kind, on), (info.Kind, info.PresentOn));
    }

    [Theory]
    [InlineData("[true, false, true]", AttributeKind.Flag)]
    [InlineData("[1, 2.5, -3]", AttributeKind.Number)]
    [InlineData("[a, b, c]", AttributeKind.Text)]
    [InlineData("[true, 1, x]", AttributeKind.Text)]
    [InlineData("[true, yes, false]", AttributeKind.Text)]
    [InlineData("[1, 2, x]", AttributeKind.Text)]
    public void Load_LabelType_IsInferredFromAllItsValues(string values, AttributeKind kind)
    {
        var list = values.Trim('[', ']').Split(", ");
        var nodes = string.Concat(list.Select((v, i) =>
            $"  - {{name: n{i}, ip: 10.0.0.{i + 1}, capacity: {{cpu: 1, memory: 1Gi}}, attach: {{device: s1, port: {i + 1}}}, labels: {{k: {v}}}}}\n"));
        var topology = TestSources.LoadTopology("devices: [{id: s1}]\nnodes:\n" + nodes);
        Assert.Equal(kind, topology.Schema.Find("k")!.Kind);
    }

    [Fact]
    public void Load_NumberLabel_IsANumberValue()
    {
        var topology = TestSources.LoadTopology("devices: [{id: s1}]\nnodes:\n  - {name: n, ip: 10.0.0.1, capacity: {cpu: 1, memory: 1Gi}, attach: {device: s1, port: 1}, labels: {rack: 12}}\n");
        Assert.Equal(new AttributeValue.Number(12), topology.FindNode("n")!.Attributes["rack"]);
    }

    [Fact]
    public void Load_ScaleLabel_IsOrderedByDeclaration()
    {
        var topology = TopologyTestSource.Load(TopologyTestSource.Valid).Topology!;
        Assert.Equal(new AttributeValue.Level("high", 1), topology.FindDevice("s1")!.Attributes["trust"]);
        Assert.Equal(new AttributeValue.Level("low", 0), topology.FindDevice("s2")!.Attributes["trust"]);
    }

    [Fact]
    public void Load_ScaleWithoutLabels_IsStillAnAttribute()
    {
        var topology = TopologyTestSource.Load(TopologyTestSource.Valid.Replace("trust: [low, high]", "trust: [low, high]\n  tier2: [a, b]")).Topology!;
        Assert.Equal(AttributeKind.Level, topology.Schema.Find("tier2")!.Kind);
    }

    [Fact]
    public void Load_DeviceWithOnlyAnId_IsNamedByIt()
    {
        var topology = TestSources.LoadTopology("devices: [{id: sw}]\nnodes:\n  - {name: n, ip: 10.0.0.1, capacity: {cpu: 1, memory: 1Gi}, attach: {device: sw, port: 1}}\n");
        Assert.Equal(("sw", "sw"), (topology.Devices[0].Id, topology.Devices[0].Name));
    }

    [Fact]
    public void Load_AttachmentById_ResolvesToTheDeviceName()
    {
        var topology = TopologyTestSource.Load(TopologyTestSource.Valid.Replace("attach: {device: s1", "attach: {device: \"of:1\"")).Topology!;
        Assert.Equal("s1", topology.FindNode("n1")!.Device);
    }

    [Fact]
    public void Load_NoName_UsesTheFileName()
    {
        var result = TopologyLoader.Load(new Privc.Text.SourceText("dir/edge-lab.yaml", TopologyTestSource.Valid.Replace("name: small\n", string.Empty)));
        Assert.Equal("edge-lab", result.Topology!.Name);
    }

    [Fact]
    public void Load_ParallelCables_AreDistinctLinks()
    {
        var topology = TopologyTestSource.Load(TopologyTestSource.Valid + "  - {a: {device: s1, port: 2}, b: {device: s2, port: 2}, latency: 5ms, bandwidth: 1Gbps}\n").Topology!;
        Assert.Equal(2, topology.Links.Length);
        Assert.Equal(4, topology.DirectedLinks.Length);
        Assert.Equal(2, topology.OutgoingOf("s1").Length);
    }

    [Fact]
    public void Load_Valid_HasLocations()
    {
        var topology = TopologyTestSource.Load(TopologyTestSource.Valid).Topology!;
        Assert.Equal(8, topology.FindNode("n1")!.Location!.Value.Start.Line);
        Assert.Equal(5, topology.FindDevice("s1")!.Location!.Value.Start.Line);
    }
}
