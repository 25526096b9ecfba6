using System.Collections.Immutable;
using Privc.Text;

namespace Privc.Topology;

/// <summary>
/// How the cluster's CNI carries pod traffic between nodes, as the topology's <c>network: {cni: MODE}</c> declares
/// it (specs/onos.md, "Pod addresses and CNI modes"). privc's flow rules match pod (or node) addresses and TCP
/// ports, which switches see only when the CNI routes pod packets as they are; an encapsulating mode wraps them
/// in node-to-node tunnel packets, so the rules would match nothing (or, for ports, nothing privc can tell apart).
/// </summary>
/// <param name="Cni">The declared mode, one of <see cref="Modes"/>.</param>
/// <param name="Location">Where the mode was written, for the diagnostic that refuses it.</param>
public sealed record ContainerNetwork(string Cni, SourceLocation? Location)
{
    /// <summary>
    /// The modes privc knows, and whether each encapsulates pod packets. <c>routed</c> covers every CNI that puts
    /// pod packets on the wire unchanged: Calico with BGP and neither IPIP nor VXLAN, kube-router, Cilium native
    /// routing, Flannel host-gw.
    /// </summary>
    public static readonly ImmutableSortedDictionary<string, bool> Modes = new Dictionary<string, bool>
    {
        ["routed"] = false,
        ["vxlan"] = true,
        ["geneve"] = true,
        ["ipip"] = true,
        ["wireguard"] = true,
        ["ipsec"] = true,
    }.ToImmutableSortedDictionary(StringComparer.Ordinal);

    /// <summary>Whether pod packets cross the switches inside node-to-node tunnel packets (or encrypted).</summary>
    public bool Encapsulates => Modes.GetValueOrDefault(Cni, true);
}
