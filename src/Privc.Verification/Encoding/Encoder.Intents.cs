using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;

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

    /// <summary>Relations between services: separate, colocate, dedicate, spread (placement and keep are pruning).</summary>
    private void EncodeRelations()
    {
        foreach (var intent in active)
        {
            var guard = Guard(intent);
            switch (intent)
            {
                case SeparateIntent separate:
                    script.Comment($"intent {intent.Name}: separate by {separate.Scope}");
                    foreach (var a in separate.Left)
                    {
                        foreach (var b in separate.Right.Where(b => b != a))
                        {
                            foreach (var value in ScopeValues([a, b], separate.Scope))
                            {
                                script.Assert(Smt.Not(Smt.And(InScope(a, separate.Scope, value), InScope(b, separate.Scope, value))), guard);
                            }
                        }
                    }
                    foreach (var s in separate.Left.Intersect(separate.Right).Where(s => separate.Scope.Kind == SeparationScope.Label))
                    {
                        foreach (var value in ScopeValues([s], separate.Scope))
                        {
                            var nodes = facts.Candidates[s].Where(n => ScopeOf(separate.Scope, n) == value).ToList();
                            if (nodes.Count > 1)
                            {
                                script.Assert(Smt.Le(Smt.Sum(nodes.Select(n => Smt.Indicator(Hosts(s, n)))), "1"), guard);
                            }
                        }
                    }
                    break;
                case ColocateIntent colocate:
                    script.Comment($"intent {intent.Name}: colocate by {colocate.Scope}");
                    foreach (var a in colocate.Left)
                    {
                        foreach (var b in colocate.Right.Where(b => b != a))
                        {
                            foreach (var node in facts.Candidates[a])
                            {
                                var value = ScopeOf(colocate.Scope, node);
                                script.Assert(Smt.Implies(Hosts(a, node), value is null ? Smt.False : InScope(b, colocate.Scope, value)), guard);
                            }
                        }
                    }
                    break;
                case DedicateIntent dedicate:
                    script.Comment($"intent {intent.Name}: dedicated nodes");
                    foreach (var s in dedicate.Services.Select(program.Service))
                    {
                        foreach (var other in program.Services.Where(t => t.Tenant != s.Tenant))
                        {
                            foreach (var node in facts.Candidates[s.Name].Intersect(facts.Candidates[other.Name]))
                            {
                                script.Assert(Smt.Not(Smt.And(Hosts(s.Name, node), Hosts(other.Name, node))), guard);
                            }
                        }
                    }
                    break;
                case SpreadIntent spread:
                    script.Comment($"intent {intent.Name}: spread across {spread.Key} at least {spread.MinDistinct}");
                    var scope = new Scope(SeparationScope.Label, spread.Key);
                    foreach (var s in spread.Services)
                    {
                        var values = ScopeValues([s], scope).ToList();
                        script.Assert(Smt.Ge(Smt.Sum(values.Select(v => Smt.Indicator(InScope(s, scope, v)))), Smt.Int(spread.MinDistinct)), guard);
                    }
                    break;
            }
        }
    }

    /// <summary>Cost is a decimal per node; the encoding scales it to whole thousandths.</summary>
    public const int CostScale = 1000;

    private ImmutableArray<ObjectiveTerm> EncodeObjectives()
    {
        var result = ImmutableArray.CreateBuilder<ObjectiveTerm>();
        foreach (var objective in program.Objectives)
        {
            script.Comment($"objective {objective.Name}: {objective.Metric}");
            string term;
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
                    term = DefineInt(Smt.Symbol("objective", objective.Name), Smt.Sum(program.Services.SelectMany(s => facts.Candidates[s.Name]
                        .Where(n => n.Cost != 0)
                        .Select(n => Smt.Ite(Hosts(s.Name, n), Smt.Int((long)decimal.Round(n.Cost * CostScale)), "0")))));
                    break;
                case ObjectiveMetric.Nodes:
                    term = DefineInt(Smt.Symbol("objective", objective.Name), Smt.Sum(topology.Nodes.Select(n =>
                        Smt.Indicator(Smt.Or(program.Services.Select(s => Hosts(s.Name, n)))))));
                    break;
                default:
                    term = DefineInt(Smt.Symbol("objective", objective.Name), Smt.Sum(program.Services.SelectMany(s => facts.Candidates[s.Name]
                        .Where(n => !PredicateEvaluator.Evaluate(objective.Prefer!, n))
                        .Select(n => Smt.Indicator(Hosts(s.Name, n))))));
                    break;
            }
            result.Add(new ObjectiveTerm(objective, term));
        }
        return result.ToImmutable();
    }
}
