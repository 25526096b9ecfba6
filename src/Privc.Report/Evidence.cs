using System.Collections.Immutable;

namespace Privc.Report;

/// <summary>
/// What selecting an item on the map shows: the elements it concerns (<see cref="Highlight"/>), the elements it
/// rules out (<see cref="Excluded"/>), and sentences saying why it holds or fails. Elements are keys of the map:
/// <c>n:NODE</c>, <c>d:DEVICE</c>, <c>l:LINK-INDEX</c>, <c>r:ROUTE-INDEX</c>.
/// </summary>
public sealed record Evidence(ImmutableSortedSet<string> Highlight, ImmutableSortedSet<string> Excluded, ImmutableArray<string> Sentences)
{
    public static Evidence Empty { get; } = new(ImmutableSortedSet.Create<string>(StringComparer.Ordinal), ImmutableSortedSet.Create<string>(StringComparer.Ordinal), []);

    public static string Node(string name) => "n:" + name;

    public static string Device(string name) => "d:" + name;

    public static string Link(int index) => "l:" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Route(int index) => "r:" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public Evidence With(IEnumerable<string>? highlight = null, IEnumerable<string>? excluded = null, IEnumerable<string>? sentences = null) => new(
        Highlight.Union(highlight ?? []),
        Excluded.Union(excluded ?? []),
        Sentences.AddRange(sentences ?? []));

    public Evidence Merge(Evidence other) => With(other.Highlight, other.Excluded, other.Sentences);
}
