using System.CommandLine;
using Privc.Cli.Commands;
using Privc.Diagnostics;

namespace Privc.Cli;

/// <summary>Builds the command tree and runs one invocation. Usage errors exit with code 1 and a PRIV0006 diagnostic.</summary>
public static class CliApplication
{
    public static int Run(string[] args, CliContext context)
    {
        var root = new RootCommand("privc: a privacy policy compiler for the cloud-edge continuum. Compiles privacy intents to proven Kubernetes manifests and ONOS flow rules.")
        {
            CompileCommand.Create(context),
            CheckCommand.Create(context),
            CertifyCommand.Create(context),
            DeployCommand.Create(context),
            TopologyCommand.Create(context),
            FmtCommand.Create(context),
            ExplainCommand.Create(context),
            TranslateCommand.Create(context),
            EvalCommand.Create(context),
            GrammarCommand.Create(context),
        };
        var parse = root.Parse(args);
        var errors = UsageErrors.Find(parse);
        if (errors.Count > 0)
        {
            foreach (var error in errors.Distinct())
            {
                context.Error.WriteLine(DiagnosticFormatter.Format(error));
            }
            context.Error.WriteLine($"Run 'privc {(parse.CommandResult.Command is RootCommand ? string.Empty : parse.CommandResult.Command.Name + " ")}--help' for usage.");
            return ExitCodes.InputError;
        }
        return parse.Invoke(new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false });
    }
}
