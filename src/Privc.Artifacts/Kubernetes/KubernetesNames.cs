using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Privc.Topology;

namespace Privc.Artifacts.Kubernetes;

/// <summary>The labels, annotations and object names privc's manifests use; the reader relies on the same ones.</summary>
internal static partial class KubernetesNames
{
    public const string ServiceLabel = "privc.io/service";
    public const string AppNameLabel = "app.kubernetes.io/name";
    public const string AppLabel = "app";
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedBy = "privc";
    public const string IntentsAnnotation = "privc.io/intents";
    public const string CertificateAnnotation = "privc.io/certificate";

    /// <summary>
    /// On pod templates instead of the certificate digest: a digest of what decides the pod (its proven nodes and the
    /// restrictions on its service), so that recompiling after an unrelated change restarts nothing.
    /// </summary>
    public const string PlacementAnnotation = "privc.io/placement";
    public const string FlowsAnnotation = "privc.io/flows";
    public const string TenantAnnotation = "privc.io/tenant";

    /// <summary>On Deployments: how a rollout replaces the pods and why (RolloutPlanner).</summary>
    public const string RolloutAnnotation = "privc.io/rollout";
    public const string HostnameLabel = "kubernetes.io/hostname";
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";
    public const string DedicatedTaint = "privc.io/dedicated";
    public const string DefaultNamespace = "default";

    // Object names of the per-namespace policies contain a dot, which service names cannot, so they never collide
    // with a service's own NetworkPolicy (named after the service).
    public const string DefaultDenyPolicy = "privc.default-deny";
    public const string AllowDnsPolicy = "privc.allow-dns";

    /// <summary>
    /// The Kubernetes node label that carries a topology attribute: the node's name is <c>kubernetes.io/hostname</c>
    /// (privc assumes topology node names are Kubernetes node names), a topology label keeps its key, and another
    /// built-in attribute (device, cpu, memory, cost) gets a <c>privc.io/</c> label.
    /// </summary>
    public static string NodeLabelKey(TopologyModel topology, string key) =>
        key == "name" ? HostnameLabel
        : topology.Nodes.Any(n => n.Labels.ContainsKey(key)) ? key
        : "privc.io/" + key;

    /// <summary>The value of <see cref="NodeLabelKey"/> on a node, or null when the node does not define the attribute.</summary>
    public static string? NodeLabelValue(ComputeNode node, string key) =>
        key == "name" ? node.Name
        : node.Labels.TryGetValue(key, out var label) ? label
        : node.Attributes.TryGetValue(key, out var value) ? value.ToString()
        : null;

    /// <summary>
    /// A valid label value for a tenant (taint values follow label-value syntax): the tenant itself when valid,
    /// otherwise a stable digest of it.
    /// </summary>
    public static string TenantValue(string tenant)
    {
        if (tenant.Length <= 63 && LabelValue().IsMatch(tenant))
        {
            return tenant;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(tenant));
        return "tenant-" + Convert.ToHexStringLower(hash)[..16];
    }

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValue();
}
