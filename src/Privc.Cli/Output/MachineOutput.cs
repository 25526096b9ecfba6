using System.Text.Json.Nodes;
using Privc.Text;

namespace Privc.Cli.Output;

/// <summary>
/// The JSON every command writes with <c>--format json</c>, whatever the outcome: a versioned envelope (schema
/// version, command, outcome, exit code, every diagnostic) followed by the command's own result fields.
/// specs/output.md documents it; <see cref="SchemaVersion"/> changes only when a field changes meaning or goes.
/// </summary>
internal static class MachineOutput
{
    public const int SchemaVersion = 1;

    public static string Json(CommandReport report, int exitCode)
    {
        var json = new JsonObject
        {
            ["schemaVersion"] = SchemaVersion,
            ["command"] = report.Command,
            ["outcome"] = report.Outcome ?? Outcome(exitCode),
            ["exitCode"] = exitCode,
            ["diagnostics"] = new JsonArray([.. report.Diagnostics.Distinct().Order().Select(d => (JsonNode)DiagnosticJson.Write(d))]),
        };
        foreach (var (name, value) in report.Result ?? [])
        {
            if (json.ContainsKey(name))
            {
                throw new InvalidOperationException($"privc bug: the result of '{report.Command}' redefines the envelope's field '{name}'");
            }
            json[name] = value?.DeepClone();
        }
        return JsonText.Write(w => json.WriteTo(w));
    }

    /// <summary>The outcome named after the exit code, for commands that name none of their own.</summary>
    public static string Outcome(int exitCode) => exitCode switch
    {
        ExitCodes.Success => "success",
        ExitCodes.InputError => "invalid input",
        ExitCodes.Unsatisfiable => "unsatisfiable",
        ExitCodes.Undecided => "undecided",
        ExitCodes.Violations => "violations",
        ExitCodes.NotJudged => "not judged",
        ExitCodes.NotConfirmed => "not confirmed",
        ExitCodes.DeployIncomplete => "incomplete",
        _ => "exit " + exitCode,
    };
}
