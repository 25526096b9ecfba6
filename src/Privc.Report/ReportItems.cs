using System.Collections.Immutable;
using Privc.Checking;
using Privc.Semantics;
using Privc.Verification.Explanation;
using Privc.Verification.Restrictions;

namespace Privc.Report;

/// <summary>One thing a reader can select: an intent, a flow, a service, a violation or a conflict of the core.</summary>
public sealed record ReportItem(string Id, string Group, string Label, string Status, string? English, Evidence Evidence);

/// <summary>
/// The selectable items of a report and what each highlights. Intents read their restrictions
/// (<see cref="RestrictionEvidence"/>); a flow shows its routes and the intents on it; a service its replicas, the
/// routes of its flows and the intents on its placement; a violation its witness.
/// </summary>
internal static class ReportItems
{
    public static ImmutableArray<ReportItem> Build(ReportInput input, MapIndex map, ImmutableArray<CoreConflict> conflicts)
    {
        var program = input.Program;
        var english = new ProgramInEnglish(program);
        var restrictions = ProgramRestrictions.Of(program);
        var visitor = new RestrictionEvidence(program, map);
        var violated = input.Violations.Select(v => v.Intent).ToHashSet(StringComparer.Ordinal);
        var core = input.Core?.Intents.Select(i => i.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        var items = new List<ReportItem>();
        foreach (var intent in program.Intents)
        {
            var evidence = IntentRestrictions.Of(intent).Aggregate(Evidence.Empty, (e, r) => e.Merge(r.Accept(visitor)));
            if (intent is DeclassifyIntent)
            {
                evidence = evidence.With(sentences: ["a declassification is a typing rule: it changes which data the other intents see and restricts no placement or route."]);
            }
            var witnessed = input.Violations.Where(v => v.Intent == intent.Name).ToList();
            if (witnessed.Count > 0)
            {
                evidence = evidence.With(witnessed.SelectMany(v => Witnessed(v, map)), sentences: witnessed.Select(v => "violated: " + v.Message));
            }
            items.Add(new ReportItem("intent:" + intent.Name, "intent", intent.Name, Status(input, intent, violated, core), english.ExplainIntent(intent), evidence));
        }
        foreach (var flow in program.Flows)
        {
            var routes = map.RoutesOf(flow.Name).ToList();
            var on = restrictions.OnFlow(flow.Name).Select(r => r.Origin.Name).Distinct(StringComparer.Ordinal).ToList();
            var sentences = routes.Select(r => $"{r.Route.SourceNode} => {r.Route.TargetNode}: {(r.Route.Devices.IsEmpty ? "(same node)" : string.Join(" -> ", r.Route.Devices))}, {Privc.TypeSystem.Units.FormatMillis(r.LatencyMicros)}.").ToList();
            sentences.Add(on.Count == 0 ? "no intent restricts its routes." : $"restricted by {string.Join(", ", on)}.");
            items.Add(new ReportItem("flow:" + flow.Name, "flow", flow.Name, $"{routes.Count} route(s)", english.ExplainFlow(flow), Evidence.Empty.With(routes.SelectMany(r => r.Elements), sentences: sentences)));
        }
        foreach (var service in program.Services)
        {
            var nodes = map.NodesOf(service.Name);
            var flows = program.Flows.Where(f => f.Source == service.Name || f.Target == service.Name).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            var on = restrictions.OnService(service.Name).Select(r => r.Origin.Name).Distinct(StringComparer.Ordinal).ToList();
            var sentences = new List<string>
            {
                nodes.IsEmpty ? $"not placed ({service.Replicas} replica(s) asked)." : $"{nodes.Length} replica(s) on {string.Join(", ", nodes)}.",
                on.Count == 0 ? "no intent restricts its placement." : $"placement restricted by {string.Join(", ", on)}.",
            };
            var highlight = nodes.Select(Evidence.Node).Concat(map.Routes.Where(r => flows.Contains(r.Route.Flow)).SelectMany(r => r.Elements));
            items.Add(new ReportItem("service:" + service.Name, "service", service.Name, nodes.IsEmpty ? "not placed" : $"{nodes.Length} replica(s)", english.ExplainService(service), Evidence.Empty.With(highlight, sentences: sentences)));
        }
        var index = 0;
        foreach (var violation in input.Violations)
        {
            index++;
            items.Add(new ReportItem(
                "violation:" + index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "violation",
                $"{violation.Intent}: {violation.Kind}",
                "violated",
                null,
                Evidence.Empty.With(Witnessed(violation, map), sentences: [violation.Message, "witness: " + violation.Witness.Describe()])));
        }
        items.AddRange(conflicts.Select(c => new ReportItem(c.Item, "conflict", c.Title, c.Conflicting ? "conflict" : "restricted by the core", null, c.Evidence)));
        return items.ToImmutableArray();
    }

    private static string Status(ReportInput input, Intent intent, HashSet<string> violated, HashSet<string> core)
    {
        if (input.Outcome == ReportOutcome.Unsatisfiable)
        {
            return core.Contains(intent.Name) ? "in the conflict" : "not in the conflict";
        }
        if (intent is DeclassifyIntent)
        {
            return "typing rule";
        }
        if (violated.Contains(intent.Name))
        {
            return "violated";
        }
        if (input.Outcome == ReportOutcome.NotJudged)
        {
            // A cannot-judge warning may hide a path that breaks any intent on placements or routes: claim nothing more.
            return "no violation found; not everything was judged";
        }
        return !input.RoutesJudged && intent is RouteIntent ? "not judged (no flow rules)" : "holds";
    }

    /// <summary>The map elements a witness names: the replica's node, the other node, the path, the device, the link.</summary>
    private static IEnumerable<string> Witnessed(Violation violation, MapIndex map)
    {
        var w = violation.Witness;
        foreach (var node in new[] { w.Node, w.OtherNode, w.SourceNode, w.TargetNode }.OfType<string>())
        {
            yield return Evidence.Node(node);
        }
        foreach (var device in (w.DevicePath.IsDefault ? [] : w.DevicePath).Append(w.Device).OfType<string>())
        {
            yield return Evidence.Device(map.Topology.FindDevice(device)?.Name ?? device);
        }
        if (w.Link is { } link)
        {
            foreach (var l in map.Topology.DirectedLinks.Where(l => l.DisplayName == link || l.Link.DisplayName == link))
            {
                yield return Evidence.Link(l.Link.Index);
            }
        }
        if (w.Flow is { } flow)
        {
            foreach (var route in map.RoutesOf(flow).Where(r => r.Route.SourceNode == w.SourceNode && r.Route.TargetNode == w.TargetNode))
            {
                yield return Evidence.Route(route.Index);
            }
        }
    }
}
