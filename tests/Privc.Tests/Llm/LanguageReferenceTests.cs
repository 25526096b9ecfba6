using System.Text.RegularExpressions;
using Privc.Llm.Prompting;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Llm;

/// <summary>The prompt's language reference must not drift from the grammar: every keyword is in it, and its examples compile.</summary>
public partial class LanguageReferenceTests
{
    [Fact]
    public void Reference_MentionsEveryKeywordOfTheGrammar()
    {
        var grammar = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "grammar", "Privc.g4"));
        var keywords = KeywordRule().Matches(grammar).Select(m => m.Groups[1].Value).ToList();
        Assert.True(keywords.Count > 40, "the grammar's keywords were not found");
        var words = WordPattern().Matches(PromptBuilder.LanguageReference).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        Assert.All(keywords, keyword => Assert.Contains(keyword, words));
    }

    [Fact]
    public void Reference_ExampleSection_TypeChecksInItsOwnDomain()
    {
        var reference = PromptBuilder.LanguageReference;
        var example = reference[reference.IndexOf("## Example", StringComparison.Ordinal)..reference.IndexOf("## The request", StringComparison.Ordinal)];
        var lines = example.Split('\n').Skip(1).Where(l => l.StartsWith("    ", StringComparison.Ordinal)).Select(l => l.Trim());
        var program = PromptDomain.Bind(string.Join("\n", lines));
        Assert.Equal(7, program.Intents.Length + program.Objectives.Length);
    }

    [Fact]
    public void Reference_DeclarationExamples_Parse()
    {
        var reference = PromptBuilder.LanguageReference;
        var section = reference[reference.IndexOf("## Declarations", StringComparison.Ordinal)..reference.IndexOf("## Intents", StringComparison.Ordinal)];
        var lines = section.Split('\n').Where(l => l.StartsWith("    ", StringComparison.Ordinal)).Select(l => l.Trim());
        var result = TestSources.Parse(string.Join("\n", lines));
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }

    [GeneratedRegex(@"^[A-Z_]+ : '([a-z]+)' ;", RegexOptions.Multiline)]
    private static partial Regex KeywordRule();

    [GeneratedRegex(@"[a-z]+")]
    private static partial Regex WordPattern();
}
