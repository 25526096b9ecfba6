using k8s.Models;
using Privc.Diagnostics;
using Privc.Topology;
using static Privc.Artifacts.Kubernetes.KubernetesNames;

namespace Privc.Artifacts.Kubernetes;

/// <summary>A topology node as the scheduler sees it: its labels (some possibly unknown) and taints.</summary>
internal sealed class NodeFacts(string name, LabelSet labels)
{
    public string Name { get; } = name;

    public LabelSet Labels { get; set; } = labels;

    public List<V1Taint> Taints { get; set; } = [];

    /// <summary>Where the taints come from (a Node object), or null when no Node object gave them (taken as none).</summary>
    public string? TaintSource { get; set; }

    /// <summary>False for a node a cluster's Node objects list but the topology lacks: nothing privc judges may run there.</summary>
    public bool InTopology { get; init; } = true;
}

/// <summary>
/// What the cluster looks like to the scheduler and to NetworkPolicy namespace selectors (specs/check.md, "Cluster
/// facts"). Node labels: the topology's labels are the node's labels (privc's operator file applies them), every key
/// the topology uses is known on every node (absent where the topology lacks it), and kubernetes.io/hostname is the
/// node's name; any other key is unknown unless a Node object gives it. A Node object read from a cluster (it has a
/// uid or a status, as <c>kubectl get nodes -o yaml</c> prints) gives the node's labels and taints completely; a
/// partial one (privc's operator file, a hand-written patch) adds labels and, when it lists them, sets the taints. A
/// node without a Node object is taken to have no taints: taints only ever narrow where a pod may run, so this
/// never hides a placement. Namespaces: <c>kubernetes.io/metadata.name</c> is always known, other labels come from
/// Namespace objects (completely for one read from a cluster).
/// </summary>
internal sealed class ClusterFacts
{
    private readonly HashSet<string> topologyKeys;

    public ClusterFacts(TopologyModel topology)
    {
        topologyKeys = topology.Nodes.SelectMany(n => n.Labels.Keys).Append(HostnameLabel).ToHashSet(StringComparer.Ordinal);
        foreach (var node in topology.Nodes)
        {
            var labels = new Dictionary<string, string>(node.Labels, StringComparer.Ordinal) { [HostnameLabel] = node.Name };
            Nodes[node.Name] = new NodeFacts(node.Name, new LabelSet(labels, [], complete: false) { KnownAbsent = topologyKeys.Contains });
        }
    }

    public SortedDictionary<string, NodeFacts> Nodes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, LabelSet> Namespaces { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, V1RuntimeClass> RuntimeClasses { get; } = new(StringComparer.Ordinal);

    /// <summary>Namespaces whose annotations ask admission plugins to add node selectors or tolerations to their pods.</summary>
    private readonly Dictionary<string, (string Annotation, Privc.Text.SourceLocation At)> namespaceScheduling = new(StringComparer.Ordinal);

    private static readonly string[] SchedulingAnnotations =
        ["scheduler.alpha.kubernetes.io/node-selector", "scheduler.alpha.kubernetes.io/defaultTolerations", "scheduler.alpha.kubernetes.io/tolerationsWhitelist"];

    /// <summary>The annotation of the namespace that changes its pods' scheduling, if any.</summary>
    public (string Annotation, Privc.Text.SourceLocation At)? NamespaceScheduling(string ns) =>
        namespaceScheduling.TryGetValue(ns, out var found) ? found : null;

    /// <summary>Applies a Node object: from the cluster (<paramref name="live"/>, complete) or a patch a manifest applies.</summary>
    public void AddNode(ManifestObject manifest, V1Node node, bool live, List<Diagnostic> diagnostics)
    {
        var name = node.Metadata?.Name ?? string.Empty;
        if (!Nodes.TryGetValue(name, out var facts) && live && IsFromCluster(node.Metadata, node.Status is not null))
        {
            // A node of the cluster the topology does not describe: a pod that may run there is on an unknown node.
            facts = Nodes[name] = new NodeFacts(name, new LabelSet(new Dictionary<string, string>(), [], complete: true)) { InTopology = false };
        }
        if (facts is null)
        {
            diagnostics.Add(DiagnosticCatalogue.ManifestUnknownNode(manifest.At("metadata", "name"), manifest.Kind, name, name, Privc.Text.Suggestions.Nearest(name, Nodes.Keys)));
            return;
        }
        var labels = node.Metadata?.Labels ?? new Dictionary<string, string>();
        var complete = live && IsFromCluster(node.Metadata, node.Status is not null);
        if (complete)
        {
            facts.Labels = new LabelSet(Normalise(labels), [], complete: true);
            facts.Taints = [.. node.Spec?.Taints ?? []];
            facts.TaintSource = manifest.Location.Display;
        }
        else
        {
            var merged = new Dictionary<string, string>(facts.Labels.Known, StringComparer.Ordinal);
            foreach (var (key, value) in Normalise(labels))
            {
                merged[key] = value;
            }
            facts.Labels = new LabelSet(merged, [], facts.Labels.Complete) { KnownAbsent = facts.Labels.Complete ? _ => true : topologyKeys.Contains };
            if (node.Spec?.Taints is { } taints)
            {
                facts.Taints = [.. taints];
                facts.TaintSource = manifest.Location.Display;
            }
        }
        if (node.Spec?.Unschedulable == true && !facts.Taints.Any(t => t.Key == "node.kubernetes.io/unschedulable"))
        {
            // The node controller turns spec.unschedulable into this taint; DaemonSet pods tolerate it.
            facts.Taints.Add(new V1Taint { Key = "node.kubernetes.io/unschedulable", Effect = "NoSchedule" });
        }
    }

    public void AddNamespace(ManifestObject manifest, V1Namespace ns, bool live)
    {
        var name = ns.Metadata?.Name ?? string.Empty;
        if (SchedulingAnnotations.FirstOrDefault(a => ns.Metadata?.Annotations?.ContainsKey(a) == true) is { } annotation)
        {
            namespaceScheduling[name] = (annotation, manifest.At("metadata", "annotations", annotation));
        }
        var labels = Normalise(ns.Metadata?.Labels ?? new Dictionary<string, string>());
        labels[NamespaceNameLabel] = name;
        if (live && IsFromCluster(ns.Metadata, ns.Status is not null))
        {
            Namespaces[name] = new LabelSet(labels, [], complete: true);
            return;
        }
        var merged = new Dictionary<string, string>(Namespace(name).Known, StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            merged[key] = value;
        }
        Namespaces[name] = new LabelSet(merged, [], Namespace(name).Complete);
    }

    /// <summary>The labels of a namespace: its name always, the rest as far as Namespace objects say.</summary>
    public LabelSet Namespace(string name) =>
        Namespaces.TryGetValue(name, out var labels)
            ? labels
            : new LabelSet(new Dictionary<string, string> { [NamespaceNameLabel] = name }, [], complete: false);

    private static bool IsFromCluster(V1ObjectMeta? metadata, bool hasStatus) =>
        hasStatus || !string.IsNullOrEmpty(metadata?.Uid) || !string.IsNullOrEmpty(metadata?.ResourceVersion);

    /// <summary>Go's JSON decoding turns a null label value into the empty string.</summary>
    private static Dictionary<string, string> Normalise(IDictionary<string, string> labels) =>
        labels.ToDictionary(p => p.Key, p => p.Value ?? string.Empty, StringComparer.Ordinal);
}
