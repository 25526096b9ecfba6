using System.Collections.Immutable;
using System.Text;
using Privc.Llm.Prompting;

namespace Privc.Llm.Constrained;

/// <summary>What the generated grammar's root derives.</summary>
public enum GbnfRoot
{
    /// <summary>A whole program (the grammar's start rule), or the decline.</summary>
    Program,
    /// <summary>An answer to a translation with context: intents and objectives only, at least one; or the decline.</summary>
    Answer,
}

/// <summary>
/// Writes privc's language as a GBNF grammar (the format of llama.cpp's grammar-constrained sampling), generated
/// from grammar/Privc.g4 so that it cannot drift from the parser:
/// - parser rules become GBNF rules; every token is followed by `ws` (whitespace and the comments the lexer hides);
/// - direct left recursion (`predicate : predicate AND predicate | ...`), which GBNF samplers cannot follow, becomes
///   `predicate ::= primary (tail)*`, and a tail ending in the rule itself ends in its primaries instead (the same
///   strings: r = P (op r)* = P (op P)*);
/// - lexer rules become character-level rules; a token that would also match a keyword defined before it (an
///   identifier spelled `on`) is written from its automaton with those keywords removed, as ANTLR's lexer resolves
///   them; `.*?` before a one- or two-character literal becomes "no occurrence of that literal";
/// - tokens the parser never sees (error tokens) are left out;
/// - the root also admits the decline the prompt defines, `UNSUPPORTED: reason` on one line, which is not the
///   language but is an answer: without it a constrained model asked for something the language cannot state would
///   have to write some DSL for it.
/// The grammar accepts the language's programs exactly, except that it does not insist on whitespace between two
/// words (`placetriage` reads as `place triage`, where privc's lexer sees one name); privc parses every answer
/// anyway, so such a sample is sent back for repair like any other error.
/// </summary>
public static class GbnfGenerator
{
    public static string Generate(string grammarText, GbnfRoot root) => Generate(AntlrGrammarReader.Read(grammarText), root);

    public static string Generate(ImmutableArray<AntlrRule> rules, GbnfRoot root)
    {
        var byName = rules.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var start = rules.First(r => !r.IsLexer);
        var text = new StringBuilder();
        text.Append("# privc's intent language as GBNF, generated from grammar/Privc.g4 by privc grammar (do not edit).\n");
        text.Append(root == GbnfRoot.Program
            ? "# root: a whole program.\n"
            : "# root: an answer to privc translate with context: intents and objectives only.\n");
        text.Append("# or the one-line answer for a request the language cannot state: ").Append(PromptBuilder.DeclineMarker).Append(" <reason>\n");
        if (root == GbnfRoot.Program)
        {
            text.Append("root ::= ws (").Append(Name(start.Name)).Append(" | unsupported)\n");
        }
        else
        {
            text.Append("root ::= ws ((").Append(Name("intentDecl")).Append(" | ").Append(Name("objectiveDecl")).Append(")+ | unsupported)\n");
        }
        text.Append(Unsupported);

        var parserRules = Reachable(root == GbnfRoot.Program ? [start.Name] : ["intentDecl", "objectiveDecl"], byName);
        var tokens = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules.Where(r => parserRules.Contains(r.Name)))
        {
            foreach (var (name, body) in ParserRule(rule, byName, tokens))
            {
                text.Append(name).Append(" ::= ").Append(body).Append('\n');
            }
        }

        var lexerNeeded = new SortedSet<string>(StringComparer.Ordinal);
        var lexerText = new StringBuilder();
        foreach (var rule in rules.Where(r => tokens.Contains(r.Name)))
        {
            var keywords = Shadowed(rule, rules, byName);
            if (keywords.Count > 0)
            {
                lexerText.Append(Automaton(rule, keywords, byName));
            }
            else
            {
                lexerText.Append(Name(rule.Name)).Append(" ::= ").Append(LexerAlternatives(rule.Alternatives, byName, lexerNeeded)).Append('\n');
            }
        }
        text.Append(lexerText);

        var hidden = rules.Where(r => r.IsHidden && !r.Name.StartsWith("UNTERMINATED", StringComparison.Ordinal)).ToList();
        text.Append("ws ::= (").Append(string.Join(" | ", hidden.Select(h => Name(h.Name)))).Append(")*\n");
        foreach (var rule in hidden)
        {
            text.Append(Name(rule.Name)).Append(" ::= ").Append(LexerAlternatives(rule.Alternatives, byName, lexerNeeded)).Append('\n');
        }
        var written = new HashSet<string>(tokens.Concat(hidden.Select(h => h.Name)), StringComparer.Ordinal);
        for (var queue = new Queue<string>(lexerNeeded); queue.Count > 0;)
        {
            var name = queue.Dequeue();
            if (!written.Add(name))
            {
                continue;
            }
            var before = new SortedSet<string>(lexerNeeded, StringComparer.Ordinal);
            text.Append(Name(name)).Append(" ::= ").Append(LexerAlternatives(byName[name].Alternatives, byName, lexerNeeded)).Append('\n');
            foreach (var added in lexerNeeded.Except(before))
            {
                queue.Enqueue(added);
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// The decline the prompt defines (<see cref="PromptBuilder.DeclineMarker"/>, read by the answer extractor): the
    /// marker, then a reason on the same line with at least one visible character, then nothing but white space. It is
    /// the one answer the grammar admits that is not the language, so that a constrained model can still say a request
    /// cannot be stated instead of being forced to write some DSL for it.
    /// </summary>
    private const string Unsupported =
        $"unsupported ::= \"{PromptBuilder.DeclineMarker}\" [ \\t]* unsupported-reason [ \\t\\r\\n]*\n" +
        "unsupported-reason ::= [^ \\t\\r\\n] [^\\r\\n]*\n";

    /// <summary>GBNF rule names: `intentDecl` becomes `intent-decl`, lexer rule `IDENT` becomes `tk-ident`.</summary>
    public static string Name(string rule)
    {
        if (rule.All(c => char.IsUpper(c) || char.IsDigit(c) || c == '_'))
        {
            return "tk-" + rule.ToLowerInvariant().Replace('_', '-');
        }
        var text = new StringBuilder();
        foreach (var c in rule)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('-');
            }
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }

    private static HashSet<string> Reachable(IEnumerable<string> roots, Dictionary<string, AntlrRule> rules)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(roots);
        while (stack.Count > 0)
        {
            var name = stack.Pop();
            if (!rules.TryGetValue(name, out var rule) || rule.IsLexer || !seen.Add(name))
            {
                continue;
            }
            foreach (var reference in References(rule.Alternatives))
            {
                stack.Push(reference);
            }
        }
        return seen;
    }

    private static IEnumerable<string> References(IEnumerable<AntlrAlternative> alternatives) => alternatives.SelectMany(a => a.Elements).SelectMany(e => e switch
    {
        AntlrElement.Reference r => [r.Name],
        AntlrElement.Group g => References(g.Alternatives),
        _ => [],
    });

    /// <summary>
    /// A parser rule; one with direct left recursion becomes two: `r ::= r-primary (tail)*` and `r-primary ::= ...`.
    /// </summary>
    private static IEnumerable<(string Name, string Body)> ParserRule(AntlrRule rule, Dictionary<string, AntlrRule> rules, SortedSet<string> tokens)
    {
        bool LeftRecursive(AntlrAlternative a) => a.Elements.FirstOrDefault() is AntlrElement.Reference { Suffix: "" } r && r.Name == rule.Name;
        var tails = rule.Alternatives.Where(LeftRecursive).ToList();
        var primaries = rule.Alternatives.Where(a => !LeftRecursive(a)).ToList();
        if (tails.Count == 0)
        {
            yield return (Name(rule.Name), string.Join(" | ", primaries.Select(a => Sequence(a.Elements, rules, tokens, null))));
            yield break;
        }
        var primary = Name(rule.Name) + "-primary";
        var tail = "(" + string.Join(" | ", tails.Select(a => Sequence(a.Elements.Skip(1), rules, tokens, (rule.Name, primary)))) + ")";
        yield return (Name(rule.Name), $"{primary} {tail}*");
        yield return (primary, string.Join(" | ", primaries.Select(a => Sequence(a.Elements, rules, tokens, null))));
    }

    private static string Sequence(IEnumerable<AntlrElement> elements, Dictionary<string, AntlrRule> rules, SortedSet<string> tokens, (string Rule, string Primary)? selfAtEnd)
    {
        var list = elements.Where(e => e is not AntlrElement.Reference { Name: "EOF" }).ToList();
        var parts = list.Select((e, i) =>
        {
            if (selfAtEnd is { } self && i == list.Count - 1 && e is AntlrElement.Reference { Suffix: "" } r && r.Name == self.Rule)
            {
                return self.Primary;
            }
            return ParserElement(e, rules, tokens);
        }).ToList();
        return parts.Count == 0 ? "\"\"" : string.Join(" ", parts);
    }

    private static string ParserElement(AntlrElement element, Dictionary<string, AntlrRule> rules, SortedSet<string> tokens)
    {
        var body = element switch
        {
            AntlrElement.Reference r when rules.TryGetValue(r.Name, out var rule) && rule.IsLexer => Token(r.Name, tokens),
            AntlrElement.Reference r => Name(r.Name),
            AntlrElement.Literal l => $"{Literal(l.Text)} ws",
            AntlrElement.Group g => "(" + string.Join(" | ", g.Alternatives.Select(a => Sequence(a.Elements, rules, tokens, null))) + ")",
            _ => throw new InvalidOperationException($"privc bug: a parser rule holds '{element}'"),
        };
        return Suffixed(body, element.Suffix, needsGroup: element is AntlrElement.Reference && element.Suffix.Length > 0 && body.Contains(' ', StringComparison.Ordinal));
    }

    private static string Token(string name, SortedSet<string> tokens)
    {
        tokens.Add(name);
        return $"{Name(name)} ws";
    }

    private static string Suffixed(string body, string suffix, bool needsGroup) =>
        suffix.Length == 0 ? body : (needsGroup ? $"({body})" : body) + suffix;

    private static string LexerAlternatives(IEnumerable<AntlrAlternative> alternatives, Dictionary<string, AntlrRule> rules, SortedSet<string> needed) =>
        string.Join(" | ", alternatives.Select(a => LexerSequence(a.Elements, rules, needed)));

    private static string LexerSequence(ImmutableArray<AntlrElement> elements, Dictionary<string, AntlrRule> rules, SortedSet<string> needed)
    {
        var parts = new List<string>();
        for (var i = 0; i < elements.Length; i++)
        {
            var element = elements[i];
            if (element is AntlrElement.Any { Suffix: "*", NonGreedy: true })
            {
                // `.*? L` matches up to the first L: "any string without L", then L.
                if (i + 1 >= elements.Length || elements[i + 1] is not AntlrElement.Literal { Text.Length: 1 or 2 } end
                    || (end.Text.Length == 2 && end.Text[0] == end.Text[1]))
                {
                    throw new InvalidOperationException("privc grammar: '.*?' must be followed by a literal of one or two different characters");
                }
                parts.Add(end.Text.Length == 1
                    ? $"{CharClass.Of(end.Text[0]).Complement().ToGbnf()}*"
                    : $"({CharClass.Of(end.Text[0]).Complement().ToGbnf()} | {Literal(end.Text[..1])}+ {CharClass.Of([(end.Text[0], end.Text[0]), (end.Text[1], end.Text[1])]).Complement().ToGbnf()})* {Literal(end.Text[..1])}*");
                continue;
            }
            var body = element switch
            {
                AntlrElement.Literal l => Literal(l.Text),
                AntlrElement.CharSet s => (s.Negated ? CharClass.FromAntlr(s.Body).Complement() : CharClass.FromAntlr(s.Body)).ToGbnf(),
                AntlrElement.NotLiteral n => CharClass.Of(n.Text[0]).Complement().ToGbnf(),
                AntlrElement.Any => CharClass.All.ToGbnf(),
                AntlrElement.Group g => "(" + LexerAlternatives(g.Alternatives, rules, needed) + ")",
                AntlrElement.Reference r when r.Name == "EOF" => string.Empty,
                AntlrElement.Reference r => Needed(r.Name, needed),
                _ => throw new InvalidOperationException($"privc bug: unexpected lexer element '{element}'"),
            };
            if (body.Length > 0)
            {
                parts.Add(body + element.Suffix);
            }
        }
        return parts.Count == 0 ? "\"\"" : string.Join(" ", parts);
    }

    private static string Needed(string name, SortedSet<string> needed)
    {
        needed.Add(name);
        return Name(name);
    }

    /// <summary>Keyword literals defined before the token that the token's own pattern matches: ANTLR lexes those as the keyword.</summary>
    private static List<string> Shadowed(AntlrRule token, ImmutableArray<AntlrRule> rules, Dictionary<string, AntlrRule> byName)
    {
        if (token.Alternatives is [{ Elements: [AntlrElement.Literal { Suffix: "" }] }])
        {
            return [];
        }
        var automaton = new TokenAutomaton(token, byName);
        return rules.TakeWhile(r => r != token)
            .Where(r => r.IsLexer && !r.IsFragment && r.Alternatives is [{ Elements: [AntlrElement.Literal { Suffix: "" }] }])
            .Select(r => ((AntlrElement.Literal)r.Alternatives[0].Elements[0]).Text)
            .Where(automaton.Matches)
            .ToList();
    }

    /// <summary>The token as one GBNF rule per automaton state: `tk-ident` is state 0, `tk-ident-N` state N.</summary>
    private static string Automaton(AntlrRule token, List<string> keywords, Dictionary<string, AntlrRule> rules)
    {
        var states = new TokenAutomaton(token, rules).Without(keywords);
        var name = Name(token.Name);
        var text = new StringBuilder();
        text.Append("# ").Append(token.Name).Append(" without the keywords it would otherwise match: ").Append(string.Join(" ", keywords.Order(StringComparer.Ordinal))).Append('\n');
        for (var i = 0; i < states.Length; i++)
        {
            var (edges, accepts) = states[i];
            var alternatives = edges.Select(e => $"{e.On.ToGbnf()} {name}-{e.To}").ToList();
            if (accepts)
            {
                alternatives.Add("\"\"");
            }
            text.Append(i == 0 ? name : $"{name}-{i}").Append(" ::= ").Append(string.Join(" | ", alternatives)).Append('\n');
        }
        // State 0 is written as the token itself; edges back to it would need the name below.
        if (states.Any(s => s.Edges.Any(e => e.To == 0)))
        {
            text.Append(name).Append("-0 ::= ").Append(name).Append('\n');
        }
        return text.ToString();
    }

    private static string Literal(string text)
    {
        var result = new StringBuilder("\"");
        foreach (var c in text)
        {
            result.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => $"\\x{(int)c:X2}",
                _ => c.ToString(),
            });
        }
        return result.Append('"').ToString();
    }
}
