using System.Collections.Immutable;
using k8s.Models;
using Privc.Diagnostics;
using Privc.Semantics;
using static Privc.Artifacts.Kubernetes.KubernetesNames;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// Reads every kind that runs pods (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job,
/// CronJob, Pod) into a <see cref="Workload"/>: its pod template, the labels its controller adds, how many pods
/// run, its owners, and the program services it runs. Objects the API server would reject are errors.
/// </summary>
internal sealed class WorkloadReader(BoundProgram program, string defaultNamespace, List<Diagnostic> diagnostics)
{
    /// <summary>The labels by which a pod names the service it runs, in the order privc's own manifests set them.</summary>
    public static readonly ImmutableArray<string> ClaimKeys = [ServiceLabel, AppNameLabel, AppLabel];

    private readonly Dictionary<string, string> imageOwners = program.Services
        .GroupBy(s => ImageReference.Repository(s.Image), StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);

    private readonly HashSet<string> services = program.Services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

    public Workload? Read(ManifestObject manifest)
    {
        var validation = new ApiValidation(manifest, diagnostics);
        Workload? workload = manifest.Kind switch
        {
            "Deployment" => Controller<V1Deployment>(manifest, validation, d => (d.Metadata, d.Spec?.Template, d.Spec?.Selector, d.Spec?.Replicas),
                ["pod-template-hash"], []),
            "StatefulSet" => Controller<V1StatefulSet>(manifest, validation, s => (s.Metadata, s.Spec?.Template, s.Spec?.Selector, s.Spec?.Replicas),
                ["controller-revision-hash", "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index"],
                ["statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index"]),
            "DaemonSet" => Controller<V1DaemonSet>(manifest, validation, d => (d.Metadata, d.Spec?.Template, d.Spec?.Selector, 1),
                ["controller-revision-hash", "pod-template-generation"], []) is { } daemonSet ? daemonSet with { EveryNode = true } : null,
            "ReplicaSet" => Controller<V1ReplicaSet>(manifest, validation, r => (r.Metadata, r.Spec?.Template, r.Spec?.Selector, r.Spec?.Replicas), [], []),
            "ReplicationController" => ReplicationController(manifest, validation),
            "Job" => Job(manifest, validation),
            "CronJob" => CronJob(manifest, validation),
            "Pod" => Pod(manifest, validation),
            _ => null,
        };
        return validation.Failed ? null : workload;
    }

    private Workload? Controller<T>(ManifestObject manifest, ApiValidation validation,
        Func<T, (V1ObjectMeta? Metadata, V1PodTemplateSpec? Template, V1LabelSelector? Selector, int? Replicas)> parts,
        string[] controllerKeys, string[] perReplicaKeys)
        where T : class
    {
        if (ManifestDocuments.Deserialize<T>(manifest, diagnostics) is not { } typed)
        {
            return null;
        }
        var (metadata, template, selector, replicas) = parts(typed);
        validation.Metadata(metadata);
        if (selector is null)
        {
            validation.Selector(null);
            diagnostics.Add(DiagnosticCatalogue.ManifestMalformedObject(manifest.At("spec"), manifest.Kind, manifest.DisplayName, "spec.selector is required; the API server rejects the object"));
            return null;
        }
        validation.Selector(selector, "spec", "selector");
        var workload = FromTemplate(manifest, validation, metadata, template, ["spec", "template"], replicas ?? 1, controllerKeys, perReplicaKeys);
        if (workload is not null && !validation.Failed && new LabelSet(template!.Metadata?.Labels ?? new Dictionary<string, string>(), [], complete: true).Matches(selector) != Tri.True)
        {
            diagnostics.Add(DiagnosticCatalogue.ManifestMalformedObject(manifest.At("spec", "selector"), manifest.Kind, manifest.DisplayName,
                "spec.selector does not match the template's labels; the API server rejects the object"));
            return null;
        }
        return workload;
    }

    private Workload? ReplicationController(ManifestObject manifest, ApiValidation validation)
    {
        if (ManifestDocuments.Deserialize<V1ReplicationController>(manifest, diagnostics) is not { } rc)
        {
            return null;
        }
        validation.Metadata(rc.Metadata);
        validation.Labels(rc.Spec?.Selector, ["spec", "selector"]);
        var workload = FromTemplate(manifest, validation, rc.Metadata, rc.Spec?.Template, ["spec", "template"], rc.Spec?.Replicas ?? 1, [], []);
        if (workload is not null && rc.Spec?.Selector is { Count: > 0 } selector
            && new LabelSet(rc.Spec.Template!.Metadata?.Labels ?? new Dictionary<string, string>(), [], complete: true).Matches(new V1LabelSelector { MatchLabels = selector }) != Tri.True)
        {
            diagnostics.Add(DiagnosticCatalogue.ManifestMalformedObject(manifest.At("spec", "selector"), manifest.Kind, manifest.DisplayName,
                "spec.selector does not match the template's labels; the API server rejects the object"));
            return null;
        }
        return workload;
    }

    private Workload? Job(ManifestObject manifest, ApiValidation validation)
    {
        if (ManifestDocuments.Deserialize<V1Job>(manifest, diagnostics) is not { } job)
        {
            return null;
        }
        validation.Metadata(job.Metadata);
        var name = job.Metadata?.Name ?? string.Empty;
        var (known, unknown, perReplica) = JobLabels(job.Spec?.CompletionMode, name);
        return FromTemplate(manifest, validation, job.Metadata, job.Spec?.Template, ["spec", "template"], JobPods(job.Spec?.Parallelism, job.Spec?.Completions), unknown, perReplica, known);
    }

    private Workload? CronJob(ManifestObject manifest, ApiValidation validation)
    {
        if (ManifestDocuments.Deserialize<V1CronJob>(manifest, diagnostics) is not { } cronJob)
        {
            return null;
        }
        validation.Metadata(cronJob.Metadata);
        var spec = cronJob.Spec?.JobTemplate?.Spec;
        // Jobs get a name with the scheduled time appended, so their job-name label is not known in advance.
        var (_, unknown, perReplica) = JobLabels(spec?.CompletionMode, null);
        return FromTemplate(manifest, validation, cronJob.Metadata, spec?.Template, ["spec", "jobTemplate", "spec", "template"], JobPods(spec?.Parallelism, spec?.Completions), unknown, perReplica);
    }

    private static (Dictionary<string, string> Known, string[] Unknown, string[] PerReplica) JobLabels(string? completionMode, string? jobName)
    {
        var unknown = new List<string> { "batch.kubernetes.io/controller-uid", "controller-uid" };
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        if (jobName is null)
        {
            unknown.AddRange(["batch.kubernetes.io/job-name", "job-name"]);
        }
        else
        {
            known["batch.kubernetes.io/job-name"] = jobName;
            known["job-name"] = jobName;
        }
        string[] perReplica = completionMode == "Indexed" ? ["batch.kubernetes.io/job-completion-index"] : [];
        unknown.AddRange(perReplica);
        return (known, [.. unknown], perReplica);
    }

    /// <summary>Pods of a Job at once: parallelism (default 1), at most the completions asked for.</summary>
    private static int JobPods(int? parallelism, int? completions)
    {
        var pods = parallelism ?? 1;
        return completions is { } c && c < pods ? c : pods;
    }

    private Workload? Pod(ManifestObject manifest, ApiValidation validation)
    {
        if (ManifestDocuments.Deserialize<V1Pod>(manifest, diagnostics) is not { } pod)
        {
            return null;
        }
        validation.Metadata(pod.Metadata);
        var template = pod.Spec is null ? null : new V1PodTemplateSpec { Metadata = pod.Metadata, Spec = pod.Spec };
        var workload = FromTemplate(manifest, validation, pod.Metadata, template, [], 1, [], []);
        return workload is null ? null : workload with { IsPod = true };
    }

    private Workload? FromTemplate(ManifestObject manifest, ApiValidation validation, V1ObjectMeta? metadata, V1PodTemplateSpec? template,
        object[] templatePath, int replicas, string[] controllerKeys, string[] perReplicaKeys, Dictionary<string, string>? controllerKnown = null)
    {
        if (template?.Spec is null)
        {
            diagnostics.Add(DiagnosticCatalogue.ManifestMalformedObject(manifest.At(templatePath), manifest.Kind, manifest.DisplayName, "it has no pod spec"));
            return null;
        }
        if (replicas < 0)
        {
            diagnostics.Add(DiagnosticCatalogue.ManifestMalformedObject(manifest.At("spec"), manifest.Kind, manifest.DisplayName, "the pod count is negative; the API server rejects the object"));
            return null;
        }
        if (templatePath.Length > 0)
        {
            validation.PodTemplate(template.Metadata, template.Spec, templatePath);
        }
        else
        {
            validation.PodTemplate(null, template.Spec, []);
        }
        if ((template.Spec.Containers?.Count ?? 0) == 0)
        {
            diagnostics.Add(DiagnosticCatalogue.ManifestMalformedObject(manifest.At([.. templatePath, "spec"]), manifest.Kind, manifest.DisplayName, "the pod has no containers; the API server rejects it"));
            return null;
        }
        var templateLabels = (template.Metadata?.Labels ?? new Dictionary<string, string>()).ToDictionary(p => p.Key, p => p.Value ?? string.Empty, StringComparer.Ordinal);
        // The controller's labels win over the template's: they are set on every pod it creates.
        foreach (var key in controllerKeys.Where(k => !(controllerKnown?.ContainsKey(k) ?? false)))
        {
            templateLabels.Remove(key);
        }
        foreach (var (key, value) in controllerKnown ?? [])
        {
            templateLabels[key] = value;
        }
        var labels = new LabelSet(templateLabels, controllerKeys, complete: true);
        var name = metadata?.Name ?? string.Empty;
        var (claimed, reasons) = Claims(labels, name, template.Spec);
        return new Workload
        {
            Object = manifest,
            Name = name,
            Namespace = string.IsNullOrEmpty(metadata?.NamespaceProperty) ? defaultNamespace : metadata.NamespaceProperty,
            Spec = template.Spec,
            TemplatePath = templatePath,
            PodLabels = labels,
            PerReplicaKeys = [.. perReplicaKeys],
            Replicas = replicas,
            Owners = [.. metadata?.OwnerReferences ?? []],
            Uid = metadata?.Uid,
            Services = claimed,
            ClaimReasons = reasons,
        };
    }

    private (ImmutableArray<string> Services, ImmutableDictionary<string, string> Reasons) Claims(LabelSet labels, string objectName, V1PodSpec spec)
    {
        var reasons = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var anyClaimLabel = false;
        foreach (var key in ClaimKeys)
        {
            if (labels.Known.TryGetValue(key, out var value) && value.Length > 0)
            {
                anyClaimLabel = true;
                if (services.Contains(value))
                {
                    reasons.TryAdd(value, $"label {key}={value}");
                }
            }
        }
        if (!anyClaimLabel && services.Contains(objectName))
        {
            reasons.TryAdd(objectName, $"name {objectName}");
        }
        foreach (var container in (spec.Containers ?? []).Concat(spec.InitContainers ?? []).Select(c => c.Image)
            .Concat((spec.EphemeralContainers ?? []).Select(c => c.Image)))
        {
            if (!string.IsNullOrEmpty(container) && imageOwners.TryGetValue(ImageReference.Repository(container), out var service))
            {
                reasons.TryAdd(service, $"image {container}");
            }
        }
        return ([.. reasons.Keys], reasons.ToImmutableDictionary(StringComparer.Ordinal));
    }
}
