using System.Collections.Immutable;
using Privc.Diagnostics;

namespace Privc.Topology;

/// <summary>
/// PRIV3016: the addresses two nodes' pods use must not overlap. Flow rules tell a replica pair's packets from every
/// other packet by source and destination prefix (specs/onos.md, "Pod addresses and CNI modes"), so a packet from
/// an address two nodes could use would match the rules of both. A node's pod addresses are its pod CIDR, or its
/// own address when it has none; a node's own address inside another node's pod CIDR is the same ambiguity.
/// </summary>
internal static class PodAddressCheck
{
    public static void Check(TopologyDocument document, TopologySourceMap map, DiagnosticBag diagnostics)
    {
        var ranges = new List<(string Node, Ipv4Prefix Range, bool IsPodCidr, int Index)>();
        for (var i = 0; i < document.Nodes.Length; i++)
        {
            var node = document.Nodes[i];
            if (node.PodCidr is { } cidr)
            {
                ranges.Add((node.Name, cidr, true, i));
            }
            else if (Ipv4Prefix.ParseAddress(node.Ip) is { } address)
            {
                ranges.Add((node.Name, Ipv4Prefix.Host(address), false, i));
            }
        }
        if (!ranges.Any(r => r.IsPodCidr))
        {
            // Node addresses alone are checked for uniqueness as addresses (PRIV3004).
            return;
        }
        // Sorted by network address and then by widest first, an overlapping range always overlaps an earlier one
        // whose end reaches it; one report per node, at the later entry of the file.
        var sorted = ranges.OrderBy(r => r.Range.Address).ThenBy(r => r.Range.Length).ToList();
        var reported = new HashSet<int>();
        var widest = ImmutableList<(string Node, Ipv4Prefix Range, bool IsPodCidr, int Index)>.Empty;
        foreach (var range in sorted)
        {
            foreach (var earlier in widest.Where(e => (e.IsPodCidr || range.IsPodCidr) && e.Range.Overlaps(range.Range) && e.Index != range.Index))
            {
                var (first, second) = earlier.Index < range.Index ? (earlier, range) : (range, earlier);
                if (reported.Add(second.Index))
                {
                    var location = map.Nodes[second.Index].PodCidr ?? map.Nodes[second.Index].Ip;
                    diagnostics.Add(DiagnosticCatalogue.TopologyOverlappingPodCidr(location, second.Node, Describe(second), first.Node, Describe(first)));
                }
            }
            widest = widest.Add(range);
        }
    }

    private static string Describe((string Node, Ipv4Prefix Range, bool IsPodCidr, int Index) range) =>
        range.IsPodCidr ? $"pod CIDR {range.Range}" : $"node address {Ipv4Prefix.Format(range.Range.Address)}";
}
