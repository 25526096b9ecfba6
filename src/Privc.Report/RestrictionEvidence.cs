using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;
using Privc.TypeSystem;
using Privc.Verification.Restrictions;

namespace Privc.Report;

/// <summary>
/// Why one restriction holds on the configuration (or, without one, what it allows): the elements to highlight,
/// the elements it rules out, and a sentence. One method per restriction kind, so a new kind fails the build here
/// until the report says what it shows for it. What a restriction allows is asked of the restriction itself
/// (<see cref="NodeRestriction.Allows"/> and friends): the report never re-reads the intents.
/// </summary>
internal sealed class RestrictionEvidence(BoundProgram program, MapIndex map) : IRestrictionVisitor<Evidence>
{
    private const int Listed = 12;

    private TopologyModel Topology => map.Topology;

    private bool HasPlan => map.Configuration is not null;

    public Evidence VisitNode(NodeRestriction r)
    {
        var allowed = Topology.Nodes.Where(r.Allows).Select(n => n.Name).ToList();
        var excluded = Topology.Nodes.Where(n => !r.Allows(n)).Select(n => Evidence.Node(n.Name));
        var of = $"{allowed.Count} of {Topology.Nodes.Length} nodes satisfy {r.Describe()}: {Names(allowed)}";
        if (!HasPlan)
        {
            return Evidence.Empty.With(allowed.Select(Evidence.Node), excluded, [$"'{r.Service}' may run only where {r.Describe()}; {of}."]);
        }
        var placed = map.NodesOf(r.Service);
        var failing = placed.Where(n => !allowed.Contains(n)).ToList();
        var sentence = failing.Count == 0
            ? $"'{r.Service}' runs on {Names(placed)}; each satisfies {r.Describe()} ({of})."
            : $"'{r.Service}' runs on {Names(failing)}, which {(failing.Count == 1 ? "does" : "do")} not satisfy {r.Describe()} ({of}).";
        return Evidence.Empty.With(placed.Select(Evidence.Node), excluded, [sentence]);
    }

    public Evidence VisitRouteDevices(RouteDeviceRestriction r)
    {
        var forbidden = Topology.Devices.Where(d => !r.Allows(d)).Select(d => d.Name).ToList();
        var rule = r.Avoid ? $"it avoids devices where {Print(r.Condition)}" : $"it stays on devices where {Print(r.Condition)}";
        var routes = map.RoutesOf(r.Flow).ToList();
        if (!HasPlan)
        {
            return Evidence.Empty.With(excluded: forbidden.Select(Evidence.Device), sentences: [$"flow '{r.Flow}': {rule}, which rules out {Names(forbidden, "no device")}."]);
        }
        var used = routes.SelectMany(x => x.Route.Devices).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var bad = used.Intersect(forbidden).ToList();
        var sentence = bad.Count == 0
            ? $"the {routes.Count} route(s) of '{r.Flow}' use {Names(used, "no device")}; {rule}, which rules out {Names(forbidden, "no device")}, and none of those is used."
            : $"a route of '{r.Flow}' uses {Names(bad)}, which {r.Origin.Name} rules out ({rule}).";
        return Evidence.Empty.With(routes.SelectMany(x => x.Elements), forbidden.Select(Evidence.Device), [sentence]);
    }

    public Evidence VisitRouteLinks(RouteLinkRestriction r)
    {
        var forbidden = Topology.Links.Where(l => !r.Allows(l)).ToList();
        var rule = r.Avoid ? $"it avoids links where {Print(r.Condition)}" : $"it uses only links where {Print(r.Condition)}";
        var routes = map.RoutesOf(r.Flow).ToList();
        var forbiddenNames = forbidden.Select(l => l.DisplayName).ToList();
        if (!HasPlan)
        {
            return Evidence.Empty.With(excluded: forbidden.Select(l => Evidence.Link(l.Index)), sentences: [$"flow '{r.Flow}': {rule}, which rules out {Names(forbiddenNames, "no link")}."]);
        }
        var bad = routes.SelectMany(x => x.Links).Where(l => !r.Allows(l)).Select(l => l.DisplayName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var sentence = bad.Count == 0
            ? $"the {routes.Count} route(s) of '{r.Flow}' cross {routes.SelectMany(x => x.Links).Distinct().Count()} link(s); {rule}, which rules out {Names(forbiddenNames, "no link")}, and none of those is crossed."
            : $"a route of '{r.Flow}' crosses {Names(bad)}, which {r.Origin.Name} rules out ({rule}).";
        return Evidence.Empty.With(routes.SelectMany(x => x.Elements), forbidden.Select(l => Evidence.Link(l.Index)), [sentence]);
    }

    public Evidence VisitLatency(LatencyRestriction r)
    {
        var routes = map.RoutesOf(r.Flow).ToList();
        if (!HasPlan || routes.Count == 0)
        {
            return Evidence.Empty.With(sentences: [$"every route of '{r.Flow}' must take at most {Units.FormatMillis(r.Micros)}."]);
        }
        var slowest = routes.MaxBy(x => x.LatencyMicros)!;
        var verdict = slowest.LatencyMicros <= r.Micros ? "within" : "above";
        return Evidence.Empty.With(routes.SelectMany(x => x.Elements), sentences:
            [$"the slowest route of '{r.Flow}' ({slowest.Route.SourceNode} => {slowest.Route.TargetNode}) takes {Units.FormatMillis(slowest.LatencyMicros)}, {verdict} the bound of {Units.FormatMillis(r.Micros)}."]);
    }

    public Evidence VisitHops(HopRestriction r)
    {
        var routes = map.RoutesOf(r.Flow).ToList();
        if (!HasPlan || routes.Count == 0)
        {
            return Evidence.Empty.With(sentences: [$"every route of '{r.Flow}' must cross at most {r.Hops} link(s)."]);
        }
        var longest = routes.Max(x => x.Route.Hops.Length);
        return Evidence.Empty.With(routes.SelectMany(x => x.Elements), sentences:
            [$"the longest route of '{r.Flow}' crosses {longest} link(s), {(longest <= r.Hops ? "within" : "above")} the bound of {r.Hops}."]);
    }

    public Evidence VisitWaypoints(WaypointRestriction r)
    {
        var waypoints = Topology.Devices.Where(d => r.Chain.Any(w => WaypointRestriction.IsWaypoint(w, d))).Select(d => d.Name).Order(StringComparer.Ordinal).ToList();
        var routes = map.RoutesOf(r.Flow).ToList();
        if (!HasPlan)
        {
            return Evidence.Empty.With(waypoints.Select(Evidence.Device), sentences: [$"every route of '{r.Flow}' must pass {r.Describe()}: {Names(waypoints, "no device qualifies")}."]);
        }
        var sentences = new List<string>();
        foreach (var route in routes.Where(x => x.Route.SourceNode != x.Route.TargetNode))
        {
            var passed = new List<string>();
            var position = 0;
            foreach (var waypoint in r.Chain)
            {
                var at = route.Route.Devices.Skip(position).Select((d, i) => (Device: Topology.FindDevice(d), i)).FirstOrDefault(p => p.Device is not null && WaypointRestriction.IsWaypoint(waypoint, p.Device));
                if (at.Device is null)
                {
                    passed.Add($"misses {Print(waypoint)}");
                    break;
                }
                passed.Add($"passes {at.Device.Name} ({Print(waypoint)})");
                position += at.i + 1;
            }
            sentences.Add($"{route.Route.SourceNode} => {route.Route.TargetNode} {string.Join(", then ", passed)}.");
        }
        if (sentences.Count == 0)
        {
            sentences.Add($"no route of '{r.Flow}' leaves its node, so no waypoint is needed.");
        }
        return Evidence.Empty.With(routes.SelectMany(x => x.Elements).Concat(waypoints.Select(Evidence.Device)), sentences: sentences);
    }

    public Evidence VisitSeparation(SeparationRestriction r) => Relation(r.Left, r.Right, r.Scope, "kept apart from", "no {0} is shared");

    public Evidence VisitColocation(ColocationRestriction r) => Relation(r.Left, r.Right, r.Scope, "placed with", "every replica shares a {0}");

    public Evidence VisitDedication(DedicationRestriction r)
    {
        if (!HasPlan)
        {
            return Evidence.Empty.With(sentences: [$"nodes hosting {Names(r.Dedicated.ToList())} must host no other tenant."]);
        }
        var nodes = r.Dedicated.SelectMany(s => map.NodesOf(s)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var sentences = nodes.Select(node =>
        {
            var tenants = program.Services.Where(s => map.NodesOf(s.Name).Contains(node)).Select(s => s.Tenant).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return $"{node} hosts tenant(s) {Names(tenants)}.";
        });
        return Evidence.Empty.With(nodes.Select(Evidence.Node), sentences: sentences);
    }

    public Evidence VisitSpread(SpreadRestriction r)
    {
        if (!HasPlan)
        {
            return Evidence.Empty.With(sentences: [$"'{r.Service}' must cover at least {r.MinDistinct} values of {r.Label}."]);
        }
        var placed = map.NodesOf(r.Service);
        var values = placed.Select(n => Topology.FindNode(n)?.Attributes.GetValueOrDefault(r.Label)?.ToString()).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return Evidence.Empty.With(placed.Select(Evidence.Node), sentences:
            [$"'{r.Service}' runs on {Names(placed)}, covering {values.Count} value(s) of {r.Label} ({Names(values, "none")}); at least {r.MinDistinct} are asked."]);
    }

    private Evidence Relation(ImmutableArray<string> left, ImmutableArray<string> right, Scope scope, string verb, string claim)
    {
        var what = scope.Kind == SeparationScope.Node ? "node" : $"value of {scope.Key}";
        if (!HasPlan)
        {
            return Evidence.Empty.With(sentences: [$"{Names(left.ToList())} {verb} {Names(right.ToList())}: {string.Format(System.Globalization.CultureInfo.InvariantCulture, claim, what)}."]);
        }
        string Where(string service) => string.Join(", ", map.NodesOf(service).Select(n => scope.Kind == SeparationScope.Node
            ? n
            : $"{n} ({scope.Key} = {Topology.FindNode(n)?.Attributes.GetValueOrDefault(scope.Key!)?.ToString() ?? "undefined"})"));
        var services = left.Union(right).Order(StringComparer.Ordinal).ToList();
        return Evidence.Empty.With(
            services.SelectMany(s => map.NodesOf(s)).Select(Evidence.Node),
            sentences: services.Select(s => $"'{s}' runs on {Where(s)}.").Append($"{Names(left.ToList())} {verb} {Names(right.ToList())}: {string.Format(System.Globalization.CultureInfo.InvariantCulture, claim, what)}."));
    }

    private static string Print(Predicate predicate) => PredicatePrinter.Print(predicate);

    internal static string Names(IReadOnlyCollection<string> names, string none = "none") =>
        names.Count == 0 ? none : string.Join(", ", names.Take(Listed)) + (names.Count > Listed ? $" and {names.Count - Listed} more" : string.Empty);
}
