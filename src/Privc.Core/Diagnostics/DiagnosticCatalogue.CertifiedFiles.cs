namespace Privc.Diagnostics;

// 8017: the files a certificate's digest covers, re-hashed by privc certify (specs/encoding.md section 17).
public static partial class DiagnosticCatalogue
{
    public static partial class Codes
    {
        public static readonly DiagnosticDescriptor CertifiedFilesChanged = new("PRIV8017", Severity.Error, "The folder's certified files no longer have the digest its artifacts were stamped with");
    }

    public static Diagnostic CertifiedFilesChanged(string path, string cited, string found) =>
        AtFile(Codes.CertifiedFilesChanged, path,
            $"the artifacts were stamped with certificate {cited}, but plan.json, certificate/ and onos/groups.json now digest to {found}: one of them was changed after compile (deploy refuses the folder for the same reason); compile again");
}
