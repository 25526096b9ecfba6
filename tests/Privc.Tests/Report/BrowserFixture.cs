using System.Text.Json.Nodes;
using Privc.Cli;

namespace Privc.Tests.Report;

/// <summary>
/// A fact that needs headless Chromium and z3. Skipped with the reason where they are missing, except under CI
/// (<c>CI=true</c>) as root, where it runs and fails: CI installs both (.ci/setup), so it cannot skip silently.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        var missing = HeadlessChromium.Locate() is null
            ? "Chromium is not installed; install it with 'apt-get install chromium' (or set PRIVC_CHROMIUM)"
            : Solvers.Z3Available ? null : "z3 is not on PATH; install it with 'apt-get install z3'";
        if (missing is not null && !EndToEnd.OvsFactAttribute.MustRun)
        {
            Skip = missing;
        }
    }
}

/// <summary>One report the browser tests open: the page, what privc printed, and the plan it draws (null for a conflict).</summary>
public sealed record OpenedReport(string Name, string Html, HeadlessChromium.Page Page, CliRunner.Result Run, JsonNode? Plan);

/// <summary>
/// Compiles every bundled example with <c>--report</c> (and runs <c>check --report</c> on a tampered output), then
/// opens every report in one headless Chromium, once for the whole collection: starting a browser per test would
/// make the default run slow. Screenshots go to <c>report-screenshots/</c> under the test output folder.
/// </summary>
public sealed class BrowserFixture : IDisposable
{
    private readonly string folder = CliRunner.TempFolder();
    private readonly Lazy<(HeadlessChromium Browser, Dictionary<string, OpenedReport> Reports)> state;

    public BrowserFixture() => state = new(Build);

    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "report-screenshots");

    /// <summary>The examples whose compile yields a report (proven or unsatisfiable), by folder name.</summary>
    public static IEnumerable<string> ExamplesWithReports() =>
        Directory.GetDirectories(TestPaths.Examples).Select(Path.GetFileName).OfType<string>()
            .Where(name => File.ReadAllText(Path.Combine(TestPaths.Examples, name, "expect")).Trim() is "proven" or "unsatisfiable")
            .Order(StringComparer.Ordinal);

    public OpenedReport this[string name] => state.Value.Reports[name];

    public IReadOnlyCollection<string> Names => state.Value.Reports.Keys;

    private (HeadlessChromium, Dictionary<string, OpenedReport>) Build()
    {
        var reports = new Dictionary<string, (string Html, CliRunner.Result Run, JsonNode? Plan)>(StringComparer.Ordinal);
        foreach (var name in ExamplesWithReports())
        {
            var example = Path.Combine(TestPaths.Examples, name);
            var priv = Directory.GetFiles(example, "*.priv").Order(StringComparer.Ordinal).ToArray();
            var output = Path.Combine(folder, name);
            var html = Path.Combine(folder, name + ".html");
            var run = CliRunner.Run(["compile", .. priv, "--topology", Path.Combine(example, "topology.yaml"), "--out", output, "--report", html, .. TestPaths.CompileArguments(example)]);
            var plan = Path.Combine(output, "plan.json");
            reports[name] = (html, run, File.Exists(plan) ? JsonNode.Parse(File.ReadAllText(plan)) : null);
        }

        // privc check on the hospital's output with one triage replica moved to Singapore: a violation to draw.
        var hospital = Path.Combine(TestPaths.Examples, "hospital-au");
        var moved = Path.Combine(folder, "hospital-au", "kubernetes", "triage.yaml");
        var text = File.ReadAllText(moved);
        var node = reports["hospital-au"].Plan!["placements"]!.AsArray().Single(p => (string?)p!["service"] == "triage")!["nodes"]![0]!.GetValue<string>();
        File.WriteAllText(moved, text.Replace("- " + node, "- cloud-sg-1", StringComparison.Ordinal));
        var checkHtml = Path.Combine(folder, "check-hospital-au.html");
        var check = CliRunner.Run(["check", Path.Combine(hospital, "hospital.priv"), "--topology", Path.Combine(hospital, "topology.yaml"),
            "--manifests", Path.Combine(folder, "hospital-au", "kubernetes"), "--flows", Path.Combine(folder, "hospital-au", "onos", "flows.json"), "--report", checkHtml]);
        reports["check-hospital-au"] = (checkHtml, check, reports["hospital-au"].Plan);

        var browser = HeadlessChromium.Start(HeadlessChromium.Locate() ?? throw new InvalidOperationException("Chromium is not installed (apt-get install chromium)"));
        Directory.CreateDirectory(ScreenshotFolder);
        var opened = new Dictionary<string, OpenedReport>(StringComparer.Ordinal);
        foreach (var (name, (html, run, plan)) in reports)
        {
            if (!File.Exists(html))
            {
                throw new InvalidOperationException($"no report for {name}: exit {run.ExitCode}\n{run.Out}\n{run.Error}");
            }
            var page = browser.Open(new Uri(html).AbsoluteUri);
            File.WriteAllBytes(Path.Combine(ScreenshotFolder, name + ".png"), page.Screenshot());
            opened[name] = new OpenedReport(name, html, page, run, plan);
        }
        return (browser, opened);
    }

    public void Dispose()
    {
        if (state.IsValueCreated)
        {
            state.Value.Browser.Dispose();
        }
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition("Browser")]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;
