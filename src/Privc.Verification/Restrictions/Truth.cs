namespace Privc.Verification.Restrictions;

/// <summary>
/// The value of a predicate on an element in the three-valued reading of specs/semantics.md section 2: a test on a
/// label the element lacks is <see cref="Unknown"/>, and an intent holds only where the facts it needs are known.
/// </summary>
public enum Truth
{
    False,
    True,
    Unknown,
}

/// <summary>Kleene's strong three-valued connectives.</summary>
public static class Kleene
{
    public static Truth Not(Truth value) => value switch
    {
        Truth.True => Truth.False,
        Truth.False => Truth.True,
        _ => Truth.Unknown,
    };

    public static Truth And(Truth left, Truth right) =>
        left == Truth.False || right == Truth.False ? Truth.False
        : left == Truth.True && right == Truth.True ? Truth.True
        : Truth.Unknown;

    public static Truth Or(Truth left, Truth right) =>
        left == Truth.True || right == Truth.True ? Truth.True
        : left == Truth.False && right == Truth.False ? Truth.False
        : Truth.Unknown;

    public static Truth Of(bool value) => value ? Truth.True : Truth.False;
}
