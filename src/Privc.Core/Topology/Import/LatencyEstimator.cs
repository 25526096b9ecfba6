using Privc.TypeSystem;

namespace Privc.Topology.Import;

/// <summary>
/// Link latencies from node coordinates, with the documented fallbacks for nodes that have none:
/// <list type="number">
/// <item>A node without coordinates but with at least two neighbours that have a position is placed at their
/// spherical centroid (repeated until nothing changes, so chains of junctions resolve; each pass uses only the
/// positions known before it, so the result does not depend on node order).</item>
/// <item>A link with an end that still has no position (a leaf such as Geant2012's UA, MD and BY, or a node with a
/// single located neighbour) gets the network's median measured link latency: the upper median over links whose
/// ends both have GraphML coordinates, or <see cref="FallbackLatencyMicros"/> when there is no such link.</item>
/// </list>
/// </summary>
internal sealed class LatencyEstimator
{
    /// <summary>The latency of a link no coordinates say anything about, when the whole network has none.</summary>
    public const long FallbackLatencyMicros = 1_000;

    private readonly GeoPoint?[] positions;
    private readonly int[]?[] estimatedFrom;
    private readonly List<int>[] neighbours;
    private readonly long[] latency;
    private readonly bool[] estimatedLink;

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

        var measuredLatencies = links
            .Where(l => measured[l.A] is not null && measured[l.B] is not null)
            .Select(l => GreatCircle.LatencyMicros(GreatCircle.DistanceKm(measured[l.A]!.Value, measured[l.B]!.Value)))
            .Order()
            .ToList();
        HasMeasuredLinks = measuredLatencies.Count > 0;
        MedianMicros = HasMeasuredLinks ? measuredLatencies[measuredLatencies.Count / 2] : FallbackLatencyMicros;

        latency = new long[links.Count];
        estimatedLink = new bool[links.Count];
        for (var i = 0; i < links.Count; i++)
        {
            var (a, b) = links[i];
            estimatedLink[i] = measured[a] is null || measured[b] is null;
            latency[i] = positions[a] is { } pa && positions[b] is { } pb
                ? GreatCircle.LatencyMicros(GreatCircle.DistanceKm(pa, pb))
                : MedianMicros;
        }
    }

    /// <summary>The median measured link latency, or the fallback when no link has coordinates at both ends.</summary>
    public long MedianMicros { get; }

    public bool HasMeasuredLinks { get; }

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
        var value = Units.Format(new Quantity(Dimension.Latency, MedianMicros));
        return HasMeasuredLinks
            ? $"with fewer than two located neighbours its position cannot be estimated, so its links get the network's median measured link latency, {value}"
            : $"no link of the network has coordinates at both ends, so its links get {value}";
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
