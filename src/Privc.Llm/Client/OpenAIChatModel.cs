using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using Privc.Diagnostics;

namespace Privc.Llm.Client;

/// <summary>
/// Chat completions over HTTP with the OpenAI .NET package (<see cref="ChatClient"/>), against any compatible endpoint.
/// The package sends the request; privc owns the retries (so that waits are injectable and every attempt is counted),
/// the time limit per request, a cap on the response size, and the reading of the answer, which it validates against
/// the wire format itself rather than trusting a lenient deserialiser. The API key reaches only the package's
/// Authorization header; every message that could echo it is redacted.
/// </summary>
public sealed class OpenAIChatModel : IChatModel, IDisposable
{
    private readonly LlmSettings settings;
    private readonly Func<TimeSpan, CancellationToken, Task> delay;
    private readonly TimeProvider time;
    private readonly HttpClient http;
    private readonly ChatClient client;

    /// <param name="settings">Endpoint, model, key, limits and retry policy.</param>
    /// <param name="handler">The HTTP handler (tests and proxies); null uses the platform's. Not disposed here.</param>
    /// <param name="delay">Waits between retries; tests pass one that returns at once.</param>
    /// <param name="time">The clock for elapsed time and for Retry-After dates.</param>
    public OpenAIChatModel(LlmSettings settings, HttpMessageHandler? handler, Func<TimeSpan, CancellationToken, Task> delay, TimeProvider time)
    {
        this.settings = settings;
        this.delay = delay;
        this.time = time;
        http = new HttpClient(new LimitedResponseHandler(handler ?? new SocketsHttpHandler(), settings.MaxResponseBytes), disposeHandler: handler is null)
        {
            // The pipeline's NetworkTimeout is the limit; this only keeps HttpClient's own default out of the way.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var options = new OpenAIClientOptions
        {
            Endpoint = settings.Endpoint,
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = settings.RequestTimeout,
            UserAgentApplicationId = "privc",
        };
        options.AddPolicy(new RequestExtrasPolicy(settings), PipelinePosition.PerCall);
        client = new ChatClient(settings.Model, new ApiKeyCredential(settings.ApiKey.Reveal()), options);
    }

    public string Name => settings.Model;

    public async Task<ChatOutcome> CompleteAsync(IReadOnlyList<ChatTurn> messages, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var request = messages.Select(ToMessage).ToList();
        var options = new ChatCompletionOptions();
        if (settings.Temperature is { } temperature)
        {
            options.Temperature = temperature;
        }
        var attempts = 0;
        while (true)
        {
            attempts++;
            Failure failure;
            try
            {
                if (settings.Stream)
                {
                    var (streamedText, streamedUsage) = await Stream(request, options, cancellationToken).ConfigureAwait(false);
                    return new ChatOutcome(streamedText, streamedUsage, attempts, Elapsed(started), null);
                }
                var result = await client.CompleteChatAsync(request, options, cancellationToken).ConfigureAwait(false);
                var (text, usage, problem) = Read(result.GetRawResponse().Content);
                return problem is null
                    ? new ChatOutcome(text, usage, attempts, Elapsed(started), null)
                    : Fail(LlmDiagnostics.LlmMalformedResponse(settings.DisplayEndpoint, problem), attempts, started);
            }
            catch (ClientResultException e) when (e.Status is 429 or >= 500 or 0)
            {
                var response = e.GetRawResponse();
                failure = new Failure(
                    e.Status == 0 ? $"the connection failed ({settings.ApiKey.Redact(e.Message)})" : $"HTTP {e.Status}{ErrorDetail(response)}",
                    Header(response, "retry-after-ms"), Header(response, "Retry-After"), Timeout: false);
            }
            catch (ClientResultException e)
            {
                return Fail(LlmDiagnostics.LlmRequestRejected(settings.DisplayEndpoint, e.Status, ErrorDetail(e.GetRawResponse())), attempts, started);
            }
            catch (ResponseTooLargeException e)
            {
                return Fail(LlmDiagnostics.LlmMalformedResponse(settings.DisplayEndpoint, e.Message), attempts, started);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                failure = new Failure($"the connection failed ({settings.ApiKey.Redact(e.Message)})", null, null, Timeout: false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = new Failure($"no answer within {Seconds(settings.RequestTimeout)}", null, null, Timeout: true);
            }
            catch (JsonException e)
            {
                return Fail(LlmDiagnostics.LlmMalformedResponse(settings.DisplayEndpoint, $"the body is not valid JSON ({e.Message})"), attempts, started);
            }

            if (attempts > settings.MaxRetries)
            {
                return Fail(failure.Timeout
                    ? LlmDiagnostics.LlmTimeout(settings.DisplayEndpoint, attempts, settings.RequestTimeout)
                    : LlmDiagnostics.LlmUnavailable(settings.DisplayEndpoint, attempts, failure.Message), attempts, started);
            }
            var wait = RetryDelay.Compute(attempts, failure.RetryAfterMs, failure.RetryAfter, settings, time.GetUtcNow());
            if (wait is null)
            {
                var asked = RetryDelay.Parse(failure.RetryAfterMs, failure.RetryAfter, time.GetUtcNow()) ?? TimeSpan.Zero;
                return Fail(LlmDiagnostics.LlmRetryAfterTooLong(settings.DisplayEndpoint, failure.Message, asked, settings.MaxRetryAfter), attempts, started);
            }
            await delay(wait.Value, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed record Failure(string Message, string? RetryAfterMs, string? RetryAfter, bool Timeout);

    /// <summary>
    /// The answer as server-sent events: content deltas appended in order, usage from the last event (servers that
    /// send none report zero). The caller's token ends the stream between events, which is how a translation's
    /// overall deadline stops a model that keeps talking.
    /// </summary>
    private async Task<(string Text, TokenUsage Usage)> Stream(List<ChatMessage> request, ChatCompletionOptions options, CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        var usage = TokenUsage.Zero;
        await foreach (var update in client.CompleteChatStreamingAsync(request, options, cancellationToken).ConfigureAwait(false))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
            if (update.Usage is { } reported)
            {
                usage = new TokenUsage(Math.Max(0, reported.InputTokenCount), Math.Max(0, reported.OutputTokenCount));
            }
        }
        return (text.ToString(), usage);
    }

    private ChatOutcome Fail(Diagnostic diagnostic, int attempts, long started) =>
        new(null, TokenUsage.Zero, attempts, Elapsed(started), diagnostic);

    private TimeSpan Elapsed(long started) => time.GetElapsedTime(started);

    private static ChatMessage ToMessage(ChatTurn turn) => turn.Role switch
    {
        ChatRole.System => new SystemChatMessage(turn.Content),
        ChatRole.User => new UserChatMessage(turn.Content),
        _ => new AssistantChatMessage(turn.Content),
    };

    /// <summary>
    /// Reads <c>choices[0].message.content</c> and <c>usage</c> from the raw body. A null content (a refusal, or a
    /// response cut short) is an empty answer, which the translator treats like any answer without DSL.
    /// </summary>
    internal static (string Text, TokenUsage Usage, string? Problem) Read(BinaryData body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToMemory());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (string.Empty, TokenUsage.Zero, "the body is not a JSON object");
            }
            if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
            {
                return (string.Empty, TokenUsage.Zero, "the body has no 'choices'");
            }
            var first = choices[0];
            if (first.ValueKind != JsonValueKind.Object || !first.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
            {
                return (string.Empty, TokenUsage.Zero, "the first choice has no 'message'");
            }
            var text = string.Empty;
            if (message.TryGetProperty("content", out var content))
            {
                switch (content.ValueKind)
                {
                    case JsonValueKind.String:
                        text = content.GetString() ?? string.Empty;
                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        return (string.Empty, TokenUsage.Zero, "the message's 'content' is not a string");
                }
            }
            var usage = TokenUsage.Zero;
            if (root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object)
            {
                usage = new TokenUsage(Count(u, "prompt_tokens"), Count(u, "completion_tokens"));
            }
            return (text, usage, null);
        }
        catch (JsonException e)
        {
            return (string.Empty, TokenUsage.Zero, $"the body is not valid JSON ({e.Message})");
        }
    }

    private static long Count(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= 0 ? n : 0;

    private static string? Header(PipelineResponse? response, string name) =>
        response is not null && response.Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The server's own error message, if it sent one, shortened and redacted.</summary>
    private string ErrorDetail(PipelineResponse? response)
    {
        if (response is null)
        {
            return string.Empty;
        }
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(response.Content.ToMemory());
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
            {
                message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                    ? m.GetString()
                    : error.ValueKind == JsonValueKind.String ? error.GetString() : null;
            }
        }
        catch (JsonException)
        {
        }
        catch (InvalidOperationException)
        {
            // The body was not buffered (a streamed error); go without the detail.
        }
        if (string.IsNullOrWhiteSpace(message))
        {
            return string.Empty;
        }
        message = settings.ApiKey.Redact(message.ReplaceLineEndings(" ").Trim());
        return ": " + (message.Length > 300 ? message[..300] + "..." : message);
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    public void Dispose() => http.Dispose();
}
