using Privc.Diagnostics;

namespace Privc.Llm.Client;

/// <summary>
/// Settles endpoint, model and key from command-line flags, else the environment (OPENAI_BASE_URL, PRIVC_MODEL,
/// OPENAI_API_KEY), else defaults: OpenAI's public endpoint, no model (an error), and for servers other than OpenAI's
/// a placeholder key, since local servers (vLLM, Ollama, llama.cpp) accept any.
/// </summary>
public static class LlmSettingsResolver
{
    public const string EndpointVariable = "OPENAI_BASE_URL";
    public const string ModelVariable = "PRIVC_MODEL";
    public const string KeyVariable = "OPENAI_API_KEY";
    public const string DefaultEndpoint = "https://api.openai.com/v1";

    /// <summary>What local servers receive as the bearer token when no key is configured.</summary>
    public const string PlaceholderKey = "no-key";

    public static Result<LlmSettings> Resolve(string? endpoint, string? model, string? apiKey, Func<string, string?> environment)
    {
        var endpointText = NonEmpty(endpoint) ?? NonEmpty(environment(EndpointVariable)) ?? DefaultEndpoint;
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return Result<LlmSettings>.Fail(LlmDiagnostics.LlmInvalidEndpoint(Uri.TryCreate(endpointText, UriKind.Absolute, out var shown) ? LlmSettings.Display(shown) : "(not a URL)"));
        }
        var modelName = NonEmpty(model) ?? NonEmpty(environment(ModelVariable));
        if (modelName is null)
        {
            return Result<LlmSettings>.Fail(LlmDiagnostics.LlmNotConfigured($"no model is set: pass --model NAME or set {ModelVariable} (for Azure OpenAI, the deployment name)"));
        }
        var key = NonEmpty(apiKey) ?? NonEmpty(environment(KeyVariable));
        if (key is null && uri.Host.Equals("api.openai.com", StringComparison.OrdinalIgnoreCase))
        {
            return Result<LlmSettings>.Fail(LlmDiagnostics.LlmNotConfigured($"OpenAI's API needs a key: set {KeyVariable}"));
        }
        return Result<LlmSettings>.Ok(new LlmSettings { Endpoint = uri, Model = modelName, ApiKey = new Secret(key ?? PlaceholderKey) });
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
