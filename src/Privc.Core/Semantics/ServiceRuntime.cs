using System.Collections.Immutable;

namespace Privc.Semantics;

/// <summary>
/// How a service's container runs, beyond what the semantics reasons about (specs/language.md, "Running a
/// service"): probes, environment, service account, command, volumes and whether its root filesystem is writable.
/// None of it changes placements or flows; the Kubernetes emitter writes it into the pod.
/// </summary>
public sealed record ServiceRuntime(
    ServiceProbe? Readiness,
    ServiceProbe? Liveness,
    ImmutableArray<EnvironmentVariable> Environment,
    string? ServiceAccount,
    ImmutableArray<string> Command,
    ImmutableArray<string> Args,
    ImmutableArray<ServiceVolume> Volumes,
    bool WritableRoot)
{
    public static ServiceRuntime None { get; } = new(null, null, [], null, [], [], [], false);
}

public enum ProbeKind
{
    Http,
    Tcp,
}

/// <summary>An HTTP GET of <see cref="Path"/> (HTTP) or a TCP connection (TCP) to the container's <see cref="Port"/>.</summary>
public sealed record ServiceProbe(ProbeKind Kind, string? Path, int Port);

/// <summary>A literal value, or the key <see cref="SecretKey"/> of the Secret <see cref="Secret"/>.</summary>
public sealed record EnvironmentVariable(string Name, string? Value, string? Secret, string? SecretKey);

public enum VolumeKind
{
    EmptyDir,
    Secret,
    ConfigMap,
}

/// <summary>A volume mounted at <see cref="MountPath"/>: scratch space, or a Secret or ConfigMap named <see cref="Source"/> (read-only).</summary>
public sealed record ServiceVolume(string Name, VolumeKind Kind, string? Source, string MountPath);
