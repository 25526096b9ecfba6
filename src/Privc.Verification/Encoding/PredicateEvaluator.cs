using Privc.Semantics;
using Privc.Syntax;
using Privc.Topology;

namespace Privc.Verification.Encoding;

/// <summary>
/// [[P]](x) of specs/semantics.md section 2, used by the encoder (static facts) and the explainer. The independent
/// checker deliberately has its own implementation.
/// </summary>
public static class PredicateEvaluator
{
    public static bool Evaluate(Predicate predicate, IAttributed element) => predicate switch
    {
        Predicate.Constant c => c.Value,
        Predicate.Not n => !Evaluate(n.Operand, element),
        Predicate.And a => Evaluate(a.Left, element) && Evaluate(a.Right, element),
        Predicate.Or o => Evaluate(o.Left, element) || Evaluate(o.Right, element),
        Predicate.Flag f => element.Attributes.TryGetValue(f.Key, out var v) && v is AttributeValue.Flag { Value: true },
        Predicate.Member m => element.Attributes.TryGetValue(m.Key, out var v) && m.Values.Contains(v) != m.Negated,
        Predicate.Compare c => element.Attributes.TryGetValue(c.Key, out var v) && Compare(v, c.Value) is { } order && Holds(c.Operator, order),
        _ => throw new InvalidOperationException($"privc bug: unknown predicate {predicate.GetType().Name}"),
    };

    private static int? Compare(AttributeValue left, AttributeValue right) => (left, right) switch
    {
        (AttributeValue.Number a, AttributeValue.Number b) => a.Value.CompareTo(b.Value),
        (AttributeValue.Level a, AttributeValue.Level b) => a.Rank.CompareTo(b.Rank),
        (AttributeValue.Measure a, AttributeValue.Measure b) when a.Value.Dimension == b.Value.Dimension => a.Value.Value.CompareTo(b.Value.Value),
        _ => null,
    };

    private static bool Holds(ComparisonOperator op, int order) => op switch
    {
        ComparisonOperator.Less => order < 0,
        ComparisonOperator.LessOrEqual => order <= 0,
        ComparisonOperator.Greater => order > 0,
        ComparisonOperator.GreaterOrEqual => order >= 0,
        ComparisonOperator.Equal => order == 0,
        _ => order != 0,
    };
}
