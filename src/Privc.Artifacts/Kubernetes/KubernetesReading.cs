using System.Collections.Immutable;
using Privc.Diagnostics;
using Privc.Checking;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// What a set of Kubernetes manifests says about a configuration (specs/kubernetes.md): the placement of every program
/// service a workload runs, the flows among program services that the NetworkPolicies allow, and diagnostics.
/// </summary>
/// <param name="Placements">One per program service that some workload runs, sorted by service; nodes sorted.</param>
/// <param name="Allowed">Sorted by source, target and port (null, meaning every port, first).</param>
/// <param name="Diagnostics">Sorted; errors mean the manifests could not be read as a whole.</param>
public sealed record KubernetesReading(ImmutableArray<Placement> Placements, ImmutableArray<AllowedFlow> Allowed, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>
    /// Services whose placement the manifests leave to the scheduler (each with a PRIV5006 warning). Their
    /// <see cref="Placements"/> entry lists every node the scheduler may choose; a caller deciding compliance must
    /// treat a non-empty list as "not proven compliant", because the checker can only judge the nodes it is given.
    /// </summary>
    public ImmutableArray<string> Undetermined { get; init; } = [];

    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
