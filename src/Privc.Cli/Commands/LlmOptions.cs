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

    public IEnumerable<Option> All => [Endpoint, Model, ApiKey, MaxRounds, Timeout, Retries, Temperature];

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
            : Result<LlmSettings>.Ok(settings with { RequestTimeout = TimeSpan.FromSeconds(timeout), MaxRetries = retries, Temperature = temperature });
    }

    public OpenAIChatModel CreateModel(LlmSettings settings, CliContext context) =>
        new(settings, context.HttpHandler, context.Delay, context.Time);
}
