using System.Collections.Immutable;
using System.CommandLine;
using Privc.Cli.Output;
using System.Text.Json.Nodes;
using System.Globalization;
using System.Text;
using Privc.Diagnostics;
using Privc.Live;
using Privc.Parsing;
using Privc.Text;
using Privc.Topology;
using Privc.Topology.Import;
using Privc.TypeSystem;

namespace Privc.Cli.Commands;

/// <summary>
/// <c>privc topology import GRAPHML --out TOPO [--tiers edge,cloud] [--tier-spec T=CPU,MEMORY[,COST]]...
/// [--default-bandwidth 10Gbps] [--name NAME]</c>: converts an Internet Topology Zoo network into a topology file.
/// Diagnostics go to stderr, a summary to stdout; the file is written (atomically) only when there is no error.
/// </summary>
internal static class TopologyCommand
{
    public static Command Create(CliContext context) => new("topology", "Work with topology files.")
    {
        CreateImport(context),
        CreatePull(context),
    };

    private static Command CreatePull(CliContext context)
    {
        var onos = new Option<string>("--onos") { Required = true, Description = "ONOS base URL, e.g. http://onos:8181." };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Kubeconfig file for the compute nodes (default: KUBECONFIG, else ~/.kube/config)." };
        var kubeContext = new Option<string?>("--context") { Description = "Kubeconfig context (default: its current context)." };
        var output = new Option<string>("--out") { Required = true, Description = "Topology file to write (YAML)." };
        var name = new Option<string?>("--name") { Description = "Topology name (default: the output file name)." };
        var user = new Option<string?>("--onos-user") { Description = "ONOS user (default: ONOS_USER, else onos)." };
        var password = new Option<string?>("--onos-password") { Description = "ONOS password (default: ONOS_PASSWORD, else rocks)." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each server answer (default: 30).", DefaultValueFactory = _ => 30 };
        var command = new Command("pull", "Build a topology file from live ONOS devices, links and hosts and Kubernetes nodes.")
        {
            onos, kubeconfig, kubeContext, output, name, user, password, timeout,
        };
        command.SetAction((parse, token) => RunPullAsync(context, token, parse.GetValue(onos)!, parse.GetValue(kubeconfig), parse.GetValue(kubeContext), parse.GetValue(output)!,
            parse.GetValue(name), parse.GetValue(user), parse.GetValue(password), parse.GetValue(timeout)));
        return command;
    }

    private static async Task<int> RunPullAsync(CliContext context, CancellationToken cancellationToken, string onosUrl, string? kubeconfig, string? kubeContext, string outPath, string? name, string? user, string? password, int timeoutSeconds)
    {
        if (context.NativeBuild)
        {
            Report(context, [LiveDiagnostics.NeedsPortableBuild("topology pull")]);
            return ExitCodes.InputError;
        }
        if (timeoutSeconds < 1)
        {
            Report(context, [DiagnosticCatalogue.Usage("--timeout must be at least 1 second")]);
            return ExitCodes.InputError;
        }
        if (name is not null && name.Trim().Length == 0)
        {
            Report(context, [DiagnosticCatalogue.Usage("--name must not be empty")]);
            return ExitCodes.InputError;
        }
        if (OnosClient.ApiRoot(onosUrl) is not { } root)
        {
            Report(context, [LiveDiagnostics.OnosInvalidUrl(onosUrl)]);
            return ExitCodes.InputError;
        }
        var timeout = TimeSpan.FromSeconds(timeoutSeconds);
        var (target, kubeError) = KubernetesConnection.Connect(kubeconfig, kubeContext, context.Environment, timeout);
        if (target is null)
        {
            Report(context, [kubeError!]);
            return ExitCodes.InputError;
        }
        using (target)
        {
            using var onos = new OnosClient(root, user ?? context.Environment("ONOS_USER") ?? "onos", password ?? context.Environment("ONOS_PASSWORD") ?? "rocks", context.HttpHandler, timeout);
            PullResult result;
            try
            {
                var state = await LivePull.ReadAsync(onos, target, cancellationToken);
                result = TopologyPuller.Build(state, name?.Trim() ?? Path.GetFileNameWithoutExtension(outPath));
            }
            catch (LiveException e)
            {
                Report(context, [e.Diagnostic]);
                return ExitCodes.InputError;
            }
            catch (PullFormatException e)
            {
                Report(context, [LiveDiagnostics.OnosMalformedAnswer(onos.Server, e.Request, e.Problem)]);
                return ExitCodes.InputError;
            }
            if (result.Document is not { } document)
            {
                Report(context, result.Diagnostics);
                return ExitCodes.InputError;
            }
            var header = new[] { $"Pulled by privc topology pull from ONOS at {onos.Server} and Kubernetes at {target.Server}." };
            var text = TopologyWriter.Write(document, header);
            // The live data decides what is written, so a topology that does not load is the servers' data, reported as such.
            var check = TopologyLoader.Load(new SourceText(outPath, text));
            if (!check.Succeeded)
            {
                Report(context, [.. result.Diagnostics, .. check.Diagnostics]);
                return ExitCodes.InputError;
            }
            if (WriteAtomically(outPath, text) is { } writeError)
            {
                Report(context, [.. result.Diagnostics, writeError]);
                return ExitCodes.InputError;
            }
            Report(context, [.. result.Diagnostics, .. check.Diagnostics.Where(d => !d.IsError)]);
            context.Out.WriteLine($"pulled topology '{document.Name}' into '{outPath}': {document.Devices.Length} devices, {document.Links.Length} links, {document.Nodes.Length} compute nodes");
            return ExitCodes.Success;
        }
    }

    private static Command CreateImport(CliContext context)
    {
        var graphml = new Argument<string>("GRAPHML") { Description = "Internet Topology Zoo network (.graphml)." };
        var output = new Option<string>("--out") { Required = true, Description = "Topology file to write (YAML)." };
        var tiers = new Option<string>("--tiers")
        {
            Description = "Compute tiers to create at every point of presence, comma-separated (built in: edge, fog, cloud).",
            DefaultValueFactory = _ => "edge",
        };
        var tierSpecs = new Option<string[]>("--tier-spec")
        {
            Description = "Capacity and price of a tier's nodes, e.g. cloud=64,256Gi,1 (CPU cores or millicores, memory, optional cost). Repeatable.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var bandwidth = new Option<string>("--default-bandwidth")
        {
            Description = "Capacity of links without LinkSpeedRaw.",
            DefaultValueFactory = _ => "10Gbps",
        };
        var name = new Option<string?>("--name") { Description = "Topology name (default: the file name)." };
        var computeOn = new Option<string>("--compute-on")
        {
            Description = "Where compute nodes are created: internal (the network's own PoPs; GraphML Internal=0 peers get none) or external (every PoP, peers included).",
            DefaultValueFactory = _ => "internal",
        };
        computeOn.AcceptOnlyFromAmong("internal", "external");
        var labels = new Option<string?>("--labels") { Description = "Hand-kept corrections merged into the import (site, device and node labels, link latencies), so a re-import keeps them (YAML)." };
        var format = FormatOption.Create("what was imported and estimated");
        var command = new Command("import", "Convert an Internet Topology Zoo GraphML network into a privc topology file.")
        {
            graphml, output, tiers, tierSpecs, bandwidth, name, computeOn, labels, format,
        };
        command.SetAction(parse => RunImport(
            context,
            parse.GetValue(graphml)!,
            parse.GetValue(output)!,
            parse.GetValue(tiers) ?? "edge",
            parse.GetValue(tierSpecs) ?? [],
            parse.GetValue(bandwidth) ?? "10Gbps",
            parse.GetValue(name),
            parse.GetValue(computeOn) == "external",
            parse.GetValue(labels)));
        return command;
    }

    private static int RunImport(CliContext context, string graphml, string outPath, string tiers, string[] tierSpecs, string bandwidth, string? name, bool computeOnExternal, string? overlayPath)
    {
        var (parsed, usage) = ParseOptions(tiers, tierSpecs, bandwidth, name);
        if (parsed is null)
        {
            Report(context, usage);
            return ExitCodes.InputError;
        }
        var options = parsed with { ComputeOnExternal = computeOnExternal };
        var (source, readError) = SourceReader.ReadFile(graphml);
        if (source is null)
        {
            Report(context, [readError!]);
            return ExitCodes.InputError;
        }
        var result = GraphMlImporter.Import(source, options);
        SourceText? overlay = null;
        if (result.Succeeded && overlayPath is not null)
        {
            (overlay, var overlayError) = SourceReader.ReadFile(overlayPath);
            if (overlay is null)
            {
                Report(context, [.. result.Diagnostics, overlayError!]);
                return ExitCodes.InputError;
            }
            result = ImportOverlay.Apply(result, overlay);
        }
        if (!result.Succeeded)
        {
            Report(context, result.Diagnostics);
            return ExitCodes.InputError;
        }

        var text = TopologyWriter.Write(result.Document!, result.Header);
        var check = TopologyLoader.Load(new SourceText(outPath, text));
        if (!check.Succeeded && overlay is not null)
        {
            // Only the hand-written corrections can make the importer's output invalid (a label key or value the
            // topology format refuses): say so at the overlay, with what the loader found.
            Report(context, [.. result.Diagnostics, .. check.Diagnostics.Where(d => d.IsError),
                DiagnosticCatalogue.ImportOverlayMismatch(new SourceLocation(overlay, default), "with these corrections the topology does not load (see the errors above)")]);
            return ExitCodes.InputError;
        }
        if (!check.Succeeded)
        {
            // The writer's output must always load; anything else is a bug in privc, not in the user's input.
            throw new InvalidOperationException("the imported topology does not load:\n" + string.Join("\n", check.Diagnostics.Where(d => d.IsError)));
        }
        if (WriteAtomically(outPath, text) is { } writeError)
        {
            Report(context, [.. result.Diagnostics, writeError]);
            return ExitCodes.InputError;
        }
        Report(context, result.Diagnostics);
        if (context.Report.IsText)
        {
            WriteSummary(context.Out, graphml, outPath, result.Document!, options, result.Statistics!);
        }
        context.Report.Result = SummaryJson(graphml, outPath, result.Document!, options, result.Statistics!);
        return ExitCodes.Success;
    }

    private static (ImportOptions? Options, ImmutableArray<Diagnostic> Errors) ParseOptions(string tiers, string[] tierSpecs, string bandwidth, string? name)
    {
        var errors = ImmutableArray.CreateBuilder<Diagnostic>();
        var specs = new Dictionary<string, TierSpec>(StringComparer.Ordinal);
        foreach (var text in tierSpecs)
        {
            if (ParseTierSpec(text, out var error) is { } spec)
            {
                specs[spec.Name] = spec;
            }
            else
            {
                errors.Add(DiagnosticCatalogue.Usage($"--tier-spec '{text}': {error}"));
            }
        }
        var tierList = ImmutableArray.CreateBuilder<TierSpec>();
        var names = tiers.Split(',', StringSplitOptions.TrimEntries);
        if (names.Length == 0 || names.Any(n => n.Length == 0))
        {
            errors.Add(DiagnosticCatalogue.Usage($"--tiers '{tiers}' must list one or more tier names separated by commas"));
        }
        else if (names.Length > 254)
        {
            errors.Add(DiagnosticCatalogue.Usage("--tiers lists more than 254 tiers (one host address each per site)"));
        }
        else
        {
            foreach (var tier in names)
            {
                if (!IsTierName(tier))
                {
                    errors.Add(DiagnosticCatalogue.Usage($"tier '{tier}' must be lower-case letters, digits and single dashes, start with a letter and have at most {ImportOptions.MaxTierName} characters"));
                }
                else if (tierList.Any(t => t.Name == tier))
                {
                    errors.Add(DiagnosticCatalogue.Usage($"tier '{tier}' is listed twice in --tiers"));
                }
                else if ((specs.GetValueOrDefault(tier) ?? ImportOptions.BuiltInTier(tier)) is { } spec)
                {
                    tierList.Add(spec);
                }
                else
                {
                    errors.Add(DiagnosticCatalogue.Usage($"tier '{tier}' has no built-in size (edge, fog, cloud); give one with --tier-spec {tier}=CPU,MEMORY[,COST]"));
                }
            }
        }
        foreach (var spec in specs.Keys.Where(s => !names.Contains(s, StringComparer.Ordinal)))
        {
            errors.Add(DiagnosticCatalogue.Usage($"--tier-spec gives tier '{spec}', which --tiers does not list"));
        }
        long bandwidthBps = 0;
        if (Units.TryParse(bandwidth, out var quantity, out _, out _) != Units.ParseError.None || quantity.Dimension != Dimension.Bandwidth || quantity.Value <= 0)
        {
            errors.Add(DiagnosticCatalogue.Usage($"--default-bandwidth '{bandwidth}' must be a positive bandwidth such as 10Gbps"));
        }
        else
        {
            bandwidthBps = quantity.Value;
        }
        if (name is not null && name.Trim().Length == 0)
        {
            errors.Add(DiagnosticCatalogue.Usage("--name must not be empty"));
        }
        if (errors.Count > 0)
        {
            return (null, errors.ToImmutable());
        }
        return (new ImportOptions(name?.Trim(), tierList.ToImmutable(), bandwidthBps), []);
    }

    private static TierSpec? ParseTierSpec(string text, out string error)
    {
        error = string.Empty;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var parts = equals < 0 ? [] : text[(equals + 1)..].Split(',', StringSplitOptions.TrimEntries);
        if (equals < 0 || parts.Length is < 2 or > 3)
        {
            error = "expected TIER=CPU,MEMORY[,COST], e.g. cloud=64,256Gi,1";
            return null;
        }
        var tier = text[..equals].Trim();
        if (!IsTierName(tier))
        {
            error = $"'{tier}' is not a tier name (lower-case letters, digits and dashes, at most {ImportOptions.MaxTierName} characters)";
            return null;
        }
        var cpuError = Units.TryParse(parts[0], out var cpu, out var cores, out _);
        long cpuMillis = cpuError != Units.ParseError.None ? 0
            : cpu.Dimension == Dimension.Scalar ? (long)(cores * 1000)
            : cpu.Dimension == Dimension.Cpu ? cpu.Value : 0;
        if (cpuMillis <= 0)
        {
            error = $"CPU '{parts[0]}' must be a positive number of cores (8) or millicores (500m)";
            return null;
        }
        var memoryError = Units.TryParse(parts[1], out var memory, out _, out _);
        if (memoryError != Units.ParseError.None || memory.Dimension is not (Dimension.Memory or Dimension.Scalar) || memory.Value <= 0)
        {
            error = $"memory '{parts[1]}' must be a positive amount such as 16Gi";
            return null;
        }
        decimal cost = 0;
        if (parts.Length == 3 && !decimal.TryParse(parts[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out cost))
        {
            error = $"cost '{parts[2]}' must be a non-negative number";
            return null;
        }
        return new TierSpec(tier, cpuMillis, memory.Value, cost);
    }

    private static bool IsTierName(string name) => name.Length <= ImportOptions.MaxTierName && PrivcNames.IsValid(name);

    /// <summary>Writes to a temporary file beside the target and moves it into place, so no partial file is ever seen.</summary>
    private static Diagnostic? WriteAtomically(string path, string text)
    {
        string? temporary = null;
        try
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                return DiagnosticCatalogue.OutputNotWritable(path, "it is a directory");
            }
            var directory = Path.GetDirectoryName(full)!;
            Directory.CreateDirectory(directory);
            temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
            File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, full, overwrite: true);
            temporary = null;
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return DiagnosticCatalogue.OutputNotWritable(path, e.Message);
        }
        finally
        {
            if (temporary is not null && File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static void Report(CliContext context, IReadOnlyCollection<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics.Order())
        {
            context.Report.Keep(diagnostic);
            // GraphML lines say little beyond the message, so only errors quote their source line.
            context.Error.WriteLine(DiagnosticFormatter.Format(diagnostic, withSource: diagnostic.IsError));
        }
        var errors = diagnostics.Count(d => d.IsError);
        if (errors > 0)
        {
            context.Error.WriteLine($"{errors} error(s); nothing was written");
        }
    }

    private static JsonObject SummaryJson(string graphml, string outPath, TopologyDocument document, ImportOptions options, ImportStatistics s) => new()
    {
        ["graphml"] = graphml,
        ["output"] = outPath,
        ["topology"] = document.Name,
        ["devices"] = s.Devices,
        ["links"] = s.Links,
        ["nodes"] = s.Nodes,
        ["tiers"] = new JsonArray([.. options.Tiers.Select(t => (JsonNode)JsonValue.Create(t.Name)!)]),
        ["defaultBandwidthBps"] = options.DefaultBandwidthBps,
        ["nodesWithoutCoordinates"] = s.NoCoordinates,
        ["positionsEstimated"] = s.PositionsEstimated,
        ["linksWithEstimatedLatency"] = s.LinksWithEstimatedLatency,
        ["nodesWithoutCountry"] = s.NoCountry,
        ["unknownCountries"] = s.UnknownCountry,
        ["junctions"] = s.Junctions,
        ["externalWithoutCompute"] = s.ExternalWithoutCompute,
        ["parallelEdges"] = s.ParallelEdges,
        ["selfLoops"] = s.SelfLoops,
        ["directedEdges"] = s.DirectedEdges,
        ["linksAtDefaultBandwidth"] = s.DefaultBandwidthLinks,
        ["nodesNamedByRule"] = s.RenamedNodes,
        ["components"] = s.Components,
    };

    private static void WriteSummary(TextWriter output, string graphml, string outPath, TopologyDocument document, ImportOptions options, ImportStatistics s)
    {
        var bandwidth = Units.Format(new Quantity(Dimension.Bandwidth, options.DefaultBandwidthBps));
        output.WriteLine($"imported '{graphml}' as topology '{document.Name}' into '{outPath}': {s.Devices} devices, {s.Links} links, {s.Nodes} compute nodes (tiers: {string.Join(", ", options.Tiers.Select(t => t.Name))})");
        output.WriteLine($"  nodes without coordinates   {s.NoCoordinates,5}  (positions estimated from neighbours: {s.PositionsEstimated}; links with an estimated or upper-bound latency: {s.LinksWithEstimatedLatency})");
        output.WriteLine($"  nodes without a Country     {s.NoCountry,5}  (no country/jurisdiction/eu labels)");
        output.WriteLine($"  unknown Country names       {s.UnknownCountry,5}  (no country/jurisdiction/eu labels)");
        output.WriteLine($"  junction nodes              {s.Junctions,5}  (devices without compute nodes)");
        output.WriteLine($"  external PoPs               {s.ExternalWithoutCompute,5}  (Internal=0: devices without compute nodes; --compute-on external)");
        output.WriteLine($"  parallel edges              {s.ParallelEdges,5}  (kept as separate links)");
        output.WriteLine($"  self-loops                  {s.SelfLoops,5}  (dropped)");
        output.WriteLine($"  directed edges              {s.DirectedEdges,5}  (imported as full-duplex links)");
        output.WriteLine($"  links at default bandwidth  {s.DefaultBandwidthLinks,5}  ({bandwidth})");
        output.WriteLine($"  nodes named by rule         {s.RenamedNodes,5}  (no label, duplicate or unusable label)");
        output.WriteLine($"  connected components        {s.Components,5}");
    }
}
