using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Privc.Tests.Properties.Generators;

/// <summary>
/// Generated instances with at least two flow groups (specs/encoding.md section 15.2, "Flow groups"): a plain instance
/// with every service and flow copied under new names (web2, f1b, ...). The copies share the topology, the data and the
/// intents that select by tenant or label, so the two groups still meet on capacity, dedication and spreading, but no
/// flow joins them: a sum route objective splits into at least two groups.
/// </summary>
public static partial class FlowGroupInstance
{
    public static Instance Generate(int seed)
    {
        // The first of seed, seed + 1000003, ... whose program has a flow between two services: a copy of a program
        // without one has nothing to group.
        var plain = Instance.Generate(seed);
        for (var k = 1; k < 50 && !plain.Items.Any(i => i.Kind == ItemKind.Flow && FlowEnds().Match(i.Text) is { Success: true } e && e.Groups["source"].Value != e.Groups["target"].Value); k++)
        {
            plain = Instance.Generate(unchecked(seed + (k * 1_000_003)));
        }
        var items = new List<ProgramItem>();
        foreach (var item in plain.Items)
        {
            items.Add(item);
            if (item.Kind == ItemKind.Service)
            {
                items.Add(new ProgramItem(ItemKind.Service, item.Name + "2", ServiceName().Replace(item.Text, m => $"service {m.Groups["name"].Value}2 {{", 1)));
            }
            else if (item.Kind == ItemKind.Flow && FlowEnds().Match(item.Text) is { Success: true } ends)
            {
                var copy = $"flow {item.Name}b: {ends.Groups["source"].Value}2 -> {ends.Groups["target"].Value}2" + item.Text[ends.Length..];
                items.Add(new ProgramItem(ItemKind.Flow, item.Name + "b", copy));
            }
        }
        // Both ends of the first such flow kept apart, in each copy, so that its routes have links to count.
        if (items.Select(i => FlowEnds().Match(i.Text)).FirstOrDefault(m => m.Success && m.Groups["source"].Value != m.Groups["target"].Value) is { } first)
        {
            var (source, target) = (first.Groups["source"].Value, first.Groups["target"].Value);
            items.Add(new ProgramItem(ItemKind.Intent, "apart1", $"intent apart1: separate {source} from {target};"));
            items.Add(new ProgramItem(ItemKind.Intent, "apart2", $"intent apart2: separate {source}2 from {target}2;"));
        }
        return plain with { Items = [.. items] };
    }

    [GeneratedRegex(@"^service (?<name>\w+) \{")]
    private static partial Regex ServiceName();

    [GeneratedRegex(@"^flow \w+: (?<source>\w+) -> (?<target>\w+)")]
    private static partial Regex FlowEnds();
}
