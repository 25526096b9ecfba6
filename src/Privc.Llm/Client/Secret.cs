namespace Privc.Llm.Client;

/// <summary>
/// An API key. It prints as "(hidden)" wherever it ends up (records, logs, exception messages), and only
/// <see cref="Reveal"/> hands the value to the HTTP client. privc never writes it anywhere else.
/// </summary>
public sealed class Secret
{
    private readonly string value;

    public Secret(string value)
    {
        this.value = value;
    }

    public string Reveal() => value;

    /// <summary>Replaces every occurrence of the secret in text that came from elsewhere (a server's error body, say).</summary>
    public string Redact(string text) => value.Length < 4 ? text : text.Replace(value, "(hidden)", StringComparison.Ordinal);

    public override string ToString() => "(hidden)";
}
