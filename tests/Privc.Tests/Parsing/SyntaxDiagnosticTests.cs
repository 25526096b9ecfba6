using Privc.Tests.Infrastructure;
using static Privc.Tests.Infrastructure.DiagnosticAssert;

namespace Privc.Tests.Parsing;

/// <summary>Lexical and syntax errors (PRIV1xxx): one diagnostic per mistake, at the mistake, and recovery.</summary>
public class SyntaxDiagnosticTests
{
    [Fact]
    [CoversDiagnostic("PRIV1001")]
    public void Lex_UnexpectedCharacter_ReportsIt() => Reports("data X: public; [@]", "PRIV1001");

    [Fact]
    [CoversDiagnostic("PRIV1001")]
    public void Lex_NonBreakingSpace_IsNamedByCodePoint()
    {
        var diagnostic = Assert.Single(Reports("levels a < b;[\u00a0]", "PRIV1001"));
        Assert.Contains("U+00A0", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV1001")]
    public void Lex_CharacterOutsideTheBasicPlane_IsOneDiagnostic()
    {
        var diagnostic = Assert.Single(Reports("levels a < b; [😀]", "PRIV1001"));
        Assert.Contains("😀", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV1001")]
    public void Lex_SeveralBadCharacters_EachReported() => Reports("levels a [!]< b[$];[%]", "PRIV1001", "PRIV1001", "PRIV1001");

    [Fact]
    [CoversDiagnostic("PRIV1002")]
    public void Lex_UnterminatedString_ReportsToEndOfLine() => Reports("service s { image [\"r/x:1]\n; }", "PRIV1002");

    [Fact]
    [CoversDiagnostic("PRIV1002")]
    public void Lex_StringEndingInEscapedQuote_IsUnterminated() => Reports("service s { image [\"r/x:1\\\"]\n; }", "PRIV1002");

    [Fact]
    [CoversDiagnostic("PRIV1003")]
    public void Lex_UnterminatedBlockComment_PointsAtItsStart() => Reports("levels a < b;\n[/*] never closed\nlevels c;", "PRIV1003");

    [Fact]
    [CoversDiagnostic("PRIV1004")]
    public void Parse_UnknownIntentKind_IsSyntaxError()
    {
        var diagnostic = Assert.Single(Reports("intent i: [frobnicate] s;", "PRIV1004"));
        Assert.Contains("expected 'colocate', 'declassify', 'dedicate', 'keep', 'place', 'route', 'separate' or 'spread'", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV1004")]
    public void Parse_UnknownItem_ListsTheItemKeywords()
    {
        var diagnostic = Assert.Single(Reports("[bogus] x;", "PRIV1004"));
        Assert.Contains("'data', 'external', 'flow', 'intent', 'levels', 'objective', 'service' or end of file", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV1004")]
    public void Parse_MissingPredicate_ReportsTheSemicolon() => Reports("intent i: place s on[;]", "PRIV1004");

    [Fact]
    [CoversDiagnostic("PRIV1004")]
    public void Parse_ReservedWordAsName_IsSyntaxError()
    {
        var diagnostic = Assert.Single(Reports("service [data] { image \"x\"; }", "PRIV1004"));
        Assert.Contains("expected a name", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV1004")]
    public void Parse_TruncatedFile_ReportsEndOfFile()
    {
        var diagnostic = Assert.Single(Reports("data X: a; data[]", "PRIV1004"));
        Assert.Contains("end of file", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV1004")]
    public void Parse_ContextualKeywordsInExpectedSet_AreSummarisedAsAName()
    {
        var diagnostic = Assert.Single(Reports("objective o: minimize[;]", "PRIV1004"));
        Assert.EndsWith("expected a name", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV1005")]
    public void Parse_MissingColon_PointsWhereItBelongs() => Reports("data X[] restricted;", "PRIV1005");

    [Fact]
    [CoversDiagnostic("PRIV1005")]
    public void Parse_MissingCloseParenthesis_PointsAfterTheLastToken() => Reports("intent i: place s on (a and b[];", "PRIV1005");

    [Fact]
    [CoversDiagnostic("PRIV1005")]
    public void Parse_MissingName_PointsAfterTheKeyword() => Reports("levels[];", "PRIV1005");

    [Fact]
    [CoversDiagnostic("PRIV1006")]
    public void Parse_InvalidEscape_PointsAtTheEscape()
    {
        var diagnostic = Assert.Single(Reports("service s { image \"a[\\q]b\"; }", "PRIV1006"));
        Assert.Contains("'\\q'", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV1006")]
    public void Parse_InvalidEscapeInQuotedKey_IsReported() => Reports("intent i: place s on \"a[\\x]\" == b;", "PRIV1006");

    [Fact]
    public void Parse_SeveralErrorsOfDifferentKinds_AllReportedInOneRun()
    {
        Reports(
            """
            data X[] restricted;
            service s { image "x"[}] 
            intent i: [frobnicate] s;
            levels a < b;[@]
            intent j: place s on (a and b[];
            data Y: public;
            """,
            "PRIV1005", "PRIV1004", "PRIV1004", "PRIV1001", "PRIV1005");
    }

    [Fact]
    public void Parse_ErrorThenValidItems_RecoversAtTheNextItem()
    {
        var result = TestSources.Parse("data X restricted;\ndata Y: public;\nlevels a < b;\n");
        Assert.False(result.Succeeded);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(1, diagnostic.Location!.Value.Start.Line);
    }

    [Fact]
    public void Parse_WithErrors_HasNoTree() => Assert.Null(TestSources.Parse("data X restricted;").Program);
}
