using System.Collections.Immutable;
using System.Text;

namespace Privc.Verification.Solving;

internal enum SAtomKind
{
    /// <summary>A symbol, plain (<c>x</c>) or quoted (<c>|n 2|</c>); <see cref="SAtom.Value"/> is the name without bars.</summary>
    Symbol,
    /// <summary>A keyword such as <c>:reason-unknown</c>.</summary>
    Keyword,
    /// <summary>A numeral, decimal, #x or #b literal.</summary>
    Literal,
    /// <summary>A string literal; <see cref="SAtom.Value"/> is its decoded content.</summary>
    String,
}

/// <summary>One S-expression of solver output: an atom or a list.</summary>
public abstract record SExpr
{
    /// <summary>
    /// Canonical SMT-LIB text: single spaces, symbols bare when they are simple and |quoted| otherwise, strings in
    /// SMT-LIB 2.6 form (quotes doubled). Two solvers that print the same term differently give the same text.
    /// </summary>
    public abstract string ToCanonical();

    public override string ToString() => ToCanonical();
}

internal sealed record SAtom(SAtomKind Kind, string Value) : SExpr
{
    public override string ToCanonical() => Kind switch
    {
        SAtomKind.Symbol => SmtSymbols.Quote(Value),
        SAtomKind.String => "\"" + Value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
        _ => Value,
    };
}

public sealed record SList(ImmutableArray<SExpr> Items) : SExpr
{
    public override string ToCanonical() => "(" + string.Join(" ", Items.Select(i => i.ToCanonical())) + ")";

    public bool Equals(SList? other) => other is not null && Items.SequenceEqual(other.Items);

    public override int GetHashCode() => Items.Aggregate(17, (h, i) => (h * 31) + i.GetHashCode());
}

/// <summary>
/// Reads what SMT solvers print. Lenient where solvers differ: strings accept both the SMT-LIB 2.6 escape (<c>""</c>,
/// used by z3 and cvc5 in values) and C-style <c>\"</c> and <c>\\</c> (used by z3 in error messages).
/// Comments (<c>;</c> to the end of the line) are skipped, and any expression may span lines.
/// </summary>
internal static class SExprReader
{
    /// <summary>Reads every top-level expression of <paramref name="text"/>; on malformed input returns null and says why.</summary>
    public static ImmutableArray<SExpr>? TryReadAll(string text, out string? error)
    {
        var items = ImmutableArray.CreateBuilder<SExpr>();
        var stack = new Stack<ImmutableArray<SExpr>.Builder>();
        var position = 0;
        while (true)
        {
            SkipTrivia(text, ref position);
            if (position >= text.Length)
            {
                break;
            }
            var c = text[position];
            if (c == '(')
            {
                position++;
                stack.Push(ImmutableArray.CreateBuilder<SExpr>());
                continue;
            }
            SExpr expr;
            if (c == ')')
            {
                if (stack.Count == 0)
                {
                    error = $"unbalanced ')' at offset {position}";
                    return null;
                }
                position++;
                expr = new SList(stack.Pop().ToImmutable());
            }
            else
            {
                var atom = ReadAtom(text, ref position, out error);
                if (atom is null)
                {
                    return null;
                }
                expr = atom;
            }
            if (stack.Count == 0)
            {
                items.Add(expr);
            }
            else
            {
                stack.Peek().Add(expr);
            }
        }
        if (stack.Count > 0)
        {
            error = $"{stack.Count} unclosed '(' at the end of the output";
            return null;
        }
        error = null;
        return items.ToImmutable();
    }

    private static void SkipTrivia(string text, ref int position)
    {
        while (position < text.Length)
        {
            var c = text[position];
            if (c == ';')
            {
                while (position < text.Length && text[position] != '\n')
                {
                    position++;
                }
            }
            else if (char.IsWhiteSpace(c))
            {
                position++;
            }
            else
            {
                return;
            }
        }
    }

    private static SAtom? ReadAtom(string text, ref int position, out string? error)
    {
        var start = position;
        var c = text[position];
        if (c == '"')
        {
            var value = new StringBuilder();
            position++;
            while (position < text.Length)
            {
                var d = text[position];
                if (d == '"' && position + 1 < text.Length && text[position + 1] == '"')
                {
                    value.Append('"');
                    position += 2;
                }
                else if (d == '"')
                {
                    position++;
                    error = null;
                    return new SAtom(SAtomKind.String, value.ToString());
                }
                else if (d == '\\' && position + 1 < text.Length && text[position + 1] is '"' or '\\')
                {
                    value.Append(text[position + 1]);
                    position += 2;
                }
                else
                {
                    value.Append(d);
                    position++;
                }
            }
            error = $"unterminated string starting at offset {start}";
            return null;
        }
        if (c == '|')
        {
            var end = text.IndexOf('|', position + 1);
            if (end < 0)
            {
                error = $"unterminated |quoted symbol| starting at offset {start}";
                return null;
            }
            position = end + 1;
            error = null;
            return new SAtom(SAtomKind.Symbol, text[(start + 1)..end]);
        }
        while (position < text.Length && !char.IsWhiteSpace(text[position]) && text[position] is not ('(' or ')' or '"' or '|' or ';'))
        {
            position++;
        }
        var token = text[start..position];
        error = null;
        if (token[0] == ':')
        {
            return new SAtom(SAtomKind.Keyword, token);
        }
        if (char.IsAsciiDigit(token[0]) || token[0] == '#')
        {
            return new SAtom(SAtomKind.Literal, token);
        }
        return new SAtom(SAtomKind.Symbol, token);
    }
}

/// <summary>SMT-LIB symbol quoting rules.</summary>
internal static class SmtSymbols
{
    private const string SimpleSymbolPunctuation = "~!@$%^&*_-+=<>.?/";

    /// <summary>True when <paramref name="name"/> can be written without bars.</summary>
    public static bool IsSimple(string name) =>
        name.Length > 0
        && !char.IsAsciiDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || SimpleSymbolPunctuation.Contains(c, StringComparison.Ordinal));

    /// <summary>The symbol as SMT-LIB text: bare when simple, else between bars.</summary>
    public static string Quote(string name) => IsSimple(name) ? name : "|" + name + "|";
}
