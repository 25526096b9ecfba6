using System.Collections.Immutable;
using System.Globalization;
using Privc.Topology;

namespace Privc.Tests.Properties.Generators;

/// <summary>What an item of a generated program declares; shrinking removes items by kind.</summary>
public enum ItemKind
{
    Levels,
    Data,
    Service,
    Flow,
    Intent,
    Objective,
}

/// <summary>One item of a generated program: its source text (one line, or a service block) and its name.</summary>
public sealed record ProgramItem(ItemKind Kind, string Name, string Text);

/// <summary>
/// Well-typed intent programs over a given generated topology, as source text so that the parser and binder are
/// exercised: 1-3 services, 0-3 flows, 0-4 intents drawn from every kind of specs/language.md (placement
/// predicates, keep with and without link conditions, separate, colocate, dedicate, spread, route with every clause:
/// avoid devices/links/names, through waypoints, within, over links, latency, hops; declassify) and 0-2 objectives
/// (minimize cost, nodes, latency, max latency; prefer). Clearances follow information-flow typing so the program
/// binds; predicates use only keys and values the topology has. Deterministic per random state.
/// </summary>
public sealed class ProgramGenerator
{
    private static readonly string[] LevelNames = ["public", "internal", "confidential", "restricted"];
    private static readonly string[] ServiceNames = ["web", "db", "cache"];
    private static readonly string[] IntentKinds =
    [
        "place", "place", "keep", "keep-links", "separate", "colocate", "dedicate", "spread",
        "route", "route", "route-waypoint", "declassify",
    ];

    private readonly Random random;
    private readonly TopologyDocument topology;
    private readonly List<ProgramItem> items = new();
    private readonly List<(string Name, int Level, string Tag)> data = new();
    private readonly List<(string Name, int Replicas, string Tenant, int Port, List<string> Handles)> services = new();
    private readonly List<(string Name, string Source, string Target, string? Carries)> flows = new();
    private readonly List<(string Data, int Level, string Via)> declassifications = new();

    private ProgramGenerator(Random random, TopologyDocument topology)
    {
        this.random = random;
        this.topology = topology;
    }

    public static ImmutableArray<ProgramItem> Generate(Random random, TopologyDocument topology) =>
        new ProgramGenerator(random, topology).Build();

    private bool Chance(int percent) => random.Next(100) < percent;

    private T Pick<T>(IReadOnlyList<T> pool) => pool[random.Next(pool.Count)];

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private ImmutableArray<ProgramItem> Build()
    {
        if (Chance(30))
        {
            items.Add(new ProgramItem(ItemKind.Levels, "levels", "levels public < internal < confidential < restricted;"));
        }
        data.Add(("Records", 3, "PII"));
        if (Chance(50))
        {
            data.Add(("Metrics", 1, "stats"));
        }
        foreach (var d in data)
        {
            items.Add(new ProgramItem(ItemKind.Data, d.Name, $"data {d.Name}: {LevelNames[d.Level]} tags {d.Tag};"));
        }

        var serviceCount = random.Next(1, 4);
        for (var s = 0; s < serviceCount; s++)
        {
            var handles = data.Where(_ => Chance(35)).Select(d => d.Name).ToList();
            services.Add((ServiceNames[s], Chance(25) ? 2 : 1, Chance(70) ? "t1" : "t2", 8000 + s, handles));
        }

        var flowCount = serviceCount < 2 ? 0 : random.Next(0, 4);
        for (var f = 0; f < flowCount; f++)
        {
            var source = random.Next(serviceCount);
            var target = random.Next(serviceCount - 1);
            target = target >= source ? target + 1 : target;
            flows.Add(($"f{f + 1}", services[source].Name, services[target].Name, Chance(70) ? Pick(data).Name : null));
        }

        // Declassifications are typing rules; generate them before clearances so that clearances can be lowered.
        var intentCount = random.Next(0, 5);
        var kinds = Enumerable.Range(0, intentCount).Select(_ => Pick(IntentKinds)).ToList();
        var intentTexts = new List<string>();
        foreach (var kind in kinds.Where(k => k == "declassify"))
        {
            if (Declassify() is { } text)
            {
                intentTexts.Add(text);
            }
        }

        var clearances = Clearances();
        for (var s = 0; s < services.Count; s++)
        {
            var service = services[s];
            var lines = new List<string>
            {
                $"image \"registry.example.org/{service.Name}:1\";",
                $"replicas {Number(service.Replicas)};",
                $"cpu {Pick(new[] { "100m", "250m", "500m", "1", "3" })};",
                $"memory {Pick(new[] { "64Mi", "256Mi", "1Gi", "3Gi" })};",
                $"ports {Number(service.Port)};",
                $"tenant {service.Tenant};",
            };
            if (service.Handles.Count > 0)
            {
                lines.Add($"handles {string.Join(", ", service.Handles)};");
            }
            lines.Add($"clearance {LevelNames[clearances[s]]};");
            items.Add(new ProgramItem(ItemKind.Service, service.Name, $"service {service.Name} {{\n  {string.Join("\n  ", lines)}\n}}"));
        }
        foreach (var flow in flows)
        {
            var clauses = new List<string>();
            if (flow.Carries is { } carried)
            {
                clauses.Add("carries " + carried);
            }
            if (Chance(40))
            {
                clauses.Add("bandwidth " + Pick(new[] { "10Mbps", "200Mbps", "600Mbps", "2Gbps" }));
            }
            if (Chance(40))
            {
                clauses.Add("port " + Number(services.First(s => s.Name == flow.Target).Port));
            }
            items.Add(new ProgramItem(ItemKind.Flow, flow.Name, $"flow {flow.Name}: {flow.Source} -> {flow.Target}{string.Concat(clauses.Select(c => " " + c))};"));
        }

        foreach (var kind in kinds.Where(k => k != "declassify"))
        {
            intentTexts.Add(Intent(kind));
        }
        for (var i = 0; i < intentTexts.Count; i++)
        {
            var name = $"i{i + 1}";
            items.Add(new ProgramItem(ItemKind.Intent, name, $"intent {name}: {intentTexts[i]};"));
        }
        var objectiveCount = random.Next(0, 3);
        for (var o = 0; o < objectiveCount; o++)
        {
            var name = $"o{o + 1}";
            var body = random.Next(5) switch
            {
                0 => "minimize cost",
                1 => "minimize nodes",
                2 => "minimize latency",
                3 => "minimize max latency",
                _ => "prefer " + NodePredicate(1),
            };
            items.Add(new ProgramItem(ItemKind.Objective, name, $"objective {name}: {body};"));
        }
        return items.ToImmutableArray();
    }

    private string? Declassify()
    {
        var candidates = new List<(string Data, int Level, string Service)>();
        foreach (var d in data.Where(d => d.Level > 0))
        {
            foreach (var s in services)
            {
                if (s.Handles.Contains(d.Name) || flows.Any(f => f.Carries == d.Name && (f.Source == s.Name || f.Target == s.Name)))
                {
                    candidates.Add((d.Name, d.Level, s.Name));
                }
            }
        }
        if (candidates.Count == 0)
        {
            return null;
        }
        var (dataName, level, via) = Pick(candidates);
        var to = random.Next(level);
        declassifications.Add((dataName, to, via));
        return $"declassify {dataName} to {LevelNames[to]} via {via}";
    }

    /// <summary>
    /// Information-flow typing (specs/language.md section 6) over the generated declarations: the level each
    /// service holds each data class at. Each clearance is that maximum, or (half the time) the top level.
    /// </summary>
    private int[] Clearances()
    {
        var level = data.ToDictionary(d => d.Name, d => d.Level);
        var held = new Dictionary<(string Service, string Data), int>();
        foreach (var s in services)
        {
            foreach (var d in s.Handles)
            {
                held[(s.Name, d)] = level[d];
            }
        }
        foreach (var f in flows.Where(f => f.Carries is not null))
        {
            var receives = flows.Any(g => g.Target == f.Source && g.Carries == f.Carries);
            if (!receives)
            {
                held[(f.Source, f.Carries!)] = level[f.Carries!];
            }
        }
        for (var round = 0; round < 10; round++)
        {
            foreach (var f in flows.Where(f => f.Carries is not null && held.ContainsKey((f.Source, f.Carries!))))
            {
                var carried = held[(f.Source, f.Carries!)];
                foreach (var d in declassifications.Where(d => d.Data == f.Carries && d.Via == f.Source && d.Level < carried))
                {
                    carried = d.Level;
                }
                if (!held.TryGetValue((f.Target, f.Carries!), out var at) || at < carried)
                {
                    held[(f.Target, f.Carries!)] = carried;
                }
            }
        }
        // Data circulating only in a cycle with no origin is held at its own level.
        foreach (var f in flows.Where(f => f.Carries is not null))
        {
            held.TryAdd((f.Source, f.Carries!), level[f.Carries!]);
            held.TryAdd((f.Target, f.Carries!), level[f.Carries!]);
        }
        return services.Select(s =>
        {
            var need = held.Where(h => h.Key.Service == s.Name).Select(h => h.Value).DefaultIfEmpty(0).Max();
            return Chance(50) ? 3 : need;
        }).ToArray();
    }

    // ---- intents ----

    private string ServiceSelector() => random.Next(6) switch
    {
        0 => "*",
        1 => "tenant " + Pick(services.Select(s => s.Tenant).Distinct().ToList()),
        2 => "handling " + Pick(data).Name,
        _ => Pick(services).Name,
    };

    private string FlowSelector() => flows.Count == 0 ? "*" : random.Next(6) switch
    {
        0 => "*",
        1 => "flows carrying " + Pick(data).Name,
        2 => "flows from " + Pick(flows).Source,
        3 => "flows to " + Pick(flows).Target,
        _ => Pick(flows).Name,
    };

    private string Intent(string kind)
    {
        switch (kind)
        {
            case "place":
                return $"place {ServiceSelector()} on {NodePredicate(2)}";
            case "keep":
                return $"keep {DataSelector()} within {ResidencyPredicate()}";
            case "keep-links":
                return $"keep {DataSelector()} within {ResidencyPredicate()} over links where {LinkPredicate(1)}";
            case "separate":
                return $"separate {Pick(services).Name} from {ServiceSelector()}{By()}";
            case "colocate":
                return $"colocate {Pick(services).Name} with {Pick(services).Name}{By()}";
            case "dedicate":
                return $"dedicate {ServiceSelector()}";
            case "spread":
                var service = Pick(services);
                return $"spread {service.Name} across {Pick(new[] { "zone", "tier", "jurisdiction", "node" })} at least {Number(random.Next(1, service.Replicas + 1))}";
            case "route-waypoint":
                var waypoints = Enumerable.Range(0, random.Next(1, 3))
                    .Select(_ => Chance(50) ? "devices where " + DevicePredicate(1) : Pick(topology.Devices).Name);
                return $"route {FlowSelector()} through {string.Join(" then ", waypoints)}";
            default:
                var clauses = Enumerable.Range(0, random.Next(1, 3)).Select(_ => RouteClause()).ToList();
                return $"route {FlowSelector()} {string.Join(", ", clauses)}";
        }
    }

    private string DataSelector() => Chance(25) ? "data tagged " + Pick(data).Tag : Pick(data).Name;

    private string By() => random.Next(4) switch
    {
        0 => " by zone",
        1 => " by tier",
        2 => " by node",
        _ => string.Empty,
    };

    private string RouteClause() => random.Next(8) switch
    {
        0 => "avoid devices where " + DevicePredicate(1),
        1 => "avoid links where " + LinkPredicate(1),
        2 => "avoid " + Pick(topology.Devices).Name,
        3 => "within " + DevicePredicate(1),
        4 => "over links where " + LinkPredicate(1),
        5 => $"latency {Pick(new[] { "<", "<=" })} {Pick(new[] { "1ms", "3ms", "5ms", "10ms", "25ms", "60ms" })}",
        // "hops < 0" is PRIV2013 (no route has fewer than zero hops); "hops <= 0" allows only same-node routes.
        _ => Chance(50) ? $"hops < {Number(random.Next(1, 5))}" : $"hops <= {Number(random.Next(0, 4))}",
    };

    // ---- predicates: only keys and values the topology has ----

    private List<string> NodeValues(string key) =>
        topology.Nodes.Where(n => n.Labels.ContainsKey(key)).Select(n => n.Labels[key]).Distinct().Order(StringComparer.Ordinal).ToList();

    private List<string> DeviceValues(string key) =>
        topology.Devices.Where(d => d.Labels.ContainsKey(key)).Select(d => d.Labels[key]).Distinct().Order(StringComparer.Ordinal).ToList();

    private string Set(List<string> values) =>
        "{" + string.Join(", ", values.Where(_ => Chance(60)).DefaultIfEmpty(values[0])) + "}";

    private string Combine(int depth, Func<string> atom)
    {
        if (depth <= 0 || Chance(50))
        {
            return atom();
        }
        return random.Next(4) switch
        {
            0 => "not " + Parenthesised(Combine(depth - 1, atom)),
            1 => $"{Combine(depth - 1, atom)} and {Combine(depth - 1, atom)}",
            2 => $"({Combine(depth - 1, atom)} or {Combine(depth - 1, atom)})",
            _ => $"{Combine(depth - 1, atom)} or {Combine(depth - 1, atom)}",
        };
    }

    private static string Parenthesised(string predicate) => predicate.Contains(' ', StringComparison.Ordinal) ? $"({predicate})" : predicate;

    private string NodePredicate(int depth) => Combine(depth, () => random.Next(11) switch
    {
        0 => "tier == " + Pick(NodeValues("tier")),
        1 => "tier in " + Set(NodeValues("tier")),
        2 => "tee",
        3 => "tee == false",
        4 => "jurisdiction == " + Pick(NodeValues("jurisdiction")),
        5 => "zone != " + Pick(NodeValues("zone")),
        6 => "cost <= " + Number(random.Next(0, 6)),
        7 => "cpu >= " + Number(random.Next(1, 4)),
        8 => "memory >= 2Gi",
        9 => "name == " + Pick(topology.Nodes).Name,
        _ => "device == " + Pick(topology.Devices).Name,
    });

    private string DevicePredicate(int depth) => Combine(depth, () => random.Next(7) switch
    {
        0 => "jurisdiction == " + Pick(DeviceValues("jurisdiction")),
        1 => "jurisdiction in " + Set(DeviceValues("jurisdiction")),
        2 => "trust >= " + Pick(TopologyGenerator.TrustScale),
        3 => "trust < " + Pick(TopologyGenerator.TrustScale),
        4 => "role != " + Pick(DeviceValues("role")),
        5 => "name == " + Pick(topology.Devices).Name,
        _ => $"id == \"{Pick(topology.Devices).Id}\"",
    });

    private string LinkPredicate(int depth) => Combine(depth, () => random.Next(4) switch
    {
        0 => "encrypted",
        1 => "not encrypted",
        2 => "latency <= " + Pick(new[] { "1ms", "5ms", "10ms" }),
        _ => "bandwidth >= " + Pick(new[] { "1Gbps", "10Gbps" }),
    });

    /// <summary>Ranges over nodes and devices: jurisdiction is on both; a node-only key is negated so devices pass.</summary>
    private string ResidencyPredicate()
    {
        var values = NodeValues("jurisdiction").Concat(DeviceValues("jurisdiction")).Distinct().Order(StringComparer.Ordinal).ToList();
        return random.Next(5) switch
        {
            0 => "jurisdiction in " + Set(values),
            1 => "jurisdiction != " + Pick(values),
            2 => $"jurisdiction == {Pick(values)} and not tier == {Pick(NodeValues("tier"))}",
            _ => "jurisdiction == " + Pick(values),
        };
    }
}
