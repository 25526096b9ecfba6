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

        public List<string>? Readings { get; set; }

        public List<string>? TopologyOnly { get; set; }

        public bool AllowDeclassify { get; set; }

        /// <summary>An earlier case of the domain this one rephrases: what it leaves out is the base's.</summary>
        public string? Base { get; set; }
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
        var byId = new Dictionary<string, BenchmarkCase>(StringComparer.Ordinal);
        foreach (var (domain, path) in Benchmark.Domains.SelectMany(d => DomainFiles(root, d).Select(p => (Domain: d, Path: p))))
        {
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
