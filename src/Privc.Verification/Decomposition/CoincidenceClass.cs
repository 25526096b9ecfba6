using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Verification.Decomposition;

/// <summary>One replica pair of one flow: its route goes from the source replica's node to the target's.</summary>
public sealed record RouteItem(Flow Flow, ComputeNode Source, ComputeNode Target)
{
    public string SortKey => $"{Flow.Name}\u0001{Source.Name}\u0001{Target.Name}";
}

/// <summary>
/// Items that W3 forces onto one route (specs/encoding.md section 12): all lie on the node pair {From, To}; forward
/// items use the route from dev(From) to dev(To), the others use it reversed. <see cref="Condition"/> is what the
/// shared route must satisfy, read in the forward direction.
/// </summary>
public sealed record CoincidenceClass(
    int Id,
    ComputeNode From,
    ComputeNode To,
    ImmutableArray<(RouteItem Item, bool Forward)> Items,
    RouteCondition Condition,
    int ConditionClass)
{
    /// <summary>The (service, node) facts that create this class's items: what a nogood about it names.</summary>
    public IEnumerable<(string Service, string Node)> Hosts =>
        Items.SelectMany(i => new[] { (i.Item.Flow.Source, i.Item.Source.Name), (i.Item.Flow.Target, i.Item.Target.Name) });

    /// <summary>
    /// Groups the items of a placement into coincidence classes by union-find: same node pair and direction, different
    /// flows, a port missing or equal; or opposite directions with a port missing (semantics W3). Items on one node
    /// have the empty route and are left out.
    /// </summary>
    public static ImmutableArray<CoincidenceClass> Build(IReadOnlyList<RouteItem> items, RouteFacts facts)
    {
        var index = facts.Index;
        var distinct = items.Where(i => i.Source.Name != i.Target.Name).OrderBy(i => i.SortKey, StringComparer.Ordinal).ToList();
        var parent = Enumerable.Range(0, distinct.Count).ToArray();
        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }
        void Union(int x, int y)
        {
            var (a, b) = (Find(x), Find(y));
            if (a != b)
            {
                parent[Math.Max(a, b)] = Math.Min(a, b);
            }
        }
        foreach (var group in Enumerable.Range(0, distinct.Count).GroupBy(i => PairKey(distinct[i])))
        {
            var members = group.ToList();
            for (var x = 0; x < members.Count; x++)
            {
                for (var y = x + 1; y < members.Count; y++)
                {
                    var (p, q) = (distinct[members[x]], distinct[members[y]]);
                    var portless = p.Flow.Port is null || q.Flow.Port is null;
                    var same = p.Source.Name == q.Source.Name;
                    if (same ? p.Flow.Name != q.Flow.Name && (portless || p.Flow.Port == q.Flow.Port) : portless)
                    {
                        Union(members[x], members[y]);
                    }
                }
            }
        }
        var result = ImmutableArray.CreateBuilder<CoincidenceClass>();
        foreach (var group in Enumerable.Range(0, distinct.Count).GroupBy(Find).OrderBy(g => g.Key))
        {
            var root = distinct[group.Key];
            var members = group.Select(i => (Item: distinct[i], Forward: distinct[i].Source.Name == root.Source.Name)).ToImmutableArray();
            RouteCondition? condition = null;
            foreach (var (item, forward) in members)
            {
                var own = facts.Conditions[item.Flow.Name];
                var oriented = forward ? own : own.Mirror(index);
                condition = condition is null ? oriented : condition.And(oriented);
            }
            result.Add(new CoincidenceClass(result.Count, root.Source, root.Target, members, condition!, facts.ClassOf(condition!)));
        }
        return result.ToImmutable();
    }

    private static string PairKey(RouteItem item) =>
        string.CompareOrdinal(item.Source.Name, item.Target.Name) < 0 ? $"{item.Source.Name}\u0001{item.Target.Name}" : $"{item.Target.Name}\u0001{item.Source.Name}";
}
