using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;
using Privc.Verification.Restrictions;

namespace Privc.Verification.Encoding;

public sealed partial class Encoder
{
    /// <summary>The value of a node's scope: the node itself, or its attribute (null when undefined).</summary>
    private static string? ScopeOf(Scope scope, ComputeNode node) =>
        scope.Kind == SeparationScope.Node ? node.Name
        : node.Attributes.TryGetValue(scope.Key!, out var value) ? value.ToString() : null;

    /// <summary>`in(s, v)`: some replica of s is on a node whose scope value is v.</summary>
    private string InScope(string service, Scope scope, string value) =>
        Smt.Or(facts.Candidates[service].Where(n => ScopeOf(scope, n) == value).Select(n => Hosts(service, n)));

    private IEnumerable<string> ScopeValues(IEnumerable<string> services, Scope scope) =>
        services.SelectMany(s => facts.Candidates[s]).Select(n => ScopeOf(scope, n)).OfType<string>()
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    /// <summary>Relations between services: separate, colocate, dedicate, spread (node conditions are pruning).</summary>
    private void EncodeRelations()
    {
        var relations = new Relations(this);
        foreach (var restriction in facts.Restrictions.All)
        {
            restriction.Accept(relations);
        }
    }

    private sealed class Relations(Encoder encoder) : IRestrictionVisitor<bool>
    {
        private SmtScript Script => encoder.script;

        public bool VisitSeparation(SeparationRestriction separate)
        {
            var guard = encoder.Guard(separate.Origin);
            Script.Comment($"intent {separate.Origin.Name}: separate by {separate.Scope}");
            foreach (var a in separate.Left)
            {
                foreach (var b in separate.Right.Where(b => b != a))
                {
                    foreach (var value in encoder.ScopeValues([a, b], separate.Scope))
                    {
                        Script.Assert(Smt.Not(Smt.And(encoder.InScope(a, separate.Scope, value), encoder.InScope(b, separate.Scope, value))), guard);
                    }
                }
            }
            foreach (var s in separate.Left.Intersect(separate.Right).Where(s => separate.Scope.Kind == SeparationScope.Label))
            {
                foreach (var value in encoder.ScopeValues([s], separate.Scope))
                {
                    var nodes = encoder.facts.Candidates[s].Where(n => ScopeOf(separate.Scope, n) == value).ToList();
                    if (nodes.Count > 1)
                    {
                        Script.Assert(Smt.Le(Smt.Sum(nodes.Select(n => Smt.Indicator(encoder.Hosts(s, n)))), "1"), guard);
                    }
                }
            }
            return true;
        }

        public bool VisitColocation(ColocationRestriction colocate)
        {
            var guard = encoder.Guard(colocate.Origin);
            Script.Comment($"intent {colocate.Origin.Name}: colocate by {colocate.Scope}");
            foreach (var a in colocate.Left)
            {
                foreach (var b in colocate.Right.Where(b => b != a))
                {
                    foreach (var node in encoder.facts.Candidates[a])
                    {
                        var value = ScopeOf(colocate.Scope, node);
                        Script.Assert(Smt.Implies(encoder.Hosts(a, node), value is null ? Smt.False : encoder.InScope(b, colocate.Scope, value)), guard);
                    }
                }
            }
            return true;
        }

        public bool VisitDedication(DedicationRestriction dedicate)
        {
            var guard = encoder.Guard(dedicate.Origin);
            Script.Comment($"intent {dedicate.Origin.Name}: dedicated nodes");
            foreach (var s in dedicate.Dedicated.Select(encoder.program.Service))
            {
                foreach (var other in encoder.program.Services.Where(t => t.Tenant != s.Tenant))
                {
                    foreach (var node in encoder.facts.Candidates[s.Name].Intersect(encoder.facts.Candidates[other.Name]))
                    {
                        Script.Assert(Smt.Not(Smt.And(encoder.Hosts(s.Name, node), encoder.Hosts(other.Name, node))), guard);
                    }
                }
            }
            return true;
        }

        public bool VisitSpread(SpreadRestriction spread)
        {
            Script.Comment($"intent {spread.Origin.Name}: spread {spread.Service} across {spread.Label} at least {spread.MinDistinct}");
            var scope = new Scope(SeparationScope.Label, spread.Label);
            var values = encoder.ScopeValues([spread.Service], scope).ToList();
            Script.Assert(Smt.Ge(Smt.Sum(values.Select(v => Smt.Indicator(encoder.InScope(spread.Service, scope, v)))), Smt.Int(spread.MinDistinct)), encoder.Guard(spread.Origin));
            return true;
        }

        // Node conditions are pruning (or EncodeNodeConditions); route restrictions belong to the routes (EncodePair).
        public bool VisitNode(NodeRestriction restriction) => false;

        public bool VisitRouteDevices(RouteDeviceRestriction restriction) => false;

        public bool VisitRouteLinks(RouteLinkRestriction restriction) => false;

        public bool VisitLatency(LatencyRestriction restriction) => false;

        public bool VisitHops(HopRestriction restriction) => false;

        public bool VisitWaypoints(WaypointRestriction restriction) => false;
    }

    /// <summary>
    /// Costs are decimals; the encoding multiplies them by the least power of ten that makes every node's cost a whole
    /// number, so cost sums and their optima are exact (the topology loader bounds costs so that sums fit a long).
    /// </summary>
    public static long CostScaleOf(TopologyModel topology)
    {
        var places = topology.Nodes.Select(n => TopologyLoader.DecimalPlaces(n.Cost)).DefaultIfEmpty(0).Max();
        var scale = 1L;
        for (var k = 0; k < places; k++)
        {
            scale *= 10;
        }
        return scale;
    }

    private static long ScaledCost(decimal cost, long scale)
    {
        var scaled = cost * scale;
        if (scaled != decimal.Truncate(scaled))
        {
            throw new InvalidOperationException($"privc bug: cost {cost} is not a whole number of 1/{scale}");
        }
        return (long)scaled;
    }

    private ImmutableArray<ObjectiveTerm> EncodeObjectives()
    {
        var result = ImmutableArray.CreateBuilder<ObjectiveTerm>();
        foreach (var objective in program.Objectives)
        {
            script.Comment($"objective {objective.Name}: {objective.Metric}");
            string term;
            var scale = 1L;
            switch (objective.Metric)
            {
                case ObjectiveMetric.TotalLatency:
                    term = DefineInt(Smt.Symbol("objective", objective.Name), Smt.Sum(pairs.Select(p => p.Latency!)));
                    break;
                case ObjectiveMetric.MaxLatency:
                    term = Smt.Symbol("objective", objective.Name);
                    DeclareInt(term);
                    script.Assert(Smt.Ge(term, "0"));
                    foreach (var pair in pairs)
                    {
                        script.Assert(Smt.Ge(term, pair.Latency!));
                    }
                    break;
                case ObjectiveMetric.Cost:
                    scale = CostScaleOf(topology);
                    script.Comment($"costs in units of 1/{scale.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
                    term = DefineInt(Smt.Symbol("objective", objective.Name), Smt.Sum(program.Services.SelectMany(s => facts.Candidates[s.Name]
                        .Where(n => n.Cost != 0)
                        .Select(n => Smt.Ite(Hosts(s.Name, n), Smt.Int(ScaledCost(n.Cost, scale)), "0")))));
                    break;
                case ObjectiveMetric.TotalHops:
                    // Every chosen link of every replica pair counts once (specs/encoding.md section 7).
                    term = DefineInt(Smt.Symbol("objective", objective.Name), Smt.Sum(pairs.SelectMany(p => p.Links.Select(l => Smt.Indicator(l.Symbol)))));
                    break;
                case ObjectiveMetric.Nodes:
                    term = DefineInt(Smt.Symbol("objective", objective.Name), Smt.Sum(topology.Nodes.Select(n =>
                        Smt.Indicator(Smt.Or(program.Services.Select(s => Hosts(s.Name, n)))))));
                    break;
                case ObjectiveMetric.MovedReplicas:
                    term = MovedTerm(objective);
                    break;
                case ObjectiveMetric.DisturbedRoutes:
                    term = DisturbedTerm(objective);
                    break;
                default:
                    term = DefineInt(Smt.Symbol("objective", objective.Name), Smt.Sum(program.Services.SelectMany(s => facts.Candidates[s.Name]
                        .Where(n => !PredicateEvaluator.IsTrue(objective.Prefer!, n))
                        .Select(n => Smt.Indicator(Hosts(s.Name, n))))));
                    break;
            }
            result.Add(new ObjectiveTerm(objective, term, scale));
        }
        return result.ToImmutable();
    }
}
