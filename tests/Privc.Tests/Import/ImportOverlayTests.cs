using Privc.Cli;
using Privc.Text;
using Privc.Topology.Import;

namespace Privc.Tests.Import;

/// <summary><c>topology import --labels OVERLAY.yaml</c>: hand-kept corrections merged into every import, so a re-import keeps them.</summary>
public sealed class ImportOverlayTests
{
    private const string GeantCorrections = """
        # Geant2012 gives UA, MD and BY no Country and no coordinates; these are the operator's corrections.
        sites:
          ua: {country: UA, jurisdiction: UA, eu: false}
          md: {country: MD, jurisdiction: MD, eu: false}
        devices:
          pl: {trust: high}
          de: {eu: ~}
        nodes:
          ua-edge-1: {tee: sgx}
        links:
          - between: [ua, pl]
            latency: 9ms
        """;

    private static ImportResult Apply(string overlay) =>
        ImportOverlay.Apply(ZooFiles.Import("Geant2012.graphml"), new SourceText("corrections.yaml", overlay));

    [Fact]
    public void Overlay_GeantCorrections_LabelsSitesDevicesNodesAndLatency()
    {
        var result = Apply(GeantCorrections);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var topology = ZooFiles.Load(result);
        Assert.Equal("UA", topology.FindDevice("ua")!.Labels["jurisdiction"]);
        Assert.All(topology.NodesByDevice["ua"], n => Assert.Equal("UA", n.Labels["country"]));
        Assert.All(topology.NodesByDevice["md"], n => Assert.Equal("false", n.Labels["eu"]));
        Assert.Equal("sgx", topology.Nodes.Single(n => n.Name == "ua-edge-1").Labels["tee"]);
        Assert.Equal("high", topology.FindDevice("pl")!.Labels["trust"]);
        Assert.False(topology.FindDevice("de")!.Labels.ContainsKey("eu"));
        // The device's nodes keep what only the device entry changed.
        Assert.All(topology.NodesByDevice["de"], n => Assert.Equal("true", n.Labels["eu"]));
        var link = Assert.Single(topology.Links, l => new[] { l.DeviceA, l.DeviceB }.Order().SequenceEqual(["pl", "ua"]));
        Assert.Equal(9_000, link.LatencyMicros);
    }

    [Fact]
    [CoversDiagnostic("PRIV6019")]
    public void Overlay_NamesWhatTheNetworkLacks_ErrorAtTheEntry()
    {
        var result = Apply("""
            sites:
              atlantis: {country: XX}
            links:
              - between: [ua, md]
                latency: 5ms
            """);

        Assert.False(result.Succeeded);
        var errors = result.Diagnostics.Where(d => d.Code == "PRIV6019").OrderBy(d => d.Location!.Value.Span.Start).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Equal("corrections.yaml:2:3", errors[0].Location!.Value.Display);
        Assert.Contains("site 'atlantis' is no device of the imported topology", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal("corrections.yaml:4:14", errors[1].Location!.Value.Display);
        Assert.Contains("no link of the imported topology joins 'ua' and 'md'", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlay_MalformedEntries_ReportedWithTheirPositions()
    {
        var result = Apply("""
            site:
              ua: {country: UA}
            links:
              - between: [ua]
                latency: fast
            """);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.IsError && d.Location?.Display == "corrections.yaml:1:1" && d.Message.Contains("'sites'", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.IsError && d.Message.Contains("must name two devices", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.IsError && d.Message.Contains("'fast'", StringComparison.Ordinal));
    }

    [Fact]
    public void TopologyImport_Labels_KeptAcrossReimportAndRefusedWhenStale()
    {
        var folder = CliRunner.TempFolder();
        var overlay = Path.Combine(folder, "corrections.yaml");
        File.WriteAllText(overlay, GeantCorrections);
        var graphml = Path.Combine(ZooFiles.Folder, "Geant2012.graphml");
        var first = Path.Combine(folder, "first.yaml");
        var second = Path.Combine(folder, "second.yaml");

        var run = CliRunner.Run("topology", "import", graphml, "--out", first, "--labels", overlay);
        var again = CliRunner.Run("topology", "import", graphml, "--out", second, "--labels", overlay);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal(ExitCodes.Success, again.ExitCode);
        Assert.Equal(File.ReadAllText(first), File.ReadAllText(second));
        Assert.Contains("ua-edge-1", File.ReadAllText(first), StringComparison.Ordinal);
        Assert.Contains("tee: sgx", File.ReadAllText(first), StringComparison.Ordinal);

        File.WriteAllText(overlay, "devices:\n  atlantis: {trust: high}\n");
        var invalid = CliRunner.Run("topology", "import", graphml, "--out", Path.Combine(folder, "invalid.yaml"), "--labels", overlay);
        Assert.Equal(ExitCodes.InputError, invalid.ExitCode);
        Assert.Contains("corrections.yaml:2:3: error PRIV6019: device 'atlantis' is not in the imported topology", invalid.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", invalid.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "invalid.yaml")));
    }
}
