using System.CommandLine;
using Privc.Cli.Output;
using System.Text.Json.Nodes;
using Privc.Parsing;
using Privc.Verification.Explanation;

namespace Privc.Cli.Commands;

/// <summary>
/// <c>privc explain FILE... --topology TOPO [--selection]</c>: the program in plain English, deterministically (no
/// LLM); with --selection also what each intent selects on the topology, element by element (translate's review).
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "Intent files (.priv)." };
        var topology = new Option<string>("--topology") { Required = true, Description = "Topology file (YAML)." };
        var selection = new Option<bool>("--selection") { Description = "Also list the nodes, devices and links each intent selects on the topology (always in the JSON result)." };
        var format = FormatOption.Create("the whole explanation and, per intent, one sentence and what it selects on the topology");
        var command = new Command("explain", "Describe every declaration, intent and objective in plain English, as the compiler understands them.")
        {
            files, topology, selection, format,
        };
        command.SetAction(parse => Run(context, parse.GetValue(files)!, parse.GetValue(topology)!, parse.GetValue(selection)));
        return command;
    }

    private static int Run(CliContext context, string[] files, string topologyPath, bool withSelection)
    {
        var front = FrontEnd.Load(files, topologyPath, InputLimits.FromEnvironment(context.Environment));
        context.Report.Report(context.Error, front.Diagnostics);
        if (front.Compilation is not { Program: { } program })
        {
            return ExitCodes.InputError;
        }
        var english = new ProgramInEnglish(program);
        var selection = new TopologySelection(program, front.Compilation.Topology);
        var text = english.Explain();
        if (withSelection && selection.Explain() is { Length: > 0 } selected)
        {
            text += "\n" + selected;
        }
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
                ["selects"] = new JsonArray([.. selection.Of(i).Select(line => (JsonNode)JsonValue.Create(line))]),
            })]),
        };
        return ExitCodes.Success;
    }
}
