using Privc.Diagnostics;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// The objects a cluster holds after <c>kubectl apply</c> of the manifests, in order. kubectl applies every object
/// it reads, one after the other (k8s.io/kubectl pkg/cmd/apply, <c>Run</c>), and never merges duplicates: an object
/// with the same group, kind, namespace and name as an earlier one is applied over it, and apply's three-way merge
/// leaves the later object's content (fields only the earlier one set are removed). So the later object replaces
/// the earlier. Pods and Jobs are the exception: their pod template cannot change, the second apply fails, and
/// which of the two runs depends on the cluster; check keeps both and says it cannot judge which.
/// </summary>
internal static class ApplySet
{
    public sealed record Result(List<ManifestObject> Objects, List<(ManifestObject Replaced, ManifestObject By)> Replacements);

    public static Result Resolve(IEnumerable<ManifestObject> ordered, string defaultNamespace, List<Diagnostic> diagnostics)
    {
        var byIdentity = new Dictionary<string, int>(StringComparer.Ordinal);
        var slots = new List<ManifestObject?>();
        var replacements = new List<(ManifestObject, ManifestObject)>();
        foreach (var manifest in ordered)
        {
            if (manifest.Name is null)
            {
                slots.Add(manifest); // reported where it is read; it has no identity to clash on
                continue;
            }
            var key = Identity(manifest, defaultNamespace);
            if (!byIdentity.TryGetValue(key, out var index))
            {
                byIdentity[key] = slots.Count;
                slots.Add(manifest);
                continue;
            }
            var earlier = slots[index]!;
            if (manifest.Kind is "Pod" or "Job" && !SameSpec(earlier, manifest))
            {
                diagnostics.Add(DiagnosticCatalogue.CheckImmutableReapplied(manifest.Location, manifest.Kind, manifest.DisplayName, earlier.Location.Display));
                slots.Add(manifest);
                continue;
            }
            replacements.Add((earlier, manifest));
            // The later object takes the earlier one's place in the order: what is judged is what exists at the end.
            slots[index] = manifest;
        }
        return new Result(slots.OfType<ManifestObject>().ToList(), replacements);
    }

    /// <summary>group/kind/namespace/name; kubectl drops the namespace of cluster-scoped kinds and fills in its own for the rest.</summary>
    public static string Identity(ManifestObject manifest, string defaultNamespace)
    {
        var ns = KubernetesKinds.IsClusterScoped(manifest.Kind) ? string.Empty : manifest.WrittenNamespace ?? defaultNamespace;
        return $"{manifest.Group}\u0001{manifest.Kind}\u0001{ns}\u0001{manifest.Name}";
    }

    private static bool SameSpec(ManifestObject a, ManifestObject b) =>
        (a.Root["spec"]?.ToJson()?.ToJsonString() ?? string.Empty) == (b.Root["spec"]?.ToJson()?.ToJsonString() ?? string.Empty);
}
