using Privc.Artifacts.Kubernetes;
using Privc.Checking;
using Privc.Diagnostics;
using Privc.Semantics;
using Privc.Tests.Verification;
using Privc.Text;
using Privc.Topology;

namespace Privc.Tests.Artifacts.Kubernetes;

/// <summary>
/// The closed world of specs/check.md, kind by kind and field by field: what is modelled exactly (every workload
/// kind, owners, DaemonSets, apply order, taints, RuntimeClasses, cluster DNS, named ports, protocols) and what is
/// reported as not judged (PRIV51xx) at the field that cannot be judged.
/// </summary>
public class KubernetesClosedWorldTests
{
    private const string Program = """
        data Records: restricted tags PII;
        service front { image "r/front:1"; replicas 1; cpu 500m; memory 256Mi; ports 8080; tenant clinic; clearance restricted; handles Records; }
        service store { image "r/store:1"; replicas 1; cpu 1; memory 1Gi; ports 5432; tenant clinic; clearance restricted; }
        flow save: front -> store carries Records port 5432;
        intent au: keep Records within jurisdiction == AU;
        """;

    private static (BoundProgram Program, TopologyModel Topology) Compile()
    {
        var topology = TestSources.LoadTopology(LabTopology.Yaml);
        var compilation = TestSources.Compile(Program, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        return (compilation.Program!, topology);
    }

    private static KubernetesReading Read(params string[] files) => Read([], files);

    private static KubernetesReading Read(string[] clusterState, params string[] files)
    {
        var (program, topology) = Compile();
        return KubernetesReader.Read(
            new KubernetesInputs(files.Select((text, i) => new SourceText($"m{i}.yaml", text)).ToList(), clusterState.Select((text, i) => new SourceText($"c{i}.yaml", text)).ToList()),
            topology, program);
    }

    private static string Pod(string name, string labels, string spec) =>
        $"apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, labels: {labels}}}\nspec:\n{spec}";

    private static string Nodes(KubernetesReading reading, string service) =>
        string.Join(",", reading.Placements.Single(p => p.Service == service).Nodes);

    private static Diagnostic Only(KubernetesReading reading, string code) =>
        Assert.Single(reading.Diagnostics, d => d.Code == code);

    private const string FrontPod = "apiVersion: v1\nkind: Pod\nmetadata: {name: front, labels: {app: front}}\nspec:\n  nodeName: edge-1\n  containers: [{name: f, image: r/front:1, ports: [{containerPort: 8080}]}]\n";
    private const string StorePod = "apiVersion: v1\nkind: Pod\nmetadata: {name: store, labels: {app: store}}\nspec:\n  nodeName: cloud-a\n  containers: [{name: s, image: r/store:1, ports: [{name: pg, containerPort: 5432}]}]\n";

    [Fact]
    public void DaemonSet_RunsOnEveryNodeItToleratesAndSelects()
    {
        var daemonSet = """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec:
                  nodeSelector: {tier: cloud}
                  containers: [{name: a, image: "r/store:2"}]
            """;
        var taint = "apiVersion: v1\nkind: Node\nmetadata: {name: cloud-b}\nspec: {taints: [{key: dedicated, effect: NoSchedule}]}\n";
        var reading = Read(FrontPod, StorePod, daemonSet, taint);
        // The image's repository is store's: the DaemonSet's pods are store replicas on cloud-a and cloud-sg (cloud-b is tainted).
        Assert.Equal("cloud-a,cloud-sg", Nodes(reading, "store"));
        Assert.Contains(reading.Findings, f => f.Violation.Kind == ViolationKind.DuplicatePlacement && f.Violation.Witness.Service == "store");
        // The DaemonSet controller's own tolerations (unschedulable, not-ready...) let it onto a cordoned node.
        var cordoned = Read(FrontPod, daemonSet, "apiVersion: v1\nkind: Node\nmetadata: {name: cloud-sg}\nspec: {unschedulable: true}\n");
        Assert.Equal("cloud-a,cloud-b,cloud-sg", Nodes(cordoned, "store"));
    }

    [Fact]
    public void JobAndCronJob_RunTheirTemplatesPods()
    {
        var job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    metadata: {labels: {app: store}}\n    spec: {nodeName: cloud-sg, restartPolicy: Never, containers: [{name: j, image: x}]}\n";
        Assert.Equal("cloud-sg", Nodes(Read(FrontPod, job), "store"));
        var cron = "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec: {nodeName: cloud-b, restartPolicy: Never, containers: [{name: c, image: 'r/front:9'}]}\n";
        Assert.Equal("cloud-b", Nodes(Read(cron), "front"));
    }

    [Fact]
    public void OwnedReplicaSetsAndPods_AreTheirDeploymentsReplicas()
    {
        var deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: store, uid: d-1}
            spec:
              replicas: 1
              selector: {matchLabels: {app: store}}
              template:
                metadata: {labels: {app: store}}
                spec: {nodeSelector: {kubernetes.io/hostname: cloud-a}, containers: [{name: s, image: r/store:1}]}
            ---
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata:
              name: store-7f9
              uid: rs-1
              ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: store, uid: d-1, controller: true}]
            spec:
              replicas: 1
              selector: {matchLabels: {app: store, pod-template-hash: 7f9}}
              template:
                metadata: {labels: {app: store, pod-template-hash: 7f9}}
                spec: {nodeSelector: {kubernetes.io/hostname: cloud-a}, containers: [{name: s, image: r/store:1}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: store-7f9-abc
              labels: {app: store, pod-template-hash: 7f9}
              ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: store-7f9, uid: rs-1, controller: true}]
            spec: {nodeName: cloud-a, containers: [{name: s, image: r/store:1}]}
            status: {phase: Running}
            """;
        var reading = Read(FrontPod, deployment);
        Assert.Equal("cloud-a", Nodes(reading, "store"));
        Assert.DoesNotContain(reading.Diagnostics, d => d.Code is "PRIV5005" or "PRIV5107");
        Assert.Empty(reading.Findings.Where(f => f.Violation.Kind == ViolationKind.DuplicatePlacement));
        // A uid that does not match is another object: the pod's owner is missing.
        var stale = Read(FrontPod, deployment.Replace("name: store-7f9, uid: rs-1", "name: store-7f9, uid: rs-2", StringComparison.Ordinal));
        Assert.Equal("m1.yaml:29:20", Only(stale, "PRIV5107").Location!.Value.Display);
    }

    [Fact]
    [CoversDiagnostic("PRIV5107")]
    public void PodOwnedByAControllerNotInTheManifests_CannotBeJudged_ButItsNodeIs()
    {
        var orphan = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: store-x\n  labels: {app: store}\n  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: store-1a2, uid: u, controller: true}]\nspec: {nodeName: cloud-sg, containers: [{name: s, image: x}]}\n";
        var reading = Read(FrontPod, StorePod, orphan);
        var diagnostic = Only(reading, "PRIV5107");
        Assert.Equal(Severity.Warning, diagnostic.Severity);
        Assert.Equal("m2.yaml:6:20", diagnostic.Location!.Value.Display);
        Assert.Contains("ReplicaSet 'store-1a2'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal("cloud-a,cloud-sg", Nodes(reading, "store"));
        Assert.DoesNotContain(reading.Findings, f => f.Violation.Kind == ViolationKind.DuplicatePlacement);
    }

    [Fact]
    [CoversDiagnostic("PRIV5103")]
    public void KindsPrivcDoesNotModel_AreNotJudged_AndInertKindsAreCounted()
    {
        var anp = "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: a}\nspec: {priority: 1}\n";
        var hpa = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec: {maxReplicas: 3}\n";
        var old = "apiVersion: apps/v1beta2\nkind: Deployment\nmetadata: {name: d}\nspec: {}\n";
        var service = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: store}}\n";
        var reading = Read(FrontPod, StorePod, anp, hpa, old, service);
        var notJudged = reading.Diagnostics.Where(d => d.Code == "PRIV5103").ToList();
        Assert.Equal(["m2.yaml:1:1", "m3.yaml:1:1", "m4.yaml:1:1"], notJudged.Select(d => d.Location!.Value.Display).ToArray());
        Assert.All(notJudged, d => Assert.True(DiagnosticCatalogue.IsCannotJudge(d)));
        Assert.Contains("admin network policies", notJudged[0].Message, StringComparison.Ordinal);
        Assert.Contains("serves Deployment as apps/v1", notJudged[2].Message, StringComparison.Ordinal);
        Assert.Equal(1, reading.Inert["Service"]);
    }

    [Fact]
    [CoversDiagnostic("PRIV5104")]
    public void HostNetworkProgramPod_CannotBeJudged()
    {
        var reading = Read(FrontPod.Replace("  nodeName: edge-1\n", "  nodeName: edge-1\n  hostNetwork: true\n", StringComparison.Ordinal), StorePod);
        var diagnostic = Only(reading, "PRIV5104");
        Assert.Equal("m0.yaml:6:16", diagnostic.Location!.Value.Display);
    }

    [Fact]
    public void HostPortOnAProgramPod_CannotBeJudged()
    {
        var reading = Read(FrontPod.Replace("ports: [{containerPort: 8080}]", "ports: [{containerPort: 8080, hostPort: 80}]", StringComparison.Ordinal), StorePod);
        var diagnostic = Only(reading, "PRIV5104");
        Assert.Equal("m0.yaml:6:84", diagnostic.Location!.Value.Display);
        Assert.Contains("hostPort 80", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NamespaceAnnotationsThatAddTolerations_CannotBeJudged()
    {
        var ns = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n  annotations: {scheduler.alpha.kubernetes.io/defaultTolerations: '[{\"operator\": \"Exists\"}]'}\n";
        var reading = Read(ns, FrontPod, StorePod);
        Assert.Equal(2, reading.Diagnostics.Count(d => d.Code == "PRIV5110"));
        Assert.Contains(reading.Diagnostics, d => d.Code == "PRIV5110" && d.Location!.Value.Display == "m0.yaml:5:67" && d.Message.Contains("defaultTolerations", StringComparison.Ordinal));
    }

    [Fact]
    [CoversDiagnostic("PRIV5105")]
    public void NodeLabelsTheTopologyDoesNotGive_AreUnknown_NotAbsent()
    {
        var front = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: front}\nspec:\n  selector: {matchLabels: {app: front}}\n  template:\n    metadata: {labels: {app: front}}\n    spec:\n      nodeSelector: {kubernetes.io/os: linux, kubernetes.io/hostname: edge-1}\n      containers: [{name: f, image: x}]\n";
        var reading = Read(front, StorePod);
        var diagnostic = Only(reading, "PRIV5105");
        Assert.Equal("m0.yaml:9:40", diagnostic.Location!.Value.Display);
        Assert.Contains("kubernetes.io/os", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal("edge-1", Nodes(reading, "front")); // judged where it may run, never "0 nodes"
        // The cluster's own Node objects (with status) give every label: known, nothing to report.
        var live = "apiVersion: v1\nkind: Node\nmetadata: {name: edge-1, uid: n1, labels: {kubernetes.io/hostname: edge-1, kubernetes.io/os: linux}}\nstatus: {}\n";
        var known = Read([live], front, StorePod);
        Assert.DoesNotContain(known.Diagnostics, d => d.Code == "PRIV5105");
        Assert.Equal("edge-1", Nodes(known, "front"));
        // A key the topology uses is known on every node: absent where the topology lacks it.
        var byTier = front.Replace("kubernetes.io/os: linux, kubernetes.io/hostname: edge-1", "tier: edge", StringComparison.Ordinal);
        Assert.DoesNotContain(Read(byTier, StorePod).Diagnostics, d => d.Code == "PRIV5105");
    }

    [Fact]
    public void WellKnownLabelsTheTopologyGives_AreJudged()
    {
        // A topology may state a well-known label itself (quoted key; PRIV3012 warns that kubelets set it): every
        // node then has it, known, and a nodeSelector on it places the service exactly.
        var yaml = LabTopology.Yaml
            .Replace("tee: false, zone: c}", "tee: false, zone: c, \"kubernetes.io/os\": windows}", StringComparison.Ordinal)
            .Replace("zone: a}", "zone: a, \"kubernetes.io/os\": linux}", StringComparison.Ordinal)
            .Replace("zone: b}", "zone: b, \"kubernetes.io/os\": linux}", StringComparison.Ordinal);
        var topology = TestSources.LoadTopology(yaml);
        var compilation = TestSources.Compile(Program, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        var front = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: front}\nspec:\n  selector: {matchLabels: {app: front}}\n  template:\n    metadata: {labels: {app: front}}\n    spec:\n      nodeSelector: {kubernetes.io/os: windows}\n      containers: [{name: f, image: x}]\n";
        var reading = KubernetesReader.Read(new KubernetesInputs([new SourceText("m0.yaml", front), new SourceText("m1.yaml", StorePod)], []), topology, compilation.Program!);

        Assert.DoesNotContain(reading.Diagnostics, d => d.Code is "PRIV5105" or "PRIV5006");
        Assert.Equal("cloud-sg", Nodes(reading, "front"));
        Assert.Empty(reading.Undetermined);
    }

    [Fact]
    [CoversDiagnostic("PRIV5106")]
    public void SelectorsOnLabelsAControllerChooses_CannotBeJudged()
    {
        var front = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: front}\nspec:\n  selector: {matchLabels: {app: front}}\n  template:\n    metadata: {labels: {app: front}}\n    spec: {nodeName: edge-1, containers: [{name: f, image: x}]}\n";
        var deny = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n";
        var open = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: canary}\nspec:\n  podSelector: {matchLabels: {pod-template-hash: abc}}\n  policyTypes: [Egress]\n  egress: [{to: [{podSelector: {matchLabels: {app: store}}}]}]\n";
        var storeIn = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: store-in}\nspec:\n  podSelector: {matchLabels: {app: store}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: front}}}]}]\n";
        var reading = Read(front, StorePod, deny, open, storeIn);
        var diagnostic = Only(reading, "PRIV5106");
        Assert.Equal("m3.yaml:5:16", diagnostic.Location!.Value.Display);
        Assert.Contains("pod-template-hash", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(new AllowedFlow("front", "store", null), reading.PossiblyAllowed);
        Assert.DoesNotContain(reading.Allowed, f => f.Source == "front");
    }

    [Fact]
    [CoversDiagnostic("PRIV5108")]
    public void APodAppliedTwiceWithAnotherSpec_CannotBeJudged_AndADeploymentIsReplaced()
    {
        var reading = Read(FrontPod, StorePod, StorePod.Replace("cloud-a", "cloud-sg", StringComparison.Ordinal));
        var diagnostic = Only(reading, "PRIV5108");
        Assert.Equal("m2.yaml:1:1", diagnostic.Location!.Value.Display);
        Assert.Equal("cloud-a,cloud-sg", Nodes(reading, "store"));
        string Deployment(string node) => $"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: store}}\nspec:\n  selector: {{matchLabels: {{app: store}}}}\n  template:\n    metadata: {{labels: {{app: store}}}}\n    spec: {{nodeName: {node}, containers: [{{name: s, image: x}}]}}\n";
        var replaced = Read(FrontPod, Deployment("cloud-sg"), Deployment("cloud-a"));
        Assert.Equal("cloud-a", Nodes(replaced, "store"));
        Assert.DoesNotContain(replaced.Diagnostics, d => d.Code is "PRIV5108" or "PRIV5005");
    }

    [Fact]
    [CoversDiagnostic("PRIV5109")]
    public void VolumesOffTheNode_CannotBeJudged_NodeLocalOnesCan()
    {
        var withVolumes = StorePod.Replace("  nodeName: cloud-a\n", "  nodeName: cloud-a\n  volumes:\n  - {name: tmp, emptyDir: {}}\n  - {name: data, persistentVolumeClaim: {claimName: db}}\n", StringComparison.Ordinal);
        var diagnostic = Only(Read(FrontPod, withVolumes), "PRIV5109");
        Assert.Equal("m1.yaml:8:5", diagnostic.Location!.Value.Display);
        Assert.Contains("persistentVolumeClaim", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV5110")]
    public void RuntimeClass_IsModelledWhenGiven_AndNotJudgedWhenMissing()
    {
        var front = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: front}\nspec:\n  selector: {matchLabels: {app: front}}\n  template:\n    metadata: {labels: {app: front}}\n    spec: {runtimeClassName: kata, nodeSelector: {tier: edge}, containers: [{name: f, image: x}]}\n";
        var missing = Read(front, StorePod);
        Assert.Equal("m0.yaml:8:30", Only(missing, "PRIV5110").Location!.Value.Display);
        var runtimeClass = "apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata: {name: kata}\nhandler: kata\nscheduling: {nodeSelector: {tee: \"true\"}}\n";
        var given = Read(front, StorePod, runtimeClass);
        Assert.DoesNotContain(given.Diagnostics, d => d.Code == "PRIV5110");
        Assert.Equal("edge-1", Nodes(given, "front")); // tier edge and the class's tee: true
    }

    [Fact]
    [CoversDiagnostic("PRIV5040")]
    public void ClusterState_ReadsNodesAndNamespaces_AndSaysWhatElseItIgnores()
    {
        var deployment = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n";
        var reading = Read([deployment], FrontPod, StorePod);
        var diagnostic = Only(reading, "PRIV5040");
        Assert.Equal("c0.yaml:1:1", diagnostic.Location!.Value.Display);
        Assert.Equal(Severity.Warning, diagnostic.Severity);
        Assert.False(DiagnosticCatalogue.IsCannotJudge(diagnostic));
    }

    [Fact]
    public void ClusterDns_IsTheOnlyPartyOutsideTheProgramAllowed()
    {
        var deny = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n";
        string Egress(string to, string ports) => $"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: out}}\nspec:\n  podSelector: {{matchLabels: {{app: front}}}}\n  policyTypes: [Egress]\n  egress: [{{to: [{to}], ports: {ports}}}]\n";
        const string dns = "{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}";
        Assert.Empty(Read(FrontPod, StorePod, deny, Egress(dns, "[{port: 53, protocol: UDP}, {port: 53}]")).Findings);
        Assert.Single(Read(FrontPod, StorePod, deny, Egress(dns, "[{port: 443}]")).Findings);
        Assert.Single(Read(FrontPod, StorePod, deny, Egress(dns.Replace("k8s-app: kube-dns", "app: x", StringComparison.Ordinal), "[{port: 53}]")).Findings);
        // A selector requiring a program service's label admits only that service's pods: no party outside.
        Assert.Empty(Read(FrontPod, StorePod, deny, Egress("{podSelector: {matchLabels: {app: store}}}", "[{port: 5432}]")).Findings);
        var all = Read(FrontPod, StorePod, deny, Egress("{podSelector: {}}", "[{port: 5432}]"));
        var finding = Assert.Single(all.Findings);
        Assert.Equal("m3.yaml:7:18", Assert.Single(finding.At).Display);
        Assert.Contains("pods of namespace 'default' that run no program service", finding.Violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NamedPorts_ResolveAgainstEveryContainer_SidecarsIncluded()
    {
        var store = StorePod.Replace("  containers:", "  initContainers: [{name: side, image: \"side:1\", restartPolicy: Always, ports: [{name: admin, containerPort: 9999}]}]\n  containers:", StringComparison.Ordinal);
        var ingress = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: in}\nspec:\n  podSelector: {matchLabels: {app: store}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: front}}}], ports: [{port: admin}]}]\n";
        var reading = Read(FrontPod, store, ingress);
        Assert.Contains(new AllowedFlow("front", "store", 9999), reading.Allowed);
    }

    [Fact]
    public void UdpBetweenProgramServices_IsAnUndeclaredFlow()
    {
        var deny = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n";
        var rules = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: both}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress: [{from: [{podSelector: {matchLabels: {app: front}}}], ports: [{port: 5432}, {port: 5432, protocol: UDP}]}]\n  egress: [{to: [{podSelector: {matchLabels: {app: store}}}], ports: [{port: 5432}, {port: 5432, protocol: UDP}]}]\n";
        var reading = Read(FrontPod, StorePod, deny, rules);
        Assert.Equal([new AllowedFlow("front", "store", 5432)], reading.Allowed.ToArray());
        var finding = Assert.Single(reading.Findings);
        Assert.Equal("5432/UDP", finding.Violation.Witness.Port);
    }

    [Fact]
    public void AntiAffinity_CountsOnlyUnderEveryReadingOfMatchAndMismatchLabelKeys()
    {
        string Front(string term) => $"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: front}}\nspec:\n  replicas: 2\n  selector: {{matchLabels: {{app: front}}}}\n  template:\n    metadata: {{labels: {{app: front}}}}\n    spec:\n      nodeSelector: {{tier: edge}}\n      affinity: {{podAntiAffinity: {{requiredDuringSchedulingIgnoredDuringExecution: [{term}]}}}}\n      containers: [{{name: f, image: x}}]\n";
        const string apart = "{labelSelector: {matchLabels: {app: front}}, topologyKey: kubernetes.io/hostname";
        Assert.Empty(Read(Front(apart + "}"), StorePod).Undetermined);
        Assert.Empty(Read(Front(apart + ", matchLabelKeys: [pod-template-hash]}"), StorePod).Undetermined); // replicas share their hash
        Assert.Equal(["front"], Read(Front(apart + ", mismatchLabelKeys: [app]}"), StorePod).Undetermined.ToArray());
        Assert.Equal(["front"], Read(Front(apart + ", namespaceSelector: {matchLabels: {team: a}}}"), StorePod).Undetermined.ToArray());
        Assert.Empty(Read(Front(apart + ", namespaceSelector: {}}"), StorePod).Undetermined);
        Assert.Equal(["front"], Read(Front("{labelSelector: {matchLabels: {app: front}}, topologyKey: zone}"), StorePod).Undetermined.ToArray());
    }

    [Fact]
    public void PodAntiAffinityOnAStatefulSetsPodName_DoesNotKeepReplicasApart()
    {
        var set = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: front}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: front}}\n  template:\n    metadata: {labels: {app: front}}\n    spec:\n      nodeSelector: {tier: edge}\n      affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: front}}, topologyKey: kubernetes.io/hostname, matchLabelKeys: [statefulset.kubernetes.io/pod-name]}]}}\n      containers: [{name: f, image: x}]\n";
        Assert.Equal(["front"], Read(set, StorePod).Undetermined.ToArray());
    }
}
