using System.Collections.Immutable;
using Privc.Checking;
using Privc.Semantics;
using Privc.Tests.Infrastructure;
using Privc.Topology;

namespace Privc.Tests.Checker;

/// <summary>
/// A small topology and program for checker tests, with builders for configurations: placements, routes given by
/// their devices (hops found in the topology, first link by id, or named by ports for parallel links), and routes
/// filled in for every other replica pair along a fewest-hop path.
/// </summary>
public sealed class CheckerScenario
{
    /// <summary>
    /// Four switches and five nodes. s1-s2 has two parallel cables: an encrypted 1ms one (ports 1-1) and an
    /// unencrypted 500us one (ports 2-2). s4 and n5 have no jurisdiction; n5 has no zone, n4 no tee flag.
    /// </summary>
    public const string TopologyYaml = """
        name: tiny
        scales:
          trust: [untrusted, low, medium, high]
        devices:
          - {id: "of:0000000000000001", name: s1, labels: {jurisdiction: AU, trust: high, site: syd}}
          - {id: "of:0000000000000002", name: s2, labels: {jurisdiction: AU, trust: medium, role: firewall, site: syd}}
          - {id: "of:0000000000000003", name: s3, labels: {jurisdiction: US, trust: low, role: anonymiser, site: nyc}}
          - {id: "of:0000000000000004", name: s4, labels: {trust: high, site: sea}}
        nodes:
          - {name: n1, labels: {jurisdiction: AU, tier: edge, tee: true, zone: a, rack: r1}, capacity: {cpu: 2, memory: 4Gi}, ip: 10.0.0.1, cost: 1, attach: {device: s1, port: 10}}
          - {name: n2, labels: {jurisdiction: AU, tier: edge, tee: false, zone: a}, capacity: {cpu: 2, memory: 4Gi}, ip: 10.0.0.2, cost: 2, attach: {device: s1, port: 11}}
          - {name: n3, labels: {jurisdiction: AU, tier: cloud, tee: true, zone: b, rack: r1}, capacity: {cpu: 8, memory: 16Gi}, ip: 10.0.0.3, cost: 0.5, attach: {device: s2, port: 10}}
          - {name: n4, labels: {jurisdiction: US, tier: cloud, zone: c}, capacity: {cpu: 8, memory: 16Gi}, ip: 10.0.0.4, cost: 0.25, attach: {device: s3, port: 10}}
          - {name: n5, labels: {tier: cloud, tee: false}, capacity: {cpu: 1, memory: 1Gi}, ip: 10.0.0.5, cost: 3, attach: {device: s4, port: 10}}
        links:
          - {a: {device: s1, port: 1}, b: {device: s2, port: 1}, latency: 1ms, bandwidth: 1Gbps, labels: {encrypted: true}}
          - {a: {device: s1, port: 2}, b: {device: s2, port: 2}, latency: 500us, bandwidth: 100Mbps, labels: {encrypted: false}}
          - {a: {device: s2, port: 3}, b: {device: s3, port: 1}, latency: 5ms, bandwidth: 1Gbps, labels: {encrypted: true}}
          - {a: {device: s1, port: 3}, b: {device: s3, port: 2}, latency: 10ms, bandwidth: 1Gbps, labels: {encrypted: false}}
          - {a: {device: s3, port: 3}, b: {device: s4, port: 1}, latency: 2ms, bandwidth: 1Gbps, labels: {encrypted: true}}
          - {a: {device: s2, port: 4}, b: {device: s4, port: 2}, latency: 3ms, bandwidth: 1Gbps}
        """;

    /// <summary>web (2 replicas, tenant a, holds Vitals) -> db (tenant a); guest is another tenant.</summary>
    public const string Declarations = """
        levels public < internal < confidential < restricted;
        data Vitals: restricted tags PHI;
        data Stats: internal;
        service web { image "r/web:1"; replicas 2; cpu 500m; memory 512Mi; ports 8080; tenant a; handles Vitals; clearance restricted; }
        service db { image "r/db:1"; replicas 1; cpu 1; memory 1Gi; ports 5432; tenant a; clearance restricted; }
        service guest { image "r/guest:1"; replicas 1; cpu 250m; memory 256Mi; ports 80; tenant b; clearance public; }
        flow q: web -> db carries Vitals bandwidth 100Mbps port 5432;

        """;

    public CheckerScenario(string intents, string? topology = null, string? declarations = null)
    {
        Topology = TestSources.LoadTopology(topology ?? TopologyYaml);
        var compilation = TestSources.Compile((declarations ?? Declarations) + intents, Topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        Program = compilation.Program!;
    }

    public TopologyModel Topology { get; }

    public BoundProgram Program { get; }

    public static Placement Place(string service, params string[] nodes) =>
        new(service, nodes.Order(StringComparer.Ordinal).ToImmutableArray());

    /// <summary>A route through the devices given, each hop the lowest-id link between consecutive devices.</summary>
    public Route Route(string flow, string source, string target, params string[] devices)
    {
        var hops = new List<Hop>();
        for (var i = 0; i + 1 < devices.Length; i++)
        {
            var link = Topology.OutgoingOf(devices[i]).Where(l => l.To == devices[i + 1]).OrderBy(l => l.Id).First();
            hops.Add(new Hop(link.From, link.FromPort, link.To, link.ToPort));
        }
        return new Route(flow, source, target, devices.ToImmutableArray(), hops.ToImmutableArray());
    }

    /// <summary>A route given by its hops; the devices are read off them.</summary>
    public static Route RouteVia(string flow, string source, string target, params Hop[] hops) =>
        new(flow, source, target, hops.Select(h => h.From).Append(hops[^1].To).ToImmutableArray(), hops.ToImmutableArray());

    /// <summary>
    /// A configuration with these placements, the routes given, a fewest-hop route for every other replica pair,
    /// and exactly the declared flows allowed.
    /// </summary>
    public Configuration Config(IEnumerable<Placement> placements, params Route[] routes) =>
        Config(placements, routes, DeclaredAllowed());

    public Configuration Config(IEnumerable<Placement> placements, IEnumerable<Route> routes, ImmutableArray<AllowedFlow> allowed)
    {
        var placed = placements.ToImmutableArray();
        var given = routes.ToList();
        var all = new List<Route>(given);
        foreach (var flow in Program.Flows)
        {
            var sources = (placed.FirstOrDefault(p => p.Service == flow.Source)?.Nodes ?? []).Distinct();
            var targets = (placed.FirstOrDefault(p => p.Service == flow.Target)?.Nodes ?? []).Distinct().ToList();
            foreach (var m in sources)
            {
                foreach (var n in targets)
                {
                    if (Topology.FindNode(m) is not null && Topology.FindNode(n) is not null && !given.Any(r => r.Flow == flow.Name && r.SourceNode == m && r.TargetNode == n))
                    {
                        all.Add(ShortestRoute(flow.Name, m, n));
                    }
                }
            }
        }
        return new Configuration(placed, all.ToImmutableArray(), allowed);
    }

    public ImmutableArray<AllowedFlow> DeclaredAllowed() =>
        Program.Flows.Select(f => new AllowedFlow(f.Source, f.Target, f.Port)).Distinct().ToImmutableArray();

    public Route ShortestRoute(string flow, string source, string target)
    {
        if (source == target)
        {
            return new Route(flow, source, target, [], []);
        }
        var from = Topology.FindNode(source)!.Device;
        var to = Topology.FindNode(target)!.Device;
        var previous = new Dictionary<string, string> { [from] = from };
        var queue = new Queue<string>([from]);
        while (queue.Count > 0)
        {
            var at = queue.Dequeue();
            foreach (var link in Topology.OutgoingOf(at).OrderBy(l => l.Id))
            {
                if (previous.TryAdd(link.To, at))
                {
                    queue.Enqueue(link.To);
                }
            }
        }
        var path = new List<string> { to };
        while (path[^1] != from)
        {
            path.Add(previous[path[^1]]);
        }
        path.Reverse();
        return Route(flow, source, target, path.ToArray());
    }

    public CheckReport Check(Configuration configuration) => ConfigurationChecker.Check(Program, Topology, configuration);

    /// <summary>Asserts the configuration is compliant, showing every violation otherwise.</summary>
    public void AssertCompliant(Configuration configuration)
    {
        var report = Check(configuration);
        Assert.True(report.Compliant, string.Join("\n", report.Violations));
    }

    /// <summary>Asserts the configuration violates something and every violation belongs to the intent (and is of the kind, when given); returns them.</summary>
    public ImmutableArray<Violation> AssertViolates(Configuration configuration, string intent, ViolationKind? kind)
    {
        var report = Check(configuration);
        Assert.False(report.Compliant);
        Assert.All(report.Violations, v => Assert.True(v.Intent == intent && (kind is null || v.Kind == kind), $"unexpected violation {v.Intent} {v.Kind}: {v.Message}\nall: {string.Join("\n", report.Violations)}"));
        return report.Violations;
    }
}
