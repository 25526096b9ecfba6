using System.Collections.Immutable;
using System.Text.Json;
using k8s;
using k8s.Models;
using Privc.Artifacts.Kubernetes;
using Privc.Artifacts.Onos;
using Privc.Diagnostics;
using Privc.Artifacts.Emit;
using Privc.Parsing;
using Privc.Text;

namespace Privc.Live;

/// <summary>One Kubernetes object of a compile output, in the order <c>privc deploy</c> applies it.</summary>
public sealed record ManifestObject(string File, string Kind, string Name, string? Namespace, IKubernetesObject<V1ObjectMeta> Model)
{
    /// <summary>How reports name the object: <c>Kind/namespace/name</c> or <c>Kind/name</c>.</summary>
    public string Display => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}

/// <summary>A compile output folder read back for deployment: its recomputed digest, objects and flow rules.</summary>
public sealed record DeployFolder(
    string Path,
    string Digest,
    ImmutableArray<ManifestObject> Objects,
    ImmutableArray<ManifestObject> NodeSetup,
    string FlowsJson,
    int FlowCount)
{
    /// <summary>onos/groups.json of a resilient plan (fast-failover groups the flow rules send to), or null.</summary>
    public string? GroupsJson { get; init; }
}

/// <summary>What <see cref="DeployFolderReader.Read"/> found: the folder, or errors; <see cref="Tampered"/> when the digest check failed.</summary>
public sealed record DeployFolderResult(DeployFolder? Folder, ImmutableArray<Diagnostic> Diagnostics, bool Tampered);

/// <summary>
/// Reads a <c>privc compile</c> output folder and refuses it unless every artifact cites the certificate the folder's
/// own plan and proof digest to: the digest is recomputed with <see cref="CertificateWriter.Digest"/> over
/// <c>plan.json</c>, the <c>certificate/</c> files and <c>onos/groups.json</c> when present, then compared with every object's
/// <c>privc.io/certificate</c> annotation (and its pod template's) and the key of every intent in <c>onos/intents/</c>.
/// </summary>
public static class DeployFolderReader
{
    /// <summary>The kinds privc emits and deploy applies; anything else in kubernetes/ is refused.</summary>
    public static readonly ImmutableArray<string> Kinds = ["Namespace", "Node", "NetworkPolicy", "Service", "Deployment"];

    public static DeployFolderResult Read(string folder)
    {
        var diagnostics = new List<Diagnostic>();
        if (!Directory.Exists(folder))
        {
            return Fail(LiveDiagnostics.DeployFolderInvalid(folder, "it does not exist or is not a folder"));
        }
        var bundle = OutputBundle.Empty;
        foreach (var required in new[] { "plan.json", "certificate/answers.json", "certificate/checker.json", OnosEmitter.FlowsPath })
        {
            var full = System.IO.Path.Combine(folder, required);
            if (!File.Exists(full))
            {
                return Fail(LiveDiagnostics.DeployFolderInvalid(folder, $"it has no {required}"));
            }
            var (text, error) = SourceReader.ReadFile(full);
            if (text is null)
            {
                return Fail(error!);
            }
            bundle = bundle.With(required, text.Text);
        }
        var facts = System.IO.Path.Combine(folder, CertificateWriter.RouteFactsFile);
        if (File.Exists(facts))
        {
            bundle = bundle.With(CertificateWriter.RouteFactsFile, File.ReadAllText(facts));
        }
        var obligations = System.IO.Path.Combine(folder, "certificate", "obligations");
        if (Directory.Exists(obligations))
        {
            foreach (var file in FolderWalker.Files(obligations, recursive: false, _ => true, diagnostics))
            {
                var (text, error) = SourceReader.ReadFile(file);
                if (text is null)
                {
                    return Fail(error!);
                }
                bundle = bundle.With("certificate/obligations/" + System.IO.Path.GetFileName(file), text.Text);
            }
        }
        var kubernetes = System.IO.Path.Combine(folder, "kubernetes");
        if (!Directory.Exists(kubernetes))
        {
            return Fail(LiveDiagnostics.DeployFolderInvalid(folder, "it has no kubernetes/ folder"));
        }
        // A resilient plan's groups are part of the digest: groups edited after compile no longer match the objects' citation.
        string? groupsJson = null;
        var groupsPath = System.IO.Path.Combine(folder, OnosEmitter.GroupsPath);
        if (File.Exists(groupsPath))
        {
            var (groups, groupsError) = SourceReader.ReadFile(groupsPath);
            if (groups is null)
            {
                return Fail(groupsError!);
            }
            groupsJson = groups.Text;
            bundle = bundle.With(OnosEmitter.GroupsPath, groupsJson);
        }
        var digest = CertificateWriter.Digest(bundle);
        var tampered = false;

        var objects = new List<ManifestObject>();
        var files = FolderWalker.Files(kubernetes, recursive: true, f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal), diagnostics)
            .Select(f => System.IO.Path.GetRelativePath(folder, f).Replace('\\', '/'))
            // The kustomization is for `kubectl apply -k`; it lists the files read here and is no object to apply.
            .Where(f => f != KustomizationFile.Path)
            .Order(StringComparer.Ordinal);
        foreach (var relative in files)
        {
            List<object> models;
            var (source, readError) = SourceReader.ReadFile(System.IO.Path.Combine(folder, relative));
            if (source is null)
            {
                diagnostics.Add(readError!);
                continue;
            }
            // kubectl's reading first (depth, aliases, duplicate keys): KubernetesClient's own YAML reader recurses without limit.
            if (KubernetesReader.Parse(source).FirstOrDefault(d => d.IsError) is { } unreadable)
            {
                diagnostics.Add(unreadable);
                continue;
            }
            try
            {
                models = KubernetesYaml.LoadAllFromString(source.Text);
            }
            catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException or FormatException or KeyNotFoundException)
            {
                diagnostics.Add(LiveDiagnostics.DeployManifestUnreadable(relative, $"the file cannot be read as Kubernetes objects: {e.Message.TrimEnd('.')}"));
                continue;
            }
            foreach (var model in models)
            {
                if (model is not IKubernetesObject<V1ObjectMeta> typed || typed.Metadata?.Name is not { Length: > 0 } name || !Kinds.Contains(typed.Kind))
                {
                    var kind = (model as IKubernetesObject)?.Kind ?? model?.GetType().Name ?? "empty document";
                    diagnostics.Add(LiveDiagnostics.DeployManifestUnreadable(relative,
                        $"a {kind} object without a name or of a kind privc does not deploy (it deploys {string.Join(", ", Kinds)})"));
                    continue;
                }
                var item = new ManifestObject(relative, typed.Kind, name, typed.Metadata.NamespaceProperty, typed);
                foreach (var (where, cited) in Citations(typed))
                {
                    if (cited != digest)
                    {
                        diagnostics.Add(LiveDiagnostics.DeployCertificateMismatch(relative, $"{item.Display}{where}", cited ?? "nothing", digest));
                        tampered = true;
                    }
                }
                objects.Add(item);
            }
        }

        var flowsJson = bundle.Files[OnosEmitter.FlowsPath];
        var flowCount = 0;
        try
        {
            using var flows = JsonDocument.Parse(flowsJson);
            flowCount = flows.RootElement.GetProperty("flows").GetArrayLength();
            var prefix = OnosIntents.KeyPrefix(digest);
            var intentsFolder = System.IO.Path.Combine(folder, OnosEmitter.IntentsFolder);
            var intentFiles = Directory.Exists(intentsFolder)
                ? FolderWalker.Files(intentsFolder, recursive: false, f => f.EndsWith(".json", StringComparison.Ordinal), diagnostics).Order(StringComparer.Ordinal).ToList()
                : [];
            foreach (var file in intentFiles)
            {
                var relative = OnosEmitter.IntentsFolder + System.IO.Path.GetFileName(file);
                var (text, error) = SourceReader.ReadFile(file);
                if (text is null)
                {
                    diagnostics.Add(error!);
                    continue;
                }
                using var intent = JsonDocument.Parse(text.Text);
                var key = intent.RootElement.ValueKind == JsonValueKind.Object && intent.RootElement.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : string.Empty;
                if (!key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    diagnostics.Add(LiveDiagnostics.DeployCertificateMismatch(relative, $"intent key '{key}'", key.Split(':').Skip(1).Take(2) is var parts && key.StartsWith("privc:", StringComparison.Ordinal) ? string.Join(":", parts) + "..." : "nothing", digest));
                    tampered = true;
                }
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            diagnostics.Add(LiveDiagnostics.DeployFolderInvalid(folder, $"{OnosEmitter.FlowsPath} or a file of {OnosEmitter.IntentsFolder} is not what privc compile writes: {e.Message.TrimEnd('.')}"));
        }
        if (objects.Count == 0 && diagnostics.Count == 0)
        {
            diagnostics.Add(LiveDiagnostics.DeployFolderInvalid(folder, "kubernetes/ holds no object"));
        }
        if (diagnostics.Any(d => d.IsError))
        {
            return new DeployFolderResult(null, diagnostics.Order().ToImmutableArray(), tampered);
        }
        var nodeSetup = objects.Where(o => o.Kind == "Node").ToImmutableArray();
        // Namespaces first (everything else lives in them), then the rest in file order.
        var ordered = objects.Where(o => o.Kind == "Namespace").Concat(objects.Where(o => o.Kind is not ("Namespace" or "Node"))).ToImmutableArray();
        return new DeployFolderResult(new DeployFolder(folder, digest, ordered, nodeSetup, flowsJson, flowCount) { GroupsJson = groupsJson }, [], false);

        DeployFolderResult Fail(Diagnostic d) => new(null, [d], false);
    }

    /// <summary>
    /// Every object cites the certificate in its own metadata. (Pod templates carry a digest of their placement
    /// instead, so that an unrelated recompile restarts nothing; specs/kubernetes.md.)
    /// </summary>
    private static IEnumerable<(string Where, string? Cited)> Citations(IKubernetesObject<V1ObjectMeta> model)
    {
        yield return (string.Empty, Annotation(model.Metadata.Annotations));
    }

    private static string? Annotation(IDictionary<string, string>? annotations) =>
        annotations is not null && annotations.TryGetValue(KubernetesNames.CertificateAnnotation, out var value) ? value : null;
}
