using Privc.Diagnostics;
namespace Privc.Live;

/// <summary>
/// 9xxx: the live clients (<c>privc deploy</c>, <c>privc topology pull</c>; specs/live.md). Server addresses are
/// shown without credentials; no message ever contains a password or token.
/// </summary>
public static class LiveDiagnostics
{
    public static class Codes
    {
        public static readonly DiagnosticDescriptor DeployFolderInvalid = new("PRIV9001", Severity.Error, "Folder is not a privc compile output");
        public static readonly DiagnosticDescriptor DeployCertificateMismatch = new("PRIV9002", Severity.Error, "Artifact does not cite the folder's certificate (tampered or stale)");
        public static readonly DiagnosticDescriptor DeployManifestUnreadable = new("PRIV9003", Severity.Error, "Kubernetes manifest cannot be deployed");
        public static readonly DiagnosticDescriptor KubeconfigInvalid = new("PRIV9004", Severity.Error, "Kubeconfig cannot be used");
        public static readonly DiagnosticDescriptor KubernetesUnreachable = new("PRIV9005", Severity.Error, "Kubernetes API server unreachable, too slow or failing");
        public static readonly DiagnosticDescriptor KubernetesUnauthorized = new("PRIV9006", Severity.Error, "Kubernetes API server refused the credentials");
        public static readonly DiagnosticDescriptor KubernetesDryRunRejected = new("PRIV9007", Severity.Error, "Kubernetes rejected an object in the dry run; nothing applied");
        public static readonly DiagnosticDescriptor KubernetesApplyRejected = new("PRIV9008", Severity.Error, "Kubernetes rejected an object in the real apply");
        public static readonly DiagnosticDescriptor KubernetesMalformedAnswer = new("PRIV9009", Severity.Error, "Kubernetes API server answer is malformed");
        public static readonly DiagnosticDescriptor OnosInvalidUrl = new("PRIV9010", Severity.Error, "ONOS URL is not an http(s) URL");
        public static readonly DiagnosticDescriptor OnosUnreachable = new("PRIV9011", Severity.Error, "ONOS unreachable or too slow");
        public static readonly DiagnosticDescriptor OnosUnauthorized = new("PRIV9012", Severity.Error, "ONOS refused the credentials");
        public static readonly DiagnosticDescriptor OnosRequestRejected = new("PRIV9013", Severity.Error, "ONOS rejected the request");
        public static readonly DiagnosticDescriptor OnosMalformedAnswer = new("PRIV9014", Severity.Error, "ONOS answer is malformed");
        public static readonly DiagnosticDescriptor OnosFlowCountMismatch = new("PRIV9015", Severity.Error, "ONOS accepted a different number of flow rules than were sent");
        public static readonly DiagnosticDescriptor NodeSetupSkipped = new("PRIV9016", Severity.Info, "Node labels and taints not applied without --label-nodes");
        public static readonly DiagnosticDescriptor PullSelfAssignableLabel = new("PRIV9017", Severity.Warning, "Privacy fact read from a label kubelets may set themselves");
        public static readonly DiagnosticDescriptor PullNodeNotAttached = new("PRIV9018", Severity.Warning, "Kubernetes node has no ONOS host; left out");
        public static readonly DiagnosticDescriptor PullDefaultLatency = new("PRIV9019", Severity.Info, "Links without a latency annotation use the default latency");
        public static readonly DiagnosticDescriptor PullUnpairedLink = new("PRIV9020", Severity.Warning, "ONOS link has no reverse direction; left out");
        public static readonly DiagnosticDescriptor PullIgnoredValue = new("PRIV9021", Severity.Warning, "ONOS or Kubernetes value ignored");
        public static readonly DiagnosticDescriptor PullNoNodes = new("PRIV9022", Severity.Error, "Pulled topology has no compute nodes");
        public static readonly DiagnosticDescriptor PullDefaultBandwidth = new("PRIV9023", Severity.Info, "Links without a bandwidth use the default bandwidth");
        public static readonly DiagnosticDescriptor OnosRulesNotConfirmed = new("PRIV9030", Severity.Error, "ONOS did not confirm the new flow rules; the old ones stay installed");
        public static readonly DiagnosticDescriptor OnosPriorityExhausted = new("PRIV9031", Severity.Error, "No flow-rule priority left above the installed rules");
        public static readonly DiagnosticDescriptor DeployCheckFailed = new("PRIV9032", Severity.Error, "privc check does not pass on the folder; nothing deployed");
        public static readonly DiagnosticDescriptor KubernetesPruneRejected = new("PRIV9033", Severity.Error, "Kubernetes refused to delete an object the new plan no longer has");
        public static readonly DiagnosticDescriptor NeedsPortableBuild = new("PRIV9034", Severity.Error, "Command needs the portable build of privc");
    }

    public static Diagnostic NeedsPortableBuild(string command) =>
        Codes.NeedsPortableBuild.AtFile(null,
            $"'privc {command}' talks to a live cluster through KubernetesClient, whose kubeconfig and YAML readers generate code at run time, which this native build of privc cannot do; run it with the portable build (the privc .NET tool, or dotnet privc.dll). Nothing was read or sent");

    public static Diagnostic DeployFolderInvalid(string folder, string problem) =>
        Codes.DeployFolderInvalid.AtFile(folder, $"'{folder}' is not a privc compile output: {problem}");

    public static Diagnostic DeployCertificateMismatch(string file, string what, string found, string expected) =>
        Codes.DeployCertificateMismatch.AtFile(file,
            $"{what} cites certificate {found}, but the folder's plan and certificate digest to {expected}; the artifacts were edited or come from another compile. Recompile; nothing was deployed");

    public static Diagnostic DeployManifestUnreadable(string file, string problem) =>
        Codes.DeployManifestUnreadable.AtFile(file, problem);

    public static Diagnostic KubeconfigInvalid(string? path, string problem) =>
        Codes.KubeconfigInvalid.AtFile(path, problem);

    public static Diagnostic KubernetesUnreachable(string server, string problem) =>
        Codes.KubernetesUnreachable.AtFile(null, $"the Kubernetes API server {server} {problem}");

    public static Diagnostic KubernetesUnauthorized(string server, int status, string message) =>
        Codes.KubernetesUnauthorized.AtFile(null, $"the Kubernetes API server {server} answered HTTP {status}{Detail(message)}; check the kubeconfig's user and its RBAC rights");

    public static Diagnostic KubernetesDryRunRejected(string file, string objectName, string problem) =>
        Codes.KubernetesDryRunRejected.AtFile(file, $"{objectName}: {problem}; no object was applied");

    public static Diagnostic KubernetesApplyRejected(string file, string objectName, string problem) =>
        Codes.KubernetesApplyRejected.AtFile(file, $"{objectName}: {problem}; the objects before it were applied, the ones after it were not");

    public static Diagnostic KubernetesMalformedAnswer(string server, string problem) =>
        Codes.KubernetesMalformedAnswer.AtFile(null, $"the Kubernetes API server {server} sent an answer privc cannot read: {problem}");

    public static Diagnostic OnosInvalidUrl(string url) =>
        Codes.OnosInvalidUrl.AtFile(null, $"--onos '{url}' is not an absolute http or https URL (for example http://onos.example:8181)");

    public static Diagnostic OnosUnreachable(string server, string problem) =>
        Codes.OnosUnreachable.AtFile(null, $"ONOS at {server} {problem}");

    public static Diagnostic OnosUnauthorized(string server, string request) =>
        Codes.OnosUnauthorized.AtFile(null, $"ONOS at {server} answered {request} with HTTP 401; check --onos-user/--onos-password (or ONOS_USER/ONOS_PASSWORD)");

    public static Diagnostic OnosRequestRejected(string server, string request, int status, string message) =>
        Codes.OnosRequestRejected.AtFile(null, $"ONOS at {server} answered {request} with HTTP {status}{Detail(message)}");

    public static Diagnostic OnosMalformedAnswer(string server, string request, string problem) =>
        Codes.OnosMalformedAnswer.AtFile(null, $"ONOS at {server} answered {request} with something privc cannot read: {problem}");

    public static Diagnostic OnosFlowCountMismatch(string server, int sent, int accepted) =>
        Codes.OnosFlowCountMismatch.AtFile(null, $"privc sent {sent} flow rule(s) to ONOS at {server}, which reports {accepted} installed; the data plane may not follow the proven routes");

    public static Diagnostic NodeSetupSkipped(string file, int nodes) =>
        Codes.NodeSetupSkipped.AtFile(file,
            $"{nodes} Node object(s) with the labels and taints the workloads rely on were not applied; they change cluster-wide Node objects, so privc applies them only with --label-nodes (or the cluster operator applies them)");

    public static Diagnostic PullSelfAssignableLabel(string node, string label, string key) =>
        Codes.PullSelfAssignableLabel.AtFile(null,
            $"node '{node}': '{key}' is read from label '{label}', which a kubelet may set on its own node; put privacy facts under node-restriction.kubernetes.io/ so a compromised node cannot claim them");

    public static Diagnostic PullNodeNotAttached(string node, string ip) =>
        Codes.PullNodeNotAttached.AtFile(null,
            ip.Length == 0
                ? $"Kubernetes node '{node}' has no InternalIP address, so privc cannot find where it attaches to the network; it is left out of the topology"
                : $"no ONOS host has the address {ip} of Kubernetes node '{node}', so privc cannot find where it attaches to the network; it is left out of the topology");

    public static Diagnostic PullDefaultLatency(int links, int total, string latency) =>
        Codes.PullDefaultLatency.AtFile(null, $"{links} of {total} link(s) have no 'latency' annotation (milliseconds) and get the default latency {latency}");

    public static Diagnostic PullUnpairedLink(string link) =>
        Codes.PullUnpairedLink.AtFile(null, $"ONOS reports link {link} but not its reverse direction; privc links are full duplex, so it is left out");

    public static Diagnostic PullIgnoredValue(string message) => Codes.PullIgnoredValue.AtFile(null, message);

    public static Diagnostic PullDefaultBandwidth(int links, int total, string bandwidth) =>
        Codes.PullDefaultBandwidth.AtFile(null,
            $"{links} of {total} link(s) have neither a 'bandwidth' annotation (Mbps) nor a port speed on both ends and get the default bandwidth {bandwidth}");

    public static Diagnostic PullNoNodes(string problem) =>
        Codes.PullNoNodes.AtFile(null, $"the pulled topology has no compute nodes ({problem}); nothing was written");

    public static Diagnostic OnosRulesNotConfirmed(string server, string problem) =>
        Codes.OnosRulesNotConfirmed.AtFile(null, $"ONOS at {server} does not list the new rules as installed: {problem}; the new rules were withdrawn and the previous ones are still in place");

    public static Diagnostic OnosPriorityExhausted(int highest, int needed) =>
        Codes.OnosPriorityExhausted.AtFile(null,
            $"the installed privc rules reach priority {highest}, and the new rules, which must sit above them, would need priorities up to {needed} (OpenFlow allows 65535); remove the old rules in a maintenance window (DELETE /onos/v1/flows/application/io.privc) and deploy again");

    public static Diagnostic DeployCheckFailed(string folder, string outcome) =>
        Codes.DeployCheckFailed.AtFile(folder, $"privc check on '{folder}' {outcome}; deploy applies only what check accepts (recompile, or fix the edited artifacts)");

    public static Diagnostic KubernetesPruneRejected(string objectName, bool dryRun, string problem) =>
        Codes.KubernetesPruneRejected.AtFile(null, dryRun
            ? $"{objectName} (no longer in the plan): its deletion fails the dry run: {problem}; nothing was applied"
            : $"{objectName} (no longer in the plan) could not be deleted: {problem}");

    private static string Detail(string message) => message.Length == 0 ? string.Empty : ": " + message;

    /// <summary>Every descriptor of this catalogue, in code order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = typeof(Codes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Code, StringComparer.Ordinal)
        .ToArray();
}
