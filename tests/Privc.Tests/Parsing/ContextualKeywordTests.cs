using System.Text.RegularExpressions;
using Privc.Parsing;
using Privc.Parsing.Generated;
using Privc.Syntax;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Parsing;

/// <summary>
/// Contextual keywords (the grammar's <c>name</c> rule) must work as names everywhere, and the error listener's
/// list of them must match the grammar, or syntax errors would list keywords one by one.
/// </summary>
public partial class ContextualKeywordTests
{
    /// <summary>The token names the grammar's <c>name</c> rule accepts besides IDENT, read from Privc.g4.</summary>
    private static IReadOnlyList<string> GrammarContextualKeywords()
    {
        var grammar = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "grammar", "Privc.g4"));
        var rule = NameRule().Match(grammar);
        Assert.True(rule.Success, "the grammar has no 'name' rule");
        var tokens = rule.Groups["body"].Value.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("IDENT", tokens);
        return tokens.Where(t => t != "IDENT").ToList();
    }

    /// <summary>Every token type of the lexer, by its symbolic name (the generated constants).</summary>
    private static readonly IReadOnlyDictionary<string, int> TokenTypes = typeof(PrivcLexer)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(int) && f.Name.All(c => char.IsUpper(c) || c == '_'))
        .ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);

    private static int TokenType(string symbolicName) =>
        TokenTypes.TryGetValue(symbolicName, out var type) ? type : throw new InvalidOperationException($"no token {symbolicName}");

    private static string Spelling(string symbolicName) => PrivcLexer.DefaultVocabulary.GetLiteralName(TokenType(symbolicName)).Trim('\'');

    public static TheoryData<string> Keywords()
    {
        var data = new TheoryData<string>();
        foreach (var keyword in GrammarContextualKeywords())
        {
            data.Add(keyword);
        }
        return data;
    }

    [Fact]
    public void Grammar_ContextualKeywords_MatchErrorListener()
    {
        var fromGrammar = GrammarContextualKeywords().Select(TokenType).Order().ToList();
        var fromListener = TokenTypes.Values.Where(SyntaxErrorListener.IsContextualKeyword).Order().ToList();
        Assert.Equal(
            fromGrammar.Select(t => PrivcLexer.DefaultVocabulary.GetSymbolicName(t)),
            fromListener.Select(t => PrivcLexer.DefaultVocabulary.GetSymbolicName(t)));
    }

    [Fact]
    public void Grammar_ReservedWords_AreNotNames()
    {
        foreach (var reserved in new[] { "data", "service", "flow", "intent", "objective", "on", "within", "from", "with", "to", "and", "or", "not", "in", "true", "false" })
        {
            var result = TestSources.Parse($"data {reserved}: public;");
            Assert.False(result.Succeeded, $"'{reserved}' was accepted as a name");
        }
    }

    [Theory]
    [MemberData(nameof(Keywords))]
    public void Parse_ContextualKeyword_WorksAsEveryKindOfName(string token)
    {
        var k = Spelling(token);
        var text = $$"""
            levels {{k}} < other;
            data {{k}}: {{k}} tags {{k}};
            service {{k}} { {{k}} {{k}}, "{{k}}"; }
            flow {{k}}: {{k}} -> {{k}} carries {{k}};
            intent {{k}}: place {{k}}, tenant {{k}}, handling {{k}} on {{k}} == {{k}} and {{k}} in {{{k}}} and {{k}};
            intent i2: keep {{k}}, data tagged {{k}} within {{k}} != {{k}} over links where {{k}};
            intent i3: separate {{k}} from {{k}} by {{k}};
            intent i4: colocate {{k}} with {{k}} by {{k}};
            intent i5: spread {{k}} across {{k}} at least 2;
            intent i6: route {{k}}, flows carrying {{k}}, flows from {{k}}, flows to {{k}} latency <= 10ms, avoid {{k}}, through {{k}} then devices where {{k}};
            intent i7: declassify {{k}} to {{k}} via {{k}};
            objective o1: minimize {{k}};
            objective o2: minimize max {{k}};
            objective o3: prefer {{k}};
            """;
        var result = TestSources.Parse(text);
        Assert.True(result.Succeeded, $"'{k}' as a name:\n" + string.Join("\n", result.Diagnostics));
        var names = Names(result.Program!).ToList();
        var expectedOthers = new HashSet<string>(["other", "i2", "i3", "i4", "i5", "i6", "i7", "o1", "o2", "o3"]);
        Assert.All(names.Where(n => !expectedOthers.Contains(n)), n => Assert.Equal(k, n));
    }

    private static IEnumerable<string> Names(ProgramSyntax program) =>
        SyntaxTreePrinter.Print(program, withSpans: false).Split('\n')
            .Select(line => NameLine().Match(line)).Where(m => m.Success).Select(m => m.Groups["text"].Value);

    [GeneratedRegex(@"^name\s*:(?<body>[^;]*);", RegexOptions.Multiline)]
    private static partial Regex NameRule();

    [GeneratedRegex("(?:Name|Attribute|Value Name) \"(?<text>[^\"]*)\"")]
    private static partial Regex NameLine();
}
