using Privc.Llm.Constrained;
using Privc.Llm.Prompting;
using Privc.Llm.Translation;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Llm.Gbnf;

/// <summary>
/// The constrained grammars admit the decline the prompt defines (`UNSUPPORTED: reason`), so a grammar-constrained
/// model can say a request cannot be stated instead of being forced into some DSL; they admit nothing else that is
/// not the language, and what they admit is read back by the answer extractor as a decline with its reason.
/// </summary>
public sealed class GbnfUnsupportedTests : IDisposable
{
    private static readonly Lazy<GbnfRecognizer> Program = new(() => new GbnfRecognizer(LanguageGrammar.Gbnf(GbnfRoot.Program)));
    private static readonly Lazy<GbnfRecognizer> Answer = new(() => new GbnfRecognizer(LanguageGrammar.Gbnf(GbnfRoot.Answer)));

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("privc-gbnf-unsupported-");

    public static TheoryData<string, string> Declines => new()
    {
        { "UNSUPPORTED: the language has no time windows", "the language has no time windows" },
        { "UNSUPPORTED: the topology has no New Zealand jurisdiction.\n", "the topology has no New Zealand jurisdiction." },
        { "\n  UNSUPPORTED:there is no gpu label \n\n", "there is no gpu label" },
        { "// a comment the lexer would skip\nUNSUPPORTED: 'ideally' is not a constraint; say must or drop it", "'ideally' is not a constraint; say must or drop it" },
    };

    [Theory]
    [MemberData(nameof(Declines))]
    public void Grammar_Decline_IsAcceptedByBothRootsAndReadAsADecline(string answer, string reason)
    {
        Assert.True(Program.Value.Accepts(answer), $"the program grammar rejects {answer}");
        Assert.True(Answer.Value.Accepts(answer), $"the answer grammar rejects {answer}");
        var extraction = AnswerExtractor.Extract(answer);
        Assert.Empty(extraction.Candidates);
        Assert.Equal(reason, extraction.Declined);
    }

    [Theory]
    [InlineData("UNSUPPORTED:")]
    [InlineData("UNSUPPORTED:   \n")]
    [InlineData("UNSUPPORTED:\nno reason on the marker's line")]
    [InlineData("UNSUPPORTED: first line\nsecond line")]
    [InlineData("unsupported: lower case is not the marker")]
    [InlineData("UNSUPPORTED no colon")]
    [InlineData("Sorry. UNSUPPORTED: prose before the marker")]
    [InlineData("UNSUPPORTED: a decline and then\nintent a: place triage on tee;\n")]
    [InlineData("intent a: place triage on tee;\nUNSUPPORTED: an answer and then a decline")]
    [InlineData("```\nUNSUPPORTED: fenced\n```")]
    public void Grammar_AnythingElseThatIsNotTheLanguage_IsRejected(string answer)
    {
        Assert.False(Program.Value.Accepts(answer), $"the program grammar accepts {answer}");
        Assert.False(Answer.Value.Accepts(answer), $"the answer grammar accepts {answer}");
    }

    [Fact]
    public void Grammar_TheMarker_IsThePromptsMarker()
    {
        Assert.Contains($"unsupported ::= \"{PromptBuilder.DeclineMarker}\"", LanguageGrammar.Gbnf(GbnfRoot.Answer), StringComparison.Ordinal);
        Assert.Contains($"unsupported ::= \"{PromptBuilder.DeclineMarker}\"", LanguageGrammar.Gbnf(GbnfRoot.Program), StringComparison.Ordinal);
    }

    /// <summary>
    /// A constrained translation whose model answers with the decline, as a grammar-constrained llama.cpp server
    /// would (no fence, no prose): the grammar sent admits exactly that answer, and translate reports the request as
    /// unsupported (PRIV7009) and writes nothing.
    /// </summary>
    [Fact]
    public void Translate_ConstrainedModelDeclines_IsReportedAsUnsupported()
    {
        const string decline = "UNSUPPORTED: the language cannot state a time of day";
        using var server = new FakeChatServer(FakeResponse.Completion(decline));
        var output = Path.Combine(folder.FullName, "out.priv");

        var run = LlmCliRunner.Run(
            new Dictionary<string, string> { ["OPENAI_BASE_URL"] = server.Endpoint, ["OPENAI_API_KEY"] = "sk-constrained", ["PRIVC_MODEL"] = "llama" },
            ["translate", "Vitals may only be read during office hours.", "--topology", Path.Combine(TestPaths.Examples, "hospital-au", "topology.yaml"),
             "--context", Path.Combine(BenchmarkFiles.Root, "contexts", "hospital-au.priv"), "--out", output, "--constrained", "--yes"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error PRIV7009: the model says the request cannot be expressed on this topology: the language cannot state a time of day; nothing was written", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        var grammar = Assert.Single(server.Requests).Json.GetProperty("grammar").GetString()!;
        Assert.True(new GbnfRecognizer(grammar).Accepts(decline), "the grammar sent does not admit the decline");
    }

    public void Dispose() => folder.Delete(recursive: true);
}
