using System.CommandLine;
using Privc.Artifacts.Emit;
using Privc.Diagnostics;
using Privc.Report;

namespace Privc.Cli.Commands;

/// <summary>
/// <c>privc report OUT FILE... --topology TOPO [--colour-by KEY]</c>: reads a compile output folder back (plan.json
/// and certificate/), judges the plan again with the independent checker against the intents and topology given,
/// and adds <c>report.html</c> to the folder (rewritten as a whole, so it stays privc's own output). Exit 0 when the
/// plan satisfies the intents, 4 when it does not (the report then draws the violations), 1 for input errors.
/// </summary>
internal static class ReportCommand
{
    public const string FileName = "report.html";

    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("OUT") { Description = "Output folder of privc compile (holds plan.json and certificate/)." };
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "The intent files (.priv) the plan was compiled from." };
        var topology = new Option<string>("--topology") { Required = true, Description = "The topology file (YAML) the plan was compiled against." };
        var colourBy = new Option<string?>("--colour-by") { Description = "Node label that colours the map at first (default: jurisdiction; the page lets the reader pick any)." };
        var command = new Command("report", "Write OUT/report.html: an interactive, self-contained report of a compiled plan (map, routes, intents, certificate).")
        {
            folder, files, topology, colourBy,
        };
        command.SetAction(parse => Run(context, parse.GetValue(folder)!, parse.GetValue(files)!, parse.GetValue(topology)!, parse.GetValue(colourBy)));
        return command;
    }

    private static int Run(CliContext context, string folder, string[] files, string topologyPath, string? colourBy)
    {
        if (!Directory.Exists(folder))
        {
            context.Error.WriteLine(DiagnosticFormatter.Format(DiagnosticCatalogue.PlanMissing(folder, "the folder does not exist")));
            return ExitCodes.InputError;
        }
        var front = FrontEnd.Load(files, topologyPath);
        front.Report(context.Error);
        if (front.Compilation is not { Program: { } program } compilation)
        {
            return ExitCodes.InputError;
        }
        var (reading, problems) = OutputReader.Read(folder, compilation.Topology);
        if (reading is null)
        {
            FrontEnd.Report(context.Error, problems);
            return ExitCodes.InputError;
        }
        if (OutputFolder.ForeignFiles(folder) is { Count: > 0 } foreign)
        {
            // Rewriting the folder would adopt these files as privc's own; refuse instead.
            context.Error.WriteLine(DiagnosticFormatter.Format(DiagnosticCatalogue.ReportFolderNotOwned(folder, foreign.Count, string.Join(", ", foreign.Take(5).Select(f => $"'{f}'")))));
            return ExitCodes.InputError;
        }
        var input = ReportInputs.FromOutput(program, compilation.Topology, reading);
        var html = HtmlReport.Render(input, colourBy);
        var bundle = reading.Files.With(FileName, html);
        if (OutputFolder.Write(folder, bundle, OutputPolicy.For([.. files, topologyPath], force: false)) is { } failure)
        {
            context.Error.WriteLine(DiagnosticFormatter.Format(failure));
            return ExitCodes.InputError;
        }
        context.Out.WriteLine($"wrote {Path.Combine(folder, FileName)}: {(input.Outcome == ReportOutcome.Proven ? "the plan satisfies every intent" : $"the plan violates {input.Violations.Length} condition(s); the report draws each with its witness")}");
        return input.Outcome == ReportOutcome.Proven ? ExitCodes.Success : ExitCodes.Violations;
    }
}
