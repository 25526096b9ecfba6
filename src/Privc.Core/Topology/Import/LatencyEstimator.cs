using Privc.TypeSystem;

namespace Privc.Topology.Import;

/// <summary>
/// Link latencies from node coordinates, with the documented fallbacks for nodes that have none:
/// <list type="number">
/// <item>A node without coordinates but with at least two neighbours that have a position is placed at their
/// spherical centroid (repeated until nothing changes, so chains of junctions resolve; each pass uses only the
/// positions known before it, so the result does not depend on node order).</item>
/// <item>A link with an end that still has no position (a leaf such as Geant2012's UA, MD and BY, or a node with a
/// single located neighbour) gets an upper bound, not a typical value, so that a proven latency bound is never
/// met only thanks to a guess: assuming the PoP lies within the area the network's located PoPs span, it is no
/// farther from its located neighbour N than the located PoP farthest from N. With both ends unplaced the bound is
/// the network's largest distance between two located PoPs, and with fewer than two located PoPs
/// <see cref="AntipodalLatencyMicros"/> (no two points on Earth are farther apart along its surface).</item>
/// </list>
/// </summary>
internal sealed class LatencyEstimator
{
    /// <summary>Half the Earth's circumference (about 20,015 km) as latency: the bound when coordinates say nothing.</summary>
    public static readonly long AntipodalLatencyMicros = GreatCircle.LatencyMicros(Math.PI * 6371.0088);

    private readonly GeoPoint?[] positions;
    private readonly int[]?[] estimatedFrom;
    private readonly List<int>[] neighbours;
    private readonly long[] latency;
    private readonly bool[] estimatedLink;
    private readonly List<GeoPoint> located;

    public LatencyEstimator(IReadOnlyList<GeoPoint?> measured, IReadOnlyList<(int A, int B)> links)
    {
        positions = measured.ToArray();
        estimatedFrom = new int[]?[measured.Count];
        neighbours = Enumerable.Range(0, measured.Count).Select(_ => new List<int>()).ToArray();
        foreach (var (a, b) in links)
        {
            neighbours[a].Add(b);
            neighbours[b].Add(a);
        }
        for (var i = 0; i < neighbours.Length; i++)
        {
            neighbours[i] = neighbours[i].Where(j => j != i).Distinct().Order().ToList();
        }
        EstimatePositions();

        located = measured.Where(p => p is not null).Select(p => p!.Value).ToList();
        DiameterMicros = located.Count < 2 ? AntipodalLatencyMicros
            : located.SelectMany((p, i) => located.Skip(i + 1).Select(q => GreatCircle.LatencyMicros(GreatCircle.DistanceKm(p, q)))).Max();

        latency = new long[links.Count];
        estimatedLink = new bool[links.Count];
        for (var i = 0; i < links.Count; i++)
        {
            var (a, b) = links[i];
            estimatedLink[i] = measured[a] is null || measured[b] is null;
            latency[i] = positions[a] is { } pa && positions[b] is { } pb ? GreatCircle.LatencyMicros(GreatCircle.DistanceKm(pa, pb))
                : positions[a] is { } only ? FarthestFrom(only)
                : positions[b] is { } other ? FarthestFrom(other)
                : DiameterMicros;
        }
    }

    /// <summary>The largest latency between two PoPs with GraphML coordinates (the antipodal bound with fewer than two).</summary>
    public long DiameterMicros { get; }

    /// <summary>The latency from a point to the located PoP farthest from it: what no link from it to a PoP in the network's area exceeds.</summary>
    private long FarthestFrom(GeoPoint point) => located.Count < 2 ? AntipodalLatencyMicros
        : located.Select(q => GreatCircle.LatencyMicros(GreatCircle.DistanceKm(point, q))).Max();

    public int EstimatedPositions => estimatedFrom.Count(e => e is not null);

    public int EstimatedLinks => estimatedLink.Count(e => e);

    public long LinkLatency(int link) => latency[link];

    /// <summary>What the importer did about a node without coordinates, for its diagnostic.</summary>
    public string Explain(int node, Func<int, string> name)
    {
        if (estimatedFrom[node] is { } from)
        {
            var listed = string.Join(", ", from.Take(5).Select(j => $"'{name(j)}'")) + (from.Length > 5 ? ", ..." : string.Empty);
            return $"it is placed at the centre of its {from.Length} neighbours with known or estimated positions ({listed}) to compute its links' latency";
        }
        var degree = neighbours[node].Count;
        if (degree == 0)
        {
            return "it has no links, so no latency depends on it";
        }
        var bounds = string.Join(", ", neighbours[node].Select(j => Units.Format(new Quantity(Dimension.Latency,
            positions[j] is { } p ? FarthestFrom(p) : DiameterMicros))).Distinct());
        return located.Count >= 2
            ? $"with fewer than two located neighbours its position cannot be estimated, so each of its links gets an upper bound, the latency from its neighbour to the farthest located PoP of the network ({bounds}), assuming it lies within the area the network spans; correct it with the real latency if you know it"
            : $"fewer than two PoPs of the network have coordinates, so its links get the largest latency any two points on Earth can have, {bounds}";
    }

    private void EstimatePositions()
    {
        while (true)
        {
            var updates = new List<(int Node, GeoPoint Position, int[] From)>();
            for (var i = 0; i < positions.Length; i++)
            {
                if (positions[i] is not null)
                {
                    continue;
                }
                var located = neighbours[i].Where(j => positions[j] is not null).ToArray();
                if (located.Length >= 2)
                {
                    updates.Add((i, GreatCircle.Centroid(located.Select(j => positions[j]!.Value).ToList()), located));
                }
            }
            if (updates.Count == 0)
            {
                return;
            }
            foreach (var (node, position, from) in updates)
            {
                positions[node] = position;
                estimatedFrom[node] = from;
            }
        }
    }
}
