using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Verification.Encoding;

/// <summary>Which intents to encode, and whether their assertions are guarded by literals for unsat cores.</summary>
public sealed record EncodingOptions
{
    /// <summary>The intents to encode; null encodes all of them.</summary>
    public IReadOnlySet<string>? ActiveIntents { get; init; }

    /// <summary>Guard each intent's assertions with a literal `|intent!NAME|` (for check-sat-assuming and cores).</summary>
    public bool GuardIntents { get; init; } = true;

    /// <summary>
    /// Let the active intents prune candidate nodes and usable links (the default; it is what keeps large problems
    /// small). When false only structural facts prune, and the conditions pruning would have applied are asserted
    /// under each intent's guard instead, so that the guard alone decides whether the intent is in force
    /// (specs/encoding.md, "Encoding without intent pruning").
    /// </summary>
    public bool PruneByIntents { get; init; } = true;

    /// <summary>
    /// Make each guard equivalent to its intent's condition, not merely sufficient for it: the guard is defined as the
    /// conjunction of the intent's assertions, and no intent introduces existential helper variables. A guard can then
    /// be negated, which deciding whether two sets of intents are equivalent needs. Requires
    /// <see cref="GuardIntents"/> and <c>PruneByIntents = false</c> (a pruned condition cannot be negated).
    /// </summary>
    public bool DefineGuards { get; init; }
}

/// <summary>
/// Encodes C |=_lambda I (specs/semantics.md) as SMT-LIB2 over integers and booleans (specs/encoding.md). One
/// instance encodes one problem; the result is deterministic for the same program, topology and options.
/// </summary>
public sealed partial class Encoder
{
    private readonly BoundProgram program;
    private readonly TopologyModel topology;
    private readonly EncodingOptions options;
    private readonly ImmutableArray<Intent> active;
    private readonly StaticFacts facts;
    private readonly SmtScript script;
    private readonly Dictionary<string, int> nodeIndex;
    private readonly Dictionary<string, ServiceVariables> serviceVars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> guards = new(StringComparer.Ordinal);
    private readonly List<PairVariables> pairs = new();
    private int boolCount;
    private int intCount;

    private Encoder(BoundProgram program, TopologyModel topology, EncodingOptions options)
    {
        this.program = program;
        this.topology = topology;
        this.options = options;
        if (options.DefineGuards && (options.PruneByIntents || !options.GuardIntents))
        {
            throw new InvalidOperationException("privc bug: DefineGuards needs GuardIntents and PruneByIntents = false");
        }
        script = new SmtScript(options.DefineGuards);
        active = program.Intents.Where(i => options.ActiveIntents is null || options.ActiveIntents.Contains(i.Name)).ToImmutableArray();
        facts = new StaticFacts(program, topology, active, options.PruneByIntents);
        nodeIndex = topology.Nodes.Select((n, i) => (n.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
    }

    public static EncodedProblem Encode(BoundProgram program, TopologyModel topology, EncodingOptions? options = null) =>
        new Encoder(program, topology, options ?? new EncodingOptions()).Run();

    private EncodedProblem Run()
    {
        script.Comment("privc encoding of C |=_lambda I; see specs/encoding.md");
        script.Comment($"topology '{topology.Name}': {topology.Nodes.Length} nodes, {topology.Devices.Length} devices, {topology.DirectedLinks.Length} directed links");
        script.Comment("node indices: " + string.Join(", ", topology.Nodes.Select((n, i) => $"{i}={n.Name}")));
        DeclareGuards();
        EncodePlacement();
        if (!options.PruneByIntents)
        {
            EncodeNodeConditions();
        }
        EncodeCapacity();
        EncodeRouting();
        EncodeDistinguishable();
        EncodeBandwidth();
        EncodeRelations();
        var objectives = EncodeObjectives();
        if (options.DefineGuards)
        {
            script.Comment("each guard holds exactly when its intent's condition does");
            script.WriteGuardDefinitions(guards.Values);
        }

        var candidates = facts.Candidates.Values.Sum(c => c.Length);
        var prunedNodes = program.Services.Length * topology.Nodes.Length - candidates;
        var linkVars = pairs.Sum(p => p.Links.Length);
        var prunedLinks = facts.Networks.Values.Sum(n => topology.DirectedLinks.Length - n.Links.Length);
        return new EncodedProblem(
            script.ToString(),
            topology.Nodes,
            program.Services.Select(s => serviceVars[s.Name]).ToImmutableArray(),
            pairs.ToImmutableArray(),
            guards.ToImmutableSortedDictionary(StringComparer.Ordinal),
            objectives,
            facts.PruningIntents,
            active.Select(i => i.Name).ToImmutableSortedSet(StringComparer.Ordinal),
            new EncodingStatistics(boolCount, intCount, script.AssertionCount, candidates, linkVars, prunedNodes, prunedLinks))
        {
            Definitions = script.DefinitionsOnly,
        };
    }

    private string? Guard(Intent intent) => guards.GetValueOrDefault(intent.Name);

    private void DeclareGuards()
    {
        if (!options.GuardIntents)
        {
            return;
        }
        script.Comment("one guard literal per intent: its assertions hold while it is assumed");
        foreach (var intent in active.Where(i => i is not DeclassifyIntent))
        {
            var guard = Smt.Symbol("intent", intent.Name);
            DeclareBool(guard);
            guards[intent.Name] = guard;
        }
    }

    private void DeclareBool(string symbol)
    {
        if (!script.IsDeclared(symbol))
        {
            boolCount++;
            script.Declare(symbol, "Bool");
        }
    }

    private void DeclareInt(string symbol)
    {
        if (!script.IsDeclared(symbol))
        {
            intCount++;
            script.Declare(symbol, "Int");
        }
    }

    private string DefineBool(string symbol, string definition)
    {
        if (!script.IsDeclared(symbol))
        {
            boolCount++;
        }
        return script.DefineBool(symbol, definition);
    }

    private string DefineInt(string symbol, string definition)
    {
        if (!script.IsDeclared(symbol))
        {
            intCount++;
        }
        return script.DefineInt(symbol, definition);
    }

    // ---- placement (W1) and capacity (W2) ----

    private static string ReplicaSymbol(string service, int replica) => Smt.Symbol("replica", service, replica);

    /// <summary>
    /// Replica i of s sits on the node with index r(s,i). Indices strictly increase with i: this makes the nodes
    /// distinct (one replica per node) and breaks the symmetry between interchangeable replicas.
    /// </summary>
    private void EncodePlacement()
    {
        script.Comment("placement: replica i of service s runs on node r(s,i); replicas on distinct nodes, in increasing order");
        foreach (var service in program.Services)
        {
            var candidates = facts.Candidates[service.Name];
            var replicas = Enumerable.Range(0, service.Replicas).Select(i => ReplicaSymbol(service.Name, i)).ToImmutableArray();
            serviceVars[service.Name] = new ServiceVariables(service.Name, replicas);
            script.Comment($"service {service.Name}: {service.Replicas} replica(s), {candidates.Length} candidate node(s)");
            foreach (var replica in replicas)
            {
                DeclareInt(replica);
                script.Assert(Smt.Or(candidates.Select(n => Smt.Eq(replica, Smt.Int(nodeIndex[n.Name])))));
            }
            for (var i = 1; i < replicas.Length; i++)
            {
                script.Assert(Smt.Lt(replicas[i - 1], replicas[i]));
            }
            foreach (var node in candidates)
            {
                DefineBool(HostsSymbol(service.Name, node.Name), Smt.Or(replicas.Select(r => Smt.Eq(r, Smt.Int(nodeIndex[node.Name])))));
            }
        }
    }

    private static string HostsSymbol(string service, string node) => Smt.Symbol("hosts", service, node);

    /// <summary>`hosts(s, n)`: some replica of s is on n; false when n is not a candidate of s.</summary>
    private string Hosts(string service, ComputeNode node) =>
        facts.Candidates[service].Contains(node) ? HostsSymbol(service, node.Name) : Smt.False;

    private void EncodeCapacity()
    {
        script.Comment("capacity: the requests of the replicas on a node fit its CPU and memory");
        foreach (var node in topology.Nodes)
        {
            var users = program.Services.Where(s => facts.Candidates[s.Name].Contains(node)).ToList();
            if (users.Sum(s => s.CpuMillis) > node.CpuMillis)
            {
                script.Assert(Smt.Le(Smt.Sum(users.Select(s => Smt.Ite(Hosts(s.Name, node), Smt.Int(s.CpuMillis), "0"))), Smt.Int(node.CpuMillis)));
            }
            if (users.Sum(s => s.MemoryBytes) > node.MemoryBytes)
            {
                script.Assert(Smt.Le(Smt.Sum(users.Select(s => Smt.Ite(Hosts(s.Name, node), Smt.Int(s.MemoryBytes), "0"))), Smt.Int(node.MemoryBytes)));
            }
        }
    }
}
