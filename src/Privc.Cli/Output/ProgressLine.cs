using System.Globalization;
using System.Text;

namespace Privc.Cli.Output;

/// <summary>
/// Progress of a long command on stderr (specs/output.md, "Progress"): each stage as <c>privc: 1.2s: stage</c>. On a
/// terminal the lines replace one another on one live line (carriage return, the rest of the old line blanked) and the
/// line is cleared when the command ends, so only the command's real output stays; redirected, each is a plain line,
/// which logs and CI keep. It is also the writer the solver reports to: a line it writes already carries the prefix.
/// Commands get one from <see cref="CliContext.ProgressWriter"/>, which gives none under <c>--quiet</c> or a machine
/// <c>--format</c>.
/// </summary>
internal sealed class ProgressLine(TextWriter error, bool live, TimeProvider time) : TextWriter
{
    private readonly long start = time.GetTimestamp();
    private readonly StringBuilder pending = new();
    private int shown;

    public override Encoding Encoding => error.Encoding;

    /// <summary>Reports that the command entered a stage.</summary>
    public void Stage(string stage) =>
        WriteLine($"privc: {time.GetElapsedTime(start).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s: {stage}");

    public override void Write(char value)
    {
        if (value == '\n')
        {
            Show(pending.ToString().TrimEnd('\r'));
            pending.Clear();
        }
        else
        {
            pending.Append(value);
        }
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? string.Empty)
        {
            Write(c);
        }
    }

    public override void WriteLine(string? value) => Write((value ?? string.Empty) + "\n");

    /// <summary>Clears the live line (a terminal keeps nothing of it); plain lines stay as written.</summary>
    public void Finish()
    {
        if (live && shown > 0)
        {
            error.Write("\r" + new string(' ', shown) + "\r");
            error.Flush();
            shown = 0;
        }
    }

    private void Show(string line)
    {
        if (!live)
        {
            error.WriteLine(line);
            return;
        }
        // Blank what is left of a longer previous line, then return to the start for the next one.
        error.Write("\r" + line + (shown > line.Length ? new string(' ', shown - line.Length) : string.Empty));
        error.Flush();
        shown = Math.Max(line.Length, 0);
    }
}
