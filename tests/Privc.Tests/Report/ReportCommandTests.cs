using Privc.Artifacts.Emit;
using Privc.Cli;
using Privc.Report;

namespace Privc.Tests.Report;

/// <summary>
/// <c>privc report OUT</c>, <c>compile --report</c> and <c>check --report</c> through the CLI: the report is one
/// self-contained file, the same inputs give the same bytes, the output folder stays privc's own, and bad input gets
/// a located diagnostic with nothing written.
/// </summary>
public class ReportCommandTests
{
    private static readonly string Example = Path.Combine(TestPaths.Examples, "hospital-au");
    private static readonly string Priv = Path.Combine(Example, "hospital.priv");
    private static readonly string Topology = Path.Combine(Example, "topology.yaml");

    private static (string Folder, string Output) Compiled()
    {
        var folder = CliRunner.TempFolder();
        var output = Path.Combine(folder, "out");
        var result = CliRunner.Run("compile", Priv, "--topology", Topology, "--out", output);
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        return (folder, output);
    }

    [Fact]
    public void Report_OutputFolder_AddsReportAndKeepsTheFolderPrivcsOwn()
    {
        var (_, output) = Compiled();
        var before = CliRunner.Snapshot(output);
        var result = CliRunner.Run("report", output, Priv, "--topology", Topology);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains(HtmlReport.Generator, html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal); // no network request can leave the page
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Empty(OutputFolder.ForeignFiles(output));
        var after = CliRunner.Snapshot(output);
        foreach (var (file, bytes) in before.Where(f => f.Key != OutputFolder.MarkerName))
        {
            Assert.Equal(bytes, after[file]);
        }

        // A second run gives the same bytes, and a later compile may still replace the folder.
        Assert.Equal(ExitCodes.Success, CliRunner.Run("report", output, Priv, "--topology", Topology).ExitCode);
        Assert.Equal(html, File.ReadAllText(Path.Combine(output, "report.html")));
        Assert.Equal(ExitCodes.Success, CliRunner.Run("compile", Priv, "--topology", Topology, "--out", output).ExitCode);
    }

    [Fact]
    public void CompileReport_SameInputsTwice_ByteIdentical()
    {
        var folder = CliRunner.TempFolder();
        var first = CliRunner.Run("compile", Priv, "--topology", Topology, "--out", Path.Combine(folder, "a"), "--report", Path.Combine(folder, "a.html"));
        var second = CliRunner.Run("compile", Priv, "--topology", Topology, "--out", Path.Combine(folder, "b"), "--report", Path.Combine(folder, "b.html"));
        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "a.html")), File.ReadAllBytes(Path.Combine(folder, "b.html")));
    }

    [Fact]
    public void CompileReport_Unsatisfiable_WritesOnlyTheReport()
    {
        var folder = CliRunner.TempFolder();
        var example = Path.Combine(TestPaths.Examples, "contradictory");
        var output = Path.Combine(folder, "out");
        var report = Path.Combine(folder, "conflict.html");
        var result = CliRunner.Run("compile", Path.Combine(example, "contradictory.priv"), "--topology", Path.Combine(example, "topology.yaml"), "--out", output, "--report", report);
        Assert.Equal(ExitCodes.Unsatisfiable, result.ExitCode);
        Assert.False(Directory.Exists(output));
        Assert.Contains("nothing was written but the report", result.Error, StringComparison.Ordinal);
        var html = File.ReadAllText(report);
        Assert.Contains("class=\"core-intent\" data-intent=\"residency\"", html, StringComparison.Ordinal);
        Assert.Contains("data-intent=\"analytics_cheap_region\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void CompileReport_InsideTheOutputFolder_IsAUsageError()
    {
        var folder = CliRunner.TempFolder();
        var output = Path.Combine(folder, "out");
        var result = CliRunner.Run("compile", Priv, "--topology", Topology, "--out", output, "--report", Path.Combine(output, "report.html"));
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("PRIV0006", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    [CoversDiagnostic("PRIV8012")]
    public void CheckReport_ExistingFileNotAReport_RefusedUnlessForced()
    {
        var (folder, output) = Compiled();
        var report = Path.Combine(folder, "notes.html");
        File.WriteAllText(report, "<p>my notes</p>");
        string[] check = ["check", Priv, "--topology", Topology, "--manifests", Path.Combine(output, "kubernetes"), "--flows", Path.Combine(output, "onos", "flows.json"), "--report", report];
        var refused = CliRunner.Run(check);
        Assert.Equal(ExitCodes.InputError, refused.ExitCode);
        Assert.Contains($"{report}: error PRIV8012: '{report}' exists and is not a report privc wrote", refused.Error, StringComparison.Ordinal);
        Assert.Equal("<p>my notes</p>", File.ReadAllText(report));

        Assert.Equal(ExitCodes.Success, CliRunner.Run([.. check, "--force"]).ExitCode);
        Assert.Contains(HtmlReport.Generator, File.ReadAllText(report), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, CliRunner.Run(check).ExitCode); // a report privc wrote is replaced without --force
    }

    [Fact]
    [CoversDiagnostic("PRIV8010")]
    public void Report_MalformedPlan_LocatedDiagnosticAndNothingWritten()
    {
        var (_, output) = Compiled();
        var plan = Path.Combine(output, "plan.json");
        File.WriteAllText(plan, File.ReadAllText(plan).Replace("\"sourceNode\": \"edge-mel-1\"", "\"sourceNode\": 7", StringComparison.Ordinal));
        var result = CliRunner.Run("report", output, Priv, "--topology", Topology);
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Matches(@"plan\.json:\d+:\d+: error PRIV8010: the plan is malformed: expected a string ""sourceNode""", result.Error);
        Assert.False(File.Exists(Path.Combine(output, "report.html")));

        File.Delete(plan);
        var missing = CliRunner.Run("report", output, Priv, "--topology", Topology);
        Assert.Contains("error PRIV8010: cannot read the plan (it holds no plan.json)", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV8011")]
    public void Report_PlanForAnotherTopology_IsRefused()
    {
        var (folder, output) = Compiled();
        var other = Path.Combine(folder, "other.yaml");
        File.WriteAllText(other, File.ReadAllText(Topology).Replace("name: hospital-au", "name: hospital-nz", StringComparison.Ordinal));
        var result = CliRunner.Run("report", output, Priv, "--topology", other);
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Matches(@"plan\.json:3:15: error PRIV8011: the plan was made for topology 'hospital-au', not 'hospital-nz'", result.Error);
    }

    [Fact]
    [CoversDiagnostic("PRIV0009")]
    public void Report_FolderWithForeignFiles_IsRefused()
    {
        var (_, output) = Compiled();
        File.WriteAllText(Path.Combine(output, "mine.txt"), "a user's file");
        var result = CliRunner.Run("report", output, Priv, "--topology", Topology);
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("error PRIV0009: will not add a report", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "report.html")));
    }

    [Fact]
    public void Report_IntentsThePlanViolates_ExitsFourAndDrawsTheViolations()
    {
        var (folder, output) = Compiled();
        var stricter = Path.Combine(folder, "stricter.priv");
        File.WriteAllText(stricter, File.ReadAllText(Priv) + "intent research_in_au: place research on jurisdiction == AU;\n");
        var result = CliRunner.Run("report", output, stricter, "--topology", Topology);
        Assert.Equal(ExitCodes.Violations, result.ExitCode);
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("data-item=\"violation:1\"", html, StringComparison.Ordinal);
        Assert.Contains("research_in_au", html, StringComparison.Ordinal);
        Assert.Contains("cloud-sg-1", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_TamperedPlan_IsNoLongerPrivcsFileAndIsRefused()
    {
        var (_, output) = Compiled();
        var plan = Path.Combine(output, "plan.json");
        File.WriteAllText(plan, File.ReadAllText(plan).Replace("cloud-sg-1", "cloud-syd-2", StringComparison.Ordinal));
        var result = CliRunner.Run("report", output, Priv, "--topology", Topology);
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("PRIV0009", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "report.html")));
    }

    [Fact]
    public void CheckReport_SomethingNotJudged_ExitsFiveAndNeverShowsCompliant()
    {
        var (folder, output) = Compiled();
        // A rule that also copies packets to the controller: privc cannot judge it (PRIV5150), so check exits 5.
        var flows = File.ReadAllText(Path.Combine(output, "onos", "flows.json"));
        var at = flows.IndexOf("\"port\": \"10\"", StringComparison.Ordinal);
        Assert.True(at > 0, "the hospital's flow rules deliver on port 10");
        var edited = Path.Combine(folder, "flows.json");
        File.WriteAllText(edited, flows.Insert(at, "\"port\": \"CONTROLLER\"}, {\"type\": \"OUTPUT\", "));
        var report = Path.Combine(folder, "check.html");

        var result = CliRunner.Run("check", Priv, "--topology", Topology, "--manifests", Path.Combine(output, "kubernetes"), "--flows", edited, "--report", report);

        Assert.Equal(ExitCodes.NotJudged, result.ExitCode);
        var html = File.ReadAllText(report);
        Assert.Contains("<body class=\"outcome-not-judged\">", html, StringComparison.Ordinal);
        Assert.Contains("Not judged: no violation was found", html, StringComparison.Ordinal);
        Assert.Matches("<ul id=\"unjudged\"[^>]*>\n<li>[^<]*warning PRIV5150", html);
        Assert.DoesNotContain("Compliant:", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">holds<", html, StringComparison.Ordinal);
        Assert.Contains("no violation found; not everything was judged", html, StringComparison.Ordinal);
    }
}
