using System.Collections.Immutable;
using Privc.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Privc.Llm.Evaluation;

/// <summary>
/// Reads a benchmark folder: <c>scenarios.yaml</c> (name: topology and context files) and one YAML file per domain
/// (<c>computing.yaml</c>, <c>networking.yaml</c>, <c>hybrid.yaml</c>) holding its cases. Every problem is a PRIV7012
/// diagnostic naming the file and the case.
/// </summary>
public static class BenchmarkLoader
{
    private sealed class ScenarioDto
    {
        public string? Topology { get; set; }

        public List<string>? Context { get; set; }
    }

    private sealed class DomainDto
    {
        public string? Domain { get; set; }

        public List<CaseDto>? Cases { get; set; }
    }

    private sealed class CaseDto
    {
        public string? Id { get; set; }

        public string? Scenario { get; set; }

        public string? Difficulty { get; set; }

        public string? Intent { get; set; }

        public string? Gold { get; set; }

        public string? Expect { get; set; }

        public string? Background { get; set; }

        public string? Note { get; set; }

        public List<string>? Accept { get; set; }

        public List<string>? Reject { get; set; }

        public List<string>? Readings { get; set; }

        public List<string>? TopologyOnly { get; set; }

        public bool AllowDeclassify { get; set; }

        /// <summary>An earlier case of the domain this one rephrases: what it leaves out is the base's.</summary>
        public string? Base { get; set; }
    }

    public static Diagnosed<Benchmark> Load(string root)
    {
        var diagnostics = new List<Diagnostic>();
        var scenariosPath = Path.Combine(root, "scenarios.yaml");
        var scenarios = ImmutableSortedDictionary.CreateBuilder<string, BenchmarkScenario>(StringComparer.Ordinal);
        var scenarioDtos = Read(scenariosPath, diagnostics, root => Map<ScenarioDto>(root, "scenarios", n => n is YamlScalarNode ? null : Object<ScenarioDto>(n, ScenarioField)));
        foreach (var (name, dto) in scenarioDtos ?? [])
        {
            if (dto?.Topology is null)
            {
                diagnostics.Add(LlmDiagnostics.BenchmarkInvalid(scenariosPath, $"scenario '{name}' has no topology"));
                continue;
            }
            var files = (dto.Context ?? []).Prepend(dto.Topology).Where(f => !File.Exists(Path.Combine(root, f))).ToList();
            foreach (var missing in files)
            {
                diagnostics.Add(LlmDiagnostics.BenchmarkInvalid(scenariosPath, $"scenario '{name}' names '{missing}', which does not exist"));
            }
            scenarios[name] = new BenchmarkScenario(name, dto.Topology, [.. dto.Context ?? []]);
        }

        var cases = ImmutableArray.CreateBuilder<BenchmarkCase>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var byId = new Dictionary<string, BenchmarkCase>(StringComparer.Ordinal);
        foreach (var (domain, path) in Benchmark.Domains.SelectMany(d => DomainFiles(root, d).Select(p => (Domain: d, Path: p))))
        {
            var dto = Read(path, diagnostics, root => Object<DomainDto>(root, DomainField));
            if (dto is null)
            {
                continue;
            }
            if (dto.Domain != domain)
            {
                diagnostics.Add(LlmDiagnostics.BenchmarkInvalid(path, $"the file's domain is '{dto.Domain}', expected '{domain}'"));
            }
            foreach (var (item, index) in (dto.Cases ?? []).Select((c, i) => (c, i)))
            {
                var where = item.Id ?? $"#{index + 1}";
                var baseCase = item.Base is null ? null : byId.GetValueOrDefault(item.Base);
                if (baseCase is not null && baseCase.Domain == domain)
                {
                    item.Scenario ??= baseCase.Scenario;
                    item.Difficulty ??= baseCase.Difficulty;
                    item.Expect ??= ReportWriter.Snake(baseCase.Expect.ToString());
                    item.Gold ??= baseCase.Expect == ExpectedOutcome.Unsupported ? null : baseCase.Gold;
                    item.Background ??= baseCase.Background;
                    item.Readings ??= [.. baseCase.Readings];
                    item.AllowDeclassify |= baseCase.AllowDeclassify;
                }
                string? Problem()
                {
                    if (item.Base is not null && (baseCase is null || baseCase.Domain != domain))
                    {
                        return $"its base '{item.Base}' is not an earlier case of this domain";
                    }
                    if (item.Id is null || item.Scenario is null || item.Difficulty is null || item.Intent is null || item.Expect is null)
                    {
                        return "needs id, scenario, difficulty, intent, gold and expect";
                    }
                    if ((item.Gold is null) != (item.Expect == "unsupported"))
                    {
                        return item.Gold is null ? "needs a gold answer (only a case that expects unsupported has none)" : "a case that expects unsupported has no gold answer: the language cannot state it";
                    }
                    if (!ids.Add(item.Id))
                    {
                        return "the id is used twice";
                    }
                    if (!scenarios.ContainsKey(item.Scenario))
                    {
                        return $"no scenario is named '{item.Scenario}'";
                    }
                    if (!Benchmark.Difficulties.Contains(item.Difficulty))
                    {
                        return $"difficulty must be {string.Join(" or ", Benchmark.Difficulties)}, not '{item.Difficulty}'";
                    }
                    if ((item.Accept is { Count: > 0 } || item.Reject is { Count: > 0 } || item.Readings is { Count: > 0 } || item.TopologyOnly is { Count: > 0 })
                        && item.Expect is "invalid" or "unsupported")
                    {
                        return "a case that expects no intents has no readings or answers to accept or reject";
                    }
                    return ParseExpect(item.Expect) is null ? $"expect must be proven, unsatisfiable, invalid or unsupported, not '{item.Expect}'" : null;
                }
                if (Problem() is { } problem)
                {
                    diagnostics.Add(LlmDiagnostics.BenchmarkInvalid(path, $"case {where}: {problem}"));
                    continue;
                }
                cases.Add(new BenchmarkCase(item.Id!, domain, item.Difficulty!, item.Scenario!, Normalise(item.Intent!), (item.Gold ?? string.Empty).Trim() + "\n",
                    ParseExpect(item.Expect!)!.Value, item.Background is null ? null : item.Background.Trim() + "\n",
                    [.. (item.Accept ?? []).Select(a => a.Trim() + "\n")], [.. (item.Reject ?? []).Select(r => r.Trim() + "\n")], path)
                {
                    Readings = [.. (item.Readings ?? []).Select(r => r.Trim() + "\n")],
                    TopologyOnly = [.. (item.TopologyOnly ?? []).Select(r => r.Trim() + "\n")],
                    AllowDeclassify = item.AllowDeclassify,
                    Family = baseCase?.Family ?? item.Id!,
                });
                byId[item.Id!] = cases[^1];
            }
        }
        cases = Split(cases);
        var sorted = diagnostics.Order().ToImmutableArray();
        return new Diagnosed<Benchmark>(sorted.Any(d => d.IsError) ? null : new Benchmark(root, scenarios.ToImmutable(), cases.ToImmutable()), sorted);
    }

    /// <summary>
    /// Reads a file through YAML's representation model and maps it by hand: no reflection-built deserialiser, so the
    /// native build reads benchmarks as the JIT build does. Keys are snake_case; an unknown key is an error.
    /// </summary>
    private static T? Read<T>(string path, List<Diagnostic> diagnostics, Func<YamlNode, T?> map)
        where T : class
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(path)));
            return stream.Documents.Count == 0 ? null : map(stream.Documents[0].RootNode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(LlmDiagnostics.BenchmarkInvalid(path, $"cannot read it: {e.Message}"));
        }
        catch (YamlException e)
        {
            diagnostics.Add(LlmDiagnostics.BenchmarkInvalid(path, $"line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}"));
        }
        return null;
    }

    private static T Object<T>(YamlNode node, Action<T, string, YamlNode> field)
        where T : new()
    {
        var mapping = node as YamlMappingNode ?? throw Malformed(node, "expected a mapping");
        var result = new T();
        foreach (var (key, value) in mapping.Children)
        {
            field(result, Scalar(key) ?? throw Malformed(key, "expected a key"), value);
        }
        return result;
    }

    private static Dictionary<string, T?> Map<T>(YamlNode node, string what, Func<YamlNode, T?> value)
        where T : class
    {
        var mapping = node as YamlMappingNode ?? throw Malformed(node, $"expected the {what} as a mapping");
        var result = new Dictionary<string, T?>(StringComparer.Ordinal);
        foreach (var (key, item) in mapping.Children)
        {
            result[Scalar(key) ?? throw Malformed(key, "expected a key")] = value(item);
        }
        return result;
    }

    private static void ScenarioField(ScenarioDto dto, string key, YamlNode value)
    {
        switch (key)
        {
            case "topology": dto.Topology = Scalar(value); break;
            case "context": dto.Context = Strings(value); break;
            default: throw Unknown(value, key);
        }
    }

    private static void DomainField(DomainDto dto, string key, YamlNode value)
    {
        switch (key)
        {
            case "domain": dto.Domain = Scalar(value); break;
            case "cases": dto.Cases = value is YamlSequenceNode cases ? [.. cases.Children.Select(c => Object<CaseDto>(c, CaseField))] : value is YamlScalarNode { Value: null or "" or "~" or "null" } ? null : throw Malformed(value, "expected a list of cases"); break;
            default: throw Unknown(value, key);
        }
    }

    private static void CaseField(CaseDto dto, string key, YamlNode value)
    {
        switch (key)
        {
            case "id": dto.Id = Scalar(value); break;
            case "scenario": dto.Scenario = Scalar(value); break;
            case "difficulty": dto.Difficulty = Scalar(value); break;
            case "intent": dto.Intent = Scalar(value); break;
            case "gold": dto.Gold = Scalar(value); break;
            case "expect": dto.Expect = Scalar(value); break;
            case "background": dto.Background = Scalar(value); break;
            case "note": dto.Note = Scalar(value); break;
            case "base": dto.Base = Scalar(value); break;
            case "accept": dto.Accept = Strings(value); break;
            case "reject": dto.Reject = Strings(value); break;
            case "readings": dto.Readings = Strings(value); break;
            case "topology_only": dto.TopologyOnly = Strings(value); break;
            case "allow_declassify":
                dto.AllowDeclassify = Scalar(value) switch
                {
                    "true" or "True" or "TRUE" => true,
                    "false" or "False" or "FALSE" or null => false,
                    var other => throw Malformed(value, $"allow_declassify must be true or false, not '{other}'"),
                };
                break;
            default: throw Unknown(value, key);
        }
    }

    /// <summary>A scalar's text; null for YAML's null (an empty value, <c>~</c> or <c>null</c> in plain style).</summary>
    private static string? Scalar(YamlNode node) => node switch
    {
        YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" } => null,
        YamlScalarNode scalar => scalar.Value,
        _ => throw Malformed(node, "expected a single value"),
    };

    private static List<string>? Strings(YamlNode node) => node switch
    {
        YamlSequenceNode sequence => [.. sequence.Children.Select(c => Scalar(c) ?? throw Malformed(c, "expected a value, not null"))],
        YamlScalarNode when Scalar(node) is null => null,
        _ => throw Malformed(node, "expected a list"),
    };

    private static YamlException Unknown(YamlNode node, string key) => Malformed(node, $"unknown key '{key}'");

    private static YamlException Malformed(YamlNode node, string message) => new(node.Start, node.End, message);

    private static ExpectedOutcome? ParseExpect(string text) => text switch
    {
        "proven" => ExpectedOutcome.Proven,
        "unsatisfiable" => ExpectedOutcome.Unsatisfiable,
        "invalid" => ExpectedOutcome.Invalid,
        "unsupported" => ExpectedOutcome.Unsupported,
        _ => null,
    };

    /// <summary>
    /// The held-out split, fixed by a rule nobody chooses case by case: within each domain, the families (a case and
    /// the cases that rephrase it, which must never straddle the split) are ordered by the SHA-256 of the family's
    /// id, and families are held out in that order until 30% of the domain's cases (rounded) are.
    /// </summary>
    private static ImmutableArray<BenchmarkCase>.Builder Split(ImmutableArray<BenchmarkCase>.Builder cases)
    {
        var heldOut = new HashSet<string>(StringComparer.Ordinal);
        foreach (var domain in cases.GroupBy(c => c.Domain))
        {
            var target = (int)Math.Round(domain.Count() * Benchmark.HeldOutFraction, MidpointRounding.AwayFromZero);
            var held = 0;
            foreach (var family in domain.GroupBy(c => c.Family).OrderBy(f => Hash(f.Key), StringComparer.Ordinal))
            {
                if (held >= target)
                {
                    break;
                }
                heldOut.Add(family.Key);
                held += family.Count();
            }
        }
        var result = ImmutableArray.CreateBuilder<BenchmarkCase>(cases.Count);
        result.AddRange(cases.Select(c => c with { Split = heldOut.Contains(c.Family) ? BenchmarkSplit.HeldOut : BenchmarkSplit.Tuning }));
        return result;
    }

    /// <summary>A domain's cases: <c>DOMAIN.yaml</c>, then <c>DOMAIN.*.yaml</c> in name order (rephrasings, imported networks).</summary>
    private static IEnumerable<string> DomainFiles(string root, string domain) =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, domain + ".*.yaml").Order(StringComparer.Ordinal).Prepend(Path.Combine(root, domain + ".yaml"))
            : [Path.Combine(root, domain + ".yaml")];

    private static string Hash(string id) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)));

    private static string Normalise(string text) => string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
