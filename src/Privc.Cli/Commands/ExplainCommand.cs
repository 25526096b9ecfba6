using System.CommandLine;
using Privc.Cli.Output;
using System.Text.Json.Nodes;
using Privc.Parsing;
using Privc.Verification.Explanation;

namespace Privc.Cli.Commands;

/// <summary><c>privc explain FILE... --topology TOPO</c>: the program in plain English, deterministically (no LLM).</summary>
internal static class ExplainCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "Intent files (.priv)." };
        var topology = new Option<string>("--topology") { Required = true, Description = "Topology file (YAML)." };
        var format = FormatOption.Create("the whole explanation and one sentence per intent");
        var command = new Command("explain", "Describe every declaration, intent and objective in plain English, as the compiler understands them.")
        {
            files, topology, format,
        };
        command.SetAction(parse => Run(context, parse.GetValue(files)!, parse.GetValue(topology)!));
        return command;
    }

    private static int Run(CliContext context, string[] files, string topologyPath)
    {
        var front = FrontEnd.Load(files, topologyPath, InputLimits.FromEnvironment(context.Environment));
        context.Report.Report(context.Error, front.Diagnostics);
        if (front.Compilation is not { Program: { } program })
        {
            return ExitCodes.InputError;
        }
        var english = new ProgramInEnglish(program);
        var text = english.Explain();
        if (context.Report.IsText)
        {
            context.Out.Write(text);
        }
        context.Report.Result = new JsonObject
        {
            ["text"] = text,
            ["intents"] = new JsonArray([.. program.Intents.Select(i => (JsonNode)new JsonObject
            {
                ["name"] = i.Name,
                ["kind"] = i.Kind,
                ["location"] = i.Location.Display,
                ["english"] = english.ExplainIntent(i),
            })]),
        };
        return ExitCodes.Success;
    }
}
