using System.Collections.Immutable;
using Privc.Checking;
using Privc.Diagnostics;
using Privc.Text;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// What a set of Kubernetes manifests says about a configuration (specs/kubernetes.md, specs/check.md): the placement
/// of every program service some workload runs, the flows among program services the NetworkPolicies allow, the
/// violations only the manifests can show (a service run twice, traffic with parties outside the program), and
/// diagnostics, among them the cannot-judge warnings (PRIV51xx).
/// </summary>
/// <param name="Placements">One per program service that some workload runs, sorted by service; nodes sorted.</param>
/// <param name="Allowed">Surely allowed TCP flows among program services, sorted by source, target and port (null, meaning every port, first).</param>
/// <param name="Diagnostics">Sorted; errors mean the manifests could not be read as a whole.</param>
public sealed record KubernetesReading(ImmutableArray<Placement> Placements, ImmutableArray<AllowedFlow> Allowed, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>
    /// Services whose placement the manifests leave to the scheduler (each with a PRIV5006 warning). Their
    /// <see cref="Placements"/> entry lists every node the scheduler may choose; a caller deciding compliance must
    /// treat a non-empty list as "not proven compliant", because the checker can only judge the nodes it is given.
    /// </summary>
    public ImmutableArray<string> Undetermined { get; init; } = [];

    /// <summary>Flows that may or may not be allowed, depending on facts privc does not know (each behind a cannot-judge warning).</summary>
    public ImmutableArray<AllowedFlow> PossiblyAllowed { get; init; } = [];

    /// <summary>Violations the manifests show directly, each with where it is written.</summary>
    public ImmutableArray<ReaderFinding> Findings { get; init; } = [];

    /// <summary>Where each program service's pods come from: the workloads, with the nodes each may run on.</summary>
    public ImmutableDictionary<string, ImmutableArray<WorkloadSource>> Sources { get; init; } = ImmutableDictionary<string, ImmutableArray<WorkloadSource>>.Empty;

    /// <summary>For each surely allowed flow, the rules (or unrestricted workloads) that allow it.</summary>
    public ImmutableDictionary<AllowedFlow, ImmutableArray<SourceLocation>> AllowedBy { get; init; } = ImmutableDictionary<AllowedFlow, ImmutableArray<SourceLocation>>.Empty;

    /// <summary>How many objects of each kind were read and found not to bear on placements or traffic (kind to count).</summary>
    public ImmutableSortedDictionary<string, int> Inert { get; init; } = ImmutableSortedDictionary<string, int>.Empty;

    /// <summary>How many objects were read, after kubectl's same-name replacement.</summary>
    public int Objects { get; init; }

    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>A violation the reader found in the manifests themselves, with the places that cause it.</summary>
public sealed record ReaderFinding(Violation Violation, ImmutableArray<SourceLocation> At);

/// <summary>A workload that runs replicas of a program service: how it is shown, where it is written, and the nodes its pods may run on.</summary>
public sealed record WorkloadSource(string Display, SourceLocation Location, ImmutableArray<string> Nodes);

/// <summary>
/// The inputs of one reading: the manifests in the order kubectl applies them, the cluster state (Node, Namespace
/// and RuntimeClass objects read from a cluster or given by the operator, not applied), and the namespace kubectl
/// gives objects that name none.
/// </summary>
public sealed record KubernetesInputs(IReadOnlyList<SourceText> Manifests, IReadOnlyList<SourceText> ClusterState)
{
    public string DefaultNamespace { get; init; } = KubernetesNames.DefaultNamespace;
}
