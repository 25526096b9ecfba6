using System.Text.Json;
using Privc.Artifacts;
using Privc.Artifacts.Emit;
using Privc.Artifacts.Onos;
using Privc.Diagnostics;

namespace Privc.Cli.Commands;

/// <summary>
/// What <c>privc certify</c> checks besides the obligations: that the files the certificate digest covers (plan.json,
/// certificate/, a resilient plan's onos/groups.json) still digest to what compile stamped its artifacts with, as
/// <c>certificate/artifacts-check.json</c> records it. A replayed obligation proves the plan; this ties the plan and
/// the groups a deploy would install to that proof (fast-failover groups cite nothing themselves).
/// </summary>
internal static class CertifiedFiles
{
    /// <summary>The mismatch, or null when the digests agree or the folder has no artifacts-check record (a certificate alone).</summary>
    public static Diagnostic? Mismatch(string folder)
    {
        var record = Path.Combine(folder, DeploymentArtifacts.ArtifactCheckFile);
        if (!File.Exists(record))
        {
            return null;
        }
        string? cited;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(record));
            cited = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("certificate", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException e)
        {
            return DiagnosticCatalogue.CertificateMalformed(record, $"it is not JSON ({e.Message})");
        }
        if (cited is null)
        {
            return DiagnosticCatalogue.CertificateMalformed(record, "it names no 'certificate' digest");
        }
        var found = CertificateWriter.Digest(Read(folder));
        return found == cited ? null : DiagnosticCatalogue.CertifiedFilesChanged(record, cited, found);
    }

    /// <summary>Every file of the folder the digest may cover (the digest itself picks them by path).</summary>
    private static OutputBundle Read(string folder)
    {
        var bundle = OutputBundle.Empty;
        var candidates = new[] { "plan.json", OnosEmitter.GroupsPath }
            .Concat(Directory.Exists(Path.Combine(folder, "certificate"))
                ? Directory.EnumerateFiles(Path.Combine(folder, "certificate"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
                : []);
        foreach (var relative in candidates.Order(StringComparer.Ordinal))
        {
            var full = Path.Combine(folder, relative);
            if (File.Exists(full))
            {
                bundle = bundle.With(relative, File.ReadAllText(full));
            }
        }
        return bundle;
    }
}
