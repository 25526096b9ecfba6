using System.Collections.Immutable;
using Privc.Syntax;
using Privc.Topology;

namespace Privc.Semantics;

/// <summary>
/// A bound predicate over the attributes of topology elements. Every key has been checked against the
/// topology's schema and every literal converted to the attribute's type, so evaluation cannot fail.
/// </summary>
public abstract record Predicate
{
    public sealed record Constant(bool Value) : Predicate;

    public sealed record Not(Predicate Operand) : Predicate;

    public sealed record And(Predicate Left, Predicate Right) : Predicate;

    public sealed record Or(Predicate Left, Predicate Right) : Predicate;

    /// <summary><c>key in {v1, v2}</c> or, negated, <c>key not in {...}</c>. False when the element lacks the key.</summary>
    public sealed record Member(string Key, ImmutableArray<AttributeValue> Values, bool Negated) : Predicate;

    /// <summary><c>key op value</c>. False when the element lacks the key.</summary>
    public sealed record Compare(string Key, ComparisonOperator Operator, AttributeValue Value) : Predicate;

    /// <summary>A bare flag: true exactly when the element has the key with value true.</summary>
    public sealed record Flag(string Key) : Predicate;

    public static Predicate True { get; } = new Constant(true);

    public static Predicate False { get; } = new Constant(false);
}
