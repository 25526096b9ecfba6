using Privc.Llm.Constrained;
using System.CommandLine;
using Privc.Diagnostics;
using Privc.Llm.Client;

namespace Privc.Cli.Commands;

/// <summary>The flags translate and eval share for reaching a model.</summary>
internal sealed class LlmOptions
{
    public Option<string?> Endpoint { get; } = new("--endpoint") { Description = "OpenAI-compatible API base URL, ending before /chat/completions (default: $OPENAI_BASE_URL, else https://api.openai.com/v1)." };

    public Option<string?> Model { get; } = new("--model") { Description = "Model, or Azure OpenAI deployment name (default: $PRIVC_MODEL)." };

    public Option<string?> ApiKey { get; } = new("--api-key") { Description = "API key (default: $OPENAI_API_KEY; prefer the variable, flags show up in process lists)." };

    public Option<int> MaxRounds { get; } = new("--max-rounds") { Description = "Requests to the model, the first included, before giving up on an answer that does not type-check.", DefaultValueFactory = _ => 3 };

    public Option<int> Timeout { get; } = new("--timeout") { Description = "Seconds to wait for one response.", DefaultValueFactory = _ => 120 };

    public Option<int> Retries { get; } = new("--retries") { Description = "Retries of a request after 429, 5xx, a timeout or a dropped connection (exponential backoff, Retry-After honoured up to 60 s).", DefaultValueFactory = _ => 4 };

    public Option<string> Temperature { get; } = new("--temperature") { Description = "Sampling temperature from 0 to 2, or 'none' to leave it to the server (some reasoning models accept no other).", DefaultValueFactory = _ => "0" };

    public Option<long?> Seed { get; } = new("--seed") { Description = "Sent as the request's seed, so that servers that honour it sample the same answer again." };

    public Option<int?> MaxTokens { get; } = new("--max-tokens") { Description = "Sent as max_tokens: the most tokens one answer may have." };

    public Option<bool> Stream { get; } = new("--stream") { Description = "Receive answers as a stream of server-sent events (usage from the last event)." };

    public Option<int?> Deadline { get; } = new("--deadline") { Description = "Seconds for a whole translation, every round and retry included (default: none)." };

    public Option<bool> Constrained { get; } = new("--constrained") { Description = "Constrain the model's output to the language's grammar (GBNF, sent as 'grammar'; llama.cpp's server)." };

    public IEnumerable<Option> All => [Endpoint, Model, ApiKey, MaxRounds, Timeout, Retries, Temperature, Seed, MaxTokens, Stream, Deadline, Constrained];

    /// <summary>
    /// With --constrained, the settings carry the GBNF grammar of what an answer may be: intents and objectives only
    /// when the request has context files (an answer may not declare), a whole program otherwise.
    /// </summary>
    public LlmSettings Constrain(ParseResult parse, LlmSettings settings, bool withContext) =>
        parse.GetValue(Constrained) ? settings with { Grammar = LanguageGrammar.Gbnf(withContext ? GbnfRoot.Answer : GbnfRoot.Program) } : settings;

    /// <summary>The overall deadline of one translation, checked by <see cref="Resolve"/>.</summary>
    public TimeSpan? DeadlineOf(ParseResult parse) => parse.GetValue(Deadline) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    public Result<LlmSettings> Resolve(ParseResult parse, CliContext context)
    {
        var timeout = parse.GetValue(Timeout);
        var retries = parse.GetValue(Retries);
        if (timeout is < 1 or > 3600)
        {
            return Result<LlmSettings>.Fail(DiagnosticCatalogue.Usage($"--timeout must be from 1 to 3600 seconds, not {timeout}"));
        }
        if (retries is < 0 or > 10)
        {
            return Result<LlmSettings>.Fail(DiagnosticCatalogue.Usage($"--retries must be from 0 to 10, not {retries}"));
        }
        if (parse.GetValue(MaxTokens) is < 1 or > 1_000_000)
        {
            return Result<LlmSettings>.Fail(DiagnosticCatalogue.Usage($"--max-tokens must be from 1 to 1000000, not {parse.GetValue(MaxTokens)}"));
        }
        if (parse.GetValue(Deadline) is < 1 or > 86_400)
        {
            return Result<LlmSettings>.Fail(DiagnosticCatalogue.Usage($"--deadline must be from 1 to 86400 seconds, not {parse.GetValue(Deadline)}"));
        }
        var temperatureText = parse.GetValue(Temperature) ?? "0";
        float? temperature = null;
        if (temperatureText != "none")
        {
            if (!float.TryParse(temperatureText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || value is < 0 or > 2)
            {
                return Result<LlmSettings>.Fail(DiagnosticCatalogue.Usage($"--temperature must be a number from 0 to 2 or 'none', not '{temperatureText}'"));
            }
            temperature = value;
        }
        var (settings, error) = LlmSettingsResolver.Resolve(parse.GetValue(Endpoint), parse.GetValue(Model), parse.GetValue(ApiKey), context.Environment);
        return settings is null
            ? Result<LlmSettings>.Fail(error!)
            : Result<LlmSettings>.Ok(settings with
            {
                RequestTimeout = TimeSpan.FromSeconds(timeout),
                MaxRetries = retries,
                Temperature = temperature,
                Seed = parse.GetValue(Seed),
                MaxTokens = parse.GetValue(MaxTokens),
                Stream = parse.GetValue(Stream),
            });
    }

    public OpenAIChatModel CreateModel(LlmSettings settings, CliContext context) =>
        new(settings, context.HttpHandler, context.Delay, context.Time);
}
