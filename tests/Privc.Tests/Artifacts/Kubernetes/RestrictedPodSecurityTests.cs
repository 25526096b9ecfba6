using System.Text.Json.Nodes;
using Privc.Artifacts.Kubernetes;

namespace Privc.Tests.Artifacts.Kubernetes;

/// <summary>
/// Every pod privc emits meets the Pod Security Standards' restricted profile (<see cref="RestrictedPodSecurity"/>,
/// control by control as the Kubernetes documentation publishes it), and the rules themselves catch each way a pod
/// can break them.
/// </summary>
[Collection(ProvenExamplesCollection.Name)]
public class RestrictedPodSecurityTests(ProvenExamples examples)
{
    [Z3Theory]
    [MemberData(nameof(ProvenExamples.Names), MemberType = typeof(ProvenExamples))]
    public void EveryEmittedPod_MeetsTheRestrictedProfile_WithTheServicesRootAndResources(string name)
    {
        var example = examples[name];
        var pods = 0;
        foreach (var file in KubernetesEmitter.Emit(example.Program, example.Topology, example.Plan, example.Digest))
        {
            foreach (var document in YamlJson.Documents(file.Content).OfType<JsonObject>())
            {
                if (RestrictedPodSecurity.PodOf(document) is not var (metadata, spec))
                {
                    continue;
                }
                pods++;
                var violations = RestrictedPodSecurity.Violations(metadata, spec);
                Assert.True(violations.Count == 0, $"{file.Path}: {string.Join("; ", violations)}");
                var service = example.Program.Service(document["metadata"]!["name"]!.GetValue<string>());
                var container = Assert.Single(spec["containers"]!.AsArray())!;
                // Read-only unless the service says `filesystem writable`; a token only with a declared service account.
                Assert.Equal(!service.Runtime.WritableRoot, container["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>());
                Assert.Equal(service.Runtime.ServiceAccount is not null, spec["automountServiceAccountToken"]!.GetValue<bool>());
                if (service.CpuMillis > 0)
                {
                    Assert.Equal(container["resources"]!["requests"]!["cpu"]!.ToString(), container["resources"]!["limits"]!["cpu"]!.ToString());
                }
            }
        }
        Assert.Equal(example.Program.Services.Length, pods);
    }

    public static TheoryData<string, string> Breaches() => new()
    {
        { "hostNetwork", "Host Namespaces" },
        { "privileged", "Privileged Containers" },
        { "addSysAdmin", "Capabilities (baseline)" },
        { "addChown", "Capabilities" },
        { "keepCapabilities", "Capabilities" },
        { "hostPort", "Host Ports" },
        { "probeHost", "Host Probes / Lifecycle Hooks" },
        { "appArmorUnconfined", "AppArmor" },
        { "seLinuxUser", "SELinux" },
        { "unmaskedProc", "/proc Mount Type" },
        { "unsafeSysctl", "Sysctls" },
        { "hostPath", "HostPath Volumes" },
        { "nfs", "Volume Types" },
        { "escalation", "Privilege Escalation" },
        { "escalationUnset", "Privilege Escalation" },
        { "rootAllowed", "Running as Non-root" },
        { "rootUser", "Running as Non-root user" },
        { "seccompUnset", "Seccomp" },
        { "seccompUnconfined", "Seccomp (baseline)" },
    };

    [Theory]
    [MemberData(nameof(Breaches))]
    public void Rules_CatchEachBreach_OfACompliantPod(string breach, string control)
    {
        var spec = CompliantSpec();
        Assert.Empty(RestrictedPodSecurity.Violations(null, spec));
        var container = spec["containers"]![0]!.AsObject();
        var context = container["securityContext"]!.AsObject();
        switch (breach)
        {
            case "hostNetwork": spec["hostNetwork"] = true; break;
            case "privileged": context["privileged"] = true; break;
            case "addSysAdmin": context["capabilities"]!["add"] = new JsonArray("SYS_ADMIN"); break;
            case "addChown": context["capabilities"]!["add"] = new JsonArray("CHOWN"); break;
            case "keepCapabilities": context["capabilities"]!["drop"] = new JsonArray("NET_RAW"); break;
            case "hostPort": container["ports"]![0]!["hostPort"] = 8080; break;
            case "probeHost": container["readinessProbe"] = JsonNode.Parse("""{"httpGet": {"host": "10.0.0.1", "path": "/", "port": 8080}}"""); break;
            case "appArmorUnconfined": context["appArmorProfile"] = JsonNode.Parse("""{"type": "Unconfined"}"""); break;
            case "seLinuxUser": context["seLinuxOptions"] = JsonNode.Parse("""{"user": "system_u"}"""); break;
            case "unmaskedProc": context["procMount"] = "Unmasked"; break;
            case "unsafeSysctl": spec["securityContext"]!["sysctls"] = JsonNode.Parse("""[{"name": "kernel.msgmax", "value": "65536"}]"""); break;
            case "hostPath": spec["volumes"] = JsonNode.Parse("""[{"name": "h", "hostPath": {"path": "/etc"}}]"""); break;
            case "nfs": spec["volumes"] = JsonNode.Parse("""[{"name": "n", "nfs": {"server": "nfs", "path": "/"}}]"""); break;
            case "escalation": context["allowPrivilegeEscalation"] = true; break;
            case "escalationUnset": context.Remove("allowPrivilegeEscalation"); break;
            case "rootAllowed": spec["securityContext"]!.AsObject().Remove("runAsNonRoot"); break;
            case "rootUser": context["runAsUser"] = 0; break;
            case "seccompUnset": spec["securityContext"]!.AsObject().Remove("seccompProfile"); break;
            case "seccompUnconfined": context["seccompProfile"] = JsonNode.Parse("""{"type": "Unconfined"}"""); break;
            default: throw new ArgumentException(breach);
        }
        var violations = RestrictedPodSecurity.Violations(null, spec);
        Assert.Contains(violations, v => v.StartsWith(control + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void Rules_AcceptContainerLevelSettings_InPlaceOfThePodLevelOnes()
    {
        var spec = CompliantSpec();
        spec.Remove("securityContext");
        var context = spec["containers"]![0]!["securityContext"]!.AsObject();
        context["runAsNonRoot"] = true;
        context["seccompProfile"] = JsonNode.Parse("""{"type": "Localhost", "localhostProfile": "p.json"}""");
        context["capabilities"]!["add"] = new JsonArray("NET_BIND_SERVICE");
        spec["volumes"] = JsonNode.Parse("""[{"name": "tmp", "emptyDir": {}}, {"name": "cfg", "configMap": {"name": "c"}}]""");
        Assert.Empty(RestrictedPodSecurity.Violations(null, spec));
    }

    private static JsonObject CompliantSpec() => JsonNode.Parse("""
        {
          "securityContext": {"runAsNonRoot": true, "seccompProfile": {"type": "RuntimeDefault"}},
          "containers": [{
            "name": "app", "image": "r/app:1", "ports": [{"containerPort": 8080}],
            "securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}, "readOnlyRootFilesystem": true}
          }]
        }
        """)!.AsObject();
}
