using System.Text;

namespace Privc.Diagnostics;

/// <summary>Prints diagnostics as `file:line:col: error PRIVnnnn: message`, then the source line and a caret.</summary>
public static class DiagnosticFormatter
{
    public static string FormatHeader(Diagnostic d)
    {
        var severity = d.Severity switch
        {
            Severity.Error => "error",
            Severity.Warning => "warning",
            _ => "info",
        };
        if (d.Location is { } location)
        {
            var (line, column) = location.Start;
            return $"{location.Path}:{line}:{column}: {severity} {d.Code}: {d.Message}";
        }
        return $"{d.DisplayPath}: {severity} {d.Code}: {d.Message}";
    }

    public static string Format(Diagnostic d, bool withSource = true)
    {
        var text = new StringBuilder(FormatHeader(d));
        if (withSource && d.Location is { } location)
        {
            var (line, column) = location.Start;
            var sourceLine = location.Source.GetLine(line);
            if (sourceLine.Length > 0 && sourceLine.Length <= 400 && IsPrintable(sourceLine))
            {
                var (endLine, endColumn) = location.Source.GetLineColumn(location.Span.End);
                var width = endLine == line ? Math.Max(1, endColumn - column) : Math.Max(1, sourceLine.Length - column + 1);
                text.Append('\n').Append("  ").Append(sourceLine.Replace('\t', ' '));
                text.Append('\n').Append("  ").Append(new string(' ', Math.Max(0, column - 1))).Append('^');
                if (width > 1)
                {
                    text.Append(new string('~', Math.Min(width, 200) - 1));
                }
            }
        }
        return text.ToString();
    }

    public static string FormatAll(IEnumerable<Diagnostic> diagnostics, bool withSource = true)
    {
        var text = new StringBuilder();
        foreach (var d in diagnostics)
        {
            text.Append(Format(d, withSource)).Append('\n');
        }
        return text.ToString();
    }

    private static bool IsPrintable(string line)
    {
        foreach (var c in line)
        {
            if (char.IsControl(c) && c != '\t')
            {
                return false;
            }
        }
        return true;
    }
}
