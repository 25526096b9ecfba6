using Privc.Llm.Prompting;
using Privc.Parsing;
using Privc.Semantics;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Parsing;

/// <summary>Code that writes the language back quotes exactly what the lexer would not read as one name.</summary>
public class LexiconTests
{
    [Fact]
    public void Lexicon_ReservedWords_AreTheSixteenOfTheReference() =>
        Assert.Equal(
            ["and", "data", "false", "flow", "from", "in", "intent", "not", "objective", "on", "or", "service", "to", "true", "with", "within"],
            Lexicon.ReservedWords.Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("zone", true)]
    [InlineData("edge-syd-1", true)]
    [InlineData("v1.2", true)]
    [InlineData("_", true)]
    [InlineData("latency", true)]
    [InlineData("across", true)]
    [InlineData("on", false)]
    [InlineData("data", false)]
    [InlineData("node-restriction.kubernetes.io/zone", false)]
    [InlineData("a-", false)]
    [InlineData("a/b", false)]
    [InlineData("", false)]
    [InlineData("New York", false)]
    public void Lexicon_IsName_MatchesTheLexer(string text, bool isName)
    {
        Assert.Equal(isName, Lexicon.IsName(text));
        // The lexer agrees: as a value, a name parses bare and anything else needs its quotes.
        Assert.Equal(isName, TestSources.Parse($"intent i: place s on k == {text};").Succeeded && text.Length > 0);
    }

    [Theory]
    [InlineData("zone", "zone")]
    [InlineData("node-restriction.kubernetes.io/zone", "\"node-restriction.kubernetes.io/zone\"")]
    [InlineData("on", "\"on\"")]
    public void PredicatePrinter_Key_QuotesWhatIsNotAName(string key, string written) => Assert.Equal(written, PredicatePrinter.Key(key));

    [Fact]
    public void TopologyVocabulary_KeysWithSlashes_AreShownQuoted()
    {
        var topology = TestSources.LoadTopology(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "tests", "Privc.Tests", "Golden", "QuotedKeys", "topology.yaml")));
        var vocabulary = TopologyVocabulary.Render(topology);
        Assert.Contains("- \"node-restriction.kubernetes.io/zone\": text on nodes", vocabulary, StringComparison.Ordinal);
        Assert.Contains("- tier: text on nodes", vocabulary, StringComparison.Ordinal);
    }
}
