using System.Collections.Immutable;
using System.Text;

namespace Privc.Solving;

/// <summary>A parsed S-expression: an atom (symbol, numeral, string literal kept with its quotes) or a list.</summary>
public abstract record SExpression
{
    public sealed record Atom(string Text) : SExpression
    {
        public override string ToString() => Text;
    }

    public sealed record List(ImmutableArray<SExpression> Items) : SExpression
    {
        public override string ToString() => "(" + string.Join(' ', Items) + ")";
    }

    /// <summary>
    /// Parses a sequence of S-expressions from solver output. Handles "strings" with "" escapes, |quoted symbols|
    /// and ; comments. Returns null when the text is not well-formed.
    /// </summary>
    public static ImmutableArray<SExpression>? ParseAll(string text)
    {
        var result = ImmutableArray.CreateBuilder<SExpression>();
        var stack = new Stack<ImmutableArray<SExpression>.Builder>();
        var i = 0;
        void Add(SExpression e)
        {
            if (stack.Count > 0)
            {
                stack.Peek().Add(e);
            }
            else
            {
                result.Add(e);
            }
        }
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == ';')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '(')
            {
                stack.Push(ImmutableArray.CreateBuilder<SExpression>());
                i++;
            }
            else if (c == ')')
            {
                if (stack.Count == 0)
                {
                    return null;
                }
                var items = stack.Pop().ToImmutable();
                Add(new List(items));
                i++;
            }
            else if (c == '"')
            {
                var start = i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        return null;
                    }
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    i++;
                }
                Add(new Atom(text[start..i]));
            }
            else if (c == '|')
            {
                var end = text.IndexOf('|', i + 1);
                if (end < 0)
                {
                    return null;
                }
                Add(new Atom(text[i..(end + 1)]));
                i = end + 1;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or '"' or ';'))
                {
                    i++;
                }
                Add(new Atom(text[start..i]));
            }
        }
        return stack.Count == 0 ? result.ToImmutable() : null;
    }

    /// <summary>The unquoted content of a string literal atom.</summary>
    public static string Unquote(string literal) =>
        literal.Length >= 2 && literal[0] == '"' && literal[^1] == '"' ? literal[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : literal;

    /// <summary>Prints an expression the way it would be written in a script (for values: `(- 7)`).</summary>
    public static string Print(SExpression expression)
    {
        var text = new StringBuilder();
        Write(expression, text);
        return text.ToString();
    }

    private static void Write(SExpression expression, StringBuilder text)
    {
        switch (expression)
        {
            case Atom a:
                text.Append(a.Text);
                break;
            case List l:
                text.Append('(');
                for (var i = 0; i < l.Items.Length; i++)
                {
                    if (i > 0)
                    {
                        text.Append(' ');
                    }
                    Write(l.Items[i], text);
                }
                text.Append(')');
                break;
        }
    }
}
