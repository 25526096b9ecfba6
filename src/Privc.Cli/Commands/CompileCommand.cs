using System.CommandLine;
using Privc.Artifacts;
using Privc.Compiler;
using Privc.Diagnostics;
using Privc.Emit;
using Privc.Semantics;
using Privc.Solving;
using Privc.Topology;

namespace Privc.Cli.Commands;

/// <summary><c>privc compile FILE... --topology TOPO [--out DIR] [--timeout SECONDS] [--z3 PATH] [--format text|json]</c></summary>
internal static class CompileCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "Intent files (.priv)." };
        var topology = new Option<string>("--topology") { Required = true, Description = "Topology file (YAML)." };
        var output = new Option<string>("--out") { Description = "Output folder, replaced as a whole on success (default: out).", DefaultValueFactory = _ => "out" };
        var timeout = new Option<int>("--timeout") { Description = "Time limit in seconds for the whole verification (default: 60).", DefaultValueFactory = _ => 60 };
        var z3 = new Option<string?>("--z3") { Description = "Path of the z3 binary (else PRIVC_Z3, else PATH)." };
        var format = new Option<string>("--format") { Description = "Summary format: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("compile", "Compile intents against a topology into a proven plan, Kubernetes manifests, ONOS flow rules and a certificate.")
        {
            files, topology, output, timeout, z3, format,
        };
        command.SetAction(parse => Run(
            context,
            parse.GetValue(files)!,
            parse.GetValue(topology)!,
            parse.GetValue(output)!,
            parse.GetValue(timeout),
            parse.GetValue(z3),
            parse.GetValue(format)!));
        return command;
    }

    private static int Run(CliContext context, string[] files, string topologyPath, string outputFolder, int timeoutSeconds, string? z3Path, string format)
    {
        if (timeoutSeconds < 1)
        {
            context.Error.WriteLine(DiagnosticFormatter.Format(DiagnosticCatalogue.Usage("--timeout must be at least 1 second")));
            return ExitCodes.InputError;
        }
        var front = FrontEnd.Load(files, topologyPath);
        front.Report(context.Error);
        if (front.Compilation is not { Program: { } program } compilation)
        {
            return ExitCodes.InputError;
        }
        var topology = compilation.Topology;
        var budget = TimeSpan.FromSeconds(timeoutSeconds);
        var solverOptions = new SolverOptions { Timeout = budget, SolverPath = z3Path, Seed = 0 };
        var verifier = new Verifier(program, topology, context.Solvers("z3"), new VerifierOptions(solverOptions, budget));
        var result = verifier.Verify();
        switch (result)
        {
            case VerificationResult.Proven proven:
                return Emit(context, program, topology, proven, outputFolder, format);
            case VerificationResult.Unsatisfiable unsat:
                ReportUnsatisfiable(context.Error, unsat);
                return ExitCodes.Unsatisfiable;
            case VerificationResult.Undecided undecided:
                context.Error.WriteLine(DiagnosticFormatter.Format(DiagnosticCatalogue.FromSolverResult(undecided.Result, $"z3 (while {undecided.Stage})")!));
                context.Error.WriteLine("nothing was written");
                return ExitCodes.Undecided;
            case VerificationResult.Rejected rejected:
                context.Error.WriteLine(DiagnosticFormatter.Format(DiagnosticCatalogue.PlanRejected(rejected.Problem)));
                return ExitCodes.Undecided;
            default:
                throw new InvalidOperationException($"privc bug: unhandled verification result {result.GetType().Name}");
        }
    }

    private static int Emit(CliContext context, BoundProgram program, TopologyModel topology, VerificationResult.Proven proven, string outputFolder, string format)
    {
        var output = DeploymentArtifacts.Build(program, topology, proven);
        FrontEnd.Report(context.Error, output.Diagnostics);
        if (output.Rejection is { } rejection)
        {
            context.Error.WriteLine(DiagnosticFormatter.Format(DiagnosticCatalogue.PlanRejected(rejection)));
            return ExitCodes.Undecided;
        }
        if (output.Bundle is not { } bundle)
        {
            context.Error.WriteLine("nothing was written");
            return ExitCodes.InputError;
        }
        if (AtomicWriter.Write(outputFolder, bundle) is { } problem)
        {
            context.Error.WriteLine(DiagnosticFormatter.Format(DiagnosticCatalogue.OutputNotWritable(outputFolder, problem)));
            return ExitCodes.InputError;
        }
        foreach (var objective in proven.Objectives.Where(o => !o.Proven))
        {
            context.Error.WriteLine(DiagnosticFormatter.Format(DiagnosticCatalogue.OptimumNotProven(objective.Objective.Location, objective.Objective.Name)));
        }
        if (format == "json")
        {
            context.Out.Write(SummaryWriter.Json(program, topology, proven, outputFolder));
        }
        else
        {
            context.Out.Write(SummaryWriter.Text(program, topology, proven));
            context.Out.WriteLine($"wrote {outputFolder}: {string.Join(", ", bundle.Files.Keys.Select(TopLevel).Distinct())}");
        }
        return ExitCodes.Success;
    }

    private static string TopLevel(string path) => path.Contains('/') ? path[..(path.IndexOf('/') + 1)] : path;

    private static void ReportUnsatisfiable(TextWriter error, VerificationResult.Unsatisfiable unsat)
    {
        var first = unsat.Core.IsEmpty ? (Text.SourceLocation?)null : unsat.Core.Min(i => i.Location);
        error.WriteLine(DiagnosticFormatter.Format(DiagnosticCatalogue.Unsatisfiable(first, unsat.Core.Length), withSource: false));
        foreach (var intent in unsat.Core.OrderBy(i => i.Location))
        {
            var (line, _) = intent.Location.Start;
            error.WriteLine($"  {intent.Location.Display}: {intent.Location.Source.GetLine(line).Trim()}");
        }
        foreach (var reason in unsat.Reasons)
        {
            error.WriteLine($"  why: {reason}");
        }
        if (!unsat.Minimal)
        {
            error.WriteLine(DiagnosticFormatter.Format(DiagnosticCatalogue.CoreNotMinimal(first), withSource: false));
        }
        error.WriteLine("nothing was written");
    }
}
