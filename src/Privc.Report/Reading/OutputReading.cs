using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Privc.Artifacts.Emit;
using Privc.Artifacts.Onos;
using Privc.Checking;
using Privc.Diagnostics;
using Privc.Parsing;
using Privc.Text;
using Privc.Topology;
using Privc.TypeSystem;

namespace Privc.Report;

/// <summary>
/// A compile output folder read back: the plan as a configuration, the objectives it records, the certificate's
/// obligations and answers, its digest, and every file of the folder (so the folder can be rewritten whole with a
/// report added).
/// </summary>
public sealed record OutputReading(
    Configuration Plan,
    ImmutableArray<ObjectiveRow> Objectives,
    ImmutableArray<ObligationRow> Obligations,
    string SolverName,
    string Digest,
    OutputBundle Files);

/// <summary>Reads what <c>privc compile</c> wrote (<see cref="PlanWriter"/>, <see cref="CertificateWriter"/>) back.</summary>
public static class OutputReader
{
    /// <summary>Reads the folder; on failure returns null and the diagnostics that say why.</summary>
    public static (OutputReading? Reading, ImmutableArray<Diagnostic> Diagnostics) Read(string folder, TopologyModel topology)
    {
        var planPath = Path.Combine(folder, "plan.json");
        if (!File.Exists(planPath))
        {
            return (null, [DiagnosticCatalogue.PlanMissing(folder, "it holds no plan.json")]);
        }
        var (planSource, planError) = SourceReader.ReadFile(planPath);
        if (planSource is null)
        {
            return (null, [planError!]);
        }
        var plan = ReadPlan(planSource, topology, out var planProblem);
        if (plan is null)
        {
            return (null, [planProblem!]);
        }
        var answersPath = Path.Combine(folder, "certificate", "answers.json");
        if (!File.Exists(answersPath))
        {
            return (null, [DiagnosticCatalogue.CertificateNotFound(folder, "certificate/answers.json does not exist")]);
        }
        var (answersSource, answersError) = SourceReader.ReadFile(answersPath);
        if (answersSource is null)
        {
            return (null, [answersError!]);
        }
        var (obligations, solver, answersProblem) = ReadAnswers(answersSource);
        if (answersProblem is not null)
        {
            return (null, [DiagnosticCatalogue.CertificateMalformed(answersPath, answersProblem)]);
        }
        var files = OutputBundle.Empty;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            if (relative == OutputFolder.MarkerName || relative.StartsWith('.'))
            {
                continue;
            }
            var (source, error) = SourceReader.ReadFile(file);
            if (source is null)
            {
                return (null, [error!]);
            }
            files = files.With(relative, source.Text);
        }
        var (placements, routes, allowed, objectives) = plan.Value;
        return (new OutputReading(new Configuration(placements, routes, allowed), objectives, obligations, solver, CertificateWriter.Digest(files), files), []);
    }

    private static (ImmutableArray<Placement>, ImmutableArray<Route>, ImmutableArray<AllowedFlow>, ImmutableArray<ObjectiveRow>)? ReadPlan(SourceText source, TopologyModel topology, out Diagnostic? problem)
    {
        problem = null;
        var (root, syntax) = JsonValue.Parse(source);
        if (root is null)
        {
            problem = DiagnosticCatalogue.PlanMalformed(new SourceLocation(source, new TextSpan(syntax?.Offset ?? 0, 1)), syntax?.Message ?? "not JSON");
            return null;
        }
        Diagnostic Bad(JsonValue at, string message) => DiagnosticCatalogue.PlanMalformed(at.Location(source), message);
        if (root.Kind != JsonValueKind.Object || root["format"]?.Text != PlanWriter.FormatVersion)
        {
            problem = Bad(root["format"] ?? root, $"expected \"format\": \"{PlanWriter.FormatVersion}\"");
            return null;
        }
        if (root["topology"] is not { Kind: JsonValueKind.String, Text: { } planTopology } topologyValue)
        {
            problem = Bad(root, "no \"topology\" name");
            return null;
        }
        if (planTopology != topology.Name)
        {
            problem = DiagnosticCatalogue.PlanForOtherTopology(topologyValue.Location(source), planTopology, topology.Name);
            return null;
        }
        try
        {
            var placements = Items(root, "placements").Select(p => new Placement(
                String(p, "service"),
                Items(p, "nodes").Select(n => n.Kind == JsonValueKind.String ? n.Text! : throw new PlanException(n, "a node name must be a string")).ToImmutableArray())).ToImmutableArray();
            var routes = Items(root, "routes").Select(r => new Route(
                String(r, "flow"),
                String(r, "sourceNode"),
                String(r, "targetNode"),
                Items(r, "devices").Select(d => d.Kind == JsonValueKind.String ? d.Text! : throw new PlanException(d, "a device name must be a string")).ToImmutableArray(),
                Items(r, "hops").Select(h => new Hop(String(h, "from"), Integer(h, "fromPort"), String(h, "to"), Integer(h, "toPort"))).ToImmutableArray())).ToImmutableArray();
            var allowed = Items(root, "allowedFlows").Select(a => new AllowedFlow(
                String(a, "source"),
                String(a, "target"),
                a["port"] is { Kind: JsonValueKind.String, Text: "*" } ? null : Integer(a, "port"))).ToImmutableArray();
            var objectives = Items(root, "objectives").Select(o => new ObjectiveRow(
                String(o, "name"),
                String(o, "metric"),
                ObjectiveValue(o),
                o["proven"] is { Kind: JsonValueKind.True })).ToImmutableArray();
            return (placements, routes, allowed, objectives);
        }
        catch (PlanException e)
        {
            problem = Bad(e.At, e.Message);
            return null;
        }
    }

    /// <summary>Latency objectives are recorded in microseconds, cost exactly, the rest as counts.</summary>
    private static string ObjectiveValue(JsonValue objective)
    {
        var value = objective["value"] is { Kind: JsonValueKind.Number, Text: { } text } ? text : throw new PlanException(objective, "an objective needs a numeric \"value\"");
        return String(objective, "metric") is "latency" or "max latency" && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var micros)
            ? Units.FormatMillis(micros)
            : text;
    }

    private static (ImmutableArray<ObligationRow> Rows, string Solver, string? Problem) ReadAnswers(SourceText source)
    {
        try
        {
            using var document = JsonDocument.Parse(source.Text);
            var root = document.RootElement;
            var solver = root.TryGetProperty("solver", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : string.Empty;
            if (!root.TryGetProperty("obligations", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return ([], solver, "it has no \"obligations\" list");
            }
            var rows = ImmutableArray.CreateBuilder<ObligationRow>();
            foreach (var entry in list.EnumerateArray())
            {
                string Field(string name) => entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                    ? v.GetString()!
                    : throw new FormatException($"an obligation lacks \"{name}\"");
                rows.Add(new ObligationRow(Field("name"), Field("file"), Field("claim"), Field("expected"), Field("answer")));
            }
            return (rows.ToImmutable(), solver, null);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return ([], string.Empty, e.Message);
        }
    }

    private static IEnumerable<JsonValue> Items(JsonValue parent, string name) =>
        parent[name] is { Kind: JsonValueKind.Array } array ? array.Items : throw new PlanException(parent, $"expected a \"{name}\" list");

    private static string String(JsonValue parent, string name) =>
        parent[name] is { Kind: JsonValueKind.String, Text: { } text } ? text : throw new PlanException(parent, $"expected a string \"{name}\"");

    private static int Integer(JsonValue parent, string name) =>
        parent[name] is { Kind: JsonValueKind.Number, Text: { } text } && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new PlanException(parent, $"expected a whole number \"{name}\"");

    /// <summary>Unwinds the reader to the one place that turns a structural problem into a located diagnostic.</summary>
    private sealed class PlanException(JsonValue at, string message) : Exception(message)
    {
        public JsonValue At { get; } = at;
    }
}
