using System.Text.Json.Nodes;
using Privc.Diagnostics;
using Privc.Text;

namespace Privc.Cli.Output;

/// <summary>A diagnostic as data: code, severity, file, 1-based line and column of both ends, message and fix.</summary>
internal static class DiagnosticJson
{
    public static JsonObject Write(Diagnostic diagnostic)
    {
        var json = new JsonObject
        {
            ["code"] = diagnostic.Code,
            ["severity"] = Severity(diagnostic.Severity),
            ["file"] = diagnostic.Location?.Path ?? diagnostic.Path,
        };
        if (diagnostic.Location is { } location)
        {
            var (line, column) = location.Start;
            var (endLine, endColumn) = End(location);
            json["line"] = line;
            json["column"] = column;
            json["endLine"] = endLine;
            json["endColumn"] = endColumn;
        }
        json["message"] = diagnostic.Message;
        if (diagnostic.Fix is { } fix)
        {
            json["fix"] = new JsonObject { ["description"] = fix.Description, ["replacement"] = fix.Replacement };
        }
        return json;
    }

    public static string Severity(Severity severity) => severity switch
    {
        Diagnostics.Severity.Error => "error",
        Diagnostics.Severity.Warning => "warning",
        Diagnostics.Severity.Info => "info",
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };

    /// <summary>The line and column just past the span (an empty span ends where it starts).</summary>
    public static (int Line, int Column) End(SourceLocation location) =>
        location.Source.GetLineColumn(Math.Min(location.Span.End, location.Source.Text.Length));
}
