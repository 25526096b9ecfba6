using System.Globalization;
using System.Text;

namespace Privc.Tests.Verification;

/// <summary>
/// A generated instance shaped like the benchmark's infeasible variant, small enough for the default test run: a ring
/// of switches with one node each in 20 zones, applications of four single-replica services chained by flows, every
/// service placed in one zone (so the compile's master is small), and two intents that cannot hold together (svc-0
/// kept apart from svc-1 and on the same node). Under a core's few intents every other service may go on any node,
/// so the whole program's master is services times nodes.
/// </summary>
public static class ScaleInstance
{
    public const string Conflict = """
        intent apart: separate svc-0 from svc-1;
        intent together: colocate svc-0 with svc-1;
        """;

    private const int Zones = 20;

    public static string Topology(int devices)
    {
        var text = new StringBuilder("name: scale\nscales:\n  trust: [low, high]\ndevices:\n");
        for (var d = 0; d < devices; d++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - {{id: \"of:{d + 1:x16}\", name: s{d}, labels: {{jurisdiction: AU, trust: high}}}}\n");
        }
        text.Append("nodes:\n");
        for (var d = 0; d < devices; d++)
        {
            var tier = d % 4 == 0 ? "cloud" : "edge";
            text.Append(CultureInfo.InvariantCulture,
                $"  - {{name: n{d}, labels: {{jurisdiction: AU, tier: {tier}, zone: z{d % Zones}}}, capacity: {{cpu: 4, memory: 8Gi}}, ip: 10.{d / 250}.{d % 250}.1, cost: {1 + (d % 5)}, attach: {{device: s{d}, port: 1}}}}\n");
        }
        text.Append("links:\n");
        for (var d = 0; d < devices; d++)
        {
            var next = (d + 1) % devices;
            text.Append(CultureInfo.InvariantCulture,
                $"  - {{a: {{device: s{d}, port: 2}}, b: {{device: s{next}, port: 3}}, latency: 100us, bandwidth: 10Gbps, labels: {{encrypted: true}}}}\n");
        }
        return text.ToString();
    }

    public static string Program(int services, string intents)
    {
        var text = new StringBuilder("levels public < internal;\n");
        for (var s = 0; s < services; s++)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"service svc-{s} {{ image \"r/svc-{s}:1\"; replicas 1; cpu 250m; memory 256Mi; ports 8000; tenant t{s % 7}; clearance internal; }}\n");
        }
        for (var s = 0; s + 1 < services; s++)
        {
            if (s % 4 != 3)
            {
                text.Append(CultureInfo.InvariantCulture, $"flow f{s}: svc-{s} -> svc-{s + 1} bandwidth 10Mbps port 8000;\n");
            }
        }
        for (var s = 0; s < services; s++)
        {
            // Services in pairs per zone, so that svc-0 and svc-1 share theirs and only the two intents conflict.
            text.Append(CultureInfo.InvariantCulture, $"intent home-{s}: place svc-{s} on zone == z{s / 2 % Zones};\n");
        }
        return text.Append(intents).Append("objective cheap: minimize cost;\n").ToString();
    }
}
