namespace Privc.Text;

/// <summary>A span in a particular source. Every diagnostic and every intent carries one.</summary>
public readonly record struct SourceLocation(SourceText Source, TextSpan Span) : IComparable<SourceLocation>
{
    public (int Line, int Column) Start => Source.GetLineColumn(Span.Start);

    public string Path => Source.Path;

    /// <summary>`file:line:col`, the form unsat cores and summaries print.</summary>
    public string Display
    {
        get
        {
            var (line, column) = Start;
            return $"{Source.Path}:{line}:{column}";
        }
    }

    public int CompareTo(SourceLocation other)
    {
        var byPath = string.CompareOrdinal(Source.Path, other.Source.Path);
        return byPath != 0 ? byPath : Span.CompareTo(other.Span);
    }

    public override string ToString() => Display;
}
