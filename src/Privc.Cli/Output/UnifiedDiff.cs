using System.Globalization;
using System.Text;

namespace Privc.Cli.Output;

/// <summary>
/// A unified diff (the format of <c>diff -u</c> and <c>git apply</c>) between two texts, line by line, from a
/// longest common subsequence; three lines of context, hunks merged when their context touches. Intent files are
/// small, so the quadratic table is cheap; past <see cref="MaxCells"/> the whole file is one replaced hunk.
/// </summary>
internal static class UnifiedDiff
{
    private const int Context = 3;
    private const long MaxCells = 25_000_000;

    public static string Write(string path, string before, string after)
    {
        var a = Lines(before);
        var b = Lines(after);
        var edits = Edits(a, b);
        var text = new StringBuilder();
        text.Append("--- a/").Append(path).Append('\n').Append("+++ b/").Append(path).Append('\n');
        var i = 0;
        while (i < edits.Count)
        {
            if (edits[i].Kind == ' ')
            {
                i++;
                continue;
            }
            var start = Math.Max(0, i - Context);
            var end = i;
            // Extend while the next change is within twice the context of the last one.
            while (true)
            {
                while (end < edits.Count && edits[end].Kind != ' ')
                {
                    end++;
                }
                var next = end;
                while (next < edits.Count && edits[next].Kind == ' ' && next - end < 2 * Context)
                {
                    next++;
                }
                if (next < edits.Count && edits[next].Kind != ' ')
                {
                    end = next;
                    continue;
                }
                end = Math.Min(edits.Count, end + Context);
                break;
            }
            var hunk = edits.GetRange(start, end - start);
            var oldStart = edits[start].OldLine;
            var newStart = edits[start].NewLine;
            var oldCount = hunk.Count(e => e.Kind != '+');
            var newCount = hunk.Count(e => e.Kind != '-');
            text.Append(CultureInfo.InvariantCulture, $"@@ -{Range(oldStart, oldCount)} +{Range(newStart, newCount)} @@\n");
            foreach (var edit in hunk)
            {
                text.Append(edit.Kind).Append(edit.Text).Append('\n');
                if (edit.MissingNewline)
                {
                    text.Append("\\ No newline at end of file\n");
                }
            }
            i = end;
        }
        return text.ToString();
    }

    private static string Range(int start, int count) => count switch
    {
        0 => string.Create(CultureInfo.InvariantCulture, $"{start - 1},0"),
        1 => start.ToString(CultureInfo.InvariantCulture),
        _ => string.Create(CultureInfo.InvariantCulture, $"{start},{count}"),
    };

    private sealed record Line(string Text, bool MissingNewline);

    private sealed record Edit(char Kind, string Text, int OldLine, int NewLine, bool MissingNewline);

    private static List<Line> Lines(string text)
    {
        var lines = new List<Line>();
        var parts = text.Split('\n');
        for (var k = 0; k < parts.Length; k++)
        {
            var last = k == parts.Length - 1;
            if (last && parts[k].Length == 0)
            {
                break;
            }
            lines.Add(new Line(parts[k], last));
        }
        return lines;
    }

    private static List<Edit> Edits(List<Line> a, List<Line> b)
    {
        var edits = new List<Edit>();
        if ((long)a.Count * b.Count > MaxCells)
        {
            edits.AddRange(a.Select((l, k) => new Edit('-', l.Text, k + 1, 1, l.MissingNewline)));
            edits.AddRange(b.Select((l, k) => new Edit('+', l.Text, a.Count + 1, k + 1, l.MissingNewline)));
            return edits;
        }
        var lcs = new int[a.Count + 1, b.Count + 1];
        for (var x = a.Count - 1; x >= 0; x--)
        {
            for (var y = b.Count - 1; y >= 0; y--)
            {
                lcs[x, y] = a[x] == b[y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
            }
        }
        int i = 0, j = 0;
        while (i < a.Count || j < b.Count)
        {
            if (i < a.Count && j < b.Count && a[i] == b[j])
            {
                edits.Add(new Edit(' ', a[i].Text, i + 1, j + 1, a[i].MissingNewline));
                i++;
                j++;
            }
            else if (i < a.Count && (j == b.Count || lcs[i + 1, j] >= lcs[i, j + 1]))
            {
                edits.Add(new Edit('-', a[i].Text, i + 1, j + 1, a[i].MissingNewline));
                i++;
            }
            else
            {
                edits.Add(new Edit('+', b[j].Text, i + 1, j + 1, b[j].MissingNewline));
                j++;
            }
        }
        return edits;
    }
}
