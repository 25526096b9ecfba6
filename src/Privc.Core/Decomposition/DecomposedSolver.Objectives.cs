using System.Collections.Immutable;
using System.Globalization;
using Privc.Compiler;
using Privc.Planning;
using Privc.Semantics;
using Privc.SmtEncoding;
using Privc.Topology;

namespace Privc.Decomposition;

public sealed partial class DecomposedSolver
{
    /// <summary>
    /// Lexicographic optimisation over the master (specs/encoding.md section 15). Each objective is bounded by
    /// queries "term &lt;= mid" (first at its static bound, then by bisection) under the earlier objectives' optima;
    /// a model is routed and checked, so every incumbent is a checked plan. The optimum is claimed only with the
    /// unsat obligation "term &lt; v". Route objectives are closed by the subproblem: a placement whose least routing
    /// exceeds the master's estimate adds an optimality cut and the query is repeated.
    /// </summary>
    private (RunOutcome.Plan Final, ImmutableArray<ObjectiveResult> Results, VerificationResult? Problem) Optimise(DecomposedRun run, RunOutcome.Plan plan)
    {
        var master = run.Master!;
        if (master.Objectives.IsEmpty)
        {
            return (plan, [], null);
        }
        var caps = new List<(int Objective, ObjectiveMetric Metric, long Cap)>();
        var fixes = new List<string>();
        var results = ImmutableArray.CreateBuilder<ObjectiveResult>();
        var incumbent = plan;
        var provenSoFar = true;
        for (var k = 0; k < master.Objectives.Length; k++)
        {
            var objective = master.Objectives[k];
            if (!provenSoFar)
            {
                results.Add(new ObjectiveResult(objective.Objective, Values(incumbent)[k], false));
                continue;
            }
            if (objective.IsRoute)
            {
                // The incumbent's routing may not be its least: improve it before bounding (no proof rests on this).
                var least = Accept(run, incumbent, k, caps, long.MaxValue);
                if (least is RunOutcome.Plan better)
                {
                    incumbent = better;
                }
            }
            var value = Values(incumbent)[k];
            var low = objective.StaticBound;
            var first = true;
            var proven = false;
            while (true)
            {
                if (value == 0)
                {
                    proven = true;
                    break;
                }
                if (OutOfTime())
                {
                    break;
                }
                var mid = low >= value ? value - 1 : first ? low : low + ((value - 1 - low) / 2);
                first = false;
                bestBound = $"{objective.Objective.Name}: best {Describe(objective, value)}, proven at least {Describe(objective, Math.Min(low, value))}";
                Report($"bounding objective {objective.Objective.Name} by {Describe(objective, mid)}");
                var bound = Smt.Le(objective.Term, Smt.Int(mid));
                var outcome = run.Loop([run.BoundLiteral(bound)], p => Accept(run, p, k, caps, mid));
                if (outcome is RunOutcome.Plan better)
                {
                    var improved = Values(better)[k];
                    if (improved >= value)
                    {
                        return (incumbent, [], new VerificationResult.Rejected($"privc bug: a plan below the bound {mid} of objective '{objective.Objective.Name}' has value {improved}", better.Configuration));
                    }
                    incumbent = better;
                    value = improved;
                    continue;
                }
                if (outcome is RunOutcome.MasterUnsat)
                {
                    if (mid == value - 1)
                    {
                        obligations.Add(new Obligation($"bound-{objective.Objective.Name}",
                            $"no plan satisfying the intents{(fixes.Count > 0 ? " and the earlier objectives' optima" : string.Empty)} has {objective.Objective.Name} below {value.ToString(CultureInfo.InvariantCulture)} (master with every nogood{(objective.IsRoute ? " and optimality cut" : string.Empty)}; specs/encoding.md section 15)",
                            Obligation(run, fixes.Append(Smt.Lt(objective.Term, Smt.Int(value))), []), "unsat", "unsat"));
                        proven = true;
                        break;
                    }
                    low = mid + 1;
                    continue;
                }
                if (outcome is RunOutcome.Rejected rejected)
                {
                    return (incumbent, [], new VerificationResult.Rejected(rejected.Problem, rejected.Configuration));
                }
                break;
            }
            provenSoFar &= proven;
            results.Add(new ObjectiveResult(objective.Objective, value, provenSoFar));
            if (!provenSoFar)
            {
                continue;
            }
            var fix = objective.IsRoute ? Smt.Le(objective.Term, Smt.Int(value)) : Smt.Eq(objective.Term, Smt.Int(value));
            fixes.Add(fix);
            run.Fix(fix);
            if (objective.IsRoute)
            {
                caps.Add((k, objective.Objective.Metric, value));
            }
        }
        bestBound = null;
        return (incumbent, results.ToImmutable(), null);
    }

    /// <summary>
    /// Judges a routed plan found under a bound: without route objectives it stands. Otherwise its least routing under
    /// the caps of earlier route objectives is computed exactly (the search's routes when they are least, else the
    /// routing problem minimised); a placement that cannot meet the caps or the bound gets an optimality cut and null
    /// (the master is asked again).
    /// </summary>
    private RunOutcome? Accept(DecomposedRun run, RunOutcome.Plan plan, int k, List<(int Objective, ObjectiveMetric Metric, long Cap)> caps, long mid)
    {
        var master = run.Master!;
        if (!master.Objectives.Any(o => o.IsRoute))
        {
            return plan;
        }
        var current = master.Objectives[k];
        var routed = plan.Routing;
        ObjectiveMetric? minimise = current.IsRoute ? current.Objective.Metric : null;
        if (!routed.LeastLatency)
        {
            var (outcome, _) = run.Routing.Optimise(routed, caps.Select(c => (c.Metric, c.Cap)).ToList(), minimise);
            switch (outcome)
            {
                case RoutingOutcome.Undecided undecided:
                    return new RunOutcome.Undecided(undecided.Result, undecided.Stage);
                case null:
                    // No routing of this placement meets the earlier optima: exclude it for the rest of the search.
                    run.AddCut($"(assert {Smt.Not(Smt.And(master.PlacementLiterals(plan.Placement)))})");
                    return null;
                case RoutingOutcome.Routed better:
                    routed = better;
                    break;
            }
        }
        foreach (var (objective, metric, cap) in caps)
        {
            var least = run.Routing.Latency(routed, metric);
            if (least > cap)
            {
                // The search's routes are least for every route objective at once: the placement cannot meet the cap.
                AddRouteCut(run, plan, objective, least);
                return null;
            }
        }
        if (current.IsRoute)
        {
            var value = run.Routing.Latency(routed, current.Objective.Metric);
            if (value > mid)
            {
                AddRouteCut(run, plan, k, value);
                return null;
            }
        }
        return routed == plan.Routing ? plan : run.Check(plan.Placement, routed);
    }

    /// <summary>The cut "this placement has route objective k at least <paramref name="least"/>" (its exact least).</summary>
    private void AddRouteCut(DecomposedRun run, RunOutcome.Plan plan, int k, long least)
    {
        var master = run.Master!;
        var objective = master.Objectives[k];
        var (sum, _) = master.PairBound(plan.Placement);
        var target = objective.Objective.Metric == ObjectiveMetric.TotalLatency ? least - sum : least;
        run.AddCut($"(assert {Smt.Implies(Smt.And(master.PlacementLiterals(plan.Placement)), Smt.Ge(objective.CutTarget!, Smt.Int(target)))})");
    }

    /// <summary>The plan's objective values in the master's units (cost in thousandths, latency in microseconds).</summary>
    private long[] Values(RunOutcome.Plan plan)
    {
        var values = new long[program.Objectives.Length];
        var latencies = plan.Configuration.Routes.Select(RouteLatency).ToList();
        for (var k = 0; k < values.Length; k++)
        {
            var objective = program.Objectives[k];
            values[k] = objective.Metric switch
            {
                ObjectiveMetric.Cost => plan.Placement.Values.SelectMany(n => n).Sum(n => MasterProblem.Scaled(n.Cost)),
                ObjectiveMetric.Nodes => plan.Placement.Values.SelectMany(n => n).Select(n => n.Name).Distinct(StringComparer.Ordinal).Count(),
                ObjectiveMetric.Prefer => plan.Placement.Values.SelectMany(n => n).Count(n => !PredicateEvaluator.Evaluate(objective.Prefer!, n)),
                ObjectiveMetric.TotalLatency => latencies.Sum(),
                ObjectiveMetric.MaxLatency => latencies.DefaultIfEmpty(0).Max(),
                _ => throw new InvalidOperationException($"privc bug: objective metric {objective.Metric} has no value"),
            };
        }
        return values;
    }

    private long RouteLatency(Route route) =>
        route.Hops.Sum(h => index.Topology.OutgoingOf(h.From).First(l => l.FromPort == h.FromPort && l.To == h.To && l.ToPort == h.ToPort).Link.LatencyMicros);

    private static string Describe(MasterObjective objective, long value) => objective.Objective.Metric switch
    {
        ObjectiveMetric.Cost => (value / (decimal)MasterProblem.CostScale).ToString("0.###", CultureInfo.InvariantCulture),
        ObjectiveMetric.TotalLatency or ObjectiveMetric.MaxLatency => value.ToString(CultureInfo.InvariantCulture) + "us",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };
}
