using FsCheck.Xunit;
using Privc.Syntax;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Syntax;

/// <summary>The canonical layout of <c>privc fmt</c>, and its two laws: idempotence and tree preservation.</summary>
public class SyntaxFormatterTests
{
    private static string Format(string text)
    {
        var result = TestSources.Parse(text);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return SyntaxFormatter.Format(result.Program!);
    }

    /// <summary>format(format(x)) = format(x), and parse(format(x)) is x's tree up to spans (comments included).</summary>
    internal static void AssertLaws(string text)
    {
        var original = TestSources.Parse(text);
        Assert.True(original.Succeeded, string.Join("\n", original.Diagnostics));
        var once = SyntaxFormatter.Format(original.Program!);
        var reparsed = TestSources.Parse(once);
        Assert.True(reparsed.Succeeded, $"formatted text does not parse:\n{once}\n{string.Join("\n", reparsed.Diagnostics)}");
        Assert.Equal(SyntaxTreePrinter.Print(original.Program!, withSpans: false), SyntaxTreePrinter.Print(reparsed.Program!, withSpans: false));
        var twice = SyntaxFormatter.Format(reparsed.Program!);
        Assert.Equal(once, twice);
    }

    [Theory]
    [InlineData("levels  a<b <c ;", "levels a < b < c;")]
    [InlineData("data X:a;", "data X: a;")]
    [InlineData("data X : a tags P,Q ;", "data X: a tags P, Q;")]
    [InlineData("flow f:a->b;", "flow f: a -> b;")]
    [InlineData("flow f : a->b carries X,Y bandwidth 1Gbps port 80;", "flow f: a -> b carries X, Y bandwidth 1Gbps port 80;")]
    [InlineData("flow f: a -> b port 80 carries X;", "flow f: a -> b port 80 carries X;")]
    [InlineData("intent i:place a,b on tee;", "intent i: place a, b on tee;")]
    [InlineData("intent i: place *,tenant t,handling D on true;", "intent i: place *, tenant t, handling D on true;")]
    [InlineData("intent i: keep X,data tagged T within false over links where encrypted;", "intent i: keep X, data tagged T within false over links where encrypted;")]
    [InlineData("intent i: separate a from b by zone;", "intent i: separate a from b by zone;")]
    [InlineData("intent i: colocate a with b;", "intent i: colocate a with b;")]
    [InlineData("intent i: dedicate a;", "intent i: dedicate a;")]
    [InlineData("intent i: spread a across zone at least 2;", "intent i: spread a across zone at least 2;")]
    [InlineData("intent i: separate a from b by\"node-restriction.kubernetes.io/zone\" ;", "intent i: separate a from b by \"node-restriction.kubernetes.io/zone\";")]
    [InlineData("intent i: colocate a with b by \"zone\";", "intent i: colocate a with b by \"zone\";")]
    [InlineData("intent i: spread a across\"k/z\"at least 2;", "intent i: spread a across \"k/z\" at least 2;")]
    [InlineData("intent i: spread a across \"tab\\there\" at least 2;", "intent i: spread a across \"tab\\there\" at least 2;")]
    [InlineData("intent i: route *,flows carrying D,flows from a,flows to b,f latency<=10ms,hops<3;", "intent i: route *, flows carrying D, flows from a, flows to b, f latency <= 10ms, hops < 3;")]
    [InlineData("intent i: route f avoid s1,s2, avoid devices where x, avoid links where y;", "intent i: route f avoid s1, s2, avoid devices where x, avoid links where y;")]
    [InlineData("intent i: route f through devices where fw then s4, within a, over links where b;", "intent i: route f through devices where fw then s4, within a, over links where b;")]
    [InlineData("intent i: declassify X to l via s;", "intent i: declassify X to l via s;")]
    [InlineData("objective o:minimize   max latency;", "objective o: minimize max latency;")]
    [InlineData("objective o: prefer tier==edge;", "objective o: prefer tier == edge;")]
    [InlineData("intent i: place s on k in {a,\"b c\",3,10ms,true};", "intent i: place s on k in {a, \"b c\", 3, 10ms, true};")]
    [InlineData("intent i: place s on k not in {a};", "intent i: place s on k not in {a};")]
    [InlineData("intent i: place s on a!=b and c<d and e<=f and g>h and i>=j;", "intent i: place s on a != b and c < d and e <= f and g > h and i >= j;")]
    public void Format_Item_IsCanonical(string messy, string tidy) => Assert.Equal(tidy + "\n", Format(messy));

    [Theory]
    [InlineData("(a and b) or c", "a and b or c")]
    [InlineData("a and (b or c)", "a and (b or c)")]
    [InlineData("(a or b) and c", "(a or b) and c")]
    [InlineData("(a or b) or c", "a or b or c")]
    [InlineData("a or (b or c)", "a or (b or c)")]
    [InlineData("(a and b) and c", "a and b and c")]
    [InlineData("a and (b and c)", "a and (b and c)")]
    [InlineData("not (a and b)", "not (a and b)")]
    [InlineData("not (a or b)", "not (a or b)")]
    [InlineData("not (not a)", "not not a")]
    [InlineData("(not a) and b", "not a and b")]
    [InlineData("not (a in {x})", "not a in {x}")]
    [InlineData("((((tee))))", "tee")]
    [InlineData("a or b and c", "a or b and c")]
    [InlineData("(a or b) and (c or d)", "(a or b) and (c or d)")]
    [InlineData("not (a == 1) or (b)", "not a == 1 or b")]
    public void Format_Predicate_UsesMinimalParentheses(string predicate, string expected) =>
        Assert.Equal($"intent i: place s on {expected};\n", Format($"intent i: place s on {predicate};"));

    [Fact]
    public void Format_Strings_AreRequotedWithEscapes()
    {
        Assert.Equal("service s {\n  image \"a\\\"b\\\\c\\nd\\te\";\n}\n", Format("service s { image \"a\\\"b\\\\c\\nd\\te\"; }"));
        Assert.Equal("intent i: place s on \"k8s/zone\" == \"a\\\"b\";\n", Format("intent i: place s on \"k8s/zone\"==\"a\\\"b\";"));
    }

    [Fact]
    public void Format_Service_PutsEachPropertyOnItsOwnIndentedLine() =>
        Assert.Equal("service s {\n  image \"x\";\n  ports 80, 443;\n  replicas 2;\n}\n", Format("service s { image \"x\"; ports 80,443; replicas 2; }"));

    [Fact]
    public void Format_EmptyService_StaysOnOneLine() => Assert.Equal("service s {}\n", Format("service  s {\n\n}"));

    [Fact]
    public void Format_Services_AreSetOffByBlankLines() =>
        Assert.Equal("data X: a;\n\nservice s {}\n\nservice t {}\n\nflow f: s -> t;\n", Format("data X: a;\nservice s {}\nservice t {}\nflow f: s -> t;"));

    [Fact]
    public void Format_BlankLines_KeepOneWhereTheSourceHadAny() =>
        Assert.Equal("data A: a;\n\ndata B: b;\ndata C: c;\n", Format("\n\n\ndata A: a;\n\n\n\ndata B: b;\ndata C: c;\n\n\n"));

    [Fact]
    public void Format_EmptyProgram_IsEmpty() => Assert.Equal(string.Empty, Format("  \n\n"));

    [Fact]
    public void Format_LeadingAndTrailingComments_StayWithTheirItems() =>
        Assert.Equal(
            "// header\n\n# about A\ndata A: a; // trailing\n/* about B */\ndata B: b; /* b */ // two\n// the end\n",
            Format("// header\n\n# about A\ndata A:a;   // trailing   \n/* about B */\ndata B : b; /* b */ // two\n// the end\n"));

    [Fact]
    public void Format_CommentInsideAnItem_MovesBeforeIt() =>
        Assert.Equal("// edge only\nintent i: place s on tee and tier == edge;\n", Format("intent i: place s on\n  tee // edge only\n  and tier == edge;"));

    [Fact]
    public void Format_CommentsInsideAService_AreIndentedWithTheProperties() =>
        Assert.Equal(
            "service s { // the service\n  // the image\n  image \"x\"; // pinned\n  /* last */\n} // done\n",
            Format("service s { // the service\n// the image\nimage \"x\"; // pinned\n      /* last */ }   // done"));

    [Fact]
    public void Format_CommentInAnEmptyService_KeepsTheBraceOnItsOwnLine() =>
        Assert.Equal("service s { /* nothing yet */\n}\n", Format("service s { /* nothing yet */ }"));

    [Fact]
    public void Format_CommentBetweenNameAndBrace_MovesBeforeTheService() =>
        Assert.Equal("/* odd */\nservice s {}\n", Format("service s /* odd */ {}"));

    [Fact]
    public void Format_MultiLineBlockComment_IsKeptVerbatim() =>
        Assert.Equal("/* one\n   two */\ndata A: a;\n", Format("/* one\n   two */\ndata A: a;"));

    [Fact]
    public void Format_OnlyComments_KeepsThem() => Assert.Equal("// a\n\n// b\n", Format("// a\n\n\n// b"));

    [Fact]
    public void Format_KeywordsUsedAsNames_StayNames() =>
        AssertLaws("service route { image \"x\"; }\nflow latency: route -> route carries carries;\nintent place: place route on latency == hops;");

    [Fact]
    public void Format_HospitalExample_IsAlreadyCanonical()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Examples, "hospital-au", "hospital.priv"));
        Assert.Equal(text, Format(text));
    }

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(TestPaths.Examples, "*.priv", SearchOption.AllDirectories)
                     .Concat(Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "tests", "Privc.Tests", "Golden"), "*.priv", SearchOption.AllDirectories))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(TestPaths.RepositoryRoot, file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Format_EveryExampleAndGoldenFile_IsIdempotentAndKeepsTheTree(string file)
    {
        var (source, error) = Privc.Parsing.SourceReader.ReadFile(Path.Combine(TestPaths.RepositoryRoot, file));
        if (source is null || !TestSources.Parse(source.Text).Succeeded)
        {
            Assert.True(error is not null || file.Contains("Golden", StringComparison.Ordinal), $"{file} does not parse");
            return; // error scenarios of the golden corpus have no tree to format
        }
        AssertLaws(source.Text);
    }

    [Property(MaxTest = 200)]
    public void Format_RandomProgram_IsIdempotentAndKeepsTheTree(int seed) => AssertLaws(RandomPrograms.Generate(seed, withPrelude: false));

    /// <summary>The round-trip law on the property suite's generated programs (every intent kind, service blocks, flows).</summary>
    [Fact]
    [Trait("Category", "Property")]
    public void Format_GeneratedPrograms_AreIdempotentAndKeepTheTree()
    {
        var runs = Properties.PropertyRunner.Runs(100);
        for (var k = 0; k < runs; k++)
        {
            AssertLaws(Properties.Generators.Instance.Generate(Properties.PropertyRunner.Seed + k).Source);
        }
    }

    [Property(MaxTest = 300)]
    public void Format_RandomPredicate_KeepsItsShape(int seed) => AssertLaws($"intent i: place s on {RandomPrograms.Predicate(seed, depth: 7)};");
}
