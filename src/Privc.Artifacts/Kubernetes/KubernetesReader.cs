using System.Collections.Immutable;
using System.Globalization;
using k8s.Models;
using Privc.Diagnostics;
using Privc.Checking;
using Privc.Semantics;
using Privc.Text;
using Privc.Topology;
using static Privc.Artifacts.Kubernetes.KubernetesNames;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// Reads any mix of Kubernetes manifests back into the parts of a configuration they decide: placements (from
/// Deployments, StatefulSets and Pods) and allowed flows (from NetworkPolicies). The rules, and what is approximated,
/// are in specs/kubernetes.md; kinds other than those read (and Namespace and Node, which inform them) are ignored.
/// </summary>
public static class KubernetesReader
{
    public static KubernetesReading Read(IReadOnlyList<SourceText> files, TopologyModel topology, BoundProgram program)
    {
        var diagnostics = new List<Diagnostic>();
        var documents = files.OrderBy(f => f.Path, StringComparer.Ordinal)
            .SelectMany(f => ManifestDocuments.Split(f, diagnostics))
            .ToList();

        var nodes = NodeFacts(documents, topology, diagnostics);
        var namespaceLabels = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var workloads = new List<Workload>();
        var policies = new List<Policy>();
        foreach (var document in documents)
        {
            switch (document.TypeName)
            {
                case "apps/v1/Deployment":
                    if (ManifestDocuments.Deserialize<V1Deployment>(document, diagnostics) is { } deployment)
                    {
                        AddWorkload(document, deployment.Metadata, deployment.Spec?.Template, deployment.Spec?.Replicas);
                    }
                    break;
                case "apps/v1/StatefulSet":
                    if (ManifestDocuments.Deserialize<V1StatefulSet>(document, diagnostics) is { } statefulSet)
                    {
                        AddWorkload(document, statefulSet.Metadata, statefulSet.Spec?.Template, statefulSet.Spec?.Replicas);
                    }
                    break;
                case "v1/Pod":
                    if (ManifestDocuments.Deserialize<V1Pod>(document, diagnostics) is { } pod)
                    {
                        var template = pod.Spec is null ? null : new V1PodTemplateSpec { Metadata = pod.Metadata, Spec = pod.Spec };
                        AddWorkload(document, pod.Metadata, template, 1);
                    }
                    break;
                case "networking.k8s.io/v1/NetworkPolicy":
                    if (ManifestDocuments.Deserialize<V1NetworkPolicy>(document, diagnostics) is { } policy)
                    {
                        if (policy.Spec?.PodSelector is null)
                        {
                            diagnostics.Add(DiagnosticCatalogue.ManifestMalformedObject(document.Location, document.Kind, ManifestDocuments.Name(document), "it has no spec.podSelector"));
                            break;
                        }
                        policies.Add(new Policy(document, ManifestDocuments.Name(document), NamespaceOf(policy.Metadata), policy.Spec));
                    }
                    break;
                case "v1/Namespace":
                    if (ManifestDocuments.Deserialize<V1Namespace>(document, diagnostics) is { Metadata.Name: { } ns } nsObject)
                    {
                        namespaceLabels[ns] = new Dictionary<string, string>(nsObject.Metadata.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
                    }
                    break;
            }
        }

        var (placements, undetermined) = Place(workloads, nodes, diagnostics);
        var allowed = new PolicyEvaluator(program, workloads, policies, namespaceLabels, diagnostics).Allowed();
        return new KubernetesReading(placements, allowed, diagnostics.Order().ToImmutableArray()) { Undetermined = undetermined };

        void AddWorkload(ManifestDocument document, V1ObjectMeta? metadata, V1PodTemplateSpec? template, int? replicas)
        {
            var name = ManifestDocuments.Name(document);
            if (template?.Spec is null)
            {
                diagnostics.Add(DiagnosticCatalogue.ManifestMalformedObject(document.Location, document.Kind, name, "it has no pod spec"));
                return;
            }
            var labels = template.Metadata?.Labels ?? new Dictionary<string, string>();
            var service = ServiceName(labels, metadata?.Name);
            if (service is null || !program.Services.Any(s => s.Name == service))
            {
                return; // a workload of something other than the program
            }
            if (workloads.FirstOrDefault(w => w.Service == service) is { } first)
            {
                diagnostics.Add(DiagnosticCatalogue.ManifestDuplicateWorkload(document.Location, document.Kind, name, service,
                    $"{first.Document.Kind} '{first.Name}' ({first.Document.Location.Display})"));
                return;
            }
            workloads.Add(new Workload(document, name, service, NamespaceOf(metadata), new Dictionary<string, string>(labels, StringComparer.Ordinal), replicas ?? 1, template.Spec));
        }
    }

    /// <summary>
    /// The program service a workload runs: the first of its pod labels <c>privc.io/service</c>,
    /// <c>app.kubernetes.io/name</c> and <c>app</c> that is present, else the object's name.
    /// </summary>
    internal static string? ServiceName(IDictionary<string, string> labels, string? objectName)
    {
        foreach (var key in new[] { ServiceLabel, AppNameLabel, AppLabel })
        {
            if (labels.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value))
            {
                return value;
            }
        }
        return objectName;
    }

    /// <summary>An object without a namespace is taken to be in <c>default</c>, where kubectl puts it without -n.</summary>
    private static string NamespaceOf(V1ObjectMeta? metadata) =>
        string.IsNullOrEmpty(metadata?.NamespaceProperty) ? DefaultNamespace : metadata.NamespaceProperty;

    /// <summary>
    /// The labels and taints of every topology node as the scheduler would see them: the topology's labels and
    /// <c>kubernetes.io/hostname</c> = the node's name, overlaid by the labels and taints of Node objects in the
    /// manifests (privc's operator file sets exactly those the workloads rely on).
    /// </summary>
    private static Dictionary<string, NodeFacts> NodeFacts(List<ManifestDocument> documents, TopologyModel topology, List<Diagnostic> diagnostics)
    {
        var facts = topology.Nodes.ToDictionary(
            n => n.Name,
            n => new NodeFacts(new Dictionary<string, string>(n.Labels, StringComparer.Ordinal) { [HostnameLabel] = n.Name }, []),
            StringComparer.Ordinal);
        foreach (var document in documents.Where(d => d.TypeName == "v1/Node"))
        {
            if (ManifestDocuments.Deserialize<V1Node>(document, diagnostics) is not { Metadata.Name: { } name } node)
            {
                continue;
            }
            if (!facts.TryGetValue(name, out var known))
            {
                diagnostics.Add(DiagnosticCatalogue.ManifestUnknownNode(document.LocationOf(name), document.Kind, name, name, Suggestions.Nearest(name, facts.Keys)));
                continue;
            }
            foreach (var (key, value) in node.Metadata.Labels ?? new Dictionary<string, string>())
            {
                known.Labels[key] = value;
            }
            known.Taints.AddRange(node.Spec?.Taints ?? []);
        }
        return facts;
    }

    private static (ImmutableArray<Placement> Placements, ImmutableArray<string> Undetermined) Place(
        List<Workload> workloads, Dictionary<string, NodeFacts> nodes, List<Diagnostic> diagnostics)
    {
        var placements = new List<Placement>();
        var undetermined = new List<string>();
        foreach (var workload in workloads)
        {
            var spec = workload.Spec;
            var named = new SortedSet<string>(StringComparer.Ordinal);
            if (!string.IsNullOrEmpty(spec.NodeName))
            {
                named.Add(spec.NodeName);
            }
            foreach (var (key, value) in spec.NodeSelector ?? new Dictionary<string, string>())
            {
                if (key == HostnameLabel)
                {
                    named.Add(value);
                }
            }
            foreach (var term in spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms ?? [])
            {
                foreach (var requirement in (term.MatchExpressions ?? []).Where(r => r.Key == HostnameLabel && r.OperatorProperty == "In")
                    .Concat((term.MatchFields ?? []).Where(r => r.Key == "metadata.name" && r.OperatorProperty == "In")))
                {
                    named.UnionWith(requirement.Values ?? []);
                }
            }
            var unknown = named.Where(n => !nodes.ContainsKey(n)).ToList();
            foreach (var node in unknown)
            {
                diagnostics.Add(DiagnosticCatalogue.ManifestUnknownNode(workload.Document.LocationOf(node), workload.Document.Kind, workload.Name, node,
                    Suggestions.Nearest(node, nodes.Keys)));
            }

            List<string> candidates;
            string? reason = null;
            if (workload.Replicas <= 0)
            {
                candidates = []; // scaled to zero: nothing runs
            }
            else if (!string.IsNullOrEmpty(spec.NodeName))
            {
                // nodeName bypasses the scheduler: every replica runs on that one node.
                candidates = nodes.ContainsKey(spec.NodeName) ? [spec.NodeName] : [];
                if (workload.Replicas > 1 && candidates.Count == 1)
                {
                    reason = $"nodeName puts all {Count(workload.Replicas)} replicas on node '{spec.NodeName}'";
                }
            }
            else
            {
                candidates = nodes.Where(n => Admits(spec, n.Key, n.Value)).Select(n => n.Key).Order(StringComparer.Ordinal).ToList();
                if (candidates.Count > workload.Replicas)
                {
                    reason = $"its {Count(workload.Replicas)} replica(s) may run on any {Count(workload.Replicas)} of {Count(candidates.Count)} nodes ({string.Join(", ", candidates)})";
                }
                else if (workload.Replicas > 1 && candidates.Count > 0 && !OwnReplicasApart(workload))
                {
                    reason = $"nothing keeps its {Count(workload.Replicas)} replicas on distinct nodes (no required pod anti-affinity on {HostnameLabel} among them)";
                }
                else if (candidates.Count > 0 && candidates.Count < workload.Replicas)
                {
                    reason = $"its {Count(workload.Replicas)} replicas must share {Count(candidates.Count)} node(s)";
                }
            }
            if (reason is not null)
            {
                diagnostics.Add(DiagnosticCatalogue.ManifestPlacementUndetermined(workload.Document.Location, workload.Document.Kind, workload.Name, workload.Service, reason));
                undetermined.Add(workload.Service);
            }
            placements.Add(new Placement(workload.Service, candidates.ToImmutableArray()));
        }
        return (placements.OrderBy(p => p.Service, StringComparer.Ordinal).ToImmutableArray(), undetermined.Order(StringComparer.Ordinal).ToImmutableArray());
    }

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether the scheduler may put a pod with this spec on the node: node selector, required node affinity, taints.</summary>
    private static bool Admits(V1PodSpec spec, string node, NodeFacts facts)
    {
        foreach (var (key, value) in spec.NodeSelector ?? new Dictionary<string, string>())
        {
            if (!facts.Labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }
        var required = spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        if (required is not null && !(required.NodeSelectorTerms ?? []).Any(t => TermAdmits(t, node, facts.Labels)))
        {
            return false;
        }
        var tolerations = spec.Tolerations ?? [];
        return facts.Taints
            .Where(t => t.Effect is "NoSchedule" or "NoExecute")
            .All(taint => tolerations.Any(t => Tolerates(t, taint)));
    }

    /// <summary>A node selector term: every expression and field requirement holds; an empty term admits nothing.</summary>
    private static bool TermAdmits(V1NodeSelectorTerm term, string node, Dictionary<string, string> labels)
    {
        var expressions = term.MatchExpressions ?? [];
        var fields = term.MatchFields ?? [];
        if (expressions.Count == 0 && fields.Count == 0)
        {
            return false;
        }
        return expressions.All(r => Requirement(r, labels.TryGetValue(r.Key ?? string.Empty, out var v) ? v : null))
            && fields.All(r => Requirement(r, r.Key == "metadata.name" ? node : null));
    }

    private static bool Requirement(V1NodeSelectorRequirement requirement, string? value)
    {
        var values = requirement.Values ?? [];
        return requirement.OperatorProperty switch
        {
            "In" => value is not null && values.Contains(value),
            "NotIn" => value is null || !values.Contains(value),
            "Exists" => value is not null,
            "DoesNotExist" => value is null,
            "Gt" => value is not null && values.Count == 1 && long.TryParse(value, CultureInfo.InvariantCulture, out var a) && long.TryParse(values[0], CultureInfo.InvariantCulture, out var b) && a > b,
            "Lt" => value is not null && values.Count == 1 && long.TryParse(value, CultureInfo.InvariantCulture, out var c) && long.TryParse(values[0], CultureInfo.InvariantCulture, out var d) && c < d,
            _ => false,
        };
    }

    private static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }
        if (toleration.OperatorProperty == "Exists")
        {
            return string.IsNullOrEmpty(toleration.Key) || toleration.Key == taint.Key;
        }
        return toleration.Key == taint.Key && (toleration.Value ?? string.Empty) == (taint.Value ?? string.Empty);
    }

    /// <summary>A required pod anti-affinity term on the hostname that selects the workload's own pods.</summary>
    private static bool OwnReplicasApart(Workload workload) =>
        (workload.Spec.Affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? []).Any(term =>
            term.TopologyKey == HostnameLabel
            && term.NamespaceSelector is null
            && (term.Namespaces is null || term.Namespaces.Count == 0 || term.Namespaces.Contains(workload.Namespace))
            && term.LabelSelector is not null
            && LabelSelectors.Matches(term.LabelSelector, workload.Labels));
}

internal sealed record NodeFacts(Dictionary<string, string> Labels, List<V1Taint> Taints);

internal sealed record Workload(ManifestDocument Document, string Name, string Service, string Namespace, Dictionary<string, string> Labels, int Replicas, V1PodSpec Spec);

internal sealed record Policy(ManifestDocument Document, string Name, string Namespace, V1NetworkPolicySpec Spec);
