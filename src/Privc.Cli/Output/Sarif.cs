using System.Reflection;
using System.Text.Json.Nodes;
using Privc.Diagnostics;
using Privc.Live;
using Privc.Llm;
using Privc.Text;

namespace Privc.Cli.Output;

/// <summary>
/// SARIF 2.1.0 (OASIS) for code-scanning services: every diagnostic and every finding (an unsat core, a violated
/// intent) is a result with privc's code as its rule, located at the intent and, as related locations, at the
/// evidence. A fix hint with a replacement becomes a SARIF fix. Validated against the OASIS schema in the tests.
/// </summary>
internal static class Sarif
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    private static readonly IReadOnlyDictionary<string, DiagnosticDescriptor> Descriptors = DiagnosticCatalogue.All
        .Concat(LlmDiagnostics.All)
        .Concat(LiveDiagnostics.All)
        .ToDictionary(d => d.Code, StringComparer.Ordinal);

    public static string Write(CommandReport report, int exitCode)
    {
        // A diagnostic a finding restates with its evidence (the unsat verdict and its core) is written once, as the finding.
        var findings = report.Diagnostics.Distinct().Order().Select(Finding.From)
            .Where(d => !report.Findings.Any(f => f.Code == d.Code && f.Location == d.Location))
            .Concat(report.Findings)
            .ToList();
        var ruleIds = findings.Select(f => f.Code).Distinct().Order(StringComparer.Ordinal).ToList();
        var rules = new JsonArray();
        foreach (var id in ruleIds)
        {
            var rule = new JsonObject { ["id"] = id };
            if (Descriptors.TryGetValue(id, out var descriptor))
            {
                rule["shortDescription"] = new JsonObject { ["text"] = descriptor.Title };
                rule["defaultConfiguration"] = new JsonObject { ["level"] = Level(descriptor.Severity) };
            }
            rules.Add((JsonNode)rule);
        }
        var results = new JsonArray();
        foreach (var finding in findings)
        {
            results.Add((JsonNode)Result(finding, ruleIds.IndexOf(finding.Code)));
        }
        var log = new JsonObject
        {
            ["$schema"] = SchemaUri,
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "privc",
                        ["semanticVersion"] = Version,
                        ["rules"] = rules,
                    },
                },
                ["invocations"] = new JsonArray(new JsonObject
                {
                    ["commandLine"] = "privc " + report.Command,
                    ["exitCode"] = exitCode,
                    ["executionSuccessful"] = exitCode != ExitCodes.InputError,
                }),
                ["columnKind"] = "utf16CodeUnits",
                ["results"] = results,
            }),
        };
        return JsonText.Write(w => log.WriteTo(w));
    }

    private static JsonObject Result(Finding finding, int ruleIndex)
    {
        var result = new JsonObject
        {
            ["ruleId"] = finding.Code,
            ["ruleIndex"] = ruleIndex,
            ["level"] = Level(finding.Severity),
            ["message"] = new JsonObject { ["text"] = finding.Message },
        };
        if (finding.Location is { } location)
        {
            result["locations"] = new JsonArray(Location(location));
        }
        if (!finding.Related.IsDefaultOrEmpty)
        {
            var related = new JsonArray();
            for (var i = 0; i < finding.Related.Length; i++)
            {
                var item = Location(finding.Related[i]);
                item["id"] = i;
                related.Add((JsonNode)item);
            }
            result["relatedLocations"] = related;
        }
        if (finding.Fix is { Replacement: { } replacement } fix && finding.Location is { Line: > 0 } at)
        {
            result["fixes"] = new JsonArray(new JsonObject
            {
                ["description"] = new JsonObject { ["text"] = fix.Description },
                ["artifactChanges"] = new JsonArray(new JsonObject
                {
                    ["artifactLocation"] = new JsonObject { ["uri"] = Uri(at.Path) },
                    ["replacements"] = new JsonArray(new JsonObject
                    {
                        ["deletedRegion"] = Region(at),
                        ["insertedContent"] = new JsonObject { ["text"] = replacement },
                    }),
                }),
            });
        }
        return result;
    }

    private static JsonObject Location(FindingLocation location)
    {
        var physical = new JsonObject { ["artifactLocation"] = new JsonObject { ["uri"] = Uri(location.Path) } };
        if (location.Line > 0)
        {
            physical["region"] = Region(location);
        }
        var json = new JsonObject { ["physicalLocation"] = physical };
        if (location.Message is { } message)
        {
            json["message"] = new JsonObject { ["text"] = message };
        }
        return json;
    }

    private static JsonObject Region(FindingLocation location) => new()
    {
        ["startLine"] = location.Line,
        ["startColumn"] = Math.Max(1, location.Column),
        ["endLine"] = Math.Max(location.Line, location.EndLine),
        ["endColumn"] = Math.Max(1, location.EndColumn),
    };

    /// <summary>
    /// A URI reference for a path as the user gave it: relative paths stay relative (code scanning resolves them
    /// against the repository), absolute ones become file URIs; each segment is percent-encoded.
    /// </summary>
    public static string Uri(string path)
    {
        var slashed = path.Replace('\\', '/');
        var encoded = string.Join('/', slashed.Split('/').Select(System.Uri.EscapeDataString));
        return slashed.StartsWith('/') ? "file://" + encoded : encoded;
    }

    public static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    private static string Version =>
        typeof(Sarif).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
