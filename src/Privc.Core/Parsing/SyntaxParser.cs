using System.Collections.Immutable;
using Antlr4.Runtime;
using Privc.Diagnostics;
using Privc.Parsing.Generated;
using Privc.Syntax;
using Privc.Text;

namespace Privc.Parsing;

/// <summary>
/// The parsing layer's entry point: lexes, guards against pathological input, parses with ANTLR's recovering
/// error strategy (so one run reports every syntax error), and converts the contexts into privc's syntax tree.
/// </summary>
public static class SyntaxParser
{
    /// <summary>Parentheses and braces may nest this deep.</summary>
    public const int MaxNesting = 64;

    /// <summary>An item (one declaration or intent) may hold this many boolean operators.</summary>
    public const int MaxOperatorsPerItem = 512;

    /// <summary>ANTLR's recursive descent runs on its own thread with this stack, far above what the limits allow.</summary>
    private const int ParserStackBytes = 64 * 1024 * 1024;

    public static ParseResult Parse(SourceText source)
    {
        ParseResult? result = null;
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = ParseOnCurrentThread(source);
                }
                catch (Exception e)
                {
                    failure = e;
                }
            },
            ParserStackBytes);
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
        return result!;
    }

    private static ParseResult ParseOnCurrentThread(SourceText source)
    {
        var diagnostics = new DiagnosticBag();
        var lexer = new PrivcLexer(new AntlrInputStream(source.Text));
        lexer.RemoveErrorListeners();
        var tokens = lexer.GetAllTokens().Cast<CommonToken>().ToList();

        TokenRepairs.Apply(source, tokens, diagnostics);
        ScanLexicalErrors(source, tokens, diagnostics);
        if (!CheckLimits(source, tokens, diagnostics))
        {
            return new ParseResult(source, null, diagnostics.ToSortedArray());
        }

        var parser = new PrivcParser(new CommonTokenStream(new ListTokenSource(tokens.Cast<IToken>().ToList())));
        parser.RemoveErrorListeners();
        var listener = new SyntaxErrorListener(source, diagnostics);
        parser.AddErrorListener(listener);
        parser.ErrorHandler = new KeywordRecoveryStrategy();
        var tree = parser.program();
        listener.Flush();

        if (diagnostics.HasErrors)
        {
            return new ParseResult(source, null, diagnostics.ToSortedArray());
        }
        var comments = tokens
            .Where(t => t.Type is PrivcLexer.LINE_COMMENT or PrivcLexer.BLOCK_COMMENT)
            .Select(t => new CommentSyntax(t.Text, TextSpan.FromBounds(t.StartIndex, t.StopIndex + 1)))
            .ToImmutableArray();
        var builder = new SyntaxTreeBuilder(source, diagnostics);
        var program = builder.Build(tree) with { Comments = comments };
        var errors = diagnostics.ToSortedArray();
        return new ParseResult(source, diagnostics.HasErrors ? null : program, errors);
    }

    /// <summary>
    /// Error tokens never reach the parser: each is reported once here and hidden (or, for an unterminated
    /// string, treated as a string) so that the parser does not add a cascade of follow-on errors.
    /// </summary>
    private static void ScanLexicalErrors(SourceText source, List<CommonToken> tokens, DiagnosticBag diagnostics)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var location = new SourceLocation(source, TextSpan.FromBounds(token.StartIndex, token.StopIndex + 1));
            switch (token.Type)
            {
                case PrivcLexer.ERROR_CHAR:
                    token.Channel = TokenConstants.HiddenChannel;
                    // The lexer reads UTF-16 code units, so a character outside the BMP (an emoji) arrives as two
                    // error tokens; it is one mistake and gets one diagnostic.
                    if (char.IsHighSurrogate(token.Text, 0) && i + 1 < tokens.Count && tokens[i + 1] is { Type: PrivcLexer.ERROR_CHAR } low &&
                        low.StartIndex == token.StopIndex + 1 && char.IsLowSurrogate(low.Text, 0))
                    {
                        low.Channel = TokenConstants.HiddenChannel;
                        location = new SourceLocation(source, TextSpan.FromBounds(token.StartIndex, low.StopIndex + 1));
                        diagnostics.Add(DiagnosticCatalogue.UnexpectedCharacter(location, token.Text + low.Text));
                        i++;
                        break;
                    }
                    diagnostics.Add(DiagnosticCatalogue.UnexpectedCharacter(location, token.Text));
                    break;
                case PrivcLexer.UNTERMINATED_STRING:
                    diagnostics.Add(DiagnosticCatalogue.UnterminatedString(location));
                    token.Type = PrivcLexer.STRING;
                    break;
                case PrivcLexer.UNTERMINATED_COMMENT:
                    diagnostics.Add(DiagnosticCatalogue.UnterminatedComment(new SourceLocation(source, new TextSpan(token.StartIndex, 2))));
                    token.Channel = TokenConstants.HiddenChannel;
                    break;
            }
        }
    }

    /// <summary>Bounds nesting and expression size so that no later recursive stage can exhaust the stack.</summary>
    private static bool CheckLimits(SourceText source, List<CommonToken> tokens, DiagnosticBag diagnostics)
    {
        var depth = 0;
        var operators = 0;
        foreach (var token in tokens)
        {
            if (token.Channel != TokenConstants.DefaultChannel)
            {
                continue;
            }
            var location = new SourceLocation(source, TextSpan.FromBounds(token.StartIndex, token.StopIndex + 1));
            switch (token.Type)
            {
                case PrivcLexer.LPAREN:
                case PrivcLexer.LBRACE:
                    if (++depth > MaxNesting)
                    {
                        diagnostics.Add(DiagnosticCatalogue.TooDeep(location, "nesting of parentheses and braces", MaxNesting));
                        return false;
                    }
                    break;
                case PrivcLexer.RPAREN:
                case PrivcLexer.RBRACE:
                    depth = Math.Max(0, depth - 1);
                    break;
                case PrivcLexer.AND:
                case PrivcLexer.OR:
                case PrivcLexer.NOT:
                    if (++operators > MaxOperatorsPerItem)
                    {
                        diagnostics.Add(DiagnosticCatalogue.TooDeep(location, "the number of boolean operators in one item", MaxOperatorsPerItem));
                        return false;
                    }
                    break;
                case PrivcLexer.SEMI:
                    operators = 0;
                    break;
            }
        }
        return true;
    }
}
