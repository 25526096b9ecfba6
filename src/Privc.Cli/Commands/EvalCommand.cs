using Privc.Llm;
using System.Collections.Immutable;
using System.CommandLine;
using Privc.Diagnostics;
using Privc.Artifacts.Emit;
using Privc.Text;
using Privc.Llm.Client;
using Privc.Llm.Evaluation;
using Privc.Verification.Solving;

namespace Privc.Cli.Commands;

/// <summary>
/// <c>privc eval [--benchmark DIR] [--gold] [--case ID...] [--domain D] [--out DIR] [LLM options]</c>: runs the
/// benchmark's cases through translate (or, with --gold, takes the gold DSL as the model's answer), compiles and
/// judges them, prints a markdown table and writes eval.json, eval.md and the answers. With --gold every case
/// must be judged correct (exit 1 otherwise): it is the benchmark's own consistency check.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(CliContext context)
    {
        var benchmark = new Option<string>("--benchmark") { Description = "Benchmark folder (default: specs/benchmark).", DefaultValueFactory = _ => Path.Combine("specs", "benchmark") };
        var gold = new Option<bool>("--gold") { Description = "Answer every case with its gold DSL instead of asking a model (no endpoint needed)." };
        var cases = new Option<string[]>("--case") { Description = "Run only these case ids.", AllowMultipleArgumentsPerToken = true };
        var domain = new Option<string?>("--domain") { Description = "Run only one domain: computing, networking or hybrid." };
        var output = new Option<string>("--out") { Description = "Report folder (default: out/eval).", DefaultValueFactory = _ => Path.Combine("out", "eval") };
        var force = new Option<bool>("--force") { Description = "Replace the report folder even when it holds files privc did not write." };
        var solverTimeout = new Option<int>("--solver-timeout") { Description = "Seconds per solver query.", DefaultValueFactory = _ => 30 };
        var parallel = new Option<int?>("--parallel") { Description = "Cases judged at once (default: the number of processors with --gold, else 1, to spare the endpoint's rate limit)." };
        var record = new Option<string?>("--record") { Description = "Save every exchange with the model to this folder (one ID.json per case), to re-score later with --replay." };
        var replay = new Option<string?>("--replay") { Description = "Re-score a recorded run offline: answer each case with the answers recorded in this folder (no endpoint needed)." };
        var llm = new LlmOptions();
        var command = new Command("eval", "Measure translation accuracy on the benchmark: per domain and difficulty, with repair rounds, tokens and latency.")
        {
            benchmark, gold, cases, domain, output, force, solverTimeout, parallel, record, replay, Output.FormatOption.Create("the evaluation report, as eval.json holds it"), Output.QuietOption.Create(),
        };
        foreach (var option in llm.All)
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, token) => Run(context, parse, llm, parse.GetValue(benchmark)!, parse.GetValue(gold), parse.GetValue(cases) ?? [],
            parse.GetValue(domain), parse.GetValue(output)!, parse.GetValue(force), parse.GetValue(solverTimeout), parse.GetValue(parallel),
            new Recordings(parse.GetValue(record), parse.GetValue(replay)), token));
        return command;
    }

    private static async Task<int> Run(CliContext context, System.CommandLine.ParseResult parse, LlmOptions llm, string root, bool gold, string[] caseIds, string? domain,
        string output, bool force, int solverTimeout, int? parallel, Recordings recordings, CancellationToken cancellationToken)
    {
        void Report(IEnumerable<Diagnostic> diagnostics) => context.Report.Report(context.Error, diagnostics, summary: false);

        if (domain is not null && !Benchmark.Domains.Contains(domain))
        {
            Report([DiagnosticCatalogue.Usage($"--domain must be one of {string.Join(", ", Benchmark.Domains)}, not '{domain}'")]);
            return ExitCodes.InputError;
        }
        if (new[] { gold, recordings.Record is not null, recordings.Replay is not null }.Count(x => x) > 1)
        {
            Report([DiagnosticCatalogue.Usage("--gold, --record and --replay exclude each other")]);
            return ExitCodes.InputError;
        }
        if (parallel is < 1 or > 64)
        {
            Report([DiagnosticCatalogue.Usage($"--parallel must be from 1 to 64, not {parallel}")]);
            return ExitCodes.InputError;
        }
        if (solverTimeout is < 1 or > 3600)
        {
            Report([DiagnosticCatalogue.Usage($"--solver-timeout must be from 1 to 3600 seconds, not {solverTimeout}")]);
            return ExitCodes.InputError;
        }
        var (loaded, loadDiagnostics) = BenchmarkLoader.Load(root);
        Report(loadDiagnostics);
        if (loaded is null)
        {
            return ExitCodes.InputError;
        }
        var unknown = caseIds.Where(id => loaded.Cases.All(c => c.Id != id)).ToList();
        if (unknown.Count > 0)
        {
            Report([DiagnosticCatalogue.Usage($"no case is named {string.Join(", ", unknown.Select(u => $"'{u}'"))}")]);
            return ExitCodes.InputError;
        }
        var selected = loaded.Cases.Where(c => (caseIds.Length == 0 || caseIds.Contains(c.Id)) && (domain is null || c.Domain == domain)).ToList();

        var replayed = new Dictionary<string, CaseRecording>(StringComparer.Ordinal);
        if (recordings.Replay is { } replayFolder)
        {
            var problems = new List<Diagnostic>();
            foreach (var item in selected)
            {
                var (recording, problem) = CaseRecording.Read(replayFolder, item.Id);
                if (recording is null)
                {
                    problems.Add(problem!);
                }
                else
                {
                    replayed[item.Id] = recording;
                }
            }
            if (problems.Count > 0)
            {
                Report(problems);
                return ExitCodes.InputError;
            }
        }
        var replaying = recordings.Replay is not null;
        OpenAIChatModel? model = null;
        LlmSettings? settings = null;
        if (!gold && !replaying)
        {
            Diagnostic? error;
            (settings, error) = llm.Resolve(parse, context);
            if (settings is null)
            {
                Report([error!]);
                return ExitCodes.InputError;
            }
            settings = llm.Constrain(parse, settings, withContext: true);
            model = llm.CreateModel(settings, context);
        }
        using (model)
        {
            var solvers = context.Solvers("z3");
            var options = new EvaluationOptions(
                gold ? 1 : parse.GetValue(llm.MaxRounds),
                new SolverOptions { Timeout = TimeSpan.FromSeconds(solverTimeout) },
                TimeSpan.FromSeconds(solverTimeout * 4),
                parallel ?? (gold ? Environment.ProcessorCount : 1),
                CheckJudge: gold)
            {
                Deadline = gold ? null : llm.DeadlineOf(parse),
            };
            var recorders = new System.Collections.Concurrent.ConcurrentDictionary<string, RecordingChatModel>(StringComparer.Ordinal);
            IChatModel ModelFor(BenchmarkCase item) =>
                gold ? new GoldModel(item.Gold)
                : replaying ? new ReplayChatModel(replayed[item.Id], Path.Combine(recordings.Replay!, item.Id + ".json"))
                : recordings.Record is null ? model!
                : recorders.GetOrAdd(item.Id, id => new RecordingChatModel(model!, id));
            var evaluator = new Evaluator(ModelFor, solvers, options);
            var progress = context.ProgressWriter();
            var judged = 0;
            progress?.Stage($"evaluating {selected.Count} case(s)");
            var results = await evaluator.RunAsync(loaded, selected, result =>
            {
                // A case's line is output, not progress: the live line is cleared first and shown again after it.
                progress?.Finish();
                context.Error.WriteLine($"{result.Id}: {(result.Correct ? "correct" : "NOT correct")} ({result.Outcome.ToString().ToLowerInvariant()}{(result.Equivalence is null ? string.Empty : ", " + result.Equivalence.ToLowerInvariant())})");
                progress?.Stage($"{Interlocked.Increment(ref judged)} of {selected.Count} case(s) judged");
            }, cancellationToken);
            progress?.Finish();
            var (mode, modelName, endpoint) = gold ? ("gold", "gold", "none")
                : replaying ? ("replay", string.Join(", ", replayed.Values.Select(r => r.Model).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)), "replay of " + recordings.Replay)
                : ("model", settings!.Model, settings!.DisplayEndpoint);
            var report = new EvaluationReport(mode, modelName, endpoint, results);
            if (recordings.Record is { } recordFolder)
            {
                var saved = recorders.Values.Aggregate(OutputBundle.Empty, (b, r) => b.With(r.Recording.Case + ".json", r.Recording.ToJson()));
                if (OutputFolder.Write(recordFolder, saved, OutputPolicy.For([root], force)) is { } recordError)
                {
                    Report([recordError]);
                    return ExitCodes.InputError;
                }
            }
            var markdown = ReportWriter.Markdown(report);
            var bundle = OutputBundle.Empty.With("eval.json", ReportWriter.Json(report)).With("eval.md", markdown);
            foreach (var result in report.Cases.Where(r => r.Answer is not null))
            {
                bundle = bundle.With(Path.Combine("answers", result.Id + ".priv"), result.Answer!);
            }
            if (OutputFolder.Write(output, bundle, OutputPolicy.For([root], force)) is { } writeError)
            {
                Report([writeError]);
                return ExitCodes.InputError;
            }
            context.Report.Result = new System.Text.Json.Nodes.JsonObject
            {
                ["output"] = output,
                ["report"] = System.Text.Json.Nodes.JsonNode.Parse(ReportWriter.Json(report)),
            };
            if (context.Report.IsText)
            {
                context.Out.Write(markdown);
                context.Out.WriteLine($"\nwrote {Path.Combine(output, "eval.json")}, {Path.Combine(output, "eval.md")} and the answers in {Path.Combine(output, "answers")}");
            }
            if (gold)
            {
                var failures = report.Cases.Where(c => !c.Correct).ToList();
                Report(failures.Select(f => LlmDiagnostics.GoldCaseFailed(loaded.Cases.First(c => c.Id == f.Id).File, f.Id,
                    $"expected {f.Expected.ToString().ToLowerInvariant()}, got {f.Outcome.ToString().ToLowerInvariant()}: {f.Explanation}{(f.Diagnostics.IsEmpty ? string.Empty : "; " + f.Diagnostics[0])}")));
                return failures.Count == 0 ? ExitCodes.Success : ExitCodes.InputError;
            }
            return ExitCodes.Success;
        }
    }
}

/// <summary>eval's --record and --replay folders (at most one is given).</summary>
internal sealed record Recordings(string? Record, string? Replay);
