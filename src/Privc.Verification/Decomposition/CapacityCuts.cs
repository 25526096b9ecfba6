using System.Collections.Immutable;

namespace Privc.Verification.Decomposition;

/// <summary>
/// Capacity cuts that are facts of the topology alone (specs/encoding.md section 13.1): for a set of devices, every
/// route between a device inside and one outside crosses its border, so the flows whose replica pairs the placement
/// separates by it carry at most the capacity of the border's directed links. The master learns the cuts of every
/// device and every cable's two devices, in both directions, at the first bandwidth conflict, before it tries another
/// placement; <c>privc certify</c> re-derives each capacity from the recorded network.
/// </summary>
public static class CapacityCuts
{
    /// <summary>
    /// The cuts around single devices and around the two ends of each cable, leaving and entering, in device then
    /// link order (deterministic, so the master and its certificate are too).
    /// </summary>
    public static IEnumerable<LinkCut> Local(NetworkIndex index)
    {
        for (var d = 0; d < index.DeviceCount; d++)
        {
            yield return Of(index, [d], inward: false);
            yield return Of(index, [d], inward: true);
        }
        for (var l = 0; l < index.LinkCount; l++)
        {
            var (u, v) = (index.LinkFrom[l], index.LinkTo[l]);
            if (u < v)
            {
                yield return Of(index, [u, v], inward: false);
                yield return Of(index, [u, v], inward: true);
            }
        }
    }

    /// <summary>The cut of a device set: the summed capacity of the directed links that leave it (or enter it).</summary>
    public static LinkCut Of(NetworkIndex index, IEnumerable<int> devices, bool inward)
    {
        var set = devices.ToHashSet();
        long capacity = 0;
        for (var l = 0; l < index.LinkCount; l++)
        {
            if (set.Contains(inward ? index.LinkTo[l] : index.LinkFrom[l]) && !set.Contains(inward ? index.LinkFrom[l] : index.LinkTo[l]))
            {
                capacity += index.LinkBandwidth[l];
            }
        }
        return new LinkCut(set.Select(d => index.DeviceNames[d]).Order(StringComparer.Ordinal).ToImmutableArray(), inward, capacity);
    }
}
