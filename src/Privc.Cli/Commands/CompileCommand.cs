using System.CommandLine;
using Privc.Compiler;
using Privc.Diagnostics;
using Privc.Parsing;
using Privc.Text;
using Privc.Topology;

namespace Privc.Cli.Commands;

/// <summary><c>privc compile FILE... --topology TOPO [--out DIR] [--timeout SECONDS]</c></summary>
internal static class CompileCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "Intent files (.priv)." };
        var topology = new Option<string>("--topology") { Required = true, Description = "Topology file (YAML)." };
        var output = new Option<string>("--out") { Description = "Output folder (default: out).", DefaultValueFactory = _ => "out" };
        var timeout = new Option<int>("--timeout") { Description = "Solver time limit in seconds.", DefaultValueFactory = _ => 60 };
        var command = new Command("compile", "Compile intents against a topology into a proven plan, Kubernetes manifests and ONOS flow rules.")
        {
            files, topology, output, timeout,
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
        context.Out.WriteLine($"checked {program.Services.Length} services, {program.Flows.Length} flows, {program.Intents.Length} intents and {program.Objectives.Length} objectives against topology '{front.Compilation.Topology.Name}' ({front.Compilation.Topology.Nodes.Length} nodes, {front.Compilation.Topology.Devices.Length} devices, {front.Compilation.Topology.Links.Length} links)");
        var problem = Privc.SmtEncoding.Encoder.Encode(program, front.Compilation.Topology);
        if (context.Environment("PRIVC_DUMP_SMT") is { } dump)
        {
            File.WriteAllText(dump, problem.Script + "(check-sat-assuming (" + string.Join(" ", problem.Guards.Values) + "))\n(get-value (" + string.Join(" ", problem.ModelTerms) + "))\n");
        }
        context.Out.WriteLine(problem.Statistics.ToString());
        return ExitCodes.Success;
    }
}
