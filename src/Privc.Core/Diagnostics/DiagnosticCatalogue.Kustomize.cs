using Privc.Text;

namespace Privc.Diagnostics;

// Reading a kustomization that only lists resources (PRIV5200-PRIV5205; specs/check.md section 2). Each is an error:
// kustomize itself refuses such a folder, so `kubectl apply -k` deploys nothing from it.
public static partial class DiagnosticCatalogue
{
    public static partial class Codes
    {
        public static readonly DiagnosticDescriptor KustomizationMissingResource = new("PRIV5200", Severity.Error, "Kustomization lists a file the folder does not hold");
        public static readonly DiagnosticDescriptor KustomizationDuplicateResource = new("PRIV5201", Severity.Error, "Kustomization lists a file twice");
        public static readonly DiagnosticDescriptor KustomizationMalformed = new("PRIV5202", Severity.Error, "Kustomization kustomize cannot read");
        public static readonly DiagnosticDescriptor KustomizationSeveral = new("PRIV5203", Severity.Error, "Folder with several kustomization files");
    }

    public static Diagnostic KustomizationMissingResource(SourceLocation location, string file, string folder) =>
        At(Codes.KustomizationMissingResource, location, $"the kustomization lists '{file}', which '{folder}' does not hold as a file; kustomize build fails, so kubectl apply -k applies nothing");

    public static Diagnostic KustomizationDuplicateResource(SourceLocation location, string file) =>
        At(Codes.KustomizationDuplicateResource, location, $"the kustomization lists '{file}' twice; kustomize refuses the second copy of its objects, so kubectl apply -k applies nothing");

    public static Diagnostic KustomizationMalformed(SourceLocation location, string why) =>
        At(Codes.KustomizationMalformed, location, $"kustomize cannot read this kustomization: {why}");

    public static Diagnostic KustomizationSeveral(string folder, IEnumerable<string> files) =>
        AtFile(Codes.KustomizationSeveral, folder, $"'{folder}' holds several kustomization files ({string.Join(", ", files)}); kustomize refuses such a folder, so keep one");

    public static Diagnostic CheckKustomizationUnsupported(SourceLocation location, string path, string why) =>
        At(Codes.CheckKustomization, location,
            $"'{path}' is a kustomization privc cannot evaluate ({why}): kubectl apply -k applies what kustomize renders from it, not these files as they are; check the rendered output instead: kustomize build DIR | privc check ... --manifests -");

    public static Diagnostic CheckKustomizationOtherFiles(SourceLocation location, string path, string why) =>
        At(Codes.CheckKustomization, location,
            $"'{path}' is a kustomization, and {why}: kubectl apply -k and kubectl apply -f deploy different objects from this folder, so what runs depends on the command; the files were read as kubectl apply -f reads them, and the verdict cannot be compliant. List exactly the folder's manifests in `resources`, or check the rendered output: kustomize build DIR | privc check ... --manifests -");
}
