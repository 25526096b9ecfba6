using Privc.Diagnostics;
using Privc.Topology;
using Privc.Topology.Import;
using static Privc.Tests.Import.GraphMlText;

namespace Privc.Tests.Import;

/// <summary>Focused importer tests on small GraphML documents: one per gotcha and per malformed input.</summary>
public class GraphMlImporterTests
{
    [CoversDiagnostic("PRIV6001")]
    [Fact]
    public void Import_NotXml_ReportsPRIV6001AndNoDocument()
    {
        var result = Convert("name: this is YAML, not GraphML\n");
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal("PRIV6001", error.Code);
    }

    [Fact]
    public void Import_TruncatedXml_ReportsPRIV6001()
    {
        var text = Line();
        var result = Convert(text[..(text.Length / 2)]);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.Code == "PRIV6001");
    }

    [Fact]
    public void Import_DoctypeWithExternalEntity_RejectedWithoutResolving()
    {
        var text = """
            <?xml version="1.0"?>
            <!DOCTYPE graphml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <graphml><graph><node id="a"><data key="k">&secret;</data></node></graph></graphml>
            """;
        var result = Convert(text);
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal("PRIV6001", error.Code);
        Assert.Equal(2, error.Location!.Value.Start.Line);
    }

    [CoversDiagnostic("PRIV6002")]
    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "root element is <svg>")]
    [InlineData("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"><key id=\"d0\" for=\"node\" attr.name=\"label\"/></graphml>", "no <graph>")]
    [InlineData("<graphml><graph><node id=\"a\"/><edge source=\"a\" target=\"b\"/></graph></graphml>", "node 'b'")]
    [InlineData("<graphml><graph><node id=\"a\"/><node id=\"a\"/></graph></graphml>", "node id 'a' is already used")]
    [InlineData("<graphml><graph><node/></graph></graphml>", "no 'id'")]
    [InlineData("<graphml><graph><node id=\"a\"/><edge source=\"a\"/></graph></graphml>", "both 'source' and 'target'")]
    [InlineData("<graphml><key id=\"d0\"/><key id=\"d0\"/><graph><node id=\"a\"/></graph></graphml>", "declared twice")]
    public void Import_NotGraphMl_ReportsPRIV6002(string text, string expected)
    {
        var result = Convert(text);
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal("PRIV6002", error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [CoversDiagnostic("PRIV6003")]
    [Fact]
    public void Import_EmptyGraph_ReportsPRIV6003()
    {
        var result = Convert(Network([], []));
        Assert.False(result.Succeeded);
        Assert.Equal("PRIV6003", Assert.Single(result.Diagnostics, d => d.IsError).Code);
    }

    [Fact]
    public void Import_OnlyJunctions_ReportsPRIV6003()
    {
        var result = Convert(Network([Node("0", null, junction: true), Node("1", null, junction: true)], [Edge("0", "1")]));
        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.Code == "PRIV6003" && d.Message.Contains("junction", StringComparison.Ordinal));
    }

    [CoversDiagnostic("PRIV6004")]
    [Fact]
    public void Import_KeyIdsRenumbered_SameTopology()
    {
        var renumbered = Keys.Replace("\"k", "\"attr", StringComparison.Ordinal);
        var nodes = new[] { Node("0", "Alpha"), Node("1", "Beta", lat: 48.0, lon: 11.0) };
        var edges = new[] { Edge("0", "1", speed: "1000000000.0") };
        var first = ConvertOk(Network(nodes, edges));
        var second = ConvertOk(Network(nodes.Select(n => n.Replace("\"k", "\"attr", StringComparison.Ordinal)), edges.Select(e => e.Replace("\"k", "\"attr", StringComparison.Ordinal)), keys: renumbered));
        Assert.Equal(TopologyWriter.Write(first.Document!), TopologyWriter.Write(second.Document!));
        var info = Assert.Single(second.Diagnostics, d => d.Code == "PRIV6004");
        Assert.Equal(Severity.Info, info.Severity);
        Assert.Contains("node Country = attr2", info.Message, StringComparison.Ordinal);
        Assert.Contains("edge LinkSpeedRaw = attr7", info.Message, StringComparison.Ordinal);
        Assert.Equal(1_000_000_000, Assert.Single(second.Document!.Links).BandwidthBps);
    }

    [CoversDiagnostic("PRIV6005")]
    [Fact]
    public void Import_TwoKeysWithOneName_WarnsPRIV6005AndFirstWins()
    {
        var keys = Keys + "\n  <key attr.name=\"Country\" attr.type=\"string\" for=\"node\" id=\"k9\" />";
        var result = ConvertOk(Network([Node("0", "Alpha", country: "France", extra: "<data key=\"k9\">Spain</data>"), Node("1", "Beta")], [Edge("0", "1")], keys: keys));
        var warning = Assert.Single(result.Diagnostics, d => d.Code == "PRIV6005");
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal("FR", result.Document!.Devices.Single(d => d.Name == "alpha").Labels["country"]);
    }

    [CoversDiagnostic("PRIV6006")]
    [Fact]
    public void Import_BadValues_WarnPRIV6006AndAreIgnored()
    {
        var text = Network(
            [Node("0", "Alpha", lat: null, extra: "<data key=\"k3\">north</data><data key=\"k6\">maybe</data><data key=\"k99\">x</data>"), Node("1", "Beta")],
            [Edge("0", "1", speed: "-5")]);
        var result = ConvertOk(text);
        var warnings = result.Diagnostics.Where(d => d.Code == "PRIV6006").Select(d => d.Message).ToList();
        Assert.Equal(4, warnings.Count);
        Assert.Contains(warnings, m => m.Contains("Latitude 'north'", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("Internal 'maybe'", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("k99", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("LinkSpeedRaw '-5'", StringComparison.Ordinal));
        Assert.Equal(ImportOptions.DefaultBandwidth, Assert.Single(result.Document!.Links).BandwidthBps);
        // A bad latitude means no coordinates, which is its own warning.
        Assert.Contains(result.Diagnostics, d => d.Code == "PRIV6007");
    }

    [Fact]
    public void Import_JunctionWithoutCoordinates_PlacedAtCentreOfNeighbours()
    {
        // Two PoPs on the equator 2 degrees apart (about 222 km); the junction lands halfway.
        var text = Network(
            [Node("0", "West", lat: 0, lon: 0), Node("1", "East", lat: 0, lon: 2), Node("2", null, country: null, lat: null, lon: null, junction: true)],
            [Edge("0", "2"), Edge("2", "1")]);
        var result = ConvertOk(text);
        var warning = Assert.Single(result.Diagnostics, d => d.Code == "PRIV6007");
        Assert.Contains("'west', 'east'", warning.Message, StringComparison.Ordinal);
        var topology = Load(result);
        var expected = GreatCircle.LatencyMicros(GreatCircle.DistanceKm(new GeoPoint(0, 0), new GeoPoint(0, 1)));
        Assert.InRange(expected, 555, 558);
        Assert.All(topology.Links, l => Assert.Equal(expected, l.LatencyMicros));
        Assert.Equal(1, result.Statistics!.PositionsEstimated);
    }

    [CoversDiagnostic("PRIV6007")]
    [Fact]
    public void Import_LeafWithoutCoordinates_GetsAnUpperBoundNotATypicalLatency()
    {
        var text = Network(
            [Node("0", "A", lat: 0, lon: 0), Node("1", "B", lat: 0, lon: 1), Node("2", "C", lat: 0, lon: 3), Node("3", "Leaf", lat: null, lon: null)],
            [Edge("0", "1"), Edge("1", "2"), Edge("0", "2"), Edge("2", "3")]);
        var result = ConvertOk(text);
        var latencies = result.Document!.Links.Select(l => l.LatencyMicros).ToList();
        // The leaf hangs off C (3 degrees east); the located PoP farthest from C is A, 3 degrees away: every link
        // latency of the network is at most that, so the leaf's link is bounded by it, above any measured link but one.
        var bound = GreatCircle.LatencyMicros(GreatCircle.DistanceKm(new GeoPoint(0, 3), new GeoPoint(0, 0)));
        Assert.Equal(bound, latencies[3]);
        Assert.Equal(latencies.Take(3).Max(), latencies[3]);
        var warning = Assert.Single(result.Diagnostics, d => d.Code == "PRIV6007");
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Contains("upper bound", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("median", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_NoCoordinatesAnywhere_AntipodalBound()
    {
        var result = ConvertOk(Network([Node("0", "A", lat: null, lon: null), Node("1", "B", lat: null, lon: null)], [Edge("0", "1")]));
        Assert.Equal(LatencyEstimator.AntipodalLatencyMicros, Assert.Single(result.Document!.Links).LatencyMicros);
        Assert.InRange(LatencyEstimator.AntipodalLatencyMicros, 100_000, 100_100);
        Assert.Equal(2, result.Diagnostics.Count(d => d.Code == "PRIV6007"));
    }

    [CoversDiagnostic("PRIV6008")]
    [Fact]
    public void Import_NoCountry_WarnsPRIV6008AndLeavesJurisdictionOut()
    {
        var result = ConvertOk(Network([Node("0", "Alpha", country: null), Node("1", "Beta")], [Edge("0", "1")]));
        var warning = Assert.Single(result.Diagnostics, d => d.Code == "PRIV6008");
        Assert.StartsWith("node 'Alpha' (GraphML id 0)", warning.Message, StringComparison.Ordinal);
        var alpha = result.Document!.Devices.Single(d => d.Name == "alpha");
        Assert.False(alpha.Labels.ContainsKey("jurisdiction"));
        Assert.False(alpha.Labels.ContainsKey("eu"));
        Assert.Equal("DE", result.Document.Devices.Single(d => d.Name == "beta").Labels["jurisdiction"]);
    }

    [CoversDiagnostic("PRIV6009")]
    [Fact]
    public void Import_UnknownCountry_WarnsPRIV6009WithSuggestion()
    {
        var result = ConvertOk(Network([Node("0", "Alpha", country: "Germny"), Node("1", "Beta")], [Edge("0", "1")]));
        var warning = Assert.Single(result.Diagnostics, d => d.Code == "PRIV6009");
        Assert.Contains("did you mean 'Germany'?", warning.Message, StringComparison.Ordinal);
        Assert.False(result.Document!.Devices.Single(d => d.Name == "alpha").Labels.ContainsKey("country"));
    }

    [CoversDiagnostic("PRIV6010")]
    [Fact]
    public void Import_Junction_ReportsPRIV6010AndHasNoComputeNodes()
    {
        var result = ConvertOk(Network([Node("0", "Alpha"), Node("1", null, junction: true), Node("2", "Beta")], [Edge("0", "1"), Edge("1", "2")]));
        Assert.Equal(Severity.Info, Assert.Single(result.Diagnostics, d => d.Code == "PRIV6010").Severity);
        var junction = result.Document!.Devices.Single(d => d.Name == "junction-1");
        Assert.Equal("true", junction.Labels["junction"]);
        Assert.DoesNotContain(result.Document.Nodes, n => n.Device == "junction-1");
        Assert.Equal(2, result.Document.Nodes.Length);
    }

    [CoversDiagnostic("PRIV6011")]
    [Fact]
    public void Import_ParallelEdges_ReportPRIV6011AndUseDistinctPorts()
    {
        var result = ConvertOk(Network([Node("0", "Alpha"), Node("1", "Beta")], [Edge("0", "1"), Edge("1", "0"), Edge("0", "1")]));
        Assert.Equal(2, result.Diagnostics.Count(d => d.Code == "PRIV6011"));
        var links = result.Document!.Links;
        Assert.Equal(3, links.Length);
        Assert.Equal([1, 2, 3], links.Select(l => l.DeviceA == "alpha" ? l.PortA : l.PortB));
        Assert.Equal([1, 2, 3], links.Select(l => l.DeviceA == "beta" ? l.PortA : l.PortB));
        Assert.Equal(4, result.Document.Nodes.Single(n => n.Device == "alpha").Port);
        Assert.Equal(3, Load(result).Links.Length);
    }

    [CoversDiagnostic("PRIV6012")]
    [Fact]
    public void Import_SelfLoop_DroppedWithPRIV6012()
    {
        var result = ConvertOk(Network([Node("0", "Alpha"), Node("1", "Beta")], [Edge("0", "0"), Edge("0", "1")]));
        Assert.Equal(Severity.Warning, Assert.Single(result.Diagnostics, d => d.Code == "PRIV6012").Severity);
        Assert.Single(result.Document!.Links);
        Assert.Equal(1, result.Statistics!.SelfLoops);
        Load(result);
    }

    [CoversDiagnostic("PRIV6013")]
    [Fact]
    public void Import_Disconnected_WarnsPRIV6013()
    {
        var result = ConvertOk(Network([Node("0", "Alpha"), Node("1", "Beta"), Node("2", "Gamma"), Node("3", "Delta")], [Edge("0", "1"), Edge("2", "3")]));
        var warning = Assert.Single(result.Diagnostics, d => d.Code == "PRIV6013");
        Assert.Contains("2 disconnected parts", warning.Message, StringComparison.Ordinal);
        Assert.Contains("'gamma'", warning.Message, StringComparison.Ordinal);
        Assert.Equal(2, result.Statistics!.Components);
    }

    [CoversDiagnostic("PRIV6014")]
    [Fact]
    public void Import_NoLinkSpeeds_InfoPRIV6014WithConfiguredDefault()
    {
        var result = ConvertOk(Line(), ImportOptions.Default with { DefaultBandwidthBps = 40_000_000_000 });
        var info = Assert.Single(result.Diagnostics, d => d.Code == "PRIV6014");
        Assert.Contains("2 of 2 links", info.Message, StringComparison.Ordinal);
        Assert.Contains("40Gbps", info.Message, StringComparison.Ordinal);
        Assert.All(result.Document!.Links, l => Assert.Equal(40_000_000_000, l.BandwidthBps));
    }

    [CoversDiagnostic("PRIV6015")]
    [Fact]
    public void Import_AwkwardLabels_NamedByRuleWithPRIV6015()
    {
        var result = ConvertOk(Network(
            [Node("0", "Frankfurt am Main"), Node("1", "Frankfurt  am Main"), Node("2", "None"), Node("3", "???"), Node("4", "1st Street"), Node("5", "To"), Node("6", "Zürich")],
            [Edge("0", "1"), Edge("1", "2"), Edge("2", "3"), Edge("3", "4"), Edge("4", "5"), Edge("5", "6")]));
        Assert.Equal(["frankfurt-am-main", "frankfurt-am-main-2", "pop-2", "pop-3", "pop-1st-street", "to-pop", "zurich"], result.Document!.Devices.Select(d => d.Name));
        Assert.Equal(5, result.Diagnostics.Count(d => d.Code == "PRIV6015"));
        Assert.Equal(5, result.Statistics!.RenamedNodes);
    }

    [CoversDiagnostic("PRIV6016")]
    [Fact]
    public void Import_DirectedEdges_WarnPRIV6016Once()
    {
        var result = ConvertOk(Network([Node("0", "Alpha"), Node("1", "Beta")], [Edge("0", "1"), Edge("1", "0")], edgeDefault: "directed"));
        var warning = Assert.Single(result.Diagnostics, d => d.Code == "PRIV6016");
        Assert.Contains("2 edge(s)", warning.Message, StringComparison.Ordinal);
        Assert.Equal(2, result.Document!.Links.Length);
    }

    [CoversDiagnostic("PRIV6017")]
    [Fact]
    public void Import_UnsupportedElements_WarnPRIV6017AndAreIgnored()
    {
        var result = ConvertOk(Network(
            [Node("0", "Alpha", extra: "<port name=\"p0\"/><graph id=\"inner\"><node id=\"x\"/></graph>"), Node("1", "Beta")],
            [Edge("0", "1")],
            extra: "<hyperedge><endpoint node=\"0\"/><endpoint node=\"1\"/></hyperedge>"));
        Assert.Equal(["graph", "hyperedge", "port"], result.Diagnostics.Where(d => d.Code == "PRIV6017").Select(d => d.Message.Split('>')[0].TrimStart('<')).Order());
        Assert.Equal(2, result.Document!.Devices.Length);
    }

    [Fact]
    public void Import_KeyDefaults_Apply()
    {
        var keys = Keys.Replace("<key attr.name=\"Country\" attr.type=\"string\" for=\"node\" id=\"k2\" />",
            "<key attr.name=\"Country\" attr.type=\"string\" for=\"node\" id=\"k2\"><default>Austria</default></key>", StringComparison.Ordinal);
        var result = ConvertOk(Network([Node("0", "Alpha", country: null), Node("1", "Beta", country: "Italy")], [Edge("0", "1")], keys: keys));
        Assert.Equal(["AT", "IT"], result.Document!.Devices.Select(d => d.Labels["country"]));
    }

    [Fact]
    public void Import_Tiers_NodesPerPopWithCapacityAddressAndPorts()
    {
        var options = ImportOptions.Default with { Tiers = [ImportOptions.BuiltInTier("edge")!, new TierSpec("gpu", 32_000, 128L << 30, 5)] };
        var result = ConvertOk(Line(), options);
        var nodes = result.Document!.Nodes;
        Assert.Equal(["alpha-edge-1", "alpha-gpu-1", "beta-edge-1", "beta-gpu-1", "gamma-edge-1", "gamma-gpu-1"], nodes.Select(n => n.Name));
        Assert.Equal(["10.0.1.1", "10.0.1.2", "10.0.2.1", "10.0.2.2", "10.0.3.1", "10.0.3.2"], nodes.Select(n => n.Ip));
        var gpu = nodes.Single(n => n.Name == "beta-gpu-1");
        Assert.Equal((32_000, 128L << 30, 5m), (gpu.CpuMillis, gpu.MemoryBytes, gpu.Cost));
        // Beta has two links (ports 1, 2), so its edge node is on 3 and its gpu node on 4.
        Assert.Equal(4, gpu.Port);
        Assert.Equal(["beta", "gpu", "DE", "DE", "true"], new[] { "site", "tier", "country", "jurisdiction", "eu" }.Select(k => gpu.Labels[k]));
        Assert.Equal(["of:0000000000000001", "of:0000000000000002", "of:0000000000000003"], result.Document.Devices.Select(d => d.Id));
    }

    [Fact]
    public void Import_ManyNodes_AddressesStayUniqueAcrossOctets()
    {
        var nodes = Enumerable.Range(0, 600).Select(i => Node(i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Site {i}", lat: i * 0.01, lon: 0)).ToList();
        var edges = Enumerable.Range(1, 599).Select(i => Edge((i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var result = ConvertOk(Network(nodes, edges));
        Assert.Equal("10.1.0.1", result.Document!.Nodes.Single(n => n.Device == "site-255").Ip);
        Assert.Equal("10.2.88.1", result.Document.Nodes.Single(n => n.Device == "site-599").Ip);
        Assert.Equal(600, Load(result).Nodes.Select(n => n.Ip).Distinct().Count());
    }

    [Fact]
    public void Import_TopologyName_FromOptionElseFileName()
    {
        Assert.Equal("test", ConvertOk(Line()).Document!.Name);
        Assert.Equal("Lab West", ConvertOk(Line(), ImportOptions.Default with { Name = "Lab West" }).Document!.Name);
    }
}
