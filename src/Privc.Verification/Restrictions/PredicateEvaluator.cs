using Privc.Semantics;
using Privc.Syntax;
using Privc.Topology;

namespace Privc.Verification.Restrictions;

/// <summary>
/// [[P]](x) of specs/semantics.md section 2, three-valued: an atomic test on a key the element lacks is unknown, and
/// the connectives are Kleene's. Used by the restriction model (and through it pruning, the encoder, explanations and
/// the emitters). The independent checker deliberately has its own implementation.
/// </summary>
public static class PredicateEvaluator
{
    public static Truth Evaluate(Predicate predicate, IAttributed element) => predicate switch
    {
        Predicate.Constant c => Kleene.Of(c.Value),
        Predicate.Not n => Kleene.Not(Evaluate(n.Operand, element)),
        Predicate.And a => Kleene.And(Evaluate(a.Left, element), Evaluate(a.Right, element)),
        Predicate.Or o => Kleene.Or(Evaluate(o.Left, element), Evaluate(o.Right, element)),
        Predicate.Flag f => element.Attributes.TryGetValue(f.Key, out var v) ? Kleene.Of(v is AttributeValue.Flag { Value: true }) : Truth.Unknown,
        Predicate.Member m => element.Attributes.TryGetValue(m.Key, out var v) ? Kleene.Of(m.Values.Contains(v) != m.Negated) : Truth.Unknown,
        Predicate.Compare c => element.Attributes.TryGetValue(c.Key, out var v) && Compare(v, c.Value) is { } order ? Kleene.Of(Holds(c.Operator, order)) : Truth.Unknown,
        _ => throw new InvalidOperationException($"privc bug: unknown predicate {predicate.GetType().Name}"),
    };

    /// <summary>[[P]](x) is known to be true.</summary>
    public static bool IsTrue(Predicate predicate, IAttributed element) => Evaluate(predicate, element) == Truth.True;

    /// <summary>[[P]](x) is known to be false.</summary>
    public static bool IsFalse(Predicate predicate, IAttributed element) => Evaluate(predicate, element) == Truth.False;

    private static int? Compare(AttributeValue left, AttributeValue right) => (left, right) switch
    {
        (AttributeValue.Number a, AttributeValue.Number b) => a.Value.CompareTo(b.Value),
        (AttributeValue.Level a, AttributeValue.Level b) => a.Rank.CompareTo(b.Rank),
        (AttributeValue.Measure a, AttributeValue.Measure b) when a.Value.Dimension == b.Value.Dimension => a.Value.Value.CompareTo(b.Value.Value),
        (AttributeValue.Text a, AttributeValue.Text b) => string.CompareOrdinal(a.Value, b.Value) == 0 ? 0 : null,
        (AttributeValue.Flag a, AttributeValue.Flag b) => a.Value == b.Value ? 0 : null,
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
