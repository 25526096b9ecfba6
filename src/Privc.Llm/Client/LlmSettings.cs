namespace Privc.Llm.Client;

/// <summary>
/// Where and how to reach an OpenAI-compatible chat-completions endpoint. Every request has a time limit, and
/// 429, 5xx, timeouts and dropped connections are retried a bounded number of times with exponential backoff.
/// </summary>
public sealed record LlmSettings
{
    /// <summary>The API base URL, ending before <c>/chat/completions</c> (e.g. https://api.openai.com/v1).</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The model (OpenAI, vLLM, Ollama) or the deployment name (Azure OpenAI).</summary>
    public required string Model { get; init; }

    public required Secret ApiKey { get; init; }

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; init; } = 4;

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A server's Retry-After is honoured up to this; asking for longer ends the run with a clear error.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Sampling temperature; null leaves it to the server (some reasoning models reject any value).</summary>
    public float? Temperature { get; init; } = 0;

    /// <summary>Sent as <c>seed</c>: servers that honour it sample the same answer for the same request.</summary>
    public long? Seed { get; init; }

    /// <summary>Sent as <c>max_tokens</c>: the most tokens one answer may have.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>
    /// Ask for the answer as a server-sent event stream (<c>stream: true</c>, with usage in the last event), so that a
    /// slow model shows progress and a deadline can end it between tokens.
    /// </summary>
    public bool Stream { get; init; }

    /// <summary>A GBNF grammar sent as <c>grammar</c> (llama.cpp's server), constraining the answer to the language.</summary>
    public string? Grammar { get; init; }

    /// <summary>Responses larger than this are refused unread (the model's output is untrusted).</summary>
    public long MaxResponseBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The endpoint as it may be printed: no user information, query or fragment (they can hold credentials).</summary>
    public string DisplayEndpoint => Display(Endpoint);

    public static string Display(Uri endpoint) =>
        new UriBuilder(endpoint) { UserName = string.Empty, Password = string.Empty, Query = string.Empty, Fragment = string.Empty }.Uri.ToString().TrimEnd('/');
}
