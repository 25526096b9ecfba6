using System.Collections.Immutable;
using Privc.Diagnostics;
using Privc.Llm.Client;
using Privc.Llm.Translation;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Llm;

/// <summary>The translation loop with a scripted in-process model (no HTTP): what is judged, and what is sent back.</summary>
public class TranslatorTests
{
    private const string Good = "intent vitals_in_au: keep Vitals within jurisdiction == AU;";

    private sealed class ScriptedModel(params string[] answers) : IChatModel
    {
        private readonly Queue<string> answers = new(answers);

        public List<IReadOnlyList<ChatTurn>> Requests { get; } = [];

        public string Name => "scripted";

        public Task<ChatOutcome> CompleteAsync(IReadOnlyList<ChatTurn> messages, CancellationToken cancellationToken)
        {
            Requests.Add(messages);
            return Task.FromResult(new ChatOutcome(answers.Dequeue(), new TokenUsage(10, 5), 1, TimeSpan.FromMilliseconds(3), null));
        }
    }

    private static async Task<(TranslationResult Result, ScriptedModel Model)> Translate(params string[] answers)
    {
        var model = new ScriptedModel(answers);
        var request = new TranslationRequest("Vitals stay in Australia.", [BenchmarkFiles.HospitalContext], BenchmarkFiles.HospitalTopology, 3);
        return (await new Translator(model).TranslateAsync(request, CancellationToken.None), model);
    }

    [Fact]
    [CoversDiagnostic("PRIV7006")]
    public async Task Translate_AnswerWithoutIntents_IsSentBackForRepair()
    {
        var (result, model) = await Translate("```priv\n// I would keep the vitals in Australia.\n```", "", "```priv\n" + Good + "\n```");

        Assert.Equal(TranslationStatus.Translated, result.Status);
        Assert.Equal(3, result.Rounds.Length);
        Assert.Equal("PRIV7006", Assert.Single(result.Rounds[0].Errors).Code);
        Assert.Equal("PRIV7006", Assert.Single(result.Rounds[1].Errors).Code);
        Assert.Contains("1:1: error PRIV7006: the answer declares no intent or objective", model.Requests[1][^1].Content, StringComparison.Ordinal);
        Assert.Contains("error PRIV7006", model.Requests[2][^1].Content, StringComparison.Ordinal);
        Assert.Equal(new TokenUsage(30, 15), result.Usage);
    }

    [Fact]
    [CoversDiagnostic("PRIV7007")]
    public async Task Translate_HugeAnswer_IsNotParsedAndIsSentBackCut()
    {
        var huge = "```priv\n" + Good + "\n" + new string('/', Translator.MaxAnswerChars) + "\n```";
        var (result, model) = await Translate(huge, "```priv\n" + Good + "\n```");

        Assert.Equal(TranslationStatus.Translated, result.Status);
        Assert.Equal("PRIV7007", Assert.Single(result.Rounds[0].Errors).Code);
        var echoed = model.Requests[1][2].Content;
        Assert.True(echoed.Length < Translator.MaxAnswerChars + 100);
        Assert.EndsWith("[privc: the rest of this answer was cut]", echoed, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV7016")]
    public async Task Translate_SeveralBlocks_AreSentBackForRepairNotGuessed()
    {
        var answer = "A draft:\n```priv\nintent draft: keep Vitals within country == AU;\n```\nFixed:\n```priv\n" + Good + "\n```";
        var (result, model) = await Translate(answer, "```priv\n" + Good + "\n```");

        Assert.Equal(TranslationStatus.Translated, result.Status);
        Assert.Equal(Good + "\n", result.Dsl!.Text);
        Assert.Equal(2, result.Rounds.Length);
        Assert.Equal("PRIV7016", Assert.Single(result.Rounds[0].Errors).Code);
        Assert.Contains("error PRIV7016", model.Requests[1][^1].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Translate_NoAnswerTypeChecks_ReportsTheLastErrors()
    {
        var answer = "```priv\nintent typo: keep Vitals within country == AU;\n```";
        var (result, _) = await Translate(answer, answer, answer);

        Assert.Equal(TranslationStatus.Invalid, result.Status);
        Assert.Equal(["PRIV2018", "PRIV7008"], result.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public async Task Translate_NameTakenByTheContext_IsRepaired()
    {
        var (result, model) = await Translate(
            "```priv\nintent anonymise_before_research: keep Vitals within jurisdiction == AU;\n```",
            "```priv\n" + Good + "\n```");

        Assert.Equal(TranslationStatus.Translated, result.Status);
        Assert.Contains("PRIV2001", model.Requests[1][^1].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Translate_Conversation_IsSystemRequestThenAnswerAndRepairPairs()
    {
        var (result, _) = await Translate("```priv\nintent x: keep Vitals within country == AU;\n```", "```priv\n" + Good + "\n```");

        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.User, ChatRole.Assistant], result.Conversation.Select(t => t.Role));
        Assert.Equal(TimeSpan.FromMilliseconds(6), result.Latency);
    }

    [Fact]
    public async Task Translate_MaxRoundsOutOfRange_IsAUsageError()
    {
        var request = new TranslationRequest("x", ImmutableArray<Privc.Text.SourceText>.Empty, BenchmarkFiles.HospitalTopology, 0);
        var result = await new Translator(new ScriptedModel()).TranslateAsync(request, CancellationToken.None);
        Assert.Equal(TranslationStatus.Failed, result.Status);
        Assert.Equal(DiagnosticCatalogue.Codes.Usage.Code, Assert.Single(result.Diagnostics).Code);
    }
}
