using Privc.Text;

namespace Privc.Diagnostics;

// 5001-5019 and 5040-5059: reading Kubernetes manifests back for `privc check` (specs/kubernetes.md, specs/check.md).
// Every diagnostic is located at the YAML or JSON position of the document or field it is about. 5020-5039 and
// 5060-5079 are ONOS's (DiagnosticCatalogue.Onos.cs); what check cannot judge is 51xx (DiagnosticCatalogue.Check.cs).
// PRIV5007 (an ipBlock peer taken to admit no pod) is retired: an ipBlock is now judged as a party outside the program.
public static partial class DiagnosticCatalogue
{
    public static partial class Codes
    {
        public static readonly DiagnosticDescriptor ManifestSyntax = new("PRIV5001", Severity.Error, "Manifest is not well-formed YAML");
        public static readonly DiagnosticDescriptor ManifestNotAnObject = new("PRIV5002", Severity.Error, "Manifest document is not a Kubernetes object");
        public static readonly DiagnosticDescriptor ManifestMalformedObject = new("PRIV5003", Severity.Error, "Kubernetes object is malformed");
        public static readonly DiagnosticDescriptor ManifestUnknownNode = new("PRIV5004", Severity.Error, "Placement names a node not in the topology");
        public static readonly DiagnosticDescriptor ManifestDuplicateWorkload = new("PRIV5005", Severity.Warning, "Two workloads run the same service");
        public static readonly DiagnosticDescriptor ManifestPlacementUndetermined = new("PRIV5006", Severity.Warning, "The scheduler, not the manifest, decides the placement");
        public static readonly DiagnosticDescriptor ManifestDuplicateKey = new("PRIV5008", Severity.Error, "A key is given twice in one mapping");
        public static readonly DiagnosticDescriptor ManifestTooDeep = new("PRIV5009", Severity.Error, "Manifest nested too deep");
        public static readonly DiagnosticDescriptor ManifestAliasBomb = new("PRIV5010", Severity.Error, "YAML aliases expand to too many values");
        public static readonly DiagnosticDescriptor ManifestUnsupportedTag = new("PRIV5011", Severity.Error, "YAML tag kubectl does not read as a plain value");
        public static readonly DiagnosticDescriptor CheckClusterStateKind = new("PRIV5040", Severity.Warning, "Cluster state file holds an object that is not a cluster fact");
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
        At(Codes.ManifestDuplicateWorkload, location, $"{kind} '{name}' runs service '{service}', which {first} already runs; both run replicas (a W1 violation)");

    public static Diagnostic ManifestPlacementUndetermined(SourceLocation location, string kind, string name, string service, string reason) =>
        At(Codes.ManifestPlacementUndetermined, location,
            $"{kind} '{name}' does not determine where service '{service}' runs: {reason}; the placement is taken as every node the scheduler may choose, and it cannot be proven compliant");

    public static Diagnostic ManifestDuplicateKey(SourceLocation location, string key, string first) =>
        At(Codes.ManifestDuplicateKey, location,
            $"key '{key}' is given again here (first at {first}); kubectl would silently keep the last value, so privc refuses to guess which one was meant");

    public static Diagnostic ManifestTooDeep(SourceLocation location, int limit) =>
        At(Codes.ManifestTooDeep, location, $"the manifest nests deeper than {limit} levels here; Kubernetes objects never need that many");

    public static Diagnostic ManifestAliasBomb(SourceLocation location, long limit) =>
        At(Codes.ManifestAliasBomb, location, $"YAML aliases expand this file to more than {limit} values; it is not read");

    public static Diagnostic ManifestUnsupportedTag(SourceLocation location, string tag) =>
        At(Codes.ManifestUnsupportedTag, location, $"YAML tag '{tag}' is not one kubectl turns into a plain JSON value (use !!str, !!int, !!float, !!bool, !!null, !!map, !!seq or none)");

    public static Diagnostic CheckClusterStateKind(SourceLocation location, string apiVersion, string kind) =>
        At(Codes.CheckClusterStateKind, location,
            $"the cluster state (--nodes) is read for Node, Namespace and RuntimeClass objects; this {apiVersion} {kind} is not read from it (give objects to apply with --manifests)");
}
