using System.Globalization;
using System.Text;
using Privc.Text;
using Privc.Semantics;
using Privc.Verification;
using Privc.Verification.Encoding;
using Privc.Topology;
using Privc.TypeSystem;
using Privc.Verification.Restrictions;

namespace Privc.Artifacts.Emit;

/// <summary>
/// The summary `privc compile` prints: per service the nodes chosen and the intents that made them eligible, per
/// flow its routes and their latency, per intent its status, per objective its value. Text for people, JSON for
/// machines; both deterministic.
/// </summary>
public static class SummaryWriter
{
    public static string Text(BoundProgram program, TopologyModel topology, VerificationResult.Proven proven)
    {
        var text = new StringBuilder();
        var plan = proven.Plan;
        var restrictions = ProgramRestrictions.Of(program); // once, not per service
        text.Append(CultureInfo.InvariantCulture, $"proven plan for {program.Services.Length} service(s) and {program.Flows.Length} flow(s) on topology '{topology.Name}' ({proven.SolverName}; independent checker: {proven.CheckerVerdict})\n");
        text.Append("services\n");
        foreach (var service in program.Services)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {service.Name} ({service.Replicas} replica{(service.Replicas == 1 ? string.Empty : "s")}, tenant {service.Tenant}): {string.Join(", ", plan.NodesOf(service.Name))}\n");
            var reasons = EligibilityReasons(restrictions, service).ToList();
            if (reasons.Count > 0)
            {
                text.Append("    eligible by ").Append(string.Join("; ", reasons)).Append('\n');
            }
        }
        if (program.Flows.Length > 0)
        {
            text.Append("flows\n");
            foreach (var flow in program.Flows)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {flow.Name}: {flow.Source} -> {flow.Target}{(flow.BandwidthBps > 0 ? ", " + Units.Format(new Quantity(Dimension.Bandwidth, flow.BandwidthBps)) : string.Empty)}\n");
                foreach (var route in plan.Routes.Where(r => r.Flow == flow.Name))
                {
                    var path = route.Devices.IsEmpty ? "(same node)" : string.Join(" -> ", route.Devices);
                    text.Append(CultureInfo.InvariantCulture, $"    {route.SourceNode} => {route.TargetNode}: {path}, {Units.FormatMillis(PlanWriter.RouteLatency(topology, route))}\n");
                }
            }
        }
        if (program.Intents.Length > 0)
        {
            text.Append("intents\n");
            var width = program.Intents.Max(i => i.Name.Length);
            foreach (var intent in program.Intents)
            {
                text.Append("  ").Append(intent.Name.PadRight(width)).Append("  ").Append(Status(intent)).Append('\n');
            }
        }
        if (proven.Objectives.Length > 0)
        {
            text.Append("objectives\n");
            foreach (var objective in proven.Objectives)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {objective.Objective.Name}: {PlanWriter.MetricName(objective.Objective)} = {FormatValue(objective)} ({(objective.Proven ? "optimal, proven" : "best found, not proven optimal")})\n");
            }
        }
        return text.ToString();
    }

    public static string Json(BoundProgram program, TopologyModel topology, VerificationResult.Proven proven, string outputFolder) => JsonText.Write(json =>
    {
        var plan = proven.Plan;
        var restrictions = ProgramRestrictions.Of(program); // once, not per service
        json.WriteStartObject();
        json.WriteString("status", "proven");
        json.WriteString("topology", topology.Name);
        json.WriteString("solver", proven.SolverName);
        json.WriteString("checker", proven.CheckerVerdict);
        json.WriteString("output", outputFolder);
        json.WriteBoolean("optimal", proven.OptimalityProven);
        json.WriteStartArray("services");
        foreach (var service in program.Services)
        {
            json.WriteStartObject();
            json.WriteString("name", service.Name);
            json.WriteStartArray("nodes");
            foreach (var node in plan.NodesOf(service.Name))
            {
                json.WriteStringValue(node);
            }
            json.WriteEndArray();
            json.WriteStartArray("eligibleBy");
            foreach (var restriction in restrictions.OnService(service.Name).DistinctBy(r => (r.Origin.Name, r.Describe())))
            {
                json.WriteStartObject();
                json.WriteString("intent", restriction.Origin.Name);
                json.WriteString("location", restriction.Origin.Location.Display);
                json.WriteString("restricts", restriction.Describe());
                json.WriteEndObject();
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
            json.WriteNumber("latencyMicros", PlanWriter.RouteLatency(topology, route));
            json.WriteStartArray("devices");
            foreach (var device in route.Devices)
            {
                json.WriteStringValue(device);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("intents");
        foreach (var intent in program.Intents)
        {
            json.WriteStartObject();
            json.WriteString("name", intent.Name);
            json.WriteString("kind", intent.Kind);
            json.WriteString("location", intent.Location.Display);
            json.WriteString("status", Status(intent));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("objectives");
        foreach (var objective in proven.Objectives)
        {
            json.WriteStartObject();
            json.WriteString("name", objective.Objective.Name);
            json.WriteString("metric", PlanWriter.MetricName(objective.Objective));
            json.WriteString("value", FormatValue(objective));
            json.WriteBoolean("proven", objective.Proven);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });

    private static string Status(Intent intent) => intent is DeclassifyIntent ? "applied (typing rule)" : "holds";

    public static string FormatValue(ObjectiveResult objective) => objective.Objective.Metric switch
    {
        ObjectiveMetric.Cost => objective.Exact.ToString("0.############", CultureInfo.InvariantCulture),
        ObjectiveMetric.TotalLatency or ObjectiveMetric.MaxLatency => Units.FormatMillis(objective.Value),
        ObjectiveMetric.TotalHops => objective.Value.ToString(CultureInfo.InvariantCulture),
        _ => objective.Value.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The restrictions on a service's placement, each with the intent that imposed it, in intent order.</summary>
    private static IEnumerable<string> EligibilityReasons(ProgramRestrictions restrictions, Service service) =>
        restrictions.OnService(service.Name).Select(r => $"{r.Origin.Name} ({r.Describe()})").Distinct(StringComparer.Ordinal);
}
