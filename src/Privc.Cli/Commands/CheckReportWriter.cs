using System.Globalization;
using System.Text;
using Privc.Artifacts.Checking;
using Privc.Diagnostics;
using Privc.Semantics;
using Privc.Text;

namespace Privc.Cli.Commands;

/// <summary>
/// The report of <c>privc check</c>, for people (text) and tools (JSON): what was read, the verdict, every intent's
/// status (route intents without flow rules are "not judged", never "holds"), every violation with its witness and
/// where in the artifacts it is written, and every finding that could not be judged.
/// </summary>
internal sealed class CheckReportWriter(BoundProgram program, ArtifactVerdict verdict, int manifestFiles, string? flowsPath)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public string Text()
    {
        var text = new StringBuilder();
        var c = verdict.Configuration;
        var reading = verdict.Reading;
        text.Append(Invariant, $"read {manifestFiles} manifest file(s), {reading?.Objects ?? 0} object(s): {c.Placements.Length} placed service(s), {c.Allowed.Length} allowed flow(s)");
        text.Append(flowsPath is null
            ? "; no flow rules given, network paths not judged\n"
            : string.Create(Invariant, $"; {c.Routes.Length} packet path(s) traced through {flowsPath}\n"));
        if (reading is { Inert.Count: > 0 })
        {
            text.Append("not bearing on placements or traffic: ").Append(string.Join(", ", reading.Inert.Select(p => $"{p.Value} {p.Key}"))).Append('\n');
        }
        switch (verdict.Status)
        {
            case ArtifactStatus.Compliant when verdict.PlacementOnly && !verdict.NotJudged.IsEmpty:
                text.Append(Invariant, $"compliant for placements and network policy (--placement-only): no violation; {verdict.NotJudged.Length} intent(s) not judged without flow rules: {string.Join(", ", verdict.NotJudged)}\n");
                break;
            case ArtifactStatus.Compliant:
                text.Append(Invariant, $"compliant: every one of the {program.Intents.Length} intent(s) holds{(verdict.RoutesJudged ? string.Empty : " for placements and network policy")}\n");
                break;
            case ArtifactStatus.NotJudged:
                text.Append(Invariant, $"not judged: no violation found, but {Describe()}; privc cannot say the deployment is compliant\n");
                break;
            default:
                text.Append(Invariant, $"not compliant: {verdict.Violations.Length} violation(s) of {verdict.ViolatedIntents.Length} intent(s) or structural condition(s)\n");
                break;
        }
        Violations(text);
        if (verdict.Status != ArtifactStatus.Compliant || !verdict.NotJudged.IsEmpty)
        {
            text.Append("intents\n");
            var width = program.Intents.Select(i => i.Name.Length).DefaultIfEmpty(0).Max() + 2;
            foreach (var intent in program.Intents)
            {
                text.Append("  ").Append(intent.Name.PadRight(width)).Append(StatusText(verdict.StatusOf(intent))).Append('\n');
            }
        }
        foreach (var unjudged in verdict.Unjudged)
        {
            text.Append("cannot judge: ").Append(DiagnosticFormatter.FormatHeader(unjudged)).Append('\n');
        }
        return text.ToString();
    }

    private string Describe()
    {
        var parts = new List<string>();
        if (!verdict.UnjudgedInputs.IsEmpty)
        {
            parts.Add($"{verdict.UnjudgedInputs.Length} finding(s) could not be judged");
        }
        if (!verdict.NotJudged.IsEmpty && !verdict.PlacementOnly)
        {
            parts.Add($"{verdict.NotJudged.Length} intent(s) were not judged without flow rules (pass --flows, or --placement-only to accept that)");
        }
        return string.Join(" and ", parts);
    }

    private void Violations(StringBuilder text)
    {
        var byName = program.Intents.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var name in verdict.ViolatedIntents)
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
                if (verdict.LocationsOf(violation) is { Length: > 0 } at)
                {
                    text.Append("      at: ").Append(string.Join(", ", at.Select(l => l.Display))).Append('\n');
                }
            }
        }
    }

    private static string StatusText(IntentStatus status) => status switch
    {
        IntentStatus.Holds => "holds",
        IntentStatus.Violated => "violated",
        IntentStatus.NotJudged => "not judged (no flow rules)",
        IntentStatus.Undecided => "not judged (see cannot judge)",
        IntentStatus.Applied => "applied (typing rule)",
        _ => throw new InvalidOperationException($"privc bug: no text for intent status {status}"),
    };

    private static string StatusName(IntentStatus status) => status switch
    {
        IntentStatus.Holds => "holds",
        IntentStatus.Violated => "violated",
        IntentStatus.NotJudged => "not judged",
        IntentStatus.Undecided => "undecided",
        IntentStatus.Applied => "applied",
        _ => throw new InvalidOperationException($"privc bug: no name for intent status {status}"),
    };

    public string Json() => JsonText.Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("status", verdict.Status switch
        {
            ArtifactStatus.Compliant => "compliant",
            ArtifactStatus.Violations => "violations",
            ArtifactStatus.NotJudged => "not judged",
            _ => "input error",
        });
        json.WriteNumber("manifestFiles", manifestFiles);
        json.WriteNumber("objects", verdict.Reading?.Objects ?? 0);
        if (flowsPath is null)
        {
            json.WriteNull("flows");
        }
        else
        {
            json.WriteString("flows", flowsPath);
        }
        json.WriteBoolean("routesJudged", verdict.RoutesJudged);
        json.WriteBoolean("placementOnly", verdict.PlacementOnly);
        json.WriteStartArray("intents");
        foreach (var intent in program.Intents)
        {
            json.WriteStartObject();
            json.WriteString("name", intent.Name);
            json.WriteString("location", intent.Location.Display);
            json.WriteString("status", StatusName(verdict.StatusOf(intent)));
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
            json.WriteStartArray("at");
            foreach (var at in verdict.LocationsOf(v))
            {
                json.WriteStringValue(at.Display);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("unjudged");
        foreach (var d in verdict.Unjudged)
        {
            json.WriteStartObject();
            json.WriteString("code", d.Code);
            json.WriteString("location", d.Location?.Display ?? d.DisplayPath);
            json.WriteString("message", d.Message);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });
}
