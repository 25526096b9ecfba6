namespace Privc.Topology.Import;

/// <summary>A point on the Earth in degrees.</summary>
internal readonly record struct GeoPoint(double Latitude, double Longitude);

/// <summary>
/// Great-circle geometry for link latency: light in fibre covers about 200 km per millisecond (about 2/3 c), so a
/// link's propagation delay is at least 5 microseconds per kilometre of great-circle distance between its ends.
/// </summary>
internal static class GreatCircle
{
    /// <summary>The IUGG mean Earth radius.</summary>
    public const double EarthRadiusKm = 6371.0088;

    public const double MicrosPerKm = 5.0;

    /// <summary>
    /// The smallest latency a link gets: the format needs a positive value, and 1us adds no invented delay, so the
    /// great-circle value stays a lower bound even for two sites in the same city.
    /// </summary>
    public const long MinimumLatencyMicros = 1;

    /// <summary>Haversine distance (numerically stable for short distances).</summary>
    public static double DistanceKm(GeoPoint a, GeoPoint b)
    {
        var lat1 = Radians(a.Latitude);
        var lat2 = Radians(b.Latitude);
        var dLat = lat2 - lat1;
        var dLon = Radians(b.Longitude - a.Longitude);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(lat1) * Math.Cos(lat2) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1.0, Math.Sqrt(h)));
    }

    /// <summary>Propagation delay over <paramref name="km"/> of fibre, rounded up to whole microseconds, at least 1us.</summary>
    public static long LatencyMicros(double km) => Math.Max(MinimumLatencyMicros, (long)Math.Ceiling(km * MicrosPerKm));

    /// <summary>
    /// The spherical mean of points (the normalised sum of their unit vectors), in the order given. Falls back to the
    /// first point when the points cancel out (antipodal), which real neighbour sets never do.
    /// </summary>
    public static GeoPoint Centroid(IReadOnlyList<GeoPoint> points)
    {
        double x = 0, y = 0, z = 0;
        foreach (var p in points)
        {
            var lat = Radians(p.Latitude);
            var lon = Radians(p.Longitude);
            x += Math.Cos(lat) * Math.Cos(lon);
            y += Math.Cos(lat) * Math.Sin(lon);
            z += Math.Sin(lat);
        }
        var norm = Math.Sqrt(x * x + y * y + z * z);
        if (norm < 1e-9)
        {
            return points[0];
        }
        return new GeoPoint(Degrees(Math.Asin(z / norm)), Degrees(Math.Atan2(y, x)));
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180.0;

    private static double Degrees(double radians) => radians * 180.0 / Math.PI;
}
