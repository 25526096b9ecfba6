using System.Collections.Immutable;
using System.Text;
using System.Xml;
using Privc.Diagnostics;
using Privc.Parsing;
using Privc.Text;

namespace Privc.Topology.Import;

/// <summary>
/// Reads the first graph of a GraphML file with a forward-only <see cref="XmlReader"/>: DTDs are prohibited and no
/// external resource is ever resolved, the document is bounded by <see cref="SourceReader.MaxBytes"/>, and nested
/// content the importer does not use is skipped without recursion. Data values are resolved by the keys'
/// <c>attr.name</c>, because Topology Zoo files number their keys differently.
/// </summary>
internal static class GraphMlReader
{
    public static GraphMlReadResult Read(SourceText source)
    {
        var state = new ReadState(source);
        using var reader = XmlReader.Create(new StringReader(source.Text), new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            MaxCharactersInDocument = SourceReader.MaxBytes,
        });
        try
        {
            state.ReadDocument(reader);
        }
        catch (XmlException e)
        {
            var dtd = e.Message.Contains("DTD", StringComparison.Ordinal);
            var location = dtd ? DoctypeLocation(source) : ErrorLocation(source, e, reader);
            var problem = dtd ? "document type declarations (DTDs) are not allowed" : Clean(e.Message);
            return new GraphMlReadResult(null, [.. state.Diagnostics.ToSortedArray().Where(d => !d.IsError), DiagnosticCatalogue.GraphMlNotXml(location, problem)]);
        }
        var diagnostics = state.Diagnostics.ToSortedArray();
        return new GraphMlReadResult(state.Diagnostics.HasErrors ? null : state.Graph, diagnostics);
    }

    private static SourceLocation ErrorLocation(SourceText source, XmlException e, XmlReader reader)
    {
        var (line, column) = e.LineNumber > 0 ? (e.LineNumber, e.LinePosition)
            : reader is IXmlLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (1, 1);
        return new SourceLocation(source, new TextSpan(Math.Min(source.GetOffset(line, column), source.Text.Length), 0));
    }

    /// <summary>The prohibited-DTD error carries no position, so the declaration is found in the text.</summary>
    private static SourceLocation DoctypeLocation(SourceText source)
    {
        var index = source.Text.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        return new SourceLocation(source, index < 0 ? default : new TextSpan(index, "<!DOCTYPE".Length));
    }

    /// <summary>XmlException messages end with "Line 3, position 7."; the location is printed separately.</summary>
    private static string Clean(string message)
    {
        var index = message.LastIndexOf(" Line ", StringComparison.Ordinal);
        return (index > 0 ? message[..index] : message).TrimEnd('.', ' ');
    }

    private sealed record RawElement(string? Id, List<(string Key, string Value, SourceLocation Location)> Data, SourceLocation Location)
    {
        public string? Source { get; init; }

        public string? Target { get; init; }

        public bool Directed { get; init; }
    }

    private sealed class ReadState
    {
        private readonly SourceText source;
        private readonly List<GraphMlKey> keys = new();
        private readonly List<RawElement> nodes = new();
        private readonly List<RawElement> edges = new();
        private readonly List<(string Key, string Value, SourceLocation Location)> graphData = new();
        private SourceLocation graphLocation;
        private bool graphSeen;
        private bool edgesDirectedByDefault;

        public ReadState(SourceText source)
        {
            this.source = source;
        }

        public DiagnosticBag Diagnostics { get; } = new();

        public GraphMlGraph? Graph { get; private set; }

        public void ReadDocument(XmlReader reader)
        {
            if (reader.MoveToContent() != XmlNodeType.Element)
            {
                Diagnostics.Add(DiagnosticCatalogue.GraphMlInvalid(At(reader), "the document has no root element"));
                return;
            }
            if (reader.LocalName != "graphml")
            {
                Diagnostics.Add(DiagnosticCatalogue.GraphMlInvalid(At(reader), $"the root element is <{reader.Name}>, not <graphml>"));
                return;
            }
            var rootLocation = At(reader);
            ReadChildren(reader, name =>
            {
                switch (name)
                {
                    case "key":
                        ReadKey(reader);
                        break;
                    case "graph" when !graphSeen:
                        ReadGraph(reader);
                        break;
                    case "graph":
                        Diagnostics.Add(DiagnosticCatalogue.ImportUnsupportedElement(At(reader), "graph", "only the first graph of a file is imported"));
                        reader.Skip();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            });
            // Reading to the end makes the XML reader check that the rest of the document is well-formed too.
            while (reader.Read())
            {
            }
            if (!graphSeen)
            {
                Diagnostics.Add(DiagnosticCatalogue.GraphMlInvalid(rootLocation, "the file has no <graph>"));
                return;
            }
            Graph = Resolve();
        }

        private void ReadKey(XmlReader reader)
        {
            var location = At(reader);
            var id = reader.GetAttribute("id");
            var domain = reader.GetAttribute("for") ?? "all";
            var name = reader.GetAttribute("attr.name");
            string? value = null;
            ReadChildren(reader, child =>
            {
                if (child == "default")
                {
                    value = ReadText(reader)?.Trim();
                }
                else
                {
                    reader.Skip();
                }
            });
            if (string.IsNullOrEmpty(id))
            {
                Diagnostics.Add(DiagnosticCatalogue.GraphMlInvalid(location, "a <key> has no 'id'"));
                return;
            }
            if (keys.Any(k => k.Id == id))
            {
                Diagnostics.Add(DiagnosticCatalogue.GraphMlInvalid(location, $"key id '{id}' is declared twice"));
                return;
            }
            // GraphML lets a key omit attr.name; its id is then the only name it has.
            var key = new GraphMlKey(id, domain, string.IsNullOrEmpty(name) ? id : name, value, location);
            var first = keys.FirstOrDefault(k => k.Name == key.Name && Overlaps(k.Domain, key.Domain));
            if (first is not null)
            {
                Diagnostics.Add(DiagnosticCatalogue.ImportAmbiguousKey(location, key.Name, domain, first.Id, id));
            }
            keys.Add(key);
        }

        private void ReadGraph(XmlReader reader)
        {
            graphSeen = true;
            graphLocation = At(reader);
            edgesDirectedByDefault = reader.GetAttribute("edgedefault") == "directed";
            ReadChildren(reader, name =>
            {
                switch (name)
                {
                    case "node":
                        ReadNode(reader);
                        break;
                    case "edge":
                        ReadEdge(reader);
                        break;
                    case "data":
                        ReadData(reader, graphData);
                        break;
                    case "hyperedge":
                        Diagnostics.Add(DiagnosticCatalogue.ImportUnsupportedElement(At(reader), "hyperedge",
                            "GraphML hyperedges have no link meaning; Topology Zoo marks junctions with the node attribute hyperedge=1 instead"));
                        reader.Skip();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            });
        }

        private void ReadNode(XmlReader reader)
        {
            var element = new RawElement(reader.GetAttribute("id"), new(), At(reader));
            ReadChildren(reader, name =>
            {
                switch (name)
                {
                    case "data":
                        ReadData(reader, element.Data);
                        break;
                    case "graph":
                        Diagnostics.Add(DiagnosticCatalogue.ImportUnsupportedElement(At(reader), "graph", "nested graphs are not imported; the node stays one device"));
                        reader.Skip();
                        break;
                    case "port":
                        Diagnostics.Add(DiagnosticCatalogue.ImportUnsupportedElement(At(reader), "port", "privc numbers ports itself"));
                        reader.Skip();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            });
            nodes.Add(element);
        }

        private void ReadEdge(XmlReader reader)
        {
            var directed = reader.GetAttribute("directed") is { } flag ? flag == "true" : edgesDirectedByDefault;
            var element = new RawElement(reader.GetAttribute("id"), new(), At(reader))
            {
                Source = reader.GetAttribute("source"),
                Target = reader.GetAttribute("target"),
                Directed = directed,
            };
            ReadChildren(reader, name =>
            {
                if (name == "data")
                {
                    ReadData(reader, element.Data);
                }
                else
                {
                    reader.Skip();
                }
            });
            edges.Add(element);
        }

        private void ReadData(XmlReader reader, List<(string Key, string Value, SourceLocation Location)> into)
        {
            var location = At(reader);
            var key = reader.GetAttribute("key");
            var value = ReadText(reader);
            if (string.IsNullOrEmpty(key))
            {
                Diagnostics.Add(DiagnosticCatalogue.GraphMlInvalid(location, "a <data> element has no 'key'"));
                return;
            }
            if (value is null)
            {
                // Structured data (yFiles graphics and the like) carries nothing privc uses.
                return;
            }
            into.Add((key, value.Trim(), location));
        }

        /// <summary>Builds the graph once every key is known, since GraphML allows keys anywhere before use.</summary>
        private GraphMlGraph? Resolve()
        {
            var byId = keys.Select((k, i) => (k, i)).ToDictionary(p => p.k.Id, p => p, StringComparer.Ordinal);
            ImmutableSortedDictionary<string, string> Data(List<(string Key, string Value, SourceLocation Location)> data, string domain)
            {
                var result = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
                var resolved = new List<(int Order, string Name, string Value)>();
                foreach (var (keyId, value, location) in data)
                {
                    if (!byId.TryGetValue(keyId, out var key))
                    {
                        Diagnostics.Add(DiagnosticCatalogue.ImportBadValue(location, $"<data key=\"{keyId}\">", "refers to no declared <key>"));
                        continue;
                    }
                    resolved.Add((key.i, key.k.Name, value));
                }
                foreach (var (_, name, value) in resolved.OrderBy(r => r.Order))
                {
                    result.TryAdd(name, value);
                }
                foreach (var key in keys.Where(k => k.Default is not null && Overlaps(k.Domain, domain)))
                {
                    result.TryAdd(key.Name, key.Default!);
                }
                return result.ToImmutable();
            }

            var nodeIds = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            var resultNodes = ImmutableArray.CreateBuilder<GraphMlNode>(nodes.Count);
            foreach (var node in nodes)
            {
                if (string.IsNullOrEmpty(node.Id))
                {
                    Diagnostics.Add(DiagnosticCatalogue.GraphMlInvalid(node.Location, "a <node> has no 'id'"));
                    continue;
                }
                if (nodeIds.TryGetValue(node.Id, out var first))
                {
                    Diagnostics.Add(DiagnosticCatalogue.GraphMlInvalid(node.Location, $"node id '{node.Id}' is already used at {first.Display}"));
                    continue;
                }
                nodeIds[node.Id] = node.Location;
                resultNodes.Add(new GraphMlNode(node.Id, Data(node.Data, "node"), node.Location));
            }
            var resultEdges = ImmutableArray.CreateBuilder<GraphMlEdge>(edges.Count);
            foreach (var edge in edges)
            {
                if (string.IsNullOrEmpty(edge.Source) || string.IsNullOrEmpty(edge.Target))
                {
                    Diagnostics.Add(DiagnosticCatalogue.GraphMlInvalid(edge.Location, "an <edge> needs both 'source' and 'target'"));
                    continue;
                }
                var unknown = new[] { edge.Source, edge.Target }.FirstOrDefault(id => !nodeIds.ContainsKey(id));
                if (unknown is not null)
                {
                    Diagnostics.Add(DiagnosticCatalogue.GraphMlInvalid(edge.Location, $"edge refers to node '{unknown}', which is not declared"));
                    continue;
                }
                resultEdges.Add(new GraphMlEdge(edge.Source, edge.Target, edge.Directed, Data(edge.Data, "edge"), edge.Location));
            }
            return new GraphMlGraph(graphLocation, Data(graphData, "graph"), [.. keys], resultNodes.ToImmutable(), resultEdges.ToImmutable());
        }

        private static bool Overlaps(string a, string b) => a == b || a == "all" || b == "all";

        /// <summary>Calls <paramref name="onElement"/> for each child element; it must consume the element it is given.</summary>
        private static void ReadChildren(XmlReader reader, Action<string> onElement)
        {
            if (reader.IsEmptyElement)
            {
                reader.Read();
                return;
            }
            var depth = reader.Depth;
            reader.Read();
            while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    onElement(reader.LocalName);
                }
                else
                {
                    reader.Read();
                }
            }
            reader.Read();
        }

        /// <summary>The text of a simple element, or null when it has element content.</summary>
        private static string? ReadText(XmlReader reader)
        {
            if (reader.IsEmptyElement)
            {
                reader.Read();
                return string.Empty;
            }
            var depth = reader.Depth;
            var text = new StringBuilder();
            var structured = false;
            reader.Read();
            while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                        text.Append(reader.Value);
                        reader.Read();
                        break;
                    case XmlNodeType.Element:
                        structured = true;
                        reader.Skip();
                        break;
                    default:
                        reader.Read();
                        break;
                }
            }
            reader.Read();
            return structured ? null : text.ToString();
        }

        private SourceLocation At(XmlReader reader)
        {
            if (reader is IXmlLineInfo info && info.HasLineInfo())
            {
                // LinePosition is the column of the element's name; the span starts at its '<'.
                var start = Math.Max(0, source.GetOffset(info.LineNumber, info.LinePosition) - 1);
                var length = Math.Min(reader.Name.Length + 1, source.Text.Length - start);
                return new SourceLocation(source, new TextSpan(start, Math.Max(0, length)));
            }
            return new SourceLocation(source, default);
        }
    }
}
