using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Privc.Cli;

namespace Privc.Tests.Report;

/// <summary>
/// The unsatisfiable core drawn for a flow: when path intents leave no route between the nodes a flow's endpoints
/// may use, the report names the devices that separate them (the cut) and selects that conflict when it opens. The
/// browser tests cover the other kind of conflict (a service with no node left) on the bundled example.
/// </summary>
public class ReportCoreTests
{
    private const string Program = """
        data Vitals: restricted tags PHI;
        service monitor { image "r/monitor:1"; replicas 1; cpu 250m; memory 256Mi; ports 8080; tenant hospital; clearance restricted; handles Vitals; }
        service analytics { image "r/analytics:1"; replicas 1; cpu 8; memory 32Gi; ports 9090; tenant hospital; clearance restricted; }
        flow vitals: monitor -> analytics carries Vitals bandwidth 100Mbps port 9090;
        intent monitor_in_syd: place monitor on zone == syd and tier == edge;
        intent vitals_trusted: route vitals avoid devices where trust < medium;
        intent vitals_not_via_cloud: route vitals avoid devices where site == syd-cloud;

        """;

    private static JsonNode Data(string html) =>
        JsonNode.Parse(Regex.Match(html, "<script type=\"application/json\" id=\"privc-data\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value)!;

    [Fact]
    public void CompileReport_RoutesCutOff_DrawsTheDevicesThatSeparateTheEndpoints()
    {
        var folder = CliRunner.TempFolder();
        var priv = Path.Combine(folder, "cut.priv");
        File.WriteAllText(priv, Program);
        var report = Path.Combine(folder, "cut.html");

        // hospital-au: edge-syd-* hang off s1; the nodes big enough for analytics sit behind s4 (syd-cloud, their own
        // switch) or s6 (Singapore), and every way to s6 crosses s4 or the untrusted transit switch s5.
        var result = CliRunner.Run("compile", priv, "--topology", Path.Combine(TestPaths.Examples, "hospital-au", "topology.yaml"), "--out", Path.Combine(folder, "out"), "--report", report);

        Assert.Equal(ExitCodes.Unsatisfiable, result.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(folder, "out")));
        var html = File.ReadAllText(report);
        Assert.Contains("crosses s4, s5, which the core rules out: the cut that separates the flow&#39;s endpoints.", html, StringComparison.Ordinal);
        var data = Data(html);
        Assert.Equal("conflict:flow:vitals", (string?)data["initial"]);
        var conflict = data["items"]!["conflict:flow:vitals"]!;
        var highlighted = conflict["h"]!.AsArray().Select(n => (string)n!).ToList();
        Assert.Contains("d:s4", highlighted);
        Assert.Contains("d:s5", highlighted);
        Assert.Contains("n:edge-syd-1", highlighted); // the endpoints the cut separates
        Assert.Contains("n:cloud-sg-1", highlighted);
        Assert.DoesNotContain("d:s1", highlighted);
        Assert.Equal(["d:s4", "d:s5"], conflict["x"]!.AsArray().Select(n => (string)n!).Order(StringComparer.Ordinal));
    }
}
