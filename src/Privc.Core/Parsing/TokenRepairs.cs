using Antlr4.Runtime;
using Privc.Diagnostics;
using Privc.Parsing.Generated;
using Privc.Syntax;
using Privc.Text;

namespace Privc.Parsing;

/// <summary>
/// Two slips that would otherwise cascade into several syntax errors are reported once, with the fix, and repaired
/// in the token list so that the parser goes on as if the fix had been written:
/// <list type="bullet">
/// <item>an unquoted word holding '/' or '@' (<c>image registry/x:1</c>, <c>by kubernetes.io/zone</c>) becomes one
/// string where a string fits (the fix is to quote it), and one name where only a name fits (the fix is to rename);</item>
/// <item>a single '=' is '==' in an intent or objective and is dropped in a service property (<c>replicas = 2</c>).</item>
/// </list>
/// Both are still errors (PRIV1001 at the character's word), so no syntax tree is built from the repaired tokens.
/// </summary>
internal static class TokenRepairs
{
    public static void Apply(SourceText source, List<CommonToken> tokens, DiagnosticBag diagnostics)
    {
        QuoteSlashedWords(source, tokens, diagnostics);
        RepairSingleEquals(source, tokens, diagnostics);
    }

    private static void QuoteSlashedWords(SourceText source, List<CommonToken> tokens, DiagnosticBag diagnostics)
    {
        // Built anew rather than edited in place, so that many such words cost linear time, not quadratic.
        var result = new List<CommonToken>(tokens.Count);
        var inService = false;
        var inSet = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            switch (tokens[i].Type)
            {
                case PrivcLexer.SERVICE:
                    inService = true;
                    break;
                case PrivcLexer.LBRACE when Previous(result, result.Count)?.Type == PrivcLexer.IN:
                    inSet = true;
                    break;
                case PrivcLexer.RBRACE:
                    (inService, inSet) = inSet ? (inService, false) : (false, false);
                    break;
            }
            if (!StartsWord(tokens[i]))
            {
                result.Add(tokens[i]);
                continue;
            }
            var end = i;
            while (end + 1 < tokens.Count && tokens[end + 1].StartIndex == tokens[end].StopIndex + 1 && ContinuesWord(tokens[end + 1]))
            {
                end++;
            }
            // A ':' ends an item's name (`data X:`), never a word.
            while (end > i && tokens[end].Type == PrivcLexer.COLON)
            {
                end--;
            }
            var culprit = tokens.Skip(i).Take(end - i + 1).FirstOrDefault(t => t.Type == PrivcLexer.ERROR_CHAR && t.Text is "/" or "@");
            if (culprit is null)
            {
                result.AddRange(tokens.Skip(i).Take(end - i + 1));
                i = end;
                continue;
            }
            var word = source.Text[tokens[i].StartIndex..(tokens[end].StopIndex + 1)];
            var quoted = SyntaxFormatter.QuoteString(word);
            var location = new SourceLocation(source, TextSpan.FromBounds(tokens[i].StartIndex, tokens[end].StopIndex + 1));
            var previous = Previous(result, result.Count);
            var position = Position(previous, Next(tokens, end), inService, inSet);
            diagnostics.Add(position switch
            {
                WordPosition.Image => DiagnosticCatalogue.UnquotedWord(location, culprit.Text, word, "the image", "image " + quoted, quoted),
                WordPosition.PropertyValue => DiagnosticCatalogue.UnquotedWord(location, culprit.Text, word, "it", $"{previous!.Text} {quoted}", quoted),
                WordPosition.KeyAfterKeyword => DiagnosticCatalogue.UnquotedWord(location, culprit.Text, word, "the label key", $"{previous!.Text} {quoted}", quoted),
                WordPosition.Key => DiagnosticCatalogue.UnquotedWord(location, culprit.Text, word, "the label key", quoted, quoted),
                WordPosition.Value => DiagnosticCatalogue.UnquotedWord(location, culprit.Text, word, "the value", quoted, quoted),
                _ => DiagnosticCatalogue.CharacterInName(location, culprit.Text, word),
            });
            // Where a string fits, the word becomes one; elsewhere (a declared or referenced name) it stays a name.
            result.Add(new CommonToken(tokens[i])
            {
                Type = position == WordPosition.Name ? PrivcLexer.IDENT : PrivcLexer.STRING,
                Text = position == WordPosition.Name ? word : quoted,
                StopIndex = tokens[end].StopIndex,
            });
            i = end;
        }
        tokens.Clear();
        tokens.AddRange(result);
    }

    private enum WordPosition
    {
        Image,
        PropertyValue,
        KeyAfterKeyword,
        Key,
        Value,
        Name,
    }

    /// <summary>What the word stands for, judged by its neighbours: only where a string fits is quoting the fix.</summary>
    private static WordPosition Position(IToken? previous, IToken? next, bool inService, bool inSet)
    {
        // Property keys are names, and a name may be a contextual keyword (`tenant`).
        if (inService && previous is not null && (previous.Type is PrivcLexer.IDENT or PrivcLexer.COMMA || IsKeyword(previous)))
        {
            return previous.Text == "image" ? WordPosition.Image
                : previous.Type == PrivcLexer.COMMA ? WordPosition.Value : WordPosition.PropertyValue;
        }
        if (previous?.Type is PrivcLexer.BY or PrivcLexer.ACROSS)
        {
            return WordPosition.KeyAfterKeyword;
        }
        if (next is not null && (IsComparison(next) || next.Type is PrivcLexer.IN or PrivcLexer.NOT))
        {
            return WordPosition.Key;
        }
        if (previous?.Type is PrivcLexer.ON or PrivcLexer.WHERE or PrivcLexer.WITHIN or PrivcLexer.AND or PrivcLexer.OR or PrivcLexer.NOT
            or PrivcLexer.LPAREN or PrivcLexer.PREFER)
        {
            return WordPosition.Key;
        }
        return previous is not null && (IsComparison(previous) || (inSet && previous.Type is PrivcLexer.LBRACE or PrivcLexer.COMMA))
            ? WordPosition.Value
            : WordPosition.Name;
    }

    private static bool IsComparison(IToken token) => token.Type is
        PrivcLexer.EQ or PrivcLexer.NEQ or PrivcLexer.LT or PrivcLexer.LE or PrivcLexer.GT or PrivcLexer.GE;

    private static void RepairSingleEquals(SourceText source, List<CommonToken> tokens, DiagnosticBag diagnostics)
    {
        var inService = false;
        var inPredicates = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Channel != TokenConstants.DefaultChannel)
            {
                continue;
            }
            switch (token.Type)
            {
                case PrivcLexer.SERVICE:
                    inService = true;
                    continue;
                case PrivcLexer.RBRACE when inService && !inPredicates:
                    inService = false;
                    continue;
                case PrivcLexer.INTENT or PrivcLexer.OBJECTIVE:
                    inPredicates = true;
                    continue;
                case PrivcLexer.SEMI when inPredicates:
                    inPredicates = false;
                    continue;
                case PrivcLexer.ERROR_CHAR when token.Text == "=":
                    break;
                default:
                    continue;
            }
            var previous = Previous(tokens, i);
            var next = Next(tokens, i);
            if (previous is null || next is null || IsOperator(previous) || IsOperator(next) || next.Type == PrivcLexer.ERROR_CHAR)
            {
                continue; // `<= =`, `= =`, `=<`: not a lone '=', left to the plain PRIV1001
            }
            var location = new SourceLocation(source, TextSpan.FromBounds(token.StartIndex, token.StopIndex + 1));
            if (inPredicates)
            {
                diagnostics.Add(DiagnosticCatalogue.SingleEquals(location, $"use '==' to compare: {previous.Text} == {next.Text}", "=="));
                token.Type = PrivcLexer.EQ;
            }
            else if (inService)
            {
                diagnostics.Add(DiagnosticCatalogue.SingleEquals(location, $"a service property takes its value without '=': {previous.Text} {next.Text};", string.Empty));
                token.Type = PrivcLexer.WS;
                token.Channel = TokenConstants.HiddenChannel;
            }
        }
    }

    private static bool IsOperator(IToken token) => IsComparison(token) || token.Type == PrivcLexer.ARROW;

    private static bool StartsWord(IToken token) =>
        token.Type is PrivcLexer.IDENT or PrivcLexer.NUMBER or PrivcLexer.QUANTITY || IsKeyword(token);

    private static bool ContinuesWord(IToken token) =>
        StartsWord(token) || token.Type == PrivcLexer.COLON || (token.Type == PrivcLexer.ERROR_CHAR && token.Text is "/" or "@" or "." or "-");

    /// <summary>Every keyword is spelt with letters only, so a keyword glued to a '/' is part of the word.</summary>
    private static bool IsKeyword(IToken token) => token.Text.Length > 0 && token.Text.All(char.IsAsciiLetterLower)
        && PrivcLexer.DefaultVocabulary.GetLiteralName(token.Type) is not null;

    private static IToken? Previous(List<CommonToken> tokens, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            if (tokens[i].Channel == TokenConstants.DefaultChannel)
            {
                return tokens[i];
            }
        }
        return null;
    }

    private static IToken? Next(List<CommonToken> tokens, int index)
    {
        for (var i = index + 1; i < tokens.Count; i++)
        {
            if (tokens[i].Channel == TokenConstants.DefaultChannel)
            {
                return tokens[i];
            }
        }
        return null;
    }
}
