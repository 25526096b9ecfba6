using System.Collections.Immutable;
using System.Diagnostics;
using Privc.Checking;
using Privc.Semantics;
using Privc.Verification.Solving;
using Privc.Verification.Encoding;
using Privc.Topology;

namespace Privc.Verification.Decomposition;

/// <summary>What one decomposed run concluded about its set of intents.</summary>
public abstract record RunOutcome
{
    /// <summary>A checked plan, the placement it came from and its routing.</summary>
    public sealed record Plan(Configuration Configuration, ImmutableDictionary<string, ImmutableArray<ComputeNode>> Placement, RoutingOutcome.Routed Routing) : RunOutcome;

    /// <summary>Some service has fewer candidate nodes than replicas: unsat without a solver.</summary>
    public sealed record TooFewCandidates(Service Service, int Candidates) : RunOutcome;

    /// <summary>A master component with every nogood is unsat; the solver's core (guards and structural literals).</summary>
    public sealed record MasterUnsat(ImmutableArray<string> Core, MasterComponent Component) : RunOutcome;

    /// <summary>A nogood joined the component being optimised with another: the caller starts again on the merged one.</summary>
    public sealed record Merged : RunOutcome;

    public sealed record Undecided(CheckResult Result, string Stage) : RunOutcome;

    /// <summary>A plan the independent checker rejected: a privc bug, never emitted.</summary>
    public sealed record Rejected(string Problem, Configuration? Configuration) : RunOutcome;
}

/// <summary>
/// The decomposed solver on one set of active intents (specs/encoding.md section 14): static facts, the primal
/// heuristic, then the master/subproblem loop over the master's independent components. Component sessions stay
/// open so that bound queries (section 15) reuse what they learnt. Nogoods are shared through
/// <see cref="NogoodStore"/> with later runs on other intent sets, where each applies only while the intents it
/// depends on are active; a nogood that joins two components merges them.
/// </summary>
public sealed class DecomposedRun : IDisposable
{
    private readonly BoundProgram program;
    private readonly TopologyModel topology;
    private readonly SolverRunner solver;
    private readonly NogoodStore learnt;
    private readonly DecompositionStatistics statistics;
    private readonly Func<bool> outOfTime;
    private readonly Action<string> progress;
    private readonly List<MasterComponent> components = new();
    private readonly List<ImmutableSortedSet<string>> couplings = new();
    private int nextComponent;

    public DecomposedRun(BoundProgram program, TopologyModel topology, NetworkIndex index, IReadOnlySet<string>? activeIntents,
        SolverRunner solver, NogoodStore learnt, DecompositionStatistics statistics, Func<bool> outOfTime, Action<string> progress, int resilience = 0)
    {
        this.program = program;
        this.topology = topology;
        this.solver = solver;
        this.learnt = learnt;
        this.statistics = statistics;
        this.outOfTime = outOfTime;
        this.progress = progress;
        Active = program.Intents.Where(i => activeIntents is null || activeIntents.Contains(i.Name)).ToImmutableArray();
        var watch = Stopwatch.StartNew();
        Facts = new StaticFacts(program, topology, Active);
        var search = new RouteSearch(index);
        Routes = new RouteFacts(program, Facts, index, search, resilience);
        Routing = new RoutingSubproblem(program, Routes, search, solver)
        {
            Pinned = ReferenceRoutes.Of(program, Routes)?.PinFor(index),
            Record = record => statistics.RoutingProblems.Add(record with { Iteration = statistics.MasterIterations }),
        };
        statistics.StaticFactsMs += watch.Elapsed.TotalMilliseconds;
    }

    public ImmutableArray<Intent> Active { get; }

    public StaticFacts Facts { get; }

    public RouteFacts Routes { get; }

    public RoutingSubproblem Routing { get; }

    public BoundProgram Program => program;

    /// <summary>The master's components, built on first use (<see cref="EnsureMaster"/>).</summary>
    public IReadOnlyList<MasterComponent> Components => components;

    /// <summary>A service whose candidates cannot hold its replicas, if any: a static conflict.</summary>
    public Service? Starved => program.Services.FirstOrDefault(s => Facts.Candidates[s.Name].Length < s.Replicas);

    /// <summary>The heuristic's plan, or null (which proves nothing); <paramref name="affinity"/>: see <see cref="PrimalHeuristic"/>.</summary>
    public RunOutcome? Heuristic(bool affinity = false)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var placement = new PrimalHeuristic(program, Facts, Routes, Active, Encoder.CostScaleOf(topology), affinity).Place();
            if (placement is null)
            {
                return null;
            }
            var outcome = RouteAndCheck(placement);
            return outcome is RunOutcome.Plan ? outcome : null;
        }
        finally
        {
            statistics.HeuristicMs += watch.Elapsed.TotalMilliseconds;
        }
    }

    /// <summary>
    /// A plan that keeps <paramref name="pinned"/> (a slice's checked placement) and places every other service
    /// around it with the greedy, routed by the exact subproblem and judged by the independent checker under this
    /// run's intents; null when any step fails, which proves nothing (specs/encoding.md section 16, "Extension").
    /// </summary>
    public RunOutcome.Plan? Extend(IReadOnlyDictionary<string, ImmutableArray<ComputeNode>> pinned)
    {
        if (Starved is not null)
        {
            return null;
        }
        var watch = Stopwatch.StartNew();
        try
        {
            var placement = new PrimalHeuristic(program, Facts, Routes, Active, Encoder.CostScaleOf(topology)).Place(pinned);
            return placement is null ? null : RouteAndCheck(placement) as RunOutcome.Plan;
        }
        finally
        {
            statistics.HeuristicMs += watch.Elapsed.TotalMilliseconds;
        }
    }

    /// <summary>
    /// The master/subproblem loop: every component (or only <paramref name="focus"/>, under <paramref name="extra"/>
    /// literals, with the other services where <paramref name="incumbent"/> has them) is solved, the placement routed
    /// and checked. A conflict adds nogoods, which exclude the placement just tried, so the loop ends.
    /// </summary>
    public RunOutcome Loop(MasterComponent? focus = null, IReadOnlyList<string>? extra = null,
        IReadOnlyDictionary<string, ImmutableArray<ComputeNode>>? incumbent = null, Func<RunOutcome.Plan, RunOutcome?>? accept = null)
    {
        if (Starved is { } starved)
        {
            return new RunOutcome.TooFewCandidates(starved, Facts.Candidates[starved.Name].Length);
        }
        if (EnsureMaster() is { } failure)
        {
            return failure;
        }
        while (true)
        {
            if (outOfTime())
            {
                return OutOfTime("searching placements (decomposed solver)");
            }
            statistics.MasterIterations++;
            progress($"master iteration {statistics.MasterIterations} ({statistics.Nogoods} nogood(s) so far)");
            var placement = ImmutableDictionary.CreateBuilder<string, ImmutableArray<ComputeNode>>(StringComparer.Ordinal);
            foreach (var component in focus is null ? components.ToList() : [focus])
            {
                component.SendLearnt(learnt);
                var assumptions = component.Master.Assumptions.Concat(component == focus ? extra ?? [] : []).ToList();
                var result = solver.Check(component.Session, assumptions);
                if (result.Outcome == SolverOutcome.Unsat)
                {
                    return new RunOutcome.MasterUnsat(solver.Timed(() => component.Session.GetUnsatCore()) ?? [], component);
                }
                if (result.Outcome != SolverOutcome.Sat)
                {
                    return new RunOutcome.Undecided(result, "searching placements (decomposed solver)");
                }
                var values = solver.Timed(() => component.Session.GetValues(component.Master.HostTerms));
                if (values is null)
                {
                    return new RunOutcome.Undecided(component.Session.Failure ?? new CheckResult(SolverOutcome.ProtocolError, "the solver gave no model"), "reading the master model");
                }
                var (part, error) = component.Master.ReadPlacement(values);
                if (part is null)
                {
                    return new RunOutcome.Rejected(error!, null);
                }
                placement.AddRange(part);
            }
            if (focus is not null)
            {
                foreach (var (service, nodes) in incumbent!.Where(p => !focus.Services.Contains(p.Key)))
                {
                    placement[service] = nodes;
                }
            }
            if (Clashes(placement) is { Count: > 0 } clashes)
            {
                if (outOfTime())
                {
                    // A merge builds a master over the joined components: not started past the deadline.
                    return OutOfTime("merging master components");
                }
                // Components are relaxed on capacity and dedication: join the ones that clash and solve again.
                var merged = false;
                foreach (var clash in clashes)
                {
                    couplings.Add(clash);
                    merged |= Merge(clash);
                }
                if (!merged)
                {
                    return new RunOutcome.Rejected("privc bug: a master component placed services that break capacity or dedication among themselves", null);
                }
                if (focus is not null)
                {
                    return new RunOutcome.Merged();
                }
                continue;
            }
            var outcome = RouteAndCheck(placement.ToImmutable());
            if (outcome is RunOutcome.Plan plan && accept is not null)
            {
                outcome = accept(plan);
            }
            if (outcome is not null)
            {
                return outcome;
            }
            if (outOfTime())
            {
                return OutOfTime("searching placements (decomposed solver)");
            }
            if (Regroup() && focus is not null)
            {
                return new RunOutcome.Merged();
            }
        }
    }

    /// <summary>The undecided outcome of a run stopped by the deadline (exit 3, as a solver timeout).</summary>
    public static RunOutcome.Undecided OutOfTime(string stage) => new(new CheckResult(SolverOutcome.Timeout, "timeout"), stage);

    /// <summary>Routes and checks a placement: a plan, null after learning nogoods, or a failure.</summary>
    private RunOutcome? RouteAndCheck(ImmutableDictionary<string, ImmutableArray<ComputeNode>> placement)
    {
        var watch = Stopwatch.StartNew();
        var routed = Routing.Route(placement);
        statistics.RoutingMs += watch.Elapsed.TotalMilliseconds;
        statistics.RoutingSmtProblems = Routing.SmtProblems;
        switch (routed)
        {
            case RoutingOutcome.Conflict conflict:
                foreach (var nogood in conflict.Nogoods)
                {
                    learnt.Add(nogood);
                    statistics.LearntNogoods.Add(new NogoodRecord(statistics.MasterIterations, nogood.OnDevices ? "devices" : "nodes", nogood.Hosts.Length,
                        nogood.Hosts.Select(h => h.Service).Distinct(StringComparer.Ordinal).Count(), ExcludedLog10(nogood)));
                }
                foreach (var cut in conflict.Cuts)
                {
                    learnt.Add(cut);
                }
                statistics.Nogoods = learnt.Nogoods.Count;
                statistics.LinkCuts = learnt.Cuts.Count;
                return null;
            case RoutingOutcome.Undecided undecided:
                return new RunOutcome.Undecided(undecided.Result, undecided.Stage);
        }
        return Check(placement, (RoutingOutcome.Routed)routed);
    }

    /// <summary>
    /// The base-10 logarithm of the share of placements (W1 alone) a nogood excludes, for the figures. Per service with
    /// k named nodes of n candidates and r replicas: C(n-k, r-k) / C(n, r) = prod_{i&lt;k} (r-i)/(n-i). A nogood on
    /// devices counts, per named device with c candidates, the share that uses at least one of them, 1 - C(n-c, r) /
    /// C(n, r), and multiplies over devices as if independent (an estimate).
    /// </summary>
    public double ExcludedLog10(Nogood nogood)
    {
        var share = 0.0;
        foreach (var group in nogood.Hosts.Distinct().GroupBy(h => h.Service, StringComparer.Ordinal))
        {
            var candidates = Facts.Candidates[group.Key];
            var (n, r) = (candidates.Length, program.Service(group.Key).Replicas);
            if (nogood.OnDevices)
            {
                foreach (var (_, device) in group)
                {
                    var c = candidates.Count(x => x.Device == device);
                    var none = 1.0;
                    for (var i = 0; i < r; i++)
                    {
                        none *= Math.Max(0.0, (double)(n - c - i) / (n - i));
                    }
                    share += Math.Log10(1 - none);
                }
                continue;
            }
            var k = group.Count();
            for (var i = 0; i < k; i++)
            {
                share += r - i <= 0 ? double.NegativeInfinity : Math.Log10((double)(r - i) / (n - i));
            }
        }
        return share;
    }

    /// <summary>The configuration of a placement and its routing, judged by the independent checker.</summary>
    public RunOutcome Check(ImmutableDictionary<string, ImmutableArray<ComputeNode>> placement, RoutingOutcome.Routed routed)
    {
        var configuration = new Configuration(
            placement.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new Placement(p.Key, p.Value.Select(n => n.Name).Order(StringComparer.Ordinal).ToImmutableArray())).ToImmutableArray(),
            routed.Routes,
            program.Flows.Concat(program.ExternalFlows).Select(f => new AllowedFlow(f.Source, f.Target, f.Port)).Distinct().ToImmutableArray());
        var watch = Stopwatch.StartNew();
        // The plan answers for the active intents only (a core test runs on a subset).
        var report = ConfigurationChecker.Check(program with { Intents = Active }, topology, configuration);
        if (report.Compliant && Routes.Resilience > 0)
        {
            report = ResilienceChecker.Check(program with { Intents = Active }, topology, configuration);
        }
        statistics.CheckMs += watch.Elapsed.TotalMilliseconds;
        if (!report.Compliant)
        {
            return new RunOutcome.Rejected("the independent checker rejected the decomposed solver's plan: " + string.Join("; ", report.Violations.Select(v => v.ToString())), configuration);
        }
        return new RunOutcome.Plan(configuration, placement, routed);
    }

    /// <summary>
    /// Builds the master's components and opens their sessions; a failure when the solver cannot start or the time
    /// runs out. Building is checked against the deadline component by component: at scale (a core test under a few
    /// intents leaves most services free on every node) it makes hundreds of components and solver sessions, which
    /// alone can take many times the budget.
    /// </summary>
    public RunOutcome? EnsureMaster()
    {
        if (components.Count > 0)
        {
            return null;
        }
        foreach (var services in Bundle(MasterComponent.Partition(program with { Intents = Active }, Facts, learnt.Nogoods.Where(Applies), couplings)))
        {
            if (outOfTime())
            {
                // Sessions already open are closed by Dispose; an empty master is rebuilt if anyone asks again.
                foreach (var built in components)
                {
                    built.Dispose();
                }
                components.Clear();
                return OutOfTime("building the master");
            }
            var (component, failure) = Build(services, []);
            if (component is null)
            {
                return failure;
            }
            components.Add(component);
        }
        return null;
    }

    /// <summary>
    /// Independent parts put together up to about <see cref="BundleSize"/> candidate placements each: a master of
    /// independent parts is still exact (its models are the parts' models side by side), and one solver session per
    /// few thousand variables costs far less than one per part, while one session for tens of thousands is slow.
    /// </summary>
    private List<ImmutableSortedSet<string>> Bundle(List<ImmutableSortedSet<string>> parts)
    {
        var bundles = new List<ImmutableSortedSet<string>>();
        var current = new List<string>();
        var size = 0;
        foreach (var part in parts)
        {
            var weight = part.Sum(s => Facts.Candidates[s].Length);
            if (current.Count > 0 && size + weight > BundleSize)
            {
                bundles.Add(current.ToImmutableSortedSet(StringComparer.Ordinal));
                current.Clear();
                size = 0;
            }
            current.AddRange(part);
            size += weight;
        }
        if (current.Count > 0)
        {
            bundles.Add(current.ToImmutableSortedSet(StringComparer.Ordinal));
        }
        return bundles;
    }

    /// <summary>Candidate placements per master session (see <see cref="Bundle"/>); measured on the benchmark scenarios.</summary>
    public const int BundleSize = 3000;

    private bool Applies(Nogood nogood) => nogood.Intents.All(i => Active.Any(a => a.Name == i));

    /// <summary>
    /// A component's master over the slice of the program with its services (the slice keeps every constraint among
    /// them, since nothing joins them to other services), with the optima already fixed in the parts it replaces.
    /// </summary>
    private (MasterComponent? Component, RunOutcome? Failure) Build(ImmutableSortedSet<string> services, IReadOnlyList<MasterComponent> parts)
    {
        var watch = Stopwatch.StartNew();
        var slice = components.Count == 0 && parts.Count == 0 && services.Count == program.Services.Length
            ? program with { Intents = Active }
            : ProgramSlice.Restrict(program with { Intents = Active }, services) with { Objectives = program.Objectives };
        var master = new MasterProblem(slice, topology, Facts, Routes, slice.Intents);
        statistics.MasterEncodeMs += watch.Elapsed.TotalMilliseconds;
        statistics.MasterPlacements += master.Statistics.Placements;
        statistics.MasterAssertions += master.Statistics.Assertions;
        statistics.MasterBytes += master.Statistics.Bytes;
        statistics.RouteFacts += master.Statistics.RouteFacts;
        statistics.MasterComponents++;
        var (session, failure) = solver.Start(models: true, cores: true);
        if (session is null)
        {
            return (null, new RunOutcome.Undecided(failure!, "starting the solver"));
        }
        var component = new MasterComponent(nextComponent++, services, master, session);
        // A merged component fixes each earlier optimum as the sum of its parts' optima (each part is at its own).
        foreach (var objective in parts.Count == 0 ? [] : parts[0].FixedValues.Keys.Where(k => parts.All(p => p.FixedValues.ContainsKey(k))))
        {
            component.Fix(objective, parts.Sum(p => p.FixedValues[objective]));
        }
        return (component, null);
    }

    /// <summary>Merges the components that a new nogood joins; true when anything changed.</summary>
    private bool Regroup()
    {
        var changed = false;
        foreach (var nogood in learnt.Nogoods.Where(Applies))
        {
            changed |= Merge(nogood.Hosts.Select(h => h.Service));
        }
        return changed;
    }

    /// <summary>Joins the components holding any of the services into one; true when there were several.</summary>
    private bool Merge(IEnumerable<string> services)
    {
        var set = services.ToHashSet(StringComparer.Ordinal);
        var spanned = components.Where(c => c.Services.Any(set.Contains)).ToList();
        if (spanned.Count < 2)
        {
            return false;
        }
        var (merged, _) = Build(spanned.SelectMany(c => c.Services).ToImmutableSortedSet(StringComparer.Ordinal), spanned);
        if (merged is null)
        {
            return false;
        }
        foreach (var part in spanned)
        {
            components.Remove(part);
            part.Dispose();
        }
        components.Add(merged);
        components.Sort((a, b) => string.CompareOrdinal(a.Services.Min, b.Services.Min));
        return true;
    }

    /// <summary>
    /// The groups of services that break W2 or a dedication on some node when the components' placements are put
    /// together (each component keeps both among its own services).
    /// </summary>
    private List<ImmutableSortedSet<string>> Clashes(IReadOnlyDictionary<string, ImmutableArray<ComputeNode>> placement)
    {
        if (components.Count < 2)
        {
            return [];
        }
        var dedicated = Active.OfType<DedicateIntent>().SelectMany(d => d.Services).ToHashSet(StringComparer.Ordinal);
        var clashes = new List<ImmutableSortedSet<string>>();
        foreach (var group in placement.SelectMany(p => p.Value.Select(n => (Node: n, Service: program.Service(p.Key)))).GroupBy(p => p.Node.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var node = group.First().Node;
            var services = group.Select(p => p.Service).ToList();
            var overloaded = services.Sum(s => s.CpuMillis) > node.CpuMillis || services.Sum(s => s.MemoryBytes) > node.MemoryBytes;
            var shared = services.Any(s => dedicated.Contains(s.Name) && services.Any(t => t.Tenant != s.Tenant));
            if (overloaded || shared)
            {
                clashes.Add(services.Select(s => s.Name).ToImmutableSortedSet(StringComparer.Ordinal));
            }
        }
        return clashes;
    }

    /// <summary>The component that holds a service.</summary>
    public MasterComponent ComponentOf(string service) => components.First(c => c.Services.Contains(service));

    public void Dispose()
    {
        foreach (var component in components)
        {
            component.Dispose();
        }
    }
}

/// <summary>
/// Nogoods and capacity cuts learnt so far, shared by the runs of one verification (a nogood is guarded by the intents
/// it needs; a cut needs none).
/// </summary>
public sealed class NogoodStore
{
    private readonly List<Nogood> nogoods = new();
    private readonly List<LinkCut> cuts = new();

    public IReadOnlyList<Nogood> Nogoods => nogoods;

    public IReadOnlyList<LinkCut> Cuts => cuts;

    public void Add(Nogood nogood) => nogoods.Add(nogood);

    /// <summary>Adds a cut unless an equal one is known; true when it is new.</summary>
    public bool Add(LinkCut cut)
    {
        if (cuts.Any(c => c.Inward == cut.Inward && c.Devices.SequenceEqual(cut.Devices)))
        {
            return false;
        }
        cuts.Add(cut);
        return true;
    }
}
