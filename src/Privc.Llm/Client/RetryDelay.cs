using System.Globalization;
using System.Net.Http.Headers;

namespace Privc.Llm.Client;

/// <summary>How long to wait before retry number <c>attempt</c> (1-based), honouring a server's Retry-After within limits.</summary>
internal static class RetryDelay
{
    /// <summary>
    /// The server's <c>retry-after-ms</c> (OpenAI) or <c>Retry-After</c> (seconds or an HTTP date) when present, else
    /// exponential backoff: initial * 2^(attempt-1), capped. Returns null when the server asks for longer than
    /// <see cref="LlmSettings.MaxRetryAfter"/>: waiting that long is not a retry any more.
    /// </summary>
    public static TimeSpan? Compute(int attempt, string? retryAfterMs, string? retryAfter, LlmSettings settings, DateTimeOffset now)
    {
        var requested = Parse(retryAfterMs, retryAfter, now);
        if (requested is { } wait)
        {
            return wait <= settings.MaxRetryAfter ? wait : null;
        }
        var backoff = settings.InitialBackoff * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        return backoff < settings.MaxBackoff ? backoff : settings.MaxBackoff;
    }

    public static TimeSpan? Parse(string? retryAfterMs, string? retryAfter, DateTimeOffset now)
    {
        if (double.TryParse(retryAfterMs, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }
        if (retryAfter is null)
        {
            return null;
        }
        if (double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }
        if (RetryConditionHeaderValue.TryParse(retryAfter, out var header) && header.Date is { } date)
        {
            var delta = date - now;
            return delta > TimeSpan.Zero ? delta : TimeSpan.Zero;
        }
        return null;
    }
}
