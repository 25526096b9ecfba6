using System.Collections.Concurrent;
using System.Text.Json;

namespace Privc.Tests.Llm;

/// <summary>A request as the fake server received it.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public IReadOnlyList<(string Role, string Content)> Messages =>
        Json.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!)).ToList();
}

/// <summary>A scripted response: status, body, headers, and how long to stall before sending it.</summary>
public sealed record FakeResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default)
{
    /// <summary>A chat completion with one choice whose content is the text, and a usage block.</summary>
    public static FakeResponse Completion(string content, int promptTokens = 100, int completionTokens = 20) => new(200, JsonSerializer.Serialize(new
    {
        id = "chatcmpl-test",
        @object = "chat.completion",
        created = 1_700_000_000,
        model = "test-model",
        choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
        usage = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens },
    }));

    /// <summary>A completion whose content is one ```priv block.</summary>
    public static FakeResponse Priv(string dsl, string before = "Here are the intents:") => Completion($"{before}\n```priv\n{dsl}\n```\nThey keep the data in place.");

    public static FakeResponse Error(int status, string message, string? retryAfter = null) => new(status,
        JsonSerializer.Serialize(new { error = new { message, type = "test_error" } }),
        retryAfter is null ? null : new Dictionary<string, string> { ["Retry-After"] = retryAfter });
}

/// <summary>
/// An OpenAI-compatible chat-completions server on 127.0.0.1 for tests: it answers POST .../chat/completions with
/// scripted responses in order and records every request (on <see cref="LocalHttpServer"/>).
/// </summary>
public sealed class FakeChatServer : IDisposable
{
    private readonly ConcurrentQueue<FakeResponse> script = new();
    private readonly LocalHttpServer server;

    public FakeChatServer(params FakeResponse[] responses)
    {
        foreach (var response in responses)
        {
            script.Enqueue(response);
        }
        server = new LocalHttpServer(call =>
        {
            var response = call.Path.EndsWith("/chat/completions", StringComparison.Ordinal) && script.TryDequeue(out var next)
                ? next
                : FakeResponse.Error(500, $"the fake server has no scripted response for {call.Method} {call.Path}");
            return new HttpAnswer(response.Status, response.Body, response.Delay, response.Headers);
        });
    }

    public int Port => server.Port;

    /// <summary>The base URL privc is given (it appends /chat/completions).</summary>
    public string Endpoint => $"{server.Url}/v1";

    public IReadOnlyList<RecordedRequest> Requests =>
        server.Calls.Select(c => new RecordedRequest(c.Method, c.Target, c.Headers, c.Body)).ToList();

    public void Dispose() => server.Dispose();
}
