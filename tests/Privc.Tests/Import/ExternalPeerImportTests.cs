using Privc.Cli;
using Privc.Diagnostics;
using Privc.Topology.Import;
using static Privc.Tests.Import.GraphMlText;

namespace Privc.Tests.Import;

/// <summary>
/// External PoPs (GraphML <c>Internal=0</c>: peers, exchanges, other networks) stay devices for routing but get no
/// compute nodes unless <c>--compute-on external</c> asks for them; devices and nodes carry <c>internal</c>.
/// </summary>
public sealed class ExternalPeerImportTests
{
    private const string External = "<data key=\"k6\">0</data>";
    private const string Internal = "<data key=\"k6\">1</data>";

    private static string Peering() => Network(
        [Node("0", "Frankfurt", extra: Internal), Node("1", "Berlin", lat: 52.5, lon: 13.4, extra: Internal),
         Node("2", "DE-CIX", lat: 50.1, lon: 8.7, extra: External), Node("3", "Telia", country: "Sweden", lat: 59.3, lon: 18.1, extra: External)],
        [Edge("0", "1"), Edge("0", "2"), Edge("1", "3")]);

    [Fact]
    [CoversDiagnostic("PRIV6018")]
    public void Import_ExternalPeers_GetNoComputeNodesByDefault()
    {
        var result = ConvertOk(Peering());

        var topology = Load(result);
        Assert.Equal(["berlin-edge-1", "frankfurt-edge-1"], topology.Nodes.Select(n => n.Name).Order(StringComparer.Ordinal));
        Assert.All(topology.Nodes, n => Assert.Equal("true", n.Labels["internal"]));
        Assert.Equal("false", topology.FindDevice("de-cix")!.Labels["internal"]);
        Assert.Equal("false", topology.FindDevice("telia")!.Labels["internal"]);
        Assert.Equal("true", topology.FindDevice("frankfurt")!.Labels["internal"]);
        // Still routable: the peers' links are kept.
        Assert.Equal(3, topology.Links.Length);
        var info = Assert.Single(result.Diagnostics, d => d.Code == "PRIV6018");
        Assert.Equal(Severity.Info, info.Severity);
        Assert.Contains("2 node(s) are external", info.Message, StringComparison.Ordinal);
        Assert.Contains("'de-cix', 'telia'", info.Message, StringComparison.Ordinal);
        Assert.Contains("--compute-on external", info.Message, StringComparison.Ordinal);
        Assert.Equal(2, result.Statistics!.ExternalWithoutCompute);
    }

    [Fact]
    public void Import_ComputeOnExternal_CreatesNodesAtEveryPop()
    {
        var result = ConvertOk(Peering(), ImportOptions.Default with { ComputeOnExternal = true });

        var topology = Load(result);
        Assert.Equal(4, topology.Nodes.Length);
        Assert.Equal("false", topology.Nodes.Single(n => n.Name == "de-cix-edge-1").Labels["internal"]);
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == "PRIV6018");
    }

    [Fact]
    public void Import_OnlyExternalPops_RefusedWithTheOverride()
    {
        var result = Convert(Network([Node("0", "DE-CIX", extra: External), Node("1", "AMS-IX", extra: External)], [Edge("0", "1")]));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.Code == "PRIV6003");
        Assert.Contains("--compute-on external", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ZooFiles.All), MemberType = typeof(ZooFiles))]
    public void Import_ZooNetwork_NoComputeNodeOnAnExternalPeer(string file)
    {
        var topology = ZooFiles.Load(ZooFiles.Import(file, "edge", "cloud"));

        Assert.All(topology.Nodes, n => Assert.NotEqual("false", topology.FindDevice(n.Device)!.Labels.GetValueOrDefault("internal")));
        Assert.All(topology.Nodes, n => Assert.Equal(topology.FindDevice(n.Device)!.Labels.GetValueOrDefault("internal"), n.Labels.GetValueOrDefault("internal")));
    }

    [Fact]
    public void Import_Geant2012WithExchangePeers_PeersCarryNoComputeNodes()
    {
        // Geant2012 as bundled has no external node; add two exchanges peering with real GEANT PoPs, as the Zoo marks them.
        var text = ZooFiles.Source("Geant2012.graphml").Text;
        var internalKey = System.Text.RegularExpressions.Regex.Match(text, "<key attr.name=\"Internal\" attr.type=\"int\" for=\"node\" id=\"(?<id>[^\"]+)\"").Groups["id"].Value;
        var labelKey = System.Text.RegularExpressions.Regex.Match(text, "<key attr.name=\"label\" attr.type=\"string\" for=\"node\" id=\"(?<id>[^\"]+)\"").Groups["id"].Value;
        Assert.NotEmpty(internalKey);
        var peers = $"""
            <node id="900"><data key="{labelKey}">DECIX</data><data key="{internalKey}">0</data></node>
            <node id="901"><data key="{labelKey}">Internet</data><data key="{internalKey}">0</data></node>
            <edge source="900" target="0" />
            <edge source="901" target="1" />
          </graph>
        """;
        var peered = text.Replace("</graph>", peers, StringComparison.Ordinal);

        var result = GraphMlImporter.Import(new Privc.Text.SourceText("Geant2012-peered.graphml", peered), ImportOptions.Default);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var topology = ZooFiles.Load(result);
        Assert.Equal("false", topology.FindDevice("decix")!.Labels["internal"]);
        Assert.False(topology.NodesByDevice.ContainsKey("decix"));
        Assert.False(topology.NodesByDevice.ContainsKey("internet"));
        Assert.Equal(ZooFiles.Load(ZooFiles.Import("Geant2012.graphml")).Nodes.Length, topology.Nodes.Length);
    }

    [Fact]
    public void TopologyImport_ComputeOnOption_ReachesTheImporterAndRejectsOtherValues()
    {
        var folder = CliRunner.TempFolder();
        var graphml = Path.Combine(folder, "peering.graphml");
        File.WriteAllText(graphml, Peering());
        var internalOnly = Path.Combine(folder, "internal.yaml");
        var everywhere = Path.Combine(folder, "external.yaml");

        var byDefault = CliRunner.Run("topology", "import", graphml, "--out", internalOnly);
        var external = CliRunner.Run("topology", "import", graphml, "--out", everywhere, "--compute-on", "external");
        var bad = CliRunner.Run("topology", "import", graphml, "--out", Path.Combine(folder, "bad.yaml"), "--compute-on", "peers");

        Assert.True(byDefault.ExitCode == ExitCodes.Success, byDefault.Error);
        Assert.Contains("external PoPs                   2", byDefault.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("de-cix-edge-1", File.ReadAllText(internalOnly), StringComparison.Ordinal);
        Assert.True(external.ExitCode == ExitCodes.Success, external.Error);
        Assert.Contains("de-cix-edge-1", File.ReadAllText(everywhere), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InputError, bad.ExitCode);
        Assert.False(File.Exists(Path.Combine(folder, "bad.yaml")));
    }
}
