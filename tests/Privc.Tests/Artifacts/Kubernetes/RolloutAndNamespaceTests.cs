using k8s;
using k8s.Models;
using Privc.Artifacts.Kubernetes;
using Privc.Checking;
using Privc.Semantics;
using Privc.Tests.Verification;
using Privc.Text;

namespace Privc.Tests.Artifacts.Kubernetes;

/// <summary>Rolling-update parameters chosen from node capacity, namespaces, and isolation that selects privc's pods only.</summary>
public class RolloutAndNamespaceTests
{
    private const string Digest = "sha256:0123456789abcdef";

    // edge-1 and edge-2 have 2 CPUs and 4Gi each, cloud-a 16 CPUs and 64Gi (LabTopology).
    private const string Program = """
        service roomy { image "r/roomy:1"; replicas 1; cpu 1; memory 1Gi; tenant shop; }
        service tight { image "r/tight:1"; replicas 1; cpu 1500m; memory 1Gi; tenant shop; }
        service pair { image "r/pair:1"; replicas 2; cpu 100m; memory 64Mi; tenant "Shop Ops"; }
        service own { image "r/own:1"; replicas 1; tenant shop; namespace shop-admin; }
        service plain { image "r/plain:1"; replicas 1; }
        """;

    private static readonly Configuration Plan = new(
        [
            new Placement("roomy", ["cloud-a"]),
            new Placement("tight", ["edge-1"]),
            new Placement("pair", ["edge-1", "edge-2"]),
            new Placement("own", ["cloud-a"]),
            new Placement("plain", ["cloud-a"]),
        ],
        [],
        []);

    private static (BoundProgram Program, List<object> Objects) Emit(string program = Program)
    {
        var topology = TestSources.LoadTopology(LabTopology.Yaml);
        var compilation = TestSources.Compile(program, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        var files = KubernetesEmitter.Emit(compilation.Program!, topology, Plan, Digest);
        return (compilation.Program!, files.SelectMany(f => KubernetesYaml.LoadAllFromString(f.Content)).ToList());
    }

    private static V1Deployment Deployment(List<object> objects, string name) => objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == name);

    [Fact]
    public void Rollout_SingleReplicaWithRoomOnItsNode_SurgesWithoutDowntime()
    {
        var roomy = Deployment(Emit().Objects, "roomy");
        Assert.Equal(("1", "0"), (roomy.Spec.Strategy.RollingUpdate.MaxSurge.Value, roomy.Spec.Strategy.RollingUpdate.MaxUnavailable.Value));
        Assert.StartsWith("surge: node cloud-a keeps room", roomy.Metadata.Annotations["privc.io/rollout"], StringComparison.Ordinal);
        // A surge pod runs beside the old one on the only node it may use: no anti-affinity against itself.
        Assert.Null(roomy.Spec.Template.Spec.Affinity.PodAntiAffinity);
    }

    [Fact]
    public void Rollout_SingleReplicaOnAFullNode_StopsBeforeStarting_AndSaysWhy()
    {
        // edge-1 holds tight (1500m) and a pair replica (100m): 400m free, less than a second tight needs.
        var tight = Deployment(Emit().Objects, "tight");
        Assert.Equal(("0", "1"), (tight.Spec.Strategy.RollingUpdate.MaxSurge.Value, tight.Spec.Strategy.RollingUpdate.MaxUnavailable.Value));
        Assert.Equal(
            "stop before start: node edge-1 has 400m CPU and 3008Mi memory free, less than a second copy needs (1500m CPU, 1Gi memory); the pod is down while its successor starts",
            tight.Metadata.Annotations["privc.io/rollout"]);
    }

    [Fact]
    public void Rollout_SeveralReplicas_OneAtATime_KeepingTheirAntiAffinity()
    {
        var pair = Deployment(Emit().Objects, "pair");
        Assert.Equal(("0", "1"), (pair.Spec.Strategy.RollingUpdate.MaxSurge.Value, pair.Spec.Strategy.RollingUpdate.MaxUnavailable.Value));
        Assert.Contains("each of the 2 replicas is pinned to its own proven node", pair.Metadata.Annotations["privc.io/rollout"], StringComparison.Ordinal);
        var term = Assert.Single(pair.Spec.Template.Spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution);
        Assert.Equal(("pair", "kubernetes.io/hostname"), (term.LabelSelector.MatchLabels["privc.io/service"], term.TopologyKey));
    }

    [Fact]
    public void Rollout_SurgesShareANodesRoom_InNameOrder()
    {
        // Two single replicas on a node with room for one more copy of either, not both: the first by name surges.
        const string program = """
            service alpha { image "r/a:1"; cpu 600m; }
            service beta { image "r/b:1"; cpu 600m; }
            """;
        var topology = TestSources.LoadTopology(LabTopology.Yaml);
        var compiled = TestSources.Compile(program, topology).Program!;
        var rollouts = RolloutPlanner.Plan(compiled, topology, new Configuration([new Placement("alpha", ["edge-1"]), new Placement("beta", ["edge-1"])], [], []));
        Assert.True(rollouts["alpha"].KeepsAvailability);
        Assert.False(rollouts["beta"].KeepsAvailability);
    }

    [Fact]
    public void Namespace_IsDefault_UnlessDeclared_WhateverTheTenant()
    {
        var (program, objects) = Emit();
        Assert.Equal("default", program.Service("roomy").Namespace);
        Assert.Equal("shop-admin", program.Service("own").Namespace);
        Assert.Equal("default", Deployment(objects, "tight").Metadata.NamespaceProperty);
        // privc creates the namespaces it uses, except `default`, which always exists.
        Assert.Equal(["shop-admin"], objects.OfType<V1Namespace>().Select(n => n.Metadata.Name));
    }

    [Fact]
    public void DefaultDeny_SelectsOnlyPrivcPods_InEveryNamespace()
    {
        var policies = Emit().Objects.OfType<V1NetworkPolicy>().Where(p => p.Metadata.Name is "privc.default-deny" or "privc.allow-dns").ToList();
        Assert.Equal(4, policies.Count);
        Assert.All(policies, p => Assert.Equal(
            new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "privc" },
            p.Spec.PodSelector.MatchLabels));
        var pods = Emit().Objects.OfType<V1Deployment>().Select(d => d.Spec.Template.Metadata.Labels["app.kubernetes.io/managed-by"]);
        Assert.All(pods, label => Assert.Equal("privc", label));
    }

    [Fact]
    public void Explain_MentionsANamespace_OnlyWhenItIsNotDefault()
    {
        var (program, _) = Emit();
        var english = new Privc.Verification.Explanation.ProgramInEnglish(program);
        Assert.DoesNotContain("namespace", english.ExplainService(program.Service("roomy")), StringComparison.Ordinal);
        Assert.Contains("namespace shop-admin", english.ExplainService(program.Service("own")), StringComparison.Ordinal);
    }
}
