using System.Text.Json.Nodes;
using Privc.Text;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// A value of a manifest after kubectl's conversion to JSON (mapping, list or scalar), remembering where it was
/// written, so every problem is reported at its line and column. Values reached through a YAML alias are the
/// anchored node itself, so they point at the anchor.
/// </summary>
internal abstract class ManifestNode(SourceText source, int start, int end)
{
    public SourceText Source { get; } = source;

    /// <summary>UTF-16 offsets of the value's text.</summary>
    public int Start { get; } = start;

    public int End { get; } = end;

    /// <summary>How many values this one stands for, aliases expanded (bounds alias bombs).</summary>
    public abstract long Size { get; }

    /// <summary>Nesting depth: 1 for a scalar or an empty collection.</summary>
    public abstract int Depth { get; }

    public SourceLocation Location => new(Source, TextSpan.FromBounds(Start, Math.Max(Start, End)));

    public abstract JsonNode? ToJson();
}

internal sealed class ManifestScalar(SourceText source, int start, int end, ScalarKind kind, string text) : ManifestNode(source, start, end)
{
    public ScalarKind Kind { get; } = kind;

    /// <summary>A string's value, a number's JSON literal, "true"/"false", or "null".</summary>
    public string Text { get; } = text;

    public override long Size => 1;

    public override int Depth => 1;

    public bool IsNull => Kind == ScalarKind.Null;

    public override JsonNode? ToJson() => Kind switch
    {
        ScalarKind.String => JsonValue.Create(Text),
        ScalarKind.Bool => JsonValue.Create(Text == "true"),
        ScalarKind.Null => null,
        _ => JsonNode.Parse(Text),
    };
}

internal sealed class ManifestList(SourceText source, int start, int end, IReadOnlyList<ManifestNode> items) : ManifestNode(source, start, end)
{
    public IReadOnlyList<ManifestNode> Items { get; } = items;

    public override long Size { get; } = 1 + items.Sum(i => i.Size);

    public override int Depth { get; } = 1 + items.Select(i => i.Depth).DefaultIfEmpty(0).Max();

    public override JsonNode ToJson() => new JsonArray(Items.Select(i => i.ToJson()).ToArray());
}

/// <summary>A mapping with string keys (kubectl's JSON object), in the order the keys were first set.</summary>
internal sealed class ManifestMap(SourceText source, int start, int end, IReadOnlyList<ManifestEntry> entries) : ManifestNode(source, start, end)
{
    public IReadOnlyList<ManifestEntry> Entries { get; } = entries;

    public override long Size { get; } = 1 + entries.Sum(e => e.Value.Size);

    public override int Depth { get; } = 1 + entries.Select(e => e.Value.Depth).DefaultIfEmpty(0).Max();

    public ManifestNode? this[string key] => Entries.FirstOrDefault(e => e.Key == key)?.Value;

    /// <summary>A string value of a key, or null when absent or not a string.</summary>
    public string? String(string key) => this[key] is ManifestScalar { Kind: ScalarKind.String } s ? s.Text : null;

    public override JsonNode ToJson()
    {
        var json = new JsonObject();
        foreach (var entry in Entries)
        {
            json[entry.Key] = entry.Value.ToJson();
        }
        return json;
    }
}

/// <summary>One key of a mapping: its string form (as sigs.k8s.io/yaml makes it), where the key was written, and the value.</summary>
internal sealed record ManifestEntry(string Key, SourceLocation KeyLocation, ManifestNode Value);
