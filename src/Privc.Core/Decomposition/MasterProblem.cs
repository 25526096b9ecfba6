using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Privc.Semantics;
using Privc.SmtEncoding;
using Privc.Topology;

namespace Privc.Decomposition;

/// <summary>One objective of the master: its term, and a static lower bound every configuration meets.</summary>
public sealed record MasterObjective(Objective Objective, string Term, long StaticBound, string? CutTarget)
{
    public bool IsRoute => Objective.Metric is ObjectiveMetric.TotalLatency or ObjectiveMetric.MaxLatency;
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
    private readonly Dictionary<string, string> guards = new(StringComparer.Ordinal);
    private readonly List<string> structural = new();
    private readonly Dictionary<string, ImmutableArray<string>> structuralServices = new(StringComparer.Ordinal);
    private int routeFacts;

    public MasterProblem(BoundProgram program, TopologyModel topology, StaticFacts facts, RouteFacts routes, ImmutableArray<Intent> active)
    {
        this.program = program;
        this.topology = topology;
        this.facts = facts;
        this.routes = routes;
        this.active = active;
        script.Comment("privc master problem over placements; see specs/encoding.md section 11");
        DeclareGuards();
        EncodePlacement();
        EncodeCapacity();
        EncodeRelations();
        EncodeRouteFacts();
        Objectives = EncodeObjectives();
        Script = script.ToString();
        Statistics = new MasterStatistics(hosts.Count, script.AssertionCount, routeFacts, Encoding.UTF8.GetByteCount(Script));
    }

    /// <summary>Declarations and constraints; no check-sat, no nogood.</summary>
    public string Script { get; }

    public ImmutableArray<MasterObjective> Objectives { get; }

    public MasterStatistics Statistics { get; }

    /// <summary>Guard literal of every encoded intent.</summary>
    public IReadOnlyDictionary<string, string> Guards => guards;

    /// <summary>Every literal the master is solved under: the intents' guards, then the structural literals.</summary>
    public ImmutableArray<string> Assumptions => guards.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Value).Concat(structural).ToImmutableArray();

    /// <summary>The Boolean of every candidate placement, in service then node order.</summary>
    public ImmutableArray<string> HostTerms => hosts.OrderBy(h => h.Key.Service, StringComparer.Ordinal).ThenBy(h => h.Key.Node, StringComparer.Ordinal).Select(h => h.Value).ToImmutableArray();

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
                var symbol = hosts[(service.Name, node.Name)];
                if (!values.TryGetValue(symbol, out var value) || value is not ("true" or "false"))
                {
                    return (null, $"the master model gives no value for {symbol}");
                }
                if (value == "true")
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
        $"(assert {Smt.Implies(Smt.And(nogood.Intents.Select(GuardOrTrue)), Smt.Not(Smt.And(nogood.Hosts.Select(h => Hosts(h.Service, h.Node)))))})";

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

    /// <summary>`(ite h 1 0)` of a placement: the 0/1 view the linear constraints use.</summary>
    private string Indicator(string service, ComputeNode node) => Smt.Indicator(Hosts(service, node.Name));

    /// <summary>
    /// W1: exactly r(s) candidates. Stated twice, as a linear sum (for the arithmetic that bounds need) and as a
    /// Boolean counter circuit c(i, j) = "at least j of the first i candidates" (for propagation in the SAT core).
    /// </summary>
    private void EncodePlacement()
    {
        script.Comment("placement: h(s,n) says a replica of s runs on n; exactly r(s) per service (W1)");
        foreach (var service in program.Services)
        {
            var candidates = facts.Candidates[service.Name];
            foreach (var node in candidates)
            {
                var symbol = Smt.Symbol("h", service.Name, node.Name);
                script.Declare(symbol, "Bool");
                hosts[(service.Name, node.Name)] = symbol;
            }
            var guard = Structural(Smt.Symbol("w1", service.Name), [service.Name]);
            var literals = candidates.Select(n => hosts[(service.Name, n.Name)]).ToList();
            script.Assert(Smt.Eq(Smt.Sum(candidates.Select(n => Indicator(service.Name, n))), Smt.Int(service.Replicas)), guard);
            if (literals.Count > 0)
            {
                var (atLeast, atLeastMore) = Counter(service.Name, literals, service.Replicas);
                script.Assert(Smt.And(atLeast, Smt.Not(atLeastMore)), guard);
            }
        }
    }

    /// <summary>
    /// A sequential counter over the literals: returns the terms "at least k are true" and "at least k + 1 are true".
    /// Each c(i, j) is declared and defined, so both solvers see a plain Boolean circuit.
    /// </summary>
    private (string AtLeast, string AtLeastMore) Counter(string name, List<string> literals, int k)
    {
        // previous[j] = "at least j of the literals so far"; previous[0] is true.
        var previous = new string[k + 2];
        previous[0] = Smt.True;
        for (var j = 1; j <= k + 1; j++)
        {
            previous[j] = Smt.False;
        }
        for (var i = 0; i < literals.Count; i++)
        {
            var current = new string[k + 2];
            current[0] = Smt.True;
            for (var j = 1; j <= k + 1; j++)
            {
                var term = Smt.Or(previous[j], Smt.And(previous[j - 1], literals[i]));
                if (term is Smt.True or Smt.False || i == literals.Count - 1 || term == previous[j])
                {
                    current[j] = term;
                    continue;
                }
                var symbol = Smt.Symbol("count", name, i, j);
                script.Declare(symbol, "Bool");
                script.Assert(Smt.Eq(symbol, term));
                current[j] = symbol;
            }
            previous = current;
        }
        return (previous[k], previous[k + 1]);
    }

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
                script.Assert(Smt.Le(Smt.Sum(services.Select(s => Smt.Ite(Hosts(s.Name, node.Name), Smt.Int(s.CpuMillis), "0"))), Smt.Int(node.CpuMillis)), guard);
            }
            if (memory)
            {
                script.Assert(Smt.Le(Smt.Sum(services.Select(s => Smt.Ite(Hosts(s.Name, node.Name), Smt.Int(s.MemoryBytes), "0"))), Smt.Int(node.MemoryBytes)), guard);
            }
        }
    }
}
