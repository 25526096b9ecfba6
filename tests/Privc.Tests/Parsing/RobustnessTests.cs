using System.Diagnostics;
using System.Text;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Privc.Semantics;
using Privc.Verification;
using Privc.Parsing;
using Privc.Syntax;
using Privc.Tests.Infrastructure;
using Privc.Text;

namespace Privc.Tests.Parsing;

/// <summary>Hostile input gives diagnostics, never an exception, a hang or a stack overflow.</summary>
public class RobustnessTests
{
    private const string Prefix = "intent i: place s on ";
    private const string Punctuation = "{}:;,-\"#[]&*|>";

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    [Fact]
    [CoversDiagnostic("PRIV0005")]
    public void Parse_HundredThousandParentheses_IsTooDeepAtTheFirstExcess()
    {
        var text = Prefix + Repeat("(", 100_000) + "a" + Repeat(")", 100_000) + ";";
        var diagnostic = Assert.Single(TestSources.Parse(text).Diagnostics);
        Assert.Equal("PRIV0005", diagnostic.Code);
        Assert.Equal(new TextSpan(Prefix.Length + SyntaxParser.MaxNesting, 1), diagnostic.Location!.Value.Span);
    }

    [Fact]
    [CoversDiagnostic("PRIV0005")]
    public void Parse_HundredThousandNots_IsTooDeepAtTheFirstExcess()
    {
        var text = Prefix + Repeat("not ", 100_000) + "a;";
        var diagnostic = Assert.Single(TestSources.Parse(text).Diagnostics);
        Assert.Equal("PRIV0005", diagnostic.Code);
        Assert.Equal(new TextSpan(Prefix.Length + (4 * SyntaxParser.MaxOperatorsPerItem), 3), diagnostic.Location!.Value.Span);
    }

    [Fact]
    [CoversDiagnostic("PRIV0005")]
    public void Parse_HundredThousandAnds_IsTooDeepAtTheFirstExcess()
    {
        var text = Prefix + "a" + Repeat(" and a", 100_000) + ";";
        var diagnostic = Assert.Single(TestSources.Parse(text).Diagnostics);
        Assert.Equal("PRIV0005", diagnostic.Code);
        Assert.Equal(new TextSpan(Prefix.Length + 2 + (6 * SyntaxParser.MaxOperatorsPerItem), 3), diagnostic.Location!.Value.Span);
    }

    [Fact]
    [CoversDiagnostic("PRIV0005")]
    public void Parse_DeeplyNestedBraces_IsTooDeep()
    {
        var text = Prefix + "a in " + Repeat("{", 1000) + ";";
        var diagnostic = Assert.Single(TestSources.Parse(text).Diagnostics);
        Assert.Equal("PRIV0005", diagnostic.Code);
    }

    [Fact]
    public void Compile_ExpressionsAtTheLimits_BindPrintAndFormat()
    {
        // The deepest and longest expressions the parser accepts must get through every later recursive stage.
        var nested = Repeat("(", SyntaxParser.MaxNesting) + "tee" + Repeat(")", SyntaxParser.MaxNesting);
        var nots = Repeat("not ", SyntaxParser.MaxOperatorsPerItem) + "tee";
        var ands = "tee" + Repeat(" or tee", SyntaxParser.MaxOperatorsPerItem);
        var text = FrontEndTestPrelude.Declarations +
            $"intent a: place ingest on {nested};\nintent b: place ingest on {nots};\nintent c: place ingest on {ands};\n";
        var compilation = new Compilation([new SourceText("limits.priv", text)], DiagnosticAssert.HospitalTopology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        var program = compilation.ParseResults[0].Program!;
        Assert.NotEmpty(SyntaxTreePrinter.Print(program));
        var formatted = SyntaxFormatter.Format(program);
        Assert.True(TestSources.Parse(formatted).Succeeded);
    }

    [Fact]
    public void Parse_ManyItems_IsLinearEnough()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            text.Append("intent i").Append(i).Append(": place s on tier in {edge, cloud} and not tee;\n");
        }
        var watch = Stopwatch.StartNew();
        var result = TestSources.Parse(text.ToString());
        Assert.True(result.Succeeded);
        Assert.Equal(20_000, result.Program!.Items.Length);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"parsing {text.Length} characters took {watch.Elapsed}");
    }

    [Fact]
    public void Parse_ThousandsOfBadCharacters_ReportsEachWithoutCascade()
    {
        var result = TestSources.Parse("levels a < b;\n" + Repeat("@", 5000));
        Assert.Equal(5000, result.Diagnostics.Length);
        Assert.All(result.Diagnostics, d => Assert.Equal("PRIV1001", d.Code));
    }

    [Fact]
    public void Parse_VeryLongName_IsOneToken()
    {
        var result = TestSources.Parse("levels " + Repeat("a", 1_000_000) + ";");
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Read_BinaryGarbage_IsRejectedWithAPosition()
    {
        var random = new Random(20260401);
        for (var round = 0; round < 50; round++)
        {
            var bytes = new byte[random.Next(1, 4096)];
            random.NextBytes(bytes);
            var (source, error) = SourceReader.FromBytes("garbage.priv", bytes);
            if (source is null)
            {
                Assert.True(error!.Code is "PRIV0002" or "PRIV0003", error.ToString());
                Assert.NotNull(error.Location);
            }
            else
            {
                AssertNoCrash(source.Text);
            }
        }
    }

    [Property(MaxTest = 300)]
    public void Parse_AnyText_ReportsErrorsOrBuildsATree(string? text)
    {
        AssertNoCrash(text ?? string.Empty);
    }

    [Property(MaxTest = 300)]
    public void Parse_AnySequenceOfLanguageTokens_ReportsErrorsOrBuildsATree(FsCheck.NonEmptyArray<int> picks)
    {
        string[] vocabulary =
        [
            "levels", "data", "service", "flow", "intent", "objective", "place", "keep", "on", "within", "over", "links", "where",
            "route", "avoid", "through", "then", "devices", "latency", "hops", "not", "and", "or", "in", "(", ")", "{", "}",
            ";", ":", ",", "->", "==", "<", "<=", "*", "x", "tee", "10ms", "3", "\"s\"", "\"", "/*", "*/", "//", "\n", "true",
        ];
        var text = string.Join(' ', picks.Get.Select(p => vocabulary[(int)((uint)p % (uint)vocabulary.Length)]));
        AssertNoCrash(text);
    }

    [Property(MaxTest = 100)]
    public void Read_AnyBytes_GivesTextOrADiagnostic(byte[]? bytes)
    {
        var (source, error) = SourceReader.FromBytes("any.priv", bytes ?? []);
        Assert.True((source is null) != (error is null));
    }

    /// <summary>
    /// Mutants of the property suite's generated programs (byte flips, truncations, token deletions and
    /// duplications) and of their topology YAML: no exception, bounded time, and every diagnostic inside its source.
    /// </summary>
    [Fact]
    [Trait("Category", "Property")]
    public void Compile_MutatedGeneratedInputs_NeverCrashAndReportInsideTheSource()
    {
        var runs = Properties.PropertyRunner.Runs(150);
        for (var k = 0; k < runs; k++)
        {
            var seed = Properties.PropertyRunner.Seed + k;
            var random = new Random(seed);
            var instance = Properties.Generators.Instance.Generate(seed);
            var source = Mutate(random, instance.Source);
            var yaml = random.Next(3) == 0 ? instance.TopologyYaml : Mutate(random, instance.TopologyYaml);
            var watch = Stopwatch.StartNew();
            var context = $"case {k} (seed {seed}):\n---- main.priv ----\n{source}\n---- topology.yaml ----\n{yaml}";
            var topologySource = new SourceText("topology.yaml", yaml);
            var loaded = Privc.Topology.TopologyLoader.Load(topologySource);
            AssertInside(loaded.Diagnostics, topologySource, context);
            var programSource = new SourceText("main.priv", source);
            var compilation = new Compilation([programSource], loaded.Topology ?? DiagnosticAssert.HospitalTopology);
            AssertInside(compilation.Diagnostics, programSource, context);
            Assert.Equal(compilation.Diagnostics.Any(d => d.IsError), compilation.Program is null);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"{context}\ntook {watch.Elapsed}");
        }
    }

    private static void AssertInside(IEnumerable<Privc.Diagnostics.Diagnostic> diagnostics, SourceText source, string context)
    {
        foreach (var diagnostic in diagnostics.Where(d => d.Location is { } l && l.Path == source.Path))
        {
            var span = diagnostic.Location!.Value.Span;
            Assert.True(span.Start >= 0 && span.Length >= 0 && span.Start + span.Length <= source.Text.Length, $"{diagnostic} lies outside the source\n{context}");
        }
    }

    private static string Mutate(Random random, string text)
    {
        var rounds = random.Next(1, 4);
        for (var round = 0; round < rounds && text.Length > 0; round++)
        {
            var at = random.Next(text.Length);
            switch (random.Next(6))
            {
                case 0: // a byte flip (kept within ASCII so the text stays a string; invalid UTF-8 is Read_BinaryGarbage's)
                    text = text[..at] + (char)(text[at] ^ (1 << random.Next(7))) + text[(at + 1)..];
                    break;
                case 1: // truncation
                    text = text[..at];
                    break;
                case 2: // delete a token
                case 3: // duplicate a token
                    var tokens = System.Text.RegularExpressions.Regex.Split(text, @"(\s+)");
                    var pick = random.Next(tokens.Length);
                    tokens[pick] = random.Next(2) == 0 && tokens[pick].Trim().Length > 0 ? string.Empty : tokens[pick] + " " + tokens[pick];
                    text = string.Concat(tokens);
                    break;
                case 4: // swap two lines
                    var lines = text.Split('\n');
                    var (a, b) = (random.Next(lines.Length), random.Next(lines.Length));
                    (lines[a], lines[b]) = (lines[b], lines[a]);
                    text = string.Join('\n', lines);
                    break;
                default: // insert punctuation
                    text = text[..at] + Punctuation[random.Next(Punctuation.Length)] + text[at..];
                    break;
            }
        }
        return text;
    }

    private static void AssertNoCrash(string text)
    {
        var result = TestSources.Parse(text);
        if (result.Succeeded)
        {
            Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
            var compilation = new Compilation([new SourceText("any.priv", text)], DiagnosticAssert.HospitalTopology);
            _ = compilation.Diagnostics;
        }
        else
        {
            Assert.Contains(result.Diagnostics, d => d.IsError);
            Assert.All(result.Diagnostics, d => Assert.NotNull(d.Location));
        }
    }
}
