namespace Privc.Text;

/// <summary>An immutable source file: its display path, its text and a line index for span to line/column mapping.</summary>
public sealed class SourceText
{
    private readonly int[] lineStarts;

    public SourceText(string path, string text)
    {
        Path = path;
        Text = text;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }
        lineStarts = starts.ToArray();
    }

    /// <summary>The path as the user gave it; diagnostics print it verbatim.</summary>
    public string Path { get; }

    public string Text { get; }

    public int LineCount => lineStarts.Length;

    /// <summary>1-based line and column of an offset; columns count UTF-16 code units from 1.</summary>
    public (int Line, int Column) GetLineColumn(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var index = Array.BinarySearch(lineStarts, offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - lineStarts[line] + 1);
    }

    /// <summary>The text of a 1-based line without its line terminator.</summary>
    public string GetLine(int line)
    {
        if (line < 1 || line > lineStarts.Length)
        {
            return string.Empty;
        }
        var start = lineStarts[line - 1];
        var end = line < lineStarts.Length ? lineStarts[line] : Text.Length;
        return Text[start..end].TrimEnd('\n', '\r');
    }

    /// <summary>The offset of a 1-based line and column; used by readers (YAML) that report positions as line/column.</summary>
    public int GetOffset(int line, int column)
    {
        if (line < 1)
        {
            return 0;
        }
        if (line > lineStarts.Length)
        {
            return Text.Length;
        }
        return Math.Min(Text.Length, lineStarts[line - 1] + Math.Max(0, column - 1));
    }

    public string ToString(TextSpan span) => Text.Substring(span.Start, Math.Min(span.Length, Text.Length - span.Start));
}
