using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Privc.Diagnostics;

namespace Privc.Live;

/// <summary>What server-side apply did to an object (as kubectl reports it).</summary>
public enum ApplyOutcome
{
    Created,
    Configured,
    Unchanged,
}

/// <summary>One object's result: in the dry run, what would happen; in the real apply, what did.</summary>
public sealed record AppliedObject(ManifestObject Object, ApplyOutcome Outcome);

/// <summary>
/// What a dry run (<see cref="DryRun"/>) or a real apply (<see cref="Applied"/>) did, with the refusals.
/// </summary>
public sealed record ApplyReport(ImmutableArray<AppliedObject> DryRun, ImmutableArray<AppliedObject> Applied, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool Succeeded => !Diagnostics.Any(d => d.IsError);
}

/// <summary>
/// Server-side apply with KubernetesClient's typed operations (<c>PATCH</c> with
/// <c>Content-Type: application/apply-patch+yaml</c>, <c>fieldManager=privc</c>, <c>force=true</c>): first every
/// object with <c>dryRun=All</c>, so that the API server validates and admits each one without storing it, then,
/// when the caller has seen every dry run pass, the same requests without <c>dryRun</c>, in the same order.
/// </summary>
public sealed class KubernetesApplier(KubernetesTarget target)
{
    public const string FieldManager = "privc";

    private sealed record Answer(int Status, string? ResourceVersion);

    private readonly Dictionary<ManifestObject, string?> dryVersions = [];

    /// <summary>
    /// The dry run of every object (<c>dryRun=All</c>), even after a refusal, so that every rejection is listed at
    /// once. <see cref="ApplyReport.Applied"/> is empty.
    /// </summary>
    public async Task<ApplyReport> DryRunAsync(IReadOnlyList<ManifestObject> objects, CancellationToken cancel)
    {
        var diagnostics = new List<Diagnostic>();
        var dry = new List<AppliedObject>();
        foreach (var item in objects)
        {
            try
            {
                var answer = await PatchAsync(item, dryRun: true, cancel);
                if (item.Kind == "Node" && answer.Status == (int)HttpStatusCode.Created)
                {
                    diagnostics.Add(LiveDiagnostics.KubernetesDryRunRejected(item.File, item.Display,
                        "the cluster has no node of this name, and privc never creates Node objects (is the topology's node name the Kubernetes node name?)"));
                    continue;
                }
                dry.Add(new AppliedObject(item, answer.Status == (int)HttpStatusCode.Created ? ApplyOutcome.Created : ApplyOutcome.Configured));
                dryVersions[item] = answer.ResourceVersion;
            }
            catch (HttpOperationException e) when (Rejection(e) is { } problem)
            {
                diagnostics.Add(LiveDiagnostics.KubernetesDryRunRejected(item.File, item.Display, problem));
            }
            catch (LiveException e)
            {
                diagnostics.Add(e.Diagnostic);
                break;
            }
        }
        return new ApplyReport([.. dry], [], [.. diagnostics]);
    }

    /// <summary>
    /// The real apply, in the same order as the dry run (which must have passed), stopping at the first refusal:
    /// the objects before it stay applied.
    /// </summary>
    public async Task<ApplyReport> ApplyAsync(IReadOnlyList<ManifestObject> objects, CancellationToken cancel)
    {
        var diagnostics = new List<Diagnostic>();
        var applied = new List<AppliedObject>();
        foreach (var item in objects)
        {
            try
            {
                var answer = await PatchAsync(item, dryRun: false, cancel);
                var outcome = answer.Status == (int)HttpStatusCode.Created ? ApplyOutcome.Created
                    : answer.ResourceVersion is not null && answer.ResourceVersion == dryVersions.GetValueOrDefault(item) ? ApplyOutcome.Unchanged
                    : ApplyOutcome.Configured;
                applied.Add(new AppliedObject(item, outcome));
            }
            catch (HttpOperationException e) when (Rejection(e) is { } problem)
            {
                diagnostics.Add(LiveDiagnostics.KubernetesApplyRejected(item.File, item.Display, problem));
                break;
            }
            catch (LiveException e)
            {
                diagnostics.Add(e.Diagnostic);
                break;
            }
        }
        return new ApplyReport([], [.. applied], [.. diagnostics]);
    }

    /// <summary>One server-side apply PATCH; transport failures, 401/403 and unreadable answers become <see cref="LiveException"/>.</summary>
    private async Task<Answer> PatchAsync(ManifestObject item, bool dryRun, CancellationToken cancel)
    {
        var client = target.Client;
        var patch = new V1Patch(item.Model, V1Patch.PatchType.ApplyPatch);
        var dry = dryRun ? "All" : null;
        try
        {
            switch (item.Model)
            {
                case V1Namespace:
                    using (var r = await client.CoreV1.PatchNamespaceWithHttpMessagesAsync(patch, item.Name, dryRun: dry, fieldManager: FieldManager, force: true, cancellationToken: cancel))
                    {
                        return new Answer((int)r.Response.StatusCode, r.Body?.Metadata?.ResourceVersion);
                    }
                case V1Node:
                    using (var r = await client.CoreV1.PatchNodeWithHttpMessagesAsync(patch, item.Name, dryRun: dry, fieldManager: FieldManager, force: true, cancellationToken: cancel))
                    {
                        return new Answer((int)r.Response.StatusCode, r.Body?.Metadata?.ResourceVersion);
                    }
                case V1Deployment:
                    using (var r = await client.AppsV1.PatchNamespacedDeploymentWithHttpMessagesAsync(patch, item.Name, Namespace(item), dryRun: dry, fieldManager: FieldManager, force: true, cancellationToken: cancel))
                    {
                        return new Answer((int)r.Response.StatusCode, r.Body?.Metadata?.ResourceVersion);
                    }
                case V1Service:
                    using (var r = await client.CoreV1.PatchNamespacedServiceWithHttpMessagesAsync(patch, item.Name, Namespace(item), dryRun: dry, fieldManager: FieldManager, force: true, cancellationToken: cancel))
                    {
                        return new Answer((int)r.Response.StatusCode, r.Body?.Metadata?.ResourceVersion);
                    }
                case V1NetworkPolicy:
                    using (var r = await client.NetworkingV1.PatchNamespacedNetworkPolicyWithHttpMessagesAsync(patch, item.Name, Namespace(item), dryRun: dry, fieldManager: FieldManager, force: true, cancellationToken: cancel))
                    {
                        return new Answer((int)r.Response.StatusCode, r.Body?.Metadata?.ResourceVersion);
                    }
                default:
                    throw new InvalidOperationException($"privc bug: deploy was given a {item.Kind}");
            }
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new LiveException(LiveDiagnostics.KubernetesUnauthorized(target.Server, (int)e.Response.StatusCode, StatusMessage(e.Response.Content)));
        }
        catch (Exception e) when (Failure(target.Server, e, cancel) is { } diagnostic)
        {
            throw new LiveException(diagnostic);
        }
    }

    private static string Namespace(ManifestObject item) => item.Namespace ?? "default";

    /// <summary>The reason of a 4xx/5xx answer other than 401/403, from its Status object when it has one.</summary>
    private static string? Rejection(HttpOperationException e)
    {
        var status = (int)e.Response.StatusCode;
        if (status is 401 or 403 || status < 400)
        {
            return null;
        }
        var message = StatusMessage(e.Response.Content);
        return $"HTTP {status}{(message.Length > 0 ? ": " + message : string.Empty)}";
    }

    /// <summary>The <c>message</c> of a Kubernetes <c>Status</c> body, else the body shortened.</summary>
    internal static string StatusMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return string.Empty;
        }
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
            {
                return OnosClient.Shorten(m.GetString()!);
            }
        }
        catch (JsonException)
        {
        }
        return OnosClient.Shorten(body.Trim());
    }

    /// <summary>A transport failure, timeout or unreadable answer as a diagnostic; null for anything else (a privc bug).</summary>
    internal static Diagnostic? Failure(string server, Exception e, CancellationToken cancel) => e switch
    {
        TaskCanceledException or OperationCanceledException when !cancel.IsCancellationRequested =>
            LiveDiagnostics.KubernetesUnreachable(server, "did not answer in time"),
        HttpRequestException h => LiveDiagnostics.KubernetesUnreachable(server, "cannot be reached: " + h.Message.TrimEnd('.')),
        IOException io => LiveDiagnostics.KubernetesUnreachable(server, "broke off the connection: " + io.Message.TrimEnd('.')),
        JsonException or NotSupportedException => LiveDiagnostics.KubernetesMalformedAnswer(server, e.Message.TrimEnd('.')),
        _ => null,
    };
}
