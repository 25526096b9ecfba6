using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Privc.Checking;
using Privc.Artifacts.Emit;
using Privc.Text;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Artifacts.Onos;

/// <summary>
/// <c>onos/intents.json</c>: the alternative to exact flow rules (specs/onos.md, "Flow rules or intents"). One
/// PointToPointIntent per packet path (requests and replies), each a body for <c>POST /onos/v1/intents</c>, listed
/// under <c>intents</c>. The constraints carry what ONOS can enforce when it reroutes: the proven devices as ordered
/// waypoints, every device a keep or route intent of the flow forbids as an obstacle, and the tightest latency bound.
/// </summary>
internal static class OnosIntents
{
    public static string Write(BoundProgram program, TopologyModel topology, IReadOnlyList<(PacketPath Path, bool UseTransport)> paths, string certificateDigest)
    {
        var digest = certificateDigest.Length > 12 ? certificateDigest[..12] : certificateDigest;
        var intents = paths
            .GroupBy(p => Key(p.Path, p.UseTransport, digest), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        return JsonText.Write(json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("intents");
            foreach (var intent in intents)
            {
                var (path, useTransport) = intent.First();
                var flows = intent.Select(p => p.Path.Flow).DistinctBy(f => f.Name).ToList();
                var obstacles = flows.SelectMany(f => Forbidden(program, topology, f)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                var latency = flows.SelectMany(f => LatencyBounds(program, f)).DefaultIfEmpty(long.MaxValue).Min();
                json.WriteStartObject();
                json.WriteString("type", "PointToPointIntent");
                json.WriteString("appId", OnosEmitter.AppId);
                json.WriteString("key", intent.Key);
                json.WriteNumber("priority", OnosEmitter.Priority);
                json.WriteStartObject("selector");
                json.WriteStartArray("criteria");
                FlowRuleSpec.WriteSelector(json, null, path.SourceIp, path.TargetIp,
                    useTransport && !path.Reply ? path.Flow.Port : null, useTransport && path.Reply ? path.Flow.Port : null);
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteStartObject("treatment");
                json.WriteStartArray("instructions");
                json.WriteEndArray();
                json.WriteStartArray("deferred");
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteStartArray("constraints");
                var waypoints = path.Steps.Skip(1).SkipLast(1).Select(s => s.Device.Id).ToList();
                if (waypoints.Count > 0)
                {
                    json.WriteStartObject();
                    json.WriteString("type", "WaypointConstraint");
                    json.WriteStartArray("waypoints");
                    waypoints.ForEach(json.WriteStringValue);
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
                if (obstacles.Count > 0)
                {
                    json.WriteStartObject();
                    json.WriteString("type", "ObstacleConstraint");
                    json.WriteStartArray("obstacles");
                    obstacles.ForEach(json.WriteStringValue);
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
                if (latency != long.MaxValue)
                {
                    // Whole milliseconds, rounded down so that ONOS never accepts a path the bound excludes.
                    json.WriteStartObject();
                    json.WriteString("type", "LatencyConstraint");
                    json.WriteNumber("latencyMillis", latency / 1000);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                WritePoint(json, "ingressPoint", path.Steps[0].Device.Id, path.Source.Port);
                WritePoint(json, "egressPoint", path.Steps[^1].Device.Id, path.Target.Port);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private static string Key(PacketPath path, bool useTransport, string digest)
    {
        var transport = !useTransport ? string.Empty : path.Reply ? $":tcp-src-{path.Flow.Port}" : $":tcp-dst-{path.Flow.Port}";
        return $"privc:{digest}:{path.Source.Name}->{path.Target.Name}{transport}";
    }

    private static void WritePoint(Utf8JsonWriter json, string name, string device, int port)
    {
        json.WriteStartObject(name);
        json.WriteString("port", port.ToString(CultureInfo.InvariantCulture));
        json.WriteString("device", device);
        json.WriteEndObject();
    }

    /// <summary>ONOS ids of the devices the flow's keep and route intents exclude.</summary>
    internal static IEnumerable<string> Forbidden(BoundProgram program, TopologyModel topology, Flow flow)
    {
        foreach (var intent in program.Intents)
        {
            switch (intent)
            {
                case KeepIntent keep when keep.Flows.Contains(flow.Name):
                    foreach (var device in topology.Devices.Where(d => !PredicateSemantics.Holds(keep.Within, d)))
                    {
                        yield return device.Id;
                    }
                    break;
                case RouteIntent route when route.Flows.Contains(flow.Name):
                    foreach (var constraint in route.Constraints)
                    {
                        var excluded = constraint switch
                        {
                            PathConstraint.AvoidDevices avoid => topology.Devices.Where(d => PredicateSemantics.Holds(avoid.Devices, d)),
                            PathConstraint.WithinDevices within => topology.Devices.Where(d => !PredicateSemantics.Holds(within.Devices, d)),
                            _ => [],
                        };
                        foreach (var device in excluded)
                        {
                            yield return device.Id;
                        }
                    }
                    break;
            }
        }
    }

    private static IEnumerable<long> LatencyBounds(BoundProgram program, Flow flow) =>
        program.Intents.OfType<RouteIntent>().Where(r => r.Flows.Contains(flow.Name))
            .SelectMany(r => r.Constraints.OfType<PathConstraint.MaxLatency>()).Select(l => l.Micros);
}
