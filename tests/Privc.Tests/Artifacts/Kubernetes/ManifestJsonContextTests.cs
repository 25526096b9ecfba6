using Privc.Artifacts.Kubernetes;
using Privc.Tests.Verification;
using Privc.Text;

namespace Privc.Tests.Artifacts.Kubernetes;

/// <summary>
/// Every kind the manifest reader turns into a typed model has compile-time JSON metadata (ManifestJsonContext): a
/// kind missing there would throw instead of being read, so each is read here once, with a field of each shape.
/// </summary>
public class ManifestJsonContextTests
{
    private const string Program = """
        service store { image "r/store:1"; replicas 1; cpu 1; memory 1Gi; ports 5432; tenant clinic; }
        """;

    private const string Template = """
        metadata: {labels: {app: store}}
            spec:
              nodeSelector: {kubernetes.io/hostname: cloud-a}
              containers: [{name: s, image: r/store:1, ports: [{containerPort: 5432}], resources: {requests: {cpu: 500m}}}]
        """;

    public static TheoryData<string> Workloads() => new(
        $"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: store}}\nspec:\n  replicas: 1\n  selector: {{matchLabels: {{app: store}}}}\n  template:\n    {Template}",
        $"apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: store}}\nspec:\n  replicas: 1\n  serviceName: store\n  selector: {{matchLabels: {{app: store}}}}\n  template:\n    {Template}",
        $"apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {{name: store}}\nspec:\n  selector: {{matchLabels: {{app: store}}}}\n  template:\n    {Template}",
        $"apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {{name: store}}\nspec:\n  replicas: 1\n  selector: {{matchLabels: {{app: store}}}}\n  template:\n    {Template}",
        $"apiVersion: v1\nkind: ReplicationController\nmetadata: {{name: store}}\nspec:\n  replicas: 1\n  selector: {{app: store}}\n  template:\n    {Template}",
        $"apiVersion: batch/v1\nkind: Job\nmetadata: {{name: store}}\nspec:\n  template:\n    {Template.Replace("containers:", "restartPolicy: Never\n      containers:", StringComparison.Ordinal)}",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: store, labels: {app: store}}\nspec:\n  nodeName: cloud-a\n  containers: [{name: s, image: r/store:1, ports: [{containerPort: 5432}]}]\n");

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Read_EveryWorkloadKind_ReadThroughTheGeneratedMetadata(string manifest)
    {
        var topology = TestSources.LoadTopology(LabTopology.Yaml);
        var compilation = TestSources.Compile(Program, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        var facts = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: default, labels: {team: a}}
            ---
            apiVersion: node.k8s.io/v1
            kind: RuntimeClass
            metadata: {name: gvisor}
            handler: runsc
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny}
            spec: {podSelector: {}, policyTypes: [Ingress], ingress: [{ports: [{port: 5432, protocol: TCP}]}]}
            """;
        var nodes = "apiVersion: v1\nkind: Node\nmetadata: {name: cloud-a, labels: {kubernetes.io/hostname: cloud-a, tier: cloud}, creationTimestamp: '2026-01-01T00:00:00Z'}\nspec: {taints: []}\n";

        var reading = KubernetesReader.Read(new KubernetesInputs([new SourceText("m0.yaml", manifest), new SourceText("m1.yaml", facts)], [new SourceText("c0.yaml", nodes)]),
            topology, compilation.Program!);

        Assert.DoesNotContain(reading.Diagnostics, d => d.Code == "PRIV5003");
        Assert.Equal("cloud-a", string.Join(",", Assert.Single(reading.Placements).Nodes));
    }
}
