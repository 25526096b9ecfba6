using System.Collections.Immutable;
using System.Globalization;
using Privc.Verification;
using Privc.Checking;
using Privc.Semantics;
using Privc.Verification.Restrictions;
using Privc.Verification.Encoding;
using Privc.Topology;

namespace Privc.Verification.Decomposition;

public sealed partial class DecomposedSolver
{
    /// <summary>
    /// Lexicographic optimisation over the master (specs/encoding.md section 15), objective by objective and, within
    /// one, component by component (placement objectives are sums over services, and components share no service,
    /// so the optimum is the sum of the components' optima). Each is bounded by queries "term &lt;= mid" (first at its
    /// static bound, then by bisection) with the other components at the incumbent; a model is routed and checked,
    /// so every incumbent is a checked plan. An optimum is claimed only with the unsat obligation "term &lt; v" of each
    /// component. Route objectives (one component) are closed by the subproblem: a placement whose least routing
    /// exceeds the master's estimate adds an optimality cut and the query is repeated.
    /// </summary>
    private (RunOutcome.Plan Final, ImmutableArray<ObjectiveResult> Results, VerificationResult? Problem) Optimise(DecomposedRun run, RunOutcome.Plan plan)
    {
        if (program.Objectives.IsEmpty)
        {
            return (plan, [], null);
        }
        references = ReferenceRoutes.Of(program, run.Routes);
        var caps = new List<(int Objective, ObjectiveMetric Metric, long Cap)>();
        var results = ImmutableArray.CreateBuilder<ObjectiveResult>();
        var incumbent = plan;
        var provenSoFar = true;
        for (var k = 0; k < program.Objectives.Length; k++)
        {
            var objective = program.Objectives[k];
            if (!provenSoFar)
            {
                results.Add(new ObjectiveResult(objective, Value(incumbent, k, null), false, ScaleOf(objective)));
                continue;
            }
            var done = new Dictionary<int, long>();
            var proven = true;
            while (run.Components.FirstOrDefault(c => !done.ContainsKey(c.Id)) is { } component)
            {
                var (outcome, value, ok) = OptimiseComponent(run, component, k, caps, ref incumbent);
                if (outcome is VerificationResult problem)
                {
                    return (incumbent, [], problem);
                }
                if (outcome is RunOutcome.Merged)
                {
                    continue; // the components changed: optimise the merged one (its parts' results are gone with them)
                }
                done[component.Id] = value;
                proven &= ok;
                if (!ok)
                {
                    break;
                }
            }
            provenSoFar &= proven;
            results.Add(new ObjectiveResult(objective, Value(incumbent, k, null), provenSoFar, ScaleOf(objective)));
            if (!provenSoFar)
            {
                continue;
            }
            foreach (var component in run.Components)
            {
                component.Fix(k, done[component.Id]);
            }
            if (MasterObjective.IsRouteMetric(objective.Metric))
            {
                caps.Add((k, objective.Metric, done.Values.Single()));
            }
        }
        bestBound = null;
        return (incumbent, results.ToImmutable(), null);
    }

    /// <summary>
    /// Objective k in one component, the rest of the incumbent fixed: the proven optimum (and its obligation), or the
    /// incumbent's value unproven; <see cref="RunOutcome.Merged"/> when a nogood joined this component with another.
    /// </summary>
    private (object? Outcome, long Value, bool Proven) OptimiseComponent(DecomposedRun run, MasterComponent component, int k,
        List<(int Objective, ObjectiveMetric Metric, long Cap)> caps, ref RunOutcome.Plan incumbent)
    {
        var objective = component.Master.Objectives[k];
        if (objective.IsRoute)
        {
            // The incumbent's routing may not be its least: improve it before bounding (no proof rests on this).
            if (Accept(run, component, incumbent, k, caps, long.MaxValue) is RunOutcome.Plan better)
            {
                incumbent = better;
            }
            if (OptimiseByFlowGroups(run, component, k, caps, ref incumbent) is { } grouped)
            {
                return grouped;
            }
        }
        var value = Value(incumbent, k, component.Services);
        var low = objective.StaticBound;
        var first = true;
        while (true)
        {
            if (value == 0)
            {
                return (null, value, true);
            }
            if (OutOfTime())
            {
                return (null, value, false);
            }
            var mid = low >= value ? value - 1 : first ? low : low + ((value - 1 - low) / 2);
            first = false;
            bestBound = $"{objective.Objective.Name}{Services(run, component)}: best {Describe(objective, value)}, proven at least {Describe(objective, Math.Min(low, value))}";
            Report($"bounding objective {objective.Objective.Name} by {Describe(objective, mid)}");
            var bound = Smt.Le(objective.Term, Smt.Int(mid));
            var current = incumbent;
            var outcome = run.Loop(component, [component.BoundLiteral(bound)], current.Placement, p => Accept(run, component, p, k, caps, mid));
            switch (outcome)
            {
                case RunOutcome.Plan better:
                    var improved = Value(better, k, component.Services);
                    if (improved >= value)
                    {
                        return (new VerificationResult.Rejected($"privc bug: a plan below the bound {mid} of objective '{objective.Objective.Name}' has value {improved}", better.Configuration), value, false);
                    }
                    incumbent = better;
                    value = improved;
                    continue;
                case RunOutcome.MasterUnsat when mid == value - 1:
                    obligations.Add(new Obligation($"bound-{objective.Objective.Name}{Part(run, component)}",
                        $"no plan satisfying the intents{(component.Fixes.Count > 0 ? " and the earlier objectives' optima" : string.Empty)} has {objective.Objective.Name}{Services(run, component)} below {value.ToString(CultureInfo.InvariantCulture)} (master with every nogood{(objective.IsRoute ? " and optimality cut" : string.Empty)}; specs/encoding.md section 15)",
                        component.Obligation(learnt, [Smt.Lt(objective.Term, Smt.Int(value))]), "unsat", "unsat"));
                    return (null, value, true);
                case RunOutcome.MasterUnsat:
                    low = mid + 1;
                    continue;
                case RunOutcome.Merged merged:
                    return (merged, value, false);
                case RunOutcome.Rejected rejected:
                    return (new VerificationResult.Rejected(rejected.Problem, rejected.Configuration), value, false);
                default:
                    return (null, value, false);
            }
        }
    }

    /// <summary>
    /// Judges a routed plan found under a bound: without route objectives it stands. Otherwise its least routing under
    /// the caps of earlier route objectives is computed exactly (the search's routes when they are least, else the
    /// routing problem minimised); a placement that cannot meet the caps or the bound gets an optimality cut and null
    /// (the master is asked again).
    /// </summary>
    private RunOutcome? Accept(DecomposedRun run, MasterComponent component, RunOutcome.Plan plan, int k, List<(int Objective, ObjectiveMetric Metric, long Cap)> caps, long mid)
    {
        var master = component.Master;
        if (!master.Objectives.Any(o => o.IsRoute))
        {
            return plan;
        }
        var current = master.Objectives[k];
        var routed = plan.Routing;
        ObjectiveMetric? minimise = current.IsRoute ? current.Objective.Metric : null;
        var hops = master.Objectives.Any(o => o.Objective.Metric == ObjectiveMetric.TotalHops);
        // Nothing to minimise and no cap to meet (a placement objective before any route objective): any routing will do.
        var bounded = caps.Count > 0 || current.IsRoute;
        // With only the tie-breaker's route objectives (no user route objective before them), a routing least in
        // (links, latency) class by class is the exact least of both, found without a solver when nothing couples.
        // (Objective k is then short-routes-hops itself, or short-routes-latency with the hops optimum as the only cap.)
        var tieBreakOnly = hops && caps.All(c => c.Metric == ObjectiveMetric.TotalHops) && (current.Objective.Metric == ObjectiveMetric.TotalHops || caps.Count > 0);
        if (bounded && tieBreakOnly && !(routed.LeastLatency && run.Routing.FewestLinks(routed)) && run.Routing.FewestLinksRouting(routed) is { } shortest)
        {
            routed = shortest;
        }
        else if (bounded && (!routed.LeastLatency || (hops && !run.Routing.FewestLinks(routed))))
        {
            var (outcome, _) = run.Routing.Optimise(routed, caps.Select(c => (c.Metric, c.Cap)).ToList(), minimise);
            switch (outcome)
            {
                case RoutingOutcome.Undecided undecided:
                    return new RunOutcome.Undecided(undecided.Result, undecided.Stage);
                case null:
                    // No routing of this placement meets the earlier optima: exclude it for the rest of the search.
                    component.Cuts.Add($"(assert {Smt.Not(Smt.And(master.PlacementLiterals(plan.Placement)))})");
                    statistics.OptimalityCuts++;
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
                AddRouteCut(component, plan, objective, least);
                return null;
            }
        }
        if (current.IsRoute)
        {
            var value = run.Routing.Latency(routed, current.Objective.Metric);
            if (value > mid)
            {
                AddRouteCut(component, plan, k, value);
                return null;
            }
        }
        return routed == plan.Routing ? plan : run.Check(plan.Placement, routed);
    }

    /// <summary>The cut "this placement has route objective k at least <paramref name="least"/>" (its exact least).</summary>
    private void AddRouteCut(MasterComponent component, RunOutcome.Plan plan, int k, long least)
    {
        var master = component.Master;
        var objective = master.Objectives[k];
        var (sum, _) = master.PairBound(plan.Placement, objective.Objective.Metric);
        var target = objective.Objective.Metric is ObjectiveMetric.TotalLatency or ObjectiveMetric.TotalHops ? least - sum : least;
        component.Cuts.Add($"(assert {Smt.Implies(Smt.And(master.PlacementLiterals(plan.Placement)), Smt.Ge(objective.CutTarget!, Smt.Int(target)))})");
        statistics.OptimalityCuts++;
    }

    /// <summary>
    /// The plan's value of objective k in the master's units (cost in thousandths, latency in microseconds), over the
    /// given services only (null: all).
    /// </summary>
    private long Value(RunOutcome.Plan plan, int k, IReadOnlySet<string>? services)
    {
        var objective = program.Objectives[k];
        var nodes = plan.Placement.Where(p => services is null || services.Contains(p.Key)).SelectMany(p => p.Value).ToList();
        return objective.Metric switch
        {
            ObjectiveMetric.Cost => nodes.Sum(n => MasterProblem.Scaled(n.Cost, costScale)),
            ObjectiveMetric.Nodes => nodes.Select(n => n.Name).Distinct(StringComparer.Ordinal).Count(),
            ObjectiveMetric.Prefer => nodes.Count(n => !PredicateEvaluator.IsTrue(objective.Prefer!, n)),
            ObjectiveMetric.TotalLatency => plan.Configuration.Routes.Sum(RouteLatency),
            ObjectiveMetric.MaxLatency => plan.Configuration.Routes.Select(RouteLatency).DefaultIfEmpty(0).Max(),
            ObjectiveMetric.MovedReplicas => Replanning.DisruptionMeasure.Moved(program, objective.Reference!, s => plan.Placement.TryGetValue(s, out var n) ? n.Select(x => x.Name) : [], services),
            // The master's measure (section 15.1), so that bounds and values agree; replan compares it with the plan's own count.
            ObjectiveMetric.DisturbedRoutes => references!.LowerBound(program, s => plan.Placement.TryGetValue(s, out var n) ? n.Select(x => x.Name) : [], services),
            ObjectiveMetric.TotalHops => plan.Configuration.Routes.Sum(r => (long)r.Hops.Length),
            _ => throw new InvalidOperationException($"privc bug: objective metric {objective.Metric} has no value"),
        };
    }

    /// <summary>What an objective's value is counted in: costs in 1/costScale, everything else in whole units.</summary>
    private long ScaleOf(Objective objective) => objective.Metric == ObjectiveMetric.Cost ? costScale : 1;

    private long RouteLatency(Route route) =>
        route.Hops.Sum(h => index.Topology.OutgoingOf(h.From).First(l => l.FromPort == h.FromPort && l.To == h.To && l.ToPort == h.ToPort).Link.LatencyMicros);

    private string Describe(MasterObjective objective, long value) => objective.Objective.Metric switch
    {
        ObjectiveMetric.Cost => (value / (decimal)costScale).ToString(CultureInfo.InvariantCulture),
        ObjectiveMetric.TotalLatency or ObjectiveMetric.MaxLatency => value.ToString(CultureInfo.InvariantCulture) + "us",
        ObjectiveMetric.TotalHops => value.ToString(CultureInfo.InvariantCulture) + " hops",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };
}
