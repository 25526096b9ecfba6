using System.CommandLine;
using System.Text.Json.Nodes;
using Privc.Cli.Output;
using Privc.Compiler;
using Privc.Parsing;
using Privc.Semantics;
using Privc.Verification;
using Privc.Diagnostics;
using Privc.Artifacts.Emit;
using Privc.Text;
using Privc.Verification.Solving;
using Privc.Topology;
using Privc.Report;
using Privc.Cli.Timing;

namespace Privc.Cli.Commands;

/// <summary><c>privc compile FILE... --topology TOPO [--out DIR] [--timeout SECONDS] [--z3 PATH] [--format text|json|sarif] [--strategy decomposed|monolithic] [--route-preference hops|none] [--report FILE] [--timings] [--resilience 0|1]</c></summary>
internal static class CompileCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "Intent files (.priv)." };
        var topology = new Option<string>("--topology") { Required = true, Description = "Topology file (YAML)." };
        var output = new Option<string>("--out") { Description = "Output folder, replaced as a whole on success when it is new, empty or privc's earlier output (default: out).", DefaultValueFactory = _ => "out" };
        var force = new Option<bool>("--force") { Description = "Replace the output folder even when it holds files privc did not write (never one holding an input)." };
        var timeout = new Option<int>("--timeout") { Description = "Time limit in seconds for the whole verification (default: 60).", DefaultValueFactory = _ => 60 };
        var z3 = new Option<string?>("--z3") { Description = "Path of the z3 binary (else PRIVC_Z3, else PATH)." };
        var format = FormatOption.Create("Output on stdout: text, json (the summary, or the diagnostics and the unsat core on failure, in a versioned envelope) or sarif (diagnostics and the unsat core for code scanning).", "text", "json", "sarif");
        var crossCheck = new Option<string?>("--cross-check") { Description = "Replay an unsatisfiable answer's minimal-core obligation with a second solver: cvc5." };
        crossCheck.AcceptOnlyFromAmong("cvc5");
        var cvc5 = new Option<string?>("--cvc5") { Description = "Path of the cvc5 binary for --cross-check (else PRIVC_CVC5, else PATH)." };
        var strategy = new Option<string>("--strategy") { Description = "Solver: decomposed (placements, then routes; the default) or monolithic (one SMT problem; the reference).", DefaultValueFactory = _ => "decomposed" };
        strategy.AcceptOnlyFromAmong("decomposed", "monolithic");
        var routePreference = new Option<string>("--route-preference") { Description = "Tie-breaker among plans equal on the objectives: hops (fewest total hops, then least total latency, proven; the default) or none.", DefaultValueFactory = _ => "hops" };
        routePreference.AcceptOnlyFromAmong("hops", "none");
        var report = new Option<string?>("--report") { Description = "Also write an interactive HTML report of the plan, or of the conflict when the intents are unsatisfiable, to this file (outside --out)." };
        var timings = new Option<bool>("--timings") { Description = "Print on stderr where the time went: process start, each stage, solver sessions (one process each), writing." };
        var resilience = new Option<int>("--resilience") { Description = "Single failures every route must survive: 0 (default) or 1 (every inner device and cable of every route has a compliant backup; decomposed solver only).", DefaultValueFactory = _ => 0 };
        var command = new Command("compile", "Compile intents against a topology into a proven plan, Kubernetes manifests, ONOS flow rules and a certificate.")
        {
            files, topology, output, force, timeout, z3, format, crossCheck, cvc5, strategy, report, timings, resilience, routePreference, QuietOption.Create(),
        };
        command.SetAction(parse => Run(
            context,
            parse.GetValue(files)!,
            parse.GetValue(topology)!,
            parse.GetValue(output)!,
            parse.GetValue(force),
            parse.GetValue(timeout),
            parse.GetValue(z3),
            parse.GetValue(crossCheck),
            parse.GetValue(cvc5),
            parse.GetValue(strategy) == "monolithic" ? VerificationStrategy.Monolithic : VerificationStrategy.Decomposed,
            parse.GetValue(report),
            parse.GetValue(timings),
            parse.GetValue(resilience),
            parse.GetValue(routePreference) == "none" ? RoutePreference.None : RoutePreference.Hops));
        return command;
    }

    private static int Run(CliContext context, string[] files, string topologyPath, string outputFolder, bool force, int timeoutSeconds, string? z3Path, string? crossCheck = null, string? cvc5Path = null, VerificationStrategy strategy = VerificationStrategy.Decomposed, string? reportPath = null, bool timings = false, int resilience = 0, RoutePreference routePreference = RoutePreference.Hops)
    {
        if (!timings)
        {
            return Run(context, files, topologyPath, outputFolder, force, timeoutSeconds, z3Path, crossCheck, cvc5Path, strategy, reportPath, resilience, routePreference, timer: null);
        }
        var timer = new CompileTimer(CompileTimings.SinceProcessStart(), new CountingSolverFactory(context.Solvers("z3")));
        var exit = Run(context with { Solvers = name => name == "z3" ? timer.Solvers : context.Solvers(name) }, files, topologyPath, outputFolder, force, timeoutSeconds, z3Path, crossCheck, cvc5Path, strategy, reportPath, resilience, routePreference, timer);
        if (timer.Result is { } result)
        {
            context.Error.Write(CompileTimings.Format(timer.BeforeMain, result, timer.Write, timer.Solvers.Sessions, CompileTimings.SinceProcessStart()));
        }
        return exit;
    }

    /// <summary>What <c>--timings</c> gathers while a compile runs.</summary>
    private sealed class CompileTimer(TimeSpan beforeMain, CountingSolverFactory solvers)
    {
        public TimeSpan BeforeMain { get; } = beforeMain;

        public CountingSolverFactory Solvers { get; } = solvers;

        public CompileResult? Result { get; set; }

        public TimeSpan Write { get; set; }
    }

    private static int Run(CliContext context, string[] files, string topologyPath, string outputFolder, bool force, int timeoutSeconds, string? z3Path, string? crossCheck, string? cvc5Path, VerificationStrategy strategy, string? reportPath, int resilience, RoutePreference routePreference, CompileTimer? timer)
    {
        if (timeoutSeconds < 1)
        {
            context.Report.Report(context.Error, DiagnosticCatalogue.Usage("--timeout must be at least 1 second"));
            return ExitCodes.InputError;
        }
        if (resilience is not (0 or 1))
        {
            context.Report.Report(context.Error, DiagnosticCatalogue.Usage("--resilience must be 0 or 1 (privc proves routes that survive at most one failure)"));
            return ExitCodes.InputError;
        }
        if (resilience > 0 && strategy == VerificationStrategy.Monolithic)
        {
            context.Report.Report(context.Error, DiagnosticCatalogue.Usage("--resilience needs the decomposed solver: the monolithic encoding does not encode backup routes (specs/encoding.md section 19)"));
            return ExitCodes.InputError;
        }
        if (reportPath is not null && ReportFile.Refusal(reportPath, force, [.. files, topologyPath], outputFolder) is { } refusal)
        {
            context.Report.Report(context.Error, refusal);
            return ExitCodes.InputError;
        }
        var budget = TimeSpan.FromSeconds(timeoutSeconds);
        var progress = context.ProgressWriter();
        var options = CompileOptions.WithTimeout(budget, z3Path) with
        {
            Limits = InputLimits.FromEnvironment(context.Environment),
            Strategy = strategy,
            RoutePreference = routePreference,
            Progress = progress,
            StageStarted = progress is null ? null : progress.Stage,
            Resilience = resilience,
        };
        var compiler = new Privc.Compiler.Compiler(context.Solvers("z3"), options);
        var result = compiler.Compile(files, topologyPath);
        progress?.Finish();
        timer?.Result = result;
        context.Report.Report(context.Error, result.Diagnostics);
        switch (result)
        {
            case CompileResult.Invalid:
                return ExitCodes.InputError;
            case CompileResult.Proven proven:
                if (crossCheck is not null)
                {
                    context.Error.WriteLine($"note: --cross-check replays unsatisfiable answers; to replay this plan's certificate with {crossCheck}, run `privc certify {outputFolder} --solver {crossCheck}`");
                }
                var writing = System.Diagnostics.Stopwatch.GetTimestamp();
                var written = Write(context, proven, outputFolder, OutputPolicy.For([.. files, topologyPath], force));
                timer?.Write = System.Diagnostics.Stopwatch.GetElapsedTime(writing);
                return written == ExitCodes.Success && reportPath is not null ? WriteReport(context, result, reportPath, written) : written;
            case CompileResult.Unsatisfiable unsat:
                ReportUnsatisfiable(context.Error, context.Report, unsat.Verification, reportPath);
                if (reportPath is not null && WriteReport(context, result, reportPath, ExitCodes.Unsatisfiable) != ExitCodes.Unsatisfiable)
                {
                    return ExitCodes.InputError;
                }
                return crossCheck is null ? ExitCodes.Unsatisfiable : CrossCheck(context, unsat.Verification, crossCheck, cvc5Path, budget);
            case CompileResult.Undecided or CompileResult.Rejected:
                return ReportNotDecided(context, result);
            default:
                throw new InvalidOperationException($"privc bug: unhandled compile result {result.GetType().Name}");
        }
    }

    /// <summary>The solver could not decide, or the checker rejected the plan: reported alike by compile and replan, nothing written.</summary>
    internal static int ReportNotDecided(CliContext context, CompileResult result)
    {
        switch (result)
        {
            case CompileResult.Undecided undecided:
                context.Report.Report(context.Error, SolverDiagnostics.FromResult(undecided.Verification.Result, $"z3 (while {undecided.Verification.Stage})")!);
                context.Error.WriteLine("nothing was written");
                return ExitCodes.Undecided;
            case CompileResult.Rejected rejected:
                context.Report.Report(context.Error, DiagnosticCatalogue.PlanRejected(rejected.Problem));
                return ExitCodes.Undecided;
            default:
                throw new InvalidOperationException($"privc bug: {result.GetType().Name} is a decided result");
        }
    }

    private static int Write(CliContext context, CompileResult.Proven proven, string outputFolder, OutputPolicy policy)
    {
        var (program, topology, verification, bundle) = (proven.Program, proven.Topology, proven.Verification, proven.Bundle);
        if (OutputFolder.Write(outputFolder, bundle, policy) is { } problem)
        {
            context.Report.Report(context.Error, problem);
            context.Error.WriteLine("nothing was written");
            return ExitCodes.InputError;
        }
        foreach (var objective in verification.Objectives.Where(o => !o.Proven))
        {
            context.Report.Report(context.Error, objective.Unproven is { } why
                ? DiagnosticCatalogue.TieBreakerNotProven(objective.Objective.Location, objective.Objective.Name, why)
                : DiagnosticCatalogue.OptimumNotProven(objective.Objective.Location, objective.Objective.Name));
        }
        context.Report.Outcome = "proven";
        if (!context.Report.IsText)
        {
            context.Report.Result = JsonNode.Parse(SummaryWriter.Json(program, topology, verification, outputFolder))!.AsObject();
        }
        else
        {
            context.Out.Write(SummaryWriter.Text(program, topology, verification));
            context.Out.WriteLine($"wrote {outputFolder}: {string.Join(", ", bundle.Files.Keys.Where(f => f != OutputFolder.MarkerName).Select(TopLevel).Distinct())}");
        }
        return ExitCodes.Success;
    }

    /// <summary>
    /// Replays the minimal core's unsat obligation (the core's intents asserted, with every declaration) with the
    /// second solver. Agreement keeps exit 2; a disagreement (PRIV4017) or no answer exits 3: the verdict stands
    /// unconfirmed. Nothing is written either way.
    /// </summary>
    private static int CrossCheck(CliContext context, VerificationResult.Unsatisfiable unsat, string solverName, string? solverPath, TimeSpan budget)
    {
        var obligation = unsat.Obligations.LastOrDefault(o => o.Name == "unsatisfiable")
            ?? throw new InvalidOperationException("privc bug: an unsatisfiable answer without its unsat obligation");
        var options = new SolverOptions { Timeout = budget, SolverPath = solverPath, Seed = 0 };
        var outcome = ObligationReplay.Replay(obligation.Script, obligation.Expected, context.Solvers(solverName), options, allowExtensions: false);
        switch (outcome.Status)
        {
            case ReplayStatus.Agree:
                context.Error.WriteLine($"{solverName} confirms: unsat ({outcome.Detail})");
                return ExitCodes.Unsatisfiable;
            case ReplayStatus.Disagree:
                context.Report.Report(context.Error, SolverDiagnostics.Disagree(
                    unsat.SolverName, new CheckResult(SolverOutcome.Unsat), solverName, outcome.Result!));
                return ExitCodes.Undecided;
            default:
                context.Report.Report(context.Error, outcome.Result is { } result && SolverDiagnostics.FromResult(result, $"{solverName} (cross-checking the unsat core)") is { } diagnostic
                    ? diagnostic
                    : DiagnosticCatalogue.ObligationUndecided("unsatisfiable", outcome.Detail));
                return ExitCodes.Undecided;
        }
    }

    private static string TopLevel(string path) => path.Contains('/') ? path[..(path.IndexOf('/') + 1)] : path;

    /// <summary>Writes the report of a proven or unsatisfiable compile; keeps the exit code unless the file cannot be written.</summary>
    private static int WriteReport(CliContext context, CompileResult result, string path, int exitCode)
    {
        var input = ReportInputs.FromCompile(result) ?? throw new InvalidOperationException("privc bug: a report asked for a compile with nothing to draw");
        if (ReportFile.Write(path, HtmlReport.Render(input)) is { } failure)
        {
            context.Report.Report(context.Error, failure);
            return ExitCodes.InputError;
        }
        // Machine output owns standard output; the note then goes to standard error.
        (exitCode == ExitCodes.Success && context.Report.IsText ? context.Out : context.Error).WriteLine($"wrote report {path}");
        return exitCode;
    }

    /// <summary>
    /// Prints the minimal core and why, and keeps it for machine output: in JSON as <c>core</c> (each intent's name
    /// and location), <c>reasons</c> and <c>minimal</c>; in SARIF as one result at the first intent with the others
    /// as related locations.
    /// </summary>
    internal static void ReportUnsatisfiable(TextWriter error, CommandReport report, VerificationResult.Unsatisfiable unsat, string? reportPath)
    {
        var first = unsat.Core.IsEmpty ? (Text.SourceLocation?)null : unsat.Core.Min(i => i.Location);
        var verdict = DiagnosticCatalogue.Unsatisfiable(first, unsat.Core.Length);
        report.Report(error, verdict, withSource: false);
        var core = unsat.Core.OrderBy(i => i.Location).ToList();
        foreach (var intent in core)
        {
            var (line, _) = intent.Location.Start;
            error.WriteLine($"  {intent.Location.Display}: {intent.Location.Source.GetLine(line).Trim()}");
        }
        foreach (var reason in unsat.Reasons)
        {
            error.WriteLine($"  why: {reason}");
        }
        UnprotectedFlows.Report(report, error, unsat);
        report.Outcome = "unsatisfiable";
        report.Add(new Finding(
            verdict.Code,
            verdict.Severity,
            unsat.Reasons.IsEmpty ? verdict.Message : $"{verdict.Message}: {string.Join("; ", unsat.Reasons)}",
            first is { } at ? FindingLocation.Of(at) : null,
            [.. core.Select(i => FindingLocation.Of(i.Location, $"intent {i.Name} is in the conflict"))]));
        report.Result = new JsonObject
        {
            ["core"] = new JsonArray([.. core.Select(i => (JsonNode)new JsonObject
            {
                ["intent"] = i.Name,
                ["kind"] = i.Kind,
                ["location"] = i.Location.Display,
            })]),
            ["reasons"] = new JsonArray([.. unsat.Reasons.Select(r => (JsonNode)JsonValue.Create(r)!)]),
            ["minimal"] = unsat.Minimal,
        };
        if (!unsat.Minimal)
        {
            report.Report(error, DiagnosticCatalogue.CoreNotMinimal(first), withSource: false);
        }
        error.WriteLine(reportPath is null ? "nothing was written" : $"nothing was written but the report, which draws the conflict: {reportPath}");
    }
}
