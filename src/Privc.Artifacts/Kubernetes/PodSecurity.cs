using k8s.Models;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// The security settings every emitted pod carries, so that it meets the Pod Security Standards' "restricted" profile
/// (https://kubernetes.io/docs/concepts/security/pod-security-standards/) without anyone adding them by hand:
/// admission with <c>pod-security.kubernetes.io/enforce: restricted</c>, and the usual Kyverno and Gatekeeper
/// baselines derived from it, would reject pods without them.
/// </summary>
internal static class PodSecurity
{
    /// <summary>
    /// Pod level: non-root (the kubelet refuses to start a container whose image would run as UID 0) and the
    /// container runtime's default seccomp profile, which the restricted profile requires to be set explicitly.
    /// </summary>
    public static V1PodSecurityContext Pod() => new()
    {
        RunAsNonRoot = true,
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    /// <summary>
    /// Container level: no privilege escalation (no setuid gains), every Linux capability dropped, and a read-only
    /// root filesystem unless the service asks for a writable one (restricted does not require it; it keeps a
    /// compromised process from changing the image's binaries).
    /// </summary>
    public static V1SecurityContext Container(bool readOnlyRoot) => new()
    {
        AllowPrivilegeEscalation = false,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        ReadOnlyRootFilesystem = readOnlyRoot,
    };
}
