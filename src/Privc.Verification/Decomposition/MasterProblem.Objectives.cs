using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Verification.Restrictions;
using Privc.Verification.Encoding;
using Privc.Topology;

namespace Privc.Verification.Decomposition;

public sealed partial class MasterProblem
{
    /// <summary>
    /// Cost is a decimal per node; as in the monolithic encoding it is scaled by the least power of ten that makes every
    /// node's cost whole (<see cref="Encoder.CostScaleOf"/>), so sums and optima are exact.
    /// </summary>
    public long CostScale { get; }

    /// <summary>
    /// Objective terms (specs/encoding.md section 15). Placement objectives are exact. Route objectives are lower
    /// bounds: each replica pair contributes the least latency of a compliant route between its devices, plus a
    /// variable that optimality cuts raise (<see cref="MasterObjective.CutTarget"/>).
    /// </summary>
    private ImmutableArray<MasterObjective> EncodeObjectives()
    {
        var result = ImmutableArray.CreateBuilder<MasterObjective>();
        for (var k = 0; k < program.Objectives.Length; k++)
        {
            var objective = program.Objectives[k];
            script.Comment($"objective {objective.Name}: {objective.Metric}");
            var symbol = Smt.Symbol("objective", objective.Name);
            switch (objective.Metric)
            {
                case ObjectiveMetric.Cost:
                {
                    var terms = Linear(program.Services.SelectMany(s => facts.Candidates[s.Name].Select(n => (s.Name, n, Scaled(n.Cost, CostScale)))));
                    var bound = program.Services.Sum(s => facts.Candidates[s.Name].Select(n => Scaled(n.Cost, CostScale)).Order().Take(s.Replicas).Sum());
                    result.Add(new MasterObjective(objective, script.DefineInt(symbol, terms), bound, null));
                    break;
                }
                case ObjectiveMetric.Nodes:
                {
                    var used = topology.Nodes.Select(n => program.Services.Select(s => Hosts(s.Name, n.Name)).Where(h => h != Smt.False).ToList())
                        .Where(l => l.Count > 0)
                        .Select(l => Smt.Indicator(Smt.Or(l)));
                    var bound = program.Services.Select(s => (long)s.Replicas).DefaultIfEmpty(0).Max();
                    result.Add(new MasterObjective(objective, script.DefineInt(symbol, Smt.Sum(used)), bound, null));
                    break;
                }
                case ObjectiveMetric.Prefer:
                {
                    var terms = Linear(program.Services.SelectMany(s => facts.Candidates[s.Name]
                        .Where(n => !PredicateEvaluator.IsTrue(objective.Prefer!, n))
                        .Select(n => (s.Name, n, 1L))));
                    var bound = program.Services.Sum(s => (long)Math.Max(0, s.Replicas - facts.Candidates[s.Name].Count(n => PredicateEvaluator.IsTrue(objective.Prefer!, n))));
                    result.Add(new MasterObjective(objective, script.DefineInt(symbol, terms), bound, null));
                    break;
                }
                case ObjectiveMetric.MovedReplicas:
                case ObjectiveMetric.DisturbedRoutes:
                {
                    var (term, bound) = DisruptionTerm(objective);
                    result.Add(new MasterObjective(objective, script.DefineInt(symbol, term), bound, null));
                    break;
                }
                case ObjectiveMetric.TotalLatency:
                case ObjectiveMetric.TotalHops:
                {
                    var excess = Smt.Symbol("excess", objective.Name);
                    script.Declare(excess, "Int");
                    script.Assert(Smt.Ge(excess, "0"));
                    var (terms, bound) = FlowSums(objective);
                    result.Add(new MasterObjective(objective, script.DefineInt(symbol, Smt.Sum(terms.Append(excess))), bound, excess));
                    break;
                }
                case ObjectiveMetric.MaxLatency:
                {
                    script.Declare(symbol, "Int");
                    script.Assert(Smt.Ge(symbol, "0"));
                    foreach (var (source, target, bound) in PairBounds(objective.Metric))
                    {
                        script.Assert(Smt.Implies(Smt.And(source, target), Smt.Ge(symbol, Smt.Int(bound))));
                    }
                    result.Add(new MasterObjective(objective, symbol, 0, symbol));
                    break;
                }
                default:
                    throw new InvalidOperationException($"privc bug: objective metric {objective.Metric} has no master term");
            }
        }
        return result.ToImmutable();
    }

    /// <summary>A node's cost in units of 1/scale; exact, since the scale makes every cost of the topology whole.</summary>
    public static long Scaled(decimal cost, long scale)
    {
        var scaled = cost * scale;
        return scaled == decimal.Truncate(scaled)
            ? (long)scaled
            : throw new InvalidOperationException($"privc bug: cost {cost} is not a whole number of 1/{scale}");
    }

    /// <summary>
    /// What the master's terms for a route metric say about a placement: the sum and the largest pair bound (link
    /// latencies, or link counts for <see cref="ObjectiveMetric.TotalHops"/>).
    /// </summary>
    public (long Sum, long Max) PairBound(IReadOnlyDictionary<string, ImmutableArray<ComputeNode>> placement, ObjectiveMetric metric)
    {
        long sum = 0, max = 0;
        foreach (var flow in program.Flows)
        {
            var classId = routes.FlowClass[flow.Name];
            foreach (var m in placement[flow.Source])
            {
                foreach (var n in placement[flow.Target].Where(n => n.Name != m.Name))
                {
                    var bound = Bound(metric, classId, routes.Index.Device(m.Device), routes.Index.Device(n.Device));
                    if (bound != RouteSearch.Unreachable)
                    {
                        sum += bound;
                        max = Math.Max(max, bound);
                    }
                }
            }
        }
        return (sum, max);
    }

    /// <summary>
    /// Every possible replica pair of every flow with a positive least compliant latency (or least number of links):
    /// the pair's contribution to a route objective is at least that (specs/encoding.md section 10, "Lower bounds").
    /// </summary>
    private IEnumerable<(string Source, string Target, long Bound)> PairBounds(ObjectiveMetric metric)
    {
        foreach (var flow in program.Flows)
        {
            var classId = routes.FlowClass[flow.Name];
            foreach (var m in facts.Candidates[flow.Source])
            {
                foreach (var n in facts.Candidates[flow.Target])
                {
                    if (m.Name == n.Name)
                    {
                        continue;
                    }
                    var bound = Bound(metric, classId, routes.Index.Device(m.Device), routes.Index.Device(n.Device));
                    if (bound > 0 && bound != RouteSearch.Unreachable)
                    {
                        yield return (Hosts(flow.Source, m.Name), Hosts(flow.Target, n.Name), bound);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The pair bounds of a sum route objective, one term per flow, each with two implied linear bounds: a node m
    /// hosting the source has r(target) distinct partners, so the flow's pairs from m weigh at least the sum of m's
    /// r(target) least pair bounds, LB(m), and the flow's term is at least <c>sum_m LB(m) * x(src, m)</c> (and the
    /// same from the target's side). They hold in every placement, so the master stays a relaxation; they matter
    /// because the products <c>h(s, m) and h(t, n)</c> alone relax to nothing, so a bound query below the optimum was
    /// a search over placements (minutes at 50 devices), and with them it is refuted by arithmetic. The sum of the
    /// flows' least possible totals is the objective's static bound (specs/encoding.md section 15.2).
    /// </summary>
    private readonly List<PairBoundRecord> pairBounds = new();

    /// <summary>The pair bounds behind this master's sum route objectives, for the certificate (specs/encoding.md section 17).</summary>
    public IReadOnlyList<PairBoundRecord> RecordedPairBounds => pairBounds;

    private (List<string> Terms, long StaticBound) FlowSums(Objective objective)
    {
        var terms = new List<string>();
        long staticBound = 0;
        foreach (var flow in program.Flows)
        {
            var classId = routes.FlowClass[flow.Name];
            var bounds = new Dictionary<(string, string), long>();
            var recorded = ImmutableArray.CreateBuilder<(string, string, long?)>();
            foreach (var m in facts.Candidates[flow.Source].OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                foreach (var n in facts.Candidates[flow.Target].OrderBy(n => n.Name, StringComparer.Ordinal))
                {
                    var bound = m.Name == n.Name ? 0 : Bound(objective.Metric, classId, routes.Index.Device(m.Device), routes.Index.Device(n.Device));
                    if (bound != RouteSearch.Unreachable)
                    {
                        bounds[(m.Name, n.Name)] = bound;
                    }
                    recorded.Add((m.Name, n.Name, bound == RouteSearch.Unreachable ? null : bound));
                }
            }
            var positive = bounds.Where(b => b.Value > 0).OrderBy(b => b.Key.Item1, StringComparer.Ordinal).ThenBy(b => b.Key.Item2, StringComparer.Ordinal).ToList();
            if (positive.Count == 0)
            {
                continue;
            }
            pairBounds.Add(new PairBoundRecord(objective.Name, objective.Metric == ObjectiveMetric.TotalHops, flow.Name, classId, flow.Source, flow.Target,
                program.Service(flow.Source).Replicas, program.Service(flow.Target).Replicas, recorded.ToImmutable()));
            var product = Smt.Sum(positive.Select(b => Smt.Ite(Smt.And(Hosts(flow.Source, b.Key.Item1), Hosts(flow.Target, b.Key.Item2)), Smt.Int(b.Value), "0")));
            var sum = script.DefineInt(Smt.Symbol("pairs", objective.Name, flow.Name), SingleReplicaForm(flow, positive, product));
            terms.Add(sum);
            long flowBound = 0;
            var linearBounds = 0;
            foreach (var fromSource in new[] { true, false })
            {
                var (side, other) = fromSource ? (flow.Source, flow.Target) : (flow.Target, flow.Source);
                var partners = program.Service(other).Replicas;
                var least = facts.Candidates[side].ToDictionary(m => m.Name, m => bounds
                    .Where(b => (fromSource ? b.Key.Item1 : b.Key.Item2) == m.Name)
                    .Select(b => b.Value).Order().Take(partners).Sum(), StringComparer.Ordinal);
                var linear = Linear(facts.Candidates[side].Where(m => least[m.Name] > 0).Select(m => (side, m, least[m.Name])));
                if (linear != "0")
                {
                    script.Assert(Smt.Ge(sum, linear));
                    linearBounds++;
                }
                flowBound = Math.Max(flowBound, least.Values.Order().Take(program.Service(side).Replicas).Sum());
            }
            if (linearBounds == 0)
            {
                // Both ends may share a device, so neither side bounds the term above 0; but the term is defined by
                // ite over its pairs, and a solver that removes ite by fresh variables (cvc5) then sees no lower bound
                // at all until every pair's condition is decided, so a bound query below the optimum becomes a search
                // over placements (the Geant example's hops bound: no answer from cvc5 in 300 s, 0.7 s with this).
                script.Assert(Smt.Ge(sum, "0"));
            }
            staticBound += flowBound;
        }
        return (terms, staticBound);
    }

    /// <summary>
    /// The flow's pair terms written linearly on the side of a service with one replica, guarded by that service's W1
    /// literal, else null: when t has exactly one replica, <c>sum_(m,n) [h(s, m) and h(t, n)] * b(m, n)</c> equals
    /// <c>sum_m [h(s, m)] * (sum_n b(m, n) * x(t, n))</c>, since exactly one x(t, n) is 1 (and symmetrically for s).
    /// The value is the same in every model; what changes is that deciding h(s, m) makes the flow's term a linear
    /// expression over t's placement, which the solver's simplex bounds at once, instead of a product that says nothing
    /// until both ends are decided. On the Geant example this makes the bound query of short-routes-latency ten times
    /// faster (specs/encoding.md section 15.2). Without W1 (the literal not assumed), and when both ends have several
    /// replicas, the product form stands.
    /// </summary>
    private string SingleReplicaForm(Flow flow, List<KeyValuePair<(string Source, string Target), long>> positive, string product)
    {
        var targetSingle = program.Service(flow.Target).Replicas == 1;
        if (!targetSingle && program.Service(flow.Source).Replicas != 1)
        {
            return product;
        }
        var (decided, other) = targetSingle ? (flow.Source, flow.Target) : (flow.Target, flow.Source);
        var terms = positive
            .GroupBy(b => targetSingle ? b.Key.Source : b.Key.Target, StringComparer.Ordinal)
            .Select(g => Smt.Ite(Hosts(decided, g.Key),
                Smt.Sum(g.Select(b => (targetSingle ? b.Key.Target : b.Key.Source, b.Value))
                    .Select(t => $"(* {Smt.Int(t.Value)} {indicators[(other, t.Item1)]})")), "0"));
        return Smt.Ite(Smt.Symbol("w1", other), Smt.Sum(terms), product);
    }

    /// <summary>A pair's lower bound for a route metric: link counts for hops, latencies otherwise.</summary>
    private long Bound(ObjectiveMetric metric, int classId, int source, int target) =>
        metric == ObjectiveMetric.TotalHops ? routes.HopLowerBound(classId, source, target) : routes.LowerBound(classId, source, target);
}
