using System.Text.Json.Nodes;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Llm;

/// <summary>
/// translate's back-translation and confirmation, through the command line with scripted standard input against the
/// local OpenAI-compatible server: the review names the concrete nodes, devices and links each intent selects; a
/// yes writes, a no or the end of input writes nothing (PRIV7021, exit 6); --yes never asks; --non-interactive, or
/// input that is not a terminal, never reads an answer and exits 6 (PRIV7023, or PRIV7019 for a choice between
/// readings) with nothing written.
/// </summary>
public sealed class TranslateConsentTests : IDisposable
{
    private const string Request = "Patient vitals must never leave Australia and must only cross encrypted links.";
    private const string Good = "intent vitals_stay_in_au: keep Vitals within jurisdiction == AU over links where encrypted;";
    private const string NodesLine =
        "nodes where jurisdiction == AU, for services ingest (2 replicas), triage (2 replicas), anonymiser (1 replica): allows cloud-syd-1, cloud-syd-2, edge-mel-1, edge-syd-1, edge-syd-2 (5 of 6 nodes); excludes cloud-sg-1";
    private const string DevicesLine =
        "devices where jurisdiction == AU, on the routes of flows vitals_feed (ingest -> triage), to_anonymiser (triage -> anonymiser): allows s1, s2, s3, s4, s5, s7 (6 of 7 devices); excludes s6";

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("privc-consent-");

    private string Output => Path.Combine(folder.FullName, "vitals.priv");

    private string Question => $"write {Output}? [y/N] ";

    private CliRun Translate(FakeChatServer server, ScriptedInput input, params string[] extra) => LlmCliRunner.Run(
        new Dictionary<string, string> { ["OPENAI_BASE_URL"] = server.Endpoint, ["OPENAI_API_KEY"] = "sk-consent", ["PRIVC_MODEL"] = "gpt-test" },
        input,
        ["translate", Request, "--topology", Path.Combine(TestPaths.Examples, "hospital-au", "topology.yaml"),
         "--context", Path.Combine(BenchmarkFiles.Root, "contexts", "hospital-au.priv"), "--out", Output, .. extra]);

    private static ScriptedInput Terminal(string answers) => new(answers, isTerminal: true);

    [Fact]
    public void Confirm_AnsweredYes_ShowsWhatTheIntentSelectsThenWrites()
    {
        using var server = new FakeChatServer(FakeResponse.Priv(Good));
        var run = Translate(server, Terminal("y\n"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(Good, File.ReadAllText(Output), StringComparison.Ordinal);
        Assert.Contains("vitals_stay_in_au: Vitals (restricted; PHI, PII) stays on nodes and network devices where jurisdiction is AU", run.Out, StringComparison.Ordinal);
        Assert.Contains("On topology hospital-au (6 nodes, 7 devices, 8 links):\n  vitals_stay_in_au:\n    " + NodesLine + "\n    " + DevicesLine + "\n", run.Out, StringComparison.Ordinal);
        Assert.Contains("excludes s3<->s5, s5<->s6, s7<->s5", run.Out, StringComparison.Ordinal);
        Assert.Contains(Question, run.Error, StringComparison.Ordinal);
        // The review comes before the file is written, and says so.
        Assert.True(run.Out.IndexOf(NodesLine, StringComparison.Ordinal) < run.Out.IndexOf("wrote " + Output, StringComparison.Ordinal));
    }

    /// <summary>The review the README shows is the one translate prints for its example request.</summary>
    [Fact]
    public void Confirm_ReadmeReview_IsWhatTranslatePrints()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
        var start = readme.IndexOf("Before anything is written", StringComparison.Ordinal);
        Assert.True(start >= 0, "the README does not show translate's review");
        var open = readme.IndexOf("```\n", start, StringComparison.Ordinal) + 4;
        var block = readme[open..readme.IndexOf("```", open, StringComparison.Ordinal)];
        using var server = new FakeChatServer(FakeResponse.Priv(Good));

        var run = Translate(server, Terminal("n\n"));

        Assert.Contains(block, run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("n\n", "the answer was no")]
    [InlineData("\n", "the answer was no")]
    [InlineData("", "standard input ended before an answer")]
    [InlineData("what?\nperhaps\nlater\ny\n", "the answer was no")]
    [CoversDiagnostic("PRIV7021")]
    public void Confirm_NotAnsweredYes_WritesNothingAndExits6(string answers, string why)
    {
        using var server = new FakeChatServer(FakeResponse.Priv(Good));
        var run = Translate(server, Terminal(answers));

        Assert.Equal(6, run.ExitCode);
        Assert.Contains($"error PRIV7021: the translation was not confirmed ({why}); {Output} was not written", run.Error, StringComparison.Ordinal);
        Assert.Contains(NodesLine, run.Out, StringComparison.Ordinal);
        Assert.Empty(folder.EnumerateFileSystemInfos());
    }

    [Fact]
    public void Confirm_UnclearAnswerThenYes_AsksAgainAndWrites()
    {
        using var server = new FakeChatServer(FakeResponse.Priv(Good));
        var run = Translate(server, Terminal("sure\nYES\n"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("please answer y or n", run.Error, StringComparison.Ordinal);
        Assert.Equal(2, run.Error.Split(Question).Length - 1);
        Assert.True(File.Exists(Output));
    }

    [Fact]
    public void Confirm_Yes_WritesWithoutAskingAndStillPrintsTheReview()
    {
        using var server = new FakeChatServer(FakeResponse.Priv(Good));
        var input = Terminal("n\n");
        var run = Translate(server, input, "--yes");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(0, input.Reads);
        Assert.DoesNotContain("[y/N]", run.Error, StringComparison.Ordinal);
        Assert.Contains(NodesLine, run.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Output));
    }

    [Fact]
    [CoversDiagnostic("PRIV7023")]
    public void Confirm_NonInteractive_NeverReadsAnAnswerAndWritesNothing()
    {
        using var server = new FakeChatServer(FakeResponse.Priv(Good));
        var input = Terminal("y\n");
        var run = Translate(server, input, "--non-interactive");

        Assert.Equal(6, run.ExitCode);
        Assert.Equal(0, input.Reads);
        Assert.Contains($"error PRIV7023: {Output} is written only when confirmed, and privc cannot ask (--non-interactive); nothing was written", run.Error, StringComparison.Ordinal);
        Assert.Contains(NodesLine, run.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(Output));
    }

    [Fact]
    public void Confirm_InputNotATerminal_IsNonInteractive()
    {
        using var server = new FakeChatServer(FakeResponse.Priv(Good));
        var input = new ScriptedInput("y\n", isTerminal: false);
        var run = Translate(server, input);

        Assert.Equal(6, run.ExitCode);
        Assert.Equal(0, input.Reads);
        Assert.Contains("privc cannot ask (standard input is not a terminal)", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Output));
    }

    /// <summary>
    /// The real default, in a real process: piped standard input is not a terminal, so the "y" piped in ahead of the
    /// review is never taken for a confirmation.
    /// </summary>
    [Fact]
    public async Task Confirm_RealProcessWithPipedInput_DoesNotTakeThePipedAnswer()
    {
        using var server = new FakeChatServer(FakeResponse.Priv(Good));
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var part in new[] { Path.Combine(AppContext.BaseDirectory, "privc.dll"), "translate", Request,
            "--topology", Path.Combine(TestPaths.Examples, "hospital-au", "topology.yaml"),
            "--context", Path.Combine(BenchmarkFiles.Root, "contexts", "hospital-au.priv"), "--out", Output })
        {
            start.ArgumentList.Add(part);
        }
        start.Environment["OPENAI_BASE_URL"] = server.Endpoint;
        start.Environment["OPENAI_API_KEY"] = "sk-consent";
        start.Environment["PRIVC_MODEL"] = "gpt-test";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = System.Diagnostics.Process.Start(start)!;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.StandardInput.WriteAsync("y\n");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var error = process.StandardError.ReadToEndAsync(limit.Token);
        await process.WaitForExitAsync(limit.Token);
        var (stdout, stderr) = (await output, await error);

        Assert.True(process.ExitCode == 6, stderr);
        Assert.Contains("error PRIV7023", stderr, StringComparison.Ordinal);
        Assert.Contains("(standard input is not a terminal)", stderr, StringComparison.Ordinal);
        Assert.Contains(NodesLine, stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Output));
    }

    [Fact]
    public void Confirm_NonInteractiveAndYes_Writes()
    {
        using var server = new FakeChatServer(FakeResponse.Priv(Good));
        var run = Translate(server, new ScriptedInput(string.Empty, isTerminal: false), "--non-interactive", "--yes");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.True(File.Exists(Output));
    }

    [Fact]
    public void Confirm_JsonNotConfirmed_IsAnEnvelopeWithTheReviewAndNothingWritten()
    {
        using var server = new FakeChatServer(FakeResponse.Priv(Good));
        var run = Translate(server, Terminal(string.Empty), "--non-interactive", "--format", "json");

        Assert.Equal(6, run.ExitCode);
        var json = JsonNode.Parse(run.Out)!;
        Assert.Equal("not confirmed", (string?)json["outcome"]);
        Assert.Equal(6, (int?)json["exitCode"]);
        Assert.Equal("PRIV7023", (string?)json["diagnostics"]![0]!["code"]);
        Assert.False((bool?)json["written"]);
        var intent = Assert.Single(json["intents"]!.AsArray())!;
        Assert.Equal(NodesLine, (string?)intent["selects"]![0]);
        Assert.Contains(Good, (string?)json["dsl"], StringComparison.Ordinal);
        Assert.False(File.Exists(Output));
    }

    [Fact]
    public void Confirm_JsonAtATerminal_AsksOnStandardErrorAndKeepsStandardOutputJson()
    {
        using var server = new FakeChatServer(FakeResponse.Priv(Good));
        var run = Translate(server, Terminal("y\n"), "--format", "json");

        Assert.True(run.ExitCode == 0, run.Error);
        var json = JsonNode.Parse(run.Out)!;
        Assert.Equal("translated", (string?)json["outcome"]);
        Assert.True((bool?)json["written"]);
        Assert.Contains(NodesLine, run.Error, StringComparison.Ordinal);
        Assert.Contains(Question, run.Error, StringComparison.Ordinal);
    }

    // `!= SG` equals `== AU` on hospital-au, not on every topology: two readings.
    private static FakeChatServer Disagreeing() => new(
        FakeResponse.Priv("intent vitals_in_au: keep Vitals within jurisdiction == AU;"),
        FakeResponse.Priv("intent not_sg: keep Vitals within jurisdiction != SG;"));

    [Fact]
    public void Samples_Disagreeing_ThePersonChoosesAReadingThenConfirmsIt()
    {
        using var server = Disagreeing();
        var run = Translate(server, Terminal("2\ny\n"), "--samples", "2");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("reading 2 (1 of 2 samples):", run.Error, StringComparison.Ordinal);
        Assert.Contains("which reading does the request mean? [1-2, or n for none] ", run.Error, StringComparison.Ordinal);
        Assert.Contains(Question, run.Error, StringComparison.Ordinal);
        Assert.Contains("intent not_sg: keep Vitals within jurisdiction != SG;", File.ReadAllText(Output), StringComparison.Ordinal);
        Assert.Contains("nodes where jurisdiction != SG", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Samples_DisagreeingWithYes_TheChoiceIsStillAskedButNotTheConfirmation()
    {
        using var server = Disagreeing();
        var run = Translate(server, Terminal("1\n"), "--samples", "2", "--yes");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.DoesNotContain("[y/N]", run.Error, StringComparison.Ordinal);
        Assert.Contains("intent vitals_in_au: keep Vitals within jurisdiction == AU;", File.ReadAllText(Output), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("n\n", "no reading was chosen")]
    [InlineData("3\n0\nfirst\n", "no reading was chosen")]
    [InlineData("", "standard input ended before an answer")]
    public void Samples_DisagreeingAndNoneChosen_WritesNothing(string answers, string why)
    {
        using var server = Disagreeing();
        var run = Translate(server, Terminal(answers), "--samples", "2");

        Assert.Equal(6, run.ExitCode);
        Assert.Contains($"error PRIV7021: the translation was not confirmed ({why})", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Output));
    }

    [Fact]
    public void Samples_DisagreeingNonInteractive_NeverAsksAndExits6()
    {
        using var server = Disagreeing();
        var input = Terminal("1\ny\n");
        var run = Translate(server, input, "--samples", "2", "--non-interactive", "--yes");

        Assert.Equal(6, run.ExitCode);
        Assert.Equal(0, input.Reads);
        Assert.Contains("error PRIV7019: the 2 samples give 2 readings", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Output));
    }

    public void Dispose() => folder.Delete(recursive: true);
}
