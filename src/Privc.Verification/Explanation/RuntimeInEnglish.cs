using System.Text;
using Privc.Semantics;

namespace Privc.Verification.Explanation;

/// <summary>How a service's container runs, in English, for <see cref="ProgramInEnglish.ExplainService"/>; empty when it declares nothing.</summary>
internal static class RuntimeInEnglish
{
    public static string Explain(ServiceRuntime runtime)
    {
        var text = new StringBuilder();
        if (runtime.Readiness is { } readiness && runtime.Readiness == runtime.Liveness)
        {
            text.Append("; ready and alive while ").Append(Probe(readiness));
        }
        else
        {
            if (runtime.Readiness is { } ready)
            {
                text.Append("; ready while ").Append(Probe(ready));
            }
            if (runtime.Liveness is { } live)
            {
                text.Append("; restarted unless ").Append(Probe(live));
            }
        }
        if (!runtime.Command.IsEmpty || !runtime.Args.IsEmpty)
        {
            text.Append("; runs ").Append(string.Join(" ", runtime.Command.Concat(runtime.Args).Select(a => $"\"{a}\"")));
        }
        if (!runtime.Environment.IsEmpty)
        {
            text.Append("; environment ").Append(string.Join(", ", runtime.Environment.Select(v =>
                v.Secret is { } secret ? $"{v.Name} from Secret {secret} key {v.SecretKey}" : $"{v.Name}=\"{v.Value}\"")));
        }
        foreach (var volume in runtime.Volumes)
        {
            text.Append("; ").Append(volume.Kind switch
            {
                VolumeKind.EmptyDir => $"scratch space {volume.Name}",
                VolumeKind.Secret => $"Secret {volume.Source}",
                _ => $"ConfigMap {volume.Source}",
            }).Append(" at ").Append(volume.MountPath).Append(volume.Kind == VolumeKind.EmptyDir ? string.Empty : " (read-only)");
        }
        if (runtime.ServiceAccount is { } account)
        {
            text.Append("; runs as service account ").Append(account);
        }
        if (runtime.WritableRoot)
        {
            text.Append("; may write to its root filesystem");
        }
        return text.ToString();
    }

    private static string Probe(ServiceProbe probe) => probe.Kind == ProbeKind.Http
        ? $"GET {probe.Path} on port {probe.Port} succeeds"
        : $"port {probe.Port} accepts connections";
}
