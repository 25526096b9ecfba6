using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Privc.Semantics;
using Privc.Topology;
using Privc.Verification.Restrictions;

namespace Privc.Verification.Explanation;

/// <summary>
/// What each intent selects on one topology, element by element: the nodes its services may use, the devices and
/// links its flows may cross or are forbidden, the waypoints that qualify, the nodes a label-scoped relation cannot
/// use. It is the concrete half of a review (<see cref="ProgramInEnglish"/> is the general half): "jurisdiction ==
/// AU" reads right, "allows 5 of 6 nodes, excludes cloud-sg-1" shows whether it is what the request meant on the
/// network it will run on. It reads the restrictions of <see cref="IntentRestrictions"/> and judges elements with
/// their own <c>Allows</c>, so it cannot differ from what the compiler enforces; an element that lacks a label the
/// condition tests is excluded (never trusted, specs/semantics.md section 2) and marked so.
/// </summary>
public sealed class TopologySelection
{
    /// <summary>Names listed per set before the rest is counted ("and 12 more"), so that Zoo-sized topologies stay readable.</summary>
    public const int Listed = 12;

    private readonly BoundProgram program;
    private readonly TopologyModel topology;

    public TopologySelection(BoundProgram program, TopologyModel topology)
    {
        this.program = program;
        this.topology = topology;
    }

    /// <summary>
    /// One line per distinct condition of the intent, naming the services or flows it applies to and what it selects.
    /// Restrictions with the same condition (a keep over three services) share one line.
    /// </summary>
    public ImmutableArray<string> Of(Intent intent)
    {
        var restrictions = IntentRestrictions.Of(intent);
        if (restrictions.IsEmpty)
        {
            return [intent is DeclassifyIntent
                ? "a typing rule: it changes which data the other intents follow and selects nothing itself"
                : "applies to no service and no flow, so it selects nothing on this topology"];
        }
        return restrictions
            .GroupBy(r => (Kind: r.GetType(), Condition: r.Describe()))
            .Select(group => group.First().Accept(new Line(this, InDeclarationOrder(group.SelectMany(r => r.Services), program.Services.Select(s => (s.Name, s.Location))),
                InDeclarationOrder(group.SelectMany(r => r.Flows), program.Flows.Select(f => (f.Name, f.Location))))))
            .ToImmutableArray();
    }

    /// <summary>Every intent whose source path is selected, in source order, as an indented section.</summary>
    public string Explain(Func<string, bool>? includePath = null)
    {
        var intents = program.Intents.Where(i => includePath is null || includePath(i.Location.Path)).OrderBy(i => i.Location).ToList();
        if (intents.Count == 0)
        {
            return string.Empty;
        }
        var text = new StringBuilder($"On topology {topology.Name} ({Count(topology.Nodes.Length, "node")}, {Count(topology.Devices.Length, "device")}, {Count(topology.Links.Length, "link")}):\n");
        foreach (var intent in intents)
        {
            text.Append("  ").Append(intent.Name).Append(":\n");
            foreach (var line in Of(intent))
            {
                text.Append("    ").Append(line).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>One sentence per restriction kind; a kind added to <see cref="IRestrictionVisitor{T}"/> without one fails the build.</summary>
    private sealed class Line(TopologySelection owner, ImmutableArray<string> services, ImmutableArray<string> flows) : IRestrictionVisitor<string>
    {
        public string VisitNode(NodeRestriction r) =>
            $"nodes where {r.Describe()}, for {owner.ServiceList(services)}: {owner.Split(owner.topology.Nodes, r.Allows, r.Condition, "node", "allows", "excludes")}";

        public string VisitRouteDevices(RouteDeviceRestriction r) => r.Avoid
            ? $"{r.Describe()}, on the routes of {owner.FlowList(flows)}: {owner.Forbidden(owner.topology.Devices, r.Allows, r.Condition, "device")}"
            : $"{r.Describe()}, on the routes of {owner.FlowList(flows)}: {owner.Split(owner.topology.Devices, r.Allows, r.Condition, "device", "allows", "excludes")}";

        public string VisitRouteLinks(RouteLinkRestriction r) => r.Avoid
            ? $"{r.Describe()}, on the routes of {owner.FlowList(flows)}: {owner.Forbidden(owner.topology.Links, r.Allows, r.Condition, "link")}"
            : $"{r.Describe()}, on the routes of {owner.FlowList(flows)}: {owner.Split(owner.topology.Links, r.Allows, r.Condition, "link", "allows", "excludes")}";

        public string VisitLatency(LatencyRestriction r) => $"{r.Describe()}: a bound on every route of {owner.FlowList(flows)}, not a choice of elements";

        public string VisitHops(HopRestriction r) => $"{r.Describe()}: a bound on every route of {owner.FlowList(flows)}, not a choice of elements";

        public string VisitWaypoints(WaypointRestriction r)
        {
            var steps = r.Chain.Select((w, i) =>
            {
                var qualifying = owner.topology.Devices.Where(d => WaypointRestriction.IsWaypoint(w, d)).Select(d => d.Name).ToList();
                return $"{(i == 0 ? "first" : "then")} one of {Names(qualifying, "no device (the route cannot exist)")} ({qualifying.Count} of {owner.topology.Devices.Length} devices)";
            });
            return $"{r.Describe()}, on the routes of {owner.FlowList(flows)}: {string.Join("; ", steps)}";
        }

        public string VisitSeparation(SeparationRestriction r) =>
            $"{r.Describe()}: {Names(owner.Ordered(r.Left), "no service")} apart from {Names(owner.Ordered(r.Right), "no service")}{owner.ScopeNodes(r.Scope, r.Services.Where(s => r.NeedsDefinedScope(owner.program.Service(s))))}";

        public string VisitColocation(ColocationRestriction r) =>
            $"{r.Describe()}: {Names(owner.Ordered(r.Left), "no service")} with {Names(owner.Ordered(r.Right), "no service")}{owner.ScopeNodes(r.Scope, r.Services.Where(s => r.NeedsDefinedScope(owner.program.Service(s))))}";

        public string VisitDedication(DedicationRestriction r)
        {
            var tenants = r.Dedicated.Select(owner.program.Service).Select(s => s.Tenant).ToHashSet(StringComparer.Ordinal);
            var others = owner.Ordered(owner.program.Services.Select(s => s.Name)).Select(owner.program.Service).Where(s => !r.Dedicated.Contains(s.Name) && r.Dedicated.Any(d => owner.program.Service(d).Tenant != s.Tenant))
                .Select(s => $"{s.Name} (tenant {s.Tenant})").ToList();
            return $"{r.Describe()} for {Names(owner.Ordered(r.Dedicated), "no service")} (tenant {string.Join(", ", tenants.Order(StringComparer.Ordinal))}): " +
                (others.Count == 0 ? "no service of another tenant is declared, so no node is shared with one" : $"never on a node with {Names(others, string.Empty)}");
        }

        public string VisitSpread(SpreadRestriction r)
        {
            var values = owner.topology.Nodes.Select(n => n.Attributes.GetValueOrDefault(r.Label)?.ToString()).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
            var without = owner.topology.Nodes.Where(n => !n.Attributes.ContainsKey(r.Label)).Select(n => n.Name).ToList();
            return $"{r.Describe()}, for {owner.ServiceList(services)}: the nodes have {Count(values.Count, "value")} of {r.Label} ({Names(values, "none")})" +
                (without.Count == 0 ? string.Empty : $"; {Names(without, string.Empty)} {(without.Count == 1 ? "has" : "have")} no {r.Label} and add{(without.Count == 1 ? "s" : string.Empty)} no value");
        }
    }

    /// <summary>"allows a, b (2 of 6 nodes); excludes c, d (unknown)": the elements a condition keeps and drops.</summary>
    private string Split<T>(ImmutableArray<T> elements, Func<T, bool> allows, Predicate condition, string noun, string kept, string dropped) where T : IAttributed
    {
        var allowed = elements.Where(allows).ToList();
        var excluded = elements.Where(e => !allows(e)).ToList();
        var text = new StringBuilder($"{kept} {Names(allowed.Select(e => Name(e)), "none")} ({allowed.Count} of {Count(elements.Length, noun)})");
        if (excluded.Count > 0)
        {
            text.Append($"; {dropped} {Names(excluded.Select(e => Marked(e, condition)), string.Empty)}");
        }
        return text.ToString();
    }

    /// <summary>For avoid: the elements a route may not cross (known to match, or unknown), and how many remain.</summary>
    private string Forbidden<T>(ImmutableArray<T> elements, Func<T, bool> allows, Predicate condition, string noun) where T : IAttributed
    {
        var forbidden = elements.Where(e => !allows(e)).ToList();
        return forbidden.Count == 0
            ? $"forbids none of the {Count(elements.Length, noun)}"
            : $"forbids {Names(forbidden.Select(e => Marked(e, condition)), string.Empty)} ({forbidden.Count} of {Count(elements.Length, noun)})";
    }

    /// <summary>The nodes a label-scoped relation cannot use for its services, because they lack the label.</summary>
    private string ScopeNodes(Scope scope, IEnumerable<string> needing)
    {
        var services = Ordered(needing);
        if (scope.Kind != SeparationScope.Label || services.IsEmpty)
        {
            return string.Empty;
        }
        var without = topology.Nodes.Where(n => !n.Attributes.ContainsKey(scope.Key!)).Select(n => n.Name).ToList();
        return without.Count == 0
            ? $"; every node has a {scope.Key}"
            : $"; {Names(services, string.Empty)} cannot use {Names(without, string.Empty)}, which {(without.Count == 1 ? "has" : "have")} no {scope.Key}";
    }

    /// <summary>An element whose condition is unknown (a tested label is missing) is marked, since that exclusion is easy to miss.</summary>
    private static string Marked(IAttributed element, Predicate condition) =>
        PredicateEvaluator.Evaluate(condition, element) == Truth.Unknown ? $"{Name(element)} (unknown: a label it tests is missing)" : Name(element);

    private static string Name(IAttributed element) => element is NetworkLink link ? $"{link.DeviceA}<->{link.DeviceB}" : element.DisplayName;

    private string ServiceList(ImmutableArray<string> services) =>
        (services.Length == 1 ? "service " : "services ") + Names(services.Select(s => $"{s} ({Count(program.Service(s).Replicas, "replica")})"), "none");

    private string FlowList(ImmutableArray<string> flows) =>
        (flows.Length == 1 ? "flow " : "flows ") + Names(flows.Select(f => program.Flow(f)).Select(f => $"{f.Name} ({f.Source} -> {f.Target})"), "none");

    private ImmutableArray<string> Ordered(IEnumerable<string> services) => InDeclarationOrder(services, program.Services.Select(s => (s.Name, s.Location)));

    /// <summary>Services and flows as the program declares them, as <see cref="ProgramInEnglish"/> lists them.</summary>
    private static ImmutableArray<string> InDeclarationOrder(IEnumerable<string> names, IEnumerable<(string Name, Text.SourceLocation Location)> declarations)
    {
        var order = declarations.OrderBy(d => d.Location).Select((d, index) => (d.Name, index)).ToDictionary(p => p.Name, p => p.index, StringComparer.Ordinal);
        return [.. names.Distinct().OrderBy(n => order.GetValueOrDefault(n, int.MaxValue)).ThenBy(n => n, StringComparer.Ordinal)];
    }

    private static string Names(IEnumerable<string> names, string none)
    {
        var list = names.ToList();
        return list.Count == 0
            ? none
            : string.Join(", ", list.Take(Listed)) + (list.Count > Listed ? $" and {(list.Count - Listed).ToString(CultureInfo.InvariantCulture)} more" : string.Empty);
    }

    private static string Count(int n, string noun) => $"{n.ToString(CultureInfo.InvariantCulture)} {noun}{(n == 1 ? string.Empty : "s")}";
}
