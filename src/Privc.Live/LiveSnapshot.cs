using System.Collections.Immutable;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Privc.Live;

/// <summary>
/// What <c>privc watch</c> reads on each poll (specs/live.md, "privc watch"): the Kubernetes objects <c>privc check</c>
/// judges (Namespaces, Deployments, ReplicaSets, Pods, NetworkPolicies, as a live dump in one YAML stream), the
/// cluster's Node objects, privc's ONOS flow rules (a <c>GET /flows/application/io.privc</c> answer, as ONOS wrote it),
/// and the directed links ONOS sees (device id and port of each end).
/// </summary>
public sealed record LiveSnapshot(string Kubernetes, string Nodes, string Flows, ImmutableSortedSet<string> Links)
{
    /// <summary>A directed link's key as <see cref="Links"/> holds it.</summary>
    public static string LinkKey(string fromDevice, string fromPort, string toDevice, string toPort) => $"{fromDevice}/{fromPort}>{toDevice}/{toPort}";

    /// <summary>Reads everything, or throws <see cref="LiveException"/> with the first failure.</summary>
    public static async Task<LiveSnapshot> ReadAsync(OnosClient onos, string appId, KubernetesTarget kubernetes, CancellationToken cancel)
    {
        using var flows = await onos.GetAsync("flows/application/" + Uri.EscapeDataString(appId), cancel);
        using var links = await onos.GetAsync("links", cancel);
        var objects = new List<object>();
        objects.AddRange((await List(kubernetes, "namespaces", c => c.CoreV1.ListNamespaceAsync(cancellationToken: cancel))).Items.Select(o => Kind(o, "v1", "Namespace")));
        objects.AddRange((await List(kubernetes, "deployments", c => c.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: cancel))).Items.Select(o => Kind(o, "apps/v1", "Deployment")));
        objects.AddRange((await List(kubernetes, "replicasets", c => c.AppsV1.ListReplicaSetForAllNamespacesAsync(cancellationToken: cancel))).Items.Select(o => Kind(o, "apps/v1", "ReplicaSet")));
        objects.AddRange((await List(kubernetes, "pods", c => c.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: cancel))).Items.Select(o => Kind(o, "v1", "Pod")));
        objects.AddRange((await List(kubernetes, "networkpolicies", c => c.NetworkingV1.ListNetworkPolicyForAllNamespacesAsync(cancellationToken: cancel))).Items.Select(o => Kind(o, "networking.k8s.io/v1", "NetworkPolicy")));
        var nodes = (await LivePull.ListNodesAsync(kubernetes, cancel)).Items.Select(o => Kind(o, "v1", "Node")).ToList();
        return new LiveSnapshot(
            objects.Count == 0 ? string.Empty : KubernetesYaml.SerializeAll(objects),
            nodes.Count == 0 ? string.Empty : KubernetesYaml.SerializeAll(nodes),
            flows.RootElement.GetRawText(),
            ReadLinks(links.RootElement, onos.Server));
    }

    private static T Kind<T>(T item, string apiVersion, string kind)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        // List items carry no apiVersion and kind; the checker reads objects as kubectl apply would, so they are set back.
        item.ApiVersion = apiVersion;
        item.Kind = kind;
        item.Metadata.ManagedFields = null;
        return item;
    }

    private static async Task<T> List<T>(KubernetesTarget kubernetes, string what, Func<IKubernetes, Task<T>> list)
    {
        try
        {
            return await list(kubernetes.Client) ?? throw new LiveException(LiveDiagnostics.KubernetesMalformedAnswer(kubernetes.Server, $"listing {what} answered nothing"));
        }
        catch (HttpOperationException e)
        {
            var status = (int)e.Response.StatusCode;
            var message = KubernetesApplier.StatusMessage(e.Response.Content);
            throw new LiveException(status is 401 or 403
                ? LiveDiagnostics.KubernetesUnauthorized(kubernetes.Server, status, message)
                : LiveDiagnostics.KubernetesUnreachable(kubernetes.Server, $"answered the list of {what} with HTTP {status}{(message.Length > 0 ? ": " + message : string.Empty)}"));
        }
        catch (Exception e) when (e is not LiveException && KubernetesApplier.Failure(kubernetes.Server, e, CancellationToken.None) is { } diagnostic)
        {
            throw new LiveException(diagnostic);
        }
    }

    private static ImmutableSortedSet<string> ReadLinks(JsonElement root, string server)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("links", out var links) || links.ValueKind != JsonValueKind.Array)
        {
            throw new LiveException(LiveDiagnostics.OnosMalformedAnswer(server, "GET /links", "no \"links\" array"));
        }
        var result = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var link in links.EnumerateArray())
        {
            if (End(link, "src") is { } src && End(link, "dst") is { } dst)
            {
                result.Add(LinkKey(src.Device, src.Port, dst.Device, dst.Port));
            }
        }
        return result.ToImmutable();
    }

    private static (string Device, string Port)? End(JsonElement link, string name) =>
        link.ValueKind == JsonValueKind.Object && link.TryGetProperty(name, out var end) && end.ValueKind == JsonValueKind.Object
        && end.TryGetProperty("device", out var device) && device.ValueKind == JsonValueKind.String
        && end.TryGetProperty("port", out var port) && port.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? (device.GetString()!, port.ValueKind == JsonValueKind.String ? port.GetString()! : port.GetRawText())
            : null;
}
