using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Syntax;
using Privc.Topology;

namespace Privc.Verification.Explanation;

/// <summary>
/// Renders bound predicates as English conditions ("jurisdiction is AU and trust is at least medium"). Deterministic
/// and faithful: it says what the predicate tests, with the grouping made explicit, and never simplifies.
/// </summary>
internal static class EnglishPredicate
{
    /// <summary>A restriction to follow a plural noun: "that are encrypted", "where tier is edge or cloud".</summary>
    public static string Where(Predicate predicate) => predicate switch
    {
        Predicate.Flag f => $"that are {f.Key}",
        Predicate.Not { Operand: Predicate.Flag f } => $"that are not {f.Key}",
        Predicate.Constant { Value: true } => "of any kind",
        Predicate.Constant { Value: false } => "where false (there are none)",
        _ => "where " + Phrase(predicate),
    };

    /// <summary>The condition as a clause: "tee is true and tier is edge or cloud".</summary>
    public static string Phrase(Predicate predicate) => Phrase(predicate, 0);

    // Precedence as in the language: or = 1, and = 2, atoms and not = 3. Lower-precedence operands get parentheses.
    private static string Phrase(Predicate predicate, int context)
    {
        var (text, precedence) = predicate switch
        {
            Predicate.Constant c => (c.Value ? "true" : "false", 3),
            Predicate.Flag f => ($"{f.Key} is true", 3),
            Predicate.Not { Operand: Predicate.Flag f } => ($"{f.Key} is not true", 3),
            Predicate.Not n => ($"not ({Phrase(n.Operand, 0)})", 3),
            Predicate.And a => ($"{Phrase(a.Left, 2)} and {Phrase(a.Right, 2)}", 2),
            Predicate.Or o => ($"{Phrase(o.Left, 1)} or {Phrase(o.Right, 1)}", 1),
            Predicate.Member m => (Member(m), 3),
            Predicate.Compare c => ($"{c.Key} is {Comparison(c.Operator)} {c.Value}", 3),
            _ => (PredicatePrinter.Print(predicate), 3),
        };
        return precedence < context ? $"({text})" : text;
    }

    private static string Member(Predicate.Member member)
    {
        var values = member.Values.Select(v => v.ToString()!).ToImmutableArray();
        return (member.Negated, values.Length) switch
        {
            (_, 0) => member.Negated ? $"{member.Key} is set" : $"{member.Key} is one of no values (never)",
            (false, 1) => $"{member.Key} is {values[0]}",
            (true, 1) => $"{member.Key} is not {values[0]}",
            (false, 2) => $"{member.Key} is {values[0]} or {values[1]}",
            (true, 2) => $"{member.Key} is neither {values[0]} nor {values[1]}",
            (false, _) => $"{member.Key} is one of {string.Join(", ", values)}",
            (true, _) => $"{member.Key} is none of {string.Join(", ", values)}",
        };
    }

    private static string Comparison(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Less => "below",
        ComparisonOperator.LessOrEqual => "at most",
        ComparisonOperator.Greater => "above",
        ComparisonOperator.GreaterOrEqual => "at least",
        ComparisonOperator.Equal => "exactly",
        _ => "other than",
    };

    /// <summary>Device names when the predicate is exactly `name in {...}` (how `avoid s1, s2` and `through s3` bind).</summary>
    public static ImmutableArray<string>? DeviceNames(Predicate predicate) =>
        predicate is Predicate.Member { Key: "name", Negated: false } m && m.Values.All(v => v is AttributeValue.Text)
            ? m.Values.Select(v => v.ToString()!).ToImmutableArray()
            : null;
}
