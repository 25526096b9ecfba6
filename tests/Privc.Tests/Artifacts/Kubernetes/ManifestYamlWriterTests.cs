using k8s;
using k8s.Models;
using Privc.Artifacts;
using Privc.Artifacts.Kubernetes;
using Privc.Tests.Properties;
using Privc.Tests.Properties.Generators;
using Privc.Verification;

namespace Privc.Tests.Artifacts.Kubernetes;

/// <summary>
/// privc's own YAML writer against the writer it replaced, KubernetesClient's <see cref="KubernetesYaml"/>, kept here
/// as the oracle: the same objects give the same bytes, on every example, on generated plans and on strings chosen
/// to need each of YAML's quoting styles; and what privc writes loads back through KubernetesYaml to the same bytes.
/// </summary>
[Collection(ProvenExamplesCollection.Name)]
public class ManifestYamlWriterTests(ProvenExamples examples)
{
    private const string Digest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    [Z3Theory]
    [MemberData(nameof(ProvenExamples.Names), MemberType = typeof(ProvenExamples))]
    public void Emit_Examples_ByteIdenticalToKubernetesYaml(string name)
    {
        var example = examples[name];
        AssertSameAsOracle(example.Program, example.Topology, example.Plan, example.Digest);
    }

    [Z3Fact]
    public void Emit_GeneratedPlans_ByteIdenticalToKubernetesYaml()
    {
        var proven = 0;
        for (var seed = 1; seed <= 24; seed++)
        {
            if (Instance.Generate(seed).Load() is not { } loaded || PropertyHarness.Verify(loaded) is not VerificationResult.Proven result)
            {
                continue;
            }
            proven++;
            AssertSameAsOracle(loaded.Program, loaded.Topology, result.Plan, Digest);
        }
        // The generator's cases are mostly feasible; a handful proven keeps the comparison from passing on nothing.
        Assert.True(proven >= 8, $"only {proven} of 24 generated cases were proven");
    }

    [Fact]
    public void WriteAll_StringsNeedingEachQuotingStyle_ByteIdenticalToKubernetesYaml()
    {
        string[] texts =
        [
            "", " ", "plain", "true", "False", "yes", "n", "on", "OFF", "~", "null", "NULL", "1", "-1", "007", "1.5", ".", "-", "1e3", "1E+3",
            "0x10", "0o7", ".inf", "a: b", "a:b", "key:", "#x", "a #b", "a#b", "- x", "-x", "? x", "?x", "'q", "it's", "\"dq\"", "line\nbreak",
            "x\n", "trail ", " lead", "tab\there", "é ünïcode", "☃ snow", "\u0001ctl", "[x]", "{x}", "x, y", "*alias", "&anchor", "!tag", "%p",
            "@at", "`bt", "|bar", ">gt", "---", "...", "--- x", "https://registry.example/a/b:1.0?x=1&y=2", new string('w', 200),
            string.Join(' ', Enumerable.Repeat("word", 40)),
        ];
        var objects = new List<object>();
        for (var i = 0; i < texts.Length; i++)
        {
            objects.Add(Deployment(texts[i], i));
        }
        objects.Add(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = "ns", Labels = new Dictionary<string, string>() } });
        objects.Add(new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta { Name = "n", Annotations = texts.Select((t, i) => (t, i)).ToDictionary(p => "k" + p.i, p => p.t) },
            Spec = new V1NodeSpec { Taints = [new V1Taint { Key = "privc.io/dedicated", Value = "true", Effect = "NoSchedule" }] },
        });
        objects.Add(new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta { Name = "s", NamespaceProperty = "yes" },
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                Selector = texts.Where(t => t.Length > 0).Distinct().ToDictionary(t => t, t => t),
                Ports = [new V1ServicePort { Name = "tcp-1", Port = 1, Protocol = "TCP", TargetPort = "http" }],
            },
        });
        objects.Add(new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector(),
                PolicyTypes = [],
                Ingress = [new V1NetworkPolicyIngressRule(), new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = "10.0.0.0/8", Except = ["10.1.0.0/16"] } }] }],
                Egress = [new V1NetworkPolicyEgressRule { To = [], Ports = [new V1NetworkPolicyPort { Port = "dns", Protocol = "UDP", EndPort = 60 }] }],
            },
        });

        Assert.Equal(KubernetesYaml.SerializeAll(objects), ManifestYamlWriter.WriteAll(objects));
    }

    [Fact]
    public void WriteAll_AKindTheEmitterDoesNotBuild_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ManifestYamlWriter.WriteAll([new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap" }]));
        Assert.Contains("V1ConfigMap", error.Message, StringComparison.Ordinal);
    }

    private static void AssertSameAsOracle(Privc.Semantics.BoundProgram program, Privc.Topology.TopologyModel topology, Privc.Checking.Configuration plan, string digest)
    {
        var own = KubernetesEmitter.Emit(program, topology, plan, digest);
        var oracle = KubernetesEmitter.Emit(program, topology, plan, digest, KubernetesYaml.SerializeAll);
        Assert.Equal(oracle.Select(f => f.Path), own.Select(f => f.Path));
        foreach (var (mine, theirs) in own.Zip(oracle))
        {
            Assert.Equal(theirs.Content, mine.Content);
            // Loaded back by KubernetesClient (unknown fields refused) and written again: nothing lost or reshaped.
            var body = string.Concat(mine.Content.Split('\n').SkipWhile(l => l.StartsWith('#')).Select(l => l + "\n"))[..^1];
            var loaded = KubernetesYaml.LoadAllFromString(body, strict: true);
            Assert.Equal(body, KubernetesYaml.SerializeAll(loaded).Replace("\r\n", "\n", StringComparison.Ordinal));
        }
    }

    /// <summary>A Deployment carrying the text in every kind of place the emitter writes text: keys, values, lists.</summary>
    private static V1Deployment Deployment(string text, int index)
    {
        var name = "d" + index;
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = text,
                Labels = new Dictionary<string, string> { ["privc.io/service"] = name, [text] = text },
                Annotations = new Dictionary<string, string> { ["privc.io/intents"] = text },
            },
            Spec = new V1DeploymentSpec
            {
                Replicas = index,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["privc.io/service"] = name } },
                Strategy = new V1DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = 0, MaxUnavailable = "25%" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["privc.io/service"] = name } },
                    Spec = new V1PodSpec
                    {
                        Affinity = new V1Affinity
                        {
                            NodeAffinity = new V1NodeAffinity
                            {
                                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                                {
                                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/hostname", OperatorProperty = "In", Values = [text, "n1"] }] }],
                                },
                            },
                            PodAntiAffinity = new V1PodAntiAffinity
                            {
                                RequiredDuringSchedulingIgnoredDuringExecution = [new V1PodAffinityTerm { LabelSelector = new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "k", OperatorProperty = "NotIn", Values = [text] }] }, Namespaces = [text], TopologyKey = text }],
                            },
                        },
                        AutomountServiceAccountToken = index % 2 == 0,
                        ServiceAccountName = text,
                        SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
                        Tolerations = [new V1Toleration { Key = "privc.io/dedicated", OperatorProperty = "Equal", Value = text, Effect = "NoSchedule" }],
                        TopologySpreadConstraints = [new V1TopologySpreadConstraint { MaxSkew = 1, MinDomains = 2, TopologyKey = text, WhenUnsatisfiable = "DoNotSchedule", LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["a"] = text } } }],
                        Volumes =
                        [
                            new V1Volume { Name = "e", EmptyDir = new V1EmptyDirVolumeSource() },
                            new V1Volume { Name = "s", Secret = new V1SecretVolumeSource { SecretName = text } },
                            new V1Volume { Name = "c", ConfigMap = new V1ConfigMapVolumeSource { Name = text } },
                        ],
                        Containers =
                        [
                            new V1Container
                            {
                                Name = name,
                                Image = text,
                                Args = [text, "--x"],
                                Command = [text],
                                Env = [new V1EnvVar { Name = "A", Value = text }, new V1EnvVar { Name = "B", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = text, Key = text } } }],
                                Ports = [new V1ContainerPort { Name = "tcp-80", ContainerPort = 80, Protocol = "TCP" }],
                                ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = text, Port = 80 } },
                                LivenessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = "http" } },
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m"), ["memory"] = new("1Gi") },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1.5"), ["memory"] = new("128974848") },
                                },
                                SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false, Capabilities = new V1Capabilities { Add = [], Drop = ["ALL"] }, ReadOnlyRootFilesystem = true },
                                VolumeMounts = [new V1VolumeMount { Name = "e", MountPath = text }, new V1VolumeMount { Name = "s", MountPath = "/s", ReadOnlyProperty = true }],
                            },
                        ],
                    },
                },
            },
        };
    }
}
