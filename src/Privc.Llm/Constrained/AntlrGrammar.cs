using System.Collections.Immutable;
using System.Text;

namespace Privc.Llm.Constrained;

/// <summary>An element of an ANTLR alternative, with its repetition (<c>?</c>, <c>*</c>, <c>+</c>; <c>*?</c> non-greedy).</summary>
public abstract record AntlrElement
{
    public string Suffix { get; init; } = string.Empty;

    public bool NonGreedy { get; init; }

    /// <summary>A parser rule, a lexer rule, or EOF.</summary>
    public sealed record Reference(string Name) : AntlrElement;

    /// <summary>A quoted literal such as <c>'place'</c>, unescaped.</summary>
    public sealed record Literal(string Text) : AntlrElement;

    /// <summary>A character set <c>[a-z]</c> as written between the brackets, or its complement <c>~[...]</c>.</summary>
    public sealed record CharSet(string Body, bool Negated) : AntlrElement;

    /// <summary>The complement of one literal character, <c>~'*'</c>.</summary>
    public sealed record NotLiteral(string Text) : AntlrElement;

    /// <summary><c>.</c>: any character.</summary>
    public sealed record Any : AntlrElement;

    public sealed record Group(ImmutableArray<AntlrAlternative> Alternatives) : AntlrElement;
}

/// <summary>One alternative: its elements and the lexer command after <c>-&gt;</c>, if any (labels dropped).</summary>
public sealed record AntlrAlternative(ImmutableArray<AntlrElement> Elements, string? Command);

public sealed record AntlrRule(string Name, bool IsLexer, bool IsFragment, ImmutableArray<AntlrAlternative> Alternatives)
{
    /// <summary>Lexer rules whose tokens the parser never sees (<c>-&gt; channel(HIDDEN)</c> or <c>-&gt; skip</c>).</summary>
    public bool IsHidden => IsLexer && Alternatives.Any(a => a.Command is { } c && (c.StartsWith("channel", StringComparison.Ordinal) || c == "skip"));
}

/// <summary>
/// Reads the subset of ANTLR 4 grammar syntax that grammar/Privc.g4 uses: parser and lexer rules, fragments,
/// alternatives with labels (<c># name</c>), element labels (<c>key=name</c>), groups, <c>? * +</c> and their
/// non-greedy forms, literals, character sets and their complements, <c>.</c>, and lexer commands. Anything else is
/// reported with its position, so a grammar change the generator cannot follow fails the build's tests, never
/// silently.
/// </summary>
public static class AntlrGrammarReader
{
    public static ImmutableArray<AntlrRule> Read(string text)
    {
        var tokens = Tokenise(text);
        var position = 0;
        var rules = ImmutableArray.CreateBuilder<AntlrRule>();
        string Peek() => position < tokens.Count ? tokens[position] : string.Empty;
        string Next() => position < tokens.Count ? tokens[position++] : throw new FormatException("the grammar ends inside a rule");
        void Expect(string token)
        {
            var next = Next();
            if (next != token)
            {
                throw new FormatException($"expected '{token}' in the grammar, found '{next}' (token {position})");
            }
        }

        ImmutableArray<AntlrAlternative> Alternatives(string end)
        {
            var result = ImmutableArray.CreateBuilder<AntlrAlternative>();
            while (true)
            {
                var elements = ImmutableArray.CreateBuilder<AntlrElement>();
                string? command = null;
                while (Peek() is var next && next != "|" && next != end)
                {
                    if (next == "#")
                    {
                        Next();
                        Next();
                        continue;
                    }
                    if (next == "->")
                    {
                        Next();
                        var words = new StringBuilder();
                        while (Peek() != "|" && Peek() != end)
                        {
                            words.Append(Next());
                        }
                        command = words.ToString();
                        continue;
                    }
                    elements.Add(Element());
                }
                result.Add(new AntlrAlternative(elements.ToImmutable(), command));
                if (Next() == end)
                {
                    return result.ToImmutable();
                }
            }
        }

        AntlrElement Element()
        {
            var token = Next();
            AntlrElement element;
            if (token == "(")
            {
                element = new AntlrElement.Group(Alternatives(")"));
            }
            else if (token == "~")
            {
                var operand = Next();
                element = operand.StartsWith('[')
                    ? new AntlrElement.CharSet(operand[1..^1], Negated: true)
                    : operand.StartsWith('\'') ? new AntlrElement.NotLiteral(Unquote(operand)) : throw new FormatException($"'~' before '{operand}' is not supported");
            }
            else if (token == ".")
            {
                element = new AntlrElement.Any();
            }
            else if (token.StartsWith('\''))
            {
                element = new AntlrElement.Literal(Unquote(token));
            }
            else if (token.StartsWith('['))
            {
                element = new AntlrElement.CharSet(token[1..^1], Negated: false);
            }
            else if (IsName(token))
            {
                if (Peek() == "=")
                {
                    Next();
                    return Element();
                }
                element = new AntlrElement.Reference(token);
            }
            else
            {
                throw new FormatException($"unexpected '{token}' in the grammar (token {position})");
            }
            if (Peek() is "?" or "*" or "+")
            {
                element = element with { Suffix = Next() };
                if (Peek() == "?")
                {
                    Next();
                    element = element with { NonGreedy = true };
                }
            }
            return element;
        }

        while (position < tokens.Count)
        {
            var word = Next();
            if (word == "grammar")
            {
                Next();
                Expect(";");
                continue;
            }
            var fragment = word == "fragment";
            var name = fragment ? Next() : word;
            if (!IsName(name))
            {
                throw new FormatException($"expected a rule name, found '{name}'");
            }
            Expect(":");
            rules.Add(new AntlrRule(name, char.IsUpper(name[0]), fragment, Alternatives(";")));
        }
        return rules.ToImmutable();
    }

    private static bool IsName(string token) => token.Length > 0 && (char.IsLetter(token[0]) || token[0] == '_') && token.All(c => char.IsLetterOrDigit(c) || c == '_');

    /// <summary>ANTLR literal escapes: <c>\n \r \t \f \\ \'</c>.</summary>
    internal static string Unquote(string literal)
    {
        var text = new StringBuilder();
        for (var i = 1; i < literal.Length - 1; i++)
        {
            if (literal[i] == '\\' && i + 1 < literal.Length - 1)
            {
                i++;
                text.Append(literal[i] switch { 'n' => '\n', 'r' => '\r', 't' => '\t', 'f' => '\f', var c => c });
            }
            else
            {
                text.Append(literal[i]);
            }
        }
        return text.ToString();
    }

    private static List<string> Tokenise(string text)
    {
        var tokens = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 2;
            }
            else if (c is '\'' or '[')
            {
                var close = c == '\'' ? '\'' : ']';
                var start = i++;
                while (i < text.Length && text[i] != close)
                {
                    i += text[i] == '\\' ? 2 : 1;
                }
                tokens.Add(text[start..(i + 1)]);
                i++;
            }
            else if (c == '-' && i + 1 < text.Length && text[i + 1] == '>')
            {
                tokens.Add("->");
                i += 2;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }
                tokens.Add(text[start..i]);
            }
            else
            {
                tokens.Add(c.ToString());
                i++;
            }
        }
        return tokens;
    }
}
