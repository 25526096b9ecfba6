using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Privc.Tests.Properties.Generators;

/// <summary>
/// Generated instances where routing couples flows: every cable carries 1Gbps, every flow asks for 600Mbps and has
/// no port. Two flows cannot share a directed cable (W4: a flow reserves its bandwidth once per directed link, so
/// bandwidth binds between flows), and portless flows in both directions between the same services must retrace
/// each other (W3: flow rules cannot tell them apart). These are
/// the cases where the decomposed solver's routing subproblem needs its small SMT problem instead of a graph search.
/// </summary>
public static partial class ContendedInstance
{
    public static Instance Generate(int seed)
    {
        var plain = Instance.Generate(seed);
        var random = new Random(unchecked(seed * 31 + 7));
        var links = plain.Topology.Links.Select(l => l with { BandwidthBps = 1_000_000_000 }).ToImmutableArray();
        var items = plain.Items.Select(item => item.Kind == ItemKind.Flow ? item with { Text = Contend(item.Text) } : item).ToList();
        // A flow back along an existing one (portless, so W3 ties the two directions together).
        var forward = items.FirstOrDefault(i => i.Kind == ItemKind.Flow);
        if (forward is not null && random.Next(2) == 0 && FlowEnds().Match(forward.Text) is { Success: true } ends)
        {
            items.Insert(items.IndexOf(forward) + 1, new ProgramItem(ItemKind.Flow, forward.Name + "_back",
                $"flow {forward.Name}_back: {ends.Groups["target"].Value} -> {ends.Groups["source"].Value} bandwidth 600Mbps;"));
        }
        return plain with { Topology = plain.Topology with { Links = links }, Items = [.. items] };
    }

    private static string Contend(string flow)
    {
        var stripped = Clause().Replace(flow.TrimEnd(';'), string.Empty);
        return stripped + " bandwidth 600Mbps;";
    }

    [GeneratedRegex(@" (bandwidth \S+|port \d+)")]
    private static partial Regex Clause();

    [GeneratedRegex(@"^flow \w+: (?<source>\w+) -> (?<target>\w+)")]
    private static partial Regex FlowEnds();
}
