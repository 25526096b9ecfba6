using System.Collections.Immutable;
using System.CommandLine;
using Privc.Cli.Output;
using Privc.Artifacts.Checking;
using Privc.Diagnostics;
using Privc.Parsing;
using Privc.Report;
using Privc.Text;

namespace Privc.Cli.Commands;

/// <summary>
/// <c>privc check FILE... --topology TOPO --manifests PATH... [--recursive] [--nodes FILE...] [--flows FILE]
/// [--namespace NS] [--placement-only] [--format text|json|sarif|junit]</c>: reconstructs the configuration that deployed
/// artifacts describe (placements and allowed flows from Kubernetes manifests as kubectl would apply them, packet
/// paths by following ONOS flow rules through the topology) and judges it with the independent checker
/// (specs/check.md). Exit 0 compliant (every intent judged and holding), 4 violations (each with its witness and
/// where it is written), 5 something could not be judged, 1 malformed input. No solver is involved.
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
            Description = "What kubectl apply -f would apply: files (any name), folders (their .json, .yaml and .yml files, not subfolders unless --recursive), or '-' for standard input (kustomize build DIR | privc check ... --manifests -).",
        };
        var recursive = new Option<bool>("--recursive", "-R") { Description = "Read the subfolders of manifest folders too, as kubectl apply -R does." };
        var nodes = new Option<string[]>("--nodes")
        {
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
            Description = "Cluster state that is not applied: Node, Namespace and RuntimeClass objects (kubectl get nodes,namespaces -o yaml, or privc's kubernetes/operator/node-setup.yaml once applied).",
        };
        var flows = new Option<string?>("--flows") { Description = "ONOS flow rules: the body of POST /onos/v1/flows or the answer of GET /onos/v1/flows ('-' for standard input). Without it, network conditions are not judged." };
        var groups = new Option<string?>("--groups") { Description = "ONOS groups: privc's onos/groups.json or the answer of GET /onos/v1/groups. With it, GROUP instructions are followed (FAILOVER groups by their first live bucket) and every single device or cable failure on the flows' paths is judged." };
        var ns = new Option<string>("--namespace", "-n") { Description = "The namespace of objects that name none (kubectl's context namespace).", DefaultValueFactory = _ => "default" };
        var placementOnly = new Option<bool>("--placement-only") { Description = "Judge placements and network policy only; without it, intents left unjudged (no --flows) give exit 5." };
        var format = FormatOption.Create("Report format on stdout: text, json (a versioned envelope), sarif (code scanning) or junit (one test case per intent).", "text", "json", "sarif", "junit");
        var report = new Option<string?>("--report") { Description = "Also write an interactive HTML report that draws every violation with its witness to this file." };
        var force = new Option<bool>("--force") { Description = "Replace the --report file even when it is not a report privc wrote (never an input)." };
        var command = new Command("check", "Decide whether Kubernetes manifests and ONOS flow rules satisfy the intents, listing every violation with a witness (a pre-deploy proof check for CI).")
        {
            files, topology, manifests, recursive, nodes, flows, groups, ns, placementOnly, format, report, force, QuietOption.Create(),
        };
        command.SetAction(parse => Run(context, new Request(
            parse.GetValue(files)!, parse.GetValue(topology)!, parse.GetValue(manifests)!, parse.GetValue(recursive), parse.GetValue(nodes) ?? [],
            parse.GetValue(flows), parse.GetValue(ns)!, parse.GetValue(placementOnly), parse.GetValue(report), parse.GetValue(force), parse.GetValue(groups))));
        return command;
    }

    private sealed record Request(string[] Files, string Topology, string[] Manifests, bool Recursive, string[] Nodes, string? Flows, string Namespace, bool PlacementOnly, string? Report = null, bool Force = false, string? Groups = null);

    private static int Run(CliContext context, Request request)
    {
        var limits = InputLimits.FromEnvironment(context.Environment);
        var diagnostics = new List<Diagnostic>();
        string[] paths = [.. request.Files, request.Topology, .. request.Manifests, .. request.Nodes, .. request.Flows is null ? Array.Empty<string>() : [request.Flows], .. request.Groups is null ? Array.Empty<string>() : [request.Groups]];
        if (request.Report is not null && ReportFile.Refusal(request.Report, request.Force, paths) is { } refusal)
        {
            context.Report.Report(context.Error, refusal);
            return ExitCodes.InputError;
        }
        if (!CheckInputs.StdinOnce(request.Manifests.Concat(request.Nodes).Append(request.Flows ?? string.Empty).Append(request.Groups ?? string.Empty), diagnostics))
        {
            context.Report.Report(context.Error, diagnostics);
            return ExitCodes.InputError;
        }
        var progress = context.ProgressWriter();
        progress?.Stage("reading the intents and the topology");
        var front = FrontEnd.Load(request.Files, request.Topology, limits);
        diagnostics.AddRange(front.Diagnostics);
        progress?.Stage("reading the manifests" + (request.Flows is null ? string.Empty : " and the flow rules"));
        var inputs = new CheckInputs(context, limits, diagnostics);
        var manifests = inputs.Manifests(request.Manifests, request.Recursive);
        var clusterState = request.Nodes.Select(inputs.File).OfType<SourceText>().ToList();
        var flows = request.Flows is null ? null : inputs.File(request.Flows);
        var groupsFile = request.Groups is null ? null : inputs.File(request.Groups);
        if (front.Compilation is not { Program: { } program } compilation || diagnostics.Any(d => d.IsError))
        {
            progress?.Finish();
            context.Report.Report(context.Error, diagnostics.Distinct().Order().ToList());
            return ExitCodes.InputError;
        }
        progress?.Stage(request.Flows is null ? "judging placements and network policy" : "judging placements, network policy and flow rules");
        var verdict = ArtifactChecker.Check(program, compilation.Topology, new ArtifactInputs(manifests, flows)
        {
            ClusterState = clusterState,
            Groups = groupsFile,
            PlacementOnly = request.PlacementOnly,
            DefaultNamespace = request.Namespace,
            IntentFiles = request.Files,
            InputFindings = diagnostics.Where(DiagnosticCatalogue.IsCannotJudge).ToList(),
        });
        progress?.Finish();
        context.Report.Report(context.Error, diagnostics.Concat(verdict.Diagnostics).Distinct().Order().ToList());
        if (verdict.HasErrors)
        {
            return ExitCodes.InputError;
        }
        var report = new CheckReportWriter(program, verdict, manifests.Count, request.Flows);
        if (context.Report.IsText)
        {
            context.Out.Write(report.Text());
        }
        // Machine formats are written by CliApplication once the command returns: the report's fields follow the envelope's.
        context.Report.Result = System.Text.Json.Nodes.JsonNode.Parse(report.Json())!.AsObject();
        context.Report.Outcome = verdict.Status switch
        {
            ArtifactStatus.Compliant => "compliant",
            ArtifactStatus.Violations => "violations",
            _ => "not judged",
        };
        var intents = program.Intents.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var violation in verdict.Violations)
        {
            // Located at the intent when there is one, and at the objects or rules where the violation is written.
            var written = verdict.LocationsOf(violation).Select(l => Output.FindingLocation.Of(l, "written here")).ToImmutableArray();
            var at = intents.TryGetValue(violation.Intent, out var intent) ? Output.FindingLocation.Of(intent.Location) : written.FirstOrDefault();
            context.Report.Add(new Output.Finding(DiagnosticCatalogue.Codes.IntentViolated.Code, DiagnosticCatalogue.Codes.IntentViolated.Severity, $"{violation.Intent}: {violation.Message}", at, written));
        }
        if (request.Report is not null)
        {
            if (ReportFile.Write(request.Report, HtmlReport.Render(ReportInputs.FromCheck(program, compilation.Topology, verdict))) is { } failure)
            {
                context.Report.Report(context.Error, failure);
                return ExitCodes.InputError;
            }
            context.Error.WriteLine($"wrote report {request.Report}");
        }
        return verdict.Status switch
        {
            ArtifactStatus.Compliant => ExitCodes.Success,
            ArtifactStatus.Violations => ExitCodes.Violations,
            ArtifactStatus.NotJudged => ExitCodes.NotJudged,
            _ => ExitCodes.InputError,
        };
    }
}
