using System.Collections.Immutable;
using System.CommandLine;
using System.Text.Json.Nodes;
using Privc.Artifacts.Emit;
using Privc.Cli.Output;
using Privc.Compiler;
using Privc.Compiler.Replanning;
using Privc.Diagnostics;
using Privc.Parsing;
using Privc.Report;
using Privc.Text;
using Privc.Verification;
using Privc.Verification.Replanning;
using Privc.Verification.Solving;

namespace Privc.Cli.Commands;

/// <summary>
/// <c>privc replan OLD_OUT FILE... --topology TOPO --out NEW_OUT [--force] [--timeout SECONDS] [--z3 PATH]
/// [--strategy decomposed|monolithic] [--format text|json]</c>: a proven plan for the intents and topology as they
/// are now that changes the plan in OLD_OUT as little as possible (specs/semantics.md section 10); writes the changed
/// artifacts, plan.json, the certificate and changes.json.
/// </summary>
internal static class ReplanCommand
{
    public static Command Create(CliContext context)
    {
        var previous = new Argument<string>("OLD_OUT") { Description = "Output folder of an earlier privc compile or replan (its plan.json and certificate)." };
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "Intent files (.priv) as they are now." };
        var topology = new Option<string>("--topology") { Required = true, Description = "Topology file (YAML) as it is now: a link or node gone, labels changed." };
        var output = new Option<string>("--out") { Required = true, Description = "Folder for the changed artifacts, the new plan, its certificate and changes.json; never OLD_OUT." };
        var force = new Option<bool>("--force") { Description = "Replace the output folder even when it holds files privc did not write (never one holding an input)." };
        var timeout = new Option<int>("--timeout") { Description = "Time limit in seconds for the whole verification (default: 60).", DefaultValueFactory = _ => 60 };
        var z3 = new Option<string?>("--z3") { Description = "Path of the z3 binary (else PRIVC_Z3, else PATH)." };
        var strategy = new Option<string>("--strategy") { Description = "Solver: decomposed (the default) or monolithic (the reference).", DefaultValueFactory = _ => "decomposed" };
        strategy.AcceptOnlyFromAmong("decomposed", "monolithic");
        var format = FormatOption.Create("Output on stdout: text or json (the change list and the summary in the versioned envelope).", "text", "json");
        var command = new Command("replan", "Prove a plan for changed intents or topology that moves as few replicas and disturbs as few routes of an earlier plan as possible.")
        {
            previous, files, topology, output, force, timeout, z3, strategy, format, QuietOption.Create(),
        };
        command.SetAction(parse => Run(
            context,
            parse.GetValue(previous)!,
            parse.GetValue(files)!,
            parse.GetValue(topology)!,
            parse.GetValue(output)!,
            parse.GetValue(force),
            parse.GetValue(timeout),
            parse.GetValue(z3),
            parse.GetValue(strategy) == "monolithic" ? VerificationStrategy.Monolithic : VerificationStrategy.Decomposed));
        return command;
    }

    private static int Run(CliContext context, string previous, string[] files, string topologyPath, string outputFolder, bool force, int timeoutSeconds, string? z3Path, VerificationStrategy strategy)
    {
        if (timeoutSeconds < 1)
        {
            context.Report.Report(context.Error, DiagnosticCatalogue.Usage("--timeout must be at least 1 second"));
            return ExitCodes.InputError;
        }
        var limits = InputLimits.FromEnvironment(context.Environment);
        var inputs = Inputs.Load(files, topologyPath, limits);
        context.Report.Report(context.Error, inputs.Diagnostics);
        if (inputs.Compilation is not { Program: { } program } compilation)
        {
            return ExitCodes.InputError;
        }
        var (reading, problems) = OutputReader.Read(previous, compilation.Topology);
        if (reading is null)
        {
            context.Report.Report(context.Error, problems);
            return ExitCodes.InputError;
        }
        var planPath = Path.Combine(previous, "plan.json");
        var at = new SourceLocation(new SourceText(planPath, reading.Files.Files.GetValueOrDefault("plan.json") ?? string.Empty), new TextSpan(0, 0));
        var progress = context.ProgressWriter();
        var options = CompileOptions.WithTimeout(TimeSpan.FromSeconds(timeoutSeconds), z3Path) with
        {
            Limits = limits,
            Strategy = strategy,
            Progress = progress,
        };
        progress?.Stage("replanning against " + planPath);
        var replan = new Replanner(context.Solvers("z3"), options, context.Time)
            .Replan(program, compilation.Topology, inputs.Diagnostics, DisruptionMeasure.ReferenceOf(reading.Plan), reading.Files, at);
        progress?.Finish();
        switch (replan.Result)
        {
            case CompileResult.Proven proven:
                return Write(context, proven, replan, outputFolder, OutputPolicy.For([.. files, topologyPath, planPath], force));
            case CompileResult.Unsatisfiable unsat:
                CompileCommand.ReportUnsatisfiable(context.Error, context.Report, unsat.Verification, null);
                return ExitCodes.Unsatisfiable;
            case CompileResult.Undecided or CompileResult.Rejected:
                return CompileCommand.ReportNotDecided(context, replan.Result);
            default:
                throw new InvalidOperationException($"privc bug: unhandled replan result {replan.Result.GetType().Name}");
        }
    }

    private static int Write(CliContext context, CompileResult.Proven proven, ReplanResult replan, string outputFolder, OutputPolicy policy)
    {
        if (OutputFolder.Write(outputFolder, replan.Emitted!, policy) is { } problem)
        {
            context.Report.Report(context.Error, problem);
            context.Error.WriteLine("nothing was written");
            return ExitCodes.InputError;
        }
        foreach (var objective in proven.Verification.Objectives.Where(o => !o.Proven))
        {
            context.Report.Report(context.Error, objective.Unproven is { } why
                ? DiagnosticCatalogue.TieBreakerNotProven(objective.Objective.Location, objective.Objective.Name, why)
                : DiagnosticCatalogue.OptimumNotProven(objective.Objective.Location, objective.Objective.Name));
        }
        context.Report.Outcome = "proven";
        var written = replan.Emitted!.Files.Keys.Where(f => f != OutputFolder.MarkerName).ToList();
        if (!context.Report.IsText)
        {
            context.Report.Result = new JsonObject
            {
                ["changes"] = JsonNode.Parse(replan.Emitted.Files[Replanner.ChangesFile]),
                ["summary"] = JsonNode.Parse(SummaryWriter.Json(proven.Program, proven.Topology, proven.Verification, outputFolder)),
                ["written"] = new JsonArray([.. written.Select(f => (JsonNode)JsonValue.Create(f)!)]),
            };
        }
        else
        {
            context.Out.Write(ChangeListWriter.Text(replan.Changes!, proven.Verification, replan.WhyMoved));
            var shown = written.Where(f => !f.StartsWith("certificate/", StringComparison.Ordinal)).Append("certificate/").Order(StringComparer.Ordinal);
            context.Out.WriteLine($"wrote {outputFolder}: {string.Join(", ", shown)}");
        }
        return ExitCodes.Success;
    }
}
