using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Privc.Diagnostics;

namespace Privc.Live;

/// <summary>Reads the live state a topology is built from: ONOS's devices, ports, links and hosts, and Kubernetes's nodes.</summary>
public static class LivePull
{
    /// <summary>The live state, or the first failure as a <see cref="LiveException"/>.</summary>
    public static async Task<LiveState> ReadAsync(OnosClient onos, KubernetesTarget kubernetes, CancellationToken cancel)
    {
        using var devices = await onos.GetAsync("devices", cancel);
        using var links = await onos.GetAsync("links", cancel);
        using var hosts = await onos.GetAsync("hosts", cancel);
        var ports = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        if (devices.RootElement.ValueKind == JsonValueKind.Object && devices.RootElement.TryGetProperty("devices", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var device in list.EnumerateArray())
            {
                if (device.ValueKind == JsonValueKind.Object && device.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    using var answer = await onos.GetAsync($"devices/{Uri.EscapeDataString(id.GetString()!)}/ports", cancel);
                    ports[id.GetString()!] = answer.RootElement.Clone();
                }
            }
        }
        var nodes = await ListNodesAsync(kubernetes, cancel);
        return new LiveState(devices.RootElement.Clone(), links.RootElement.Clone(), hosts.RootElement.Clone(), ports, nodes);
    }

    /// <summary><c>GET /api/v1/nodes</c> with the typed client.</summary>
    public static async Task<V1NodeList> ListNodesAsync(KubernetesTarget kubernetes, CancellationToken cancel)
    {
        try
        {
            return await kubernetes.Client.CoreV1.ListNodeAsync(cancellationToken: cancel)
                ?? throw new LiveException(LiveDiagnostics.KubernetesMalformedAnswer(kubernetes.Server, "GET /api/v1/nodes answered nothing"));
        }
        catch (HttpOperationException e)
        {
            var status = (int)e.Response.StatusCode;
            var message = KubernetesApplier.StatusMessage(e.Response.Content);
            throw new LiveException(status is 401 or 403
                ? LiveDiagnostics.KubernetesUnauthorized(kubernetes.Server, status, message)
                : LiveDiagnostics.KubernetesUnreachable(kubernetes.Server, $"answered GET /api/v1/nodes with HTTP {status}{(message.Length > 0 ? ": " + message : string.Empty)}"));
        }
        catch (Exception e) when (KubernetesApplier.Failure(kubernetes.Server, e, cancel) is { } diagnostic)
        {
            throw new LiveException(diagnostic);
        }
    }
}
