using System.Collections.Immutable;
using Privc.Semantics;

namespace Privc.Llm.Equivalence;

/// <summary>
/// A condition every element of one kind (the nodes of a service, the devices or links of a flow's routes) must meet:
/// the conjunction of its conjuncts, each of which must be known true ([[P]](x) = true, specs/semantics.md section 2).
/// A condition that needs [[P]](x) = false (an `avoid`) is the conjunct `not P`: Kleene's `not` maps false to true
/// and keeps unknown unknown, so [[not P]](x) = true exactly when [[P]](x) = false. Conjuncts are kept once each, in
/// the order of their printed text, so equal sets of conjuncts are equal conditions whatever order they came in.
/// <see cref="Origins"/> names the intents they came from, for explanations only.
/// </summary>
public sealed record Condition(ImmutableSortedDictionary<string, Predicate> Conjuncts, ImmutableSortedSet<string> Origins)
{
    public static Condition True { get; } = new(ImmutableSortedDictionary.Create<string, Predicate>(StringComparer.Ordinal), ImmutableSortedSet.Create<string>(StringComparer.Ordinal));

    public bool IsTrue => Conjuncts.IsEmpty;

    /// <summary>The condition as one predicate that must be known true.</summary>
    public Predicate Predicate => Conjuncts.Values.Aggregate((Predicate?)null, (all, p) => all is null ? p : new Predicate.And(all, p)) ?? Semantics.Predicate.True;

    public Condition And(Predicate conjunct, string? origin) => new(
        Conjuncts.SetItem(Print(conjunct), conjunct),
        origin is null ? Origins : Origins.Add(origin));

    public Condition And(Condition other) => new(Conjuncts.SetItems(other.Conjuncts), Origins.Union(other.Origins));

    /// <summary>
    /// "The element has key k": [[k not in {}]](x) is true exactly when x has k (a membership test on a missing key
    /// is unknown, and on a present key `not in {}` holds). The binder never writes an empty set; only the normal
    /// form does, for conditions that separation, colocation and spread imply.
    /// </summary>
    public static Predicate Defined(string key) => new Predicate.Member(key, [], Negated: true);

    public static bool IsDefinedTest(Predicate predicate, out string key)
    {
        key = predicate is Predicate.Member { Values.IsEmpty: true, Negated: true } m ? m.Key : string.Empty;
        return key.Length > 0;
    }

    /// <summary>The conjuncts for people: predicates as the language writes them, "k is set" for <see cref="Defined"/>.</summary>
    public string Describe() => IsTrue ? "no condition" : string.Join(" and ", Conjuncts.Values.Select(Print));

    public static string Print(Predicate predicate) => predicate switch
    {
        _ when IsDefinedTest(predicate, out var key) => $"{PredicatePrinter.Key(key)} is set",
        _ => PredicatePrinter.Print(predicate),
    };
}
