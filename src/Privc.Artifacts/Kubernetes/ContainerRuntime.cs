using k8s.Models;
using Privc.Semantics;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// Writes what a service declares about how its container runs (<see cref="ServiceRuntime"/>) into the pod: probes,
/// environment (literal or from a Secret), command and args, volumes and their mounts, the service account. Only
/// volume kinds the restricted Pod Security profile allows are expressible (emptyDir, secret, configMap).
/// </summary>
internal static class ContainerRuntime
{
    public static void Apply(ServiceRuntime runtime, V1Container container, V1PodSpec pod)
    {
        container.ReadinessProbe = Probe(runtime.Readiness);
        container.LivenessProbe = Probe(runtime.Liveness);
        container.Command = runtime.Command.IsEmpty ? null : [.. runtime.Command];
        container.Args = runtime.Args.IsEmpty ? null : [.. runtime.Args];
        // Declared order: Kubernetes expands $(NAME) only from variables defined earlier in the list.
        container.Env = runtime.Environment.IsEmpty ? null : runtime.Environment.Select(Variable).ToList();
        if (!runtime.Volumes.IsEmpty)
        {
            container.VolumeMounts = runtime.Volumes.Select(v => new V1VolumeMount
            {
                Name = v.Name,
                MountPath = v.MountPath,
                // Secrets and ConfigMaps are inputs; a process that could rewrite them could hide what it was given.
                ReadOnlyProperty = v.Kind == VolumeKind.EmptyDir ? null : true,
            }).ToList();
            pod.Volumes = runtime.Volumes.Select(Volume).ToList();
        }
        if (runtime.ServiceAccount is { } account)
        {
            // A declared account is one the service means to use, token included.
            pod.ServiceAccountName = account;
            pod.AutomountServiceAccountToken = true;
        }
    }

    private static V1Probe? Probe(ServiceProbe? probe) => probe switch
    {
        null => null,
        { Kind: ProbeKind.Http } => new V1Probe { HttpGet = new V1HTTPGetAction { Path = probe.Path, Port = probe.Port } },
        _ => new V1Probe { TcpSocket = new V1TCPSocketAction { Port = probe.Port } },
    };

    private static V1EnvVar Variable(EnvironmentVariable variable) => variable.Secret is { } secret
        ? new V1EnvVar { Name = variable.Name, ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = variable.SecretKey } } }
        : new V1EnvVar { Name = variable.Name, Value = variable.Value };

    private static V1Volume Volume(ServiceVolume volume) => volume.Kind switch
    {
        VolumeKind.EmptyDir => new V1Volume { Name = volume.Name, EmptyDir = new V1EmptyDirVolumeSource() },
        VolumeKind.Secret => new V1Volume { Name = volume.Name, Secret = new V1SecretVolumeSource { SecretName = volume.Source } },
        _ => new V1Volume { Name = volume.Name, ConfigMap = new V1ConfigMapVolumeSource { Name = volume.Source } },
    };
}
