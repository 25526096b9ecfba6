using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Syntax;
using Privc.Topology;

namespace Privc.Checking;

/// <summary>
/// [[P]](x) of specs/semantics.md section 2, written out from the table there and nothing else: three-valued, with
/// null for unknown (a test on a key the element lacks), and the connectives' truth tables spelled out. The checker
/// must not share code with the SMT encoding or its helpers, so this deliberately does not reuse the compiler's
/// evaluator: two independent readings of the spec are what make the re-check worth having.
/// </summary>
internal static class PredicateSemantics
{
    /// <summary>The predicate is known to hold: what place, keep, within, over and through need.</summary>
    public static bool Holds(Predicate predicate, IAttributed element) => Value(predicate, element.Attributes) == true;

    /// <summary>The predicate is known to fail: what avoid needs.</summary>
    public static bool Fails(Predicate predicate, IAttributed element) => Value(predicate, element.Attributes) == false;

    /// <summary>True, false, or null when the element lacks a fact the outcome depends on.</summary>
    public static bool? Value(Predicate predicate, IAttributed element) => Value(predicate, element.Attributes);

    public static bool? Value(Predicate predicate, ImmutableSortedDictionary<string, AttributeValue> attributes)
    {
        switch (predicate)
        {
            case Predicate.Constant c:
                return c.Value;
            case Predicate.Not n:
                return Value(n.Operand, attributes) is { } inner ? !inner : null;
            case Predicate.And a:
            {
                // false if either side is false, true if both are true, otherwise unknown
                var left = Value(a.Left, attributes);
                var right = Value(a.Right, attributes);
                if (left == false || right == false)
                {
                    return false;
                }
                return left == true && right == true ? true : null;
            }
            case Predicate.Or o:
            {
                // true if either side is true, false if both are false, otherwise unknown
                var left = Value(o.Left, attributes);
                var right = Value(o.Right, attributes);
                if (left == true || right == true)
                {
                    return true;
                }
                return left == false && right == false ? false : null;
            }
            case Predicate.Flag f:
                return attributes.TryGetValue(f.Key, out var flag) ? flag is AttributeValue.Flag { Value: true } : null;
            case Predicate.Member m:
                return attributes.TryGetValue(m.Key, out var value) ? IsMember(value, m.Values) != m.Negated : null;
            case Predicate.Compare c:
                return attributes.TryGetValue(c.Key, out var actual) ? Compare(actual, c.Operator, c.Value) : null;
            default:
                throw new InvalidOperationException($"privc bug: the checker does not know predicate {predicate.GetType().Name}");
        }
    }

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

    private static bool? Compare(AttributeValue actual, ComparisonOperator op, AttributeValue bound)
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
        // happen the test cannot be established, so it is unknown like any other missing fact.
        int? order = (actual, bound) switch
        {
            (AttributeValue.Level a, AttributeValue.Level b) => a.Rank.CompareTo(b.Rank),
            (AttributeValue.Number a, AttributeValue.Number b) => a.Value.CompareTo(b.Value),
            (AttributeValue.Measure a, AttributeValue.Measure b) when a.Value.Dimension == b.Value.Dimension => a.Value.Value.CompareTo(b.Value.Value),
            _ => null,
        };
        if (order is not { } o)
        {
            return null;
        }
        return op switch
        {
            ComparisonOperator.Less => o < 0,
            ComparisonOperator.LessOrEqual => o <= 0,
            ComparisonOperator.Greater => o > 0,
            _ => o >= 0,
        };
    }
}
