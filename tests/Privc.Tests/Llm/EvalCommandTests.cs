using System.Text.Json;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Llm;

/// <summary>`privc eval`: the whole benchmark in gold mode, and a small benchmark against a scripted local model.</summary>
public sealed class EvalCommandTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("privc-eval-");

    private string Output => Path.Combine(folder.FullName, "out");

    [Z3Fact]
    public void EvalGold_TheBenchmark_ScoresEveryCaseAndHasTheRequiredShape()
    {
        var run = LlmCliRunner.Run(null, "eval", "--gold", "--benchmark", BenchmarkFiles.Root, "--out", Output);

        Assert.True(run.ExitCode == 0, run.Error);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "eval.json")));
        var cases = report.RootElement.GetProperty("cases").EnumerateArray().ToList();
        // Enough cases for a 99% claim: with all correct, the one-sided 95% lower bound is 0.05^(1/n) >= 0.99.
        Assert.True(cases.Count >= 320, $"the benchmark has {cases.Count} cases");
        Assert.True(report.RootElement.GetProperty("lower_bound_one_sided_95").GetDouble() >= 0.99);
        Assert.True(cases.Select(c => c.GetProperty("scenario").GetString()).Distinct().Count() >= 5, "at least 5 topologies");
        var heldOut = cases.Count(c => c.GetProperty("split").GetString() == "held_out");
        Assert.InRange(heldOut / (double)cases.Count, 0.28, 0.34);
        Assert.All(cases, c => Assert.True(c.GetProperty("correct").GetBoolean(), c.GetProperty("id").GetString() + ": " + c.GetProperty("explanation").GetString()));
        // Proven cases went through compile's whole output path: their manifests and flow rules passed privc check.
        Assert.All(cases.Where(c => c.GetProperty("outcome").GetString() == "proven"),
            c => Assert.Contains("its manifests and flow rules pass privc check", c.GetProperty("explanation").GetString(), StringComparison.Ordinal));
        foreach (var domain in new[] { "computing", "networking", "hybrid" })
        {
            foreach (var difficulty in new[] { "simple", "compound" })
            {
                Assert.True(cases.Count(c => c.GetProperty("domain").GetString() == domain && c.GetProperty("difficulty").GetString() == difficulty) >= 10, $"{domain}/{difficulty}");
            }
            foreach (var expected in new[] { "proven", "unsatisfiable", "invalid", "unsupported" })
            {
                Assert.Contains(cases, c => c.GetProperty("domain").GetString() == domain && c.GetProperty("expected").GetString() == expected);
            }
        }
        Assert.Contains($"| all | all | {cases.Count} | {cases.Count} | 100.0% |", run.Out, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Path.Combine(Output, "eval.md")), run.Out[..run.Out.IndexOf("\nwrote ", StringComparison.Ordinal)]);
        Assert.True(File.Exists(Path.Combine(Output, "answers", "hybrid-01.priv")));
    }

    [Z3Fact]
    public void Eval_WithAModel_JudgesAnswersByMeaning()
    {
        var benchmark = SmallBenchmark();
        // Cases run in benchmark order: computing, networking, hybrid.
        using var server = new FakeChatServer(
            // c-1 declines a request that cannot be stated: correct
            FakeResponse.Completion("UNSUPPORTED: the topology has no gpu label"),
            // n-1 ill-typed, then repaired
            FakeResponse.Priv("intent fast: route vitals_feed latency <= 5;"),
            FakeResponse.Priv("intent fast: route vitals_feed latency <= 5ms;"),
            // h-1 equal to the gold on hospital-au only (it has no third jurisdiction): not correct
            FakeResponse.Priv("intent au_only: keep Vitals within jurisdiction != SG;", "Sure."),
            // h-2 weaker than the gold
            FakeResponse.Priv("intent tee: place triage on tee;"));
        const string key = "sk-eval-secret-7c1d";
        var environment = new Dictionary<string, string> { ["OPENAI_BASE_URL"] = server.Endpoint, ["PRIVC_MODEL"] = "local-model", ["OPENAI_API_KEY"] = key };

        var run = LlmCliRunner.Run(environment, "eval", "--benchmark", benchmark, "--out", Output);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.All(server.Requests, r => Assert.Equal("Bearer " + key, r.Headers["Authorization"]));
        Assert.DoesNotContain(key, run.Out + run.Error, StringComparison.Ordinal);
        Assert.All(Directory.EnumerateFiles(Output, "*", SearchOption.AllDirectories), f => Assert.DoesNotContain(key, File.ReadAllText(f), StringComparison.Ordinal));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "eval.json")));
        Assert.Equal("local-model", report.RootElement.GetProperty("model").GetString());
        Assert.Equal(server.Endpoint, report.RootElement.GetProperty("endpoint").GetString());
        var cases = report.RootElement.GetProperty("cases").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
        Assert.False(cases["h-1"].GetProperty("correct").GetBoolean(), cases["h-1"].ToString());
        Assert.Equal("equivalent_on_topology", cases["h-1"].GetProperty("equivalence").GetString());
        Assert.True(cases["h-1"].GetProperty("past_checks").GetBoolean());
        Assert.Contains("jurisdiction = a value neither side names", cases["h-1"].GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.False(cases["h-2"].GetProperty("correct").GetBoolean());
        Assert.Equal("right_stronger", cases["h-2"].GetProperty("equivalence").GetString());
        Assert.Contains("the nodes of service 'triage': the answer allows a node", cases["h-2"].GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.True(cases["n-1"].GetProperty("correct").GetBoolean(), cases["n-1"].ToString());
        Assert.Equal(2, cases["n-1"].GetProperty("rounds").GetInt32());
        Assert.Equal(200, cases["n-1"].GetProperty("prompt_tokens").GetInt64());
        Assert.True(cases["c-1"].GetProperty("correct").GetBoolean(), cases["c-1"].ToString());
        Assert.Equal("invalid", cases["c-1"].GetProperty("outcome").GetString());
        // Two of four correct, with the 95% Wilson interval; both wrong answers passed translate's checks.
        Assert.Contains("| all | all | 4 | 2 | 50.0% | [15.0%, 85.0%] | 2 | 1.25 |", run.Out, StringComparison.Ordinal);
        Assert.Equal(2, report.RootElement.GetProperty("past_checks").GetInt32());
        Assert.Contains("Wrong translations that got past privc's checks (would have been written): 2.", run.Out, StringComparison.Ordinal);
        Assert.Contains("| h-2 | proven | proven | right_stronger |", run.Out, StringComparison.Ordinal);
        Assert.Equal(5, server.Requests.Count);
        Assert.Equal(Privc.Llm.Prompting.PromptBuilder.RequestMessage("Patient vitals must never leave Australia."), server.Requests[3].Messages[1].Content);
    }

    [Fact]
    public void Eval_ConstrainedModelDeclines_TheUnstatableCaseIsCorrect()
    {
        // A grammar-constrained server can only answer the language or the decline, with no fence or prose around it.
        using var server = new FakeChatServer(FakeResponse.Completion("UNSUPPORTED: the topology has no gpu label"));
        var environment = new Dictionary<string, string> { ["OPENAI_BASE_URL"] = server.Endpoint, ["PRIVC_MODEL"] = "llama", ["OPENAI_API_KEY"] = "sk-x" };

        var run = LlmCliRunner.Run(environment, "eval", "--benchmark", SmallBenchmark(), "--case", "c-1", "--constrained", "--out", Output);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.True(Assert.Single(server.Requests).Json.TryGetProperty("grammar", out _));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "eval.json")));
        var only = Assert.Single(report.RootElement.GetProperty("cases").EnumerateArray().ToList());
        Assert.True(only.GetProperty("correct").GetBoolean(), only.ToString());
        Assert.StartsWith("the request cannot be stated here", only.GetProperty("explanation").GetString(), StringComparison.Ordinal);
    }

    [Z3Fact]
    [CoversDiagnostic("PRIV7014")]
    public void EvalGold_AWrongGold_FailsNamingTheCase()
    {
        var benchmark = SmallBenchmark(goldOverride: "intent tee: place triage on tee and tier == edge and zone == sg;");
        var run = LlmCliRunner.Run(null, "eval", "--gold", "--benchmark", benchmark, "--case", "h-2", "--out", Output);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("hybrid.yaml: error PRIV7014: case 'h-2': expected proven, got unsatisfiable", run.Error, StringComparison.Ordinal);
    }

    [Z3Fact]
    public void EvalGold_Json_IsTheEnvelopeAroundTheReport()
    {
        var run = LlmCliRunner.Run(null, "eval", "--gold", "--benchmark", SmallBenchmark(), "--case", "h-2", "--out", Output, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        var json = System.Text.Json.Nodes.JsonNode.Parse(run.Out)!;
        Assert.Equal(1, (int)json["schemaVersion"]!);
        Assert.Equal("eval", (string?)json["command"]);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "eval.json"))), json["report"]));
    }

    [Fact]
    [CoversDiagnostic("PRIV7012")]
    public void Eval_MalformedBenchmark_IsReported()
    {
        var root = Path.Combine(folder.FullName, "broken");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "scenarios.yaml"), "s: {topology: nowhere.yaml}\n");
        File.WriteAllText(Path.Combine(root, "computing.yaml"), "domain: computing\ncases:\n  - id: x\n    scenario: s\n");
        File.WriteAllText(Path.Combine(root, "networking.yaml"), "domain: networking\ncases: [\n");
        File.WriteAllText(Path.Combine(root, "hybrid.yaml"), "domain: hybrid\ncases:\n  - id: h\n    scenaro: s\n");
        var run = LlmCliRunner.Run(null, "eval", "--gold", "--benchmark", root, "--out", Output);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error PRIV7012: scenario 's' names 'nowhere.yaml', which does not exist", run.Error, StringComparison.Ordinal);
        Assert.Contains("computing.yaml: error PRIV7012: case x: needs id, scenario, difficulty, intent, gold and expect", run.Error, StringComparison.Ordinal);
        Assert.Contains("networking.yaml: error PRIV7012: line", run.Error, StringComparison.Ordinal);
        Assert.Contains("hybrid.yaml: error PRIV7012: line 4: unknown key 'scenaro'", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Output));
    }

    [Fact]
    [CoversDiagnostic("PRIV7001")]
    public void Eval_WithoutAModel_IsAConfigurationError()
    {
        var run = LlmCliRunner.Run(null, "eval", "--benchmark", BenchmarkFiles.Root, "--out", Output);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("PRIV7001", run.Error, StringComparison.Ordinal);
    }

    /// <summary>Four cases over the hospital scenario, one file per domain, the scenario files taken from specs/.</summary>
    private string SmallBenchmark(string? goldOverride = null)
    {
        var root = Path.Combine(folder.FullName, "bench");
        Directory.CreateDirectory(root);
        var topology = Path.Combine(TestPaths.Examples, "hospital-au", "topology.yaml");
        var context = Path.Combine(BenchmarkFiles.Root, "contexts", "hospital-au.priv");
        File.WriteAllText(Path.Combine(root, "scenarios.yaml"), $"hospital:\n  topology: {topology}\n  context: [{context}]\n");
        File.WriteAllText(Path.Combine(root, "computing.yaml"), """
            domain: computing
            cases:
              - id: c-1
                scenario: hospital
                difficulty: simple
                intent: Place triage on GPU nodes.
                gold: "intent g: place triage on gpu;"
                expect: invalid
            """);
        File.WriteAllText(Path.Combine(root, "networking.yaml"), """
            domain: networking
            cases:
              - id: n-1
                scenario: hospital
                difficulty: simple
                intent: Vitals from ingest must reach triage within 5 ms.
                gold: "intent vitals_fast: route vitals_feed latency <= 5ms;"
                expect: proven
            """);
        File.WriteAllText(Path.Combine(root, "hybrid.yaml"), $$"""
            domain: hybrid
            cases:
              - id: h-1
                scenario: hospital
                difficulty: simple
                intent: Patient vitals must never leave Australia.
                gold: "intent vitals_in_au: keep Vitals within jurisdiction == AU;"
                expect: proven
              - id: h-2
                scenario: hospital
                difficulty: compound
                intent: Triage runs on edge nodes with a TEE.
                gold: "{{goldOverride ?? "intent triage_tee_edge: place triage on tee and tier == edge;"}}"
                expect: proven
            """);
        return root;
    }

    public void Dispose() => folder.Delete(recursive: true);
}
