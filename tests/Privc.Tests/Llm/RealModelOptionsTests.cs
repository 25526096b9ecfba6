using System.Text.Json;
using Privc.Llm.Client;
using Privc.Llm.Constrained;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Llm;

/// <summary>
/// What a real model run needs, over real HTTP against the local OpenAI-compatible server: seed, max_tokens and the
/// GBNF grammar reach the request body; a streamed answer (server-sent events) is assembled in order with the usage
/// of its last event; and translate's --deadline ends a translation that takes too long.
/// </summary>
public sealed class RealModelOptionsTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("privc-realmodel-");

    private static LlmSettings Settings(FakeChatServer server) => new()
    {
        Endpoint = new Uri(server.Endpoint),
        Model = "gpt-test",
        ApiKey = new Secret("sk-test"),
        MaxRetries = 0,
    };

    private static OpenAIChatModel Model(LlmSettings settings) => new(settings, null, (t, c) => Task.Delay(t, c), TimeProvider.System);

    private static readonly ChatTurn[] Messages = [new(ChatRole.System, "You translate."), new(ChatRole.User, "Vitals stay in Australia.")];

    [Fact]
    public async Task Request_SeedMaxTokensAndGrammar_AreSentInTheBody()
    {
        using var server = new FakeChatServer(FakeResponse.Completion("intent a: keep Vitals within jurisdiction == AU;"));
        var grammar = LanguageGrammar.Gbnf(GbnfRoot.Answer);
        using var model = Model(Settings(server) with { Seed = 42, MaxTokens = 512, Grammar = grammar, Temperature = 0.7f });

        var outcome = await model.CompleteAsync(Messages, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Failure?.Message);
        var body = Assert.Single(server.Requests).Json;
        Assert.Equal(42, body.GetProperty("seed").GetInt64());
        Assert.Equal(512, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(grammar, body.GetProperty("grammar").GetString());
        Assert.Equal(0.7, body.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal("gpt-test", body.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Request_WithoutExtras_SendsNone()
    {
        using var server = new FakeChatServer(FakeResponse.Completion("x"));
        using var model = Model(Settings(server));

        await model.CompleteAsync(Messages, CancellationToken.None);

        var body = Assert.Single(server.Requests).Json;
        Assert.False(body.TryGetProperty("seed", out _));
        Assert.False(body.TryGetProperty("max_tokens", out _));
        Assert.False(body.TryGetProperty("grammar", out _));
        Assert.False(body.TryGetProperty("stream", out _));
    }

    [Fact]
    public async Task Stream_ServerSentEvents_AreJoinedInOrderWithTheLastEventsUsage()
    {
        using var server = new FakeChatServer(Streamed(["intent vitals_in_au: ", "keep Vitals ", "within jurisdiction == AU;"], 321, 17));
        using var model = Model(Settings(server) with { Stream = true });

        var outcome = await model.CompleteAsync(Messages, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Failure?.Message);
        Assert.Equal("intent vitals_in_au: keep Vitals within jurisdiction == AU;", outcome.Text);
        Assert.Equal(new TokenUsage(321, 17), outcome.Usage);
        var body = Assert.Single(server.Requests).Json;
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    [CoversDiagnostic("PRIV7020")]
    public void Translate_SlowerThanTheDeadline_FailsWithPriv7020AndWritesNothing()
    {
        var slow = FakeResponse.Priv("intent vitals_in_au: keep Vitals within jurisdiction == AU;") with { Delay = TimeSpan.FromSeconds(20) };
        using var server = new FakeChatServer(slow);
        var output = Path.Combine(folder.FullName, "out.priv");
        var started = System.Diagnostics.Stopwatch.StartNew();

        var run = LlmCliRunner.Run(Environment(server), ["translate", "Vitals stay in Australia.", "--topology", Path.Combine(TestPaths.Examples, "hospital-au", "topology.yaml"),
            "--context", Path.Combine(BenchmarkFiles.Root, "contexts", "hospital-au.priv"), "--out", output, "--deadline", "1", "--retries", "0"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error PRIV7020", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), $"took {started.Elapsed}");
    }

    [Fact]
    public void Translate_Constrained_SendsTheAnswerGrammarAndSeed()
    {
        using var server = new FakeChatServer(FakeResponse.Completion("intent vitals_in_au: keep Vitals within jurisdiction == AU;"));
        var output = Path.Combine(folder.FullName, "out.priv");

        var run = LlmCliRunner.Run(Environment(server), ["translate", "Vitals stay in Australia.", "--topology", Path.Combine(TestPaths.Examples, "hospital-au", "topology.yaml"),
            "--context", Path.Combine(BenchmarkFiles.Root, "contexts", "hospital-au.priv"), "--out", output, "--constrained", "--seed", "7", "--max-tokens", "300", "--yes"]);

        Assert.True(run.ExitCode == 0, run.Error);
        var body = Assert.Single(server.Requests).Json;
        Assert.Equal(LanguageGrammar.Gbnf(GbnfRoot.Answer), body.GetProperty("grammar").GetString());
        Assert.Equal(7, body.GetProperty("seed").GetInt64());
        Assert.Equal(300, body.GetProperty("max_tokens").GetInt32());
        Assert.Contains("keep Vitals within jurisdiction == AU;", File.ReadAllText(output), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Environment(FakeChatServer server) => new()
    {
        ["OPENAI_BASE_URL"] = server.Endpoint,
        ["OPENAI_API_KEY"] = "sk-test",
        ["PRIVC_MODEL"] = "gpt-test",
    };

    /// <summary>An OpenAI streamed completion: one chunk per piece, then a usage-only chunk, then [DONE].</summary>
    private static FakeResponse Streamed(string[] pieces, int prompt, int completion)
    {
        var events = new System.Text.StringBuilder();
        foreach (var piece in pieces)
        {
            events.Append("data: ").Append(JsonSerializer.Serialize(new
            {
                id = "chatcmpl-s", @object = "chat.completion.chunk", created = 1_700_000_000, model = "test-model",
                choices = new[] { new { index = 0, delta = new { content = piece }, finish_reason = (string?)null } },
            })).Append("\n\n");
        }
        events.Append("data: ").Append(JsonSerializer.Serialize(new
        {
            id = "chatcmpl-s", @object = "chat.completion.chunk", created = 1_700_000_000, model = "test-model",
            choices = Array.Empty<object>(),
            usage = new { prompt_tokens = prompt, completion_tokens = completion, total_tokens = prompt + completion },
        })).Append("\n\ndata: [DONE]\n\n");
        return new FakeResponse(200, events.ToString(), new Dictionary<string, string> { ["Content-Type"] = "text/event-stream" });
    }

    public void Dispose() => folder.Delete(recursive: true);
}
