using System.Collections.Immutable;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using NJsonSchema;
using Privc.Artifacts;
using Privc.Artifacts.Kubernetes;
using Privc.Checking;
using Privc.Semantics;
using Privc.Tests.Verification;
using Privc.Text;
using Privc.Topology;

namespace Privc.Tests.Artifacts.Kubernetes;

/// <summary>The content of emitted manifests on a small hand-made plan over the lab topology.</summary>
public class KubernetesEmitterTests
{
    private const string Digest = "sha256:0123456789abcdef";

    private const string Program = """
        data Records: restricted tags PII;
        service front { image "r/front:1"; replicas 2; cpu 500m; memory 256Mi; ports 8080; tenant clinic; clearance restricted; handles Records; }
        service store { image "r/store:1"; replicas 1; cpu 1; memory 1Gi; ports 5432; tenant vault; namespace vault-ns; clearance restricted; }
        flow save: front -> store carries Records port 5432;
        flow log: store -> front;
        intent apart: separate front from store;
        intent ha: spread front across zone at least 2;
        intent own: dedicate store;
        intent edge: place front on tier == edge;
        """;

    private static readonly Configuration Plan = new(
        [new Placement("front", ["edge-1", "edge-2"]), new Placement("store", ["cloud-a"])],
        [],
        [new AllowedFlow("front", "store", 5432), new AllowedFlow("store", "front", null)]);

    private static (BoundProgram Program, TopologyModel Topology) Compile()
    {
        var topology = TestSources.LoadTopology(LabTopology.Yaml);
        var compilation = TestSources.Compile(Program, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        return (compilation.Program!, topology);
    }

    private static ImmutableArray<ArtifactFile> Emit()
    {
        var (program, topology) = Compile();
        return KubernetesEmitter.Emit(program, topology, Plan, Digest);
    }

    private static List<object> Objects(ImmutableArray<ArtifactFile> files, string path) =>
        KubernetesYaml.LoadAllFromString(files.Single(f => f.Path == path).Content);

    [Fact]
    public void Files_OnePerServicePlusNamespacesAndTheOperatorFile()
    {
        Assert.Equal(
            ["kubernetes/00_namespaces.yaml", "kubernetes/front.yaml", "kubernetes/operator/node-setup.yaml", "kubernetes/store.yaml"],
            Emit().Select(f => f.Path));
    }

    [Fact]
    public void Deployment_PinnedByRequiredNodeAffinity_NeverNodeName()
    {
        var files = Emit();
        var front = Objects(files, "kubernetes/front.yaml").OfType<V1Deployment>().Single();
        Assert.Equal(2, front.Spec.Replicas);
        Assert.Null(front.Spec.Template.Spec.NodeName);
        Assert.Null(front.Spec.Template.Spec.NodeSelector);
        var term = Assert.Single(front.Spec.Template.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms);
        var requirement = Assert.Single(term.MatchExpressions);
        Assert.Equal(("kubernetes.io/hostname", "In"), (requirement.Key, requirement.OperatorProperty));
        Assert.Equal(["edge-1", "edge-2"], requirement.Values);
        var container = Assert.Single(front.Spec.Template.Spec.Containers);
        Assert.Equal("r/front:1", container.Image);
        Assert.Equal(8080, Assert.Single(container.Ports).ContainerPort);
        Assert.Equal("500m", container.Resources.Requests["cpu"].ToString());
        Assert.Equal("256Mi", container.Resources.Limits["memory"].ToString());
        Assert.Equal("front", front.Spec.Template.Metadata.Labels["privc.io/service"]);
        Assert.Equal("front", front.Spec.Template.Metadata.Labels["app.kubernetes.io/name"]);
        Assert.All(files, f => Assert.DoesNotContain("nodeName", f.Content, StringComparison.Ordinal));
    }

    [Fact]
    public void Deployment_AntiAffinityAmongOwnReplicasAndAgainstTheSeparatedService()
    {
        var front = Objects(Emit(), "kubernetes/front.yaml").OfType<V1Deployment>().Single();
        var terms = front.Spec.Template.Spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution;
        Assert.Equal(
            ["front@default/kubernetes.io/hostname", "store@vault-ns/kubernetes.io/hostname"],
            terms.Select(t => $"{t.LabelSelector.MatchLabels["privc.io/service"]}@{Assert.Single(t.Namespaces)}/{t.TopologyKey}"));
        var store = Objects(Emit(), "kubernetes/store.yaml").OfType<V1Deployment>().Single();
        Assert.Contains(store.Spec.Template.Spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution,
            t => t.LabelSelector.MatchLabels["privc.io/service"] == "front" && t.Namespaces.Single() == "default");
        // A single replica needs no anti-affinity against itself (and it would keep a rollout's surge pod off its node).
        Assert.DoesNotContain(store.Spec.Template.Spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution,
            t => t.LabelSelector.MatchLabels["privc.io/service"] == "store");
    }

    [Fact]
    public void Deployment_SpreadIntent_GivesADoNotScheduleConstraint()
    {
        var front = Objects(Emit(), "kubernetes/front.yaml").OfType<V1Deployment>().Single();
        var spread = Assert.Single(front.Spec.Template.Spec.TopologySpreadConstraints);
        Assert.Equal(("zone", "DoNotSchedule", 1, 2), (spread.TopologyKey, spread.WhenUnsatisfiable, spread.MaxSkew, spread.MinDomains));
        Assert.Equal("front", spread.LabelSelector.MatchLabels["privc.io/service"]);
        var store = Objects(Emit(), "kubernetes/store.yaml").OfType<V1Deployment>().Single();
        Assert.Null(store.Spec.Template.Spec.TopologySpreadConstraints);
    }

    [Fact]
    public void DedicateIntent_TaintInTheOperatorFileMatchesTheToleration()
    {
        var files = Emit();
        var store = Objects(files, "kubernetes/store.yaml").OfType<V1Deployment>().Single();
        var toleration = Assert.Single(store.Spec.Template.Spec.Tolerations);
        var nodes = Objects(files, "kubernetes/operator/node-setup.yaml").Cast<V1Node>().ToList();
        Assert.Equal(["cloud-a", "edge-1", "edge-2"], nodes.Select(n => n.Metadata.Name));
        var cloud = nodes.Single(n => n.Metadata.Name == "cloud-a");
        var taint = Assert.Single(cloud.Spec.Taints);
        Assert.Equal(("privc.io/dedicated", "vault", "NoSchedule"), (taint.Key, taint.Value, taint.Effect));
        Assert.Equal((taint.Key, taint.Value, taint.Effect, "Equal"), (toleration.Key, toleration.Value, toleration.Effect, toleration.OperatorProperty));
        Assert.Equal("own", cloud.Metadata.Annotations["privc.io/intents"]);
        // The spread intent needs zone labels on the nodes of the service it spreads, and only there.
        Assert.False(cloud.Metadata.Labels.ContainsKey("zone"));
        var edge = nodes.Single(n => n.Metadata.Name == "edge-2");
        Assert.Equal(("b", "edge-2", "ha"), (edge.Metadata.Labels["zone"], edge.Metadata.Labels["kubernetes.io/hostname"], edge.Metadata.Annotations["privc.io/intents"]));
        Assert.All(nodes.Where(n => n.Metadata.Name != "cloud-a"), n => Assert.Null(n.Spec));
        var front = Objects(files, "kubernetes/front.yaml").OfType<V1Deployment>().Single();
        Assert.Null(front.Spec.Template.Spec.Tolerations);
    }

    [Fact]
    public void NetworkPolicies_DefaultDenyPerNamespace_AndEachAllowedFlowOnBothEnds()
    {
        var files = Emit();
        var namespaces = Objects(files, "kubernetes/00_namespaces.yaml");
        Assert.Equal("vault-ns", Assert.Single(namespaces.OfType<V1Namespace>()).Metadata.Name);
        var denies = namespaces.OfType<V1NetworkPolicy>().Where(p => p.Metadata.Name == "privc.default-deny").ToList();
        Assert.Equal(["default", "vault-ns"], denies.Select(p => p.Metadata.NamespaceProperty));
        Assert.All(denies, p =>
        {
            Assert.Equal("privc", Assert.Single(p.Spec.PodSelector.MatchLabels, l => l.Key == "app.kubernetes.io/managed-by").Value);
            Assert.Equal(["Ingress", "Egress"], p.Spec.PolicyTypes);
            Assert.Null(p.Spec.Ingress);
            Assert.Null(p.Spec.Egress);
        });

        var front = Objects(files, "kubernetes/front.yaml").OfType<V1NetworkPolicy>().Single();
        var egress = Assert.Single(front.Spec.Egress);
        Assert.Equal("store", Assert.Single(egress.To).PodSelector.MatchLabels["privc.io/service"]);
        Assert.Equal("vault-ns", egress.To[0].NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);
        Assert.Equal(("5432", "TCP"), (Assert.Single(egress.Ports).Port.Value, egress.Ports[0].Protocol));
        var ingress = Assert.Single(front.Spec.Ingress);
        Assert.Equal("store", Assert.Single(ingress.FromProperty).PodSelector.MatchLabels["privc.io/service"]);
        Assert.Null(ingress.Ports);

        var store = Objects(files, "kubernetes/store.yaml").OfType<V1NetworkPolicy>().Single();
        Assert.Equal("vault-ns", store.Metadata.NamespaceProperty);
        Assert.Equal("5432", Assert.Single(Assert.Single(store.Spec.Ingress).Ports).Port.Value);
        Assert.Null(Assert.Single(store.Spec.Egress).Ports);
    }

    [Fact]
    public void EveryObject_CarriesTheCertificateAndTheIntentsItEnforces()
    {
        var files = Emit();
        var objects = files.SelectMany(f => KubernetesYaml.LoadAllFromString(f.Content)).Cast<IMetadata<V1ObjectMeta>>().ToList();
        Assert.All(objects, o =>
        {
            Assert.Equal(Digest, o.Metadata.Annotations["privc.io/certificate"]);
            Assert.True(o.Metadata.Annotations.ContainsKey("privc.io/intents"));
        });
        var front = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "front");
        Assert.Equal(["apart", "edge", "ha"], front.Metadata.Annotations["privc.io/intents"].Split(',').Order());
        Assert.False(front.Spec.Template.Metadata.Annotations.ContainsKey("privc.io/certificate"));
        Assert.Matches("^sha256:[0-9a-f]{64}$", front.Spec.Template.Metadata.Annotations["privc.io/placement"]);
    }

    [Fact]
    public void CrossNamespacePlan_ReadsBackToTheSameAllowedFlows()
    {
        var (program, topology) = Compile();
        var files = KubernetesEmitter.Emit(program, topology, Plan, Digest);
        var reading = KubernetesReader.Read(files.Select(f => new SourceText(f.Path, f.Content)).ToList(), topology, program);
        Assert.Empty(reading.Diagnostics);
        Assert.Equal(Plan.Allowed.OrderBy(a => a.Source, StringComparer.Ordinal), reading.Allowed);
        Assert.Equal(Plan.Placements, reading.Placements, (a, b) => a.Service == b.Service && a.Nodes.SequenceEqual(b.Nodes));
    }

    [Fact]
    public async Task StrictSchema_RejectsUnknownFieldsAndNullRequiredFields_SoTheSchemaTestsCanFail()
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(TestPaths.SharedData, "kubernetes", "v1.30.0-standalone-strict", "deployment-apps-v1.json"));
        var deployment = Assert.IsType<JsonObject>(YamlJson.Documents(Emit().Single(f => f.Path == "kubernetes/front.yaml").Content)[0]);
        Assert.Empty(schema.Validate(deployment.ToJsonString()));
        var unknown = deployment.DeepClone().AsObject();
        unknown["spec"]!.AsObject()["nodeAffinity"] = "edge-1";
        Assert.NotEmpty(schema.Validate(unknown.ToJsonString()));
        var withNull = deployment.DeepClone().AsObject();
        withNull["spec"]!.AsObject()["selector"] = null;
        Assert.NotEmpty(schema.Validate(withNull.ToJsonString()));
    }
}
