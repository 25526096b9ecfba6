using System.Globalization;
using System.Text.Json;
using Privc.Text;
using Privc.Semantics;
using Privc.Verification;
using Privc.Checking;
using Privc.Verification.Encoding;
using Privc.Topology;

namespace Privc.Artifacts.Emit;

/// <summary>Writes plan.json: the proven placements and routes, the objectives reached, in a stable order.</summary>
internal static class PlanWriter
{
    public const string FormatVersion = "privc.plan/v1";

    public static string Write(BoundProgram program, TopologyModel topology, VerificationResult.Proven proven) => JsonText.Write(json =>
    {
        var plan = proven.Plan;
        json.WriteStartObject();
        json.WriteString("format", FormatVersion);
        json.WriteString("topology", topology.Name);
        json.WriteString("status", "proven");
        json.WriteBoolean("optimal", proven.OptimalityProven);
        json.WriteStartArray("objectives");
        foreach (var objective in proven.Objectives)
        {
            json.WriteStartObject();
            json.WriteString("name", objective.Objective.Name);
            json.WriteString("metric", MetricName(objective.Objective));
            WriteObjectiveValue(json, objective);
            json.WriteBoolean("proven", objective.Proven);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("placements");
        foreach (var placement in plan.Placements)
        {
            json.WriteStartObject();
            json.WriteString("service", placement.Service);
            json.WriteStartArray("nodes");
            foreach (var node in placement.Nodes)
            {
                json.WriteStringValue(node);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("routes");
        foreach (var route in plan.Routes)
        {
            json.WriteStartObject();
            json.WriteString("flow", route.Flow);
            json.WriteString("sourceNode", route.SourceNode);
            json.WriteString("targetNode", route.TargetNode);
            json.WriteNumber("latencyMicros", RouteLatency(topology, route));
            json.WriteStartArray("devices");
            foreach (var device in route.Devices)
            {
                json.WriteStringValue(device);
            }
            json.WriteEndArray();
            json.WriteStartArray("hops");
            foreach (var hop in route.Hops)
            {
                json.WriteStartObject();
                json.WriteString("from", hop.From);
                json.WriteNumber("fromPort", hop.FromPort);
                json.WriteString("to", hop.To);
                json.WriteNumber("toPort", hop.ToPort);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("allowedFlows");
        foreach (var allowed in plan.Allowed.OrderBy(a => a.Source, StringComparer.Ordinal).ThenBy(a => a.Target, StringComparer.Ordinal).ThenBy(a => a.Port))
        {
            json.WriteStartObject();
            json.WriteString("source", allowed.Source);
            json.WriteString("target", allowed.Target);
            if (allowed.Port is { } port)
            {
                json.WriteNumber("port", port);
            }
            else
            {
                json.WriteString("port", "*");
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });

    public static string MetricName(Objective objective) => objective.Metric switch
    {
        ObjectiveMetric.TotalLatency => "latency",
        ObjectiveMetric.MaxLatency => "max latency",
        ObjectiveMetric.Cost => "cost",
        ObjectiveMetric.Nodes => "nodes",
        ObjectiveMetric.MovedReplicas => "moved replicas",
        ObjectiveMetric.DisturbedRoutes => "disturbed routes",
        ObjectiveMetric.TotalHops => "hops",
        ObjectiveMetric.Prefer => "prefer " + PredicatePrinter.Print(objective.Prefer!),
        _ => throw new InvalidOperationException($"privc bug: objective metric {objective.Metric} has no name"),
    };

    private static void WriteObjectiveValue(Utf8JsonWriter json, ObjectiveResult objective)
    {
        if (objective.Objective.Metric == ObjectiveMetric.Cost)
        {
            // The exact decimal, without trailing zeros (0.0018, not 0.00180).
            json.WriteNumber("value", decimal.Parse(objective.Exact.ToString("0.############################", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNumber("value", objective.Value);
        }
    }

    /// <summary>The sum of link latencies along a route.</summary>
    public static long RouteLatency(TopologyModel topology, Route route) =>
        route.Hops.Sum(h => topology.OutgoingOf(h.From).First(l => l.FromPort == h.FromPort && l.To == h.To && l.ToPort == h.ToPort).Link.LatencyMicros);
}
