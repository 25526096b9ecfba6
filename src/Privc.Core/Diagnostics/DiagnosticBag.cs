using System.Collections.Immutable;

namespace Privc.Diagnostics;

/// <summary>Collects diagnostics during one stage; stages hand an immutable, sorted list onward.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> items = new();

    public bool HasErrors => items.Any(d => d.IsError);

    public int Count => items.Count;

    public void Add(Diagnostic diagnostic) => items.Add(diagnostic);

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => items.AddRange(diagnostics);

    public ImmutableArray<Diagnostic> ToSortedArray() => items.Distinct().Order().ToImmutableArray();
}
