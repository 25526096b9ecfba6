using k8s;
using k8s.Models;
using Privc.Artifacts.Kubernetes;
using Privc.Checking;
using Privc.Tests.Verification;
using Privc.Text;

namespace Privc.Tests.Artifacts.Kubernetes;

/// <summary>What a service declares about how it runs reaches its pod, and check still reads the pod.</summary>
public class ContainerRuntimeTests
{
    private const string Program = """
        service web {
          image "r/web:1"; ports 8080;
          readiness http "/ready" port 8080; liveness tcp port 8080;
          env MODE "edge", TOKEN secret "web-token" "token";
          command "/bin/web"; args "--port", "8080";
          volume tmp emptydir at "/tmp", conf configmap "web-conf" at "/etc/web", creds secret "web-token" at "/run/creds";
          serviceaccount web-runner;
          filesystem writable;
        }
        service plain { image "r/plain:1"; }
        """;

    private static readonly Configuration Plan = new([new Placement("web", ["cloud-a"]), new Placement("plain", ["cloud-b"])], [], []);

    [Fact]
    public void Emit_RuntimeProperties_AreWrittenIntoThePod_AndCheckReadsItBack()
    {
        var topology = TestSources.LoadTopology(LabTopology.Yaml);
        var compilation = TestSources.Compile(Program, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        var files = KubernetesEmitter.Emit(compilation.Program!, topology, Plan, "sha256:00");
        var deployments = files.SelectMany(f => KubernetesYaml.LoadAllFromString(f.Content)).OfType<V1Deployment>().ToDictionary(d => d.Metadata.Name);

        var pod = deployments["web"].Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);
        Assert.Equal(("/ready", "8080"), (container.ReadinessProbe.HttpGet.Path, container.ReadinessProbe.HttpGet.Port.Value));
        Assert.Equal("8080", container.LivenessProbe.TcpSocket.Port.Value);
        Assert.Equal(["MODE", "TOKEN"], container.Env.Select(e => e.Name));
        Assert.Equal("edge", container.Env[0].Value);
        Assert.Equal(("web-token", "token"), (container.Env[1].ValueFrom.SecretKeyRef.Name, container.Env[1].ValueFrom.SecretKeyRef.Key));
        Assert.Equal(["/bin/web"], container.Command);
        Assert.Equal(["--port", "8080"], container.Args);
        Assert.Equal(["tmp:/tmp:", "conf:/etc/web:True", "creds:/run/creds:True"], container.VolumeMounts.Select(m => $"{m.Name}:{m.MountPath}:{m.ReadOnlyProperty}"));
        Assert.NotNull(pod.Volumes[0].EmptyDir);
        Assert.Equal("web-conf", pod.Volumes[1].ConfigMap.Name);
        Assert.Equal("web-token", pod.Volumes[2].Secret.SecretName);
        Assert.Equal(("web-runner", true), (pod.ServiceAccountName, pod.AutomountServiceAccountToken));
        Assert.False(container.SecurityContext.ReadOnlyRootFilesystem);

        var plain = deployments["plain"].Spec.Template.Spec;
        Assert.Null(plain.Containers[0].ReadinessProbe);
        Assert.Null(plain.Volumes);
        Assert.Equal((null, false), (plain.ServiceAccountName, plain.AutomountServiceAccountToken));
        Assert.True(plain.Containers[0].SecurityContext.ReadOnlyRootFilesystem);

        var reading = KubernetesReader.Read(files.Select(f => new SourceText(f.Path, f.Content)).ToList(), topology, compilation.Program!);
        Assert.False(reading.HasErrors, string.Join("\n", reading.Diagnostics));
        Assert.Empty(reading.Undetermined);
        Assert.Equal(["plain: cloud-b", "web: cloud-a"], reading.Placements.Select(p => $"{p.Service}: {string.Join(",", p.Nodes)}"));
    }
}
