using System.Globalization;
using System.Numerics;
using Privc.Diagnostics;
using Privc.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// Reads a YAML stream the way kubectl does (sigs.k8s.io/yaml over go-yaml v2): scalars resolved by YAML 1.1 rules
/// (<see cref="GoYamlScalar"/>), anchors and aliases expanded, merge keys (<c>&lt;&lt;</c>) applied as go-yaml
/// applies them, and map keys turned into strings as sigs.k8s.io/yaml turns them. YamlDotNet's event parser
/// gives positions and never recurses, so nesting is checked here before anything is built; what kubectl would keep
/// silently but is ambiguous to a reader (a key given twice) is an error.
/// </summary>
internal sealed class YamlManifestParser
{
    /// <summary>Deepest nesting accepted; Kubernetes objects (managedFields included) stay far below it.</summary>
    public const int MaxDepth = 64;

    /// <summary>Values a file may expand to through aliases; beyond it a file is an alias bomb, not a manifest.</summary>
    public const long MaxExpandedValues = 1_000_000;

    private readonly SourceText source;
    private readonly Parser parser;
    private readonly Dictionary<string, ManifestNode> anchors = new(StringComparer.Ordinal);

    /// <summary>The YAML tag each scalar resolved to, for turning keys into strings as sigs.k8s.io/yaml does.</summary>
    private readonly Dictionary<ManifestNode, string> scalarTags = new(ReferenceEqualityComparer.Instance);

    private long expanded;

    private YamlManifestParser(SourceText source)
    {
        this.source = source;
        parser = new Parser(new StringReader(source.Text));
    }

    /// <summary>The documents of the stream (empty ones left out), or an error diagnostic and nothing.</summary>
    public static (List<ManifestNode> Documents, Diagnostic? Error) Parse(SourceText source)
    {
        var reader = new YamlManifestParser(source);
        try
        {
            return (reader.ReadStream(), null);
        }
        catch (ManifestReadException e)
        {
            return ([], e.Diagnostic);
        }
        catch (YamlException e)
        {
            return ([], DiagnosticCatalogue.ManifestSyntax(reader.Locate(e.Start, e.End), Problem(e)));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner throws these on some malformed input without a position; report at the last event.
            var at = reader.parser.Current is { } current ? reader.Locate(current.Start, current.End) : new SourceLocation(source, new TextSpan(0, 0));
            return ([], DiagnosticCatalogue.ManifestSyntax(at, e.Message.TrimEnd('.')));
        }
    }

    private List<ManifestNode> ReadStream()
    {
        var documents = new List<ManifestNode>();
        Next();
        Expect<StreamStart>();
        Next();
        while (parser.Current is DocumentStart)
        {
            anchors.Clear();
            Next();
            var root = ReadNode(1);
            Expect<DocumentEnd>();
            Next();
            if (root is not ManifestScalar { IsNull: true })
            {
                documents.Add(root);
            }
        }
        Expect<StreamEnd>();
        return documents;
    }

    private void Next()
    {
        if (!parser.MoveNext())
        {
            throw Fail(source.Text.Length, source.Text.Length, "the YAML stream ends early");
        }
    }

    private void Expect<T>()
        where T : ParsingEvent
    {
        if (parser.Current is not T)
        {
            var current = parser.Current!;
            throw Fail(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    /// <summary>Reads the node starting at the current event and leaves the parser after it.</summary>
    private ManifestNode ReadNode(int depth)
    {
        var current = parser.Current!;
        if (depth > MaxDepth && current is MappingStart or SequenceStart)
        {
            throw new ManifestReadException(DiagnosticCatalogue.ManifestTooDeep(Locate(current.Start, current.End), MaxDepth));
        }
        switch (current)
        {
            case AnchorAlias alias:
                Next();
                if (!anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw Fail(alias.Start, alias.End, $"unknown anchor '{alias.Value.Value}' referenced");
                }
                expanded += target.Size;
                if (expanded > MaxExpandedValues)
                {
                    throw new ManifestReadException(DiagnosticCatalogue.ManifestAliasBomb(Locate(alias.Start, alias.End), MaxExpandedValues));
                }
                if (depth - 1 + target.Depth > MaxDepth)
                {
                    throw new ManifestReadException(DiagnosticCatalogue.ManifestTooDeep(Locate(alias.Start, alias.End), MaxDepth));
                }
                return target;
            case Scalar scalar:
                Next();
                return Remember(scalar, ReadScalar(scalar));
            case SequenceStart sequence:
                {
                    CheckCollectionTag(sequence, GoYamlScalarTags.Seq);
                    Next();
                    var items = new List<ManifestNode>();
                    while (parser.Current is not SequenceEnd)
                    {
                        items.Add(ReadNode(depth + 1));
                    }
                    var end = parser.Current.End;
                    Next();
                    return Remember(sequence, Count(new ManifestList(source, Offset(sequence.Start), Offset(end), items)));
                }
            case MappingStart mapping:
                {
                    CheckCollectionTag(mapping, GoYamlScalarTags.Map);
                    Next();
                    var map = ReadMapping(mapping, depth);
                    return Remember(mapping, map);
                }
            default:
                throw Fail(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    private ManifestMap ReadMapping(MappingStart start, int depth)
    {
        // Keys in the order first set, as go-yaml fills a map: a later value (explicit or merged) replaces an
        // earlier one; the same key written twice in one mapping is refused (kubectl keeps the last silently).
        var entries = new List<ManifestEntry>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var explicitKeys = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        void Set(ManifestEntry entry)
        {
            if (index.TryGetValue(entry.Key, out var at))
            {
                entries[at] = entry;
            }
            else
            {
                index[entry.Key] = entries.Count;
                entries.Add(entry);
            }
        }
        while (parser.Current is not MappingEnd)
        {
            var keyEvent = parser.Current!;
            if (keyEvent is Scalar { Value: "<<", Style: ScalarStyle.Plain } mergeKey && (mergeKey.Tag.IsEmpty || mergeKey.Tag.Value == GoYamlScalar.MergeTag))
            {
                Next();
                var mergeAt = parser.Current!;
                var merged = ReadNode(depth + 1);
                foreach (var map in MergeSources(merged, mergeAt))
                {
                    foreach (var entry in map.Entries)
                    {
                        Set(entry);
                    }
                }
                continue;
            }
            var keyNode = ReadNode(depth + 1);
            var key = KeyString(keyNode);
            var keyLocation = Locate(keyEvent.Start, keyEvent.End);
            var value = ReadNode(depth + 1);
            if (explicitKeys.TryGetValue(key, out var first))
            {
                throw new ManifestReadException(DiagnosticCatalogue.ManifestDuplicateKey(keyLocation, key, first.Display));
            }
            explicitKeys[key] = keyLocation;
            Set(new ManifestEntry(key, keyLocation, value));
        }
        var end = parser.Current.End;
        Next();
        return Count(new ManifestMap(source, Offset(start.Start), Offset(end), entries));
    }

    /// <summary>go-yaml's merge: a mapping, or a sequence of mappings where earlier ones take precedence.</summary>
    private IEnumerable<ManifestMap> MergeSources(ManifestNode merged, ParsingEvent at)
    {
        switch (merged)
        {
            case ManifestMap map:
                return [map];
            case ManifestList list when list.Items.All(i => i is ManifestMap):
                return list.Items.Reverse().Cast<ManifestMap>();
            default:
                throw Fail(at.Start, at.End, "map merge requires map or sequence of maps as the value");
        }
    }

    private ManifestNode ReadScalar(Scalar scalar)
    {
        var tag = scalar.Tag.IsEmpty
            ? (scalar.Style == ScalarStyle.Plain ? string.Empty : GoYamlScalar.StrTag)
            : scalar.Tag.IsNonSpecific ? GoYamlScalar.StrTag : scalar.Tag.Value;
        if (!GoYamlScalar.Resolvable(tag))
        {
            throw new ManifestReadException(DiagnosticCatalogue.ManifestUnsupportedTag(Locate(scalar.Start, scalar.End), Short(tag)));
        }
        if (GoYamlScalar.Resolve(tag, scalar.Value, out var problem) is not { } value)
        {
            throw Fail(scalar.Start, scalar.End, problem!);
        }
        var node = new ManifestScalar(source, Offset(scalar.Start), Offset(scalar.End), value.Kind, value.Text);
        scalarTags[node] = value.Tag;
        return Count(node);
    }

    /// <summary>
    /// A key as sigs.k8s.io/yaml makes it a JSON object key: strings as they are, integers in decimal, floats in
    /// Go's shortest 32-bit form, booleans as true/false; null, timestamps, big unsigned integers and collections are refused.
    /// </summary>
    private string KeyString(ManifestNode key)
    {
        if (key is not ManifestScalar scalar)
        {
            throw Fail(key.Start, key.End, "a mapping or sequence cannot be a map key");
        }
        var tag = scalarTags.GetValueOrDefault(scalar, GoYamlScalar.StrTag);
        switch (scalar.Kind)
        {
            case ScalarKind.String when tag != GoYamlScalar.TimestampTag:
                return scalar.Text;
            case ScalarKind.Bool:
                return scalar.Text;
            case ScalarKind.Number when tag == GoYamlScalar.IntTag:
                if (BigInteger.Parse(scalar.Text, CultureInfo.InvariantCulture) > long.MaxValue)
                {
                    break;
                }
                return scalar.Text;
            case ScalarKind.Number:
                return GoYamlScalar.GoFloat32String(double.Parse(scalar.Text, CultureInfo.InvariantCulture));
        }
        throw Fail(scalar.Start, scalar.End, $"unsupported map key '{scalar.Text}'");
    }

    private void CheckCollectionTag(NodeEvent node, string allowed)
    {
        if (!node.Tag.IsEmpty && !node.Tag.IsNonSpecific && node.Tag.Value != allowed)
        {
            throw new ManifestReadException(DiagnosticCatalogue.ManifestUnsupportedTag(Locate(node.Start, node.End), Short(node.Tag.Value)));
        }
    }

    private static string Short(string tag) => tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) ? "!!" + tag["tag:yaml.org,2002:".Length..] : tag;

    private ManifestNode Remember(NodeEvent node, ManifestNode value)
    {
        if (!node.Anchor.IsEmpty)
        {
            anchors[node.Anchor.Value] = value;
        }
        return value;
    }

    private ManifestNode Count(ManifestNode node)
    {
        expanded++;
        if (expanded > MaxExpandedValues)
        {
            throw new ManifestReadException(DiagnosticCatalogue.ManifestAliasBomb(node.Location, MaxExpandedValues));
        }
        return node;
    }

    private ManifestMap Count(ManifestMap node)
    {
        Count((ManifestNode)node);
        return node;
    }

    private ManifestList Count(ManifestList node)
    {
        Count((ManifestNode)node);
        return node;
    }

    private int Offset(Mark mark) => source.GetOffset((int)mark.Line, (int)mark.Column);

    private SourceLocation Locate(Mark start, Mark end)
    {
        var from = Offset(start);
        return new SourceLocation(source, TextSpan.FromBounds(from, Math.Max(from, Offset(end))));
    }

    private ManifestReadException Fail(Mark start, Mark end, string problem) =>
        new(DiagnosticCatalogue.ManifestSyntax(Locate(start, end), problem));

    private ManifestReadException Fail(int start, int end, string problem) =>
        new(DiagnosticCatalogue.ManifestSyntax(new SourceLocation(source, TextSpan.FromBounds(start, Math.Max(start, end))), problem));

    /// <summary>YamlDotNet's message without its own position prefix (the diagnostic has the location).</summary>
    internal static string Problem(YamlException e)
    {
        var message = e.InnerException is { } inner && !string.IsNullOrWhiteSpace(inner.Message) ? inner.Message : e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0)
        {
            message = message[(close + 3)..];
        }
        return message.TrimEnd('.');
    }
}

/// <summary>The collection tags go-yaml v2 reads as a mapping or a sequence.</summary>
internal static class GoYamlScalarTags
{
    public const string Map = "tag:yaml.org,2002:map";
    public const string Seq = "tag:yaml.org,2002:seq";
}

/// <summary>
/// Stops reading a manifest file at its first problem, which is reported as the diagnostic (kubectl, too, stops
/// reading a stream at its first error). It never leaves <see cref="YamlManifestParser"/> or the JSON reader:
/// unwinding the recursion this way keeps each reading method a plain function of its input.
/// </summary>
internal sealed class ManifestReadException(Diagnostic diagnostic) : Exception(diagnostic.Message)
{
    public Diagnostic Diagnostic { get; } = diagnostic;
}
