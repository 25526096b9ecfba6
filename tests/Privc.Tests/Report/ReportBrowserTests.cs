using System.Text.Json.Nodes;
using Privc.Cli;
using Privc.Compiler;

namespace Privc.Tests.Report;

/// <summary>
/// The report of every bundled example opened in headless Chromium, with assertions on the rendered DOM: every
/// route and intent present, selection highlighting what an intent, flow or violation concerns and crossing out
/// what it rules out, keyboard operation, recolouring, the unsatisfiable example's core on the map, and no network
/// request. Screenshots are written under the test output folder (report-screenshots/).
/// </summary>
[Collection("Browser")]
[Trait("Category", "Browser")]
public class ReportBrowserTests(BrowserFixture reports)
{
    public static TheoryData<string> Examples() => [.. BrowserFixture.ExamplesWithReports()];

    [BrowserFact]
    public void Report_EveryBundledExample_OpensWithEveryRouteAndIntent()
    {
        Assert.NotEmpty(BrowserFixture.ExamplesWithReports());
        foreach (var name in BrowserFixture.ExamplesWithReports())
        {
            var report = reports[name];
            var page = report.Page;
            var example = Path.Combine(TestPaths.Examples, name);
            var program = Inputs.Load(Directory.GetFiles(example, "*.priv"), Path.Combine(example, "topology.yaml")).Compilation!.Program!;

            Assert.Equal(program.Intents.Length, page.Evaluate<int>("document.querySelectorAll('#intents tbody tr').length"));
            foreach (var intent in program.Intents)
            {
                Assert.True(page.Evaluate<bool>($"!!document.querySelector('button[data-item=\"intent:{intent.Name}\"]')"), $"{name}: no button for intent {intent.Name}");
            }
            if (report.Plan is { } plan)
            {
                var routes = plan["routes"]!.AsArray();
                Assert.Equal(routes.Count, page.Evaluate<int>("document.querySelectorAll('#map polyline.route').length"));
                Assert.Equal(routes.Count, page.Evaluate<int>("document.querySelectorAll('#routes tbody tr').length"));
                var drawn = page.Evaluate("Array.from(document.querySelectorAll('#map polyline.route')).map(r => r.getAttribute('data-flow'))")!.AsArray().Select(n => n!.GetValue<string>());
                Assert.Equal(routes.Select(r => (string)r!["flow"]!), drawn);
                Assert.Equal("proven", page.Evaluate<string>("JSON.parse(document.getElementById('privc-data').textContent).outcome"));
            }
            Assert.Equal(0, page.Evaluate<int>("performance.getEntriesByType('resource').length"));
            Assert.True(File.Exists(Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png")));
        }
    }

    [BrowserFact]
    public void Report_SelectingAFlow_HighlightsExactlyItsRoutes()
    {
        var report = reports["hospital-au"];
        var page = report.Page;
        var expected = report.Plan!["routes"]!.AsArray().Count(r => (string)r!["flow"]! == "research_feed");
        page.Evaluate("document.querySelector('button[data-item=\"flow:research_feed\"]').click()");

        Assert.Equal(expected, page.Evaluate<int>("document.querySelectorAll('#map .route.hl').length"));
        Assert.Equal(expected, page.Evaluate<int>("document.querySelectorAll('#map .route.hl[data-flow=\"research_feed\"]').length"));
        Assert.Equal("flow:research_feed", page.Evaluate<string>("document.querySelector('.detail:not([hidden])').getAttribute('data-detail')"));
        Assert.Equal("true", page.Evaluate<string>("document.querySelector('button[data-item=\"flow:research_feed\"]').getAttribute('aria-pressed')"));

        page.Evaluate("document.querySelector('button[data-item=\"flow:research_feed\"]').click()");
        Assert.Equal(0, page.Evaluate<int>("document.querySelectorAll('#map .hl').length"));
    }

    [BrowserFact]
    public void Report_SelectingAnIntent_ShowsWhyItHoldsAndCrossesOutWhatItRulesOut()
    {
        var page = reports["hospital-au"].Page;
        page.Evaluate("document.querySelector('button[data-item=\"intent:vitals_fast\"]').click()");

        // vitals_fast: route vitals_feed latency <= 15ms, avoid devices where trust < medium. s5 is untrusted.
        Assert.True(page.Evaluate<bool>("document.querySelector('#map [data-el=\"d:s5\"]').classList.contains('excluded')"));
        Assert.False(page.Evaluate<bool>("document.querySelector('#map [data-el=\"d:s3\"]').classList.contains('excluded')"));
        var flows = page.Evaluate("Array.from(new Set(Array.from(document.querySelectorAll('#map .route.hl')).map(r => r.getAttribute('data-flow'))))")!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Equal(["vitals_feed"], flows);
        var why = page.Evaluate<string>("document.querySelector('.detail:not([hidden]) .why').textContent");
        Assert.Contains("within the bound of 15ms", why, StringComparison.Ordinal);
        Assert.Contains("none of those is used", why, StringComparison.Ordinal);
        File.WriteAllBytes(Path.Combine(BrowserFixture.ScreenshotFolder, "hospital-au-vitals_fast.png"), page.Screenshot());
        page.Press("Escape", 27);
        Assert.Equal(0, page.Evaluate<int>("document.querySelectorAll('#map .hl, #map .excluded').length"));
    }

    [BrowserFact]
    public void Report_Keyboard_ArrowKeysMoveAndEnterSelects()
    {
        var page = reports["smart-city"].Page;
        var ids = page.Evaluate("Array.from(document.querySelectorAll('button.item')).map(b => b.getAttribute('data-item'))")!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        page.Evaluate("document.querySelector('button.item').focus()");
        page.Press("ArrowDown", 40);
        Assert.Equal(ids[1], page.Evaluate<string>("document.activeElement.getAttribute('data-item')"));
        page.Press("Enter", 13);
        Assert.Equal(ids[1], page.Evaluate<string>("document.body.getAttribute('data-selected')"));
        page.Press("Escape", 27);
        Assert.Null(page.Evaluate("document.body.getAttribute('data-selected')"));
    }

    [BrowserFact]
    public void Report_ColourBy_RecoloursNodesAndLegend()
    {
        var page = reports["hospital-au"].Page;
        page.Evaluate("(() => { const s = document.getElementById('colour-by'); s.value = 'tier'; s.dispatchEvent(new Event('change')); })()");
        var legend = page.Evaluate("Array.from(document.querySelectorAll('#legend li')).map(l => l.textContent)")!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Equal(["cloud", "edge"], legend);
        Assert.Equal(2, page.Evaluate<int>("new Set(Array.from(document.querySelectorAll('#map .node circle')).map(c => c.getAttribute('fill'))).size"));
        page.Evaluate("(() => { const s = document.getElementById('colour-by'); s.value = 'jurisdiction'; s.dispatchEvent(new Event('change')); })()");
    }

    [BrowserFact]
    public void Report_UnsatisfiableExample_ShowsItsCoreOnTheMap()
    {
        var report = reports["contradictory"];
        var page = report.Page;
        Assert.Equal(ExitCodes.Unsatisfiable, report.Run.ExitCode);
        Assert.Equal("unsatisfiable", page.Evaluate<string>("JSON.parse(document.getElementById('privc-data').textContent).outcome"));
        var core = page.Evaluate("Array.from(document.querySelectorAll('#core .core-intent')).map(l => l.getAttribute('data-intent'))")!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Equal(["residency", "analytics_cheap_region"], core);

        // Opened on the conflict: each intent's allowed nodes carry its badge, and no node is in the intersection.
        Assert.Equal("conflict:service:analytics", page.Evaluate<string>("document.body.getAttribute('data-selected')"));
        var badges = page.Evaluate("Array.from(document.querySelectorAll('.badges.shown .badge')).map(b => b.getAttribute('data-core-intent'))")!.AsArray().Select(n => n!.GetValue<string>()).ToHashSet();
        Assert.Equal(new HashSet<string> { "residency", "analytics_cheap_region" }, badges);
        Assert.Equal(0, page.Evaluate<int>("document.querySelectorAll('#map .node.hl').length"));
        Assert.Contains("none: the intersection is empty", page.Evaluate<string>("document.getElementById('core').textContent"), StringComparison.Ordinal);
        Assert.Contains("together they allow no node at all", page.Evaluate<string>("document.querySelector('.detail:not([hidden])').textContent"), StringComparison.Ordinal);
        Assert.Equal(0, page.Evaluate<int>("document.querySelectorAll('#map polyline.route').length"));
    }

    [BrowserFact]
    public void Report_CheckWithAMovedPod_DrawsTheViolationWithItsWitness()
    {
        var report = reports["check-hospital-au"];
        var page = report.Page;
        Assert.Equal(ExitCodes.Violations, report.Run.ExitCode);
        Assert.Equal("violations", page.Evaluate<string>("JSON.parse(document.getElementById('privc-data').textContent).outcome"));
        Assert.True(page.Evaluate<int>("document.querySelectorAll('button[data-item^=\"violation:\"]').length") > 0);
        Assert.Equal("violation:1", page.Evaluate<string>("document.body.getAttribute('data-selected')"));
        // The moved replica's own violation (the stale flow rules towards its old node are reported too, and may come first).
        var residency = page.Evaluate<string>("Array.from(document.querySelectorAll('button[data-item^=\"violation:\"]')).find(b => b.textContent.includes('vitals_stay_in_au')).getAttribute('data-item')");
        page.Evaluate($"document.querySelector('button[data-item=\"{residency}\"]').click()");
        Assert.Equal(residency, page.Evaluate<string>("document.body.getAttribute('data-selected')"));
        Assert.True(page.Evaluate<bool>("document.querySelector('#map [data-el=\"n:cloud-sg-1\"]').classList.contains('hl')"), "the replica's wrong node is highlighted");
        Assert.Contains("cloud-sg-1", page.Evaluate<string>("document.getElementById('violations').textContent"), StringComparison.Ordinal);
        Assert.Equal("violated", page.Evaluate<string>("document.querySelector('button[data-item=\"intent:vitals_stay_in_au\"] .status').textContent"));
    }
}
