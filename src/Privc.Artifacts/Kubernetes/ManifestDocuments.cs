using System.Collections.Immutable;
using k8s;
using Privc.Diagnostics;
using Privc.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Privc.Artifacts.Kubernetes;

/// <summary>One YAML document of a manifest file: its tree (for positions), its apiVersion and kind.</summary>
/// <remarks>
/// <see cref="TextEnd"/> is where the document's text ends in <see cref="Source"/>; an item of a <c>List</c> has none
/// (-1) and is deserialised from its re-serialised tree, with errors reported at the item.
/// </remarks>
internal sealed record ManifestDocument(SourceText Source, YamlMappingNode Root, string ApiVersion, string Kind, int TextEnd)
{
    public string TypeName => $"{ApiVersion}/{Kind}";

    public SourceLocation Location => ManifestDocuments.Locate(Source, Root);

    /// <summary>The location of the first scalar with this value under the document (for naming a bad node), or the document.</summary>
    public SourceLocation LocationOf(string value) =>
        FindScalar(Root, value) is { } node ? ManifestDocuments.Locate(Source, node) : Location;

    private static YamlNode? FindScalar(YamlNode node, string value) => node switch
    {
        YamlScalarNode scalar => scalar.Value == value ? scalar : null,
        YamlMappingNode map => map.Children.Select(c => FindScalar(c.Value, value)).FirstOrDefault(n => n is not null),
        YamlSequenceNode seq => seq.Children.Select(c => FindScalar(c, value)).FirstOrDefault(n => n is not null),
        _ => null,
    };
}

/// <summary>
/// Splits manifest files into documents with YamlDotNet (which gives positions), and deserialises the kinds privc
/// reads into KubernetesClient's typed models from the document's own text, so that a malformed field is reported
/// at its line and column in the file.
/// </summary>
internal static class ManifestDocuments
{
    public static ImmutableArray<ManifestDocument> Split(SourceText source, List<Diagnostic> diagnostics)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(source.Text));
        }
        catch (YamlException e)
        {
            diagnostics.Add(DiagnosticCatalogue.ManifestSyntax(Locate(source, e.Start, e.End), Problem(e)));
            return [];
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this on some malformed input without a position; the file is reported whole.
            diagnostics.Add(DiagnosticCatalogue.ManifestSyntax(new SourceLocation(source, new TextSpan(0, 0)), e.Message.TrimEnd('.')));
            return [];
        }
        var documents = ImmutableArray.CreateBuilder<ManifestDocument>();
        for (var index = 0; index < stream.Documents.Count; index++)
        {
            var document = stream.Documents[index];
            var textEnd = index + 1 < stream.Documents.Count
                ? DocumentTextEnd(source, stream.Documents[index + 1].RootNode)
                : source.Text.Length;
            switch (document.RootNode)
            {
                case YamlScalarNode { Style: ScalarStyle.Plain } scalar when string.IsNullOrEmpty(scalar.Value) || scalar.Value is "~" or "null":
                    break; // an empty document, as a trailing `---` gives
                case YamlMappingNode root:
                    Add(root, textEnd);
                    break;
                default:
                    diagnostics.Add(DiagnosticCatalogue.ManifestNotAnObject(Locate(source, document.RootNode), "it is not a mapping"));
                    break;
            }
        }
        return documents.ToImmutable();

        void Add(YamlMappingNode root, int textEnd)
        {
            var apiVersion = Scalar(root, "apiVersion");
            var kind = Scalar(root, "kind");
            if (apiVersion is null || kind is null)
            {
                diagnostics.Add(DiagnosticCatalogue.ManifestNotAnObject(Locate(source, root), "it has no apiVersion or no kind"));
                return;
            }
            if (kind == "List" || (kind.EndsWith("List", StringComparison.Ordinal) && root.Children.ContainsKey(new YamlScalarNode("items"))))
            {
                // `kubectl get -o yaml` wraps objects in a List (or a typed list such as DeploymentList).
                var items = root.Children.TryGetValue(new YamlScalarNode("items"), out var node) ? node : null;
                foreach (var item in (items as YamlSequenceNode)?.Children ?? [])
                {
                    if (item is YamlMappingNode mapping)
                    {
                        Add(mapping, -1);
                    }
                    else
                    {
                        diagnostics.Add(DiagnosticCatalogue.ManifestNotAnObject(Locate(source, item), "a list item is not a mapping"));
                    }
                }
                return;
            }
            documents.Add(new ManifestDocument(source, root, apiVersion, kind, textEnd));
        }
    }

    /// <summary>The document as a typed model, or null with a PRIV5003 at the offending position.</summary>
    public static T? Deserialize<T>(ManifestDocument document, List<Diagnostic> diagnostics)
        where T : class
    {
        var root = document.Root;
        string yaml;
        if (document.TextEnd < 0)
        {
            var writer = new StringWriter();
            new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
            yaml = writer.ToString();
        }
        else
        {
            var start = document.Source.GetOffset((int)root.Start.Line, (int)root.Start.Column);
            var end = Math.Max(start, document.TextEnd);
            // Padding keeps lines and columns as in the file, so the deserialiser's positions are the file's.
            yaml = new string('\n', (int)root.Start.Line - 1) + new string(' ', (int)root.Start.Column - 1) + document.Source.Text[start..end];
        }
        try
        {
            var value = KubernetesYaml.Deserialize<T>(yaml);
            if (value is null)
            {
                diagnostics.Add(DiagnosticCatalogue.ManifestMalformedObject(document.Location, document.Kind, Name(document), "it is empty"));
            }
            return value;
        }
        catch (YamlException e)
        {
            var location = document.TextEnd < 0 ? document.Location : Locate(document.Source, e.Start, e.End);
            diagnostics.Add(DiagnosticCatalogue.ManifestMalformedObject(location, document.Kind, Name(document), Problem(e)));
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidOperationException or ArgumentException)
        {
            diagnostics.Add(DiagnosticCatalogue.ManifestMalformedObject(document.Location, document.Kind, Name(document), e.Message));
        }
        return null;
    }

    /// <summary>
    /// Where the text of the document before <paramref name="nextRoot"/> ends: at the start of the line holding the
    /// `---` (or `...`) marker that precedes the next document's root.
    /// </summary>
    private static int DocumentTextEnd(SourceText source, YamlNode nextRoot)
    {
        var line = (int)nextRoot.Start.Line;
        for (var candidate = line; candidate >= 1; candidate--)
        {
            var text = source.GetLine(candidate);
            if (text.StartsWith("---", StringComparison.Ordinal) || text.StartsWith("...", StringComparison.Ordinal))
            {
                return source.GetOffset(candidate, 1);
            }
        }
        return source.GetOffset(line, 1);
    }

    public static string Name(ManifestDocument document) =>
        document.Root.Children.TryGetValue(new YamlScalarNode("metadata"), out var metadata) && metadata is YamlMappingNode map
            ? Scalar(map, "name") ?? "(unnamed)"
            : "(unnamed)";

    public static SourceLocation Locate(SourceText source, YamlNode node) => Locate(source, node.Start, node.End);

    public static SourceLocation Locate(SourceText source, Mark start, Mark end)
    {
        var from = source.GetOffset((int)start.Line, (int)start.Column);
        var to = source.GetOffset((int)end.Line, (int)end.Column);
        return new SourceLocation(source, TextSpan.FromBounds(from, Math.Max(to, from)));
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar && !string.IsNullOrEmpty(scalar.Value)
            ? scalar.Value
            : null;

    /// <summary>YamlDotNet's message without its own position prefix (the diagnostic has the location) or inner chain.</summary>
    private static string Problem(YamlException e)
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
