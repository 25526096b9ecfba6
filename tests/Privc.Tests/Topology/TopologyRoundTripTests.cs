using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Privc.Diagnostics;
using Privc.Tests.Infrastructure;
using Privc.Tests.Properties.Generators;
using Privc.Text;
using Privc.Topology;

namespace Privc.Tests.Topology;

/// <summary>
/// <see cref="TopologyDocument"/> is the form topologies take between YAML and the model: reading what
/// <see cref="TopologyWriter"/> wrote gives back the document it was given (up to the writer's ordering), for awkward
/// names, ids, keys and values too, and a loaded model gives back the document it was loaded from.
/// </summary>
public class TopologyRoundTripTests
{
    private static readonly string[] Words =
    [
        "edge", "AU", "of:0000000000000001", "New York", "null", "yes", "~", "a: b", "x, y", "{z}", "\"q\"", "back\\slash",
        "tab\there", "line\nbreak", "-lead", "1e5", "#hash", "ünïcode", "10Gbps", "true", "3.5", "-2", "node-restriction.kubernetes.io/zone",
    ];

    private static readonly string[] Keys = ["zone", "node-restriction.kubernetes.io/zone", "kubernetes.io/hostname", "weird key", "a: b", "x.y", "null", "1e5", "#k"];

    private static ReadTopology Read(string text)
    {
        var diagnostics = new DiagnosticBag();
        var read = TopologyReader.Read(new SourceText("topology.yaml", text), diagnostics);
        Assert.True(read is not null && !diagnostics.HasErrors, string.Join("\n", diagnostics.ToSortedArray()) + "\n" + text);
        return read!;
    }

    [Property(MaxTest = 200)]
    public void Read_WhatTheWriterWrote_GivesTheSameDocument(int seed)
    {
        var document = RandomDocument(new Random(seed));
        var text = TopologyWriter.Write(document);
        var read = Read(text).Document;
        Assert.Equal(Canonical(document), Canonical(read));
        Assert.Equal(text, TopologyWriter.Write(read));
    }

    [Property(MaxTest = 100)]
    public void Load_GeneratedTopology_GivesBackItsDocument(int seed)
    {
        var document = TopologyGenerator.Generate(new Random(seed));
        var loaded = TopologyLoader.Load(new SourceText("generated.yaml", TopologyWriter.Write(document)));
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        Assert.Equal(Canonical(document), Canonical(TopologyDocument.From(loaded.Topology!)));
    }

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(TestPaths.Examples, "topology.yaml", SearchOption.AllDirectories)
                     .Concat(Directory.EnumerateFiles(Path.Combine(TestPaths.Specs, "benchmark", "topologies"), "*.yaml"))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(TestPaths.RepositoryRoot, file));
        }
        return data;
    }

    /// <summary>A hand-written file read, written and read again is the same document, and then stable byte for byte.</summary>
    [Theory]
    [MemberData(nameof(Files))]
    public void Read_HandWrittenFile_SurvivesWriteAndRead(string file)
    {
        var first = Read(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, file))).Document;
        var written = TopologyWriter.Write(first);
        var second = Read(written).Document;
        Assert.Equal(Canonical(first), Canonical(second));
        Assert.Equal(written, TopologyWriter.Write(second));
    }

    [Fact]
    public void Read_LeftOutIdOrName_DefaultsToTheOther()
    {
        var document = Read("devices:\n  - {id: \"of:1\"}\n  - {name: s2}\nnodes: []\n").Document;
        Assert.Equal([("of:1", "of:1"), ("s2", "s2")], document.Devices.Select(d => (d.Id, d.Name)));
    }

    [Fact]
    public void Read_NodeAttachment_KeepsTheReferenceAsWritten()
    {
        var document = Read("devices:\n  - {id: \"of:1\", name: s1}\nnodes:\n  - {name: n, ip: 10.0.0.1, capacity: {cpu: 500m}, attach: {device: \"of:1\", port: 3}}\n").Document;
        var node = Assert.Single(document.Nodes);
        Assert.Equal(("of:1", 3, 500L, 0L), (node.Device, node.Port, node.CpuMillis, node.MemoryBytes));
    }

    /// <summary>Documents the reader accepts field by field; references may dangle (resolving is not reading).</summary>
    private static TopologyDocument RandomDocument(Random random)
    {
        string Pick(IReadOnlyList<string> pool) => pool[random.Next(pool.Count)];
        ImmutableSortedDictionary<string, string> Labels() => Enumerable.Range(0, random.Next(4))
            .Select(_ => (Key: Pick(Keys), Value: random.Next(5) == 0 ? string.Empty : Pick(Words)))
            .DistinctBy(l => l.Key)
            .ToImmutableSortedDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);

        var devices = Enumerable.Range(0, random.Next(0, 5)).Select(i =>
        {
            var id = random.Next(3) == 0 ? Pick(Words.Where(w => w.Length > 0).ToArray()) + i : $"of:{i + 1:0000000000000000}";
            return new DeviceEntry(id, random.Next(3) == 0 ? id : "dev " + Pick(Words) + i, Labels());
        }).ToImmutableArray();
        var references = devices.SelectMany(d => new[] { d.Id, d.Name }).Append("missing").ToArray();
        var nodes = Enumerable.Range(0, random.Next(0, 5)).Select(i => new NodeEntry(
            Pick(Words) + "-n" + i,
            Labels(),
            random.Next(3) * 250L,
            random.Next(3) * 1024L * 1024,
            random.Next(3) == 0 ? 0 : decimal.Parse(random.Next(1, 10_000).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) / 1000,
            $"10.{random.Next(256)}.{random.Next(256)}.{i}",
            Pick(references),
            random.Next(1, 65_536))).ToImmutableArray();
        var links = Enumerable.Range(0, random.Next(0, 5)).Select(_ => new LinkEntry(
            Pick(references), random.Next(1, 100), Pick(references), random.Next(1, 100),
            random.Next(1, 100_000), random.Next(1, 1000) * 1_000_000L, Labels())).ToImmutableArray();
        var scales = random.Next(2) == 0
            ? ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty
            : ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty.WithComparers(StringComparer.Ordinal).Add(Pick(Keys), ["low", "a: b", "null", "high"]);
        return new TopologyDocument(Pick(Words.Where(w => w.Length > 0).ToArray()), scales, devices, nodes, links);
    }

    /// <summary>A document's content in an order-free text: what must survive, whatever order the writer chooses.</summary>
    private static string Canonical(TopologyDocument document)
    {
        static string Labels(ImmutableSortedDictionary<string, string> labels) => string.Join(";", labels.Select(l => $"{l.Key}={l.Value}"));
        var text = new StringBuilder().Append(document.Name).Append('\n');
        foreach (var (key, values) in document.Scales)
        {
            text.Append("scale ").Append(key).Append(": ").AppendJoin(" < ", values).Append('\n');
        }
        foreach (var line in document.Devices.Select(d => $"device {d.Id} {d.Name} {Labels(d.Labels)}").Order(StringComparer.Ordinal))
        {
            text.Append(line).Append('\n');
        }
        foreach (var line in document.Nodes.Select(n => string.Create(CultureInfo.InvariantCulture,
                     $"node {n.Name} {n.CpuMillis} {n.MemoryBytes} {n.Cost:0.############} {n.Ip} {n.Device}:{n.Port} {Labels(n.Labels)}")).Order(StringComparer.Ordinal))
        {
            text.Append(line).Append('\n');
        }
        foreach (var line in document.Links.Select(l =>
                 {
                     var ends = new[] { $"{l.DeviceA}:{l.PortA}", $"{l.DeviceB}:{l.PortB}" }.Order(StringComparer.Ordinal);
                     return string.Create(CultureInfo.InvariantCulture, $"link {string.Join(" ", ends)} {l.LatencyMicros} {l.BandwidthBps} {Labels(l.Labels)}");
                 }).Order(StringComparer.Ordinal))
        {
            text.Append(line).Append('\n');
        }
        return text.ToString();
    }
}
