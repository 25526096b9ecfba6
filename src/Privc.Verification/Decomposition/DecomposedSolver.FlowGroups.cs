using System.Collections.Immutable;
using System.Globalization;
using Privc.Semantics;
using Privc.Verification.Encoding;

namespace Privc.Verification.Decomposition;

public sealed partial class DecomposedSolver
{
    /// <summary>
    /// Flows whose services are joined by flows (an application, typically), with the sum of their pair terms in the
    /// master (null when none of them has a positive pair bound).
    /// </summary>
    private sealed record FlowGroup(int Number, ImmutableSortedSet<string> Flows, ImmutableSortedSet<string> Services, string? Term);

    /// <summary>
    /// A sum route objective by flow groups (specs/encoding.md section 15.2, "Flow groups"). The sum is split along the
    /// groups of flows that share no service. Each group's share g of the master's pair terms is bounded on its own, over
    /// all placements: queries "g &lt;= mid" of the whole master, by bisection between the greatest refuted value and the
    /// incumbent's share; an unsat answer is the lemma "g &gt; mid", kept as an obligation. When the least value not
    /// refuted is below the incumbent's share, the group is moved there with every other service held where the incumbent
    /// has it (one query; its plan is routed and checked like every plan). When the lemmas add up to the incumbent's
    /// value, the bound obligation with the lemmas asserted is refuted by arithmetic. Null when the objective has fewer
    /// than two groups, or a group cannot be closed this way (its pair terms underestimate its routes, or other groups'
    /// placements stand in its way): the caller then bisects the whole sum as before, from the improved incumbent.
    /// </summary>
    private (object? Outcome, long Value, bool Proven)? OptimiseByFlowGroups(DecomposedRun run, MasterComponent component, int k,
        List<(int Objective, ObjectiveMetric Metric, long Cap)> caps, ref RunOutcome.Plan incumbent)
    {
        var objective = component.Master.Objectives[k];
        if (objective.Objective.Metric is not (ObjectiveMetric.TotalHops or ObjectiveMetric.TotalLatency))
        {
            return null;
        }
        var groups = FlowGroups(component, objective.Objective.Name);
        if (groups.Count < 2 || Value(incumbent, k, component.Services) == 0)
        {
            return null;
        }
        var lemmas = new List<(FlowGroup Group, long Least, string Script)>();
        foreach (var group in groups)
        {
            var (stopped, lemma) = CloseGroup(run, component, k, caps, group, ref incumbent);
            if (stopped is not null || lemma is null)
            {
                return stopped;
            }
            if (lemma.Value.Least > 0)
            {
                lemmas.Add((group, lemma.Value.Least, lemma.Value.Script));
            }
        }
        var value = Value(incumbent, k, component.Services);
        var plan = incumbent;
        // Improving a later group never raises an earlier one's share above its lemma: every move held the others.
        if (lemmas.Sum(l => l.Least) != value || groups.Any(g => GroupValue(plan, k, g) != lemmas.Where(l => l.Group == g).Sum(l => l.Least)))
        {
            return null;
        }
        var least = lemmas.Select(l => Smt.Le(Smt.Int(l.Least), l.Group.Term!)).ToList();
        var bound = Smt.Lt(objective.Term, Smt.Int(value));
        var final = run.Loop(component, [component.BoundLiteral(Smt.And(least.Append(bound)))], incumbent.Placement, p => Accept(run, component, p, k, caps, value - 1));
        if (final is not RunOutcome.MasterUnsat)
        {
            // The lemmas add up to the value, so this is arithmetic; anything else is left to the bisection.
            return final is RunOutcome.Plan or null ? null : Stopped(final, value);
        }
        var name = objective.Objective.Name;
        var part = Part(run, component);
        foreach (var (group, groupLeast, script) in lemmas)
        {
            obligations.Add(new Obligation($"bound-{name}{part}-group-{group.Number.ToString(CultureInfo.InvariantCulture)}",
                $"no plan satisfying the intents and the earlier objectives' optima has the pair terms of {name} over the flows {Flows(group)} below {groupLeast.ToString(CultureInfo.InvariantCulture)} (master with every nogood and optimality cut; specs/encoding.md section 15.2, flow groups)",
                script, "unsat", "unsat"));
        }
        obligations.Add(new Obligation($"bound-{name}{part}",
            $"no plan satisfying the intents and the earlier objectives' optima has {name} below {value.ToString(CultureInfo.InvariantCulture)} (master with every nogood and optimality cut, and the flow-group bounds proven by bound-{name}{part}-group-N; specs/encoding.md section 15.2)",
            component.Obligation(learnt, least.Append(bound)), "unsat", "unsat"));
        return (null, value, true);
    }

    /// <summary>
    /// One group: its least share proven by a lemma (least and the obligation "share below least", unsat) with the
    /// incumbent moved to it; a null lemma when the group cannot be closed; or the outcome that ends the optimisation.
    /// </summary>
    private ((object? Outcome, long Value, bool Proven)? Stopped, (long Least, string Script)? Lemma) CloseGroup(DecomposedRun run,
        MasterComponent component, int k, List<(int Objective, ObjectiveMetric Metric, long Cap)> caps, FlowGroup group, ref RunOutcome.Plan incumbent)
    {
        var objective = component.Master.Objectives[k];
        var value = Value(incumbent, k, component.Services);
        var share = GroupValue(incumbent, k, group);
        if (share == 0)
        {
            return (null, (0, string.Empty)); // pair terms are never negative: nothing to prove
        }
        if (group.Term is null)
        {
            return (null, null); // links where every pair bound is 0: only the whole sum's cuts can see them
        }
        // low: every value below it is refuted; high: the least share a model (free or the incumbent) reaches.
        var (low, high) = (0L, share);
        var script = string.Empty;
        while (low < high)
        {
            if (OutOfTime())
            {
                return ((null, value, false), null);
            }
            // First the incumbent's own share minus one: when it is already least, one refutation closes the group.
            var mid = high == share && low == 0 ? share - 1 : low + ((high - 1 - low) / 2);
            Report($"bounding objective {objective.Objective.Name} over flow group {group.Number} by {Describe(objective, mid)}");
            var at = Smt.Le(group.Term, Smt.Int(mid));
            var outcome = run.Loop(component, [component.BoundLiteral(at)], incumbent.Placement, p => p);
            switch (outcome)
            {
                case RunOutcome.MasterUnsat:
                    low = mid + 1;
                    script = component.Obligation(learnt, [at]);
                    continue;
                case RunOutcome.Plan reached:
                    // Its routes measure at least its pair terms, so its share is also a value the master reaches.
                    high = Math.Min(mid, GroupValue(reached, k, group));
                    continue;
                default:
                    return (Stopped(outcome, value), null);
            }
        }
        if (low < share)
        {
            // A placement reaches low for this group: move the group there with every other service held.
            var others = incumbent.Placement.Where(p => !group.Services.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var held = component.Master.PlacementLiterals(others).Prepend(Smt.Le(group.Term, Smt.Int(low)));
            Report($"moving flow group {group.Number} to {Describe(objective, low)} of {objective.Objective.Name}");
            var outcome = run.Loop(component, [component.BoundLiteral(Smt.And(held))], incumbent.Placement, p => Accept(run, component, p, k, caps, long.MaxValue));
            if (outcome is RunOutcome.Plan moved && Value(moved, k, component.Services) < value && GroupValue(moved, k, group) == low)
            {
                incumbent = moved;
            }
            else
            {
                return (outcome is RunOutcome.Plan or RunOutcome.MasterUnsat ? null : Stopped(outcome, value), null);
            }
        }
        return (null, (low, script));
    }

    private static (object? Outcome, long Value, bool Proven) Stopped(RunOutcome? outcome, long value) => outcome switch
    {
        RunOutcome.Merged merged => (merged, value, false),
        RunOutcome.Rejected rejected => (new VerificationResult.Rejected(rejected.Problem, rejected.Configuration), value, false),
        _ => (null, value, false),
    };

    /// <summary>
    /// The component's flows, grouped by the services they join (union-find over flow ends), in order of their least
    /// flow name, with each group's pair terms summed.
    /// </summary>
    private List<FlowGroup> FlowGroups(MasterComponent component, string objective)
    {
        var flows = program.Flows.Where(f => component.Services.Contains(f.Source) && component.Services.Contains(f.Target)).ToList();
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string s)
        {
            while (parent.TryGetValue(s, out var p) && p != s)
            {
                s = p;
            }
            return s;
        }
        foreach (var flow in flows)
        {
            var (a, b) = (Find(flow.Source), Find(flow.Target));
            parent.TryAdd(a, a);
            parent.TryAdd(b, b);
            if (a != b)
            {
                parent[string.CompareOrdinal(a, b) < 0 ? b : a] = string.CompareOrdinal(a, b) < 0 ? a : b;
            }
        }
        var withTerms = component.Master.RecordedPairBounds.Where(r => r.Objective == objective).Select(r => r.Flow).ToHashSet(StringComparer.Ordinal);
        return flows.GroupBy(f => Find(f.Source), StringComparer.Ordinal)
            .Select(g => (Flows: g.Select(f => f.Name).ToImmutableSortedSet(StringComparer.Ordinal), Services: g.SelectMany(f => new[] { f.Source, f.Target }).ToImmutableSortedSet(StringComparer.Ordinal)))
            .OrderBy(g => g.Flows.Min, StringComparer.Ordinal)
            .Select((g, i) =>
            {
                var terms = g.Flows.Where(withTerms.Contains).Select(f => Smt.Symbol("pairs", objective, f)).ToList();
                // A group whose flows all have a zero bound everywhere needs no lemma (its share is 0 or unprovable).
                return new FlowGroup(i + 1, g.Flows, g.Services, terms.Count == 0 ? null : Smt.Sum(terms));
            })
            .ToList();
    }

    /// <summary>The plan's share of a sum route objective over one group's flows, in the master's units.</summary>
    private long GroupValue(RunOutcome.Plan plan, int k, FlowGroup group) =>
        program.Objectives[k].Metric == ObjectiveMetric.TotalHops
            ? plan.Configuration.Routes.Where(r => group.Flows.Contains(r.Flow)).Sum(r => (long)r.Hops.Length)
            : plan.Configuration.Routes.Where(r => group.Flows.Contains(r.Flow)).Sum(RouteLatency);

    private static string Flows(FlowGroup group) =>
        group.Flows.Count <= 4 ? string.Join(", ", group.Flows) : $"{string.Join(", ", group.Flows.Take(3))} and {(group.Flows.Count - 3).ToString(CultureInfo.InvariantCulture)} more";
}
