using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Privc.Semantics;
using Privc.Verification.Encoding;
using Privc.Topology;

namespace Privc.Verification.Decomposition;

/// <summary>One objective of the master: its term, and a static lower bound every configuration meets.</summary>
public sealed record MasterObjective(Objective Objective, string Term, long StaticBound, string? CutTarget)
{
    public bool IsRoute => IsRouteMetric(Objective.Metric);

    /// <summary>Whether a metric depends on routes (and so is bounded in the master by pair bounds and cuts).</summary>
    public static bool IsRouteMetric(ObjectiveMetric metric) => metric is ObjectiveMetric.TotalLatency or ObjectiveMetric.MaxLatency or ObjectiveMetric.TotalHops;
}

/// <summary>Sizes of the master, for the benchmark and progress reports.</summary>
public sealed record MasterStatistics(int Placements, int Assertions, int RouteFacts, long Bytes);

/// <summary>
/// Level 1 of the decomposed solver (specs/encoding.md section 11): an SMT-LIB2 problem over placements only. One
/// Boolean <c>h(s, n)</c> per service and candidate node, W1 and W2, the placement relations, the route facts of
/// level 0, and (added later) nogoods and optimality cuts. Every constraint is a necessary condition of C |=_lambda I,
/// so the master is a relaxation: its unsat is a proof, its models are only candidates.
/// </summary>
public sealed partial class MasterProblem
{
    private readonly BoundProgram program;
    private readonly TopologyModel topology;
    private readonly StaticFacts facts;
    private readonly RouteFacts routes;
    private readonly ImmutableArray<Intent> active;
    private readonly SmtScript script = new();
    private readonly Dictionary<(string Service, string Node), string> hosts = new();
    private readonly Dictionary<(string Service, string Node), string> indicators = new();
    private readonly Dictionary<string, string> guards = new(StringComparer.Ordinal);
    private readonly List<string> structural = new();
    private readonly Dictionary<string, ImmutableArray<string>> structuralServices = new(StringComparer.Ordinal);
    private int routeFacts;

    public MasterProblem(BoundProgram program, TopologyModel topology, StaticFacts facts, RouteFacts routes, ImmutableArray<Intent> active)
    {
        this.program = program;
        this.topology = topology;
        CostScale = Encoding.Encoder.CostScaleOf(topology);
        this.facts = facts;
        this.routes = routes;
        this.active = active;
        script.Comment("privc master problem over placements; see specs/encoding.md section 11");
        DeclareGuards();
        EncodePlacement();
        EncodeCapacity();
        EncodeRelations();
        EncodeRouteFacts();
        EncodeBackupFacts();
        Objectives = EncodeObjectives();
        Script = script.ToString();
        Statistics = new MasterStatistics(hosts.Count, script.AssertionCount, routeFacts, System.Text.Encoding.UTF8.GetByteCount(Script));
    }

    /// <summary>Declarations and constraints; no check-sat, no nogood.</summary>
    public string Script { get; }

    public ImmutableArray<MasterObjective> Objectives { get; }

    public MasterStatistics Statistics { get; }

    /// <summary>Guard literal of every encoded intent.</summary>
    public IReadOnlyDictionary<string, string> Guards => guards;

    /// <summary>Every literal the master is solved under: the intents' guards, then the structural literals.</summary>
    public ImmutableArray<string> Assumptions => guards.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Value).Concat(structural).ToImmutableArray();

    /// <summary>The 0/1 integer of every candidate placement, in service then node order: what a model is read from.</summary>
    public ImmutableArray<string> HostTerms => indicators.OrderBy(h => h.Key.Service, StringComparer.Ordinal).ThenBy(h => h.Key.Node, StringComparer.Ordinal).Select(h => h.Value).ToImmutableArray();

    public string? IntentOfGuard(string literal) => guards.FirstOrDefault(g => g.Value == literal || g.Value == $"|{literal}|").Key;

    /// <summary>The services a structural literal of an unsat core speaks about (empty for intent guards).</summary>
    public ImmutableArray<string> ServicesOfStructural(string literal) =>
        structuralServices.TryGetValue(literal, out var services) || structuralServices.TryGetValue($"|{literal}|", out services) ? services : [];

    public string Hosts(string service, string node) => hosts.TryGetValue((service, node), out var symbol) ? symbol : Smt.False;

    /// <summary>The placement a model describes, or an error when the model is not one (a privc bug or a lying solver).</summary>
    public (ImmutableDictionary<string, ImmutableArray<ComputeNode>>? Placement, string? Error) ReadPlacement(IReadOnlyDictionary<string, string> values)
    {
        var result = ImmutableDictionary.CreateBuilder<string, ImmutableArray<ComputeNode>>(StringComparer.Ordinal);
        foreach (var service in program.Services)
        {
            var nodes = new List<ComputeNode>();
            foreach (var node in facts.Candidates[service.Name])
            {
                var symbol = indicators[(service.Name, node.Name)];
                if (!values.TryGetValue(symbol, out var value) || value is not ("1" or "0"))
                {
                    return (null, $"the master model gives no 0/1 value for {symbol}");
                }
                if (value == "1")
                {
                    nodes.Add(node);
                }
            }
            if (nodes.Count != service.Replicas)
            {
                return (null, $"the master model places {nodes.Count} replica(s) of '{service.Name}', not {service.Replicas}");
            }
            result[service.Name] = nodes.ToImmutableArray();
        }
        return (result.ToImmutable(), null);
    }

    /// <summary>The assertion of a nogood: guarded by the intents it depends on.</summary>
    public string Assertion(Nogood nogood) =>
        $"(assert {Smt.Implies(Smt.And(nogood.Intents.Select(GuardOrTrue)), Smt.Not(Smt.And(nogood.Hosts.Select(h => nogood.OnDevices ? OnDevice(h.Service, h.Node) : Hosts(h.Service, h.Node)))))})";

    /// <summary>
    /// `at(s, d)` written out: learnt facts are sent after the master's script, so they may not define new symbols
    /// (the session and the certificate's obligations would lack them).
    /// </summary>
    private string OnDevice(string service, string device) =>
        Smt.Or(facts.Candidates[service].Where(n => n.Device == device).Select(n => Hosts(service, n.Name)));

    /// <summary>
    /// The assertion of a capacity cut over this master's flows (a relaxation of the cut over all flows): the flows
    /// with a replica pair across the border of the device set carry at most its capacity. Null when none of them can
    /// cross, or they cannot exceed the capacity together.
    /// </summary>
    public string? Assertion(LinkCut cut)
    {
        var inside = cut.Devices.ToHashSet(StringComparer.Ordinal);
        var terms = new List<(string Crosses, long Bandwidth)>();
        foreach (var flow in program.Flows.Where(f => f.BandwidthBps > 0))
        {
            // Leaving: a source replica inside and a target replica outside; entering: the other way round.
            var (from, to) = cut.Inward ? (flow.Target, flow.Source) : (flow.Source, flow.Target);
            var fromInside = facts.Candidates[from].Where(n => inside.Contains(n.Device)).ToList();
            var toInside = facts.Candidates[to].Where(n => inside.Contains(n.Device)).ToList();
            if (fromInside.Count == 0 || toInside.Count == facts.Candidates[to].Length)
            {
                continue;
            }
            var someInside = Smt.Ge(Linear(fromInside.Select(n => (from, n, 1L))), "1");
            var someOutside = toInside.Count == 0 ? Smt.True : Smt.Le(Linear(toInside.Select(n => (to, n, 1L))), Smt.Int(program.Service(to).Replicas - 1));
            terms.Add((Smt.And(someInside, someOutside), flow.BandwidthBps));
        }
        if (terms.Sum(t => t.Bandwidth) <= cut.Capacity)
        {
            return null;
        }
        return $"(assert {Smt.Le(Smt.Sum(terms.Select(t => Smt.Ite(t.Crosses, Smt.Int(t.Bandwidth), "0"))), Smt.Int(cut.Capacity))})";
    }

    /// <summary>Whether every intent a learnt fact depends on is encoded here (otherwise it does not apply).</summary>
    public bool Applies(ImmutableSortedSet<string> intents) => intents.All(guards.ContainsKey);

    /// <summary>
    /// The literals of a placement: asserting them fixes the master to it (every other candidate is false by W1).
    /// </summary>
    public IEnumerable<string> PlacementLiterals(IReadOnlyDictionary<string, ImmutableArray<ComputeNode>> placement) =>
        placement.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value.Select(n => Hosts(p.Key, n.Name)));

    private string GuardOrTrue(string intent) => guards.TryGetValue(intent, out var guard) ? guard : Smt.True;

    private string? Guard(Intent intent) => guards.GetValueOrDefault(intent.Name);

    private void DeclareGuards()
    {
        script.Comment("one guard literal per intent: its constraints hold while it is assumed");
        foreach (var intent in active.Where(i => i is not DeclassifyIntent))
        {
            var guard = Smt.Symbol("intent", intent.Name);
            script.Declare(guard, "Bool");
            guards[intent.Name] = guard;
        }
    }

    private string Structural(string symbol, IEnumerable<string> services)
    {
        if (!script.IsDeclared(symbol))
        {
            script.Declare(symbol, "Bool");
            structural.Add(symbol);
            structuralServices[symbol] = services.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        }
        return symbol;
    }

    /// <summary>The 0/1 integer view of a placement that linear constraints use (h(s, n) holds exactly when it is 1).</summary>
    private string Indicator(string service, ComputeNode node) =>
        indicators.TryGetValue((service, node.Name), out var symbol) ? symbol : "0";

    /// <summary>
    /// W1: exactly r(s) candidates, as a linear sum of 0/1 integers x(s, n) with h(s, n) = (x(s, n) = 1). The
    /// linear form gives bound queries their LP relaxation (a cost below the static bound is refuted without search),
    /// and z3's incremental core solves it without bit-blasting; Boolean counter circuits and z3's pseudo-Boolean
    /// constraints were measured slower here, and the latter are not SMT-LIB, so cvc5 could not replay them.
    /// </summary>
    private void EncodePlacement()
    {
        script.Comment("placement: h(s,n) says a replica of s runs on n, x(s,n) is its 0/1 value; exactly r(s) per service (W1)");
        foreach (var service in program.Services)
        {
            var candidates = facts.Candidates[service.Name];
            foreach (var node in candidates)
            {
                var symbol = Smt.Symbol("h", service.Name, node.Name);
                var indicator = Smt.Symbol("x", service.Name, node.Name);
                script.Declare(indicator, "Int");
                script.Assert($"(<= 0 {indicator} 1)");
                script.Raw($"(define-fun {symbol} () Bool (= {indicator} 1))");
                hosts[(service.Name, node.Name)] = symbol;
                indicators[(service.Name, node.Name)] = indicator;
            }
            var guard = Structural(Smt.Symbol("w1", service.Name), [service.Name]);
            script.Assert(Smt.Eq(Smt.Sum(candidates.Select(n => Indicator(service.Name, n))), Smt.Int(service.Replicas)), guard);
        }
    }

    /// <summary>`sum c_i * x_i`, written with the coefficients as given.</summary>
    private string Linear(IEnumerable<(string Service, ComputeNode Node, long Coefficient)> terms) =>
        Smt.Sum(terms.Where(t => t.Coefficient != 0 && indicators.ContainsKey((t.Service, t.Node.Name)))
            .Select(t => t.Coefficient == 1 ? Indicator(t.Service, t.Node) : $"(* {Smt.Int(t.Coefficient)} {Indicator(t.Service, t.Node)})"));

    /// <summary>
    /// `sum c_i * x_i &lt;= b` divided by the greatest common divisor of the c_i (b rounded down): the same integer
    /// solutions, with small numbers (memory requests are bytes).
    /// </summary>
    private string Knapsack(List<(string Service, ComputeNode Node, long Coefficient)> terms, long bound)
    {
        var divisor = terms.Aggregate(0L, (g, t) => Gcd(g, t.Coefficient));
        if (divisor > 1)
        {
            // Capacities and requests are non-negative, so integer division rounds down.
            terms = terms.Select(t => (t.Service, t.Node, t.Coefficient / divisor)).ToList();
            bound /= divisor;
        }
        return Smt.Le(Linear(terms), Smt.Int(bound));
    }

    private static long Gcd(long a, long b) => b == 0 ? Math.Abs(a) : Gcd(b, a % b);

    private void EncodeCapacity()
    {
        script.Comment("capacity: the requests of the replicas on a node fit its CPU and memory (W2)");
        var users = program.Services.SelectMany(s => facts.Candidates[s.Name].Select(n => (Service: s, Node: n.Name)))
            .ToLookup(p => p.Node, p => p.Service, StringComparer.Ordinal);
        foreach (var node in topology.Nodes)
        {
            var services = users[node.Name].ToList();
            var cpu = services.Sum(s => s.CpuMillis) > node.CpuMillis;
            var memory = services.Sum(s => s.MemoryBytes) > node.MemoryBytes;
            if (!cpu && !memory)
            {
                continue;
            }
            var guard = Structural(Smt.Symbol("w2", node.Name), services.Select(s => s.Name));
            if (cpu)
            {
                script.Assert(Knapsack(services.Select(s => (s.Name, node, s.CpuMillis)).ToList(), node.CpuMillis), guard);
            }
            if (memory)
            {
                script.Assert(Knapsack(services.Select(s => (s.Name, node, s.MemoryBytes)).ToList(), node.MemoryBytes), guard);
            }
        }
    }
}
