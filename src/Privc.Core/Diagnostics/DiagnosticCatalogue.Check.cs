using Privc.Text;

namespace Privc.Diagnostics;

/// <summary>
/// 5100-5199: what <c>privc check</c> cannot judge (specs/check.md). Every one is a warning located at the file,
/// line and column of what cannot be judged, says why and what to do instead, and makes the exit 5 ("not judged")
/// unless there are errors (1) or violations (4). 5100-5149 are the Kubernetes side and the verdict (this file);
/// 5150-5199 are the ONOS side (flow rules), listed with the ONOS codes.
/// </summary>
public static partial class DiagnosticCatalogue
{
    public const int CannotJudgeFirst = 5100;
    public const int CannotJudgeLast = 5199;

    public static partial class Codes
    {
        public static readonly DiagnosticDescriptor CheckRoutesNotJudged = new("PRIV5100", Severity.Warning, "Network conditions of an intent not judged without flow rules");
        public static readonly DiagnosticDescriptor CheckNothingToJudge = new("PRIV5101", Severity.Warning, "No intent to judge");
        public static readonly DiagnosticDescriptor CheckKustomization = new("PRIV5102", Severity.Warning, "Manifests that must be rendered first");
        public static readonly DiagnosticDescriptor CheckKindNotJudged = new("PRIV5103", Severity.Warning, "Object of a kind privc does not judge");
        public static readonly DiagnosticDescriptor CheckHostNetwork = new("PRIV5104", Severity.Warning, "A program workload uses the host's network");
        public static readonly DiagnosticDescriptor CheckNodeLabelUnknown = new("PRIV5105", Severity.Warning, "Placement depends on node labels privc does not know");
        public static readonly DiagnosticDescriptor CheckPolicyUnknown = new("PRIV5106", Severity.Warning, "Allowed traffic depends on facts privc does not know");
        public static readonly DiagnosticDescriptor CheckOwnerMissing = new("PRIV5107", Severity.Warning, "A pod's controller is not in the manifests");
        public static readonly DiagnosticDescriptor CheckImmutableReapplied = new("PRIV5108", Severity.Warning, "An immutable object is applied twice with different content");
        public static readonly DiagnosticDescriptor CheckVolumeNotJudged = new("PRIV5109", Severity.Warning, "A program workload keeps data off its node");
        public static readonly DiagnosticDescriptor CheckSchedulingNotJudged = new("PRIV5110", Severity.Warning, "Scheduling privc cannot reproduce");
    }

    /// <summary>Whether a diagnostic is a cannot-judge finding: a warning in PRIV5100-PRIV5199.</summary>
    public static bool IsCannotJudge(Diagnostic diagnostic) =>
        diagnostic.Severity == Severity.Warning
        && diagnostic.Code.Length == 8
        && int.TryParse(diagnostic.Code.AsSpan(4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
        && number is >= CannotJudgeFirst and <= CannotJudgeLast;

    public static Diagnostic CheckRoutesNotJudged(SourceLocation location, string intent, string what) =>
        At(Codes.CheckRoutesNotJudged, location,
            $"intent '{intent}' is not judged on {what}: no flow rules were given; pass --flows FILE (the ONOS flow rules), or --placement-only to judge placements and network policy alone");

    public static Diagnostic CheckNothingToJudge(string path) =>
        AtFile(Codes.CheckNothingToJudge, path,
            "the intent files state no intent with a condition on deployments, so no privacy intent was judged; give the files that hold the intents");

    public static Diagnostic CheckKustomization(SourceLocation location, string path) =>
        At(Codes.CheckKustomization, location,
            $"'{path}' is a kustomization: kubectl apply -k applies what kustomize renders from it, not these files as they are; check the rendered output instead: kustomize build DIR | privc check ... --manifests -");

    public static Diagnostic CheckHelmChart(SourceLocation location, string path) =>
        At(Codes.CheckKustomization, location,
            $"'{path}' belongs to a Helm chart: its templates are not manifests until rendered; check the rendered output instead: helm template RELEASE CHART | privc check ... --manifests -");

    public static Diagnostic CheckKindNotJudged(SourceLocation location, string apiVersion, string kind, string name, string why) =>
        At(Codes.CheckKindNotJudged, location, $"{apiVersion} {kind} '{name}' is not judged: {why}");

    public static Diagnostic CheckHostNetwork(SourceLocation location, string workload) =>
        At(Codes.CheckHostNetwork, location,
            $"{workload} runs a program service with hostNetwork: true; Kubernetes leaves NetworkPolicy for such pods to the network plugin (many do not apply it), so its allowed traffic cannot be judged; drop hostNetwork");

    public static Diagnostic CheckHostPort(SourceLocation location, string workload, int port) =>
        At(Codes.CheckHostNetwork, location,
            $"{workload} runs a program service with hostPort {port}: the node's port {port} forwards to the pod, and whether NetworkPolicies apply to that traffic depends on the network plugin's port mapping; drop hostPort");

    public static Diagnostic CheckNodeLabelUnknown(SourceLocation location, string workload, string keys, string nodes) =>
        At(Codes.CheckNodeLabelUnknown, location,
            $"where {workload} may run depends on node label(s) {keys}, which privc does not know on node(s) {nodes}; add them to the topology's node labels, or pass the cluster's Node objects with --nodes (kubectl get nodes -o yaml)");

    public static Diagnostic CheckPolicyUnknown(SourceLocation location, string why) =>
        At(Codes.CheckPolicyUnknown, location, $"which traffic the NetworkPolicies allow cannot be judged: {why}");

    public static Diagnostic CheckOwnerMissing(SourceLocation location, string workload, string ownerKind, string ownerName) =>
        At(Codes.CheckOwnerMissing, location,
            $"{workload} is controlled by {ownerKind} '{ownerName}', which the manifests do not hold, so privc cannot tell how many pods that controller runs or where; include it (for a live dump: kubectl get deploy,rs,sts,ds,job,cronjob,rc,pod,netpol -A -o yaml)");

    public static Diagnostic CheckImmutableReapplied(SourceLocation location, string kind, string name, string earlier) =>
        At(Codes.CheckImmutableReapplied, location,
            $"{kind} '{name}' is applied again here with another spec (first at {earlier}); its pod template cannot change, so the second apply fails and which one runs depends on the cluster; keep one");

    public static Diagnostic CheckVolumeNotJudged(SourceLocation location, string workload, string volume, string kind) =>
        At(Codes.CheckVolumeNotJudged, location,
            $"{workload} mounts volume '{volume}' ({kind}), whose storage may be anywhere, and privc judges only where pods run; keep program data in emptyDir or hostPath volumes, or judge the storage's location yourself");

    public static Diagnostic CheckSchedulingNotJudged(SourceLocation location, string workload, string why) =>
        At(Codes.CheckSchedulingNotJudged, location, $"where {workload} may run cannot be judged: {why}");
}
