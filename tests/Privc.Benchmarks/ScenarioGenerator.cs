using System.Globalization;
using System.Text;

namespace Privc.Benchmarks;

/// <summary>One generated scenario: intent source and topology YAML.</summary>
public sealed record Scenario(string Name, int Devices, int Services, string Intents, string Topology);

/// <summary>
/// Generates cloud-edge continuum scenarios of a requested size, deterministically from a seed. The topology has a
/// core ring of cloud routers (one per region, each region a jurisdiction), an aggregation (fog) layer per region and
/// edge switches under it, with a few untrusted transit switches and unencrypted links. Each application is a chain
/// ingest (edge) -> process (fog or cloud) -> store (cloud) handling one data class; its intents keep the data in
/// its home jurisdiction, place ingest at the edge, route its flows around untrusted devices within a latency
/// bound, spread the store across zones and keep guest tenants off its nodes. The result is satisfiable by
/// construction (every region has the capacity and paths its applications need).
/// With <c>flows</c> an application has up to six flows (the chain, a direct ingest -> store flow, and portless
/// replies that W3 ties to their requests), every fourth one a dedicated processor. The infeasible variant asks
/// application 0 for a processor away from its ingest and within 100 us of it, less than any link; the contended
/// variant makes flows large against 1 Gbps access links, so that bandwidth binds.
/// </summary>
public static class ScenarioGenerator
{
    private static readonly string[] Regions = ["AU", "NZ", "SG", "JP", "DE", "FR", "NL", "IE", "US", "CA", "BR", "IN"];

    public static Scenario Generate(int devices, int services, int seed = 1, int? flows = null, ScenarioVariant variant = ScenarioVariant.Feasible)
    {
        var random = new Random(seed);
        var regions = Math.Clamp(devices / 12, 1, Regions.Length);
        var perRegion = Math.Max(3, devices / regions);
        var topology = new StringBuilder();
        topology.Append("name: bench-").Append(devices).Append('-').Append(services).Append('\n');
        topology.Append("scales:\n  trust: [untrusted, low, medium, high]\n");
        var deviceLines = new StringBuilder("devices:\n");
        var nodeLines = new StringBuilder("nodes:\n");
        var linkLines = new StringBuilder("links:\n");
        var nextPort = new Dictionary<string, int>();
        int Port(string device) => nextPort[device] = nextPort.GetValueOrDefault(device) + 1;
        var deviceCount = 0;
        var nodeCount = 0;
        var edgeNodes = new Dictionary<string, List<string>>();

        void Device(string name, string region, string role, string trust)
        {
            deviceCount++;
            deviceLines.Append(CultureInfo.InvariantCulture, $"  - {{id: \"of:{deviceCount:x16}\", name: {name}, labels: {{jurisdiction: {region}, trust: {trust}, role: {role}}}}}\n");
        }
        void Link(string a, string b, int latencyMicros, string bandwidth, bool encrypted)
        {
            linkLines.Append(CultureInfo.InvariantCulture, $"  - {{a: {{device: {a}, port: {Port(a)}}}, b: {{device: {b}, port: {Port(b)}}}, latency: {latencyMicros}us, bandwidth: {bandwidth}, labels: {{encrypted: {(encrypted ? "true" : "false")}}}}}\n");
        }
        void Node(string name, string device, string region, string tier, string zone, int cpu, string memory, bool tee, int cost)
        {
            nodeCount++;
            var ip = $"10.{nodeCount / 65536 % 256}.{nodeCount / 256 % 256}.{nodeCount % 256}";
            nodeLines.Append(CultureInfo.InvariantCulture,
                $"  - {{name: {name}, labels: {{jurisdiction: {region}, tier: {tier}, zone: {zone}, tee: {(tee ? "true" : "false")}}}, capacity: {{cpu: {cpu}, memory: {memory}}}, ip: {ip}, cost: {cost}, attach: {{device: {device}, port: {Port(device)}}}}}\n");
        }

        var cores = new List<string>();
        for (var r = 0; r < regions; r++)
        {
            var region = Regions[r];
            var core = $"core-{region.ToLowerInvariant()}";
            cores.Add(core);
            Device(core, region, "firewall", "high");
            var aggregations = Math.Max(1, (perRegion - 1) / 5);
            var edgesPerAggregation = Math.Max(1, (perRegion - 1 - aggregations) / aggregations);
            edgeNodes[region] = new List<string>();
            for (var z = 0; z < 2; z++)
            {
                Node($"cloud-{region.ToLowerInvariant()}-{z}", core, region, "cloud", $"{region.ToLowerInvariant()}-z{z}", 64, "256Gi", z == 0, 4 - z);
            }
            for (var a = 0; a < aggregations; a++)
            {
                var agg = $"agg-{region.ToLowerInvariant()}-{a}";
                Device(agg, region, "aggregation", a % 7 == 6 ? "low" : "high");
                Link(core, agg, 500 + random.Next(1500), "40Gbps", true);
                Node($"fog-{region.ToLowerInvariant()}-{a}", agg, region, "fog", $"{region.ToLowerInvariant()}-z{a % 2}", 16, "64Gi", a % 2 == 0, 2);
                for (var e = 0; e < edgesPerAggregation; e++)
                {
                    var edge = $"edge-{region.ToLowerInvariant()}-{a}-{e}";
                    Device(edge, region, "access", "high");
                    Link(agg, edge, 200 + random.Next(800), variant == ScenarioVariant.Contended ? "1Gbps" : "10Gbps", e % 5 != 4);
                    var node = $"node-{region.ToLowerInvariant()}-{a}-{e}";
                    Node(node, edge, region, "edge", $"{region.ToLowerInvariant()}-z{e % 2}", 8, "16Gi", e % 3 == 0, 1);
                    edgeNodes[region].Add(node);
                }
            }
        }
        // Core ring plus untrusted transit shortcuts between neighbouring regions.
        for (var r = 0; r < cores.Count && cores.Count > 1; r++)
        {
            var next = (r + 1) % cores.Count;
            if (next == r || (cores.Count == 2 && r == 1))
            {
                continue;
            }
            Link(cores[r], cores[next], 20_000 + random.Next(60_000), "100Gbps", true);
            var transit = $"transit-{r}";
            Device(transit, Regions[r], "transit", "untrusted");
            Link(cores[r], transit, 5_000, "10Gbps", false);
            Link(transit, cores[next], 5_000, "10Gbps", false);
        }

        var intents = new StringBuilder();
        intents.Append("levels public < internal < confidential < restricted;\n\n");
        var applications = Math.Max(1, services / 3);
        var serviceCount = 0;
        for (var app = 0; app < applications && serviceCount < services; app++)
        {
            var region = Regions[app % regions];
            var tag = app % 2 == 0 ? "PII" : "PHI";
            var data = $"Data{app}";
            intents.Append(CultureInfo.InvariantCulture, $"data {data}: {(app % 3 == 0 ? "restricted" : "confidential")} tags {tag};\n");
            var chain = new[] { $"ingest-{app}", $"process-{app}", $"store-{app}" }.Take(Math.Min(3, services - serviceCount)).ToArray();
            foreach (var (service, index) in chain.Select((s, i) => (s, i)))
            {
                var replicas = index == 2 ? 2 : 1;
                intents.Append(CultureInfo.InvariantCulture, $"service {service} {{ image \"registry.example.org/app{app}/{service}:1.0\"; replicas {replicas}; cpu {(index == 0 ? "250m" : "500m")}; memory {(index == 2 ? "1Gi" : "256Mi")}; ports {8000 + index}; tenant app{app % 5}; clearance restricted; handles {data}; }}\n");
                serviceCount++;
            }
            var perApp = flows is { } total ? Math.Clamp(total / applications, 2, 6) : 2;
            var flowList = new List<(string From, string To, string Port, int Mbps)>();
            for (var i = 0; i + 1 < chain.Length; i++)
            {
                flowList.Add((chain[i], chain[i + 1], $" port {8001 + i}", 10 + (app % 5) * 10));
            }
            if (chain.Length == 3)
            {
                flowList.Add((chain[1], chain[0], string.Empty, 5));
                flowList.Add((chain[2], chain[1], string.Empty, 5));
                flowList.Add((chain[0], chain[2], " port 8002", 10));
                flowList.Add((chain[2], chain[0], " port 8000", 5));
            }
            var scale = variant == ScenarioVariant.Contended ? 12 : 1;
            foreach (var (flow, index) in flowList.Take(perApp).Select((f, i) => (f, i)))
            {
                intents.Append(CultureInfo.InvariantCulture, $"flow f{app}-{index}: {flow.From} -> {flow.To} carries {data} bandwidth {flow.Mbps * scale}Mbps{flow.Port};\n");
            }
            if (chain.Length > 1 && app % 4 == 0)
            {
                intents.Append(CultureInfo.InvariantCulture, $"intent dedicated-{app}: dedicate {chain[1]};\n");
            }
            if (variant == ScenarioVariant.Infeasible && app == 0 && chain.Length > 1)
            {
                intents.Append(CultureInfo.InvariantCulture, $"intent apart-{app}: separate {chain[0]} from {chain[1]};\n");
                intents.Append(CultureInfo.InvariantCulture, $"intent tight-{app}: route flows from {chain[0]} latency <= 100us;\n");
            }
            intents.Append(CultureInfo.InvariantCulture, $"intent residency-{app}: keep {data} within jurisdiction == {region} over links where encrypted;\n");
            intents.Append(CultureInfo.InvariantCulture, $"intent edge-ingest-{app}: place {chain[0]} on tier == edge;\n");
            if (chain.Length > 1)
            {
                intents.Append(CultureInfo.InvariantCulture, $"intent safe-path-{app}: route flows from {chain[0]} avoid devices where trust < medium, latency <= 20ms;\n");
            }
            if (chain.Length > 2)
            {
                intents.Append(CultureInfo.InvariantCulture, $"intent ha-{app}: spread {chain[2]} across zone at least 2;\n");
            }
            intents.Append('\n');
        }
        if (serviceCount < services)
        {
            for (var g = 0; serviceCount < services; g++, serviceCount++)
            {
                intents.Append(CultureInfo.InvariantCulture, $"service guest-{g} {{ image \"registry.example.org/guest/{g}:1\"; cpu 100m; memory 64Mi; tenant guest; }}\n");
            }
            intents.Append("intent guests-apart: separate tenant guest from handling Data0;\n");
        }
        intents.Append("objective cheap: minimize cost;\n");
        topology.Append(deviceLines).Append(nodeLines).Append(linkLines);
        return new Scenario($"{devices}x{services}", deviceCount, serviceCount, intents.ToString(), topology.ToString());
    }
}
