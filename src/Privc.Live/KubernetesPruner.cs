using System.Collections.Immutable;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Privc.Diagnostics;

namespace Privc.Live;

/// <summary>An object of the deploy set that the cluster holds and the new plan does not.</summary>
public sealed record StaleObject(string Kind, string Namespace, string Name)
{
    public string Display => $"{Kind}/{Namespace}/{Name}";
}

/// <summary>
/// Pruning, as <c>kubectl apply --prune</c> with an ApplySet does it, with a label privc owns instead of the
/// ApplySet parent object: every Deployment, Service and NetworkPolicy privc deploys carries
/// <c>app.kubernetes.io/managed-by: privc</c> and <see cref="SetLabel"/> (the deploy set, <c>--set</c>). Objects
/// with both labels that the new plan does not have are deleted: first as a dry run (<c>dryRun=All</c>) with the
/// other dry runs, then for real after the apply. Namespaces and Nodes are never pruned: a Namespace's deletion
/// takes everything in it, and Nodes belong to the cluster operator.
/// </summary>
public sealed class KubernetesPruner(KubernetesTarget target, string set)
{
    /// <summary>The label that names the deploy set an object belongs to.</summary>
    public const string SetLabel = "privc.io/set";

    /// <summary>The kinds deploy applies and may prune.</summary>
    public static readonly ImmutableArray<string> PrunableKinds = ["Deployment", "Service", "NetworkPolicy"];

    private string Selector => $"app.kubernetes.io/managed-by=privc,{SetLabel}={set}";

    /// <summary>Labels a deployed object with the set (on the model sent by server-side apply; the files are not changed).</summary>
    public void Label(ManifestObject item)
    {
        if (!PrunableKinds.Contains(item.Kind))
        {
            return;
        }
        var metadata = item.Model.Metadata;
        metadata.Labels ??= new Dictionary<string, string>(StringComparer.Ordinal);
        metadata.Labels[SetLabel] = set;
    }

    /// <summary>The set's objects in the cluster that <paramref name="plan"/> does not hold, in a stable order.</summary>
    public async Task<ImmutableArray<StaleObject>> FindStaleAsync(IReadOnlyList<ManifestObject> plan, CancellationToken cancel)
    {
        var wanted = plan.Select(o => (o.Kind, o.Namespace ?? "default", o.Name)).ToHashSet();
        var found = new List<StaleObject>();
        try
        {
            var client = target.Client;
            var deployments = await client.AppsV1.ListDeploymentForAllNamespacesAsync(labelSelector: Selector, cancellationToken: cancel);
            found.AddRange(deployments.Items.Select(d => new StaleObject("Deployment", d.Metadata.NamespaceProperty ?? "default", d.Metadata.Name)));
            var services = await client.CoreV1.ListServiceForAllNamespacesAsync(labelSelector: Selector, cancellationToken: cancel);
            found.AddRange(services.Items.Select(s => new StaleObject("Service", s.Metadata.NamespaceProperty ?? "default", s.Metadata.Name)));
            var policies = await client.NetworkingV1.ListNetworkPolicyForAllNamespacesAsync(labelSelector: Selector, cancellationToken: cancel);
            found.AddRange(policies.Items.Select(p => new StaleObject("NetworkPolicy", p.Metadata.NamespaceProperty ?? "default", p.Metadata.Name)));
        }
        catch (HttpOperationException e)
        {
            throw new LiveException(e.Response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? LiveDiagnostics.KubernetesUnauthorized(target.Server, (int)e.Response.StatusCode, KubernetesApplier.StatusMessage(e.Response.Content))
                : LiveDiagnostics.KubernetesUnreachable(target.Server, $"failed listing the objects of deploy set '{set}': HTTP {(int)e.Response.StatusCode} {KubernetesApplier.StatusMessage(e.Response.Content)}".TrimEnd()));
        }
        catch (Exception e) when (KubernetesApplier.Failure(target.Server, e, cancel) is { } diagnostic)
        {
            throw new LiveException(diagnostic);
        }
        return [.. found.Where(o => !wanted.Contains((o.Kind, o.Namespace, o.Name)))
            .OrderBy(o => o.Namespace, StringComparer.Ordinal).ThenBy(o => o.Kind, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Deletes each stale object (with <c>dryRun=All</c> when <paramref name="dryRun"/>), background propagation as
    /// kubectl's prune. An object already gone counts as deleted. The dry run tries every object and lists every
    /// refusal; the real deletion stops at the first.
    /// </summary>
    public async Task<ImmutableArray<Diagnostic>> DeleteAsync(IReadOnlyList<StaleObject> stale, bool dryRun, CancellationToken cancel)
    {
        var diagnostics = new List<Diagnostic>();
        foreach (var item in stale)
        {
            try
            {
                await DeleteOneAsync(item, dryRun, cancel);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
            }
            catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                diagnostics.Add(LiveDiagnostics.KubernetesUnauthorized(target.Server, (int)e.Response.StatusCode, KubernetesApplier.StatusMessage(e.Response.Content)));
                break;
            }
            catch (HttpOperationException e)
            {
                var message = KubernetesApplier.StatusMessage(e.Response.Content);
                diagnostics.Add(LiveDiagnostics.KubernetesPruneRejected(item.Display, dryRun, $"HTTP {(int)e.Response.StatusCode}{(message.Length > 0 ? ": " + message : string.Empty)}"));
                if (!dryRun)
                {
                    break;
                }
            }
            catch (Exception e) when (KubernetesApplier.Failure(target.Server, e, cancel) is { } diagnostic)
            {
                diagnostics.Add(diagnostic);
                break;
            }
        }
        return [.. diagnostics];
    }

    private async Task DeleteOneAsync(StaleObject item, bool dryRun, CancellationToken cancel)
    {
        var client = target.Client;
        var dry = dryRun ? "All" : null;
        const string propagation = "Background";
        switch (item.Kind)
        {
            case "Deployment":
                using (await client.AppsV1.DeleteNamespacedDeploymentWithHttpMessagesAsync(item.Name, item.Namespace, dryRun: dry, propagationPolicy: propagation, cancellationToken: cancel))
                {
                    return;
                }
            case "Service":
                using (await client.CoreV1.DeleteNamespacedServiceWithHttpMessagesAsync(item.Name, item.Namespace, dryRun: dry, propagationPolicy: propagation, cancellationToken: cancel))
                {
                    return;
                }
            case "NetworkPolicy":
                using (await client.NetworkingV1.DeleteNamespacedNetworkPolicyWithHttpMessagesAsync(item.Name, item.Namespace, dryRun: dry, propagationPolicy: propagation, cancellationToken: cancel))
                {
                    return;
                }
            default:
                throw new InvalidOperationException($"privc bug: asked to prune a {item.Kind}");
        }
    }
}
