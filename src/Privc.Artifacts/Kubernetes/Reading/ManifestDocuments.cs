using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using k8s;
using Privc.Diagnostics;
using Privc.Text;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// One Kubernetes object of a manifest stream, as kubectl would send it: its JSON tree (with positions), apiVersion,
/// kind and identity. <see cref="Order"/> is its place in the apply order across all files read.
/// </summary>
internal sealed record ManifestObject(ManifestMap Root, string ApiVersion, string Kind, int Order)
{
    public SourceText Source => Root.Source;

    /// <summary>The API group: the part of apiVersion before '/', empty for the core group (<c>v1</c>).</summary>
    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;

    public string TypeName => $"{ApiVersion}/{Kind}";

    public ManifestMap? Metadata => Root["metadata"] as ManifestMap;

    public string? Name => Metadata?.String("name") is { Length: > 0 } name ? name : null;

    public string DisplayName => Name ?? "(unnamed)";

    /// <summary>metadata.namespace as written (null when absent or empty).</summary>
    public string? WrittenNamespace => Metadata?.String("namespace") is { Length: > 0 } ns ? ns : null;

    /// <summary>Where the object starts: its first line.</summary>
    public SourceLocation Location
    {
        get
        {
            var (line, _) = Source.GetLineColumn(Root.Start);
            var lineEnd = Source.GetOffset(line, 1) + Source.GetLine(line).Length;
            return new SourceLocation(Source, TextSpan.FromBounds(Root.Start, Math.Max(Root.Start, lineEnd)));
        }
    }

    /// <summary>The location of the value at a path of keys and indexes below the root, or the object's.</summary>
    public SourceLocation At(params object[] path) => ManifestDocuments.Find(Root, path)?.Location ?? Location;
}

/// <summary>
/// Splits manifest files into Kubernetes objects the way kubectl's stream decoder does (JSON when the stream starts
/// with '{', YAML otherwise; `List` kinds read item by item), and turns an object into KubernetesClient's typed model
/// with unknown fields refused, as the API server's strict field validation (kubectl's default) refuses them.
/// </summary>
internal static class ManifestDocuments
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    // System.Text.Json's reflection resolver over KubernetesClient's models, in the native build too: that build roots
    // KubernetesClient whole and keeps reflection-based serialisation on (Privc.Cli.csproj), and .ci/native-check
    // runs privc check on every example with both builds. (A compile-time context was measured slower under JIT:
    // specs/benchmarks/results.md.)
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "KubernetesClient is rooted in the native build")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "reflection-based serialisation is enabled in the native build")]
    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            PropertyNameCaseInsensitive = false,
            MaxDepth = YamlManifestParser.MaxDepth + 8,
        };
        options.Converters.Add(new KubernetesJson.KubernetesDateTimeConverter());
        options.Converters.Add(new KubernetesJson.KubernetesDateTimeOffsetConverter());
        options.Converters.Add(new KubernetesJson.Iso8601TimeSpanConverter());
        options.MakeReadOnly();
        return options;
    }

    /// <summary>The objects of one file, in order; problems become diagnostics (a syntax error ends the file).</summary>
    public static List<ManifestObject> Split(SourceText source, List<Diagnostic> diagnostics)
    {
        var (documents, error) = JsonManifestParser.IsJson(source.Text) ? JsonManifestParser.Parse(source) : YamlManifestParser.Parse(source);
        if (error is not null)
        {
            diagnostics.Add(error);
            return [];
        }
        var objects = new List<ManifestObject>();
        foreach (var document in documents)
        {
            if (document is ManifestMap map)
            {
                Add(map);
            }
            else
            {
                diagnostics.Add(DiagnosticCatalogue.ManifestNotAnObject(document.Location, "it is not a mapping"));
            }
        }
        return objects;

        void Add(ManifestMap root)
        {
            var apiVersion = root.String("apiVersion");
            var kind = root.String("kind");
            if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
            {
                diagnostics.Add(DiagnosticCatalogue.ManifestNotAnObject(root.Location, "it has no apiVersion or no kind"));
                return;
            }
            if (IsList(kind, root))
            {
                // kubectl get -o yaml wraps objects in a List (or a typed list such as DeploymentList).
                foreach (var item in (root["items"] as ManifestList)?.Items ?? [])
                {
                    if (item is ManifestMap mapping)
                    {
                        Add(mapping);
                    }
                    else
                    {
                        diagnostics.Add(DiagnosticCatalogue.ManifestNotAnObject(item.Location, "a list item is not a mapping"));
                    }
                }
                return;
            }
            objects.Add(new ManifestObject(root, apiVersion, kind, 0));
        }
    }

    /// <summary>kubectl reads a <c>List</c> and a typed list (kind ending in List, with items) item by item.</summary>
    private static bool IsList(string kind, ManifestMap root) =>
        kind == "List" || (kind.EndsWith("List", StringComparison.Ordinal) && root["items"] is not null);

    /// <summary>The object as a typed model, or null with a PRIV5003 at the offending field.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "KubernetesClient is rooted in the native build")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "reflection-based serialisation is enabled in the native build")]
    public static T? Deserialize<T>(ManifestObject manifest, List<Diagnostic> diagnostics)
        where T : class
    {
        try
        {
            var value = manifest.Root.ToJson().Deserialize<T>(Options);
            if (value is null)
            {
                diagnostics.Add(DiagnosticCatalogue.ManifestMalformedObject(manifest.Location, manifest.Kind, manifest.DisplayName, "it is empty"));
                return null;
            }
            GoZeroValues.Fill(value);
            return value;
        }
        catch (JsonException e)
        {
            var at = e.Path is { } path ? FindPath(manifest.Root, path) : null;
            diagnostics.Add(DiagnosticCatalogue.ManifestMalformedObject(at?.Location ?? manifest.Location, manifest.Kind, manifest.DisplayName, Problem(e, at)));
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            // KubernetesClient's own converters (IntOrString, quantities) throw these without a JSON path.
            diagnostics.Add(DiagnosticCatalogue.ManifestMalformedObject(manifest.Location, manifest.Kind, manifest.DisplayName, $"a value has the wrong form ({e.Message.TrimEnd('.')})"));
        }
        return null;
    }

    private static string Problem(JsonException e, ManifestNode? at)
    {
        if (at is ManifestScalar { Kind: ScalarKind.Bool or ScalarKind.Number } scalar && e.Message.Contains("System.String", StringComparison.Ordinal))
        {
            // YAML 1.1 as kubectl reads it: y, yes, on, 0x10, 010 are not text. The API server rejects the object.
            var text = scalar.Source.ToString(new TextSpan(scalar.Start, Math.Max(0, scalar.End - scalar.Start)));
            return $"'{text}' is read by kubectl as the {(scalar.Kind == ScalarKind.Bool ? "boolean" : "number")} {scalar.Text}, not as text; quote it (the API server rejects the object as it is)";
        }
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = (cut > 0 ? message[..cut] : message).TrimEnd(' ', '.');
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var name = e.Path is { } p ? p[(p.LastIndexOfAny(['.', '[']) + 1)..].Trim('\'', ']') : "?";
            return $"unknown field '{name}' (the API server's strict field validation, kubectl's default, rejects the object)";
        }
        return message;
    }

    /// <summary>The node at a JSON path of System.Text.Json's form ($.a.b[0]['c.d']), as far as it exists.</summary>
    internal static ManifestNode? FindPath(ManifestNode root, string path)
    {
        var segments = new List<object>();
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                segments.Add(path[(i + 2)..end]);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                end = end < 0 ? path.Length : end;
                segments.Add(int.TryParse(path[(i + 1)..end], System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : -1);
                i = end + 1;
            }
            else
            {
                i++;
            }
        }
        return Find(root, segments.ToArray(), deepest: true);
    }

    /// <summary>The node at a path of keys (strings) and indexes (ints); null when it does not exist.</summary>
    public static ManifestNode? Find(ManifestNode root, object[] path) => Find(root, path, deepest: false);

    private static ManifestNode? Find(ManifestNode root, object[] path, bool deepest)
    {
        var node = root;
        foreach (var segment in path)
        {
            ManifestNode? next = (node, segment) switch
            {
                (ManifestMap map, string key) => map[key],
                (ManifestList list, int index) when index >= 0 && index < list.Items.Count => list.Items[index],
                _ => null,
            };
            if (next is null)
            {
                return deepest ? node : null;
            }
            node = next;
        }
        return node;
    }
}
