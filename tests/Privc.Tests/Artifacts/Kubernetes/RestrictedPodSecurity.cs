using System.Text.Json.Nodes;

namespace Privc.Tests.Artifacts.Kubernetes;

/// <summary>
/// The Pod Security Standards' "restricted" profile, control by control, as published at
/// https://kubernetes.io/docs/concepts/security/pod-security-standards/ (the Baseline controls, which Restricted
/// includes, then Restricted's own). It reads a pod spec as JSON, not through KubernetesClient's models, so that it
/// judges the bytes privc writes, and it shares no code with the emitter. Each method names its control as the page
/// does; a violation is "control: field: why".
/// </summary>
public static class RestrictedPodSecurity
{
    private const string Page = "https://kubernetes.io/docs/concepts/security/pod-security-standards/";

    // Baseline "Capabilities": the only capabilities a container may add.
    private static readonly HashSet<string> BaselineCapabilities =
        ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"];

    // Baseline "Sysctls": the safe subset, including those added up to Kubernetes 1.29.
    private static readonly HashSet<string> SafeSysctls =
    [
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
    ];

    // Restricted "Volume Types": every volume must set one of these.
    private static readonly string[] RestrictedVolumeSources = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

    // Baseline "SELinux": the types a pod may set.
    private static readonly HashSet<string> SeLinuxTypes = ["", "container_t", "container_init_t", "container_kvm_t"];

    /// <summary>Every violation of the restricted profile by a pod (its metadata and spec).</summary>
    public static List<string> Violations(JsonObject? podMetadata, JsonObject podSpec)
    {
        var found = new List<string>();
        var containers = Containers(podSpec).ToList();
        var podContext = podSpec["securityContext"] as JsonObject;
        var linux = podSpec["os"]?["name"]?.GetValue<string>() != "windows";

        // Baseline, HostProcess: windowsOptions.hostProcess undefined or false.
        Check(IsFalseOrAbsent(podContext?["windowsOptions"]?["hostProcess"]), "HostProcess", "spec.securityContext.windowsOptions.hostProcess");
        foreach (var (path, c) in containers)
        {
            Check(IsFalseOrAbsent(c["securityContext"]?["windowsOptions"]?["hostProcess"]), "HostProcess", $"{path}.securityContext.windowsOptions.hostProcess");
        }

        // Baseline, Host Namespaces: hostNetwork, hostPID, hostIPC undefined or false.
        foreach (var field in new[] { "hostNetwork", "hostPID", "hostIPC" })
        {
            Check(IsFalseOrAbsent(podSpec[field]), "Host Namespaces", $"spec.{field}");
        }

        foreach (var (path, c) in containers)
        {
            var context = c["securityContext"] as JsonObject;
            // Baseline, Privileged Containers: undefined or false.
            Check(IsFalseOrAbsent(context?["privileged"]), "Privileged Containers", $"{path}.securityContext.privileged");
            // Baseline, Capabilities: add only from the default set. Restricted, Capabilities: add at most NET_BIND_SERVICE, drop includes ALL.
            var added = Strings(context?["capabilities"]?["add"]);
            Check(added.All(BaselineCapabilities.Contains), "Capabilities (baseline)", $"{path}.securityContext.capabilities.add");
            if (linux)
            {
                Check(added.All(a => a == "NET_BIND_SERVICE"), "Capabilities", $"{path}.securityContext.capabilities.add");
                Check(Strings(context?["capabilities"]?["drop"]).Contains("ALL"), "Capabilities", $"{path}.securityContext.capabilities.drop");
            }
            // Baseline, Host Ports: undefined or 0.
            foreach (var port in (c["ports"] as JsonArray ?? []).OfType<JsonObject>())
            {
                Check(port["hostPort"] is null || Number(port["hostPort"]!) == 0, "Host Ports", $"{path}.ports[*].hostPort");
            }
            // Baseline, Host Probes / Lifecycle Hooks: no host on httpGet or tcpSocket handlers.
            foreach (var handler in new[] { "livenessProbe", "readinessProbe", "startupProbe" }.Select(p => c[p])
                .Concat(new[] { "postStart", "preStop" }.Select(h => c["lifecycle"]?[h])))
            {
                Check(IsEmptyOrAbsent(handler?["httpGet"]?["host"]) && IsEmptyOrAbsent(handler?["tcpSocket"]?["host"]), "Host Probes / Lifecycle Hooks", $"{path} probe or hook host");
            }
            // Baseline, AppArmor: RuntimeDefault or Localhost when set.
            Check(context?["appArmorProfile"]?["type"]?.GetValue<string>() is null or "RuntimeDefault" or "Localhost", "AppArmor", $"{path}.securityContext.appArmorProfile.type");
            // Baseline, SELinux: only the container types; no user or role.
            CheckSeLinux(context?["seLinuxOptions"], $"{path}.securityContext.seLinuxOptions");
            // Baseline, /proc Mount Type: undefined or Default.
            Check(context?["procMount"]?.GetValue<string>() is null or "Default", "/proc Mount Type", $"{path}.securityContext.procMount");
            // Baseline, Seccomp: never Unconfined. Restricted, Seccomp: RuntimeDefault or Localhost, here or on the pod.
            var seccomp = context?["seccompProfile"]?["type"]?.GetValue<string>();
            var podSeccomp = podContext?["seccompProfile"]?["type"]?.GetValue<string>();
            Check(seccomp != "Unconfined", "Seccomp (baseline)", $"{path}.securityContext.seccompProfile.type");
            if (linux)
            {
                Check(seccomp is "RuntimeDefault" or "Localhost" || (seccomp is null && podSeccomp is "RuntimeDefault" or "Localhost"), "Seccomp", $"{path}.securityContext.seccompProfile.type");
                // Restricted, Privilege Escalation: allowPrivilegeEscalation must be false (undefined is not allowed).
                Check(context?["allowPrivilegeEscalation"] is JsonValue v && v.GetValue<bool>() == false, "Privilege Escalation", $"{path}.securityContext.allowPrivilegeEscalation");
            }
            // Restricted, Running as Non-root: true here, or undefined when the pod sets it true.
            var nonRoot = context?["runAsNonRoot"];
            Check(nonRoot is JsonValue n ? n.GetValue<bool>() : IsTrue(podContext?["runAsNonRoot"]), "Running as Non-root", $"{path}.securityContext.runAsNonRoot");
            // Restricted, Running as Non-root user: runAsUser undefined or non-zero.
            Check(context?["runAsUser"] is null || Number(context["runAsUser"]!) != 0, "Running as Non-root user", $"{path}.securityContext.runAsUser");
        }

        // Pod-level fields of the same controls.
        Check(podContext?["appArmorProfile"]?["type"]?.GetValue<string>() is null or "RuntimeDefault" or "Localhost", "AppArmor", "spec.securityContext.appArmorProfile.type");
        foreach (var (key, value) in podMetadata?["annotations"] as JsonObject ?? [])
        {
            if (key.StartsWith("container.apparmor.security.beta.kubernetes.io/", StringComparison.Ordinal))
            {
                var profile = value?.GetValue<string>() ?? string.Empty;
                Check(profile is "" or "runtime/default" || profile.StartsWith("localhost/", StringComparison.Ordinal), "AppArmor", $"metadata.annotations['{key}']");
            }
        }
        CheckSeLinux(podContext?["seLinuxOptions"], "spec.securityContext.seLinuxOptions");
        Check(podContext?["seccompProfile"]?["type"]?.GetValue<string>() != "Unconfined", "Seccomp (baseline)", "spec.securityContext.seccompProfile.type");
        Check(podContext?["runAsUser"] is null || Number(podContext["runAsUser"]!) != 0, "Running as Non-root user", "spec.securityContext.runAsUser");
        // Baseline, Sysctls: only the safe subset.
        foreach (var sysctl in (podContext?["sysctls"] as JsonArray ?? []).OfType<JsonObject>())
        {
            Check(SafeSysctls.Contains(sysctl["name"]?.GetValue<string>() ?? string.Empty), "Sysctls", "spec.securityContext.sysctls[*].name");
        }
        // Baseline, HostPath Volumes, and Restricted, Volume Types.
        foreach (var volume in (podSpec["volumes"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = volume["name"]?.GetValue<string>();
            Check(volume["hostPath"] is null, "HostPath Volumes", $"spec.volumes[{name}].hostPath");
            Check(RestrictedVolumeSources.Any(s => volume[s] is not null), "Volume Types", $"spec.volumes[{name}]");
        }
        return found;

        void Check(bool holds, string control, string field)
        {
            if (!holds)
            {
                found.Add($"{control}: {field} (see {Page})");
            }
        }

        void CheckSeLinux(JsonNode? options, string path)
        {
            Check(SeLinuxTypes.Contains(options?["type"]?.GetValue<string>() ?? string.Empty), "SELinux", path + ".type");
            Check(IsEmptyOrAbsent(options?["user"]) && IsEmptyOrAbsent(options?["role"]), "SELinux", path + ".user/role");
        }
    }

    /// <summary>The pods of an object that runs them (a Deployment's template, or a Pod), or null for other kinds.</summary>
    public static (JsonObject? Metadata, JsonObject Spec)? PodOf(JsonObject manifest) => manifest["kind"]?.GetValue<string>() switch
    {
        "Pod" => (manifest["metadata"] as JsonObject, (JsonObject)manifest["spec"]!),
        "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" =>
            (manifest["spec"]?["template"]?["metadata"] as JsonObject, (JsonObject)manifest["spec"]!["template"]!["spec"]!),
        _ => null,
    };

    private static IEnumerable<(string Path, JsonObject Container)> Containers(JsonObject spec) =>
        new[] { "containers", "initContainers", "ephemeralContainers" }
            .SelectMany(list => (spec[list] as JsonArray ?? []).OfType<JsonObject>().Select(c => ($"spec.{list}[{c["name"]}]", c)));

    private static List<string> Strings(JsonNode? list) =>
        (list as JsonArray ?? []).Select(n => n?.GetValue<string>() ?? string.Empty).ToList();

    // Numbers are compared by their JSON text: a parsed document and a value set in code hold different CLR types.
    private static decimal Number(JsonNode value) => decimal.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsFalseOrAbsent(JsonNode? value) => value is null || !value.GetValue<bool>();

    private static bool IsTrue(JsonNode? value) => value is not null && value.GetValue<bool>();

    private static bool IsEmptyOrAbsent(JsonNode? value) => value is null || value.GetValue<string>().Length == 0;
}
