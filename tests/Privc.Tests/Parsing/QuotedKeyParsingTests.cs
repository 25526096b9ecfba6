using Privc.Syntax;
using Privc.Tests.Infrastructure;
using static Privc.Tests.Infrastructure.DiagnosticAssert;

namespace Privc.Tests.Parsing;

/// <summary>
/// Label keys may be quoted wherever a key appears (specs/language.md, "KEY : NAME | STRING"): in predicates and after
/// <c>by</c> and <c>across</c>, so the trusted prefix <c>node-restriction.kubernetes.io/</c> works for every intent.
/// </summary>
public class QuotedKeyParsingTests
{
    private const string TrustedZone = "node-restriction.kubernetes.io/zone";

    private static T Body<T>(string body)
        where T : IntentBodySyntax
    {
        var result = TestSources.Parse($"intent i: {body};");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return Assert.IsAssignableFrom<T>(Assert.IsType<IntentDeclSyntax>(Assert.Single(result.Program!.Items)).Body);
    }

    [Fact]
    public void Parse_SeparateByQuotedKey_KeepsTheKeyUnquoted()
    {
        var by = Body<SeparateIntentSyntax>($"separate a from b by \"{TrustedZone}\"").By!;
        Assert.Equal((TrustedZone, true), (by.Key, by.Quoted));
    }

    [Fact]
    public void Parse_ColocateByQuotedKey_KeepsTheKeyUnquoted()
    {
        var by = Body<ColocateIntentSyntax>($"colocate a with b by \"{TrustedZone}\"").By!;
        Assert.Equal((TrustedZone, true), (by.Key, by.Quoted));
    }

    [Fact]
    public void Parse_SpreadAcrossQuotedKey_HasKeyAndCount()
    {
        var spread = Body<SpreadIntentSyntax>($"spread a across \"{TrustedZone}\" at least 2");
        Assert.Equal((TrustedZone, true, "2"), (spread.Across.Key, spread.Across.Quoted, spread.AtLeast.Text));
    }

    [Fact]
    public void Parse_UnquotedKeys_AreNotMarkedQuoted()
    {
        Assert.False(Body<SeparateIntentSyntax>("separate a from b by zone").By!.Quoted);
        Assert.False(Body<SpreadIntentSyntax>("spread a across zone at least 2").Across.Quoted);
    }

    [Fact]
    public void Parse_QuotedKeySpan_CoversTheQuotes()
    {
        const string text = "intent i: spread a across \"k/z\" at least 2;";
        var result = TestSources.Parse(text);
        var spread = Assert.IsType<SpreadIntentSyntax>(Assert.IsType<IntentDeclSyntax>(result.Program!.Items[0]).Body);
        Assert.Equal("\"k/z\"", text.Substring(spread.Across.Span.Start, spread.Across.Span.Length));
    }

    [Fact]
    public void Parse_QuotedKeyWithEscapes_IsUnescaped() =>
        Assert.Equal("a\"b\\c", Body<SeparateIntentSyntax>("separate a from b by \"a\\\"b\\\\c\"").By!.Key);

    [Fact]
    [CoversDiagnostic("PRIV1006")]
    public void Parse_QuotedKeyWithUnknownEscape_IsInvalidEscape() =>
        Reports("intent i: spread a across \"z[\\q]\" at least 2;", "PRIV1006");

    [Fact]
    [CoversDiagnostic("PRIV1002")]
    public void Parse_UnterminatedQuotedKey_IsOneDiagnostic() =>
        Reports("intent i: separate a from b by [\"node-restriction.kubernetes.io/zone]\n;", "PRIV1002");

    [Theory]
    [InlineData("place a on \"node-restriction.kubernetes.io/zone\" == north")]
    [InlineData("keep D within \"node-restriction.kubernetes.io/jurisdiction\" in {AU}")]
    [InlineData("route f avoid devices where \"onos/role\" == transit")]
    [InlineData("route f over links where \"x/encrypted\"")]
    [InlineData("route f through devices where \"x/role\" == firewall")]
    public void Parse_QuotedKeyInEveryPredicateContext_Parses(string body) => Body<IntentBodySyntax>(body);

    [Fact]
    public void Parse_QuotedKeyInPrefer_Parses()
    {
        var result = TestSources.Parse("objective o: prefer \"node-restriction.kubernetes.io/tier\" == edge;");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void Print_QuotedKeys_AreMarkedQuoted()
    {
        var result = TestSources.Parse("intent a: separate x from y by \"k/z\";\nintent b: spread x across zone at least 2;");
        var tree = SyntaxTreePrinter.Print(result.Program!, withSpans: false);
        Assert.Contains("By: Attribute \"k/z\" quoted", tree);
        Assert.Contains("Across: Attribute \"zone\"\n", tree);
    }
}
