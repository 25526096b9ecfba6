using System.Text;

namespace Privc.Tests.Infrastructure;

/// <summary>
/// Syntactically valid intent programs built at random from the grammar, with names drawn from small pools that
/// mostly (not always) match the test prelude and the hospital-au topology, so binding both succeeds and fails.
/// Comments and odd spacing are sprinkled in for the formatter. Deterministic for a given seed.
/// </summary>
public sealed class RandomPrograms
{
    private static readonly string[] Data = ["Vitals", "Stats", "Ghost"];
    private static readonly string[] Levels = ["public", "internal", "confidential", "restricted", "secret"];
    private static readonly string[] Services = ["ingest", "triage", "anon", "research", "ghost", "latency"];
    private static readonly string[] Flows = ["feed", "to_anon", "out", "nope"];
    private static readonly string[] Keys =
    [
        "zone", "node", "tier", "trust", "jurisdiction", "nope", "name", "cpu", "site",
        "\"zone\"", "\"node\"", "\"node-restriction.kubernetes.io/zone\"", "\"k\\\"q\"",
    ];
    private static readonly string[] Values = ["1", "2", "3", "9000", "70000", "1Mbps", "10ms", "5", "3Gi", "edge", "\"quoted \\\" text\"", "true"];
    private static readonly string[] Metrics = ["latency", "cost", "nodes", "speed"];
    private static readonly string[] Atoms =
    [
        "tee", "tier == edge", "trust < medium", "trust >= high", "jurisdiction in {AU, SG}", "jurisdiction not in {US}", "role != firewall",
        "encrypted", "latency < 5ms", "bandwidth >= 1Gbps", "cpu > 2", "cost <= 3", "name == s1", "device == s1", "zone != syd", "true", "false",
        "\"tier\" == \"edge\"", "tier == 10ms", "tee == false",
    ];
    private static readonly string[] Comments = ["// note", "# hash note", "/* block */", "/* multi\n   line */"];

    private readonly Random random;
    private readonly StringBuilder text = new();

    private RandomPrograms(int seed)
    {
        random = new Random(seed);
    }

    /// <summary>A program of up to <paramref name="items"/> items, optionally after the test prelude.</summary>
    public static string Generate(int seed, int items = 12, bool withPrelude = true)
    {
        var generator = new RandomPrograms(seed);
        if (withPrelude)
        {
            generator.text.Append(FrontEndTestPrelude.Declarations);
        }
        var count = generator.random.Next(1, items + 1);
        for (var i = 0; i < count; i++)
        {
            generator.Item(i);
        }
        return generator.text.ToString();
    }

    /// <summary>A random predicate of bounded depth (no trailing semicolon).</summary>
    public static string Predicate(int seed, int depth = 5) => new RandomPrograms(seed).Predicate(depth);

    private string Pick(string[] pool) => pool[random.Next(pool.Length)];

    private bool Chance(int percent) => random.Next(100) < percent;

    private string Space() => random.Next(10) switch
    {
        0 => "  ",
        1 => "\n  ",
        2 => " /* c */ ",
        _ => " ",
    };

    private string List(Func<string> element, int max = 3) =>
        string.Join("," + Space(), Enumerable.Range(0, random.Next(1, max + 1)).Select(_ => element()));

    private void Item(int index)
    {
        if (Chance(20))
        {
            text.Append(Pick(Comments)).Append('\n');
        }
        if (Chance(15))
        {
            text.Append('\n');
        }
        var name = $"n{index}";
        text.Append(random.Next(14) switch
        {
            0 => $"levels {string.Join(" < ", Enumerable.Range(0, random.Next(1, 4)).Select(_ => Pick(Levels)))};",
            1 => $"data {Pick(Data)}{index}: {Pick(Levels)}{(Chance(50) ? " tags " + List(() => Pick(["PHI", "PII", "x"])) : string.Empty)};",
            2 => Service(index),
            3 => $"flow {name}: {Pick(Services)} -> {Pick(Services)}{Clauses()};",
            4 => $"intent {name}: place {ServiceSet()} on {Predicate(4)};",
            5 => $"intent {name}: keep {List(() => Chance(30) ? "data tagged " + Pick(["PHI", "PII", "x"]) : Pick(Data))} within {Predicate(3)}{(Chance(50) ? " over links where " + Predicate(2) : string.Empty)};",
            6 => Chance(50)
                ? $"intent {name}: separate {ServiceSet()} from {ServiceSet()}{(Chance(50) ? " by " + Pick(Keys) : string.Empty)};"
                : $"intent {name}: colocate {ServiceSet()} with {ServiceSet()}{(Chance(50) ? " by " + Pick(Keys) : string.Empty)};",
            7 => $"intent {name}: dedicate {ServiceSet()};",
            8 => $"intent {name}: spread {ServiceSet()} across {Pick(Keys)} at least {Pick(Values)};",
            9 => $"intent {name}: route {List(FlowRef)} {List(PathClause)};",
            10 => $"intent {name}: declassify {Pick(Data)} to {Pick(Levels)} via {Pick(Services)};",
            11 => $"objective {name}: minimize {(Chance(30) ? "max " : string.Empty)}{Pick(Metrics)};",
            12 => $"objective {name}: prefer {Predicate(3)};",
            _ => $"intent {name}: place {ServiceSet()} on{Space()}{Predicate(2)}{Space()};",
        });
        text.Append(Chance(15) ? " " + Pick(Comments[..2]) + "\n" : "\n");
    }

    private string Service(int index)
    {
        var properties = new List<string>();
        var separator = Chance(50) ? "\n  " : " ";
        if (Chance(90))
        {
            properties.Add("image \"r/app:1\";");
        }
        foreach (var key in new[] { "replicas", "cpu", "memory", "ports", "tenant", "namespace", "handles", "clearance", "frobs" })
        {
            if (Chance(30))
            {
                var value = key switch
                {
                    "handles" => List(() => Pick(Data)),
                    "clearance" => Pick(Levels),
                    "tenant" => Pick(["hospital", "university", "\"t\""]),
                    "ports" => List(() => Pick(["80", "443", "9000"])),
                    _ => Pick(Values),
                };
                properties.Add($"{key} {value};");
            }
        }
        if (Chance(10))
        {
            // A line comment needs the line break after it, or it would swallow the closing brace.
            properties.Add(separator == " " ? "/* block */" : Pick(Comments));
        }
        return $"service s{index} {{{separator}{string.Join(separator, properties)}{(properties.Count > 0 ? separator : string.Empty)}}}";
    }

    private string Clauses()
    {
        var clauses = new StringBuilder();
        if (Chance(70))
        {
            clauses.Append(" carries ").Append(List(() => Pick(Data)));
        }
        if (Chance(40))
        {
            clauses.Append(" bandwidth ").Append(Pick(Values));
        }
        if (Chance(40))
        {
            clauses.Append(" port ").Append(Pick(Values));
        }
        return clauses.ToString();
    }

    private string ServiceSet() => List(() => random.Next(5) switch
    {
        0 => "*",
        1 => "tenant " + Pick(["hospital", "university", "nobody"]),
        2 => "handling " + Pick(Data),
        _ => Pick(Services),
    });

    private string FlowRef() => random.Next(6) switch
    {
        0 => "*",
        1 => "flows carrying " + Pick(Data),
        2 => "flows from " + Pick(Services),
        3 => "flows to " + Pick(Services),
        _ => Pick(Flows),
    };

    private string PathClause() => random.Next(9) switch
    {
        0 => "avoid devices where " + Predicate(2),
        1 => "avoid links where " + Predicate(2),
        2 => "avoid " + List(() => Pick(["s1", "s5", "s9"])),
        3 => "through " + string.Join(" then ", Enumerable.Range(0, random.Next(1, 4)).Select(_ => Chance(50) ? "devices where " + Predicate(2) : Pick(["s3", "s4", "s9"]))),
        4 => "within " + Predicate(2),
        5 => "over links where " + Predicate(2),
        6 => $"latency {Pick(["<", "<=", ">="])} {Pick(["10ms", "1s", "250us", "3", "1Gbps"])}",
        _ => $"hops {Pick(["<", "<=", "=="])} {Pick(["0", "1", "4"])}",
    };

    private string Predicate(int depth)
    {
        if (depth <= 0 || Chance(30))
        {
            return Pick(Atoms);
        }
        return random.Next(5) switch
        {
            0 => "not " + Predicate(depth - 1),
            1 => $"{Predicate(depth - 1)} and {Predicate(depth - 1)}",
            2 => $"{Predicate(depth - 1)} or {Predicate(depth - 1)}",
            _ => $"({Predicate(depth - 1)})",
        };
    }
}
