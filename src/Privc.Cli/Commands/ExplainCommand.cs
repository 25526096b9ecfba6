using System.CommandLine;
using Privc.Verification.Explanation;

namespace Privc.Cli.Commands;

/// <summary><c>privc explain FILE... --topology TOPO</c>: the program in plain English, deterministically (no LLM).</summary>
internal static class ExplainCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "Intent files (.priv)." };
        var topology = new Option<string>("--topology") { Required = true, Description = "Topology file (YAML)." };
        var command = new Command("explain", "Describe every declaration, intent and objective in plain English, as the compiler understands them.")
        {
            files, topology,
        };
        command.SetAction(parse => Run(context, parse.GetValue(files)!, parse.GetValue(topology)!));
        return command;
    }

    private static int Run(CliContext context, string[] files, string topologyPath)
    {
        var front = FrontEnd.Load(files, topologyPath);
        front.Report(context.Error);
        if (front.Compilation is not { Program: { } program })
        {
            return ExitCodes.InputError;
        }
        context.Out.Write(new ProgramInEnglish(program).Explain());
        return ExitCodes.Success;
    }
}
