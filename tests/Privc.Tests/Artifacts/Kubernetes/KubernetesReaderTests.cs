using Privc.Artifacts.Kubernetes;
using Privc.Checking;
using Privc.Diagnostics;
using Privc.Semantics;
using Privc.Tests.Verification;
using Privc.Text;
using Privc.Topology;

namespace Privc.Tests.Artifacts.Kubernetes;

/// <summary>Reading hand-written (not privc's) manifests: placements, allowed flows and located diagnostics.</summary>
public class KubernetesReaderTests
{
    private const string Program = """
        data Records: restricted tags PII;
        service front { image "r/front:1"; replicas 2; cpu 500m; memory 256Mi; ports 8080; tenant clinic; clearance restricted; handles Records; }
        service store { image "r/store:1"; replicas 1; cpu 1; memory 1Gi; ports 5432, 5433; tenant clinic; clearance restricted; }
        flow save: front -> store carries Records port 5432;
        """;

    private const string FrontOnEdge = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: front-deploy}
        spec:
          replicas: 2
          selector: {matchLabels: {app: front}}
          template:
            metadata: {labels: {app: front, role: web}}
            spec:
              nodeSelector: {tier: edge}
              affinity:
                podAntiAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                  - {labelSelector: {matchLabels: {app: front}}, topologyKey: kubernetes.io/hostname}
              containers: [{name: front, image: r/front:1}]
        """;

    private const string StorePod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: store, labels: {app.kubernetes.io/name: store}}
        spec:
          nodeName: cloud-a
          containers:
          - name: store
            image: r/store:1
            ports: [{name: pg, containerPort: 5432}, {name: pg-admin, containerPort: 5433}]
        """;

    private static (BoundProgram Program, TopologyModel Topology) Compile()
    {
        var topology = TestSources.LoadTopology(LabTopology.Yaml);
        var compilation = TestSources.Compile(Program, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        return (compilation.Program!, topology);
    }

    private static KubernetesReading Read(params string[] files)
    {
        var (program, topology) = Compile();
        var sources = files.Select((text, i) => new SourceText($"m{i}.yaml", text)).ToList();
        return KubernetesReader.Read(sources, topology, program);
    }

    private static string Nodes(KubernetesReading reading, string service) =>
        string.Join(",", reading.Placements.Single(p => p.Service == service).Nodes);

    private static Diagnostic Single(KubernetesReading reading, string code)
    {
        var diagnostic = Assert.Single(reading.Diagnostics);
        Assert.Equal(code, diagnostic.Code);
        return diagnostic;
    }

    private static string At(Diagnostic diagnostic) => diagnostic.Location!.Value.Display;

    [Fact]
    public void Placements_FromNodeSelectorWithAntiAffinity_AndFromNodeName()
    {
        var reading = Read(FrontOnEdge, StorePod);
        Assert.Empty(reading.Diagnostics);
        Assert.Empty(reading.Undetermined);
        Assert.Equal("edge-1,edge-2", Nodes(reading, "front"));
        Assert.Equal("cloud-a", Nodes(reading, "store"));
        // No NetworkPolicy: every pair is allowed on every port.
        Assert.Equal([new AllowedFlow("front", "store", null), new AllowedFlow("store", "front", null)], reading.Allowed.ToArray());
    }

    [Fact]
    public void ServiceName_ByPrivcLabelThenAppNameThenAppThenObjectName()
    {
        Assert.Equal("a", KubernetesReader.ServiceName(new Dictionary<string, string> { ["app"] = "c", ["app.kubernetes.io/name"] = "b", ["privc.io/service"] = "a" }, "d"));
        Assert.Equal("b", KubernetesReader.ServiceName(new Dictionary<string, string> { ["app"] = "c", ["app.kubernetes.io/name"] = "b" }, "d"));
        Assert.Equal("c", KubernetesReader.ServiceName(new Dictionary<string, string> { ["app"] = "c" }, "d"));
        Assert.Equal("d", KubernetesReader.ServiceName(new Dictionary<string, string>(), "d"));
    }

    [Fact]
    [CoversDiagnostic("PRIV5006")]
    public void NodeSelector_AdmittingMoreNodesThanReplicas_IsUndeterminedAndNotCompliant()
    {
        var reading = Read(FrontOnEdge.Replace("tier: edge", "tier: cloud", StringComparison.Ordinal), StorePod);
        var diagnostic = Single(reading, "PRIV5006");
        Assert.Equal(Severity.Warning, diagnostic.Severity);
        Assert.Equal("m0.yaml:1:1", At(diagnostic));
        Assert.Contains("cloud-a, cloud-b, cloud-sg", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(["front"], reading.Undetermined.ToArray());
        Assert.Equal("cloud-a,cloud-b,cloud-sg", Nodes(reading, "front"));
    }

    [Fact]
    public void Deployment_ScaledToZero_RunsNowhere()
    {
        var reading = Read(FrontOnEdge.Replace("replicas: 2", "replicas: 0", StringComparison.Ordinal), StorePod);
        Assert.Empty(reading.Diagnostics);
        Assert.Equal("", Nodes(reading, "front"));
    }

    [Fact]
    public void Replicas_WithoutAntiAffinity_AreUndetermined()
    {
        var withoutAntiAffinity = string.Join("\n", FrontOnEdge.Split('\n').Where(l => !l.Contains("podAntiAffinity", StringComparison.Ordinal)
            && !l.Contains("requiredDuring", StringComparison.Ordinal) && !l.Contains("labelSelector", StringComparison.Ordinal) && !l.Trim().StartsWith("affinity", StringComparison.Ordinal)));
        var reading = Read(withoutAntiAffinity, StorePod);
        Assert.Contains("distinct nodes", Single(reading, "PRIV5006").Message, StringComparison.Ordinal);
        Assert.Equal(["front"], reading.Undetermined.ToArray());
    }

    [Fact]
    public void NodeTaints_FromNodeObjects_NarrowWhereAPodMayRun()
    {
        const string taint = """
            apiVersion: v1
            kind: Node
            metadata: {name: cloud-b}
            spec:
              taints: [{key: privc.io/dedicated, value: vault, effect: NoSchedule}]
            """;
        var frontOnCloud = FrontOnEdge.Replace("tier: edge", "tier: cloud", StringComparison.Ordinal);
        Assert.Equal(["front"], Read(frontOnCloud, StorePod).Undetermined.ToArray());
        var reading = Read(frontOnCloud, StorePod, taint);
        Assert.Empty(reading.Diagnostics);
        Assert.Equal("cloud-a,cloud-sg", Nodes(reading, "front"));
        var tolerating = frontOnCloud.Replace("      containers:", "      tolerations: [{key: privc.io/dedicated, operator: Exists}]\n      containers:", StringComparison.Ordinal);
        var tolerated = Read(tolerating, StorePod, taint);
        Assert.Equal("cloud-a,cloud-b,cloud-sg", Nodes(tolerated, "front"));
        Assert.Equal(["front"], tolerated.Undetermined.ToArray());
        var stranger = Read(FrontOnEdge, StorePod, taint.Replace("{name: cloud-b}", "{name: cloud-q}", StringComparison.Ordinal));
        var unknown = Single(stranger, "PRIV5004");
        Assert.Equal("m2.yaml:3:18", At(unknown));
        Assert.Equal("Node 'cloud-q' names node 'cloud-q', which the topology does not have; did you mean 'cloud-a'?", unknown.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV5004")]
    public void NodeName_NotInTheTopology_IsAnErrorAtTheName()
    {
        var reading = Read(FrontOnEdge, StorePod.Replace("nodeName: cloud-a", "nodeName: cloud-z", StringComparison.Ordinal));
        var diagnostic = Single(reading, "PRIV5004");
        Assert.Equal("m1.yaml:5:13", At(diagnostic));
        Assert.Contains("'cloud-z'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal("", Nodes(reading, "store"));
    }

    [Fact]
    public void NodeAffinity_NamingAnUnknownNode_IsAnError()
    {
        var affinity = FrontOnEdge.Replace("nodeSelector: {tier: edge}", "nodeSelector: {}", StringComparison.Ordinal)
            .Replace("podAntiAffinity:", "nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [edge-1, edge-9]}]}]}}\n        podAntiAffinity:", StringComparison.Ordinal);
        var reading = Read(affinity, StorePod);
        var unknown = Assert.Single(reading.Diagnostics, d => d.Code == "PRIV5004");
        Assert.Contains("'edge-9'", unknown.Message, StringComparison.Ordinal);
        Assert.Equal("m0.yaml:12:174", At(unknown));
        Assert.Equal("edge-1", Nodes(reading, "front"));
    }

    [Fact]
    [CoversDiagnostic("PRIV5102")]
    public void ForeignDocuments_AreReadAsForeign_AndAKustomizationIsNotJudged()
    {
        const string foreign = """
            # monitoring, not part of the program
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {a: b}
            ---
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: grafana}
            spec:
              selector: {matchLabels: {app: grafana}}
              template:
                metadata: {labels: {app: grafana}}
                spec:
                  nodeName: somewhere-else
                  containers: [{name: grafana, image: grafana/grafana}]
            ---
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources: [front.yaml]
            """;
        var reading = Read(foreign, FrontOnEdge, StorePod);
        // A workload of no program service is foreign: where it runs is no intent's business (no PRIV5004), but the
        // kustomization means what kubectl apply -k deploys is not these files.
        var diagnostic = Single(reading, "PRIV5102");
        Assert.Equal("m0.yaml:19:1", At(diagnostic));
        Assert.Equal(["front", "store"], reading.Placements.Select(p => p.Service).ToArray());
        Assert.Equal(1, reading.Inert["ConfigMap"]);
    }

    private static string ListOf(params string[] objects) =>
        "apiVersion: v1\nkind: List\nitems:\n"
        + string.Concat(objects.Select(o => "- " + string.Join("\n  ", o.TrimEnd('\n').Split('\n')) + "\n"))
        + "metadata: {resourceVersion: \"\"}\n";

    [Fact]
    public void ListsAsKubectlPrintsThem_AreReadItemByItem()
    {
        var reading = Read(ListOf(FrontOnEdge, StorePod, DenyAll));
        Assert.Empty(reading.Diagnostics);
        Assert.Equal("edge-1,edge-2", Nodes(reading, "front"));
        Assert.Equal("cloud-a", Nodes(reading, "store"));
        Assert.Empty(reading.Allowed);

        var malformed = Read(ListOf(FrontOnEdge.Replace("replicas: 2", "replicas: many", StringComparison.Ordinal)));
        Assert.Equal("m0.yaml:8:15", At(Single(malformed, "PRIV5003")));
    }

    [Fact]
    [CoversDiagnostic("PRIV5001")]
    public void MalformedYaml_IsAnErrorWithItsPosition()
    {
        var reading = Read(FrontOnEdge, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: store\n labels: {}\n");
        var diagnostic = Single(reading, "PRIV5001");
        Assert.StartsWith("m1.yaml:5:", At(diagnostic), StringComparison.Ordinal);
        Assert.DoesNotContain("store", reading.Placements.Select(p => p.Service));
    }

    [Fact]
    [CoversDiagnostic("PRIV5002")]
    public void DocumentsThatAreNotObjects_AreErrors()
    {
        var reading = Read("- a\n- b\n---\nmetadata: {name: x}\n");
        Assert.Equal(["m0.yaml:1:1: PRIV5002", "m0.yaml:4:1: PRIV5002"], reading.Diagnostics.Select(d => $"{At(d)}: {d.Code}"));
    }

    [Fact]
    [CoversDiagnostic("PRIV5003")]
    public void MalformedObjects_AreErrorsAtTheField()
    {
        var badReplicas = Read(FrontOnEdge.Replace("replicas: 2", "replicas: many", StringComparison.Ordinal));
        Assert.Equal("m0.yaml:5:13", At(Single(badReplicas, "PRIV5003")));
        var noTemplate = Read("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: front}\nspec: {replicas: 1, selector: {matchLabels: {app: front}}}\n");
        var diagnostic = Single(noTemplate, "PRIV5003");
        Assert.Equal("m0.yaml:1:1", At(diagnostic));
        Assert.Contains("no pod spec", diagnostic.Message, StringComparison.Ordinal);
        // An absent podSelector is the empty selector (the API server's default), not an error.
        Assert.DoesNotContain(Read(FrontOnEdge, "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {policyTypes: [Ingress]}\n").Diagnostics, d => d.IsError);
        var badPort = Read(FrontOnEdge, StoreIngress("[{port: 70000}]"));
        var port = Single(badPort, "PRIV5003");
        Assert.Equal("m1.yaml:6:81", At(port));
        Assert.Contains("not between 1 and 65535", port.Message, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV5005")]
    public void TwoWorkloadsOfOneService_AreAW1Violation_AndTheirNodesAreJudgedTogether()
    {
        var pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: extra, labels: {privc.io/service: store}}\nspec: {nodeName: cloud-b, containers: [{name: s, image: x}]}\n";
        var reading = Read(FrontOnEdge, StorePod, pod);
        var diagnostic = Single(reading, "PRIV5005");
        Assert.Equal(Severity.Warning, diagnostic.Severity);
        Assert.Equal("m2.yaml:1:1", At(diagnostic));
        Assert.Contains("Pod 'store' (m1.yaml:1:1)", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal("cloud-a,cloud-b", Nodes(reading, "store"));
        var finding = Assert.Single(reading.Findings, f => f.Violation.Kind == ViolationKind.DuplicatePlacement);
        Assert.Equal(StructuralCondition.Placement, finding.Violation.Intent);
        Assert.Equal(["m1.yaml:1:1", "m2.yaml:1:1"], finding.At.Select(a => a.Display).ToArray());
    }

    private const string DenyAll = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny}
        spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
        """;

    private static string StoreIngress(string ports, string from = "[{podSelector: {matchLabels: {app: front}}}]") => $$$"""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: store-in}
        spec:
          podSelector: {matchLabels: {app.kubernetes.io/name: store}}
          ingress: [{from: {{{from}}}, ports: {{{ports}}}}]
        """;

    private const string FrontEgressAll = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: front-out}
        spec:
          podSelector: {matchLabels: {role: web}}
          policyTypes: [Egress]
          egress: [{}]
        """;

    [Fact]
    public void DefaultDeny_AllowsNothing()
    {
        Assert.Empty(Read(FrontOnEdge, StorePod, DenyAll).Allowed);
    }

    [Fact]
    public void IngressOnANamedPort_WithoutEgressPolicy_AllowsExactlyTheDeclaredFlow()
    {
        var (program, topology) = Compile();
        var reading = Read(FrontOnEdge, StorePod, StoreIngress("[{port: pg}]"));
        Assert.Empty(reading.Diagnostics);
        // store's egress is unrestricted; its ingress admits front on the port named pg (5432) only.
        Assert.Equal([new AllowedFlow("front", "store", 5432), new AllowedFlow("store", "front", null)], reading.Allowed.ToArray());
        var withDeny = Read(FrontOnEdge, StorePod, DenyAll, FrontEgressAll, StoreIngress("[{port: pg}]"));
        Assert.Equal([new AllowedFlow("front", "store", 5432)], withDeny.Allowed.ToArray());
        var configuration = new Configuration(withDeny.Placements, [], withDeny.Allowed);
        Assert.DoesNotContain(ConfigurationChecker.Check(program, topology, configuration).Violations, v => v.Intent == StructuralCondition.Isolation);
    }

    [Fact]
    public void PortRange_AllowingMoreThanTheDeclaredPort_IsReportedPortByPort()
    {
        var (program, topology) = Compile();
        var reading = Read(FrontOnEdge, StorePod, DenyAll, FrontEgressAll, StoreIngress("[{port: 5432, endPort: 5440, protocol: TCP}]"));
        Assert.Equal([5432, 5433, 5434, 5440], reading.Allowed.Select(a => a.Port!.Value));
        var violations = ConfigurationChecker.Check(program, topology, new Configuration(reading.Placements, [], reading.Allowed)).Violations
            .Where(v => v.Kind == ViolationKind.UndeclaredFlowAllowed).Select(v => v.Witness.Port);
        Assert.Equal(["5433", "5434", "5440"], violations.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void IngressWithoutPorts_AllowsEveryPort_AndUdpAllowsNoFlow()
    {
        var open = Read(FrontOnEdge, StorePod, DenyAll, FrontEgressAll, StoreIngress("[]"));
        Assert.Equal([new AllowedFlow("front", "store", null)], open.Allowed.ToArray());
        var udp = Read(FrontOnEdge, StorePod, DenyAll, FrontEgressAll, StoreIngress("[{port: 5432, protocol: UDP}]"));
        Assert.Empty(udp.Allowed);
    }

    [Fact]
    public void NamespaceSelectors_DecideCrossNamespacePeers()
    {
        var storeElsewhere = StorePod.Replace("{name: store,", "{name: store, namespace: db,", StringComparison.Ordinal);
        string Ingress(string from) => StoreIngress("[{port: 5432}]", from).Replace("{name: store-in}", "{name: store-in, namespace: db}", StringComparison.Ordinal);
        // A peer without namespaceSelector is in the policy's own namespace (db), where front is not.
        Assert.Empty(Read(FrontOnEdge, storeElsewhere, Ingress("[{podSelector: {matchLabels: {app: front}}}]")).Allowed.Where(a => a.Target == "store"));
        var byName = Read(FrontOnEdge, storeElsewhere, Ingress("[{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: default}}, podSelector: {matchLabels: {app: front}}}]"));
        Assert.Contains(new AllowedFlow("front", "store", 5432), byName.Allowed);
        const string labelled = "apiVersion: v1\nkind: Namespace\nmetadata: {name: default, labels: {team: web}}\n";
        var byLabel = Read(FrontOnEdge, storeElsewhere, labelled, Ingress("[{namespaceSelector: {matchExpressions: [{key: team, operator: In, values: [web]}]}}]"));
        Assert.Contains(new AllowedFlow("front", "store", 5432), byLabel.Allowed);
    }

    [Fact]
    public void IpBlockPeers_AdmitAddressesOutsideTheProgram_AW5Violation()
    {
        var reading = Read(FrontOnEdge, StorePod, DenyAll, FrontEgressAll, StoreIngress("[]", "[{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]"));
        Assert.DoesNotContain(reading.Diagnostics, d => d.IsError);
        Assert.Empty(reading.Allowed.Where(a => a.Target == "store"));
        var finding = Assert.Single(reading.Findings, f => f.Violation.Witness.Service == "store" && f.Violation.Message.Contains("ipBlock", StringComparison.Ordinal));
        Assert.Equal(ViolationKind.UndeclaredFlowAllowed, finding.Violation.Kind);
        Assert.Contains("10.0.0.0/8 except 10.1.0.0/16", finding.Violation.Message, StringComparison.Ordinal);
        Assert.Equal("m4.yaml:6:21", Assert.Single(finding.At).Display);
        // Excepts that cover the whole block leave no address: nothing is admitted.
        var empty = Read(FrontOnEdge, StorePod, DenyAll, FrontEgressAll, StoreIngress("[]", "[{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/9, 10.128.0.0/9]}}]"));
        Assert.DoesNotContain(empty.Findings, f => f.Violation.Witness.Service == "store" && f.Violation.Message.Contains("ipBlock", StringComparison.Ordinal));
    }
}
