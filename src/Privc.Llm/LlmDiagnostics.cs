using System.Globalization;
using Privc.Diagnostics;
using Privc.Text;

namespace Privc.Llm;

// 7xxx: the natural-language front end (privc translate, privc eval). The endpoint is always shown without
// credentials, and messages that came from a server are redacted before they get here.
public static class LlmDiagnostics
{
    public static class Codes
    {
        public static readonly DiagnosticDescriptor LlmNotConfigured = new("PRIV7001", Severity.Error, "LLM endpoint, model or key not configured");
        public static readonly DiagnosticDescriptor LlmRequestRejected = new("PRIV7002", Severity.Error, "The LLM endpoint rejected the request");
        public static readonly DiagnosticDescriptor LlmUnavailable = new("PRIV7003", Severity.Error, "The LLM endpoint kept failing");
        public static readonly DiagnosticDescriptor LlmTimeout = new("PRIV7004", Severity.Error, "The LLM endpoint did not answer in time");
        public static readonly DiagnosticDescriptor LlmMalformedResponse = new("PRIV7005", Severity.Error, "The LLM endpoint's response is not a chat completion");
        public static readonly DiagnosticDescriptor LlmNoIntent = new("PRIV7006", Severity.Error, "The model's answer holds no intent");
        public static readonly DiagnosticDescriptor LlmAnswerTooLarge = new("PRIV7007", Severity.Error, "The model's answer is too large");
        public static readonly DiagnosticDescriptor TranslationFailed = new("PRIV7008", Severity.Error, "The translation did not type-check within the round limit");
        public static readonly DiagnosticDescriptor LlmDeclined = new("PRIV7009", Severity.Error, "The model says the request cannot be expressed");
        public static readonly DiagnosticDescriptor LlmInvalidEndpoint = new("PRIV7010", Severity.Error, "The LLM endpoint is not an http(s) URL");
        public static readonly DiagnosticDescriptor TranslationRequestInvalid = new("PRIV7011", Severity.Error, "The text to translate is empty or too long");
        public static readonly DiagnosticDescriptor BenchmarkInvalid = new("PRIV7012", Severity.Error, "The benchmark is malformed");
        public static readonly DiagnosticDescriptor LlmRetryAfterTooLong = new("PRIV7013", Severity.Error, "The LLM endpoint asked to wait longer than the limit");
        public static readonly DiagnosticDescriptor GoldCaseFailed = new("PRIV7014", Severity.Error, "A benchmark case's gold answer does not meet its expectation");
        public static readonly DiagnosticDescriptor LlmDeclaresItems = new("PRIV7015", Severity.Error, "The model's answer declares services, flows or data");
        public static readonly DiagnosticDescriptor LlmSeveralBlocks = new("PRIV7016", Severity.Error, "The model's answer holds more than one code block");
        public static readonly DiagnosticDescriptor LlmVacuousIntent = new("PRIV7017", Severity.Error, "An intent in the model's answer constrains nothing");
        public static readonly DiagnosticDescriptor LlmWeakensProtection = new("PRIV7018", Severity.Error, "The model's answer weakens protection the request did not ask to weaken");
        public static readonly DiagnosticDescriptor TranslationDeadline = new("PRIV7020", Severity.Error, "The translation did not finish before its deadline");
        public static readonly DiagnosticDescriptor SamplesDisagree = new("PRIV7019", Severity.Error, "The sampled translations disagree");
        public static readonly DiagnosticDescriptor NotConfirmed = new("PRIV7021", Severity.Error, "The translation was not confirmed");
        public static readonly DiagnosticDescriptor RecordingInvalid = new("PRIV7022", Severity.Error, "A recorded evaluation run is missing or malformed");
        public static readonly DiagnosticDescriptor ConfirmationNeeded = new("PRIV7023", Severity.Error, "The translation needs a confirmation, and privc runs non-interactively");
    }

    public static Diagnostic LlmNotConfigured(string problem) => Codes.LlmNotConfigured.AtFile(null, problem);

    public static Diagnostic LlmRequestRejected(string endpoint, int status, string detail) =>
        Codes.LlmRequestRejected.AtFile(null, $"{endpoint} rejected the request with HTTP {status.ToString(CultureInfo.InvariantCulture)}{detail}{Hint(status)}");

    public static Diagnostic LlmUnavailable(string endpoint, int attempts, string last) =>
        Codes.LlmUnavailable.AtFile(null, $"{endpoint} failed {Times(attempts)}; the last failure: {last}");

    public static Diagnostic LlmTimeout(string endpoint, int attempts, TimeSpan limit) =>
        Codes.LlmTimeout.AtFile(null, $"{endpoint} did not answer within {Secs(limit)}, {Times(attempts)}; raise --timeout for slow models");

    public static Diagnostic LlmMalformedResponse(string endpoint, string problem) =>
        Codes.LlmMalformedResponse.AtFile(null, $"{endpoint} did not send a chat completion: {problem}");

    public static Diagnostic LlmNoIntent(SourceLocation? location) =>
        new(Codes.LlmNoIntent.Code, Codes.LlmNoIntent.Severity,
            "the answer declares no intent or objective; answer with the intents in one ```priv block", location, null);

    public static Diagnostic LlmAnswerTooLarge(int length, int limit) =>
        Codes.LlmAnswerTooLarge.AtFile(null, $"the answer has {length.ToString(CultureInfo.InvariantCulture)} characters; privc reads at most {limit.ToString(CultureInfo.InvariantCulture)}; answer with only the intents");

    public static Diagnostic TranslationFailed(int rounds, int errors) =>
        Codes.TranslationFailed.AtFile(null,
            $"the model's answer still has {errors.ToString(CultureInfo.InvariantCulture)} error(s) after {rounds.ToString(CultureInfo.InvariantCulture)} round(s); nothing was written (raise --max-rounds, or rephrase the request)");

    public static Diagnostic LlmDeclined(string reason) =>
        Codes.LlmDeclined.AtFile(null, $"the model says the request cannot be expressed on this topology: {reason}; nothing was written");

    public static Diagnostic LlmInvalidEndpoint(string endpoint) =>
        Codes.LlmInvalidEndpoint.AtFile(null, $"the endpoint '{endpoint}' is not an absolute http or https URL (for example https://api.openai.com/v1 or http://localhost:11434/v1)");

    public static Diagnostic TranslationRequestInvalid(string problem) => Codes.TranslationRequestInvalid.AtFile(null, problem);

    public static Diagnostic BenchmarkInvalid(string path, string problem) => Codes.BenchmarkInvalid.AtFile(path, problem);

    public static Diagnostic LlmRetryAfterTooLong(string endpoint, string failure, TimeSpan asked, TimeSpan limit) =>
        Codes.LlmRetryAfterTooLong.AtFile(null, $"{endpoint} answered {failure} and asked to retry after {Secs(asked)}, longer than privc waits ({Secs(limit)}); try again later");

    public static Diagnostic GoldCaseFailed(string path, string caseId, string problem) =>
        Codes.GoldCaseFailed.AtFile(path, $"case '{caseId}': {problem}");

    public static Diagnostic LlmDeclaresItems(SourceLocation location, string what) =>
        Codes.LlmDeclaresItems.At(location, $"the answer declares {what}; add only intents and objectives, and use the declarations of the context");

    public static Diagnostic LlmSeveralBlocks(int count) =>
        Codes.LlmSeveralBlocks.AtFile(null,
            $"the answer holds {count.ToString(CultureInfo.InvariantCulture)} code blocks; privc takes exactly one, so that an example or a draft is never taken for the answer: answer with the intents in one ```priv block");

    public static Diagnostic LlmVacuousIntent(SourceLocation location, string name, string why) =>
        Codes.LlmVacuousIntent.At(location, $"intent '{name}' constrains nothing: {why}; state what the request restricts, or leave the intent out");

    public static Diagnostic LlmWeakensProtection(SourceLocation? location, string what) =>
        new(Codes.LlmWeakensProtection.Code, Codes.LlmWeakensProtection.Severity,
            $"{what}; privc accepts an answer that lowers protection only when the operator asks for it (--allow-declassify); state the request's intents without it", location, null);

    public static Diagnostic TranslationDeadline(TimeSpan deadline, int rounds) =>
        Codes.TranslationDeadline.AtFile(null,
            $"no translation within the deadline of {Secs(deadline)} ({rounds.ToString(CultureInfo.InvariantCulture)} round(s) started); nothing was written (raise --deadline)");

    public static Diagnostic SamplesDisagree(int readings, int samples) =>
        Codes.SamplesDisagree.AtFile(null,
            $"the {samples.ToString(CultureInfo.InvariantCulture)} samples give {readings.ToString(CultureInfo.InvariantCulture)} readings of the request that differ on some topology (shown above); nothing was written: make the request say which one it means and translate again, or run translate at a terminal without --non-interactive to choose one");

    public static Diagnostic NotConfirmed(string path, string why) =>
        Codes.NotConfirmed.AtFile(null, $"the translation was not confirmed ({why}); {path} was not written");

    public static Diagnostic ConfirmationNeeded(string path, string why) =>
        Codes.ConfirmationNeeded.AtFile(null,
            $"{path} is written only when confirmed, and privc cannot ask ({why}); nothing was written: review the intents and what they select above, then run again at a terminal, or pass --yes to write without asking");

    public static Diagnostic RecordingInvalid(string path, string problem) => Codes.RecordingInvalid.AtFile(path, problem);

    private static string Hint(int status) => status switch
    {
        401 or 403 => " (check the API key: OPENAI_API_KEY or --api-key)",
        404 => " (check --endpoint, which ends before /chat/completions, and --model, for Azure the deployment name)",
        _ => string.Empty,
    };

    private static string Times(int attempts) => attempts == 1 ? "once" : $"{attempts.ToString(CultureInfo.InvariantCulture)} times";

    private static string Secs(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    /// <summary>Every descriptor of this catalogue, in code order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = typeof(Codes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Code, StringComparer.Ordinal)
        .ToArray();
}
