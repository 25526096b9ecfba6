using Antlr4.Runtime;
using Antlr4.Runtime.Misc;
using Privc.Diagnostics;
using Privc.Parsing.Generated;
using Privc.Text;

namespace Privc.Parsing;

/// <summary>
/// Turns ANTLR's syntax errors into privc diagnostics with friendly token names, and rewrites the messages ANTLR's
/// recovery gets wrong because contextual keywords are also names (see <see cref="TakenAsName"/>).
/// </summary>
internal sealed class SyntaxErrorListener : BaseErrorListener
{
    private readonly SourceText source;
    private readonly DiagnosticBag diagnostics;
    private int lastErrorOffset = -1;

    /// <summary>The last "missing" report, so that a second one at the same place joins it instead of repeating it.</summary>
    private (Diagnostic Diagnostic, string Missing, string Before)? lastMissing;

    private readonly List<Diagnostic> reported = [];

    public SyntaxErrorListener(SourceText source, DiagnosticBag diagnostics)
    {
        this.source = source;
        this.diagnostics = diagnostics;
    }

    /// <summary>Hands what the parse reported to the bag; called once the parse is over, as reports may still merge.</summary>
    public void Flush()
    {
        diagnostics.AddRange(reported);
        reported.Clear();
    }

    public override void SyntaxError(TextWriter output, IRecognizer recognizer, IToken offendingSymbol, int line, int charPositionInLine, string msg, RecognitionException e)
    {
        var start = offendingSymbol.Type == TokenConstants.EOF ? source.Text.Length : offendingSymbol.StartIndex;
        var end = offendingSymbol.Type == TokenConstants.EOF ? start : offendingSymbol.StopIndex + 1;
        if (start == lastErrorOffset)
        {
            return; // one mistake, one diagnostic
        }
        lastErrorOffset = start;
        var location = new SourceLocation(source, TextSpan.FromBounds(start, end));
        var found = Describe(offendingSymbol);
        if (msg.StartsWith(KeywordRecoveryStrategy.MisspeltPrefix, StringComparison.Ordinal))
        {
            Report(DiagnosticCatalogue.MisspeltKeyword(location, found, msg[KeywordRecoveryStrategy.MisspeltPrefix.Length..]));
            return;
        }
        if (recognizer is not Parser parser)
        {
            Report(DiagnosticCatalogue.SyntaxError(location, found, string.Empty));
            return;
        }
        var expected = SafeExpected(parser);
        if (TakenAsName(parser, expected) is { } keyword)
        {
            // What is missing is the name before the keyword, which belongs right after the token before it.
            var before = parser.TokenStream.LT(-2);
            var at = before is null ? new SourceLocation(source, new TextSpan(keyword.StartIndex, 0)) : After(before);
            ReportMissing(at, IsKeyPosition(parser) ? "a label key" : "a name", $"'{keyword.Text}'");
            return;
        }
        if (msg.StartsWith("missing ", StringComparison.Ordinal))
        {
            // Point just after the previous token: that is where the missing token belongs (the end of the line,
            // not the start of the next item).
            var previous = parser.TokenStream.LT(-1);
            var at = previous is null || previous.Type == TokenConstants.EOF ? location : After(previous);
            ReportMissing(at, DescribeSet(expected), found);
            return;
        }
        var suggestion = offendingSymbol.Type == PrivcLexer.IDENT
            ? Suggestions.Nearest(offendingSymbol.Text, expected.ToList().Select(KeywordText).OfType<string>())
            : null;
        Report(suggestion is null
            ? DiagnosticCatalogue.SyntaxError(location, found, DescribeSet(expected))
            : DiagnosticCatalogue.SyntaxError(location, found, DescribeSet(expected), suggestion));
    }

    /// <summary>
    /// A contextual keyword just before the error that the rule at hand expects now: the parser took it as the name
    /// before it, so the keyword is present and the name is what is missing (<c>spread x across at least 2</c> read
    /// <c>at</c> as the key, then asked for <c>at</c> before <c>least</c>).
    /// </summary>
    private static IToken? TakenAsName(Parser parser, IntervalSet expected)
    {
        var previous = parser.TokenStream.LT(-1);
        return previous is not null && IsContextualKeyword(previous.Type) && expected.Contains(previous.Type)
            && parser.Context is { ChildCount: > 0 } context && context.GetChild(context.ChildCount - 1) is ParserRuleContext child
            && child.Stop?.TokenIndex == previous.TokenIndex
            ? previous
            : null;
    }

    /// <summary>Whether the name just read is a label key (after <c>by</c> or <c>across</c>, or in a predicate).</summary>
    private static bool IsKeyPosition(Parser parser) =>
        parser.Context.GetChild(parser.Context.ChildCount - 1) is PrivcParser.AttributeContext;

    private void ReportMissing(SourceLocation at, string missing, string before)
    {
        // Two tokens missing at one place (`spread x at least 2` lacks 'across' and its key) are one mistake.
        if (lastMissing is { } last && last.Diagnostic.Location?.Span == at.Span && last.Before == before)
        {
            reported.Remove(last.Diagnostic);
            missing = $"{last.Missing} and {missing}";
        }
        var diagnostic = DiagnosticCatalogue.MissingToken(at, missing, before);
        reported.Add(diagnostic);
        lastMissing = (diagnostic, missing, before);
    }

    private void Report(Diagnostic diagnostic)
    {
        reported.Add(diagnostic);
        lastMissing = null;
    }

    private SourceLocation After(IToken token) => new(source, new TextSpan(token.StopIndex + 1, 0));

    /// <summary>The word a keyword token stands for (<c>least</c>), or null for punctuation and other tokens.</summary>
    private static string? KeywordText(int type) =>
        PrivcLexer.DefaultVocabulary.GetLiteralName(type) is { Length: > 2 } literal && char.IsAsciiLetter(literal[1]) ? literal.Trim('\'') : null;

    private static IntervalSet SafeExpected(Parser parser)
    {
        try
        {
            return parser.GetExpectedTokens();
        }
        catch (ArgumentException)
        {
            // ANTLR cannot always compute the set at the point of failure; the message is still useful without it.
            return new IntervalSet();
        }
    }

    private static string Describe(IToken token) => token.Type switch
    {
        TokenConstants.EOF => "end of file",
        PrivcLexer.IDENT => $"name '{token.Text}'",
        PrivcLexer.STRING => $"string {Truncate(token.Text)}",
        PrivcLexer.NUMBER => $"number {token.Text}",
        PrivcLexer.QUANTITY => $"quantity {token.Text}",
        _ => $"'{Truncate(token.Text)}'",
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..37] + "...";

    /// <summary>
    /// Names the expected tokens in a stable order. Contextual keywords are names too, so when a name is
    /// expected they are not listed one by one.
    /// </summary>
    private static string DescribeSet(IntervalSet set)
    {
        var types = set.ToList();
        var nameExpected = types.Contains(PrivcLexer.IDENT);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            if (nameExpected && type != PrivcLexer.IDENT && IsContextualKeyword(type))
            {
                continue;
            }
            names.Add(TokenName(type));
        }
        if (names.Count == 0)
        {
            return string.Empty;
        }
        var list = names.ToList();
        if (list.Count > 8)
        {
            return string.Join(", ", list.Take(8)) + ", ...";
        }
        return list.Count == 1 ? list[0] : string.Join(", ", list.Take(list.Count - 1)) + " or " + list[^1];
    }

    private static string TokenName(int type) => type switch
    {
        TokenConstants.EOF => "end of file",
        PrivcLexer.IDENT => "a name",
        PrivcLexer.STRING => "a string",
        PrivcLexer.NUMBER => "a number",
        PrivcLexer.QUANTITY => "a quantity",
        _ => PrivcLexer.DefaultVocabulary.GetLiteralName(type) ?? PrivcLexer.DefaultVocabulary.GetSymbolicName(type),
    };

    /// <summary>The tokens the grammar's <c>name</c> rule accepts besides IDENT; a test keeps the two in sync.</summary>
    internal static bool IsContextualKeyword(int type) => type is
        PrivcLexer.LEVELS or PrivcLexer.TAGS or PrivcLexer.LATENCY or PrivcLexer.BANDWIDTH or PrivcLexer.PORT or
        PrivcLexer.HOPS or PrivcLexer.MAX or PrivcLexer.TENANT or PrivcLexer.HANDLING or PrivcLexer.LINKS or
        PrivcLexer.DEVICES or PrivcLexer.PLACE or PrivcLexer.KEEP or PrivcLexer.SEPARATE or PrivcLexer.COLOCATE or
        PrivcLexer.DEDICATE or PrivcLexer.SPREAD or PrivcLexer.ROUTE or PrivcLexer.DECLASSIFY or PrivcLexer.PREFER or
        PrivcLexer.MINIMIZE or PrivcLexer.AT or PrivcLexer.LEAST or PrivcLexer.BY or PrivcLexer.ACROSS or
        PrivcLexer.THEN or PrivcLexer.AVOID or PrivcLexer.THROUGH or PrivcLexer.CARRYING or PrivcLexer.FLOWS or
        PrivcLexer.TAGGED or PrivcLexer.VIA or PrivcLexer.OVER or PrivcLexer.CARRIES or PrivcLexer.WHERE or
        PrivcLexer.EXTERNAL or PrivcLexer.PODS;
}
