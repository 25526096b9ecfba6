using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Privc.Parsing;

namespace Privc.Tests.LanguageServer;

/// <summary>
/// The VS Code extension's TextMate grammar (src/Privc.Vscode) is written by hand, so it can fall behind the ANTLR
/// grammar. These tests hold it to the lexer: every keyword the language has is coloured, and the grammar colours
/// no word the language does not have. Its scopes are tested by vscode-tmgrammar-test (npm test, run by .ci/test).
/// </summary>
public class EditorGrammarTests
{
    private static readonly string Extension = Path.Combine(TestPaths.RepositoryRoot, "src", "Privc.Vscode");

    /// <summary>The words of every alternation <c>\b(a|b|...)</c> in the grammar's patterns.</summary>
    private static SortedSet<string> ColouredWords()
    {
        var grammar = JsonNode.Parse(File.ReadAllText(Path.Combine(Extension, "syntaxes", "privc.tmLanguage.json")))!;
        var words = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var pattern in grammar["repository"]!.AsObject().SelectMany(rule => Patterns(rule.Value!)))
        {
            foreach (Match group in Regex.Matches(pattern, @"\\b\(([a-z|]+)\)"))
            {
                words.UnionWith(group.Groups[1].Value.Split('|'));
            }
        }
        return words;
    }

    private static IEnumerable<string> Patterns(JsonNode rule) =>
        (rule["match"] is { } match ? [match.GetValue<string>()] : Array.Empty<string>())
            .Concat(rule["patterns"]?.AsArray().SelectMany(p => Patterns(p!)) ?? []);

    [Fact]
    public void TextMateGrammar_EveryKeywordOfTheLexer_IsColoured()
    {
        var missing = Lexicon.Keywords.Except(ColouredWords()).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"add to src/Privc.Vscode/syntaxes/privc.tmLanguage.json: {string.Join(", ", missing)}");
    }

    [Fact]
    public void TextMateGrammar_ColoursOnlyWordsOfTheLanguage()
    {
        var extra = ColouredWords().Except(Lexicon.Keywords).ToList();
        Assert.True(extra.Count == 0, $"not keywords of privc: {string.Join(", ", extra)}");
    }

    [Fact]
    public void Extension_ManifestAndLockfile_PinTheSameExactVersions()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(Extension, "package.json")))!;
        var locked = JsonNode.Parse(File.ReadAllText(Path.Combine(Extension, "package-lock.json")))!["packages"]!;
        var pinned = new[] { "dependencies", "devDependencies" }
            .SelectMany(section => manifest[section]!.AsObject())
            .ToList();
        Assert.Contains(pinned, p => p.Key == "vscode-languageclient");
        Assert.Contains(pinned, p => p.Key == "vscode-tmgrammar-test");
        Assert.Contains(pinned, p => p.Key == "@vscode/vsce");
        foreach (var (name, version) in pinned)
        {
            // An exact version, not a range: npm ci then installs what was tested.
            Assert.Matches(@"^\d+\.\d+\.\d+$", version!.GetValue<string>());
            Assert.Equal(version.GetValue<string>(), locked["node_modules/" + name]!["version"]!.GetValue<string>());
        }
        Assert.Equal(".priv", manifest["contributes"]!["languages"]![0]!["extensions"]![0]!.GetValue<string>());
    }
}
