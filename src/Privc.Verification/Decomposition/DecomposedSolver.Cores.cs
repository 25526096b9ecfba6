using System.Collections.Immutable;
using System.Diagnostics;
using Privc.Verification;
using Privc.Semantics;
using Privc.Verification.Encoding;
using Privc.Verification.Explanation;
using Privc.Verification.Solving;

namespace Privc.Verification.Decomposition;

public sealed partial class DecomposedSolver
{
    private enum Verdict
    {
        Sat,
        Unsat,
        Undecided,
    }

    /// <summary>
    /// A minimal core across the levels (specs/encoding.md section 16): a static conflict is shrunk without a solver;
    /// a master conflict starts from the solver's core plus the pruning intents of the services it involves. Either
    /// set is confirmed unsat, then every intent is tested by a decomposed solve of the rest (a slice first, which can
    /// only prove unsat; the whole program when the slice is satisfiable). The final core's obligation is the master of
    /// its slice (or of the whole program) with the nogoods that hold under it.
    /// </summary>
    private VerificationResult ExplainConflict(DecomposedRun run, RunOutcome conflict)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var order = program.Intents.Select((intent, position) => (intent.Name, position)).ToDictionary(p => p.Name, p => p.position, StringComparer.Ordinal);
            var all = program.Intents.Where(i => i is not DeclassifyIntent).Select(i => i.Name).ToList();
            List<string> core;
            Service? starved = null;
            if (conflict is RunOutcome.TooFewCandidates few)
            {
                starved = few.Service;
                core = StaticCore(few.Service);
            }
            else
            {
                var unsat = (RunOutcome.MasterUnsat)conflict;
                core = MasterCore(unsat.Component.Master, unsat.Core);
            }
            core = core.Distinct(StringComparer.Ordinal).OrderBy(n => order[n]).ToList();
            var minimal = true;
            if (core.Count < all.Count)
            {
                Report($"confirming a conflict of {core.Count} intent(s)");
                var confirmed = Test(core);
                if (confirmed != Verdict.Unsat)
                {
                    core = all;
                    minimal = confirmed == Verdict.Sat;
                }
            }
            foreach (var candidate in core.ToList())
            {
                if (OutOfTime())
                {
                    minimal = false;
                    break;
                }
                Report($"shrinking the conflict: {core.Count} intent(s), testing {candidate}");
                var verdict = Test(core.Where(n => n != candidate).ToList(), all.Where(n => n != candidate).ToList());
                if (verdict == Verdict.Unsat)
                {
                    core.Remove(candidate);
                }
                else if (verdict == Verdict.Undecided)
                {
                    minimal = false;
                }
            }
            var (script, answer) = CoreObligation(core, starved);
            if (answer.Outcome != SolverOutcome.Unsat)
            {
                return answer.Outcome == SolverOutcome.Sat
                    ? new VerificationResult.Rejected("privc bug: the minimal core's obligation is satisfiable", null)
                    : new VerificationResult.Undecided(answer, "confirming the minimal core");
            }
            obligations.Add(new Obligation("unsatisfiable",
                core.Count == 0 ? "the declarations alone (replicas, capacities, routes) cannot be met" : $"the intents {string.Join(", ", core)} cannot hold together (their slice of the master with its nogoods; specs/encoding.md section 16)",
                script.Script, "unsat", "unsat"));
            var number = 1;
            obligations.InsertRange(0, script.Nogoods.Select(n => new Obligation($"nogood-{number++}", n.Purpose, n.Proof, "unsat", "unsat")));
            var intents = core.Select(n => program.Intents.First(i => i.Name == n)).ToImmutableArray();
            var unprotected = script.Backups.GroupBy(f => f.Flow, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new UnprotectedFlow(g.Key, g.First().From[0], g.First().To[0], Describe(g.First()), g.Count() - 1, program.Flows.First(f => f.Name == g.Key).Location)).ToImmutableArray();
            return new VerificationResult.Unsatisfiable(intents, minimal, ConflictReasons.Explain(program, topology, intents)) { RouteFacts = script.Facts, Unprotected = unprotected };
        }
        finally
        {
            statistics.CoreMs += watch.Elapsed.TotalMilliseconds;
        }
    }

    /// <summary>
    /// The intents that leave <paramref name="service"/> fewer candidates than replicas, shrunk by deletion on the
    /// candidate count alone (computed on the service and its relation partners, which is all pruning looks at).
    /// </summary>
    private List<string> StaticCore(Service service)
    {
        var partners = program.Intents.Where(i => i is SeparateIntent or ColocateIntent && ProgramSlice.ServicesOf(program, i).Contains(service.Name))
            .SelectMany(i => ProgramSlice.ServicesOf(program, i)).Append(service.Name).ToHashSet(StringComparer.Ordinal);
        var slice = ProgramSlice.Restrict(program, partners);
        int Count(IEnumerable<string> intents)
        {
            var active = intents.ToHashSet(StringComparer.Ordinal);
            return new StaticFacts(slice, topology, slice.Intents.Where(i => active.Contains(i.Name)).ToImmutableArray()).Candidates[service.Name].Length;
        }
        var structural = Count([]);
        var core = slice.Intents.Where(i => i is not DeclassifyIntent).Select(i => i.Name).Where(n => Count([n]) < structural).ToList();
        foreach (var candidate in core.ToList())
        {
            if (Count(core.Where(n => n != candidate)) < service.Replicas)
            {
                core.Remove(candidate);
            }
        }
        return core;
    }

    /// <summary>
    /// The solver's core (guards, and structural literals naming services) plus the intents that pruned candidates
    /// of the services involved: pruning acts without an assertion, so the solver cannot name it.
    /// </summary>
    private List<string> MasterCore(MasterProblem master, ImmutableArray<string> solverCore)
    {
        var intents = solverCore.Select(master.IntentOfGuard).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var services = solverCore.SelectMany(l => master.ServicesOfStructural(l)).ToHashSet(StringComparer.Ordinal);
        foreach (var name in intents.ToList())
        {
            services.UnionWith(ProgramSlice.ServicesOf(program, program.Intents.First(i => i.Name == name)));
        }
        foreach (var intent in program.Intents.Where(i => i is not DeclassifyIntent && !intents.Contains(i.Name)))
        {
            if (PrunesCandidates(intent) && ProgramSlice.ServicesOf(program, intent).Any(services.Contains))
            {
                intents.Add(intent.Name);
            }
        }
        return intents.ToList();
    }

    /// <summary>Intents whose node conditions act by pruning candidates (specs/encoding.md section 1).</summary>
    private static bool PrunesCandidates(Intent intent) => intent is PlacementIntent or KeepIntent or SeparateIntent or ColocateIntent;

    /// <summary>
    /// Decides the intents alone (specs/encoding.md section 16, step 3): the slice of the program they speak about
    /// first, whose unsat is a proof (a slice is a relaxation); when the slice has a checked plan, that plan extended to
    /// the whole program, whose checked plan is a proof of sat; then a superset of the intents on the whole program;
    /// then the whole program under the intents alone, which decides exactly. Sat only with a checked plan.
    /// </summary>
    /// <remarks>
    /// <paramref name="wider"/>, a superset of the intents, is tried on the whole program when the extension fails: a
    /// plan that meets every intent of a set meets every intent of its subsets (a configuration satisfies a set of
    /// intents when it satisfies each), so its Sat is a proof of theirs. Any other answer falls through. Both fast
    /// paths matter at scale: under a core's few intents every other service may go anywhere, and the whole program's
    /// master is services times nodes (about a million variables for the 1,000-device benchmark).
    /// </remarks>
    private Verdict Test(IReadOnlyCollection<string> intents, IReadOnlyCollection<string>? wider = null)
    {
        statistics.CoreChecks++;
        var active = intents.ToHashSet(StringComparer.Ordinal);
        var services = program.Intents.Where(i => active.Contains(i.Name)).SelectMany(i => ProgramSlice.ServicesOf(program, i)).ToHashSet(StringComparer.Ordinal);
        RunOutcome.Plan? slicePlan = null;
        if (!options.CoreSlices)
        {
            statistics.CoreWholeSolves++;
            if (OutOfTime())
            {
                return Verdict.Undecided;
            }
            using var reference = NewRun(program, active);
            return Solve(reference);
        }
        if (services.Count < program.Services.Length)
        {
            if (OutOfTime())
            {
                return Verdict.Undecided;
            }
            using var slice = NewRun(ProgramSlice.Restrict(program, services), active);
            var outcome = Outcome(slice);
            if (Judge(outcome) == Verdict.Unsat)
            {
                statistics.CoreSliceVerdicts++;
                return Verdict.Unsat;
            }
            slicePlan = outcome as RunOutcome.Plan;
        }
        DecomposedRun? whole = null;
        try
        {
            if (slicePlan is not null && !OutOfTime())
            {
                whole = NewRun(program, active);
                if (whole.Extend(slicePlan.Placement) is not null)
                {
                    statistics.CoreSliceVerdicts++;
                    return Verdict.Sat;
                }
            }
            if (wider is not null && !active.SetEquals(wider) && active.IsSubsetOf(wider) && !OutOfTime())
            {
                using var widened = NewRun(program, wider.ToHashSet(StringComparer.Ordinal));
                if (Solve(widened) == Verdict.Sat)
                {
                    return Verdict.Sat;
                }
            }
            statistics.CoreWholeSolves++;
            if (OutOfTime())
            {
                return Verdict.Undecided;
            }
            whole ??= NewRun(program, active);
            return Solve(whole);
        }
        finally
        {
            whole?.Dispose();
        }
    }

    private static RunOutcome Outcome(DecomposedRun run) =>
        run.Starved is { } starved ? new RunOutcome.TooFewCandidates(starved, run.Facts.Candidates[starved.Name].Length) : run.Heuristic() ?? run.Loop();

    private static Verdict Judge(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Plan => Verdict.Sat,
        RunOutcome.TooFewCandidates or RunOutcome.MasterUnsat => Verdict.Unsat,
        _ => Verdict.Undecided,
    };

    private static Verdict Solve(DecomposedRun run) => Judge(Outcome(run));

    private sealed record CoreScript(string Script, ImmutableArray<Nogood> Nogoods, string? Facts)
    {
        public ImmutableArray<RouteFactRecord> Backups { get; init; } = [];
    }

    /// <summary>
    /// The obligation behind a core: the master of the core's slice (plus the starved service, for a static
    /// conflict) with every nogood that holds under it, or of the whole program when the slice is satisfiable.
    /// </summary>
    private (CoreScript Script, CheckResult Answer) CoreObligation(List<string> core, Service? starved)
    {
        var active = core.ToHashSet(StringComparer.Ordinal);
        var services = program.Intents.Where(i => active.Contains(i.Name)).SelectMany(i => ProgramSlice.ServicesOf(program, i)).ToHashSet(StringComparer.Ordinal);
        if (starved is not null)
        {
            services.Add(starved.Name);
        }
        (CoreScript, CheckResult) Attempt(Semantics.BoundProgram target)
        {
            using var run = NewRun(target, active);
            if (run.EnsureMaster() is RunOutcome.Undecided failure)
            {
                return (new CoreScript(string.Empty, [], null), failure.Result);
            }
            // The master is unsat exactly when one of its components is: that component's script is the obligation.
            var last = new CheckResult(SolverOutcome.Sat);
            foreach (var component in run.Components)
            {
                var script = component.Obligation(learnt, []);
                last = solver.CheckScript(script);
                if (last.Outcome == SolverOutcome.Unsat)
                {
                    return (new CoreScript(script, component.ApplicableNogoods(learnt).ToImmutableArray(), FactsDocument(run, [component]))
                    {
                        Backups = component.Master.RecordedFacts.Where(f => f.Kind == RouteFactKind.NoBackupRoute).ToImmutableArray(),
                    }, last);
                }
                if (last.Outcome != SolverOutcome.Sat)
                {
                    return (new CoreScript(script, [], null), last);
                }
            }
            return (new CoreScript(string.Empty, [], null), last);
        }
        if (services.Count < program.Services.Length)
        {
            var sliced = Attempt(ProgramSlice.Restrict(program, services));
            if (sliced.Item2.Outcome == SolverOutcome.Unsat)
            {
                return sliced;
            }
        }
        return OutOfTime() ? (new CoreScript(string.Empty, [], null), DecomposedRun.OutOfTime("confirming the minimal core").Result) : Attempt(program);
    }

    private string Describe(RouteFactRecord fact) =>
        fact.FailedElement is { } failed ? failed.Describe(index) : fact.Failed ?? "an element";
}
