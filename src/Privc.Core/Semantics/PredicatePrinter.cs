using System.Text;
using Privc.Syntax;
using Privc.Topology;

namespace Privc.Semantics;

/// <summary>Renders a bound predicate in the language's own syntax, for explanations and summaries.</summary>
public static class PredicatePrinter
{
    public static string Print(Predicate predicate) => Print(predicate, 0);

    // Precedence: or = 1, and = 2, not/atoms = 3.
    private static string Print(Predicate predicate, int context)
    {
        var (text, precedence) = predicate switch
        {
            Predicate.Constant c => (c.Value ? "true" : "false", 3),
            Predicate.Not n => ("not " + Print(n.Operand, 3), 3),
            Predicate.And a => (Print(a.Left, 2) + " and " + Print(a.Right, 2), 2),
            Predicate.Or o => (Print(o.Left, 1) + " or " + Print(o.Right, 1), 1),
            Predicate.Flag f => (Key(f.Key), 3),
            Predicate.Member { Values.Length: 1 } m => ($"{Key(m.Key)} {(m.Negated ? "!=" : "==")} {Value(m.Values[0])}", 3),
            Predicate.Member m => ($"{Key(m.Key)} {(m.Negated ? "not in" : "in")} {{{string.Join(", ", m.Values.Select(Value))}}}", 3),
            Predicate.Compare c => ($"{Key(c.Key)} {Operator(c.Operator)} {Value(c.Value)}", 3),
            _ => (predicate.ToString(), 3),
        };
        return precedence < context ? $"({text})" : text;
    }

    public static string Operator(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "==",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        _ => ">=",
    };

    /// <summary>A label key as the language writes it: bare when it is a name, quoted otherwise.</summary>
    public static string Key(string key) => IsName(key) ? key : Quote(key);

    private static string Value(AttributeValue value) => value switch
    {
        AttributeValue.Text t => IsName(t.Value) ? t.Value : Quote(t.Value),
        _ => value.ToString() ?? string.Empty,
    };

    private static bool IsName(string text) => Parsing.Lexicon.IsName(text);

    private static string Quote(string text)
    {
        var result = new StringBuilder("\"");
        foreach (var c in text)
        {
            result.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }
        return result.Append('"').ToString();
    }
}
