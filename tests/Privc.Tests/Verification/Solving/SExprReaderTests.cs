using Privc.Verification.Solving;

namespace Privc.Tests.Verification.Solving;

public class SExprReaderTests
{
    [Fact]
    public void Read_NestedListsAcrossLinesWithComments()
    {
        var items = Read("((x 6)\n ; a comment (with a paren\n (a true)\n ((- x 10) (- 4)))\nsat");

        Assert.Equal(2, items.Length);
        Assert.Equal("((x 6) (a true) ((- x 10) (- 4)))", items[0].ToCanonical());
        Assert.Equal(new SAtom(SAtomKind.Symbol, "sat"), items[1]);
    }

    [Fact]
    public void Read_StringWithDoubledQuotes_Smtlib26()
    {
        var item = Assert.Single(Read("(\"s\"\"q\" \"a\"\"b\\\\\")"));

        var list = Assert.IsType<SList>(item);
        Assert.Equal(new SAtom(SAtomKind.String, "s\"q"), list.Items[0]);
        Assert.Equal("(\"s\"\"q\" \"a\"\"b\\\")", list.ToCanonical());
    }

    [Fact]
    public void Read_StringWithBackslashEscapedQuote_AsZ3ErrorsPrintIt()
    {
        var item = Assert.Single(Read("(error \"line 1 column 9: unknown constant x\\\"y\")"));

        Assert.Equal(new SAtom(SAtomKind.String, "line 1 column 9: unknown constant x\"y"), ((SList)item).Items[1]);
    }

    [Fact]
    public void Read_MultiLineString()
    {
        var item = Assert.Single(Read("(error \"Parse Error: x\n\n  (assert y)\n   ^\n\")"));

        Assert.Equal("Parse Error: x\n\n  (assert y)\n   ^\n", ((SAtom)((SList)item).Items[1]).Value);
    }

    [Fact]
    public void Read_QuotedSymbols_KeepSpacesSemicolonsAndLineBreaks()
    {
        var items = Read("(|n 2| |a;b| |multi\nline| |simple|)");

        var list = Assert.IsType<SList>(Assert.Single(items));
        Assert.Equal(["n 2", "a;b", "multi\nline", "simple"], list.Items.Cast<SAtom>().Select(a => a.Value));
        Assert.Equal("(|n 2| |a;b| |multi\nline| simple)", list.ToCanonical());
    }

    [Fact]
    public void Read_KeywordsLiteralsAndSymbols()
    {
        var list = (SList)Assert.Single(Read("(:reason-unknown 42 3.5 #x1F #b101 -3 x!1 |1x|)"));

        Assert.Equal(
            [SAtomKind.Keyword, SAtomKind.Literal, SAtomKind.Literal, SAtomKind.Literal, SAtomKind.Literal, SAtomKind.Symbol, SAtomKind.Symbol, SAtomKind.Symbol],
            list.Items.Cast<SAtom>().Select(a => a.Kind));
        Assert.Equal("(:reason-unknown 42 3.5 #x1F #b101 -3 x!1 |1x|)", list.ToCanonical());
    }

    [Theory]
    [InlineData("(a (b)", "unclosed")]
    [InlineData("a))", "unbalanced")]
    [InlineData("(\"never closed)", "unterminated string")]
    [InlineData("(|never closed)", "unterminated |quoted symbol|")]
    public void Read_Malformed_IsNullWithAReason(string text, string expected)
    {
        Assert.Null(SExprReader.TryReadAll(text, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Read_OnlyTrivia_IsEmpty()
    {
        Assert.Empty(Read("  ; nothing but a comment\n\n"));
    }

    [Fact]
    public void Equality_IsStructural()
    {
        Assert.Equal(Read("(a (b \"c\"))")[0], Read("( a\n( b \"c\" ) )")[0]);
        Assert.NotEqual(Read("(a b)")[0], Read("(a c)")[0]);
    }

    [Theory]
    [InlineData("42", 42)]
    [InlineData("(- 3)", -3)]
    [InlineData(" ( -  17 ) ", -17)]
    [InlineData("123456789012345678901234567890", 0)]
    public void SmtValue_TryParseInteger(string text, long expected)
    {
        Assert.True(SmtValue.TryParseInteger(text, out var value));
        if (expected != 0)
        {
            Assert.Equal(expected, (long)value);
        }
    }

    [Theory]
    [InlineData("true")]
    [InlineData("(- x)")]
    [InlineData("3.5")]
    [InlineData("(/ 1 2)")]
    [InlineData("")]
    public void SmtValue_TryParseInteger_RejectsNonIntegers(string text)
    {
        Assert.False(SmtValue.TryParseInteger(text, out _));
    }

    [Fact]
    public void SmtValue_TryParseBool()
    {
        Assert.True(SmtValue.TryParseBool("true", out var t) && t);
        Assert.True(SmtValue.TryParseBool("false", out var f) && !f);
        Assert.False(SmtValue.TryParseBool("1", out _));
    }

    private static SExpr[] Read(string text)
    {
        var items = SExprReader.TryReadAll(text, out var error);
        Assert.True(items is not null, error);
        return items.Value.ToArray();
    }
}
