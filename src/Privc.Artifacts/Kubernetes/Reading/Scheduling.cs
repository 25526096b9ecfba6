using System.Globalization;
using k8s.Models;
using static Privc.Artifacts.Kubernetes.KubernetesNames;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// Where the scheduler (and the kubelet, which re-checks node affinity when it admits a pod) may run a workload's
/// pods: its nodeSelector, required node affinity, the taints it does not tolerate, and its RuntimeClass's
/// scheduling. Each answer is three-valued: a requirement on a node label privc does not know is unknown.
/// </summary>
internal static class Scheduling
{
    /// <summary>Tolerations the DaemonSet controller adds to every DaemonSet pod (k8s.io/kubernetes pkg/controller/daemon/util).</summary>
    private static readonly V1Toleration[] DaemonSetTolerations =
    [
        new() { Key = "node.kubernetes.io/not-ready", OperatorProperty = "Exists", Effect = "NoExecute" },
        new() { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute" },
        new() { Key = "node.kubernetes.io/disk-pressure", OperatorProperty = "Exists", Effect = "NoSchedule" },
        new() { Key = "node.kubernetes.io/memory-pressure", OperatorProperty = "Exists", Effect = "NoSchedule" },
        new() { Key = "node.kubernetes.io/pid-pressure", OperatorProperty = "Exists", Effect = "NoSchedule" },
        new() { Key = "node.kubernetes.io/unschedulable", OperatorProperty = "Exists", Effect = "NoSchedule" },
    ];

    private static readonly V1Toleration NetworkUnavailable = new() { Key = "node.kubernetes.io/network-unavailable", OperatorProperty = "Exists", Effect = "NoSchedule" };

    /// <summary>Whether the scheduler runs the workload's pods through the default scheduler (which honours taints and anti-affinity).</summary>
    public static bool DefaultScheduler(Workload workload) =>
        string.IsNullOrEmpty(workload.Spec.SchedulerName) || workload.Spec.SchedulerName == "default-scheduler";

    /// <summary>
    /// Whether a pod of the workload may run on the node. Taints count only when the default scheduler places the
    /// pod: a pod bound by nodeName or by another scheduler is checked by the kubelet for node affinity only.
    /// </summary>
    public static Tri Admits(Workload workload, NodeFacts node, V1RuntimeClass? runtimeClass, bool ignoreTaints = false)
    {
        var spec = workload.Spec;
        var result = (spec.NodeSelector ?? new Dictionary<string, string>()).All(pair => node.Labels.ValueIn(pair.Key, [pair.Value ?? string.Empty]));
        var required = spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        if (required is not null)
        {
            result = result.And((required.NodeSelectorTerms ?? []).Any(term => Term(term, node)));
        }
        if (runtimeClass?.Scheduling?.NodeSelector is { } classSelector)
        {
            result = result.And(classSelector.All(pair => node.Labels.ValueIn(pair.Key, [pair.Value ?? string.Empty])));
        }
        if (!string.IsNullOrEmpty(spec.NodeName))
        {
            return result.And(TriLogic.Of(spec.NodeName == node.Name));
        }
        if (!DefaultScheduler(workload) || ignoreTaints)
        {
            return result;
        }
        var tolerations = (spec.Tolerations ?? []).Concat(runtimeClass?.Scheduling?.Tolerations ?? []).ToList();
        if (workload.EveryNode)
        {
            tolerations.AddRange(DaemonSetTolerations);
            if (spec.HostNetwork == true)
            {
                tolerations.Add(NetworkUnavailable);
            }
        }
        var tolerated = node.Taints.Where(t => t.Effect is "NoSchedule" or "NoExecute").All(taint => tolerations.Any(t => Tolerates(t, taint)));
        return result.And(TriLogic.Of(tolerated));
    }

    /// <summary>A node selector term: every expression and field requirement holds; an empty term admits nothing.</summary>
    private static Tri Term(V1NodeSelectorTerm term, NodeFacts node)
    {
        var expressions = term.MatchExpressions ?? [];
        var fields = term.MatchFields ?? [];
        if (expressions.Count == 0 && fields.Count == 0)
        {
            return Tri.False;
        }
        return expressions.All(r => Requirement(r, node.Labels.Get(r.Key ?? string.Empty)))
            .And(fields.All(r => Requirement(r, r.Key == "metadata.name" ? (Tri.True, node.Name) : (Tri.False, null))));
    }

    private static Tri Requirement(V1NodeSelectorRequirement requirement, (Tri Present, string? Value) label)
    {
        var values = (requirement.Values ?? []).Select(v => v ?? string.Empty).ToList();
        var (present, value) = label;
        Tri In() => present == Tri.False ? Tri.False : value is null ? Tri.Unknown : TriLogic.Of(values.Contains(value, StringComparer.Ordinal));
        Tri Compare(Func<long, long, bool> holds)
        {
            if (present == Tri.False)
            {
                return Tri.False;
            }
            if (value is null)
            {
                return Tri.Unknown;
            }
            return TriLogic.Of(values.Count == 1
                && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var a)
                && long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var b)
                && holds(a, b));
        }
        return requirement.OperatorProperty switch
        {
            "In" => In(),
            "NotIn" => In().Not(),
            "Exists" => present,
            "DoesNotExist" => present.Not(),
            "Gt" => Compare((a, b) => a > b),
            "Lt" => Compare((a, b) => a < b),
            _ => Tri.False,
        };
    }

    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
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

    /// <summary>
    /// Whether a required pod anti-affinity term keeps the workload's own replicas on distinct nodes, under every
    /// reading: the term must be on kubernetes.io/hostname, cover the pod's namespace, and select the pod's
    /// replicas both with its matchLabelKeys and mismatchLabelKeys applied (the API server merges them into the
    /// selector when the MatchLabelKeysInPodAffinity feature is on, beta and on by default from 1.31) and with them
    /// dropped (when it is off, as by default in 1.30). Preferred terms never count: the scheduler may ignore them.
    /// </summary>
    public static bool OwnReplicasApart(Workload workload, ClusterFacts facts)
    {
        if (!DefaultScheduler(workload))
        {
            return false;
        }
        return (workload.Spec.Affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? []).Any(term =>
            term.TopologyKey == HostnameLabel
            && CoversOwnNamespace(term, workload, facts) == Tri.True
            && term.LabelSelector is not null
            && SelectsOtherReplicas(term, workload, withKeys: false) == Tri.True
            && SelectsOtherReplicas(term, workload, withKeys: true) == Tri.True);
    }

    private static Tri CoversOwnNamespace(V1PodAffinityTerm term, Workload workload, ClusterFacts facts)
    {
        var listed = term.Namespaces ?? [];
        if (listed.Count == 0 && term.NamespaceSelector is null)
        {
            return Tri.True;
        }
        if (listed.Contains(workload.Namespace))
        {
            return Tri.True;
        }
        return term.NamespaceSelector is null ? Tri.False : facts.Namespace(workload.Namespace).Matches(term.NamespaceSelector);
    }

    /// <summary>Whether the term's selector matches another replica of the same workload (same labels, except per-replica ones).</summary>
    private static Tri SelectsOtherReplicas(V1PodAffinityTerm term, Workload workload, bool withKeys)
    {
        var labels = workload.PodLabels;
        // Another replica: per-replica keys have a value, but not this pod's.
        var other = new LabelSet(labels.Known.Where(p => !workload.PerReplicaKeys.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            labels.UnknownValues.Concat(workload.PerReplicaKeys), complete: true);
        var result = other.Matches(term.LabelSelector!);
        if (!withKeys)
        {
            return result;
        }
        foreach (var key in term.MatchLabelKeys ?? [])
        {
            if (labels.Get(key).Present == Tri.False)
            {
                continue; // a key the pod lacks is ignored
            }
            // key In [this pod's value]: other replicas share it, unless it varies per replica.
            result = result.And(TriLogic.Of(!workload.PerReplicaKeys.Contains(key)));
        }
        foreach (var key in term.MismatchLabelKeys ?? [])
        {
            if (labels.Get(key).Present == Tri.False)
            {
                continue;
            }
            // key NotIn [this pod's value]: other replicas differ only on per-replica keys.
            result = result.And(TriLogic.Of(workload.PerReplicaKeys.Contains(key)));
        }
        return result;
    }
}
