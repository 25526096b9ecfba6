using System.Collections.Immutable;
using System.Text.Json;
using Privc.Text;
using Privc.Verification;

namespace Privc.Compiler.Replanning;

/// <summary>Writes changes.json (format privc.changes/v1, specs/output.md) and the text summary of a replan.</summary>
public static class ChangeListWriter
{
    public const string FormatVersion = "privc.changes/v1";

    public static string Json(ChangeList changes, VerificationResult.Proven proven, VerificationResult.Unsatisfiable? why) => JsonText.Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("format", FormatVersion);
        json.WriteBoolean("unchanged", changes.NothingChanged);
        json.WriteStartObject("disruption");
        WriteMeasure(json, "movedReplicas", proven.Objectives[0]);
        WriteMeasure(json, "disturbedRoutes", proven.Objectives[1]);
        json.WriteNumber("reroutedRoutes", changes.Disturbed.Count(d => d.Rerouted));
        json.WriteEndObject();
        json.WriteStartArray("moved");
        foreach (var move in changes.Moved)
        {
            json.WriteStartObject();
            json.WriteString("service", move.Service);
            json.WriteString("from", move.From);
            if (move.To is { } to)
            {
                json.WriteString("to", to);
            }
            else
            {
                json.WriteNull("to");
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("disturbedRoutes");
        foreach (var route in changes.Disturbed)
        {
            json.WriteStartObject();
            json.WriteString("flow", route.Flow);
            json.WriteString("sourceNode", route.SourceNode);
            json.WriteString("targetNode", route.TargetNode);
            json.WriteString("change", route.Rerouted ? "rerouted" : "dropped");
            Strings(json, "oldDevices", route.OldDevices);
            Strings(json, "newDevices", route.NewDevices);
            json.WriteString("reason", route.Reason);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        Strings(json, "addedServices", changes.AddedServices);
        Strings(json, "removedServices", changes.RemovedServices);
        Strings(json, "addedFlows", changes.AddedFlows);
        Strings(json, "removedFlows", changes.RemovedFlows);
        Strings(json, "addedReplicas", changes.AddedReplicas);
        Strings(json, "addedRoutes", changes.AddedRoutes);
        json.WriteStartArray("files");
        foreach (var file in changes.Files)
        {
            json.WriteStartObject();
            json.WriteString("path", file.Path);
            json.WriteString("status", file.Status);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (why is not null)
        {
            json.WriteStartObject("whyMoved");
            json.WriteBoolean("minimal", why.Minimal);
            json.WriteStartArray("core");
            foreach (var intent in why.Core)
            {
                json.WriteStringValue(intent.Name);
            }
            json.WriteEndArray();
            Strings(json, "reasons", why.Reasons);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    });

    /// <summary>The human summary: one line of counts, then one line per change.</summary>
    public static string Text(ChangeList changes, VerificationResult.Proven proven, VerificationResult.Unsatisfiable? why)
    {
        var text = new System.Text.StringBuilder();
        var moved = proven.Objectives[0];
        var disturbed = proven.Objectives[1];
        text.Append($"replan: {Count(moved.Value, "replica")} moved ({(moved.Proven ? "proven minimal" : "not proven minimal")}), ");
        text.Append($"{Count(disturbed.Value, "route")} disturbed ({changes.Disturbed.Count(d => d.Rerouted)} rerouted; {(disturbed.Proven ? "proven minimal" : "not proven minimal")})");
        text.AppendLine(changes.NothingChanged ? ": nothing changes" : string.Empty);
        foreach (var move in changes.Moved)
        {
            text.AppendLine($"  moved     {move.Service}: {move.From} -> {move.To ?? "(removed)"}");
        }
        foreach (var route in changes.Disturbed)
        {
            var path = route.Rerouted ? $"{Devices(route.OldDevices)} -> {Devices(route.NewDevices)}" : Devices(route.OldDevices);
            text.AppendLine($"  {(route.Rerouted ? "rerouted" : "dropped ")}  {route.Flow} {route.SourceNode} -> {route.TargetNode}: {path} ({route.Reason})");
        }
        Lines(text, "added service", changes.AddedServices);
        Lines(text, "removed service", changes.RemovedServices);
        Lines(text, "added flow", changes.AddedFlows);
        Lines(text, "removed flow", changes.RemovedFlows);
        Lines(text, "added replica", changes.AddedReplicas);
        Lines(text, "added route", changes.AddedRoutes);
        foreach (var file in changes.Files)
        {
            text.AppendLine($"  {file.Status,-9} {file.Path}");
        }
        if (why is not null)
        {
            text.AppendLine($"  why the moves: {(why.Minimal ? "a minimal" : "a")} conflicting set: {string.Join(", ", why.Core.Select(i => i.Name))}");
            foreach (var reason in why.Reasons)
            {
                text.AppendLine($"    {reason}");
            }
        }
        return text.ToString();
    }

    private static string Devices(ImmutableArray<string> devices) => devices.IsDefaultOrEmpty ? "(same node)" : string.Join(' ', devices);

    private static string Count(long n, string noun) => $"{n} {noun}{(n == 1 ? string.Empty : "s")}";

    private static void Lines(System.Text.StringBuilder text, string label, ImmutableArray<string> items)
    {
        foreach (var item in items)
        {
            text.AppendLine($"  {label}: {item}");
        }
    }

    private static void WriteMeasure(Utf8JsonWriter json, string name, ObjectiveResult result)
    {
        json.WriteStartObject(name);
        json.WriteNumber("value", result.Value);
        json.WriteBoolean("proven", result.Proven);
        json.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }
}
