using Privc.Diagnostics;
using Privc.Text;
using Privc.TypeSystem;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Privc.Topology;

/// <summary>
/// The YAML layer of topology reading: parses a file into one mapping (rejecting what could exhaust the stack or
/// memory first) and reads fields from YAML nodes, reporting every malformed one at its position. It knows YAML and
/// units, not what a topology holds (that is <see cref="TopologyReader"/>).
/// </summary>
internal sealed class TopologyYaml
{
    private const int MaxYamlDepth = 32;

    private readonly SourceText source;
    private readonly DiagnosticBag diagnostics;

    public TopologyYaml(SourceText source, DiagnosticBag diagnostics)
    {
        this.source = source;
        this.diagnostics = diagnostics;
    }

    /// <summary>The document's root mapping, or null (with a diagnostic) when the text is not one YAML mapping.</summary>
    public YamlMappingNode? ReadRoot()
    {
        if (!ScanEvents())
        {
            return null;
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(source.Text));
        }
        catch (YamlException e)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologySyntax(At(e.Start, e.End), Clean(e.Message)));
            return null;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var node = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
            diagnostics.Add(DiagnosticCatalogue.TopologySyntax(node is null ? new SourceLocation(source, default) : At(node), "the document must be a mapping with 'nodes', 'devices' and 'links'"));
            return null;
        }
        if (stream.Documents.Count > 1)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologySyntax(At(stream.Documents[1].RootNode), "a topology file holds one YAML document"));
            return null;
        }
        return root;
    }

    /// <summary>
    /// Walks the event stream (iteratively) before building a tree, so that pathological nesting or alias
    /// expansion is rejected instead of exhausting the stack or memory.
    /// </summary>
    private bool ScanEvents()
    {
        var parser = new Parser(new StringReader(source.Text));
        var depth = 0;
        var last = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                last = parser.Current!.End;
                switch (parser.Current)
                {
                    case AnchorAlias alias:
                        diagnostics.Add(DiagnosticCatalogue.TopologySyntax(At(alias.Start, alias.End), "anchors and aliases are not supported in topology files"));
                        return false;
                    case NodeEvent { Anchor.IsEmpty: false } anchored:
                        diagnostics.Add(DiagnosticCatalogue.TopologySyntax(At(anchored.Start, anchored.End), "anchors and aliases are not supported in topology files"));
                        return false;
                    case MappingStart or SequenceStart:
                        if (++depth > MaxYamlDepth)
                        {
                            diagnostics.Add(DiagnosticCatalogue.TooDeep(At(parser.Current.Start, parser.Current.End), "YAML nesting", MaxYamlDepth));
                            return false;
                        }
                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                }
            }
        }
        catch (YamlException e)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologySyntax(At(e.Start, e.End), Clean(e.Message)));
            return false;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet fails this way on some malformed flow collections (an unclosed '[' before a key).
            diagnostics.Add(DiagnosticCatalogue.TopologySyntax(At(last, last), "malformed YAML after this point (an unclosed '[' or '{'?)"));
            return false;
        }
        return true;
    }

    /// <summary>A positive quantity of the dimension; plain numbers are allowed only for CPU and memory.</summary>
    public long? Measure(YamlMappingNode node, string field, Dimension dimension, bool allowScalar, bool required = false)
    {
        var valueNode = Child(node, field);
        if (valueNode is null)
        {
            if (required)
            {
                diagnostics.Add(DiagnosticCatalogue.TopologyMissingField(At(node), "link", field));
            }
            return null;
        }
        var text = ScalarValue(valueNode, field);
        if (text is null)
        {
            return null;
        }
        if (text.StartsWith('-') && Units.TryParse(text[1..], out _, out _, out _) == Units.ParseError.None)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologyNegative(At(valueNode), field, text));
            return null;
        }
        var error = Units.TryParse(text, out var quantity, out var scalar, out _);
        if (error == Units.ParseError.None && quantity.Dimension == Dimension.Scalar && allowScalar)
        {
            (quantity, error) = Units.FromPlainNumber(dimension, scalar);
        }
        if (error != Units.ParseError.None || quantity.Dimension != dimension)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(At(valueNode), field, $"must be a {Units.DimensionName(dimension)} such as {Units.ExampleOf(dimension)}, not '{text}'"));
            return null;
        }
        if (quantity.Value <= 0)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologyNegative(At(valueNode), field, text));
            return null;
        }
        return quantity.Value;
    }

    /// <summary>Reports every key of the mapping that is not an allowed field, with the nearest allowed one.</summary>
    public void CheckFields(YamlMappingNode node, string[] allowed, string where)
    {
        foreach (var key in node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                diagnostics.Add(DiagnosticCatalogue.TopologyUnknownField(At(key), name, where, Suggestions.Nearest(name, allowed)));
            }
        }
    }

    public YamlNode? Required(YamlMappingNode node, string field, string what)
    {
        var child = Child(node, field);
        if (child is null)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologyMissingField(At(node), what, field));
        }
        return child;
    }

    public static YamlNode? Child(YamlMappingNode node, string field) =>
        node.Children.TryGetValue(new YamlScalarNode(field), out var child) ? child : null;

    public string? Scalar(YamlMappingNode node, string field) =>
        Child(node, field) is { } child ? ScalarValue(child, field) : null;

    public string? ScalarValue(YamlNode node, string field)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            return value;
        }
        diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(At(node), field, "must be a non-empty single value"));
        return null;
    }

    public SourceLocation At(YamlNode node) => At(node.Start, node.End);

    private SourceLocation At(Mark start, Mark end)
    {
        var from = source.GetOffset((int)start.Line, (int)start.Column);
        var to = source.GetOffset((int)end.Line, (int)end.Column);
        return new SourceLocation(source, TextSpan.FromBounds(from, Math.Max(from, to)));
    }

    private static string Clean(string message)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (...): "; the location is printed separately.
        var index = message.IndexOf("): ", StringComparison.Ordinal);
        return index >= 0 && message.StartsWith('(') ? message[(index + 3)..] : message;
    }
}
