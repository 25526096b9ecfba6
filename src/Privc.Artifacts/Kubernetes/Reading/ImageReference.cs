namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// The repository an image reference names, as container runtimes resolve it (the distribution reference grammar):
/// the first path component is a registry only when it has a '.' or ':' or is <c>localhost</c>, otherwise the
/// registry is docker.io, where a one-component name lives under <c>library/</c>; the tag and digest are dropped.
/// Two workloads run the same software when their repositories are equal, whatever tag or digest they pin.
/// </summary>
internal static class ImageReference
{
    public static string Repository(string image)
    {
        var reference = image.Trim();
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            reference = reference[..at];
        }
        var lastSlash = reference.LastIndexOf('/');
        var colon = reference.LastIndexOf(':');
        if (colon > lastSlash)
        {
            reference = reference[..colon];
        }
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        string registry;
        string path;
        if (slash > 0 && (reference[..slash].Contains('.', StringComparison.Ordinal) || reference[..slash].Contains(':', StringComparison.Ordinal) || reference[..slash] == "localhost"))
        {
            registry = reference[..slash].ToLowerInvariant();
            path = reference[(slash + 1)..];
        }
        else
        {
            registry = "docker.io";
            path = reference;
        }
        if (registry is "docker.io" or "index.docker.io" or "registry-1.docker.io")
        {
            registry = "docker.io";
            if (!path.Contains('/', StringComparison.Ordinal))
            {
                path = "library/" + path;
            }
        }
        return registry + "/" + path;
    }
}
