using System.Text.Json.Nodes;
using Privc.Diagnostics;

namespace Privc.Cli.Output;

/// <summary>
/// What one invocation reports besides its files: every diagnostic it printed and, for machine formats, the
/// command's own result. Created per invocation by <see cref="CliApplication"/>; commands report through it so
/// that JSON, SARIF and JUnit output carry the same diagnostics as the text on stderr, on failure too.
/// </summary>
public sealed class CommandReport
{
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly List<Finding> _findings = [];

    /// <summary>The command's name as typed (<c>compile</c>, <c>topology import</c>); set once the command line is parsed.</summary>
    public string Command { get; internal set; } = "privc";

    /// <summary><c>text</c>, <c>json</c>, <c>sarif</c> or <c>junit</c>; commands without <c>--format</c> are text.</summary>
    public string Format { get; internal set; } = "text";

    public bool IsText => Format == "text";

    /// <summary>Whether <c>--quiet</c> was given: no progress lines.</summary>
    public bool Quiet { get; internal set; }

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>Results beyond the diagnostics (an unsat core, violations), for SARIF and JUnit.</summary>
    public IReadOnlyList<Finding> Findings => _findings;

    public void Add(Finding finding) => _findings.Add(finding);

    /// <summary>The outcome in one word (<c>proven</c>, <c>unsatisfiable</c>, <c>formatted</c>...); null names it after the exit code.</summary>
    public string? Outcome { get; set; }

    /// <summary>The command's result, merged after the envelope's fields in JSON output.</summary>
    public JsonObject? Result { get; set; }

    /// <summary>Writes the whole output for formats the envelope does not cover (SARIF, JUnit); null uses the JSON envelope.</summary>
    public Func<int, string>? Render { get; set; }

    /// <summary>Prints diagnostics to <paramref name="error"/> as text (always: CI logs are read by people too) and keeps them.</summary>
    public void Report(TextWriter error, IEnumerable<Diagnostic> diagnostics, bool summary = true)
    {
        var list = diagnostics.ToList();
        _diagnostics.AddRange(list);
        foreach (var diagnostic in list)
        {
            error.WriteLine(DiagnosticFormatter.Format(diagnostic));
        }
        var errors = list.Count(d => d.IsError);
        if (summary && errors > 0)
        {
            error.WriteLine($"{errors} error(s), {list.Count - errors} warning(s)");
        }
    }

    public void Report(TextWriter error, Diagnostic diagnostic, bool withSource = true)
    {
        _diagnostics.Add(diagnostic);
        error.WriteLine(DiagnosticFormatter.Format(diagnostic, withSource));
    }

    /// <summary>Keeps a diagnostic for machine output without printing it (the command printed it its own way).</summary>
    public void Keep(Diagnostic diagnostic) => _diagnostics.Add(diagnostic);
}
