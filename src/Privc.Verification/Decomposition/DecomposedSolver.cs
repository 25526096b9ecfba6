using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Privc.Verification;
using Privc.Checking;
using Privc.Semantics;
using Privc.Verification.Solving;
using Privc.Verification.Encoding;
using Privc.Topology;

namespace Privc.Verification.Decomposition;

/// <summary>
/// The decomposed solver (specs/encoding.md, Part II): answers C |=_lambda I like the monolithic verifier, with the
/// same result type and the same guarantees, but solves placements in a master problem and routes in a subproblem.
/// Every plan is re-checked by the independent checker; "unsatisfiable" and "optimal" are claimed only with
/// obligations in the certificate (master problems answered unsat, with the nogoods' own proofs and the route facts).
/// </summary>
public sealed partial class DecomposedSolver
{
    private readonly BoundProgram program;
    private readonly TopologyModel topology;
    private readonly VerifierOptions options;
    private readonly Func<DateTime> clock;
    private readonly DateTime deadline;
    private readonly DateTime started;
    private readonly SolverRunner solver;
    private readonly NogoodStore learnt = new();
    private readonly DecompositionStatistics statistics = new();
    private readonly NetworkIndex index;
    private readonly long costScale;
    private readonly List<Obligation> obligations = new();
    private readonly Stopwatch total = Stopwatch.StartNew();
    private string? bestBound;
    private ReferenceRoutes? references;
    private DateTime lastReport = DateTime.MinValue;

    public DecomposedSolver(BoundProgram program, TopologyModel topology, ISmtSolverFactory solvers, VerifierOptions options, Func<DateTime> clock, DateTime deadline)
    {
        this.program = program;
        this.topology = topology;
        this.options = options;
        this.clock = clock;
        this.deadline = deadline;
        started = clock();
        solver = new SolverRunner(solvers, options.Solver, Remaining);
        index = new NetworkIndex(topology);
        costScale = Encoder.CostScaleOf(topology);
    }

    public VerificationResult Verify()
    {
        Report("static facts");
        using var run = NewRun(program, null);
        RunOutcome outcome;
        if (run.Starved is { } starved)
        {
            outcome = new RunOutcome.TooFewCandidates(starved, run.Facts.Candidates[starved.Name].Length);
        }
        else
        {
            Report("primal heuristic");
            // Where flows reserve bandwidth and the plain greedy found no plan, a second greedy keeps flow partners
            // together and spreads load over devices (section 14.1).
            var heuristic = run.Heuristic() ?? (program.Flows.Any(f => f.BandwidthBps > 0) ? run.Heuristic(affinity: true) : null);
            statistics.HeuristicPlan = heuristic is not null;
            outcome = heuristic ?? run.Loop();
        }
        var result = outcome switch
        {
            RunOutcome.Plan plan => Prove(run, plan),
            RunOutcome.TooFewCandidates or RunOutcome.MasterUnsat => ExplainConflict(run, outcome),
            RunOutcome.Undecided undecided => new VerificationResult.Undecided(undecided.Result, undecided.Stage),
            RunOutcome.Rejected rejected => new VerificationResult.Rejected(rejected.Problem, rejected.Configuration),
            _ => throw new InvalidOperationException($"privc bug: unhandled run outcome {outcome.GetType().Name}"),
        };
        statistics.SolverMs = solver.SolverTime.TotalMilliseconds;
        statistics.SolverCalls = solver.Calls;
        return result with { Obligations = obligations.ToImmutableArray(), SolverName = solver.SolverName, Decomposition = statistics };
    }

    private DecomposedRun NewRun(BoundProgram target, IReadOnlySet<string>? active) =>
        new(target, topology, index, active, solver, learnt, statistics, OutOfTime, Report, options.Resilience);

    private bool OutOfTime() => clock() >= deadline;

    private TimeSpan Remaining(TimeSpan cap)
    {
        var left = deadline - clock();
        if (left < TimeSpan.FromMilliseconds(100))
        {
            left = TimeSpan.FromMilliseconds(100);
        }
        return left < cap ? left : cap;
    }

    /// <summary>
    /// Progress on the injected writer, only once a solve has run for a second (short runs stay silent) and at most
    /// one line a second (a bisection or a core shrink takes many quick steps).
    /// </summary>
    private void Report(string stage)
    {
        var now = clock();
        if (options.Progress is not { } writer || now - started < TimeSpan.FromSeconds(1) || now - lastReport < TimeSpan.FromSeconds(1))
        {
            return;
        }
        lastReport = now;
        var elapsed = (now - started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        writer.WriteLine($"privc: {elapsed}s: {stage}{(bestBound is null ? string.Empty : "; " + bestBound)}");
    }

    // ---- satisfiable: certificate and optimisation ----

    private VerificationResult Prove(DecomposedRun run, RunOutcome.Plan plan)
    {
        Report("building the master");
        if (run.EnsureMaster() is RunOutcome.Undecided failure)
        {
            return new VerificationResult.Undecided(failure.Result, failure.Stage);
        }
        foreach (var component in run.Components)
        {
            var literals = component.Master.PlacementLiterals(plan.Placement.Where(p => component.Services.Contains(p.Key)).ToImmutableDictionary()).ToList();
            Report($"confirming the plan's placement{Services(run, component)}");
            component.SendLearnt(learnt);
            var check = solver.Check(component.Session, component.Master.Assumptions.Concat(literals).ToList());
            if (check.Outcome != SolverOutcome.Sat)
            {
                return check.Outcome == SolverOutcome.Unsat
                    ? new VerificationResult.Rejected("privc bug: the master refutes a placement the independent checker accepted", plan.Configuration)
                    : new VerificationResult.Undecided(check, "confirming the plan's placement against the master");
            }
            obligations.Add(new Obligation("satisfiable" + Part(run, component),
                $"the plan's placement{Services(run, component)} satisfies every placement condition, route fact and nogood of the master (the routes were checked by the independent checker)",
                component.Obligation(learnt, literals), "sat", "sat"));
        }
        var watch = Stopwatch.StartNew();
        var (final, objectives, problem) = Optimise(run, plan);
        statistics.OptimiseMs += watch.Elapsed.TotalMilliseconds;
        if (problem is not null)
        {
            return problem;
        }
        AddNogoodObligations(run.Components.SelectMany(c => c.ApplicableNogoods(learnt)).Distinct());
        return new VerificationResult.Proven(final.Configuration, objectives, "compliant") { RouteFacts = FactsDocument(run), Resilience = options.Resilience };
    }

    /// <summary>The suffix that tells a component's obligations apart, when there is more than one component.</summary>
    private static string Part(DecomposedRun run, MasterComponent component) =>
        run.Components.Count == 1 ? string.Empty : $"-part-{(run.Components.ToList().IndexOf(component) + 1).ToString(CultureInfo.InvariantCulture)}";

    private static string Services(DecomposedRun run, MasterComponent component) =>
        run.Components.Count == 1 ? string.Empty
        : component.Services.Count <= 4 ? $" for {string.Join(", ", component.Services)}"
        : $" for {string.Join(", ", component.Services.Take(3))} and {(component.Services.Count - 3).ToString(CultureInfo.InvariantCulture)} more";

    /// <summary>The proofs of the nogoods the certificate's master obligations assert, once each, before the bounds.</summary>
    private void AddNogoodObligations(IEnumerable<Nogood> nogoods)
    {
        var number = 1;
        var insert = obligations.FindIndex(o => !o.Name.StartsWith("satisfiable", StringComparison.Ordinal));
        var proofs = nogoods.Select(n => new Obligation($"nogood-{number++}", n.Purpose, n.Proof, "unsat", "unsat")).ToList();
        obligations.InsertRange(insert < 0 ? obligations.Count : insert, proofs);
    }

    /// <summary>
    /// The plan's route facts, and for a replan the keepability of every reference route (the constants of the
    /// disruption bounds, specs/encoding.md section 15.1), so that certify re-derives both.
    /// </summary>
    private string? FactsDocument(DecomposedRun run) => FactsDocument(run, run.Components, ReferenceRoutes.Of(program, run.Routes));

    private string? FactsDocument(DecomposedRun run, IEnumerable<MasterComponent> components, ReferenceRoutes? references = null)
    {
        var parts = components.ToList();
        var facts = parts.SelectMany(c => c.Master.RecordedFacts).ToList();
        var cuts = parts.SelectMany(c => c.ApplicableCuts(learnt)).Distinct().ToList();
        var pairs = parts.SelectMany(c => c.Master.RecordedPairBounds).ToList();
        return facts.Count == 0 && cuts.Count == 0 && pairs.Count == 0 && (references is null || references.Routes.IsEmpty) ? null : RouteFactsDocument.Write(index, run.Routes, facts, cuts, references, pairs);
    }
}
