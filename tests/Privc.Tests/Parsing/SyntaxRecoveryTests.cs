using System.Text.RegularExpressions;
using Privc.Tests.Infrastructure;
using static Privc.Tests.Infrastructure.DiagnosticAssert;

namespace Privc.Tests.Parsing;

/// <summary>
/// Messages after ANTLR's recovery name what is really wrong. Contextual keywords are also names, so a missing name
/// before one (<c>across at least</c>) used to be reported as the keyword missing although it was there, and a
/// misspelt keyword used to become the value after an inserted keyword, with a second error after it.
/// </summary>
public partial class SyntaxRecoveryTests
{
    [Fact]
    [CoversDiagnostic("PRIV1005")]
    public void Parse_SpreadWithoutKey_SaysTheKeyIsMissing()
    {
        var diagnostic = Assert.Single(Reports("intent i: spread x across[] at least 2;", "PRIV1005"));
        Assert.Equal("missing a label key before 'at'", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV1005")]
    public void Parse_SpreadWithoutAcross_IsOneMistake()
    {
        var diagnostic = Assert.Single(Reports("intent i: spread x[] at least 2;", "PRIV1005"));
        Assert.Equal("missing 'across' and a label key before 'at'", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV1005")]
    public void Parse_SpreadWithoutAt_StillSaysAtIsMissing()
    {
        var diagnostic = Assert.Single(Reports("intent i: spread x across zone[] least 2;", "PRIV1005"));
        Assert.Equal("missing 'at' before 'least'", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV1005")]
    public void Parse_DeclassifyWithoutLevel_SaysTheNameIsMissing()
    {
        var diagnostic = Assert.Single(Reports("intent i: declassify D to[] via s;", "PRIV1005"));
        Assert.Equal("missing a name before 'via'", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV1005")]
    public void Parse_DataWithoutLevel_SaysTheNameIsMissing()
    {
        var diagnostic = Assert.Single(Reports("data D:[] tags A;", "PRIV1005"));
        Assert.Equal("missing a name before 'tags'", diagnostic.Message);
    }

    [Theory]
    [CoversDiagnostic("PRIV1004")]
    [InlineData("intent i: spread x across zone at [lest] 2;", "least")]
    [InlineData("intent i: spread x [acros] zone at least 2;", "across")]
    [InlineData("intent i: separate x [form] y;", "from")]
    [InlineData("intent i: place x [onn] tee;", "on")]
    [InlineData("intent i: declassify D [too] internal via s;", "to")]
    public void Parse_MisspeltKeyword_IsOneErrorWithTheKeyword(string marked, string keyword)
    {
        var diagnostic = Assert.Single(Reports(marked, "PRIV1004"));
        Assert.EndsWith($"; did you mean '{keyword}'?", diagnostic.Message);
    }

    [Theory]
    [CoversDiagnostic("PRIV1004")]
    [InlineData("intent i: [plce] x on tee;", "place")]
    [InlineData("intent i: route f [latncy] <= 10ms;", "latency")]
    [InlineData("[levls] a < b;", "levels")]
    public void Parse_MisspeltKeywordAmongSeveral_ListsThemAndSuggestsOne(string marked, string keyword)
    {
        var diagnostic = Assert.Single(Reports(marked, "PRIV1004"));
        Assert.Contains("; expected ", diagnostic.Message);
        Assert.EndsWith($"; did you mean '{keyword}'?", diagnostic.Message);
    }

    [Fact]
    public void Parse_NameFarFromTheKeyword_IsNotCalledAMisspelling()
    {
        var diagnostics = Reports("intent i: spread x across zone at[] frobnicate [2];", "PRIV1005", "PRIV1004");
        Assert.All(diagnostics, d => Assert.DoesNotContain("did you mean", d.Message));
    }

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(TestPaths.Examples, "*.priv", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(TestPaths.RepositoryRoot, file));
        }
        data.Add(Path.Combine("tests", "Privc.Tests", "Golden", "ServiceRelations", "main.priv"));
        data.Add(Path.Combine("tests", "Privc.Tests", "Golden", "QuotedKeys", "main.priv"));
        return data;
    }

    /// <summary>
    /// Deleting any one word of a valid program never gives a "missing 'K'" diagnostic right after a K: the claim
    /// that a keyword is missing is never contradicted by the text at the place it points to.
    /// </summary>
    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Parse_AnyWordDeleted_NeverClaimsAPresentKeywordIsMissing(string file)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, file));
        foreach (Match word in Word().Matches(text))
        {
            var mutated = text.Remove(word.Index, word.Length);
            foreach (var diagnostic in TestSources.Parse(mutated).Diagnostics.Where(d => d.Code == "PRIV1005"))
            {
                var claim = MissingKeyword().Match(diagnostic.Message);
                if (!claim.Success)
                {
                    continue;
                }
                var before = mutated[..diagnostic.Location!.Value.Span.Start].TrimEnd();
                Assert.False(
                    before.EndsWith(" " + claim.Groups["keyword"].Value, StringComparison.Ordinal),
                    $"deleting '{word.Value}' at {word.Index} of {file}: '{diagnostic.Message}' right after that keyword");
            }
        }
    }

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_\-.]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"^missing '(?<keyword>[a-z]+)'")]
    private static partial Regex MissingKeyword();
}
