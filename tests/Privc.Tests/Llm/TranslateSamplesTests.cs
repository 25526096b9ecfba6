using Privc.Tests.Infrastructure;

namespace Privc.Tests.Llm;

/// <summary>
/// translate --samples N against the local OpenAI-compatible server: answers that mean the same on every topology
/// (however written) agree and the first is written; answers that differ somewhere, even where this topology
/// cannot tell, are shown side by side and, where no person can choose one (here standard input is not a terminal),
/// nothing is written (PRIV7019, exit 6). Choosing at a terminal: TranslateConsentTests.
/// </summary>
public sealed class TranslateSamplesTests : IDisposable
{
    private const string Request = "Patient vitals must never leave Australia.";

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("privc-samples-");

    private string Output => Path.Combine(folder.FullName, "vitals.priv");

    private CliRun Translate(FakeChatServer server, params string[] extra) => LlmCliRunner.Run(
        new Dictionary<string, string> { ["OPENAI_BASE_URL"] = server.Endpoint, ["OPENAI_API_KEY"] = "sk-samples", ["PRIVC_MODEL"] = "gpt-test" },
        ["translate", Request, "--topology", Path.Combine(TestPaths.Examples, "hospital-au", "topology.yaml"),
         "--context", Path.Combine(BenchmarkFiles.Root, "contexts", "hospital-au.priv"), "--out", Output, "--yes", .. extra]);

    [Fact]
    public void Samples_WrittenDifferentlyButEquivalent_AgreeAndTheFirstIsWritten()
    {
        using var server = new FakeChatServer(
            FakeResponse.Priv("intent vitals_in_au: keep Vitals within jurisdiction == AU;"),
            FakeResponse.Priv("intent au: keep Vitals within jurisdiction in {AU};"),
            FakeResponse.Priv("intent au_vitals: keep data tagged PHI within jurisdiction == AU;"));

        var run = Translate(server, "--samples", "3", "--seed", "5");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("intent vitals_in_au: keep Vitals within jurisdiction == AU;", File.ReadAllText(Output), StringComparison.Ordinal);
        Assert.Contains("3 round(s) over 3 samples", run.Out, StringComparison.Ordinal);
        var bodies = server.Requests.Select(r => r.Json).ToList();
        Assert.Equal([5L, 6L, 7L], bodies.Select(b => b.GetProperty("seed").GetInt64()));
        Assert.All(bodies, b => Assert.Equal(0.7, b.GetProperty("temperature").GetDouble(), 3));
    }

    [Fact]
    [CoversDiagnostic("PRIV7019")]
    public void Samples_DifferingOnSomeTopology_AreShownSideBySideAndNothingIsWritten()
    {
        // `!= SG` equals `== AU` on hospital-au (it has only these two jurisdictions), not on every topology.
        using var server = new FakeChatServer(
            FakeResponse.Priv("intent vitals_in_au: keep Vitals within jurisdiction == AU;"),
            FakeResponse.Priv("intent not_sg: keep Vitals within jurisdiction != SG;"),
            FakeResponse.Priv("intent au: keep Vitals within jurisdiction in {AU};"));

        var run = Translate(server, "--samples", "3", "--temperature", "1");

        Assert.Equal(6, run.ExitCode);
        Assert.Contains("reading 1 (2 of 3 samples):", run.Error, StringComparison.Ordinal);
        Assert.Contains("reading 2 (1 of 3 samples):", run.Error, StringComparison.Ordinal);
        Assert.Contains("  | intent not_sg: keep Vitals within jurisdiction != SG;", run.Error, StringComparison.Ordinal);
        Assert.Contains("error PRIV7019: the 3 samples give 2 readings", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Output));
        Assert.All(server.Requests, r => Assert.Equal(1.0, r.Json.GetProperty("temperature").GetDouble(), 3));
    }

    [Fact]
    public void Samples_OneDeclines_IsADisagreement()
    {
        using var server = new FakeChatServer(
            FakeResponse.Priv("intent vitals_in_au: keep Vitals within jurisdiction == AU;"),
            FakeResponse.Completion("UNSUPPORTED: residency cannot be stated"));

        var run = Translate(server, "--samples", "2");

        Assert.Equal(6, run.ExitCode);
        Assert.Contains("reading 2 (1 of 2 samples): the request cannot be stated", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Output));
    }

    [Fact]
    public void Samples_OutOfRange_IsAUsageError()
    {
        using var server = new FakeChatServer();
        var run = Translate(server, "--samples", "11");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--samples must be from 1 to 10, not 11", run.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    public void Dispose() => folder.Delete(recursive: true);
}
