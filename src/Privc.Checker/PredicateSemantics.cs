using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Syntax;
using Privc.Topology;

namespace Privc.Checking;

/// <summary>
/// [[P]](x) of specs/semantics.md section 2, written out from the table there and nothing else. The checker must
/// not share code with the SMT encoding or its helpers, so this deliberately does not reuse
/// <c>Semantics/PredicateEvaluator</c>: two independent readings of the spec are what make the re-check worth having.
/// </summary>
public static class PredicateSemantics
{
    public static bool Holds(Predicate predicate, IAttributed element) => Holds(predicate, element.Attributes);

    public static bool Holds(Predicate predicate, ImmutableSortedDictionary<string, AttributeValue> attributes) => predicate switch
    {
        Predicate.Constant c => c.Value,
        Predicate.Not n => !Holds(n.Operand, attributes),
        Predicate.And a => Holds(a.Left, attributes) && Holds(a.Right, attributes),
        Predicate.Or o => Holds(o.Left, attributes) || Holds(o.Right, attributes),
        Predicate.Flag f => attributes.TryGetValue(f.Key, out var flag) && flag is AttributeValue.Flag { Value: true },
        Predicate.Member m => attributes.TryGetValue(m.Key, out var value) && IsMember(value, m.Values) != m.Negated,
        Predicate.Compare c => attributes.TryGetValue(c.Key, out var value) && Compare(value, c.Operator, c.Value),
        _ => throw new InvalidOperationException($"privc bug: the checker does not know predicate {predicate.GetType().Name}"),
    };

    // An atomic test on a present key: membership is equality of typed values.
    private static bool IsMember(AttributeValue value, ImmutableArray<AttributeValue> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (Same(value, candidate))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Same(AttributeValue left, AttributeValue right) => (left, right) switch
    {
        (AttributeValue.Level a, AttributeValue.Level b) => a.Rank == b.Rank && a.Name == b.Name,
        (AttributeValue.Number a, AttributeValue.Number b) => a.Value == b.Value,
        (AttributeValue.Measure a, AttributeValue.Measure b) => a.Value.Dimension == b.Value.Dimension && a.Value.Value == b.Value.Value,
        (AttributeValue.Text a, AttributeValue.Text b) => string.Equals(a.Value, b.Value, StringComparison.Ordinal),
        (AttributeValue.Flag a, AttributeValue.Flag b) => a.Value == b.Value,
        _ => false,
    };

    private static bool Compare(AttributeValue actual, ComparisonOperator op, AttributeValue bound)
    {
        if (op is ComparisonOperator.Equal)
        {
            return Same(actual, bound);
        }
        if (op is ComparisonOperator.NotEqual)
        {
            return !Same(actual, bound);
        }
        // Values of different types are not ordered with each other; the type checker rules that out, and should it
        // happen the test cannot be established, so it is false like any other unknown fact.
        int? order = (actual, bound) switch
        {
            (AttributeValue.Level a, AttributeValue.Level b) => a.Rank.CompareTo(b.Rank),
            (AttributeValue.Number a, AttributeValue.Number b) => a.Value.CompareTo(b.Value),
            (AttributeValue.Measure a, AttributeValue.Measure b) when a.Value.Dimension == b.Value.Dimension => a.Value.Value.CompareTo(b.Value.Value),
            _ => null,
        };
        return order is { } o && op switch
        {
            ComparisonOperator.Less => o < 0,
            ComparisonOperator.LessOrEqual => o <= 0,
            ComparisonOperator.Greater => o > 0,
            _ => o >= 0,
        };
    }
}
