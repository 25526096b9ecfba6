using Antlr4.Runtime;
using Privc.Parsing.Generated;
using Privc.Syntax;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Parsing;

/// <summary>The lexical grammar: names, literals with units, strings, comments and the tokens between them.</summary>
public class LexerTests
{
    private static List<(int Type, string Text)> Lex(string text)
    {
        var lexer = new PrivcLexer(new AntlrInputStream(text));
        lexer.RemoveErrorListeners();
        return lexer.GetAllTokens().Where(t => t.Channel == TokenConstants.DefaultChannel).Select(t => (t.Type, t.Text)).ToList();
    }

    private static int Single(string text)
    {
        var tokens = Lex(text);
        Assert.True(tokens.Count == 1, $"'{text}' lexes as {tokens.Count} tokens: {string.Join(" ", tokens.Select(t => PrivcLexer.DefaultVocabulary.GetSymbolicName(t.Type)))}");
        return tokens[0].Type;
    }

    [Theory]
    [InlineData("edge-syd-1")]
    [InlineData("v1.2")]
    [InlineData("registry.example.org")]
    [InlineData("_private")]
    [InlineData("a_b-c.d9")]
    [InlineData("x")]
    [InlineData("levelsx")]
    [InlineData("data-class")]
    [InlineData("node")]
    public void Lexer_NameWithDashesAndDots_IsOneIdentifier(string text) => Assert.Equal(PrivcLexer.IDENT, Single(text));

    [Theory]
    [InlineData("a-", new[] { "a", "-" })]
    [InlineData("a.", new[] { "a", "." })]
    [InlineData("a->b", new[] { "a", "->", "b" })]
    [InlineData("edge-a->edge-b", new[] { "edge-a", "->", "edge-b" })]
    [InlineData("a.b.", new[] { "a.b", "." })]
    public void Lexer_NameNeverEndsWithDashOrDot_SplitsTrailingPunctuation(string text, string[] expected) =>
        Assert.Equal(expected, Lex(text).Select(t => t.Text));

    [Theory]
    [InlineData("10ms")]
    [InlineData("1.5Gbps")]
    [InlineData("500m")]
    [InlineData("256Mi")]
    [InlineData("3Tbps")]
    [InlineData("7us")]
    [InlineData("2s")]
    [InlineData("12furlongs")]
    public void Lexer_NumberWithSuffix_IsQuantity(string text) => Assert.Equal(PrivcLexer.QUANTITY, Single(text));

    [Theory]
    [InlineData("0")]
    [InlineData("8080")]
    [InlineData("1.5")]
    public void Lexer_PlainNumber_IsNumber(string text) => Assert.Equal(PrivcLexer.NUMBER, Single(text));

    [Theory]
    [InlineData("\"plain\"")]
    [InlineData("\"with \\\"escaped\\\" quotes\"")]
    [InlineData("\"back\\\\slash\"")]
    [InlineData("\"\"")]
    [InlineData("\"unicode é 😀\"")]
    public void Lexer_QuotedText_IsString(string text) => Assert.Equal(PrivcLexer.STRING, Single(text));

    [Theory]
    [InlineData("\"open")]
    [InlineData("\"ends in escape\\")]
    [InlineData("\"escaped quote\\\"")]
    public void Lexer_StringWithoutClosingQuote_IsUnterminatedString(string text) => Assert.Equal(PrivcLexer.UNTERMINATED_STRING, Single(text));

    [Theory]
    [InlineData("// line comment\nx")]
    [InlineData("# hash comment\nx")]
    [InlineData("/* block */ x")]
    [InlineData("/* multi\n line\n block */ x")]
    [InlineData("/* stars ** inside * */ x")]
    [InlineData("/**/ x")]
    [InlineData("/***/ x")]
    public void Lexer_Comments_AreHidden(string text) => Assert.Equal([(PrivcLexer.IDENT, "x")], Lex(text));

    [Fact]
    public void Lexer_TwoBlockComments_EndAtTheirOwnClose()
    {
        // Regression: the unterminated-comment rule used to be the longer match and swallowed the rest of the file.
        Assert.Equal(["a", "b", "c"], Lex("a /* one */ b /* two */ c").Select(t => t.Text));
    }

    [Theory]
    [InlineData("/* never closed")]
    [InlineData("/* never closed *")]
    [InlineData("/*")]
    public void Lexer_BlockCommentWithoutClose_IsUnterminatedComment(string text)
    {
        var lexer = new PrivcLexer(new AntlrInputStream(text));
        lexer.RemoveErrorListeners();
        var token = Assert.Single(lexer.GetAllTokens());
        Assert.Equal(PrivcLexer.UNTERMINATED_COMMENT, token.Type);
    }

    [Theory]
    [InlineData("->", PrivcLexer.ARROW)]
    [InlineData("==", PrivcLexer.EQ)]
    [InlineData("!=", PrivcLexer.NEQ)]
    [InlineData("<=", PrivcLexer.LE)]
    [InlineData(">=", PrivcLexer.GE)]
    [InlineData("<", PrivcLexer.LT)]
    [InlineData(">", PrivcLexer.GT)]
    [InlineData(":", PrivcLexer.COLON)]
    [InlineData(";", PrivcLexer.SEMI)]
    [InlineData(",", PrivcLexer.COMMA)]
    [InlineData("{", PrivcLexer.LBRACE)]
    [InlineData("}", PrivcLexer.RBRACE)]
    [InlineData("(", PrivcLexer.LPAREN)]
    [InlineData(")", PrivcLexer.RPAREN)]
    [InlineData("*", PrivcLexer.STAR)]
    [InlineData("@", PrivcLexer.ERROR_CHAR)]
    [InlineData("!", PrivcLexer.ERROR_CHAR)]
    [InlineData("[", PrivcLexer.ERROR_CHAR)]
    public void Lexer_Punctuation_HasItsToken(string text, int type) => Assert.Equal(type, Single(text));

    [Theory]
    [InlineData("data", PrivcLexer.DATA)]
    [InlineData("service", PrivcLexer.SERVICE)]
    [InlineData("flow", PrivcLexer.FLOW)]
    [InlineData("intent", PrivcLexer.INTENT)]
    [InlineData("objective", PrivcLexer.OBJECTIVE)]
    [InlineData("and", PrivcLexer.AND)]
    [InlineData("or", PrivcLexer.OR)]
    [InlineData("not", PrivcLexer.NOT)]
    [InlineData("in", PrivcLexer.IN)]
    [InlineData("true", PrivcLexer.TRUE)]
    [InlineData("false", PrivcLexer.FALSE)]
    [InlineData("on", PrivcLexer.ON)]
    [InlineData("within", PrivcLexer.WITHIN)]
    [InlineData("from", PrivcLexer.FROM)]
    [InlineData("with", PrivcLexer.WITH)]
    [InlineData("to", PrivcLexer.TO)]
    public void Lexer_ReservedWord_IsKeyword(string text, int type) => Assert.Equal(type, Single(text));

    [Fact]
    public void Lexer_KeywordsAreCaseSensitive_CapitalisedIsName() => Assert.Equal(PrivcLexer.IDENT, Single("Data"));

    [Fact]
    public void Parse_CrLfLineEndings_ParseAndCountLines()
    {
        var result = TestSources.Parse("data A: public;\r\ndata B: public;\r\n");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var second = Assert.IsType<DataDeclSyntax>(result.Program!.Items[1]);
        Assert.Equal((2, 1), result.Source.GetLineColumn(second.Span.Start));
    }

    [Fact]
    public void Parse_StringEscapes_AreResolved()
    {
        var result = TestSources.Parse("service s { image \"a\\\"b\\\\c\\nd\\te\"; }");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var service = Assert.IsType<ServiceDeclSyntax>(Assert.Single(result.Program!.Items));
        var value = service.Properties[0].Values[0];
        Assert.Equal(ValueKind.String, value.Kind);
        Assert.Equal("a\"b\\c\nd\te", value.Text);
    }

    [Fact]
    public void Parse_NonAsciiInsideString_IsKept()
    {
        var result = TestSources.Parse("service s { image \"héllo 😀\"; }");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal("héllo 😀", ((ServiceDeclSyntax)result.Program!.Items[0]).Properties[0].Values[0].Text);
    }

    [Fact]
    public void Parse_Comments_AreKeptInSourceOrder()
    {
        var result = TestSources.Parse("// one\ndata A: public; # two\n/* three */");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal(["// one", "# two", "/* three */"], result.Program!.Comments.Select(c => c.Text));
        Assert.Equal("# two", result.Source.ToString(result.Program.Comments[1].Span));
    }

    [Fact]
    public void Parse_EmptyFile_IsAnEmptyProgram()
    {
        var result = TestSources.Parse(string.Empty);
        Assert.True(result.Succeeded);
        Assert.Empty(result.Program!.Items);
    }

    [Fact]
    public void Parse_OnlyCommentsAndSpace_IsAnEmptyProgram()
    {
        var result = TestSources.Parse("  \n// nothing\n\t/* here */\n");
        Assert.True(result.Succeeded);
        Assert.Empty(result.Program!.Items);
        Assert.Equal(2, result.Program.Comments.Length);
    }
}
