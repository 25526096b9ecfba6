using Privc.Diagnostics;
using Privc.Topology;

namespace Privc.Artifacts.Onos;

/// <summary>
/// Whether privc's flow rules can pin pod traffic on a topology's network at all (specs/onos.md, "Pod addresses
/// and CNI modes"): only when the declared CNI mode puts pod packets on the wire unencapsulated. A topology that
/// declares nothing is taken to be routed, as the README says.
/// </summary>
public static class PodNetworkPolicy
{
    /// <summary>PRIV8013 at the declared mode when it encapsulates pod packets; null when rules can be emitted.</summary>
    public static Diagnostic? Refusal(TopologyModel topology) =>
        topology.Network is { Encapsulates: true } network ? DiagnosticCatalogue.OnosEncapsulatingCni(At(topology, network), network.Cni) : null;

    /// <summary>PRIV8015 for <c>check --flows</c>: under an encapsulating mode no flow rule can be judged on pod addresses.</summary>
    public static Diagnostic? CannotJudge(TopologyModel topology) =>
        topology.Network is { Encapsulates: true } network ? DiagnosticCatalogue.OnosFlowsUnderEncapsulation(At(topology, network), network.Cni) : null;

    private static Text.SourceLocation At(TopologyModel topology, ContainerNetwork network) =>
        network.Location ?? new Text.SourceLocation(topology.Source ?? new Text.SourceText(topology.Name, string.Empty), default);
}
