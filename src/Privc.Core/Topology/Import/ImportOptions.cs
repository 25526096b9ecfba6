using System.Collections.Immutable;

namespace Privc.Topology.Import;

/// <summary>The compute nodes created at each point of presence for one tier, and their capacity and price.</summary>
public sealed record TierSpec(string Name, long CpuMillis, long MemoryBytes, decimal Cost);

/// <summary>
/// How a GraphML network becomes a topology. <see cref="Tiers"/> are created at every PoP in this order (which fixes
/// their ports and IP addresses); <see cref="DefaultBandwidthBps"/> is the capacity of links without LinkSpeedRaw.
/// </summary>
public sealed record ImportOptions(string? Name, ImmutableArray<TierSpec> Tiers, long DefaultBandwidthBps)
{
    public const long DefaultBandwidth = 10_000_000_000;

    /// <summary>
    /// Whether compute nodes are also created at external PoPs (GraphML <c>Internal=0</c>: peers, exchanges, other
    /// networks). Off by default: an operator runs workloads in its own sites, never on a peer's.
    /// </summary>
    public bool ComputeOnExternal { get; init; }

    /// <summary>Longest tier name, so that node names stay within Kubernetes' 63 characters.</summary>
    public const int MaxTierName = 15;

    /// <summary>
    /// Built-in tier sizes (documented in specs/topology-import.md). Edge sites are small and dear, cloud regions
    /// large and cheap; costs are relative prices per node for <c>minimize cost</c>.
    /// </summary>
    public static ImmutableArray<TierSpec> BuiltInTiers { get; } =
    [
        new("edge", 8_000, 16L << 30, 3),
        new("fog", 16_000, 64L << 30, 2),
        new("cloud", 64_000, 256L << 30, 1),
    ];

    public static ImportOptions Default { get; } = new(null, [BuiltInTiers[0]], DefaultBandwidth);

    public static TierSpec? BuiltInTier(string name) => BuiltInTiers.FirstOrDefault(t => t.Name == name);
}
