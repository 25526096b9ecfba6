using System.Collections.Immutable;
using System.Globalization;
using Privc.Checking;
using Privc.Semantics;
using Privc.Verification.Explanation;
using Privc.Verification.Encoding;
using Privc.Verification.Solving;
using Privc.Topology;

namespace Privc.Verification;

/// <summary>How the verifier searches: the decomposed solver (the default) or the monolithic encoding (the reference).</summary>
public enum VerificationStrategy
{
    /// <summary>Placements first, routes as a checked subproblem (specs/encoding.md, Part II).</summary>
    Decomposed,

    /// <summary>One SMT problem for placements and routes together (specs/encoding.md, sections 1-9).</summary>
    Monolithic,
}

/// <summary>Limits for one verification: the solver's options and the wall-clock budget for the whole of it.</summary>
public sealed record VerifierOptions(SolverOptions Solver, TimeSpan Budget)
{
    public VerificationStrategy Strategy { get; init; } = VerificationStrategy.Decomposed;

    /// <summary>Where long solves report their stage and best bound (the CLI passes stderr); null for silence.</summary>
    public TextWriter? Progress { get; init; }

    /// <summary>
    /// How many single failures every route must survive (specs/semantics.md section 9): 0 or 1. Only the decomposed
    /// strategy encodes it; the CLI refuses it with the monolithic one.
    /// </summary>
    public int Resilience { get; init; }

    /// <summary>
    /// Whether the decomposed solver's core deletion tests may be decided by slices and their extensions
    /// (specs/encoding.md section 16.1). False solves every test on the whole program: the reference that the property
    /// suite compares the sliced shrinking with.
    /// </summary>
    public bool CoreSlices { get; init; } = true;
}

/// <summary>
/// Runs encode -> solve -> extract -> check -> optimise, or, when the intents conflict, shrinks the solver's core to
/// a minimal one. The solver is injected and untrusted: every plan is re-checked by <see cref="ConfigurationChecker"/>,
/// and every claim (satisfiable, optimal, unsatisfiable) is backed by an obligation in the certificate that any
/// SMT-LIB2 solver can replay.
/// </summary>
public sealed class Verifier
{
    private readonly BoundProgram program;
    private readonly TopologyModel topology;
    private readonly ISmtSolverFactory solvers;
    private readonly VerifierOptions options;
    private readonly Func<DateTime> clock;
    private readonly DateTime deadline;
    private readonly List<Obligation> obligations = new();
    private string solverName = string.Empty;

    public Verifier(BoundProgram program, TopologyModel topology, ISmtSolverFactory solvers, VerifierOptions options, Func<DateTime>? clock = null)
    {
        this.program = program;
        this.topology = topology;
        this.solvers = solvers;
        this.options = options;
        this.clock = clock ?? (() => DateTime.UtcNow);
        deadline = this.clock() + options.Budget;
    }

    /// <summary>
    /// The solver sessions <see cref="Verify"/> is expected to start first, in order and limits aside, for
    /// <see cref="ISmtSolverFactory.KeepWarm"/> (a prediction: a wrong one costs time, never an answer). The decomposed
    /// solver starts with its master (models and cores); a route objective also needs a routing problem (models). The
    /// monolithic encoding checks satisfiability (cores), then runs the optimiser.
    /// </summary>
    /// <remarks>Without a program (before the inputs are read), only the first session, which every program starts.</remarks>
    public static IReadOnlyList<SolverOptions> SessionKinds(BoundProgram? program, VerifierOptions options)
    {
        if (options.Strategy == VerificationStrategy.Decomposed || options.Resilience > 0)
        {
            var master = options.Solver with { ProduceModels = true, ProduceUnsatCores = true };
            return program is not null && program.Objectives.Any(o => Decomposition.MasterObjective.IsRouteMetric(o.Metric))
                ? [master, options.Solver with { ProduceModels = true, ProduceUnsatCores = false }]
                : [master];
        }
        return program is null || program.Objectives.IsEmpty
            ? [options.Solver with { ProduceUnsatCores = true }]
            : [options.Solver with { ProduceUnsatCores = true }, options.Solver with { ProduceUnsatCores = false }];
    }

    public VerificationResult Verify()
    {
        // Resilience is encoded by the decomposed solver only (specs/encoding.md section 19).
        if (options.Strategy == VerificationStrategy.Decomposed || options.Resilience > 0)
        {
            return new Decomposition.DecomposedSolver(program, topology, solvers, options, clock, deadline).Verify();
        }
        var problem = Encoder.Encode(program, topology);
        var start = solvers.Start(SessionOptions(unsatCores: true));
        if (start.Session is not { } session)
        {
            return Finish(new VerificationResult.Undecided(start.Failure!, "starting the solver"));
        }
        using (session)
        {
            solverName = session.SolverName;
            session.Send(problem.Script);
            var assumptions = problem.Guards.Values.ToList();
            var result = session.CheckSat(assumptions);
            var query = problem.Script + CheckSatAssuming(assumptions);
            switch (result.Outcome)
            {
                case SolverOutcome.Sat:
                    obligations.Add(new Obligation("satisfiable", "all intents together have a model (the plan is extracted from it)", query, "sat", "sat"));
                    return Finish(Optimise(session, problem, assumptions));
                case SolverOutcome.Unsat:
                    var core = session.GetUnsatCore();
                    return Finish(Explain(problem, core));
                default:
                    return Finish(new VerificationResult.Undecided(result, "deciding whether the intents can hold together"));
            }
        }
    }

    private VerificationResult Finish(VerificationResult result) =>
        result with { Obligations = obligations.ToImmutableArray(), SolverName = solverName };

    private SolverOptions SessionOptions(bool unsatCores) => options.Solver with
    {
        ProduceUnsatCores = unsatCores,
        Timeout = Remaining(options.Solver.Timeout),
    };

    private TimeSpan Remaining(TimeSpan cap)
    {
        var left = deadline - clock();
        if (left < TimeSpan.FromMilliseconds(100))
        {
            left = TimeSpan.FromMilliseconds(100);
        }
        return left < cap ? left : cap;
    }

    /// <summary>An objective's value as people read it: cost in currency units, not the encoding's scaled integer.</summary>
    private static string Exact(ObjectiveTerm objective, long value) =>
        ((decimal)value / objective.Scale).ToString("0.############", CultureInfo.InvariantCulture);

    private static string CheckSatAssuming(IReadOnlyList<string> assumptions) =>
        assumptions.Count == 0 ? "(check-sat)\n" : $"(check-sat-assuming ({string.Join(' ', assumptions)}))\n";

    // ---- satisfiable: extract, check, optimise ----

    private (Configuration? Plan, long[] Values, VerificationResult? Failure) ReadPlan(ISmtSession session, EncodedProblem problem)
    {
        var objectiveTerms = problem.Objectives.Select(o => o.Term).ToList();
        var values = session.GetValues(problem.ModelTerms.Concat(objectiveTerms).Distinct(StringComparer.Ordinal).ToList());
        if (values is null)
        {
            return (null, [], new VerificationResult.Undecided(session.Failure ?? new CheckResult(SolverOutcome.ProtocolError, "the solver gave no model"), "reading the model"));
        }
        var objectiveValues = new long[objectiveTerms.Count];
        for (var k = 0; k < objectiveTerms.Count; k++)
        {
            if (!values.TryGetValue(objectiveTerms[k], out var text) || PlanExtractor.ParseInt(text) is not { } value)
            {
                return (null, [], new VerificationResult.Rejected($"the model gives no value for objective '{problem.Objectives[k].Objective.Name}'", null));
            }
            objectiveValues[k] = value;
        }
        var (plan, error) = PlanExtractor.Extract(program, problem, values);
        if (plan is null)
        {
            return (null, [], new VerificationResult.Rejected(error!, null));
        }
        var report = ConfigurationChecker.Check(program, topology, plan);
        if (!report.Compliant)
        {
            return (null, [], new VerificationResult.Rejected(
                "the independent checker rejected the solver's plan: " + string.Join("; ", report.Violations.Select(v => v.ToString())), plan));
        }
        return (plan, objectiveValues, null);
    }

    /// <summary>
    /// Lexicographic optimisation. First Z3's optimiser (<c>minimize</c>, lexicographic in declaration order) gets
    /// most of the remaining budget in a fresh session; its plan is extracted and checked like any other, and each
    /// optimum is then proven by a plain unsat query "objective k &lt; v" with the earlier objectives fixed, which goes
    /// into the certificate. Z3's optimiser gives no model when it times out, so if it does, bisection on each
    /// objective continues from the plan already found in the original session, keeping a checked incumbent: when
    /// the budget runs out the best plan so far is returned, marked not proven optimal.
    /// </summary>
    private VerificationResult Optimise(ISmtSession session, EncodedProblem problem, List<string> assumptions)
    {
        var (plan, best, failure) = ReadPlan(session, problem);
        if (failure is not null)
        {
            return failure;
        }
        if (problem.Objectives.IsEmpty)
        {
            return new VerificationResult.Proven(plan!, [], "compliant");
        }
        var optimised = RunOptimiser(problem, assumptions);
        if (optimised is { Failure: { } rejected })
        {
            return rejected;
        }
        if (optimised is { Plan: { } optimalPlan, Values: { } values })
        {
            var mark = obligations.Count;
            var results = ImmutableArray.CreateBuilder<ObjectiveResult>();
            var fixes = new List<string>();
            var provenSoFar = true;
            var trustsOptimiser = false;
            for (var k = 0; k < problem.Objectives.Length; k++)
            {
                var objective = problem.Objectives[k];
                // Each optimum is proven by a plain unsat bound "objective < value" with the earlier optima fixed:
                // an obligation any SMT-LIB2 solver (cvc5 too) can replay. Objectives are non-negative, so 0 needs
                // none. z3's optimiser is trusted for the first objective only when its bound cannot be decided
                // quickly (plain bound queries can be much harder than z3's own optimisation); a later objective's
                // optimum must be proven by its bound, because z3 4.8.12 is wrong there in lexicographic mode (see
                // below). Unproven, the plan stands, marked not proven optimal (PRIV4004).
                var cap = k == 0 ? TimeSpan.FromSeconds(5) : options.Solver.Timeout;
                var bound = values[k] > 0 ? ProveBound(problem, assumptions, fixes, objective, values[k], cap) : SolverOutcome.Unsat;
                if (bound == SolverOutcome.Sat)
                {
                    // A plan below the optimiser's value exists: the optimiser was wrong (z3 4.8.12 does this in
                    // lexicographic mode when an earlier objective is constant over all plans). Drop its claim and
                    // bisect from its (checked) plan instead, which proves each optimum by an unsat bound.
                    obligations.RemoveRange(mark, obligations.Count - mark);
                    return Bisect(session, problem, assumptions, optimalPlan, values);
                }
                var proven = bound == SolverOutcome.Unsat || k == 0;
                trustsOptimiser |= bound != SolverOutcome.Unsat && k == 0;
                provenSoFar &= proven;
                results.Add(new ObjectiveResult(objective.Objective, values[k], Proven: provenSoFar, objective.Scale));
                fixes.Add($"(= {objective.Term} {Smt.Int(values[k])})");
            }
            if (trustsOptimiser)
            {
                // The first optimum rests on z3's optimiser: its query goes into the certificate (only z3 replays it).
                var objectiveLines = string.Concat(problem.Objectives.Select(o => $"(minimize {o.Term})\n"));
                obligations.Insert(mark, new Obligation("optimal",
                    $"z3's optimiser finds the lexicographic optimum ({string.Join(", ", problem.Objectives.Select((o, k) => $"{o.Objective.Name} = {Exact(o, values[k])}"))}) of the plans satisfying the intents",
                    problem.Script + string.Concat(assumptions.Select(a => $"(assert {a})\n")) + objectiveLines + "(check-sat)\n(get-objectives)\n", "sat", "sat"));
            }
            return new VerificationResult.Proven(optimalPlan, results.ToImmutable(), "compliant");
        }
        return Bisect(session, problem, assumptions, plan!, best);
    }

    private sealed record OptimiserOutcome(Configuration? Plan, long[]? Values, VerificationResult? Failure);

    private OptimiserOutcome? RunOptimiser(EncodedProblem problem, List<string> assumptions)
    {
        var budget = TimeSpan.FromTicks((long)(Remaining(options.Solver.Timeout).Ticks * 0.7));
        var start = solvers.Start(options.Solver with { Timeout = budget, ProduceUnsatCores = false });
        if (start.Session is not { } optimiser)
        {
            return null;
        }
        using (optimiser)
        {
            optimiser.Send(problem.Script + string.Concat(assumptions.Select(a => $"(assert {a})\n")));
            optimiser.Send(string.Concat(problem.Objectives.Select(o => $"(minimize {o.Term})\n")));
            if (optimiser.CheckSat().Outcome != SolverOutcome.Sat)
            {
                return null;
            }
            var (plan, values, failure) = ReadPlan(optimiser, problem);
            return failure is VerificationResult.Rejected ? new OptimiserOutcome(null, null, failure) : plan is null ? null : new OptimiserOutcome(plan, values, null);
        }
    }

    /// <summary>
    /// Tries to prove that no compliant plan has the objective below the value (earlier objectives fixed): unsat adds
    /// the obligation, sat refutes the claimed optimum, anything else (or no solver) proves nothing (null).
    /// </summary>
    private SolverOutcome? ProveBound(EncodedProblem problem, List<string> assumptions, List<string> fixes, ObjectiveTerm objective, long value, TimeSpan cap)
    {
        var script = problem.Script + string.Concat(assumptions.Select(a => $"(assert {a})\n")) + string.Concat(fixes.Select(f => $"(assert {f})\n"))
            + $"(assert (< {objective.Term} {Smt.Int(value)}))\n";
        var start = solvers.Start(options.Solver with { Timeout = Remaining(cap), WallClock = null, ProduceUnsatCores = false, ProduceModels = false });
        if (start.Session is not { } session)
        {
            return null;
        }
        using (session)
        {
            session.Send(script);
            var outcome = session.CheckSat().Outcome;
            if (outcome != SolverOutcome.Unsat)
            {
                return outcome == SolverOutcome.Sat ? SolverOutcome.Sat : null;
            }
        }
        obligations.Add(new Obligation($"bound-{objective.Objective.Name}",
            $"no plan satisfying the intents{(fixes.Count > 0 ? " and the earlier objectives' optima" : string.Empty)} has {objective.Objective.Name} below {Exact(objective, value)}",
            script + "(check-sat)\n", "unsat", "unsat"));
        return SolverOutcome.Unsat;
    }

    private VerificationResult Bisect(ISmtSession session, EncodedProblem problem, List<string> assumptions, Configuration? plan, long[] best)
    {
        foreach (var guard in assumptions)
        {
            session.Send($"(assert {guard})");
        }
        var fixedSoFar = new List<string>();
        var results = ImmutableArray.CreateBuilder<ObjectiveResult>();
        var searching = true;
        for (var k = 0; k < problem.Objectives.Length; k++)
        {
            var objective = problem.Objectives[k];
            long low = 0;
            var proven = false;
            while (searching)
            {
                if (best[k] <= low)
                {
                    proven = true;
                    break;
                }
                if (clock() >= deadline)
                {
                    searching = false;
                    break;
                }
                var mid = low + ((best[k] - low - 1) / 2);
                session.Send("(push 1)");
                session.Send($"(set-option :timeout {(long)Remaining(options.Solver.Timeout).TotalMilliseconds})");
                session.Send($"(assert (<= {objective.Term} {Smt.Int(mid)}))");
                var check = session.CheckSat();
                if (check.Outcome == SolverOutcome.Sat)
                {
                    var (better, values, rejected) = ReadPlan(session, problem);
                    session.Send("(pop 1)");
                    if (rejected is not null)
                    {
                        return rejected;
                    }
                    plan = better;
                    best = values;
                }
                else if (check.Outcome == SolverOutcome.Unsat)
                {
                    session.Send("(pop 1)");
                    low = mid + 1;
                    if (low == best[k])
                    {
                        var script = problem.Script + string.Concat(assumptions.Select(a => $"(assert {a})\n")) + string.Concat(fixedSoFar.Select(f => $"(assert {f})\n"))
                            + $"(assert (< {objective.Term} {Smt.Int(best[k])}))\n(check-sat)\n";
                        obligations.Add(new Obligation($"optimal-{objective.Objective.Name}",
                            $"no plan satisfying the intents{(fixedSoFar.Count > 0 ? " and the earlier objectives' optima" : string.Empty)} has {objective.Objective.Name} below {Exact(objective, best[k])}",
                            script, "unsat", "unsat"));
                    }
                }
                else
                {
                    // Out of time or undecided: keep the best plan found, unproven.
                    searching = false;
                }
                if (session.Failure is not null)
                {
                    searching = false;
                }
                else if (!searching)
                {
                    session.Send("(pop 1)");
                }
            }
            results.Add(new ObjectiveResult(objective.Objective, best[k], proven, objective.Scale));
            var fix = $"(= {objective.Term} {Smt.Int(best[k])})";
            fixedSoFar.Add(fix);
            if (searching)
            {
                session.Send($"(assert {fix})");
            }
        }
        return new VerificationResult.Proven(plan!, results.ToImmutable(), "compliant");
    }

    // ---- unsatisfiable: minimal core ----

    /// <summary>
    /// Starts from the solver's core plus the intents that acted by pruning (their constraints never reached the
    /// solver as named assertions), confirms it is unsatisfiable, then deletes intents one at a time while the rest
    /// stays unsatisfiable. Each remaining intent was shown necessary by a satisfiable check, so the core is minimal
    /// unless some check could not be decided.
    /// </summary>
    private VerificationResult Explain(EncodedProblem problem, ImmutableArray<string>? solverCore)
    {
        var order = program.Intents.Select((intent, index) => (intent.Name, index)).ToDictionary(p => p.Name, p => p.index, StringComparer.Ordinal);
        var fromSolver = (solverCore ?? []).Select(problem.IntentOfGuard).OfType<string>();
        var core = fromSolver.Concat(problem.PruningIntents).Distinct(StringComparer.Ordinal).OrderBy(n => order[n]).ToList();
        var minimal = true;

        var (initial, initialScript) = CheckSubset(core);
        if (initial.Outcome != SolverOutcome.Unsat)
        {
            // The whole set is known to be unsatisfiable (that is how we got here): start from it instead.
            core = program.Intents.Select(i => i.Name).ToList();
            initialScript = Encoder.Encode(program, topology, new EncodingOptions { GuardIntents = false }).Script + "(check-sat)\n";
            minimal = initial.Outcome == SolverOutcome.Sat;
        }
        var confirmedScript = initialScript;
        foreach (var candidate in core.ToList())
        {
            var without = core.Where(n => n != candidate).ToList();
            var (check, script) = CheckSubset(without);
            if (check.Outcome == SolverOutcome.Unsat)
            {
                core = without;
                confirmedScript = script;
            }
            else if (check.Outcome != SolverOutcome.Sat)
            {
                minimal = false;
            }
        }
        obligations.Add(new Obligation("unsatisfiable",
            core.Count == 0 ? "the declarations alone (replicas, capacities, routes) cannot be met" : $"the intents {string.Join(", ", core)} cannot hold together",
            confirmedScript, "unsat", "unsat"));
        var intents = core.Select(n => program.Intents.First(i => i.Name == n)).ToImmutableArray();
        return new VerificationResult.Unsatisfiable(intents, minimal, ConflictReasons.Explain(program, topology, intents));
    }

    private (CheckResult Result, string Script) CheckSubset(IReadOnlyCollection<string> intents)
    {
        var problem = Encoder.Encode(program, topology, new EncodingOptions { ActiveIntents = intents.ToHashSet(StringComparer.Ordinal), GuardIntents = false });
        var script = problem.Script + "(check-sat)\n";
        var start = solvers.Start(SessionOptions(unsatCores: false) with { ProduceModels = false });
        if (start.Session is not { } session)
        {
            return (start.Failure!, script);
        }
        using (session)
        {
            session.Send(problem.Script);
            return (session.CheckSat(), script);
        }
    }
}
