namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// A fact that may be unknown to privc (Kleene's three-valued logic): a label a controller adds with a value privc
/// cannot compute, a node label neither the topology nor a Node object gives. <c>check</c> judges with both readings
/// and calls a result that depends on the unknown "cannot judge", never one or the other.
/// </summary>
internal enum Tri
{
    False,
    Unknown,
    True,
}

internal static class TriLogic
{
    public static Tri Of(bool value) => value ? Tri.True : Tri.False;

    public static Tri And(this Tri a, Tri b) => (Tri)Math.Min((int)a, (int)b);

    public static Tri Or(this Tri a, Tri b) => (Tri)Math.Max((int)a, (int)b);

    public static Tri Not(this Tri a) => (Tri)(2 - (int)a);

    public static Tri All<T>(this IEnumerable<T> items, Func<T, Tri> predicate)
    {
        var result = Tri.True;
        foreach (var item in items)
        {
            result = result.And(predicate(item));
            if (result == Tri.False)
            {
                return Tri.False;
            }
        }
        return result;
    }

    public static Tri Any<T>(this IEnumerable<T> items, Func<T, Tri> predicate)
    {
        var result = Tri.False;
        foreach (var item in items)
        {
            result = result.Or(predicate(item));
            if (result == Tri.True)
            {
                return Tri.True;
            }
        }
        return result;
    }

    /// <summary>True under the reading where unknowns are false (what certainly holds).</summary>
    public static bool Surely(this Tri value) => value == Tri.True;

    /// <summary>True under the reading where unknowns are true (what may hold).</summary>
    public static bool Possibly(this Tri value) => value != Tri.False;
}
