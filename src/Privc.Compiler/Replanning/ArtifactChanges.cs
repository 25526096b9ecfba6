using System.Collections.Immutable;
using Privc.Artifacts.Emit;

namespace Privc.Compiler.Replanning;

/// <summary>
/// Which deployment artifacts (kubernetes/, onos/) a replan changes. Every emitted object is stamped with the
/// certificate's digest, which changes with any plan; two files that differ only in that stamp are the same artifact,
/// so the digests are masked before comparing (specs/output.md, "replan").
/// </summary>
public static class ArtifactChanges
{
    private static readonly string[] ArtifactFolders = ["kubernetes/", "onos/"];

    /// <summary>The artifact files added, changed or removed from the reference output to the new one, sorted by path.</summary>
    public static ImmutableArray<ChangedFile> Compare(OutputBundle reference, OutputBundle current)
    {
        var oldDigest = Digest(reference);
        var newDigest = CertificateWriter.Digest(current);
        var result = new List<ChangedFile>();
        foreach (var (path, content) in current.Files.Where(f => IsArtifact(f.Key)))
        {
            if (!reference.Files.TryGetValue(path, out var old))
            {
                result.Add(new ChangedFile(path, "added"));
            }
            else if (Mask(old, oldDigest) != Mask(content, newDigest))
            {
                result.Add(new ChangedFile(path, "changed"));
            }
        }
        result.AddRange(reference.Files.Keys.Where(p => IsArtifact(p) && !current.Files.ContainsKey(p)).Select(p => new ChangedFile(p, "removed")));
        return [.. result.OrderBy(f => f.Path, StringComparer.Ordinal)];
    }

    /// <summary>What a replan writes: plan.json and the certificate (the proof of the new plan, whole), and the added or changed artifacts.</summary>
    public static OutputBundle Emitted(OutputBundle current, ImmutableArray<ChangedFile> changes)
    {
        var keep = changes.Where(c => c.Status != "removed").Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        var emitted = OutputBundle.Empty;
        foreach (var (path, content) in current.Files.Where(f => !IsArtifact(f.Key) || keep.Contains(f.Key)))
        {
            emitted = emitted.With(path, content);
        }
        return emitted;
    }

    private static bool IsArtifact(string path) => ArtifactFolders.Any(f => path.StartsWith(f, StringComparison.Ordinal));

    /// <summary>The digest the reference output's artifacts carry (that of its plan and certificate as read).</summary>
    private static string Digest(OutputBundle reference) => CertificateWriter.Digest(reference);

    /// <summary>
    /// The digest appears whole ("sha256:" and 64 hex digits) in annotations and as its first 12 hex digits in ONOS
    /// intent keys (specs/onos.md); both are masked.
    /// </summary>
    private static string Mask(string content, string digest)
    {
        var hex = digest.StartsWith("sha256:", StringComparison.Ordinal) ? digest["sha256:".Length..] : digest;
        return content.Replace(digest, "<certificate>", StringComparison.Ordinal).Replace(hex[..Math.Min(12, hex.Length)], "<certificate>", StringComparison.Ordinal);
    }
}
