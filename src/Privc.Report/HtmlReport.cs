using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Privc.Semantics;

namespace Privc.Report;

/// <summary>
/// Renders a report as one self-contained HTML file: the map (<see cref="SvgMap"/>), a list of everything that can be
/// selected (keyboard operable buttons), a detail panel that says why the selection holds, and tables that give the
/// same facts as text. A content security policy forbids every network request; the style sheet and script are
/// inline. The same input always gives the same bytes.
/// </summary>
public static class HtmlReport
{
    /// <summary>The generator tag privc writes; a file carrying it is a report privc may replace.</summary>
    public const string Generator = "<meta name=\"generator\" content=\"privc report\">";

    private static readonly string Css = Asset("report.css");
    private static readonly string Script = Asset("report.js");

    public static string Render(ReportInput input, string? colourBy = null)
    {
        var map = new MapIndex(input.Topology, input.Configuration);
        var layout = MapLayout.For(input.Topology);
        var conflicts = input.Core is { } core ? CoreEvidence.Conflicts(input.Program, input.Topology, core.Intents) : [];
        var items = ReportItems.Build(input, map, conflicts);
        var keys = input.Topology.Nodes.SelectMany(n => n.Labels.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        var colourKey = colourBy is not null && keys.Contains(colourBy) ? colourBy : keys.Contains("jurisdiction") ? "jurisdiction" : keys.FirstOrDefault() ?? string.Empty;

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n").Append(Generator).Append('\n');
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(Html.Text(input.Title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n");
        html.Append("<body class=\"outcome-").Append(Outcome(input.Outcome)).Append("\">\n");
        html.Append("<a class=\"skip\" href=\"#selection\">Skip to the list of intents, flows and services</a>\n");
        WriteHeader(html, input);
        html.Append("<main>\n<section id=\"map-section\" aria-label=\"Map\">\n");
        WriteControls(html, input, keys, colourKey);
        SvgMap.Write(html, input, layout, map, colourKey, conflicts);
        html.Append("</section>\n");
        WriteSelection(html, items);
        WriteDetails(html, items);
        html.Append("</main>\n<div id=\"tables\">\n");
        ReportTables.Write(html, input, map, items, conflicts);
        html.Append("</div>\n");
        html.Append("<script type=\"application/json\" id=\"privc-data\">").Append(Data(input, items, keys, conflicts)).Append("</script>\n");
        html.Append("<script>\n").Append(Script).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    public static string Outcome(ReportOutcome outcome) => outcome switch
    {
        ReportOutcome.Proven => "proven",
        ReportOutcome.Unsatisfiable => "unsatisfiable",
        ReportOutcome.Compliant => "compliant",
        ReportOutcome.Violations => "violations",
        ReportOutcome.NotJudged => "not-judged",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    private static void WriteHeader(StringBuilder html, ReportInput input)
    {
        html.Append("<header>\n<h1>").Append(Html.Text(input.Title)).Append("</h1>\n");
        html.Append("<p id=\"headline\" class=\"headline\" role=\"status\">").Append(Html.Text(Headline(input))).Append("</p>\n<dl class=\"facts\">\n");
        void Fact(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                html.Append("<div><dt>").Append(name).Append("</dt><dd>").Append(Html.Text(value)).Append("</dd></div>\n");
            }
        }
        Fact("made by", input.Producer);
        Fact("topology", $"{input.Topology.Name}: {input.Topology.Devices.Length} devices, {input.Topology.Nodes.Length} nodes, {input.Topology.Links.Length} links");
        Fact("intents", $"{input.Program.Intents.Length} intents, {input.Program.Services.Length} services, {input.Program.Flows.Length} flows");
        Fact("solver", input.SolverName);
        Fact("certificate", input.CertificateDigest);
        html.Append("</dl>\n");
        if (input.Unjudged is { Count: > 0 } unjudged)
        {
            html.Append("<h2 id=\"unjudged-heading\">Not judged</h2>\n<ul id=\"unjudged\" aria-labelledby=\"unjudged-heading\">\n");
            foreach (var line in unjudged)
            {
                html.Append("<li>").Append(Html.Text(line)).Append("</li>\n");
            }
            html.Append("</ul>\n");
        }
        html.Append("</header>\n");
    }

    private static string Headline(ReportInput input) => input.Outcome switch
    {
        ReportOutcome.Proven => $"Proven: every intent holds on the plan ({input.Configuration?.Placements.Sum(p => p.Nodes.Length) ?? 0} replicas placed, {input.Configuration?.Routes.Length ?? 0} routes), and the independent checker agrees.",
        ReportOutcome.Unsatisfiable => $"Unsatisfiable: {input.Core!.Intents.Length} intents cannot all hold on this topology{(input.Core.Minimal ? " (a minimal conflicting set)" : " (a conflicting set, not proven minimal)")}. Nothing was written.",
        ReportOutcome.Compliant => $"Compliant: every intent holds on the deployed artifacts{(input.RoutesJudged ? string.Empty : " (placements and network policy only: no flow rules were given)")}.",
        ReportOutcome.Violations => $"Not compliant: {input.Violations.Length} violations of {input.Violations.Select(v => v.Intent).Distinct().Count()} intents or structural conditions{(input.Unjudged is { Count: > 0 } more ? $", and {more.Count} things privc could not judge" : string.Empty)}.",
        ReportOutcome.NotJudged => $"Not judged: no violation was found, but privc could not judge {input.Unjudged?.Count ?? 0} things (listed below), so the artifacts are not shown compliant.",
        _ => throw new ArgumentOutOfRangeException(nameof(input)),
    };

    private static void WriteControls(StringBuilder html, ReportInput input, ImmutableArray<string> keys, string colourKey)
    {
        html.Append("<div class=\"controls\">\n<label for=\"colour-by\">Colour nodes by</label> <select id=\"colour-by\">\n");
        foreach (var key in keys)
        {
            html.Append("<option value=\"").Append(Html.Attr(key)).Append('"').Append(key == colourKey ? " selected" : string.Empty).Append('>').Append(Html.Text(key)).Append("</option>\n");
        }
        html.Append("</select>\n<button type=\"button\" id=\"clear\">Clear selection (Esc)</button>\n");
        html.Append("<ul id=\"legend\" aria-label=\"Node colours\">\n");
        var values = SvgMap.NodeValues(input.Topology, colourKey);
        for (var i = 0; i < values.Length; i++)
        {
            html.Append("<li><span class=\"swatch\" style=\"background:").Append(SvgMap.Palette[i % SvgMap.Palette.Length]).Append("\"></span>").Append(Html.Text(values[i])).Append("</li>\n");
        }
        html.Append("</ul>\n</div>\n");
    }

    private static readonly (string Group, string Heading)[] Groups =
    [
        ("conflict", "Conflict (the minimal core on the map)"),
        ("violation", "Violations"),
        ("intent", "Intents"),
        ("flow", "Flows"),
        ("service", "Services"),
    ];

    private static void WriteSelection(StringBuilder html, ImmutableArray<ReportItem> items)
    {
        html.Append("<nav id=\"selection\" aria-label=\"Select what to highlight\">\n<h2>Select</h2>\n<p class=\"hint\">Tab to a list, move with the arrow keys, Enter or Space to select, Esc to clear.</p>\n");
        foreach (var (group, heading) in Groups)
        {
            var members = items.Where(i => i.Group == group).ToList();
            if (members.Count == 0)
            {
                continue;
            }
            html.Append("<h3 id=\"group-").Append(group).Append("\">").Append(heading).Append("</h3>\n<ul class=\"items\" aria-labelledby=\"group-").Append(group).Append("\">\n");
            foreach (var item in members)
            {
                html.Append("<li><button type=\"button\" class=\"item status-").Append(StatusClass(item.Status)).Append("\" data-item=\"").Append(Html.Attr(item.Id))
                    .Append("\" aria-pressed=\"false\" aria-controls=\"details\">").Append(Html.Text(item.Label))
                    .Append(" <span class=\"status\">").Append(Html.Text(item.Status)).Append("</span></button></li>\n");
            }
            html.Append("</ul>\n");
        }
        html.Append("</nav>\n");
    }

    private static void WriteDetails(StringBuilder html, ImmutableArray<ReportItem> items)
    {
        html.Append("<section id=\"details\" aria-live=\"polite\" aria-label=\"Why it holds\">\n<h2>Details</h2>\n<p class=\"detail-none\">Select an intent, a flow or a service to see what it constrains and why it holds.</p>\n");
        foreach (var item in items)
        {
            html.Append("<div class=\"detail\" data-detail=\"").Append(Html.Attr(item.Id)).Append("\" hidden>\n<h3>").Append(Html.Text(item.Group)).Append(' ').Append(Html.Text(item.Label))
                .Append(" <span class=\"status\">").Append(Html.Text(item.Status)).Append("</span></h3>\n");
            if (item.English is { } english)
            {
                html.Append("<p class=\"english\">").Append(Html.Text(english)).Append("</p>\n");
            }
            html.Append("<ul class=\"why\">\n");
            foreach (var sentence in item.Evidence.Sentences)
            {
                html.Append("<li>").Append(Html.Text(sentence)).Append("</li>\n");
            }
            html.Append("</ul>\n");
            if (!item.Evidence.Excluded.IsEmpty)
            {
                html.Append("<p class=\"excluded-note\">Crossed out on the map: ").Append(item.Evidence.Excluded.Count).Append(" element(s) this rules out.</p>\n");
            }
            html.Append("</div>\n");
        }
        html.Append("</section>\n");
    }

    public static string StatusClass(string status) => status switch
    {
        "holds" => "holds",
        "violated" => "violated",
        "in the conflict" or "conflict" => "conflict",
        _ => "other",
    };

    /// <summary>What the script needs: per item the elements to highlight and to cross out; per node its labels; the palette.</summary>
    private static string Data(ReportInput input, ImmutableArray<ReportItem> items, ImmutableArray<string> keys, ImmutableArray<CoreConflict> conflicts)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default }))
        {
            json.WriteStartObject();
            json.WriteString("outcome", Outcome(input.Outcome));
            json.WriteString("initial", conflicts.FirstOrDefault()?.Item ?? (input.Violations.IsEmpty ? null : "violation:1"));
            json.WriteStartArray("palette");
            foreach (var colour in SvgMap.Palette)
            {
                json.WriteStringValue(colour);
            }
            json.WriteEndArray();
            json.WriteStartObject("values");
            foreach (var key in keys)
            {
                json.WriteStartArray(key);
                foreach (var value in SvgMap.NodeValues(input.Topology, key))
                {
                    json.WriteStringValue(value);
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
            json.WriteStartObject("nodes");
            foreach (var node in input.Topology.Nodes.OrderBy(n => n.Name, StringComparer.Ordinal))
            {
                json.WriteStartObject(node.Name);
                foreach (var (key, value) in node.Labels)
                {
                    json.WriteString(key, value);
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteStartObject("items");
            foreach (var item in items)
            {
                json.WriteStartObject(item.Id);
                json.WriteStartArray("h");
                foreach (var element in item.Evidence.Highlight)
                {
                    json.WriteStringValue(element);
                }
                json.WriteEndArray();
                json.WriteStartArray("x");
                foreach (var element in item.Evidence.Excluded)
                {
                    json.WriteStringValue(element);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Asset(string name)
    {
        using var stream = typeof(HtmlReport).Assembly.GetManifestResourceStream("Privc.Report." + name)
            ?? throw new InvalidOperationException($"privc bug: the report asset {name} is not embedded");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
