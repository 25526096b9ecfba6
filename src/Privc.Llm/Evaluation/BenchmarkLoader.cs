using System.Collections.Immutable;
using Privc.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

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
    }

    public static Diagnosed<Benchmark> Load(string root)
    {
        var diagnostics = new List<Diagnostic>();
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        var scenariosPath = Path.Combine(root, "scenarios.yaml");
        var scenarios = ImmutableSortedDictionary.CreateBuilder<string, BenchmarkScenario>(StringComparer.Ordinal);
        var scenarioDtos = Read<Dictionary<string, ScenarioDto>>(deserializer, scenariosPath, diagnostics);
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
        foreach (var domain in Benchmark.Domains)
        {
            var path = Path.Combine(root, domain + ".yaml");
            var dto = Read<DomainDto>(deserializer, path, diagnostics);
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
                string? Problem()
                {
                    if (item.Id is null || item.Scenario is null || item.Difficulty is null || item.Intent is null || item.Gold is null || item.Expect is null)
                    {
                        return "needs id, scenario, difficulty, intent, gold and expect";
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
                    if ((item.Accept is { Count: > 0 } || item.Reject is { Count: > 0 }) && item.Expect == "invalid")
                    {
                        return "a case that expects an invalid request has no answers to accept or reject";
                    }
                    return ParseExpect(item.Expect) is null ? $"expect must be proven, unsatisfiable or invalid, not '{item.Expect}'" : null;
                }
                if (Problem() is { } problem)
                {
                    diagnostics.Add(LlmDiagnostics.BenchmarkInvalid(path, $"case {where}: {problem}"));
                    continue;
                }
                cases.Add(new BenchmarkCase(item.Id!, domain, item.Difficulty!, item.Scenario!, Normalise(item.Intent!), item.Gold!.Trim() + "\n",
                    ParseExpect(item.Expect!)!.Value, item.Background is null ? null : item.Background.Trim() + "\n",
                    [.. (item.Accept ?? []).Select(a => a.Trim() + "\n")], [.. (item.Reject ?? []).Select(r => r.Trim() + "\n")], path));
            }
        }
        var sorted = diagnostics.Order().ToImmutableArray();
        return new Diagnosed<Benchmark>(sorted.Any(d => d.IsError) ? null : new Benchmark(root, scenarios.ToImmutable(), cases.ToImmutable()), sorted);
    }

    private static T? Read<T>(IDeserializer deserializer, string path, List<Diagnostic> diagnostics)
        where T : class
    {
        try
        {
            return deserializer.Deserialize<T>(File.ReadAllText(path));
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

    private static ExpectedOutcome? ParseExpect(string text) => text switch
    {
        "proven" => ExpectedOutcome.Proven,
        "unsatisfiable" => ExpectedOutcome.Unsatisfiable,
        "invalid" => ExpectedOutcome.Invalid,
        _ => null,
    };

    private static string Normalise(string text) => string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
