using System.Collections.Immutable;
using System.Diagnostics;
using Privc.Checking;
using Privc.Planning;
using Privc.Semantics;
using Privc.Solving;
using Privc.SmtEncoding;
using Privc.Topology;

namespace Privc.Decomposition;

/// <summary>What one decomposed run concluded about its set of intents.</summary>
public abstract record RunOutcome
{
    /// <summary>A checked plan, the placement it came from and its routing.</summary>
    public sealed record Plan(Configuration Configuration, ImmutableDictionary<string, ImmutableArray<ComputeNode>> Placement, RoutingOutcome.Routed Routing) : RunOutcome;

    /// <summary>Some service has fewer candidate nodes than replicas: unsat without a solver.</summary>
    public sealed record TooFewCandidates(Service Service, int Candidates) : RunOutcome;

    /// <summary>The master with every nogood is unsat; the solver's core (guards and structural literals).</summary>
    public sealed record MasterUnsat(ImmutableArray<string> Core) : RunOutcome;

    public sealed record Undecided(CheckResult Result, string Stage) : RunOutcome;

    /// <summary>A plan the independent checker rejected: a privc bug, never emitted.</summary>
    public sealed record Rejected(string Problem, Configuration? Configuration) : RunOutcome;
}

/// <summary>
/// The decomposed solver on one set of active intents (specs/encoding.md section 14): static facts, the primal
/// heuristic, then the master/subproblem loop. It keeps its master session open so that bound queries (section 15)
/// reuse what it learnt. Nogoods are shared through <see cref="NogoodStore"/> with later runs on other intent sets,
/// where each applies only while the intents it depends on are active.
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
    private readonly NetworkIndex index;
    private readonly RouteSearch search;
    private readonly HashSet<Nogood> sent = new();
    private readonly List<string> cuts = new();
    private int sentCuts;
    private ISmtSession? session;
    private int boundLiterals;

    public DecomposedRun(BoundProgram program, TopologyModel topology, NetworkIndex index, IReadOnlySet<string>? activeIntents,
        SolverRunner solver, NogoodStore learnt, DecompositionStatistics statistics, Func<bool> outOfTime, Action<string> progress)
    {
        this.program = program;
        this.topology = topology;
        this.index = index;
        this.solver = solver;
        this.learnt = learnt;
        this.statistics = statistics;
        this.outOfTime = outOfTime;
        this.progress = progress;
        Active = program.Intents.Where(i => activeIntents is null || activeIntents.Contains(i.Name)).ToImmutableArray();
        var watch = Stopwatch.StartNew();
        Facts = new StaticFacts(program, topology, Active);
        search = new RouteSearch(index);
        Routes = new RouteFacts(program, Facts, index, search);
        Routing = new RoutingSubproblem(program, Routes, search, solver);
        statistics.StaticFactsMs += watch.Elapsed.TotalMilliseconds;
    }

    public ImmutableArray<Intent> Active { get; }

    public StaticFacts Facts { get; }

    public RouteFacts Routes { get; }

    public RoutingSubproblem Routing { get; }

    /// <summary>The master, built on first use.</summary>
    public MasterProblem? Master { get; private set; }

    public BoundProgram Program => program;

    /// <summary>A service whose candidates cannot hold its replicas, if any: a static conflict.</summary>
    public Service? Starved => program.Services.FirstOrDefault(s => Facts.Candidates[s.Name].Length < s.Replicas);

    /// <summary>The heuristic's plan, or null (which proves nothing).</summary>
    public RunOutcome? Heuristic()
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var placement = new PrimalHeuristic(program, Facts, Routes, Active).Place();
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
    /// The master/subproblem loop under extra assumptions (bound literals): a checked plan, master unsat, or no
    /// answer. Each conflict adds nogoods, which exclude the placement just tried, so the loop ends.
    /// </summary>
    public RunOutcome Loop(IReadOnlyList<string>? extra = null, Func<RunOutcome.Plan, RunOutcome?>? accept = null)
    {
        if (Starved is { } starved)
        {
            return new RunOutcome.TooFewCandidates(starved, Facts.Candidates[starved.Name].Length);
        }
        if (EnsureMaster() is { } failure)
        {
            return failure;
        }
        var assumptions = Master!.Assumptions.Concat(extra ?? []).ToList();
        while (true)
        {
            if (outOfTime())
            {
                return new RunOutcome.Undecided(new CheckResult(SolverOutcome.Timeout, "timeout"), "searching placements (decomposed solver)");
            }
            SendLearnt();
            statistics.MasterIterations++;
            progress($"master iteration {statistics.MasterIterations} ({statistics.Nogoods} nogood(s) so far)");
            var result = solver.Check(session!, assumptions);
            switch (result.Outcome)
            {
                case SolverOutcome.Sat:
                    var values = solver.Timed(() => session!.GetValues(Master.HostTerms));
                    if (values is null)
                    {
                        return new RunOutcome.Undecided(session!.Failure ?? new CheckResult(SolverOutcome.ProtocolError, "the solver gave no model"), "reading the master model");
                    }
                    var (placement, error) = Master.ReadPlacement(values);
                    if (placement is null)
                    {
                        return new RunOutcome.Rejected(error!, null);
                    }
                    var outcome = RouteAndCheck(placement);
                    if (outcome is RunOutcome.Plan plan && accept is not null)
                    {
                        outcome = accept(plan);
                    }
                    if (outcome is null)
                    {
                        continue;
                    }
                    return outcome;
                case SolverOutcome.Unsat:
                    return new RunOutcome.MasterUnsat(solver.Timed(() => session!.GetUnsatCore()) ?? []);
                default:
                    return new RunOutcome.Undecided(result, "searching placements (decomposed solver)");
            }
        }
    }

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
                }
                statistics.Nogoods = learnt.Nogoods.Count;
                return null;
            case RoutingOutcome.Undecided undecided:
                return new RunOutcome.Undecided(undecided.Result, undecided.Stage);
        }
        return Check(placement, (RoutingOutcome.Routed)routed);
    }

    /// <summary>The configuration of a placement and its routing, judged by the independent checker.</summary>
    public RunOutcome Check(ImmutableDictionary<string, ImmutableArray<ComputeNode>> placement, RoutingOutcome.Routed routed)
    {
        var routes = routed.Routes;
        var configuration = new Configuration(
            placement.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new Placement(p.Key, p.Value.Select(n => n.Name).Order(StringComparer.Ordinal).ToImmutableArray())).ToImmutableArray(),
            routes,
            program.Flows.Select(f => new AllowedFlow(f.Source, f.Target, f.Port)).Distinct().ToImmutableArray());
        var watch = Stopwatch.StartNew();
        // The plan answers for the active intents only (a core test runs on a subset).
        var report = ConfigurationChecker.Check(program with { Intents = Active }, topology, configuration);
        statistics.CheckMs += watch.Elapsed.TotalMilliseconds;
        if (!report.Compliant)
        {
            return new RunOutcome.Rejected("the independent checker rejected the decomposed solver's plan: " + string.Join("; ", report.Violations.Select(v => v.ToString())), configuration);
        }
        return new RunOutcome.Plan(configuration, placement, routed);
    }

    /// <summary>Builds the master and opens its session; a failure when the solver cannot start.</summary>
    public RunOutcome? EnsureMaster()
    {
        if (Master is not null)
        {
            return null;
        }
        var watch = Stopwatch.StartNew();
        Master = new MasterProblem(program, topology, Facts, Routes, Active);
        statistics.MasterEncodeMs += watch.Elapsed.TotalMilliseconds;
        statistics.MasterPlacements = Math.Max(statistics.MasterPlacements, Master.Statistics.Placements);
        statistics.MasterAssertions = Math.Max(statistics.MasterAssertions, Master.Statistics.Assertions);
        statistics.MasterBytes = Math.Max(statistics.MasterBytes, Master.Statistics.Bytes);
        statistics.RouteFacts = Math.Max(statistics.RouteFacts, Master.Statistics.RouteFacts);
        var (started, failure) = solver.Start(models: true, cores: true);
        if (started is null)
        {
            return new RunOutcome.Undecided(failure!, "starting the solver");
        }
        session = started;
        session.Send(Master.Script);
        return null;
    }

    /// <summary>Sends the nogoods and cuts learnt since the last check that apply to this run's intents.</summary>
    private void SendLearnt()
    {
        foreach (var nogood in learnt.Nogoods.Where(n => !sent.Contains(n) && Master!.Applies(n.Intents)))
        {
            session!.Send(Master!.Assertion(nogood));
            sent.Add(nogood);
        }
        for (; sentCuts < cuts.Count; sentCuts++)
        {
            session!.Send(cuts[sentCuts]);
        }
    }

    /// <summary>The nogoods and cuts that hold in this run, in the order learnt (for obligations).</summary>
    public string LearntAssertions()
    {
        var text = new System.Text.StringBuilder();
        foreach (var nogood in learnt.Nogoods.Where(n => Master!.Applies(n.Intents)))
        {
            text.Append(Master!.Assertion(nogood)).Append('\n');
        }
        foreach (var cut in cuts)
        {
            text.Append(cut).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// Adds an optimality cut (specs/encoding.md section 15): an assertion valid for the configurations whose earlier
    /// objectives are at their optima, which is all this run's remaining claims are about. Cuts stay in this run.
    /// </summary>
    public void AddCut(string assertion)
    {
        cuts.Add(assertion);
        statistics.OptimalityCuts++;
    }

    /// <summary>The nogoods that hold in this run (their proofs belong in the certificate).</summary>
    public IEnumerable<Nogood> ApplicableNogoods => learnt.Nogoods.Where(n => Master!.Applies(n.Intents));

    /// <summary>A fresh literal that, when assumed, asserts <paramref name="term"/> in the master session.</summary>
    public string BoundLiteral(string term)
    {
        var literal = Smt.Symbol("bound", boundLiterals++);
        session!.Send($"(declare-const {literal} Bool)\n(assert (=> {literal} {term}))");
        return literal;
    }

    /// <summary>One check of the master under its assumptions and <paramref name="extra"/> literals, without routing.</summary>
    public CheckResult CheckAssuming(IEnumerable<string> extra)
    {
        SendLearnt();
        return solver.Check(session!, Master!.Assumptions.Concat(extra).ToList());
    }

    /// <summary>Asserts a term in the master session for good (an earlier objective fixed at its optimum).</summary>
    public void Fix(string term) => session!.Send($"(assert {term})");

    public void Dispose() => session?.Dispose();
}

/// <summary>Nogoods learnt so far, shared by the runs of one verification (each is guarded by the intents it needs).</summary>
public sealed class NogoodStore
{
    private readonly List<Nogood> nogoods = new();

    public IReadOnlyList<Nogood> Nogoods => nogoods;

    public void Add(Nogood nogood) => nogoods.Add(nogood);
}
