using System.Text.RegularExpressions;
using Privc.Diagnostics;
using Privc.Topology;
using Privc.Topology.Import;

namespace Privc.Tests.Import;

/// <summary>Imports every bundled Topology Zoo network and checks the result against the GraphML and geography.</summary>
public partial class ZooImportTests
{
    [Theory]
    [MemberData(nameof(ZooFiles.All), MemberType = typeof(ZooFiles))]
    public void Import_EveryZooFile_LoadsWithoutErrorsAndCountsMatch(string file)
    {
        var result = ZooFiles.Import(file, "edge", "cloud");
        var topology = ZooFiles.Load(result);
        var (nodes, edges, selfLoops, junctions) = ZooFiles.Counts(file);

        Assert.Equal(nodes, topology.Devices.Length);
        Assert.Equal(edges - selfLoops, topology.Links.Length);
        Assert.Equal(2 * (nodes - junctions), topology.Nodes.Length);
        Assert.Equal(junctions, topology.Devices.Count(d => d.Labels.GetValueOrDefault("junction") == "true"));
        Assert.Equal(result.Statistics!.Links, topology.Links.Length);
        Assert.Equal(result.Statistics.Nodes, topology.Nodes.Length);
    }

    [Theory]
    [MemberData(nameof(ZooFiles.All), MemberType = typeof(ZooFiles))]
    public void Import_EveryZooFile_PortsNamesAndAddressesAreConsistent(string file)
    {
        var topology = ZooFiles.Load(ZooFiles.Import(file, "edge", "fog", "cloud"));
        foreach (var device in topology.Devices)
        {
            Assert.Matches(DeviceId(), device.Id);
            Assert.True(PrivcNames.IsValid(device.Name), device.Name);
            Assert.Equal(device.Name, device.Labels["site"]);
            var linkPorts = topology.OutgoingOf(device.Name).Select(l => l.FromPort).Order().ToList();
            var nodePorts = topology.NodesByDevice.GetValueOrDefault(device.Name, []).OrderBy(n => n.Port).ToList();
            // Links take ports 1..k, compute nodes the ports after them in tier order.
            Assert.Equal(Enumerable.Range(1, linkPorts.Count), linkPorts);
            Assert.Equal(Enumerable.Range(linkPorts.Count + 1, nodePorts.Count), nodePorts.Select(n => n.Port));
            Assert.Equal(nodePorts.Count == 0 ? [] : ["edge", "fog", "cloud"], nodePorts.Select(n => n.Labels["tier"]));
        }
        foreach (var node in topology.Nodes)
        {
            Assert.Matches(KubernetesName(), node.Name);
            Assert.StartsWith("10.", node.Ip);
            Assert.Equal($"{node.Device}-{node.Labels["tier"]}-1", node.Name);
            var device = topology.FindDevice(node.Device)!;
            foreach (var key in new[] { "country", "jurisdiction", "eu", "site" })
            {
                Assert.Equal(device.Labels.GetValueOrDefault(key), node.Labels.GetValueOrDefault(key));
            }
        }
        Assert.Equal(topology.Nodes.Length, topology.Nodes.Select(n => n.Ip).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(ZooFiles.All), MemberType = typeof(ZooFiles))]
    public void Import_TwoRuns_ByteIdentical(string file)
    {
        var first = ZooFiles.Import(file, "edge", "cloud");
        var second = ZooFiles.Import(file, "edge", "cloud");
        Assert.Equal(TopologyWriter.Write(first.Document!, first.Header), TopologyWriter.Write(second.Document!, second.Header));
        Assert.Equal(first.Diagnostics.Select(d => d.ToString()), second.Diagnostics.Select(d => d.ToString()));
    }

    [Theory]
    [MemberData(nameof(ZooFiles.All), MemberType = typeof(ZooFiles))]
    public void Import_EveryZooFile_ReportsKeyResolutionAndLatenciesArePlausible(string file)
    {
        var result = ZooFiles.Import(file);
        Assert.Contains(result.Diagnostics, d => d.Code == "PRIV6004" && d.Message.Contains("node Country = d", StringComparison.Ordinal));
        var topology = ZooFiles.Load(result);
        // 20,000 km (half the Earth's circumference) is 100 ms of fibre; no link can be longer.
        Assert.All(topology.Links, l => Assert.InRange(l.LatencyMicros, 1, 100_000));
    }

    [Fact]
    public void Import_AbileneNewYorkChicago_LatencyIsGreatCircleTimesFiveMicros()
    {
        var topology = ZooFiles.Load(ZooFiles.Import("Abilene.graphml"));
        var link = Assert.Single(topology.Links, l => new[] { l.DeviceA, l.DeviceB }.Order().SequenceEqual(["chicago", "new-york"]));
        // New York (40.71427, -74.00597) to Chicago (41.85003, -87.65005) is about 1,144 km on the great circle.
        Assert.InRange(link.LatencyMicros, 5_660, 5_780);
    }

    [Fact]
    public void Import_Geant2012AmsterdamBrussels_LatencyIsGreatCircleTimesFiveMicros()
    {
        var topology = ZooFiles.Load(ZooFiles.Import("Geant2012.graphml"));
        var link = Assert.Single(topology.Links, l => new[] { l.DeviceA, l.DeviceB }.Order().SequenceEqual(["be", "nl"]));
        // Amsterdam (52.37403, 4.88969) to Brussels (50.85045, 4.34878) is about 173 km.
        Assert.InRange(link.LatencyMicros, 840, 890);
    }

    [Fact]
    public void Import_Geant2012_BandwidthFromLinkSpeedRawElseDefault()
    {
        var result = ZooFiles.Import("Geant2012.graphml");
        var topology = ZooFiles.Load(result);
        Assert.Equal(155_000_000, Assert.Single(topology.Links, l => new[] { l.DeviceA, l.DeviceB }.Order().SequenceEqual(["bg", "mk"])).BandwidthBps);
        Assert.Equal(2_500_000_000, Assert.Single(topology.Links, l => new[] { l.DeviceA, l.DeviceB }.Order().SequenceEqual(["lt", "nl"])).BandwidthBps);
        var defaulted = Assert.Single(result.Diagnostics, d => d.Code == "PRIV6014");
        Assert.Contains("22 of 61 links", defaulted.Message, StringComparison.Ordinal);
        Assert.Equal(22, result.Statistics!.DefaultBandwidthLinks);
    }

    [Theory]
    [InlineData("de", "DE", "true")]
    [InlineData("fr", "FR", "true")]
    [InlineData("cy", "CY", "true")]
    [InlineData("ch", "CH", "false")]
    [InlineData("uk", "GB", "false")]
    [InlineData("no", "NO", "false")]
    [InlineData("is", "IS", "false")]
    [InlineData("tr", "TR", "false")]
    [InlineData("il", "IL", "false")]
    [InlineData("ru", "RU", "false")]
    [InlineData("mk", "MK", "false")]
    public void Import_Geant2012_JurisdictionAndEuLabels(string device, string code, string eu)
    {
        var topology = ZooFiles.Load(ZooFiles.Import("Geant2012.graphml", "edge", "cloud"));
        var labels = topology.FindDevice(device)!.Labels;
        Assert.Equal(code, labels["country"]);
        Assert.Equal(code, labels["jurisdiction"]);
        Assert.Equal(eu, labels["eu"]);
        Assert.All(topology.NodesByDevice[device], n => Assert.Equal(eu, n.Labels["eu"]));
        Assert.Equal(AttributeKind.Flag, topology.Schema.Find("eu")!.Kind);
    }

    [Fact]
    public void Import_Geant2012_UaMdByHaveNoCoordinatesNorCountry()
    {
        var result = ZooFiles.Import("Geant2012.graphml", "edge", "cloud");
        var noCoordinates = result.Diagnostics.Where(d => d.Code == "PRIV6007").ToList();
        var noCountry = result.Diagnostics.Where(d => d.Code == "PRIV6008").ToList();
        Assert.Equal(["'BY'", "'MD'", "'UA'"], noCoordinates.Select(d => d.Message.Split(' ')[1]).Order());
        Assert.Equal(["'BY'", "'MD'", "'UA'"], noCountry.Select(d => d.Message.Split(' ')[1]).Order());
        Assert.All(noCoordinates, d => Assert.Equal(Severity.Warning, d.Severity));
        Assert.All(noCoordinates, d => Assert.Contains("upper bound", d.Message, StringComparison.Ordinal));

        var topology = ZooFiles.Load(result);
        foreach (var name in new[] { "ua", "md", "by" })
        {
            Assert.False(topology.FindDevice(name)!.Labels.ContainsKey("jurisdiction"));
            Assert.False(topology.FindDevice(name)!.Labels.ContainsKey("eu"));
            Assert.All(topology.NodesByDevice[name], n => Assert.False(n.Labels.ContainsKey("jurisdiction")));
        }
        // Their single links (UA-PL, MD-RO, BY-PL) get an upper bound: the latency from PL or RO to the located PoP
        // farthest from it, which no measured link from there exceeds.
        var leafLinks = topology.Links.Where(l => new[] { "ua", "md", "by" }.Contains(l.DeviceA) || new[] { "ua", "md", "by" }.Contains(l.DeviceB)).ToList();
        Assert.Equal(3, leafLinks.Count);
        var measured = topology.Links.Except(leafLinks).ToList();
        foreach (var leaf in leafLinks)
        {
            var neighbour = new[] { "ua", "md", "by" }.Contains(leaf.DeviceA) ? leaf.DeviceB : leaf.DeviceA;
            Assert.All(measured.Where(l => l.DeviceA == neighbour || l.DeviceB == neighbour), l => Assert.True(l.LatencyMicros <= leaf.LatencyMicros));
            Assert.InRange(leaf.LatencyMicros, 10_000, 40_000);
        }
        Assert.Equal(3, result.Statistics!.LinksWithEstimatedLatency);
    }

    [Theory]
    [InlineData("Cogentco.graphml", 2)]
    [InlineData("Kdl.graphml", 4)]
    [InlineData("AttMpls.graphml", 1)]
    public void Import_ParallelEdges_KeptAsSeparateLinksAndReported(string file, int parallel)
    {
        var result = ZooFiles.Import(file);
        Assert.Equal(parallel, result.Diagnostics.Count(d => d.Code == "PRIV6011"));
        Assert.Equal(parallel, result.Statistics!.ParallelEdges);
        var topology = ZooFiles.Load(result);
        var pairs = topology.Links.GroupBy(l => string.Join("|", new[] { l.DeviceA, l.DeviceB }.Order())).Where(g => g.Count() > 1).ToList();
        Assert.Equal(parallel, pairs.Sum(g => g.Count() - 1));
    }

    [Theory]
    [InlineData("Cogentco.graphml", 11)]
    [InlineData("Kdl.graphml", 28)]
    [InlineData("UsCarrier.graphml", 6)]
    public void Import_Junctions_DevicesWithoutComputeNodes(string file, int junctions)
    {
        var result = ZooFiles.Import(file);
        var reported = result.Diagnostics.Where(d => d.Code == "PRIV6010").ToList();
        Assert.Equal(junctions, reported.Count);
        Assert.All(reported, d => Assert.Equal(Severity.Info, d.Severity));
        var topology = ZooFiles.Load(result);
        var junctionDevices = topology.Devices.Where(d => d.Labels.GetValueOrDefault("junction") == "true").ToList();
        Assert.Equal(junctions, junctionDevices.Count);
        Assert.All(junctionDevices, d => Assert.False(topology.NodesByDevice.ContainsKey(d.Name)));
        Assert.All(junctionDevices, d => Assert.StartsWith("junction-", d.Name));
    }

    [Fact]
    public void Import_CogentcoJunction_PositionEstimatedFromNeighbours()
    {
        var result = ZooFiles.Import("Cogentco.graphml");
        // Junction 147 joins Manchester, Slough and Dublin: its links are measured from their centre.
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Code == "PRIV6007" && d.Message.StartsWith("node 147 ", StringComparison.Ordinal));
        Assert.Contains("'manchester', 'slough', 'dublin'", diagnostic.Message, StringComparison.Ordinal);
        var topology = ZooFiles.Load(result);
        var links = topology.Links.Where(l => l.DeviceA == "junction-147" || l.DeviceB == "junction-147").ToList();
        Assert.Equal(3, links.Count);
        // The centre of the three cities is tens to a few hundred km from each (Manchester-Dublin is about 265 km).
        Assert.All(links, l => Assert.InRange(l.LatencyMicros, 50, 2_500));
        Assert.Equal(3, links.Select(l => l.LatencyMicros).Distinct().Count());
    }

    [Fact]
    public void Import_DuplicateLabels_RenamedWithSuffixAndReported()
    {
        var result = ZooFiles.Import("Ion.graphml");
        Assert.Contains(result.Diagnostics, d => d.Code == "PRIV6015" && d.Message.Contains("'addison-2'", StringComparison.Ordinal));
        var topology = ZooFiles.Load(result);
        Assert.NotNull(topology.FindDevice("addison"));
        Assert.NotNull(topology.FindDevice("addison-2"));
    }

    [GeneratedRegex("^of:[0-9a-f]{16}$")]
    private static partial Regex DeviceId();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex KubernetesName();
}
