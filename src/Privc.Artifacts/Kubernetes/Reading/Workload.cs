using System.Collections.Immutable;
using k8s.Models;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// An object that runs pods (a pod template, or a pod): what the scheduler sees of its pods and which program
/// services they run. <see cref="Services"/> are the program services it is a replica of: by its pod labels
/// (<c>privc.io/service</c>, <c>app.kubernetes.io/name</c>, <c>app</c>), by its object name when it has none of
/// those labels, and by the image of any of its containers. A workload with no service is foreign to the program.
/// </summary>
internal sealed record Workload
{
    public required ManifestObject Object { get; init; }

    public string Kind => Object.Kind;

    public required string Name { get; init; }

    public required string Namespace { get; init; }

    public required V1PodSpec Spec { get; init; }

    /// <summary>Path of the pod template (or pod) inside the object, for locating fields.</summary>
    public required object[] TemplatePath { get; init; }

    /// <summary>The labels every pod gets: the template's, and those its controller adds (some with unknown values).</summary>
    public required LabelSet PodLabels { get; init; }

    /// <summary>Label keys whose value differs from replica to replica (StatefulSet pod names, completion indexes).</summary>
    public ImmutableHashSet<string> PerReplicaKeys { get; init; } = [];

    /// <summary>How many pods run at once; ignored when <see cref="EveryNode"/>.</summary>
    public required int Replicas { get; init; }

    /// <summary>A DaemonSet: one pod on every node that admits it.</summary>
    public bool EveryNode { get; init; }

    /// <summary>A pod object (not a template): concrete, with the node it is bound to when it has one.</summary>
    public bool IsPod { get; init; }

    public ImmutableArray<V1OwnerReference> Owners { get; init; } = [];

    public string? Uid { get; init; }

    public ImmutableArray<string> Services { get; init; } = [];

    /// <summary>Why the workload is a replica of each service, for messages ("label app=triage", "image ...").</summary>
    public ImmutableDictionary<string, string> ClaimReasons { get; init; } = ImmutableDictionary<string, string>.Empty;

    public bool IsProgram => !Services.IsEmpty;

    public string Display => $"{Kind} '{(Namespace == KubernetesNames.DefaultNamespace ? Name : Namespace + "/" + Name)}'";

    public string DisplayAt => $"{Display} ({Object.Location.Display})";

    public IEnumerable<V1Container> AllContainers =>
        (Spec.Containers ?? []).Concat(Spec.InitContainers ?? []);

    public Privc.Text.SourceLocation At(params object[] path) => Object.At([.. TemplatePath, .. path]);
}
