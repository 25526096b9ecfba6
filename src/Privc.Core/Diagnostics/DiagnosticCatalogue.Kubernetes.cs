using Privc.Text;

namespace Privc.Diagnostics;

// 50xx: reading Kubernetes manifests back for `privc check` (specs/kubernetes.md). Every diagnostic is located at the
// YAML position of the document or field it is about.
public static partial class DiagnosticCatalogue
{
    public static partial class Codes
    {
        public static readonly DiagnosticDescriptor ManifestSyntax = new("PRIV5001", Severity.Error, "Manifest is not well-formed YAML");
        public static readonly DiagnosticDescriptor ManifestNotAnObject = new("PRIV5002", Severity.Error, "Manifest document is not a Kubernetes object");
        public static readonly DiagnosticDescriptor ManifestMalformedObject = new("PRIV5003", Severity.Error, "Kubernetes object is malformed");
        public static readonly DiagnosticDescriptor ManifestUnknownNode = new("PRIV5004", Severity.Error, "Placement names a node not in the topology");
        public static readonly DiagnosticDescriptor ManifestDuplicateWorkload = new("PRIV5005", Severity.Error, "Two workloads run the same service");
        public static readonly DiagnosticDescriptor ManifestPlacementUndetermined = new("PRIV5006", Severity.Warning, "The scheduler, not the manifest, decides the placement");
        public static readonly DiagnosticDescriptor ManifestIpBlockIgnored = new("PRIV5007", Severity.Warning, "ipBlock peers are not judged");
    }

    public static Diagnostic ManifestSyntax(SourceLocation location, string problem) =>
        At(Codes.ManifestSyntax, location, $"the manifest is not well-formed YAML: {problem}");

    public static Diagnostic ManifestNotAnObject(SourceLocation location, string problem) =>
        At(Codes.ManifestNotAnObject, location, $"this document is not a Kubernetes object: {problem}");

    public static Diagnostic ManifestMalformedObject(SourceLocation location, string kind, string name, string problem) =>
        At(Codes.ManifestMalformedObject, location, $"{kind} '{name}' is malformed: {problem}");

    public static Diagnostic ManifestUnknownNode(SourceLocation location, string kind, string name, string node, string? suggestion) =>
        At(Codes.ManifestUnknownNode, location, $"{kind} '{name}' names node '{node}', which the topology does not have{Suggest(suggestion)}") with { Fix = FixHint.Suggestion(suggestion) };

    public static Diagnostic ManifestDuplicateWorkload(SourceLocation location, string kind, string name, string service, string first) =>
        At(Codes.ManifestDuplicateWorkload, location, $"{kind} '{name}' runs service '{service}', which {first} already runs");

    public static Diagnostic ManifestPlacementUndetermined(SourceLocation location, string kind, string name, string service, string reason) =>
        At(Codes.ManifestPlacementUndetermined, location,
            $"{kind} '{name}' does not determine where service '{service}' runs: {reason}; the placement is taken as every node the scheduler may choose, and it cannot be proven compliant");

    public static Diagnostic ManifestIpBlockIgnored(SourceLocation location, string name) =>
        At(Codes.ManifestIpBlockIgnored, location,
            $"NetworkPolicy '{name}' has an ipBlock peer; privc does not know pod addresses, so it takes the peer to admit no pod (a block covering pod addresses may allow flows privc does not see)");
}
