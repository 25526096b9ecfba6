using System.Collections.Immutable;
using System.Globalization;
using Privc.Checking;
using Privc.Diagnostics;
using Privc.Text;
using k8s.Models;
using static Privc.Artifacts.Kubernetes.KubernetesNames;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// Turns workloads into the placement of every program service (specs/check.md, "Placements"). Workloads are grouped
/// by controller: a ReplicaSet a Deployment owns and a Pod a ReplicaSet owns (as a live dump has them) are the
/// Deployment's replicas, not more workloads. A group's pods may run on every node its template admits, and
/// wherever its pods are bound; a service's placement is the union over the groups that run it, and two groups
/// running one service is a W1 violation. A placement the scheduler, not the manifests, decides is reported
/// (PRIV5006), and one that depends on node labels privc does not know cannot be judged (PRIV5105).
/// </summary>
internal sealed class Placer(ClusterFacts facts, List<Diagnostic> diagnostics)
{
    private static readonly HashSet<string> VolumesOnTheNode = new(StringComparer.Ordinal)
    {
        "emptyDir", "configMap", "secret", "projected", "downwardAPI", "hostPath",
    };

    public sealed record Result(
        ImmutableArray<Placement> Placements,
        ImmutableArray<string> Undetermined,
        ImmutableArray<ReaderFinding> Findings,
        ImmutableDictionary<string, ImmutableArray<WorkloadSource>> Sources);

    private sealed record Group(Workload Root, List<Workload> Members, bool Orphan);

    public Result Place(List<Workload> workloads)
    {
        var groups = Groups(workloads);
        var byService = new SortedDictionary<string, List<(Group Group, SortedSet<string> Nodes)>>(StringComparer.Ordinal);
        var undetermined = new SortedSet<string>(StringComparer.Ordinal);
        var sources = new SortedDictionary<string, List<WorkloadSource>>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var services = group.Members.Prepend(group.Root).SelectMany(w => w.Services).Distinct().Order(StringComparer.Ordinal).ToList();
            if (services.Count == 0)
            {
                continue; // foreign to the program: judged only by the flows it is allowed (OutsideParties)
            }
            foreach (var workload in group.Members.Prepend(group.Root))
            {
                NotJudged(workload);
                UnknownNodeNames(workload);
            }
            var nodes = new SortedSet<string>(StringComparer.Ordinal);
            var (rootNodes, reason) = RootNodes(group.Root);
            nodes.UnionWith(rootNodes);
            var perWorkload = new List<(Workload Workload, SortedSet<string> Nodes)> { (group.Root, rootNodes) };
            foreach (var member in group.Members)
            {
                var memberNodes = MemberNodes(member);
                nodes.UnionWith(memberNodes);
                perWorkload.Add((member, memberNodes));
            }
            foreach (var service in services)
            {
                if (!byService.TryGetValue(service, out var list))
                {
                    list = byService[service] = [];
                }
                list.Add((group, nodes));
                if (reason is not null)
                {
                    undetermined.Add(service);
                }
                if (!sources.TryGetValue(service, out var sourceList))
                {
                    sourceList = sources[service] = [];
                }
                foreach (var (workload, own) in perWorkload)
                {
                    sourceList.Add(new WorkloadSource(workload.Display, workload.Object.Location, [.. own]));
                }
            }
            if (reason is not null)
            {
                diagnostics.Add(DiagnosticCatalogue.ManifestPlacementUndetermined(group.Root.Object.Location, group.Root.Kind, group.Root.Name, string.Join(", ", services), reason));
            }
        }

        var findings = new List<ReaderFinding>();
        var placements = new List<Placement>();
        foreach (var (service, list) in byService)
        {
            placements.Add(new Placement(service, [.. list.SelectMany(g => g.Nodes).Distinct().Order(StringComparer.Ordinal)]));
            var counted = list.Where(g => !g.Group.Orphan).ToList();
            if (counted.Count > 1)
            {
                var names = string.Join(" and ", counted.Select(g => $"{g.Group.Root.DisplayAt} by {g.Group.Root.ClaimReasons.GetValueOrDefault(service, "its labels")}"));
                foreach (var (group, nodes) in counted.Skip(1))
                {
                    diagnostics.Add(DiagnosticCatalogue.ManifestDuplicateWorkload(group.Root.Object.Location, group.Root.Kind, group.Root.Name, service, counted[0].Group.Root.DisplayAt));
                }
                findings.Add(new ReaderFinding(
                    new Violation(StructuralCondition.Placement, ViolationKind.DuplicatePlacement,
                        $"service '{service}' is run by {counted.Count} workloads, {names}; each runs its own replicas, so together they run {string.Join(" + ", counted.Select(g => g.Group.Root.EveryNode ? "one per node" : g.Group.Root.Replicas.ToString(CultureInfo.InvariantCulture)))} replicas on {string.Join(", ", list.SelectMany(g => g.Nodes).Distinct().Order(StringComparer.Ordinal))}",
                        new Witness { Service = service, Quantity = "workloads", Measured = counted.Count, Bound = 1 }),
                    [.. counted.Select(g => g.Group.Root.Object.Location)]));
            }
        }
        return new Result([.. placements], [.. undetermined], [.. findings],
            sources.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutableArray(), StringComparer.Ordinal));
    }

    /// <summary>Groups workloads under their controllers (ownerReferences with controller: true), as a live dump has them.</summary>
    private List<Group> Groups(List<Workload> workloads)
    {
        var byIdentity = workloads.GroupBy(w => (w.Kind, w.Namespace, w.Name)).ToDictionary(g => g.Key, g => g.First());
        var parent = new Dictionary<Workload, Workload>(ReferenceEqualityComparer.Instance);
        var orphans = new HashSet<Workload>(ReferenceEqualityComparer.Instance);
        foreach (var workload in workloads)
        {
            var owner = workload.Owners.FirstOrDefault(o => o.Controller == true);
            if (owner is null || owner.Kind == "Node")
            {
                continue; // no controller, or a static pod mirrored by its kubelet
            }
            if (byIdentity.TryGetValue((owner.Kind, workload.Namespace, owner.Name), out var found)
                && (string.IsNullOrEmpty(owner.Uid) || string.IsNullOrEmpty(found.Uid) || owner.Uid == found.Uid)
                && !ReferenceEquals(found, workload))
            {
                parent[workload] = found;
                continue;
            }
            orphans.Add(workload);
            if (workload.IsProgram)
            {
                diagnostics.Add(DiagnosticCatalogue.CheckOwnerMissing(workload.Object.At("metadata", "ownerReferences"), workload.Display, owner.Kind ?? "?", owner.Name ?? "?"));
            }
        }
        Workload Root(Workload w)
        {
            var seen = new HashSet<Workload>(ReferenceEqualityComparer.Instance);
            while (parent.TryGetValue(w, out var p) && seen.Add(w))
            {
                w = p;
            }
            return w;
        }
        return workloads.Where(w => !parent.ContainsKey(w) || ReferenceEquals(Root(w), w))
            .Select(root => new Group(root, workloads.Where(w => !ReferenceEquals(w, root) && ReferenceEquals(Root(w), root)).ToList(), orphans.Contains(root)))
            .ToList();
    }

    /// <summary>The nodes a group's own template may put pods on, and why the scheduler decides among them, if it does.</summary>
    private (SortedSet<string> Nodes, string? Reason) RootNodes(Workload workload)
    {
        var (possible, sure) = Admitted(workload);
        Uncertain(workload, possible, sure);
        var spec = workload.Spec;
        if (!workload.EveryNode && workload.Replicas <= 0)
        {
            return ([], null); // scaled to zero: nothing runs
        }
        if (workload.EveryNode)
        {
            return (possible, null);
        }
        if (!string.IsNullOrEmpty(spec.NodeName))
        {
            // nodeName bypasses the scheduler: every replica runs on that one node.
            var reason = workload.Replicas > 1 && possible.Count == 1 ? $"nodeName puts all {Count(workload.Replicas)} replicas on node '{spec.NodeName}'" : null;
            return (possible, reason);
        }
        string? why = null;
        if (possible.Count > workload.Replicas)
        {
            why = $"its {Count(workload.Replicas)} replica(s) may run on any {Count(workload.Replicas)} of {Count(possible.Count)} nodes ({string.Join(", ", possible)})";
        }
        else if (workload.Replicas > 1 && possible.Count > 0 && !Scheduling.OwnReplicasApart(workload, facts))
        {
            why = $"nothing keeps its {Count(workload.Replicas)} replicas on distinct nodes (no required pod anti-affinity on {HostnameLabel} that selects them under every reading)";
        }
        else if (possible.Count > 0 && possible.Count < workload.Replicas)
        {
            why = $"its {Count(workload.Replicas)} replicas must share {Count(possible.Count)} node(s)";
        }
        return (possible, why);
    }

    /// <summary>The nodes an owned workload adds: a bound pod its node, a ReplicaSet with replicas its template's nodes.</summary>
    private SortedSet<string> MemberNodes(Workload workload)
    {
        if (!workload.IsPod && workload.Replicas <= 0)
        {
            return [];
        }
        var (possible, sure) = Admitted(workload);
        Uncertain(workload, possible, sure);
        return possible;
    }

    /// <summary>The nodes the workload may run on, and those it surely may (they differ only through unknown labels).</summary>
    private (SortedSet<string> Possible, SortedSet<string> Sure) Admitted(Workload workload)
    {
        V1RuntimeClass? runtimeClass = null;
        var missingRuntimeClass = !string.IsNullOrEmpty(workload.Spec.RuntimeClassName) && !facts.RuntimeClasses.TryGetValue(workload.Spec.RuntimeClassName, out runtimeClass);
        var possible = new SortedSet<string>(StringComparer.Ordinal);
        var sure = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, node) in facts.Nodes)
        {
            var admits = Scheduling.Admits(workload, node, runtimeClass);
            if (missingRuntimeClass && admits == Tri.False && Scheduling.Admits(workload, node, null, ignoreTaints: true) != Tri.False)
            {
                admits = Tri.Unknown; // its RuntimeClass may tolerate the taint
            }
            if (admits.Possibly())
            {
                possible.Add(name);
            }
            if (admits.Surely() && !missingRuntimeClass)
            {
                sure.Add(name);
            }
        }
        return (possible, sure);
    }

    private void Uncertain(Workload workload, SortedSet<string> possible, SortedSet<string> sure)
    {
        if (possible.SetEquals(sure) || !workload.IsProgram)
        {
            return;
        }
        var nodes = possible.Except(sure).ToList();
        if (!string.IsNullOrEmpty(workload.Spec.RuntimeClassName) && !facts.RuntimeClasses.ContainsKey(workload.Spec.RuntimeClassName))
        {
            diagnostics.Add(DiagnosticCatalogue.CheckSchedulingNotJudged(workload.At("spec", "runtimeClassName"), workload.Display,
                $"it names RuntimeClass '{workload.Spec.RuntimeClassName}', which the manifests do not hold, and a RuntimeClass adds a node selector and tolerations to its pods; add the RuntimeClass object to the manifests"));
            return;
        }
        var keys = UnknownKeys(workload, nodes);
        var at = keys.Count > 0 && workload.Spec.NodeSelector?.ContainsKey(keys[0]) == true
            ? workload.At("spec", "nodeSelector", keys[0])
            : workload.At("spec", "affinity", "nodeAffinity");
        diagnostics.Add(DiagnosticCatalogue.CheckNodeLabelUnknown(at, workload.Display, string.Join(", ", keys), string.Join(", ", nodes)));
    }

    /// <summary>The node label keys the workload's node selection asks about whose values privc does not know on those nodes.</summary>
    private List<string> UnknownKeys(Workload workload, List<string> nodes)
    {
        var spec = workload.Spec;
        var keys = (spec.NodeSelector?.Keys ?? [])
            .Concat((spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms ?? []).SelectMany(t => t.MatchExpressions ?? []).Select(r => r.Key ?? string.Empty));
        return keys.Where(k => nodes.Any(n => facts.Nodes[n].Labels.Get(k).Present == Tri.Unknown || facts.Nodes[n].Labels.Get(k) is (Tri.True, null)))
            .Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>What a program workload does that privc does not model: host networking and storage off the node.</summary>
    private void NotJudged(Workload workload)
    {
        if (workload.Spec.HostNetwork == true)
        {
            diagnostics.Add(DiagnosticCatalogue.CheckHostNetwork(workload.At("spec", "hostNetwork"), workload.Display));
        }
        foreach (var (list, field) in new[] { (workload.Spec.Containers, "containers"), (workload.Spec.InitContainers, "initContainers") })
        {
            for (var c = 0; c < (list?.Count ?? 0); c++)
            {
                for (var p = 0; p < (list![c].Ports?.Count ?? 0); p++)
                {
                    if (list[c].Ports![p].HostPort is { } hostPort and > 0)
                    {
                        diagnostics.Add(DiagnosticCatalogue.CheckHostPort(workload.At("spec", field, c, "ports", p, "hostPort"), workload.Display, hostPort));
                    }
                }
            }
        }
        if (facts.NamespaceScheduling(workload.Namespace) is { } annotation)
        {
            diagnostics.Add(DiagnosticCatalogue.CheckSchedulingNotJudged(annotation.At, workload.Display,
                $"its namespace '{workload.Namespace}' has the annotation {annotation.Annotation}, with which admission plugins (PodNodeSelector, PodTolerationRestriction) add a node selector or tolerations to its pods"));
        }
        var volumes = workload.Spec.Volumes ?? [];
        for (var i = 0; i < volumes.Count; i++)
        {
            var kind = VolumeKind(workload, i);
            if (kind is not null && !VolumesOnTheNode.Contains(kind))
            {
                diagnostics.Add(DiagnosticCatalogue.CheckVolumeNotJudged(workload.At("spec", "volumes", i), workload.Display, volumes[i].Name ?? "?", kind));
            }
        }
        if (workload.Object.Root["spec"] is ManifestMap spec && spec["volumeClaimTemplates"] is ManifestList { Items.Count: > 0 })
        {
            diagnostics.Add(DiagnosticCatalogue.CheckVolumeNotJudged(workload.Object.At("spec", "volumeClaimTemplates"), workload.Display, "volumeClaimTemplates", "persistentVolumeClaim"));
        }
    }

    /// <summary>The source field a volume sets (emptyDir, persistentVolumeClaim, nfs, ...), as written.</summary>
    private static string? VolumeKind(Workload workload, int index) =>
        ManifestDocuments.Find(workload.Object.Root, [.. workload.TemplatePath, "spec", "volumes", index]) is ManifestMap volume
            ? volume.Entries.Select(e => e.Key).FirstOrDefault(k => k != "name")
            : null;

    /// <summary>PRIV5004: a program workload that names a node by name which neither the topology nor the cluster has.</summary>
    private void UnknownNodeNames(Workload workload)
    {
        var spec = workload.Spec;
        var named = new List<(string Node, object[] Path)>();
        if (!string.IsNullOrEmpty(spec.NodeName))
        {
            named.Add((spec.NodeName, ["spec", "nodeName"]));
        }
        if (spec.NodeSelector?.TryGetValue(HostnameLabel, out var host) == true && host is not null)
        {
            named.Add((host, ["spec", "nodeSelector", HostnameLabel]));
        }
        var terms = spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms ?? [];
        for (var t = 0; t < terms.Count; t++)
        {
            foreach (var (list, field, key) in new[] { (terms[t].MatchExpressions, "matchExpressions", HostnameLabel), (terms[t].MatchFields, "matchFields", "metadata.name") })
            {
                for (var r = 0; r < (list?.Count ?? 0); r++)
                {
                    if (list![r].Key == key && list[r].OperatorProperty == "In")
                    {
                        named.AddRange((list[r].Values ?? []).Where(v => !string.IsNullOrEmpty(v)).Select(v => (v, new object[] { "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms", t, field, r, "values" })));
                    }
                }
            }
        }
        foreach (var (node, path) in named.Where(n => !facts.Nodes.ContainsKey(n.Node)))
        {
            var at = ManifestDocuments.Find(workload.Object.Root, [.. workload.TemplatePath, .. path]) is ManifestList values
                ? values.Items.FirstOrDefault(i => i is ManifestScalar s && s.Text == node)?.Location ?? values.Location
                : workload.At(path);
            diagnostics.Add(DiagnosticCatalogue.ManifestUnknownNode(at, workload.Kind, workload.Name, node, Suggestions.Nearest(node, facts.Nodes.Keys)));
        }
    }

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);
}
