namespace Privc.Diagnostics;

/// <summary>
/// A fix a diagnostic proposes: what to do, in words, and, when the fix is a plain substitution, the text that
/// replaces the diagnostic's span (<see cref="Replacement"/>). A hint without a replacement is advice only.
/// </summary>
public sealed record FixHint(string Description, string? Replacement = null)
{
    /// <summary>The hint for a close name ("did you mean 'x'?"): replace the span with it; null without a suggestion.</summary>
    public static FixHint? Suggestion(string? suggestion) =>
        suggestion is null ? null : new FixHint($"replace with '{suggestion}'", suggestion);
}
