using Antlr4.Runtime;
using Antlr4.Runtime.Misc;
using Privc.Diagnostics;
using Privc.Parsing.Generated;
using Privc.Text;

namespace Privc.Parsing;

/// <summary>Turns ANTLR's syntax errors into privc diagnostics with friendly token names.</summary>
internal sealed class SyntaxErrorListener : BaseErrorListener
{
    private readonly SourceText source;
    private readonly DiagnosticBag diagnostics;
    private int lastErrorOffset = -1;

    public SyntaxErrorListener(SourceText source, DiagnosticBag diagnostics)
    {
        this.source = source;
        this.diagnostics = diagnostics;
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
        if (msg.StartsWith("missing ", StringComparison.Ordinal) && recognizer is Parser parser)
        {
            // Point just after the previous token: that is where the missing token belongs (the end of the line,
            // not the start of the next item).
            var previous = parser.TokenStream.LT(-1);
            var at = previous is null || previous.Type == TokenConstants.EOF ? location
                : new SourceLocation(source, new TextSpan(previous.StopIndex + 1, 0));
            diagnostics.Add(DiagnosticCatalogue.MissingToken(at, DescribeSet(parser.GetExpectedTokens()), found));
            return;
        }
        var expectedSet = recognizer is Parser p ? DescribeSet(SafeExpected(p)) : string.Empty;
        diagnostics.Add(DiagnosticCatalogue.SyntaxError(location, found, expectedSet));
    }

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
        PrivcLexer.TAGGED or PrivcLexer.VIA or PrivcLexer.OVER or PrivcLexer.CARRIES or PrivcLexer.WHERE;
}
