using System.Collections.Immutable;
using System.Globalization;
using Privc.Topology;

namespace Privc.Report;

/// <summary>A point on the map, in the SVG's user units.</summary>
public readonly record struct MapPoint(double X, double Y)
{
    public string Svg => string.Create(CultureInfo.InvariantCulture, $"{X:0.#},{Y:0.#}");
}

/// <summary>
/// Where the map draws each device and node. Devices come from their coordinates when every device has numeric
/// <c>latitude</c> and <c>longitude</c> labels (projected equirectangularly), else from a force-directed layout
/// that starts from a fixed arrangement in name order and runs a fixed number of steps: the same topology always
/// gives the same picture. Nodes sit on a ring around the device they attach to.
/// </summary>
public sealed class MapLayout
{
    public const double Width = 1000;
    public const double Height = 640;
    // Room for the ring of nodes around a device at the edge, their names and the badges.
    private const double Margin = 95;
    private const int Steps = 300;

    private MapLayout(ImmutableSortedDictionary<string, MapPoint> devices, ImmutableSortedDictionary<string, MapPoint> nodes, bool geographic)
    {
        Devices = devices;
        Nodes = nodes;
        Geographic = geographic;
    }

    public ImmutableSortedDictionary<string, MapPoint> Devices { get; }

    public ImmutableSortedDictionary<string, MapPoint> Nodes { get; }

    /// <summary>Whether devices are drawn at their coordinates.</summary>
    public bool Geographic { get; }

    public static MapLayout For(TopologyModel topology)
    {
        var names = topology.Devices.Select(d => d.Name).Order(StringComparer.Ordinal).ToList();
        var geo = Coordinates(topology);
        var raw = geo ?? ForceDirected(topology, names);
        var devices = Fit(raw);
        var nodes = ImmutableSortedDictionary.CreateBuilder<string, MapPoint>(StringComparer.Ordinal);
        var radius = Math.Max(18, Math.Min(42, 260.0 / Math.Sqrt(Math.Max(1, names.Count))));
        foreach (var (device, attached) in topology.NodesByDevice.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!devices.TryGetValue(device, out var centre))
            {
                continue;
            }
            var sorted = attached.Select(n => n.Name).Order(StringComparer.Ordinal).ToList();
            for (var i = 0; i < sorted.Count; i++)
            {
                // Start below the device and go round; a second ring further out past eight nodes.
                var ring = i / 8;
                var inRing = Math.Min(8, sorted.Count - (ring * 8));
                var angle = (Math.PI / 2) + (2 * Math.PI * (i % 8) / inRing);
                var r = radius * (1 + (0.7 * ring));
                nodes[sorted[i]] = Round(new MapPoint(centre.X + (r * Math.Cos(angle)), centre.Y + (r * Math.Sin(angle))));
            }
        }
        return new MapLayout(devices, nodes.ToImmutable(), geo is not null);
    }

    private static Dictionary<string, MapPoint>? Coordinates(TopologyModel topology)
    {
        var result = new Dictionary<string, MapPoint>(StringComparer.Ordinal);
        foreach (var device in topology.Devices)
        {
            if (!device.Labels.TryGetValue("latitude", out var lat) || !device.Labels.TryGetValue("longitude", out var lon)
                || !double.TryParse(lat, NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
                || !double.TryParse(lon, NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude))
            {
                return null;
            }
            // Equirectangular, scaled by the cosine of the latitude so that distances look right away from the equator.
            result[device.Name] = new MapPoint(longitude * Math.Cos(latitude * Math.PI / 180), -latitude);
        }
        return result.Count == 0 ? null : result;
    }

    /// <summary>Fruchterman-Reingold on a unit square, from a grid in name order, with a cooling schedule.</summary>
    private static Dictionary<string, MapPoint> ForceDirected(TopologyModel topology, List<string> names)
    {
        var n = names.Count;
        var index = names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var x = new double[n];
        var y = new double[n];
        var columns = (int)Math.Ceiling(Math.Sqrt(Math.Max(1, n)));
        for (var i = 0; i < n; i++)
        {
            // A staggered grid: no two devices start on one line, so repulsion never cancels out exactly.
            x[i] = ((i % columns) + 0.5 + (0.25 * ((i / columns) % 2))) / columns;
            y[i] = ((i / columns) + 0.5 + (0.1 * (i % 3))) / columns;
        }
        var edges = topology.Links
            .Select(l => (A: index.GetValueOrDefault(l.DeviceA, -1), B: index.GetValueOrDefault(l.DeviceB, -1)))
            .Where(e => e.A >= 0 && e.B >= 0 && e.A != e.B)
            .ToList();
        var k = Math.Sqrt(1.0 / Math.Max(1, n));
        var temperature = 0.1;
        var dx = new double[n];
        var dy = new double[n];
        for (var step = 0; step < Steps; step++)
        {
            Array.Clear(dx);
            Array.Clear(dy);
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    var (ex, ey) = (x[i] - x[j], y[i] - y[j]);
                    var d2 = Math.Max(1e-9, (ex * ex) + (ey * ey));
                    var force = k * k / d2;
                    dx[i] += ex * force;
                    dy[i] += ey * force;
                    dx[j] -= ex * force;
                    dy[j] -= ey * force;
                }
            }
            foreach (var (a, b) in edges)
            {
                var (ex, ey) = (x[a] - x[b], y[a] - y[b]);
                var d = Math.Sqrt((ex * ex) + (ey * ey));
                var force = d / k;
                dx[a] -= ex * force;
                dy[a] -= ey * force;
                dx[b] += ex * force;
                dy[b] += ey * force;
            }
            for (var i = 0; i < n; i++)
            {
                var length = Math.Sqrt((dx[i] * dx[i]) + (dy[i] * dy[i]));
                if (length > 0)
                {
                    var move = Math.Min(length, temperature);
                    x[i] += dx[i] / length * move;
                    y[i] += dy[i] / length * move;
                }
            }
            temperature = Math.Max(0.002, temperature * 0.985);
        }
        return names.ToDictionary(name => name, name => new MapPoint(x[index[name]], y[index[name]]), StringComparer.Ordinal);
    }

    /// <summary>Scales the raw positions into the drawing area, keeping the aspect ratio, rounded to a tenth.</summary>
    private static ImmutableSortedDictionary<string, MapPoint> Fit(Dictionary<string, MapPoint> raw)
    {
        var result = ImmutableSortedDictionary.CreateBuilder<string, MapPoint>(StringComparer.Ordinal);
        if (raw.Count == 0)
        {
            return result.ToImmutable();
        }
        var (minX, maxX) = (raw.Values.Min(p => p.X), raw.Values.Max(p => p.X));
        var (minY, maxY) = (raw.Values.Min(p => p.Y), raw.Values.Max(p => p.Y));
        var scale = Math.Min((Width - (2 * Margin)) / Math.Max(1e-9, maxX - minX), (Height - (2 * Margin)) / Math.Max(1e-9, maxY - minY));
        var offsetX = (Width - ((maxX - minX) * scale)) / 2;
        var offsetY = (Height - ((maxY - minY) * scale)) / 2;
        foreach (var (name, p) in raw)
        {
            result[name] = raw.Count == 1
                ? new MapPoint(Width / 2, Height / 2)
                : Round(new MapPoint(offsetX + ((p.X - minX) * scale), offsetY + ((p.Y - minY) * scale)));
        }
        return result.ToImmutable();
    }

    private static MapPoint Round(MapPoint p) => new(Math.Round(p.X, 1), Math.Round(p.Y, 1));
}
