using System.Text.RegularExpressions;
using Privc.Llm.Constrained;
using Privc.Llm.Evaluation;
using Privc.Parsing;
using Privc.Tests.Infrastructure;
using Privc.Text;

namespace Privc.Tests.Llm.Gbnf;

/// <summary>
/// The GBNF export of the language (translate --constrained, privc grammar): generated from grammar/Privc.g4, kept in
/// grammar/*.gbnf, and checked with an independent recogniser to accept what privc's parser accepts and reject what
/// it rejects, on every bundled program, every benchmark answer and thousands of token-level mutants of them.
/// </summary>
public sealed partial class GbnfGrammarTests
{
    private static readonly Lazy<GbnfRecognizer> Program = new(() => new GbnfRecognizer(LanguageGrammar.Gbnf(GbnfRoot.Program)));
    private static readonly Lazy<GbnfRecognizer> Answer = new(() => new GbnfRecognizer(LanguageGrammar.Gbnf(GbnfRoot.Answer)));

    private static string Grammar => Path.Combine(TestPaths.RepositoryRoot, "grammar");

    [Theory]
    [InlineData("privc.gbnf", GbnfRoot.Program)]
    [InlineData("privc-answer.gbnf", GbnfRoot.Answer)]
    public void Export_CommittedGrammar_IsWhatTheGeneratorWrites(string file, GbnfRoot root)
    {
        var generated = GbnfGenerator.Generate(File.ReadAllText(Path.Combine(Grammar, "Privc.g4")), root);
        Assert.Equal(generated, LanguageGrammar.Gbnf(root));
        var path = Path.Combine(Grammar, file);
        if (Environment.GetEnvironmentVariable("PRIVC_UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(path, generated);
        }
        Assert.True(File.Exists(path) && File.ReadAllText(path) == generated,
            $"grammar/{file} is not what the generator writes from grammar/Privc.g4: run privc grammar --out grammar/{file} --force (or the tests with PRIVC_UPDATE_BASELINES=1)");
    }

    [Fact]
    public void Export_EveryBundledProgram_IsAccepted()
    {
        var files = Directory.EnumerateFiles(Path.Combine(TestPaths.Specs, "examples"), "*.priv", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(TestPaths.Specs, "benchmark", "contexts"), "*.priv"))
            .Concat(ValidGoldenScenarios())
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(files.Count >= 25, $"{files.Count} programs");
        Assert.All(files, file => Assert.True(Program.Value.Accepts(File.ReadAllText(file)), $"the grammar rejects {file}"));
    }

    [Fact]
    public void Export_EveryBenchmarkAnswer_IsAcceptedAsAnAnswer()
    {
        var (benchmark, diagnostics) = BenchmarkLoader.Load(BenchmarkFiles.Root);
        Assert.True(benchmark is not null, string.Join("\n", diagnostics));
        var answers = benchmark.Cases.Where(c => c.ExpectsIntents)
            .SelectMany(c => c.Readings.Prepend(c.Gold).Concat(c.Accept).Concat(c.Reject).Concat(c.TopologyOnly).Select(a => (c.Id, Text: a)))
            .ToList();
        Assert.All(answers, a => Assert.True(Answer.Value.Accepts(a.Text), $"{a.Id}: the answer grammar rejects\n{a.Text}"));
        // An answer grammar takes intents and objectives only, never declarations.
        Assert.False(Answer.Value.Accepts("service s { image \"x\"; }\nintent a: place s on tee;\n"));
        Assert.False(Answer.Value.Accepts("// only a comment\n"));
    }

    [Theory]
    [InlineData("SyntaxErrors")]
    [InlineData("LexicalErrors")]
    public void Export_InvalidGoldenPrograms_AreRejected(string scenario)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "tests", "Privc.Tests", "Golden", scenario, "main.priv"));
        Assert.False(Program.Value.Accepts(text));
        // Each offending item alone is rejected too, and each good item accepted: the grammar and the parser agree item by item.
        foreach (var item in Items(text))
        {
            Assert.True(Program.Value.Accepts(item) == SyntaxParser.Parse(new SourceText("item.priv", item)).Succeeded, $"grammar and parser disagree on: {item}");
        }
    }

    [Fact]
    public void Export_TokenMutants_AcceptedExactlyWhenTheParserAccepts()
    {
        // Delete, duplicate or swap one token of each bundled program; spaces stay, so words never run together (the
        // one place the grammar is knowingly looser than the lexer; see GbnfGenerator).
        var programs = Directory.EnumerateFiles(Path.Combine(TestPaths.Specs, "benchmark", "contexts"), "*.priv")
            .Concat(Directory.EnumerateFiles(Path.Combine(TestPaths.Specs, "examples"), "*.priv", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .SelectMany(f => Items(File.ReadAllText(f)))
            .Where(i => !i.TrimStart().StartsWith("service", StringComparison.Ordinal) || i.Length < 400)
            .ToList();
        var random = new Random(17);
        var checkedMutants = 0;
        var rejected = 0;
        var loose = new List<string>();
        foreach (var item in programs)
        {
            var tokens = Token().Matches(item).Select(m => m.Value).ToList();
            for (var n = 0; n < 6 && tokens.Count > 1; n++)
            {
                var i = random.Next(tokens.Count);
                var mutant = new List<string>(tokens);
                switch (n % 3)
                {
                    case 0:
                        mutant.RemoveAt(i);
                        break;
                    case 1:
                        mutant.Insert(i, tokens[i]);
                        break;
                    default:
                        var j = Math.Min(tokens.Count - 1, i + 1);
                        (mutant[i], mutant[j]) = (mutant[j], mutant[i]);
                        break;
                }
                var text = string.Join(" ", mutant);
                var parsed = SyntaxParser.Parse(new SourceText("mutant.priv", text));
                // Bad string escapes are checked after lexing (PRIV1006); the grammar follows the lexer.
                if (parsed.Diagnostics.Any(d => d.Code == "PRIV1006"))
                {
                    continue;
                }
                checkedMutants++;
                rejected += parsed.Succeeded ? 0 : 1;
                var accepted = Program.Value.Accepts(text);
                // Never block a valid answer: everything the parser accepts, the grammar accepts.
                Assert.True(accepted || !parsed.Succeeded, $"the grammar rejects what the parser accepts: {text}");
                if (accepted && !parsed.Succeeded)
                {
                    // The grammar's one looseness: a word may split in two (`cpu ;` as the name `cp` and the value
                    // `u`). Such a mutant is accepted only through a split: with one word doubled into two spaced
                    // copies nothing can split differently, so the parser's verdict is what the grammar must give.
                    loose.Add(text);
                }
            }
        }
        Assert.True(checkedMutants > 300 && rejected > 100, $"{checkedMutants} mutants, {rejected} invalid");
        // The looseness is rare and only ever a missing value or name (which privc's parser then reports).
        Assert.True(loose.Count * 10 <= rejected, $"{loose.Count} of {rejected} invalid mutants accepted:\n{string.Join("\n", loose)}");
        Assert.All(loose, text => Assert.False(Program.Value.Accepts(SplitProof(text)), $"accepted other than by splitting a word: {text}"));
    }

    [Fact]
    public void Export_KeywordsThatAreNotNames_AreNotIdentifiers()
    {
        Assert.True(Program.Value.Accepts("intent place: place route on tee;\n"));
        Assert.False(Program.Value.Accepts("intent on: place x on tee;\n"));
        Assert.True(Program.Value.Accepts("intent one: place x on tee;\n"));
        Assert.True(Program.Value.Accepts("intent a: place x on tier == edge-1.b /* c */ // d\n;"));
        Assert.False(Program.Value.Accepts("intent a: place x on tier == edge-;\n"));
    }

    /// <summary>
    /// The text with every name and quantity of two or more characters made unsplittable for this purpose: each is
    /// replaced by a one-letter name or number. Keywords stay outside a service's braces (they give the structure);
    /// inside them every word is a property's key or value, where a keyword reads as a name anyway.
    /// </summary>
    private static string SplitProof(string text)
    {
        var depth = 0;
        var words = new List<string>();
        foreach (var token in Token().Matches(text).Select(m => m.Value))
        {
            depth += token == "{" ? 1 : token == "}" ? -1 : 0;
            var word = token.Length > 1 && char.IsLetterOrDigit(token[0]);
            words.Add(word && (depth > 0 || !Keywords.Contains(token)) ? (char.IsDigit(token[0]) ? "1" : "x") : token);
        }
        return string.Join(" ", words);
    }

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "levels", "data", "tags", "service", "flow", "carries", "bandwidth", "port", "intent", "objective", "place", "on", "keep", "within",
        "over", "links", "where", "separate", "from", "colocate", "with", "by", "dedicate", "spread", "across", "at", "least", "route",
        "declassify", "to", "via", "tenant", "handling", "tagged", "flows", "carrying", "avoid", "through", "then", "latency", "hops",
        "devices", "minimize", "max", "prefer", "and", "or", "not", "in", "true", "false",
    };

    private static IEnumerable<string> ValidGoldenScenarios() =>
        Directory.EnumerateDirectories(Path.Combine(TestPaths.RepositoryRoot, "tests", "Privc.Tests", "Golden"))
            .Select(d => Path.Combine(d, "main.priv"))
            .Where(File.Exists)
            .Where(f => SyntaxParser.Parse(new SourceText(f, File.ReadAllText(f))).Succeeded);

    /// <summary>A program's items: text up to each top-level ';' or a service's closing '}', comments dropped.</summary>
    private static IEnumerable<string> Items(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal) && !l.TrimStart().StartsWith('#'));
        var current = new System.Text.StringBuilder();
        var depth = 0;
        foreach (var c in string.Join("\n", lines))
        {
            current.Append(c);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if ((c == ';' && depth == 0) || (c == '}' && depth == 0 && current.ToString().TrimStart().StartsWith("service", StringComparison.Ordinal)))
            {
                var item = current.ToString().Trim();
                if (item.Length > 0)
                {
                    yield return item + "\n";
                }
                current.Clear();
            }
        }
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|[A-Za-z0-9_.\\-]+|->|==|!=|<=|>=|\\S")]
    private static partial Regex Token();
}
