using System.Collections.Immutable;
using Privc.Diagnostics;
using Privc.Text;

namespace Privc.Cli.Output;

/// <summary>A place in a file a finding points at, 1-based, with what it shows there.</summary>
public sealed record FindingLocation(string Path, int Line, int Column, int EndLine, int EndColumn, string? Message = null)
{
    public static FindingLocation Of(SourceLocation location, string? message = null)
    {
        var (line, column) = location.Start;
        var (endLine, endColumn) = DiagnosticJson.End(location);
        return new FindingLocation(location.Path, line, column, endLine, endColumn, message);
    }

    /// <summary>A whole line (a manifest's line where a violation's evidence stands).</summary>
    public static FindingLocation AtLine(string path, int line, int column = 1, string? message = null) =>
        new(path, line, column, line, column, message);
}

/// <summary>
/// A result for SARIF and JUnit besides the diagnostics: an unsatisfiable core or a violated intent, located at the
/// intent and at the evidence (the other intents of the core, the manifest's line).
/// </summary>
public sealed record Finding(string Code, Severity Severity, string Message, FindingLocation? Location, ImmutableArray<FindingLocation> Related)
{
    public static Finding From(Diagnostic diagnostic) => new(
        diagnostic.Code,
        diagnostic.Severity,
        diagnostic.Message,
        diagnostic.Location is { } location ? FindingLocation.Of(location) : diagnostic.Path is { } path ? new FindingLocation(path, 0, 0, 0, 0) : null,
        []) { Fix = diagnostic.Fix };

    public FixHint? Fix { get; init; }
}
