using System.Collections.Immutable;

namespace Privc.Topology;

/// <summary>What one attribute key means: its kind, which element kinds carry it, and the values seen.</summary>
public sealed record AttributeInfo(
    string Key,
    AttributeKind Kind,
    ElementKind PresentOn,
    ImmutableArray<string> Scale,
    ImmutableSortedSet<string> Values,
    bool BuiltIn);

/// <summary>
/// The vocabulary of a topology: every attribute key with its type. The type checker validates intents
/// against it and suggests the nearest key or value for a typo.
/// </summary>
public sealed class AttributeSchema
{
    public AttributeSchema(ImmutableSortedDictionary<string, AttributeInfo> attributes)
    {
        Attributes = attributes;
    }

    public ImmutableSortedDictionary<string, AttributeInfo> Attributes { get; }

    public AttributeInfo? Find(string key) => Attributes.GetValueOrDefault(key);

    public IEnumerable<string> KeysOn(ElementKind kinds) =>
        Attributes.Values.Where(a => (a.PresentOn & kinds) != 0).Select(a => a.Key);

    /// <summary>Built-in attributes every element of a kind has, whatever its labels.</summary>
    public static readonly ImmutableSortedDictionary<string, (AttributeKind Kind, ElementKind On)> BuiltIns =
        new Dictionary<string, (AttributeKind, ElementKind)>
        {
            ["name"] = (AttributeKind.Text, ElementKind.Node | ElementKind.Device),
            ["id"] = (AttributeKind.Text, ElementKind.Device),
            ["device"] = (AttributeKind.Text, ElementKind.Node),
            ["cpu"] = (AttributeKind.Cpu, ElementKind.Node),
            ["memory"] = (AttributeKind.Memory, ElementKind.Node),
            ["cost"] = (AttributeKind.Number, ElementKind.Node),
            ["latency"] = (AttributeKind.Latency, ElementKind.Link),
            ["bandwidth"] = (AttributeKind.Bandwidth, ElementKind.Link),
        }.ToImmutableSortedDictionary(StringComparer.Ordinal);
}
