using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Privc.Semantics;
using Privc.TypeSystem;

namespace Privc.Verification.Explanation;

/// <summary>
/// A deterministic English rendering of a bound program: every declaration, every intent kind and every objective,
/// in declaration order. It reads the typed model, not the source, so what it says is what the compiler will
/// enforce (`handling X` and `tenant T` already expanded, declassifications already applied). No LLM is involved.
/// </summary>
public sealed class ProgramInEnglish
{
    /// <summary>Said once before the intents: the one rule about missing labels that English hides (three-valued reading, specs/semantics.md section 2).</summary>
    public const string MissingLabelNote =
        "A test on a label that an element lacks is unknown, and an unknown fact is never trusted: such an element never satisfies an intent, whether the intent needs the test to hold or, with 'avoid', to fail.";

    private readonly BoundProgram program;

    public ProgramInEnglish(BoundProgram program)
    {
        this.program = program;
    }

    /// <summary>The whole program, or only the items whose source path is selected.</summary>
    public string Explain(Func<string, bool>? includePath = null)
    {
        bool Include(Text.SourceLocation location) => includePath is null || includePath(location.Path);
        var text = new StringBuilder();
        void Section(string title, IEnumerable<string> lines)
        {
            var list = lines.ToList();
            if (list.Count == 0)
            {
                return;
            }
            if (text.Length > 0)
            {
                text.Append('\n');
            }
            text.Append(title).Append('\n');
            foreach (var line in list)
            {
                text.Append("  ").Append(line).Append('\n');
            }
        }

        if (includePath is null)
        {
            text.Append("Sensitivity levels, lowest first: ").Append(string.Join(" < ", program.Lattice.Levels)).Append(".\n");
        }
        Section("Data", program.Data.Where(d => Include(d.Location)).OrderBy(d => d.Location).Select(ExplainData));
        Section("Services", program.Services.Where(s => Include(s.Location)).OrderBy(s => s.Location).Select(ExplainService));
        Section("External endpoints (outside the program: allowed to talk only by the flows declared with them, never placed or routed)",
            program.Externals.Where(e => Include(e.Location)).OrderBy(e => e.Location).Select(ExplainExternal));
        Section("Flows", program.Flows.Concat(program.ExternalFlows).Where(f => Include(f.Location)).OrderBy(f => f.Location).Select(ExplainFlow));
        var intents = program.Intents.Where(i => Include(i.Location)).OrderBy(i => i.Location).Select(ExplainIntent).ToList();
        if (intents.Count > 0)
        {
            intents.Insert(0, MissingLabelNote);
        }
        Section("Intents", intents);
        Section("Objectives (optimised in this order, each before the next)", program.Objectives.Where(o => Include(o.Location)).OrderBy(o => o.Location).Select(ExplainObjective));
        return text.ToString();
    }

    public string ExplainData(DataClass data) =>
        $"{data.Name}: {data.Level} data{(data.Tags.IsEmpty ? string.Empty : ", tagged " + string.Join(", ", data.Tags))}.";

    public string ExplainService(Service service)
    {
        var text = new StringBuilder($"{service.Name} (tenant {service.Tenant}");
        if (service.Namespace != "default")
        {
            text.Append($", namespace {service.Namespace}");
        }
        text.Append($"): {Count(service.Replicas, "replica")} of {service.Image}");
        var requests = new List<string>();
        if (service.CpuMillis > 0)
        {
            requests.Add(service.CpuMillis % 1000 == 0
                ? Count((int)(service.CpuMillis / 1000), "CPU core")
                : $"{Units.Format(new Quantity(Dimension.Cpu, service.CpuMillis))} CPU");
        }
        if (service.MemoryBytes > 0)
        {
            requests.Add($"{Units.Format(new Quantity(Dimension.Memory, service.MemoryBytes))} memory");
        }
        if (requests.Count > 0)
        {
            text.Append(service.Replicas == 1 ? ", requesting " : ", each requesting ").Append(string.Join(" and ", requests));
        }
        if (!service.Ports.IsEmpty)
        {
            text.Append($"; exposes port{(service.Ports.Length == 1 ? string.Empty : "s")} {string.Join(", ", service.Ports)}");
        }
        text.Append($"; clearance {service.Clearance}");
        if (!service.Holds.IsEmpty)
        {
            text.Append("; holds ").Append(string.Join(", ", service.Holds.Select(h => $"{h.Data} ({Level(h.Rank, h.Declassified)})")));
        }
        text.Append(RuntimeInEnglish.Explain(service.Runtime));
        return text.Append('.').ToString();
    }

    public string ExplainExternal(ExternalEndpoint external)
    {
        var who = external.ByAddress
            ? $"the addresses in {string.Join(", ", external.Cidrs)}"
            : $"the pods of namespace {external.Namespace}"
                + (external.Pods.IsEmpty ? string.Empty : " whose labels have " + string.Join(" and ", external.Pods.Select(LabelTest)));
        return $"{external.Name}: {who}; may receive data up to {external.Clearance}.";

        static string LabelTest(LabelRequirement r) => r.Values.Length == 1
            ? $"{r.Key} {(r.Negated ? "not " : string.Empty)}{r.Values[0]}"
            : $"{r.Key} {(r.Negated ? "none" : "one")} of {string.Join(", ", r.Values)}";
    }

    public string ExplainFlow(Flow flow)
    {
        var text = new StringBuilder($"{flow.Name}: {flow.Source} -> {flow.Target}");
        if (flow.Port is { } port)
        {
            text.Append($" on port {port}");
        }
        if (flow.BandwidthBps > 0)
        {
            text.Append($", reserving {Units.Format(new Quantity(Dimension.Bandwidth, flow.BandwidthBps))}");
        }
        text.Append(flow.Carries.IsEmpty
            ? "; carries no declared data"
            : "; carries " + string.Join(", ", flow.Carries.Select(c => $"{c.Data} ({Level(c.Rank, c.Declassified)})")));
        if ((program.External(flow.Source) ?? program.External(flow.Target)) is { } external)
        {
            text.Append($"; {(external.Name == flow.Target ? "leaves" : "enters")} the program, so the network policy allows it and privc does not route it");
        }
        return text.Append('.').ToString();
    }

    public string ExplainIntent(Intent intent) => intent.Accept(new IntentSentence(this));

    /// <summary>One sentence per intent kind.</summary>
    private sealed class IntentSentence(ProgramInEnglish english) : IIntentVisitor<string>
    {
        public string VisitPlace(PlacementIntent p) => $"{p.Name}: every replica of {english.Services(p.Services)} runs on nodes {EnglishPredicate.Where(p.On)}.";

        public string VisitKeep(KeepIntent k) => english.ExplainKeep(k);

        public string VisitSeparate(SeparateIntent s) => english.ExplainSeparate(s);

        public string VisitColocate(ColocateIntent c) => english.ExplainColocate(c);

        public string VisitDedicate(DedicateIntent d) =>
            $"{d.Name}: a node that hosts a replica of {english.AnyOf(d.Services)} hosts no service of another tenant ({english.Tenants(d.Services)}).";

        public string VisitSpread(SpreadIntent s) =>
            $"{s.Name}: the replicas of {english.EachOf(s.Services)} run on nodes with at least {s.MinDistinct} distinct values of {s.Key} (nodes without {s.Key} add no value).";

        public string VisitRoute(RouteIntent r) => $"{r.Name}: every route of {english.FlowList(r.Flows)} {Join(r.Constraints.Select(c => c.Accept(ConstraintPhrase.Instance)))}.";

        public string VisitDeclassify(DeclassifyIntent d) => english.ExplainDeclassify(d);
    }

    public string ExplainObjective(Objective objective) => objective.Metric switch
    {
        ObjectiveMetric.TotalLatency => $"{objective.Name}: minimise the total latency, the sum of link latencies over every route of every flow.",
        ObjectiveMetric.MaxLatency => $"{objective.Name}: minimise the worst latency, the largest sum of link latencies on any one route.",
        ObjectiveMetric.Cost => $"{objective.Name}: minimise the cost, the sum of node costs counted once per replica placed.",
        ObjectiveMetric.Nodes => $"{objective.Name}: minimise the number of nodes that host at least one replica.",
        ObjectiveMetric.MovedReplicas => $"{objective.Name}: minimise the replicas moved off the nodes the previous plan gave them.",
        ObjectiveMetric.DisturbedRoutes => $"{objective.Name}: minimise the previous plan's routes not kept on the same nodes and links.",
        ObjectiveMetric.TotalHops => $"{objective.Name}: minimise the total number of hops, the links over every route of every flow.",
        ObjectiveMetric.Prefer => $"{objective.Name}: prefer nodes {EnglishPredicate.Where(objective.Prefer!)}: minimise the number of replicas placed on other nodes.",
        _ => throw new InvalidOperationException($"privc bug: objective metric {objective.Metric} has no English"),
    };

    private string ExplainKeep(KeepIntent keep)
    {
        var data = keep.Data.Select(d => program.Data.First(x => x.Name == d)).ToList();
        var subject = string.Join(" and ", data.Select(d => $"{d.Name} ({d.Level}{(d.Tags.IsEmpty ? string.Empty : "; " + string.Join(", ", d.Tags))})"));
        var text = new StringBuilder($"{keep.Name}: {subject} {(data.Count == 1 ? "stays" : "stay")} on nodes and network devices {EnglishPredicate.Where(keep.Within)}");
        if (keep.OverLinks is { } links)
        {
            text.Append($", and {(data.Count == 1 ? "crosses" : "cross")} only links {EnglishPredicate.Where(links)}");
        }
        text.Append(". ");
        var parts = new List<string>();
        if (!keep.Services.IsEmpty)
        {
            parts.Add("services " + string.Join(", ", InDeclarationOrder(keep.Services, program.Services.Select(s => (s.Name, s.Location)))));
        }
        if (!keep.Flows.IsEmpty)
        {
            parts.Add("flows " + string.Join(", ", InDeclarationOrder(keep.Flows, program.Flows.Select(f => (f.Name, f.Location)))));
        }
        text.Append(parts.Count == 0
            ? "No service or flow holds it undeclassified, so it constrains nothing."
            : $"It applies to {string.Join(" and ", parts)}.");
        return text.ToString();
    }

    private string ExplainSeparate(SeparateIntent separate)
    {
        var scope = separate.Scope.Kind == SeparationScope.Node ? "node" : separate.Scope.Key!;
        var text = new StringBuilder($"{separate.Name}: no replica of {AnyOf(separate.Left)} shares a {scope} with a replica of {AnyOf(Partners(separate.Left, separate.Right))}");
        var both = separate.Left.Intersect(separate.Right).ToList();
        if (separate.Scope.Kind == SeparationScope.Label)
        {
            if (both.Count > 0)
            {
                text.Append($", and the replicas of {EachOf(both)} are in pairwise different {scope}s");
            }
            text.Append($"; only nodes that have a {scope} qualify");
        }
        return text.Append('.').ToString();
    }

    private string ExplainColocate(ColocateIntent colocate)
    {
        var where = colocate.Scope.Kind == SeparationScope.Node
            ? "on a node that also hosts a replica of"
            : $"in the same {colocate.Scope.Key} as a replica of";
        return $"{colocate.Name}: every replica of {EachOf(colocate.Left)} runs {where} {EachOf(Partners(colocate.Left, colocate.Right))}" +
            (colocate.Scope.Kind == SeparationScope.Label ? $"; only nodes that have a {colocate.Scope.Key} qualify." : ".");
    }

    private string ExplainDeclassify(DeclassifyIntent declassify)
    {
        var data = program.Data.First(d => d.Name == declassify.Data);
        return $"{declassify.Name}: {data.Name} ({data.Level}) leaves {declassify.Via} lowered to {declassify.Level}: flows out of {declassify.Via} carry it at {declassify.Level}, " +
            $"so services cleared for {declassify.Level} may receive it, and intents about {data.Name} no longer follow it past {declassify.Via}.";
    }

    /// <summary>One verb phrase per path constraint kind.</summary>
    private sealed class ConstraintPhrase : IPathConstraintVisitor<string>
    {
        public static readonly ConstraintPhrase Instance = new();

        public string VisitAvoidDevices(PathConstraint.AvoidDevices a) =>
            EnglishPredicate.DeviceNames(a.Devices) is { } names ? $"avoids {DeviceList(names)}" : $"avoids devices {EnglishPredicate.Where(a.Devices)}";

        public string VisitAvoidLinks(PathConstraint.AvoidLinks a) => $"avoids links {EnglishPredicate.Where(a.Links)}";

        public string VisitThrough(PathConstraint.Through t) => "passes through " + string.Join(", then ", t.Waypoints.Select(Waypoint));

        public string VisitWithinDevices(PathConstraint.WithinDevices w) => $"stays on devices {EnglishPredicate.Where(w.Devices)}";

        public string VisitOverLinks(PathConstraint.OverLinks o) => $"uses only links {EnglishPredicate.Where(o.Links)}";

        // `latency < 30ms` binds to at most 29999us; say it the way it was written when that is exact.
        public string VisitMaxLatency(PathConstraint.MaxLatency m) => (m.Micros + 1) % 1000 == 0
            ? $"has a total link latency below {Units.Format(new Quantity(Dimension.Latency, m.Micros + 1))}"
            : $"has a total link latency of at most {Units.Format(new Quantity(Dimension.Latency, m.Micros))}";

        public string VisitMaxHops(PathConstraint.MaxHops h) => $"crosses at most {Count(h.Hops, "link")}";
    }

    private static string Waypoint(Predicate waypoint) =>
        EnglishPredicate.DeviceNames(waypoint) is { } names
            ? (names.Length == 1 ? $"device {names[0]}" : $"one of the devices {string.Join(", ", names)}")
            : $"a device {EnglishPredicate.Where(waypoint)}";

    private static string DeviceList(ImmutableArray<string> names) =>
        names.Length == 1 ? $"device {names[0]}" : $"devices {string.Join(", ", names)}";

    private string Level(int rank, bool declassified) =>
        declassified ? $"declassified to {program.Lattice[rank]}" : program.Lattice[rank];

    private IEnumerable<string> Ordered(IEnumerable<string> services) =>
        InDeclarationOrder(services, program.Services.Select(s => (s.Name, s.Location)));

    private static IEnumerable<string> InDeclarationOrder(IEnumerable<string> names, IEnumerable<(string Name, Text.SourceLocation Location)> declarations)
    {
        var order = declarations.OrderBy(d => d.Location).Select((d, index) => (d.Name, index)).ToDictionary(p => p.Name, p => p.index, StringComparer.Ordinal);
        return names.OrderBy(n => order.GetValueOrDefault(n, int.MaxValue)).ThenBy(n => n, StringComparer.Ordinal);
    }

    /// <summary>A relation never pairs a service with itself; with one service on the left, leave it out on the right.</summary>
    private static IEnumerable<string> Partners(ImmutableArray<string> left, ImmutableArray<string> right) =>
        left.Length == 1 ? right.Where(r => r != left[0]) : right;

    private string Services(ImmutableArray<string> services) =>
        services.IsEmpty ? "no service" : Join(Ordered(services));

    private string AnyOf(IEnumerable<string> services)
    {
        var list = Ordered(services).ToList();
        return list.Count switch
        {
            0 => "no service",
            1 => list[0],
            _ => "any of " + string.Join(", ", list),
        };
    }

    private string EachOf(IEnumerable<string> services)
    {
        var list = Ordered(services).ToList();
        return list.Count switch
        {
            0 => "no service",
            1 => list[0],
            _ => "each of " + string.Join(", ", list),
        };
    }

    private string Tenants(ImmutableArray<string> services) =>
        string.Join("; ", Ordered(services).Select(program.Service).GroupBy(s => s.Tenant)
            .Select(g => $"{string.Join(", ", g.Select(s => s.Name))} {(g.Count() == 1 ? "is" : "are")} tenant {g.Key}"));

    private string FlowList(ImmutableArray<string> flows)
    {
        var described = InDeclarationOrder(flows, program.Flows.Select(f => (f.Name, f.Location)))
            .Select(program.Flow).Select(f => $"{f.Name} ({f.Source} -> {f.Target})").ToList();
        return described.Count switch
        {
            0 => "no flow",
            1 => "flow " + described[0],
            _ => "flows " + string.Join(", ", described),
        };
    }

    private static string Join(IEnumerable<string> clauses)
    {
        var list = clauses.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1];
    }

    private static string Count(int n, string noun) =>
        $"{n.ToString(CultureInfo.InvariantCulture)} {noun}{(n == 1 ? string.Empty : "s")}";
}
