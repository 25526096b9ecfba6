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
                case ObjectiveMetric.TotalLatency:
                case ObjectiveMetric.TotalHops:
                {
                    var excess = Smt.Symbol("excess", objective.Name);
                    script.Declare(excess, "Int");
                    script.Assert(Smt.Ge(excess, "0"));
                    var terms = PairBounds(objective.Metric).Select(p => Smt.Ite(Smt.And(p.Source, p.Target), Smt.Int(p.Bound), "0")).Append(excess);
                    result.Add(new MasterObjective(objective, script.DefineInt(symbol, Smt.Sum(terms)), 0, excess));
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

    /// <summary>A pair's lower bound for a route metric: link counts for hops, latencies otherwise.</summary>
    private long Bound(ObjectiveMetric metric, int classId, int source, int target) =>
        metric == ObjectiveMetric.TotalHops ? routes.HopLowerBound(classId, source, target) : routes.LowerBound(classId, source, target);
}
