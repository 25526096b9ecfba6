using System.Collections.Immutable;
using Privc.Artifacts;
using Privc.Artifacts.Emit;
using Privc.Checking;
using Privc.Diagnostics;
using Privc.Semantics;
using Privc.Text;
using Privc.Topology;
using Privc.Verification;
using Privc.Verification.Solving;

namespace Privc.Compiler.Replanning;

/// <summary>
/// What a replan concluded: the compile result of the new plan (the program with the disruption objectives first),
/// and, when proven, what changed and the files to write (the changed artifacts, plan.json, the certificate and
/// changes.json). <see cref="WhyMoved"/> is the minimal core that says why the moved services could not all stay.
/// </summary>
public sealed record ReplanResult(CompileResult Result, ChangeList? Changes, OutputBundle? Emitted, VerificationResult.Unsatisfiable? WhyMoved);

/// <summary>
/// privc replan (specs/semantics.md section 10): proves a plan for the current intents and topology that changes the
/// reference plan as little as possible, the disruption objectives (moved replicas, then disturbed routes) minimised
/// lexicographically before the program's own, each optimum with its bound obligation. The independent checker
/// recounts the disruption on the plan: a claim it does not confirm is withdrawn (not proven optimal) or, for moves,
/// rejected as a privc bug.
/// </summary>
public sealed class Replanner
{
    /// <summary>The disruption objectives' names: not identifiers of the language, so no program's objective can take them.</summary>
    public const string MovedName = "replan-moved-replicas";

    public const string DisturbedName = "replan-disturbed-routes";

    /// <summary>The change list's file in a replan's output.</summary>
    public const string ChangesFile = "changes.json";

    private readonly ISmtSolverFactory solvers;
    private readonly CompileOptions options;
    private readonly TimeProvider time;

    public Replanner(ISmtSolverFactory solvers, CompileOptions options, TimeProvider? time = null)
    {
        this.solvers = solvers;
        this.options = options;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>The program with the two disruption objectives against <paramref name="reference"/> placed first.</summary>
    public static BoundProgram WithDisruption(BoundProgram program, ReferencePlan reference, SourceLocation at, bool keepObjectives = true) => program with
    {
        Objectives = [
            new Objective(MovedName, at, ObjectiveMetric.MovedReplicas, null) { Reference = reference },
            new Objective(DisturbedName, at, ObjectiveMetric.DisturbedRoutes, null) { Reference = reference },
            .. keepObjectives ? program.Objectives : [],
        ],
    };

    /// <summary>Replans <paramref name="program"/> on <paramref name="topology"/> from the reference output (its plan and files).</summary>
    public ReplanResult Replan(BoundProgram program, TopologyModel topology, ImmutableArray<Diagnostic> diagnostics, ReferencePlan reference, OutputBundle referenceFiles, SourceLocation at)
    {
        var stages = ImmutableArray.CreateBuilder<StageTiming>();
        if (Artifacts.Onos.PodNetworkPolicy.Refusal(topology) is { } refusal)
        {
            return new ReplanResult(new CompileResult.Invalid(diagnostics.Add(refusal), stages.ToImmutable()), null, null, null);
        }
        var goal = WithDisruption(program, reference, at, options.Optimise);
        var start = time.GetTimestamp();
        var verification = Verify(goal, topology);
        stages.Add(new StageTiming("verify", time.GetElapsedTime(start)));
        switch (verification)
        {
            case VerificationResult.Proven proven:
                var recounted = Recount(goal, topology, proven);
                if (recounted is VerificationResult.Rejected rejection)
                {
                    return new ReplanResult(new CompileResult.Rejected(rejection.Problem, diagnostics, stages.ToImmutable()), null, null, null);
                }
                proven = (VerificationResult.Proven)recounted;
                VerificationResult.Unsatisfiable? why = null;
                if (proven.Objectives[0].Value > 0)
                {
                    start = time.GetTimestamp();
                    why = WhyMoved(program, topology, reference, proven.Plan, at);
                    stages.Add(new StageTiming("explain moves", time.GetElapsedTime(start)));
                    if (why is not null)
                    {
                        proven = proven with { Obligations = [.. proven.Obligations, .. why.Obligations.Select(o => o with { Name = "why-moved-" + o.Name, Purpose = "the moved services cannot all stay where they were: " + o.Purpose })] };
                    }
                }
                start = time.GetTimestamp();
                var output = DeploymentArtifacts.Build(goal, topology, proven);
                stages.Add(new StageTiming("emit and self-check", time.GetElapsedTime(start)));
                var all = diagnostics.AddRange(output.Diagnostics);
                if (output.Bundle is not { } bundle)
                {
                    return new ReplanResult(new CompileResult.Rejected(output.Rejection!, all, stages.ToImmutable()), null, null, null);
                }
                var files = ArtifactChanges.Compare(referenceFiles, bundle);
                var changes = ChangeList.Between(program, topology, reference, proven.Plan, files);
                var emitted = ArtifactChanges.Emitted(bundle, files).With(ChangesFile, ChangeListWriter.Json(changes, proven, why));
                return new ReplanResult(new CompileResult.Proven(goal, topology, proven, bundle, all, stages.ToImmutable()), changes, emitted, why);
            case VerificationResult.Unsatisfiable unsat:
                return new ReplanResult(new CompileResult.Unsatisfiable(goal, topology, unsat, diagnostics, stages.ToImmutable()), null, null, null);
            case VerificationResult.Undecided undecided:
                return new ReplanResult(new CompileResult.Undecided(undecided, diagnostics, stages.ToImmutable()), null, null, null);
            case VerificationResult.Rejected rejected:
                return new ReplanResult(new CompileResult.Rejected(rejected.Problem, diagnostics, stages.ToImmutable()), null, null, null);
            default:
                throw new InvalidOperationException($"privc bug: unhandled verification result {verification.GetType().Name}");
        }
    }

    private VerificationResult Verify(BoundProgram goal, TopologyModel topology) =>
        new Verifier(goal, topology, solvers, new VerifierOptions(options.Solver, options.Budget) { Strategy = options.Strategy, Progress = options.Progress },
            () => time.GetUtcNow().UtcDateTime).Verify();

    /// <summary>
    /// The independent checker counts the disruption of the plan (specs/semantics.md section 10). Moves must agree
    /// exactly. The decomposed solver's disturbed-routes value is its master's lower bound, met when the routing kept
    /// every keepable route; when contention made it reroute one, the checker's count stands and the optimum is no
    /// longer claimed (for it and every later objective). A count below a claim is a privc bug.
    /// </summary>
    private static VerificationResult Recount(BoundProgram goal, TopologyModel topology, VerificationResult.Proven proven)
    {
        var counted = ConfigurationChecker.For(goal, topology).Objectives(proven.Plan);
        var results = proven.Objectives.ToBuilder();
        for (var k = 0; k < 2; k++)
        {
            var count = (long)counted[k].Value;
            var claimed = results[k].Value;
            if (count < claimed || (k == 0 && count != claimed))
            {
                return new VerificationResult.Rejected($"the independent checker counts {goal.Objectives[k].Name} = {count} on the plan, the solver claimed {claimed}", proven.Plan);
            }
            if (count > claimed)
            {
                results[k] = results[k] with { Value = count, Proven = false };
                for (var later = k + 1; later < results.Count; later++)
                {
                    results[later] = results[later] with { Proven = false };
                }
            }
        }
        return proven with { Objectives = results.ToImmutable() };
    }

    /// <summary>
    /// Why the moved services could not all stay: the program plus, for each service that lost a replica and did not
    /// grow, the intent "place s on its reference nodes", which the proven minimum rules out together. The verifier's
    /// minimal core of that program names the intents (user's and keep) that force the move, with reasons.
    /// </summary>
    private VerificationResult.Unsatisfiable? WhyMoved(BoundProgram program, TopologyModel topology, ReferencePlan reference, Configuration plan, SourceLocation at)
    {
        var keeps = program.Services
            .Where(s => reference.Placements.TryGetValue(s.Name, out var old) && s.Replicas <= old.Count && plan.NodesOf(s.Name).Any(n => !old.Contains(n)))
            .Select(s => (Intent)new PlacementIntent($"keep:{s.Name}", at, [s.Name],
                new Predicate.Member("name", [.. reference.NodesOf(s.Name).Select(n => (AttributeValue)new AttributeValue.Text(n))], Negated: false)))
            .ToList();
        if (keeps.Count == 0)
        {
            return null;
        }
        var question = program with { Intents = [.. program.Intents, .. keeps], Objectives = [] };
        return Verify(question, topology) as VerificationResult.Unsatisfiable;
    }
}
