using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Privc.Semantics;

namespace Privc.Report;

/// <summary>
/// The report's facts as tables: the text alternative to the map and what a reviewer prints. Intents with their
/// status and the obligations behind them; the core (each intent's allowed nodes and what is left together); the
/// violations with their witnesses; every route; every placement; objectives; the certificate's obligations.
/// </summary>
internal static class ReportTables
{
    public static void Write(StringBuilder html, ReportInput input, MapIndex map, ImmutableArray<ReportItem> items, ImmutableArray<CoreConflict> conflicts)
    {
        if (input.Core is { } core)
        {
            WriteCore(html, core, conflicts);
        }
        if (!input.Violations.IsEmpty)
        {
            WriteViolations(html, input);
        }
        WriteIntents(html, input, items);
        if (input.Configuration is not null)
        {
            WriteRoutes(html, input, map);
            WritePlacements(html, input);
        }
        if (!input.Objectives.IsEmpty)
        {
            Table(html, "objectives", "Objectives", ["objective", "metric", "value", "optimal"],
                input.Objectives.Select(o => new[] { o.Name, o.Metric, o.Value, o.Proven ? "proven optimal" : "best found, not proven optimal" }));
        }
        if (!input.Obligations.IsEmpty)
        {
            WriteObligations(html, input);
        }
    }

    private static void WriteCore(StringBuilder html, CoreInput core, ImmutableArray<CoreConflict> conflicts)
    {
        html.Append("<section id=\"core\" aria-labelledby=\"core-title\">\n<h2 id=\"core-title\">Why the intents conflict</h2>\n<ol class=\"core-intents\">\n");
        foreach (var intent in core.Intents.OrderBy(i => i.Location))
        {
            html.Append("<li class=\"core-intent\" data-intent=\"").Append(Html.Attr(intent.Name)).Append("\"><strong>").Append(Html.Text(intent.Name)).Append("</strong> <code>")
                .Append(Html.Text(intent.Location.Display)).Append("</code>: <code>").Append(Html.Text(intent.Location.Source.GetLine(intent.Location.Start.Line).Trim())).Append("</code></li>\n");
        }
        html.Append("</ol>\n<ul class=\"reasons\">\n");
        foreach (var reason in core.Reasons)
        {
            html.Append("<li>why: ").Append(Html.Text(reason)).Append("</li>\n");
        }
        html.Append("</ul>\n");
        foreach (var conflict in conflicts.Where(c => c.Allowances.Length > 0))
        {
            Table(html, "allow-" + conflict.Item, $"Nodes each intent allows for {conflict.Title} (numbered badges on the map)", ["badge", "intent", "condition", "nodes allowed"],
                conflict.Allowances.Select(a => new[] { a.Badge.ToString(CultureInfo.InvariantCulture), a.Intent.Name, a.Condition, RestrictionEvidence.Names(a.Nodes, "none") })
                    .Append(["", "together", "", RestrictionEvidence.Names(conflict.Together, "none: the intersection is empty")]));
        }
        foreach (var conflict in conflicts.Where(c => !c.Cut.IsEmpty))
        {
            html.Append("<p class=\"cut\" data-item=\"").Append(Html.Attr(conflict.Item)).Append("\">Cut for ").Append(Html.Text(conflict.Title)).Append(": ").Append(Html.Text(string.Join(", ", conflict.Cut))).Append("</p>\n");
        }
        html.Append("</section>\n");
    }

    private static void WriteViolations(StringBuilder html, ReportInput input) =>
        Table(html, "violations", "Violations and their witnesses", ["intent", "kind", "what failed", "witness"],
            input.Violations.Select(v => new[] { v.Intent, v.Kind.ToString(), v.Message, v.Witness.Describe() }));

    private static void WriteIntents(StringBuilder html, ReportInput input, ImmutableArray<ReportItem> items)
    {
        var status = items.Where(i => i.Group == "intent").ToDictionary(i => i.Label, StringComparer.Ordinal);
        var behind = Obligations(input);
        Table(html, "intents", "Intents", ["intent", "kind", "where", "status", "what it says", "proven by"],
            input.Program.Intents.Select(i => new[] { i.Name, i.Kind, i.Location.Display, status[i.Name].Status, status[i.Name].English ?? string.Empty, behind(i) }));
    }

    /// <summary>Which obligations (and which checker) stand behind an intent's status.</summary>
    private static Func<Intent, string> Obligations(ReportInput input)
    {
        var files = input.Obligations.Select(o => $"{o.File} ({o.Answer})").ToList();
        return input.Outcome switch
        {
            ReportOutcome.Unsatisfiable => intent => input.Core!.Intents.Any(c => c.Name == intent.Name)
                ? string.Join("; ", input.Obligations.Where(o => o.Expected == "unsat").Select(o => $"{o.File} ({o.Answer})"))
                : "not needed for the conflict",
            ReportOutcome.Proven when files.Count > 0 => intent => intent is DeclassifyIntent
                ? "the type checker"
                : $"{files[0]}; the independent checker",
            ReportOutcome.Proven => _ => "the independent checker",
            _ => _ => "the independent checker, on the deployed artifacts (no solver)",
        };
    }

    private static void WriteRoutes(StringBuilder html, ReportInput input, MapIndex map)
    {
        if (!input.RoutesJudged)
        {
            html.Append("<p class=\"note\">No flow rules were given: network paths are not judged and no route is drawn.</p>\n");
            return;
        }
        Table(html, "routes", "Routes", ["flow", "from", "to", "devices", "latency"],
            map.Routes.Select(r => new[]
            {
                r.Route.Flow, r.Route.SourceNode, r.Route.TargetNode,
                r.Route.Devices.IsEmpty ? "(same node)" : string.Join(" -> ", r.Route.Devices),
                Privc.TypeSystem.Units.FormatMillis(r.LatencyMicros),
            }));
    }

    private static void WritePlacements(StringBuilder html, ReportInput input) =>
        Table(html, "placements", "Placements", ["service", "tenant", "replicas", "nodes"],
            input.Program.Services.Select(s => new[]
            {
                s.Name, s.Tenant, s.Replicas.ToString(CultureInfo.InvariantCulture),
                string.Join(", ", input.Configuration!.NodesOf(s.Name)),
            }));

    private static void WriteObligations(StringBuilder html, ReportInput input)
    {
        Table(html, "obligations", "Certificate obligations (SMT-LIB2, replayable with z3 -smt2 FILE)", ["obligation", "file", "claim", "expected", "answer"],
            input.Obligations.Select(o => new[] { o.Name, o.File, o.Claim, o.Expected, o.Answer }));
        foreach (var obligation in input.Obligations.Where(o => o.Script is not null))
        {
            html.Append("<details class=\"script\"><summary>SMT-LIB2 of ").Append(Html.Text(obligation.Name)).Append(" (save it and run z3 -smt2 on it)</summary>\n<pre>")
                .Append(Html.Text(obligation.Script)).Append("</pre></details>\n");
        }
    }

    private static void Table(StringBuilder html, string id, string caption, string[] headers, IEnumerable<string[]> rows)
    {
        html.Append("<section class=\"table\"><table id=\"").Append(Html.Attr(id)).Append("\">\n<caption>").Append(Html.Text(caption)).Append("</caption>\n<thead><tr>");
        foreach (var header in headers)
        {
            html.Append("<th scope=\"col\">").Append(Html.Text(header)).Append("</th>");
        }
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Length; i++)
            {
                html.Append(i == 0 ? "<th scope=\"row\">" : "<td>").Append(Html.Text(row[i])).Append(i == 0 ? "</th>" : "</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody></table></section>\n");
    }
}
