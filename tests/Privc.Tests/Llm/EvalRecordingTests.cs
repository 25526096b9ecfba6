using System.Text.Json;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Llm;

/// <summary>
/// `eval --record DIR` saves every exchange of a run against a (local, scripted) model; `eval --replay DIR`
/// re-scores it offline with no endpoint, giving the same per-case results, tokens and rounds.
/// </summary>
public sealed class EvalRecordingTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("privc-eval-rec-");

    private string Benchmark()
    {
        // The benchmark's hospital scenario with three cases: one repaired in a second round, one declined, one weaker.
        var root = Path.Combine(folder.FullName, "bench");
        Directory.CreateDirectory(Path.Combine(root, "contexts"));
        File.Copy(Path.Combine(BenchmarkFiles.Root, "contexts", "hospital-au.priv"), Path.Combine(root, "contexts", "hospital-au.priv"));
        File.WriteAllText(Path.Combine(root, "scenarios.yaml"),
            $"hospital:\n  topology: {Path.Combine(TestPaths.Examples, "hospital-au", "topology.yaml")}\n  context: [contexts/hospital-au.priv]\n");
        File.WriteAllText(Path.Combine(root, "computing.yaml"), """
            domain: computing
            cases:
              - {id: c-1, scenario: hospital, difficulty: simple, intent: Delete triage logs after a day., expect: unsupported}
            """);
        File.WriteAllText(Path.Combine(root, "networking.yaml"), """
            domain: networking
            cases:
              - id: n-1
                scenario: hospital
                difficulty: simple
                intent: Vitals reach triage within 5 ms.
                gold: "intent fast: route vitals_feed latency <= 5ms;"
                expect: proven
            """);
        File.WriteAllText(Path.Combine(root, "hybrid.yaml"), """
            domain: hybrid
            cases:
              - id: h-1
                scenario: hospital
                difficulty: simple
                intent: Triage runs on TEE nodes at the edge.
                gold: "intent t: place triage on tee and tier == edge;"
                expect: proven
            """);
        return root;
    }

    [Z3Fact]
    public void Replay_ARecordedRun_ReScoresItOfflineWithTheSameResults()
    {
        var benchmark = Benchmark();
        var recording = Path.Combine(folder.FullName, "recording");
        using (var server = new FakeChatServer(
            FakeResponse.Completion("UNSUPPORTED: retention cannot be stated", 300, 9),
            FakeResponse.Priv("intent fast: route vitals_feed latency <= 5;"),
            FakeResponse.Completion("```priv\nintent fast: route vitals_feed latency <= 5ms;\n```", 120, 33),
            FakeResponse.Priv("intent t: place triage on tee;")))
        {
            var environment = new Dictionary<string, string> { ["OPENAI_BASE_URL"] = server.Endpoint, ["PRIVC_MODEL"] = "local-model", ["OPENAI_API_KEY"] = "sk-rec-key-31" };
            var recorded = LlmCliRunner.Run(environment, "eval", "--benchmark", benchmark, "--out", Path.Combine(folder.FullName, "live"), "--record", recording);
            Assert.True(recorded.ExitCode == 0, recorded.Error);
            Assert.Equal(4, server.Requests.Count);
        }
        Assert.Equal(["c-1.json", "h-1.json", "n-1.json"], Directory.EnumerateFiles(recording).Select(Path.GetFileName).Where(f => !f!.StartsWith('.')).Order(StringComparer.Ordinal));
        Assert.All(Directory.EnumerateFiles(recording), f => Assert.DoesNotContain("sk-rec-key-31", File.ReadAllText(f), StringComparison.Ordinal));
        using (var n1 = JsonDocument.Parse(File.ReadAllText(Path.Combine(recording, "n-1.json"))))
        {
            var exchanges = n1.RootElement.GetProperty("exchanges");
            Assert.Equal(2, exchanges.GetArrayLength());
            Assert.Contains("error PRIV", exchanges[1].GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString(), StringComparison.Ordinal);
        }

        // No endpoint configured at all: the replay needs none.
        var replayed = LlmCliRunner.Run(new Dictionary<string, string>(), "eval", "--benchmark", benchmark, "--out", Path.Combine(folder.FullName, "replay"), "--replay", recording);

        Assert.True(replayed.ExitCode == 0, replayed.Error);
        using var live = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.FullName, "live", "eval.json")));
        using var again = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.FullName, "replay", "eval.json")));
        Assert.Equal("replay", again.RootElement.GetProperty("mode").GetString());
        Assert.Equal("local-model", again.RootElement.GetProperty("model").GetString());
        Assert.Equal(live.RootElement.GetProperty("cases").GetRawText(), again.RootElement.GetProperty("cases").GetRawText());
        Assert.Equal(2, again.RootElement.GetProperty("correct").GetInt32());
    }

    [Fact]
    [CoversDiagnostic("PRIV7022")]
    public void Replay_MissingOrMalformedRecording_IsRefusedBeforeAnythingRuns()
    {
        var benchmark = Benchmark();
        var recording = Directory.CreateDirectory(Path.Combine(folder.FullName, "partial")).FullName;
        File.WriteAllText(Path.Combine(recording, "c-1.json"), "{ not json");
        File.WriteAllText(Path.Combine(recording, "n-1.json"), """{"version": 1, "case": "h-1", "model": "m", "exchanges": []}""");

        var run = LlmCliRunner.Run(null, "eval", "--benchmark", benchmark, "--out", Path.Combine(folder.FullName, "out"), "--replay", recording);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("c-1.json: error PRIV7022: not a recording", run.Error, StringComparison.Ordinal);
        Assert.Contains("it records case 'h-1', not 'n-1'", run.Error, StringComparison.Ordinal);
        Assert.Contains("h-1.json: error PRIV7022", run.Error, StringComparison.Ordinal);
        Assert.Contains("no recording of this case", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder.FullName, "out")));
    }

    [Fact]
    public void Eval_RecordWithGold_IsAUsageError()
    {
        var run = LlmCliRunner.Run(null, "eval", "--gold", "--record", Path.Combine(folder.FullName, "r"), "--benchmark", Benchmark(), "--out", Path.Combine(folder.FullName, "out"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--gold, --record and --replay exclude each other", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => folder.Delete(recursive: true);
}
