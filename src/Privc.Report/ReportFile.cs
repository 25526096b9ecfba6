using Privc.Artifacts.Emit;
using Privc.Diagnostics;

namespace Privc.Report;

/// <summary>
/// Writes a report to a file of its own (<c>compile --report FILE</c>, <c>check --report FILE</c>), all at once.
/// An existing file is replaced only when it is a report privc wrote (it carries <see cref="HtmlReport.Generator"/>)
/// or with <c>--force</c>; an input is never replaced, and neither is a file inside the compile's output folder,
/// which privc owns as a whole.
/// </summary>
public static class ReportFile
{
    /// <summary>Why the report may not be written to <paramref name="path"/>, or null when it may; checked before any work.</summary>
    public static Diagnostic? Refusal(string path, bool force, IEnumerable<string> inputs, string? outputFolder = null)
    {
        var target = Path.GetFullPath(path);
        foreach (var input in inputs)
        {
            if (Path.GetFullPath(input) == target)
            {
                return DiagnosticCatalogue.OutputIsInput(path, "an input of this command");
            }
        }
        if (outputFolder is not null)
        {
            var folder = Path.GetFullPath(outputFolder);
            if (target == folder || target.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return DiagnosticCatalogue.Usage($"--report must name a file outside the output folder '{outputFolder}', which privc replaces as a whole; run `privc report {outputFolder} ...` to add report.html to it");
            }
        }
        if (Directory.Exists(target))
        {
            return DiagnosticCatalogue.OutputNotWritable(path, "it is a folder");
        }
        return File.Exists(target) && !force && !IsReport(target) ? DiagnosticCatalogue.ReportFileExists(path) : null;
    }

    /// <summary>Writes the report; null on success, else why nothing was written.</summary>
    public static Diagnostic? Write(string path, string html) =>
        AtomicFile.Write(path, html) is { } problem ? DiagnosticCatalogue.OutputNotWritable(path, problem) : null;

    /// <summary>Whether the file starts like a report privc wrote (its generator tag within the first kilobytes).</summary>
    public static bool IsReport(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            var buffer = new char[4096];
            var read = reader.ReadBlock(buffer, 0, buffer.Length);
            return new string(buffer, 0, read).Contains(HtmlReport.Generator, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
