using System.CommandLine;
using System.CommandLine.Parsing;
using Privc.Cli.Commands;
using Privc.Cli.Output;
using Privc.Diagnostics;

namespace Privc.Cli;

/// <summary>Builds the command tree and runs one invocation. Usage errors exit with code 1 and a PRIV0006 diagnostic.</summary>
internal static class CliApplication
{
    public static int Run(string[] args, CliContext context)
    {
        var report = new CommandReport();
        context = context with { Report = report };
        var root = new RootCommand("privc: a privacy policy compiler for the cloud-edge continuum. Compiles privacy intents to proven Kubernetes manifests and ONOS flow rules.")
        {
            CompileCommand.Create(context),
            ReplanCommand.Create(context),
            WatchCommand.Create(context),
            CheckCommand.Create(context),
            CertifyCommand.Create(context),
            ReportCommand.Create(context),
            DeployCommand.Create(context),
            TopologyCommand.Create(context),
            FmtCommand.Create(context),
            ExplainCommand.Create(context),
            TranslateCommand.Create(context),
            EvalCommand.Create(context),
            LspCommand.Create(context),
            GrammarCommand.Create(context),
        };
        var parse = root.Parse(args);
        report.Command = CommandName(parse.CommandResult);
        report.Format = FormatOf(parse);
        report.Quiet = parse.CommandResult.Command.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == "--quiet") is { } quiet
            && !parse.Errors.Any() && parse.GetValue(quiet);
        var errors = UsageErrors.Find(parse);
        if (errors.Count > 0)
        {
            foreach (var error in errors.Distinct())
            {
                report.Report(context.Error, error);
            }
            context.Error.WriteLine($"Run 'privc {(parse.CommandResult.Command is RootCommand ? string.Empty : report.Command + " ")}--help' for usage.");
            return Finish(context, report, ExitCodes.InputError);
        }
        var exit = parse.Invoke(new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false });
        return Finish(context, report, exit);
    }

    /// <summary>Machine formats are written here, once the command has run, so they exist for every outcome.</summary>
    private static int Finish(CliContext context, CommandReport report, int exit)
    {
        switch (report.Format)
        {
            case "json":
                context.Out.Write(MachineOutput.Json(report, exit));
                break;
            case "sarif":
                context.Out.Write(Sarif.Write(report, exit));
                break;
            case "junit":
                context.Out.Write(report.Render is { } render ? render(exit) : JUnit.Write(report, exit));
                break;
        }
        return exit;
    }

    private static string CommandName(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? at = result; at is CommandResult { Command: not RootCommand } command; at = command.Parent)
        {
            names.Insert(0, command.Command.Name);
        }
        return names.Count == 0 ? "privc" : string.Join(' ', names);
    }

    /// <summary>The value of the command's <c>--format</c> when it has one and the value is one privc writes; else text.</summary>
    private static string FormatOf(ParseResult parse)
    {
        var option = parse.CommandResult.Command.Options.OfType<Option<string>>().FirstOrDefault(o => o.Name == "--format");
        var value = option is null ? null : !parse.Errors.Any(e => e.SymbolResult is OptionResult r && r.Option == option) ? parse.GetValue(option) : null;
        return value is "json" or "sarif" or "junit" ? value : "text";
    }
}
