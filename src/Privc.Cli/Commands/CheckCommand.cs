using System.CommandLine;
using System.Globalization;
using System.Text;
using Privc.Artifacts.Checking;
using Privc.Diagnostics;
using Privc.Artifacts.Emit;
using Privc.Text;
using Privc.Parsing;
using Privc.Semantics;

namespace Privc.Cli.Commands;

/// <summary>
/// <c>privc check FILE... --topology TOPO --manifests PATH... [--flows FILE] [--format text|json]</c>: reconstructs
/// the configuration that deployed artifacts describe (placements and allowed flows from Kubernetes YAML, packet
/// paths by following ONOS flow rules through the topology) and judges it with the independent checker. Exit 0
/// compliant, 4 violations (each with its witness), 1 malformed input. No solver is involved.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "Intent files (.priv)." };
        var topology = new Option<string>("--topology") { Required = true, Description = "Topology file (YAML)." };
        var manifests = new Option<string[]>("--manifests")
        {
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
            Description = "Kubernetes YAML files, or folders read recursively (*.yaml, *.yml), any mix of documents.",
        };
        var flows = new Option<string?>("--flows") { Description = "ONOS flow rules: the body of POST /onos/v1/flows or the answer of GET /onos/v1/flows. Without it, network paths are not judged." };
        var format = new Option<string>("--format") { Description = "Report format on stdout: text, json (a versioned envelope), sarif (code scanning) or junit (one test case per intent).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "sarif", "junit");
        var command = new Command("check", "Decide whether Kubernetes manifests and ONOS flow rules satisfy the intents, listing every violation with a witness (a pre-deploy proof check for CI).")
        {
            files, topology, manifests, flows, format,
        };
        command.SetAction(parse => Run(context, parse.GetValue(files)!, parse.GetValue(topology)!, parse.GetValue(manifests)!, parse.GetValue(flows), parse.GetValue(format)!));
        return command;
    }

    private static int Run(CliContext context, string[] files, string topologyPath, string[] manifestPaths, string? flowsPath, string format)
    {
        var front = FrontEnd.Load(files, topologyPath);
        var diagnostics = new List<Diagnostic>(front.Diagnostics);
        var manifests = new List<SourceText>();
        foreach (var path in ManifestFiles(manifestPaths, diagnostics))
        {
            var (source, error) = SourceReader.ReadFile(path);
            if (source is null)
            {
                diagnostics.Add(error!);
            }
            else
            {
                manifests.Add(source);
            }
        }
        SourceText? flows = null;
        if (flowsPath is not null)
        {
            var (source, error) = SourceReader.ReadFile(flowsPath);
            flows = source;
            if (error is not null)
            {
                diagnostics.Add(error);
            }
        }
        if (front.Compilation is not { Program: { } program } compilation || diagnostics.Any(d => d.IsError))
        {
            context.Report.Report(context.Error, diagnostics.Distinct().Order().ToList());
            return ExitCodes.InputError;
        }
        var verdict = ArtifactChecker.Check(program, compilation.Topology, manifests, flows);
        context.Report.Report(context.Error, diagnostics.Concat(verdict.Diagnostics).Distinct().Order().ToList());
        if (verdict.HasErrors)
        {
            return ExitCodes.InputError;
        }
        if (context.Report.IsText)
        {
            context.Out.Write(Text(program, verdict, manifests.Count, flowsPath));
        }
        context.Report.Result = System.Text.Json.Nodes.JsonNode.Parse(Json(program, verdict, manifests.Count, flowsPath))!.AsObject();
        context.Report.Outcome = verdict.Compliant ? "compliant" : verdict.Violations.IsEmpty ? "not judged" : "violations";
        var intents = program.Intents.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var violation in verdict.Violations)
        {
            var at = intents.TryGetValue(violation.Intent, out var intent) ? Output.FindingLocation.Of(intent.Location) : null;
            context.Report.Add(new Output.Finding(DiagnosticCatalogue.Codes.IntentViolated.Code, DiagnosticCatalogue.Codes.IntentViolated.Severity, $"{violation.Intent}: {violation.Message}", at, []));
        }
        return verdict.Compliant ? ExitCodes.Success : verdict.Violations.IsEmpty ? ExitCodes.NotJudged : ExitCodes.Violations;
    }

    /// <summary>The YAML files named or below the folders named, each once, in ordinal path order.</summary>
    private static IEnumerable<string> ManifestFiles(string[] paths, List<Diagnostic> diagnostics)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var yaml = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                    .ToList();
                if (yaml.Count == 0)
                {
                    diagnostics.Add(DiagnosticCatalogue.FileNotReadable(path, "the folder holds no .yaml or .yml file"));
                }
                found.UnionWith(yaml);
            }
            else
            {
                found.Add(path);
            }
        }
        return found;
    }

    private static string Text(BoundProgram program, ArtifactVerdict verdict, int manifestFiles, string? flowsPath)
    {
        var text = new StringBuilder();
        var c = verdict.Configuration;
        text.Append(CultureInfo.InvariantCulture, $"read {manifestFiles} manifest file(s): {c.Placements.Length} placed service(s), {c.Allowed.Length} allowed flow(s)");
        text.Append(flowsPath is null
            ? "; no flow rules given, network paths not judged\n"
            : string.Create(CultureInfo.InvariantCulture, $"; {c.Routes.Length} packet path(s) traced through {flowsPath}\n"));
        if (verdict.Compliant)
        {
            text.Append(CultureInfo.InvariantCulture, $"compliant: every one of the {program.Intents.Length} intent(s) holds{(verdict.RoutesJudged ? string.Empty : " for placements and network policy")}\n");
            return text.ToString();
        }
        if (verdict.Violations.IsEmpty)
        {
            text.Append("not judged: no violation found, but privc could not judge everything (see the cannot-judge warnings above)\n");
            return text.ToString();
        }
        var intents = verdict.ViolatedIntents;
        text.Append(CultureInfo.InvariantCulture, $"not compliant: {verdict.Violations.Length} violation(s) of {intents.Length} intent(s) or structural condition(s)\n");
        var byName = program.Intents.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var name in intents)
        {
            text.Append("  ").Append(name);
            if (byName.TryGetValue(name, out var intent))
            {
                text.Append(" (").Append(intent.Location.Display).Append(')');
            }
            text.Append('\n');
            foreach (var violation in verdict.Violations.Where(v => v.Intent == name))
            {
                text.Append("    ").Append(violation.Message).Append('\n');
                if (violation.Witness.Describe() is { Length: > 0 } witness)
                {
                    text.Append("      witness: ").Append(witness).Append('\n');
                }
            }
        }
        return text.ToString();
    }

    private static string Json(BoundProgram program, ArtifactVerdict verdict, int manifestFiles, string? flowsPath) => JsonText.Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("status", verdict.Compliant ? "compliant" : verdict.Violations.IsEmpty ? "not judged" : "violations");
        json.WriteNumber("manifestFiles", manifestFiles);
        if (flowsPath is null)
        {
            json.WriteNull("flows");
        }
        else
        {
            json.WriteString("flows", flowsPath);
        }
        json.WriteBoolean("routesJudged", verdict.RoutesJudged);
        json.WriteStartArray("intents");
        foreach (var intent in program.Intents)
        {
            json.WriteStartObject();
            json.WriteString("name", intent.Name);
            json.WriteString("location", intent.Location.Display);
            json.WriteString("status", verdict.Violations.Any(v => v.Intent == intent.Name) ? "violated" : "holds");
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("violations");
        foreach (var v in verdict.Violations)
        {
            json.WriteStartObject();
            json.WriteString("intent", v.Intent);
            json.WriteString("kind", v.Kind.ToString());
            json.WriteString("message", v.Message);
            json.WritePropertyName("witness");
            v.Witness.WriteJson(json);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });
}
