using Privc.Text;

namespace Privc.Diagnostics;

public enum Severity
{
    Error,
    Warning,
    Info,
}

/// <summary>
/// A message about the user's input with a stable code. Created only by <see cref="DiagnosticCatalogue"/>.
/// <see cref="Location"/> is absent for diagnostics about a whole file (missing, unreadable) or about the invocation.
/// </summary>
public sealed record Diagnostic(string Code, Severity Severity, string Message, SourceLocation? Location, string? Path)
    : IComparable<Diagnostic>
{
    public bool IsError => Severity == Severity.Error;

    /// <summary>
    /// The fix, when the message names one ("did you mean", "use '=='", "add a unit"), as data for editors and CI
    /// (JSON, SARIF, the language server's quick fixes). The message already says it in words and never changes.
    /// </summary>
    public FixHint? Fix { get; init; }

    public string DisplayPath => Location?.Path ?? Path ?? "privc";

    /// <summary>Diagnostics sort by file, position, then code, so output never depends on discovery order.</summary>
    public int CompareTo(Diagnostic? other)
    {
        if (other is null)
        {
            return 1;
        }
        var byPath = string.CompareOrdinal(DisplayPath, other.DisplayPath);
        if (byPath != 0)
        {
            return byPath;
        }
        var a = Location?.Span ?? default;
        var b = other.Location?.Span ?? default;
        var bySpan = a.CompareTo(b);
        if (bySpan != 0)
        {
            return bySpan;
        }
        var byCode = string.CompareOrdinal(Code, other.Code);
        return byCode != 0 ? byCode : string.CompareOrdinal(Message, other.Message);
    }

    public override string ToString() => DiagnosticFormatter.FormatHeader(this);
}
