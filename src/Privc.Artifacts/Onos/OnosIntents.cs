using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Privc.Artifacts.Emit;
using Privc.Text;
using Privc.Semantics;
using Privc.Topology;
using Privc.Verification.Restrictions;

namespace Privc.Artifacts.Onos;

/// <summary>
/// <c>onos/intents/*.json</c>: the alternative to exact flow rules (specs/onos.md, "Flow rules or intents"). One
/// PointToPointIntent per packet path (requests and replies), each file one intent object, the body of one
/// <c>POST /onos/v1/intents</c> (IntentsWebResource.createIntent decodes exactly one intent with IntentCodec; a
/// wrapper object or an array is refused). The constraints carry what ONOS can enforce when it reroutes: the proven
/// devices as ordered waypoints, every device a keep or route intent of the flow forbids as an obstacle, and the
/// tightest latency bound.
/// </summary>
internal static class OnosIntents
{
    public static IReadOnlyList<ArtifactFile> Write(BoundProgram program, TopologyModel topology, IReadOnlyList<(PacketPath Path, bool UseTransport)> paths, string certificateDigest)
    {
        var digest = KeyDigest(certificateDigest);
        var restrictions = ProgramRestrictions.Of(program); // once: building it per flow made emitting quadratic
        var intents = paths
            .GroupBy(p => Key(p.Path, p.UseTransport, digest), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var files = new List<ArtifactFile>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var intent in intents)
        {
            var name = FileName(intent.Key[KeyPrefix(certificateDigest).Length..]);
            for (var n = 2; !names.Add(name); n++)
            {
                name = FileName(intent.Key[KeyPrefix(certificateDigest).Length..]) + "-" + n.ToString(CultureInfo.InvariantCulture);
            }
            files.Add(new ArtifactFile($"{OnosEmitter.IntentsFolder}{name}.json", JsonText.Write(json =>
            {
                var (path, useTransport) = intent.First();
                var flows = intent.Select(p => p.Path.Flow).DistinctBy(f => f.Name).ToList();
                var obstacles = flows.SelectMany(f => Forbidden(restrictions, topology, f)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                var latency = flows.SelectMany(f => LatencyBounds(restrictions, f)).DefaultIfEmpty(long.MaxValue).Min();
                json.WriteStartObject();
                json.WriteString("type", "PointToPointIntent");
                json.WriteString("appId", OnosEmitter.AppId);
                json.WriteString("key", intent.Key);
                json.WriteNumber("priority", OnosEmitter.Priority);
                json.WriteStartObject("selector");
                json.WriteStartArray("criteria");
                FlowRuleSpec.WriteSelector(json, null, path.SourcePrefix, path.TargetPrefix,
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
            })));
        }
        return files;
    }

    /// <summary>
    /// A file name for an intent from its key without the digest prefix (<c>edge-1->cloud-a:tcp-dst-443</c> becomes
    /// <c>edge-1_to_cloud-a_tcp-dst-443</c>): readable, stable across compiles, and safe on every file system.
    /// </summary>
    private static string FileName(string key)
    {
        var text = key.Replace("->", "_to_", StringComparison.Ordinal).Replace(':', '_');
        return new string(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray()).TrimStart('.');
    }

    /// <summary>specs/onos.md: intent keys carry the first 12 hex digits of the certificate digest (after "sha256:").</summary>
    internal static string KeyDigest(string certificateDigest)
    {
        var hex = certificateDigest.StartsWith("sha256:", StringComparison.Ordinal) ? certificateDigest["sha256:".Length..] : certificateDigest;
        return hex.Length > 12 ? hex[..12] : hex;
    }

    /// <summary>The prefix of every intent key of a compile with this certificate.</summary>
    internal static string KeyPrefix(string certificateDigest) => $"privc:{KeyDigest(certificateDigest)}:";

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

    /// <summary>ONOS ids of the devices the flow's restrictions rule out (keep within, route within and avoid).</summary>
    internal static IEnumerable<string> Forbidden(ProgramRestrictions restrictions, TopologyModel topology, Flow flow)
    {
        var constraints = Constraints(restrictions, flow);
        return topology.Devices.Where(d => constraints.Obstacles.Any(r => !r.Allows(d))).Select(d => d.Id);
    }

    private static IEnumerable<long> LatencyBounds(ProgramRestrictions restrictions, Flow flow) => Constraints(restrictions, flow).Latencies.Select(l => l.Micros);

    private static OnosConstraints Constraints(ProgramRestrictions restrictions, Flow flow)
    {
        var constraints = new OnosConstraints();
        foreach (var restriction in restrictions.OnFlow(flow.Name))
        {
            restriction.Accept(constraints);
        }
        return constraints;
    }

    /// <summary>
    /// Which of a flow's restrictions ONOS intents can carry when ONOS reroutes: devices to avoid (ObstacleConstraint)
    /// and a latency bound (LatencyConstraint). The rest has no ONOS constraint; the proven path's waypoints keep it
    /// only while ONOS keeps that path (specs/onos.md, "Flow rules or intents").
    /// </summary>
    private sealed class OnosConstraints : IRestrictionVisitor<bool>
    {
        public List<RouteDeviceRestriction> Obstacles { get; } = [];

        public List<LatencyRestriction> Latencies { get; } = [];

        public bool VisitRouteDevices(RouteDeviceRestriction restriction)
        {
            Obstacles.Add(restriction);
            return true;
        }

        public bool VisitLatency(LatencyRestriction restriction)
        {
            Latencies.Add(restriction);
            return true;
        }

        // No ONOS intent constraint expresses these.
        public bool VisitRouteLinks(RouteLinkRestriction restriction) => false;

        public bool VisitHops(HopRestriction restriction) => false;

        public bool VisitWaypoints(WaypointRestriction restriction) => false;

        // Placement restrictions are the scheduler's (Kubernetes manifests).
        public bool VisitNode(NodeRestriction restriction) => false;

        public bool VisitSeparation(SeparationRestriction restriction) => false;

        public bool VisitColocation(ColocationRestriction restriction) => false;

        public bool VisitDedication(DedicationRestriction restriction) => false;

        public bool VisitSpread(SpreadRestriction restriction) => false;
    }
}
