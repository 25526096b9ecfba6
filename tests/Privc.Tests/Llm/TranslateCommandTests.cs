using Privc.Tests.Infrastructure;

namespace Privc.Tests.Llm;

/// <summary>
/// `privc translate` end to end against a local OpenAI-compatible server: the real OpenAI client code path, real HTTP,
/// scripted answers. Every test also checks that the API key appears in no output and no written file.
/// </summary>
public sealed class TranslateCommandTests : IDisposable
{
    private const string Key = "sk-test-5ecr3t-KEY-9f1b";
    private const string Request = "Patient vitals must never leave Australia and must only cross encrypted links.";
    private const string Good = "intent vitals_stay_in_au: keep Vitals within jurisdiction == AU over links where encrypted;";
    private const string IllTyped = "intent vitals_stay_in_au: keep Vitals within jurisdiction == Australia over links where encrypted;";

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("privc-translate-");

    private string Output => Path.Combine(folder.FullName, "vitals.priv");

    private static string Topology => Path.Combine(TestPaths.Examples, "hospital-au", "topology.yaml");

    private static string Context => Path.Combine(BenchmarkFiles.Root, "contexts", "hospital-au.priv");

    private static Dictionary<string, string> Environment(FakeChatServer server) => new()
    {
        ["OPENAI_BASE_URL"] = server.Endpoint,
        ["OPENAI_API_KEY"] = Key,
        ["PRIVC_MODEL"] = "gpt-test",
    };

    private CliRun Translate(FakeChatServer server, params string[] extra) =>
        Checked(LlmCliRunner.Run(Environment(server), ["translate", Request, "--topology", Topology, "--context", Context, "--out", Output, "--yes", .. extra]));

    /// <summary>The key must reach the Authorization header and nothing else privc writes.</summary>
    private CliRun Checked(CliRun run)
    {
        Assert.DoesNotContain(Key, run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, run.Error, StringComparison.Ordinal);
        foreach (var file in folder.EnumerateFiles("*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(Key, File.ReadAllText(file.FullName), StringComparison.Ordinal);
        }
        return run;
    }

    [Fact]
    public void Translate_Json_GivesTheFileWrittenAndEachIntentInEnglish()
    {
        using var server = new FakeChatServer(FakeResponse.Priv(Good));
        var run = Translate(server, "--format", "json");

        Assert.True(run.ExitCode == 0, run.Error);
        var json = System.Text.Json.Nodes.JsonNode.Parse(run.Out)!;
        Assert.Equal("translate", (string?)json["command"]);
        Assert.Equal("translated", (string?)json["outcome"]);
        Assert.Equal(File.ReadAllText(Output), (string?)json["dsl"]);
        Assert.Contains(json["intents"]!.AsArray(), i => ((string?)i!["english"])!.StartsWith("vitals_stay_in_au: Vitals (restricted; PHI, PII) stays", StringComparison.Ordinal));
    }

    [Fact]
    public void Translate_CorrectAnswer_WritesTheFileAndExplainsIt()
    {
        using var server = new FakeChatServer(FakeResponse.Priv(Good));
        var run = Translate(server);

        Assert.True(run.ExitCode == 0, run.Error);
        var written = File.ReadAllText(Output);
        Assert.Contains(Good, written, StringComparison.Ordinal);
        Assert.Contains("//   " + Request, written, StringComparison.Ordinal);
        Assert.Contains("vitals_stay_in_au: Vitals (restricted; PHI, PII) stays on nodes and network devices where jurisdiction is AU", run.Out, StringComparison.Ordinal);
        Assert.Contains("1 round(s) with model gpt-test", run.Out, StringComparison.Ordinal);
        Assert.Contains("100 prompt + 20 completion tokens", run.Out, StringComparison.Ordinal);
        Assert.Empty(folder.EnumerateFiles(".*"));

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer " + Key, request.Headers["Authorization"]);
        Assert.Equal("gpt-test", request.Json.GetProperty("model").GetString());
        Assert.Equal(0, request.Json.GetProperty("temperature").GetDouble());
        var messages = request.Messages;
        Assert.Equal(["system", "user"], messages.Select(m => m.Role));
        var system = messages[0].Content;
        Assert.Contains("# privc intent language", system, StringComparison.Ordinal);
        Assert.Contains("- jurisdiction: text on nodes, devices; values AU, SG", system, StringComparison.Ordinal);
        Assert.Contains("- trust: ordered scale untrusted < low < medium < high on nodes, devices", system, StringComparison.Ordinal);
        Assert.Contains("- encrypted: flag (true/false) on links", system, StringComparison.Ordinal);
        Assert.Contains("- tier: text on nodes; values cloud, edge", system, StringComparison.Ordinal);
        Assert.Contains("- edge-syd-1: jurisdiction=AU, tee=true, tier=edge, trust=high, zone=syd", system, StringComparison.Ordinal);
        Assert.Contains("- s5 (of:0000000000000005): jurisdiction=AU, site=transit, trust=untrusted", system, StringComparison.Ordinal);
        Assert.Contains("- vitals_feed: ingest -> triage on port 9000", system, StringComparison.Ordinal);
        Assert.Contains("- research (tenant university)", system, StringComparison.Ordinal);
        Assert.Contains("anonymise_before_research", system, StringComparison.Ordinal);
        Assert.Contains(Request, messages[1].Content, StringComparison.Ordinal);
    }

    [CoversDiagnostic("PRIV0011")]
    [Fact]
    public void Translate_ExistingOutFile_IsRefusedUnlessForced()
    {
        File.WriteAllText(Output, "// sixty lines of mine\n");
        using var server = new FakeChatServer(FakeResponse.Priv(Good), FakeResponse.Priv(Good));

        var refused = Translate(server);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("error PRIV0011", refused.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
        Assert.Equal("// sixty lines of mine\n", File.ReadAllText(Output));

        var forced = Translate(server, "--force");
        Assert.True(forced.ExitCode == 0, forced.Error);
        Assert.Contains(Good, File.ReadAllText(Output), StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_OutIsTheContextFile_IsRefusedEvenWithForce()
    {
        var context = Path.Combine(folder.FullName, "mine.priv");
        File.Copy(Context, context);
        var before = File.ReadAllText(context);
        using var server = new FakeChatServer(FakeResponse.Priv(Good));

        var run = Checked(LlmCliRunner.Run(Environment(server), "translate", Request, "--topology", Topology, "--context", context, "--out", context, "--force"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error PRIV0010", run.Error, StringComparison.Ordinal);
        Assert.Contains("--context", run.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
        Assert.Equal(before, File.ReadAllText(context));
    }

    [Fact]
    public void Translate_IllTypedAnswer_IsRepairedInTheSecondRound()
    {
        using var server = new FakeChatServer(FakeResponse.Priv(IllTyped), FakeResponse.Priv(Good, before: "Fixed:"));
        var run = Translate(server);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(Good, File.ReadAllText(Output), StringComparison.Ordinal);
        Assert.Contains("2 round(s)", run.Out, StringComparison.Ordinal);
        Assert.Contains("200 prompt + 40 completion tokens", run.Out, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
        var repair = server.Requests[1].Messages;
        Assert.Equal(["system", "user", "assistant", "user"], repair.Select(m => m.Role));
        Assert.Contains(IllTyped, repair[2].Content, StringComparison.Ordinal);
        Assert.Contains("privc rejected your answer (round 1 of 3):", repair[3].Content, StringComparison.Ordinal);
        Assert.Contains("1:62: error PRIV2019: no element of the topology has jurisdiction = 'Australia'", repair[3].Content, StringComparison.Ordinal);
        Assert.Contains("\n    " + IllTyped + "\n", repair[3].Content, StringComparison.Ordinal);
        Assert.Equal(server.Requests[0].Messages[0], repair[0]);
    }

    [Fact]
    [CoversDiagnostic("PRIV7008")]
    public void Translate_AnswerThatNeverTypeChecks_FailsWithTheLastDiagnosticsAndWritesNothing()
    {
        using var server = new FakeChatServer(FakeResponse.Priv(IllTyped), FakeResponse.Priv(IllTyped), FakeResponse.Priv(IllTyped));
        var run = Translate(server);

        Assert.Equal(1, run.ExitCode);
        Assert.False(File.Exists(Output));
        Assert.Empty(folder.EnumerateFileSystemInfos());
        Assert.Equal(3, server.Requests.Count);
        Assert.Contains("answer.priv:1:62: error PRIV2019", run.Error, StringComparison.Ordinal);
        Assert.Contains("error PRIV7008: the model's answer still has 1 error(s) after 3 round(s); nothing was written", run.Error, StringComparison.Ordinal);
        Assert.Contains("  | intent vitals_stay_in_au: keep Vitals within jurisdiction == Australia", run.Error, StringComparison.Ordinal);
        Assert.Contains("round 2 of 3", server.Requests[2].Messages[^1].Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_MaxRoundsOne_StopsAfterTheFirstAnswer()
    {
        using var server = new FakeChatServer(FakeResponse.Priv(IllTyped), FakeResponse.Priv(Good));
        var run = Translate(server, "--max-rounds", "1");
        Assert.Equal(1, run.ExitCode);
        Assert.Single(server.Requests);
        Assert.Contains("PRIV7008", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV7005")]
    public void Translate_MalformedJson_FailsClearlyWithoutRetrying()
    {
        using var server = new FakeChatServer(new FakeResponse(200, "{\"choices\": [ {\"message\": "), FakeResponse.Priv(Good));
        var run = Translate(server);

        Assert.Equal(1, run.ExitCode);
        Assert.False(File.Exists(Output));
        Assert.Single(server.Requests);
        Assert.Contains("error PRIV7005: " + server.Endpoint + " did not send a chat completion: the body is not valid JSON", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV7005")]
    public void Translate_JsonThatIsNotACompletion_FailsClearly()
    {
        using var server = new FakeChatServer(new FakeResponse(200, "{\"choices\": []}"));
        var run = Translate(server);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error PRIV7005: " + server.Endpoint + " did not send a chat completion: the body has no 'choices'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_RateLimitedThenAnswered_WaitsAsRetryAfterSays()
    {
        using var server = new FakeChatServer(FakeResponse.Error(429, "Rate limit reached", retryAfter: "7"), FakeResponse.Priv(Good));
        var run = Translate(server);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal([TimeSpan.FromSeconds(7)], run.Delays);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(server.Requests[0].Body, server.Requests[1].Body);
    }

    [Fact]
    public void Translate_ServerErrorsThenAnswered_BacksOffExponentially()
    {
        using var server = new FakeChatServer(FakeResponse.Error(503, "overloaded"), FakeResponse.Error(500, "oops"), FakeResponse.Priv(Good));
        var run = Translate(server);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], run.Delays);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    [CoversDiagnostic("PRIV7003")]
    public void Translate_ServerErrorsPastTheRetryLimit_FailsAndNamesTheLastError()
    {
        using var server = new FakeChatServer(FakeResponse.Error(502, "bad gateway"), FakeResponse.Error(502, "bad gateway"));
        var run = Translate(server, "--retries", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(2, server.Requests.Count);
        Assert.Contains("error PRIV7003: " + server.Endpoint + " failed 2 times; the last failure: HTTP 502: bad gateway", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV7013")]
    public void Translate_RetryAfterBeyondTheLimit_GivesUpAtOnce()
    {
        using var server = new FakeChatServer(FakeResponse.Error(429, "quota", retryAfter: "600"), FakeResponse.Priv(Good));
        var run = Translate(server);

        Assert.Equal(1, run.ExitCode);
        Assert.Single(server.Requests);
        Assert.Empty(run.Delays);
        Assert.Contains("error PRIV7013", run.Error, StringComparison.Ordinal);
        Assert.Contains("asked to retry after 600 s, longer than privc waits (60 s)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_FirstRequestTimesOut_RetriesAndSucceeds()
    {
        using var server = new FakeChatServer(FakeResponse.Priv(Good) with { Delay = TimeSpan.FromSeconds(30) }, FakeResponse.Priv(Good));
        var run = Translate(server, "--timeout", "2");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(1)], run.Delays);
    }

    [Fact]
    [CoversDiagnostic("PRIV7004")]
    public void Translate_EveryRequestTimesOut_FailsWithATimeout()
    {
        using var server = new FakeChatServer(FakeResponse.Priv(Good) with { Delay = TimeSpan.FromSeconds(30) });
        var run = Translate(server, "--timeout", "1", "--retries", "0");

        Assert.Equal(1, run.ExitCode);
        Assert.False(File.Exists(Output));
        Assert.Contains("error PRIV7004: " + server.Endpoint + " did not answer within 1 s, once; raise --timeout", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV7002")]
    public void Translate_ServerEchoesTheKeyInAnError_TheKeyIsRedacted()
    {
        using var server = new FakeChatServer(FakeResponse.Error(401, $"Incorrect API key provided: {Key}. You can find your API key at https://platform.openai.com."));
        var run = Translate(server);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error PRIV7002: " + server.Endpoint + " rejected the request with HTTP 401: Incorrect API key provided: (hidden).", run.Error, StringComparison.Ordinal);
        Assert.Contains("check the API key", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV7009")]
    public void Translate_ModelDeclines_FailsWithItsReason()
    {
        using var server = new FakeChatServer(FakeResponse.Completion("UNSUPPORTED: the topology has no New Zealand jurisdiction."));
        var run = Translate(server);

        Assert.Equal(1, run.ExitCode);
        Assert.False(File.Exists(Output));
        Assert.Contains("error PRIV7009: the model says the request cannot be expressed on this topology: the topology has no New Zealand jurisdiction.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV7015")]
    public void Translate_AnswerDeclaringAService_IsSentBackForRepair()
    {
        using var server = new FakeChatServer(
            FakeResponse.Priv("service miner { image \"evil/miner\"; }\n" + Good),
            FakeResponse.Priv(Good));
        var run = Translate(server);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.DoesNotContain("miner", File.ReadAllText(Output), StringComparison.Ordinal);
        Assert.Contains("1:1: error PRIV7015: the answer declares service 'miner'", server.Requests[1].Messages[^1].Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_ExistingOutput_IsReplacedOnlyOnSuccess()
    {
        File.WriteAllText(Output, "// the operator's previous version\n");
        using (var failing = new FakeChatServer(FakeResponse.Priv(IllTyped)))
        {
            Assert.Equal(1, Translate(failing, "--max-rounds", "1", "--force").ExitCode);
        }
        Assert.Equal("// the operator's previous version\n", File.ReadAllText(Output));
        using var working = new FakeChatServer(FakeResponse.Priv(Good));
        Assert.Equal(0, Translate(working, "--force").ExitCode);
        Assert.Contains(Good, File.ReadAllText(Output), StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_TemperatureNone_SendsNoTemperature()
    {
        using var server = new FakeChatServer(FakeResponse.Priv(Good));
        var run = Translate(server, "--temperature", "none");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.False(server.Requests[0].Json.TryGetProperty("temperature", out _));
    }

    [Fact]
    [CoversDiagnostic("PRIV0006")]
    public void Translate_TemperatureOutOfRange_IsAUsageError()
    {
        using var server = new FakeChatServer(FakeResponse.Priv(Good));
        var run = Translate(server, "--temperature", "3");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error PRIV0006: --temperature must be a number from 0 to 2 or 'none', not '3'", run.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Translate_FromFile_SendsTheFilesText()
    {
        var request = Path.Combine(folder.FullName, "request.txt");
        File.WriteAllText(request, "Vitals stay in Australia.\n");
        using var server = new FakeChatServer(FakeResponse.Priv(Good));
        var run = Checked(LlmCliRunner.Run(Environment(server), "translate", "--file", request, "--topology", Topology, "--context", Context, "--out", Output, "--yes"));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Vitals stay in Australia.", server.Requests[0].Messages[1].Content, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV7001")]
    public void Translate_NoModel_IsAConfigurationError()
    {
        var run = Checked(LlmCliRunner.Run(new Dictionary<string, string> { ["OPENAI_API_KEY"] = Key }, "translate", Request, "--topology", Topology, "--out", Output));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error PRIV7001: no model is set: pass --model NAME or set PRIVC_MODEL", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV7001")]
    public void Translate_OpenAiWithoutKey_IsAConfigurationError()
    {
        var run = Checked(LlmCliRunner.Run(new Dictionary<string, string>(), "translate", Request, "--topology", Topology, "--model", "gpt-4o", "--out", Output));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error PRIV7001: OpenAI's API needs a key: set OPENAI_API_KEY", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV7010")]
    public void Translate_EndpointThatIsNotHttp_IsRejectedWithoutItsCredentials()
    {
        var run = Checked(LlmCliRunner.Run(null, "translate", Request, "--topology", Topology, "--model", "m", "--out", Output, "--endpoint", "ftp://user:pw@example.org/v1"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error PRIV7010: the endpoint 'ftp://example.org/v1' is not an absolute http or https URL", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("pw@", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV0006")]
    public void Translate_TextAndFileTogether_IsAUsageError()
    {
        var run = Checked(LlmCliRunner.Run(null, "translate", Request, "--file", "x.txt", "--topology", Topology, "--out", Output, "--model", "m"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error PRIV0006: give the intent either as TEXT or with --file FILE", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV7011")]
    public void Translate_EmptyText_IsRejectedBeforeAnyRequest()
    {
        using var server = new FakeChatServer(FakeResponse.Priv(Good));
        var run = Checked(LlmCliRunner.Run(Environment(server), "translate", "   ", "--topology", Topology, "--out", Output));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error PRIV7011: the text to translate is empty", run.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Translate_ContextWithErrors_IsReportedBeforeAnyRequest()
    {
        var broken = Path.Combine(folder.FullName, "broken.priv");
        File.WriteAllText(broken, "service a { image \"x\"; }\nintent i: place b on tee;\n");
        using var server = new FakeChatServer(FakeResponse.Priv(Good));
        var run = Checked(LlmCliRunner.Run(Environment(server), "translate", Request, "--topology", Topology, "--context", broken, "--out", Output));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("broken.priv:2:17: error PRIV2002: no service is named 'b'", run.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    public void Dispose() => folder.Delete(recursive: true);
}
