using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Privc.Checking;
using Privc.Diagnostics;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Artifacts.Onos;

/// <summary>
/// The rules and groups of a resilient plan, the failures no group could bypass (PRIV4020 warnings), and every detour
/// taken, in the planner's order (the ARP rules follow them, <see cref="ArpFailover"/>).
/// </summary>
internal sealed record FailoverPlan(ImmutableArray<FlowRuleSpec> Rules, ImmutableArray<OnosGroupSpec> Groups, ImmutableArray<Diagnostic> Warnings, ImmutableArray<FailoverTolerance.Failure> Unprotected)
{
    public ImmutableArray<FailoverDetour> Detours { get; init; } = [];
}

/// <summary>
/// One detour of one packet path: at <see cref="Detector"/> (its in port and primary output) the group
/// <see cref="GroupId"/> switches to <see cref="Steps"/>' first output when <see cref="Element"/> fails; the steps run
/// from the detector (its backup output) to the path's last device (its output to the node).
/// </summary>
internal sealed record FailoverDetour(PacketPath Path, Step Detector, ImmutableArray<Step> Steps, bool Crankback, long GroupId, string Element);

/// <summary>
/// Fast-failover for a resilient plan (specs/onos.md, "Fast-failover groups"). For every packet path (each
/// direction of each route, as the flow rules realise it) and every link e_i of it, the device before e_i is the
/// only one that sees the failure of e_i or of the device after it (its port goes down). There a FAILOVER group
/// keeps the primary output while its port is live and otherwise takes a detour: a path from that device to the
/// last one that avoids the failed element (the next device, or for the last link its cable), continues the
/// primary's prefix as a simple path, and is compliant, as a whole, for every flow whose packets share the rules
/// (judged by the independent checker's <see cref="RouteJudge"/>, each member read in its own direction). The detour's
/// devices get rules matching the port it enters by; a detour is taken only when none of its rules contradicts a
/// rule already there (the same match with another output), so every failure case forwards deterministically.
/// Failures without such a detour keep the primary rule and are reported (PRIV4020): packets are then dropped, as
/// without failover, never sent on an unproven path.
/// </summary>
internal static class FailoverPlanner
{
    /// <summary>Candidate detours examined per failure before giving up on it.</summary>
    private const int WorkLimit = 20_000;

    private sealed record Member(PacketPath Path, bool Transport);

    public static FailoverPlan Plan(BoundProgram program, TopologyModel topology, IReadOnlyList<(PacketPath Path, bool UseTransport)> selected, IReadOnlyList<FlowRuleSpec> primary)
    {
        var judge = new RouteJudge(program, topology);
        var table = new Dictionary<(string Device, int InPort, string Match), (int Out, bool Primary)>();
        foreach (var rule in primary)
        {
            table[(rule.DeviceId, rule.InPort, MatchKey(rule))] = (rule.OutPort, true);
        }
        var detourRules = new List<FlowRuleSpec>();
        var grouped = new Dictionary<(string Device, int InPort, string Match), (int Primary, int Backup, bool Back)>();
        var detours = new List<(PacketPath Path, Step Detector, List<Step> Steps, string Element)>();
        var warnings = new List<Diagnostic>();
        var unprotected = new SortedSet<FailoverTolerance.Failure>();
        // One rule path per distinct set of rules; its members are every packet path those rules carry.
        var rulePaths = selected.GroupBy(m => RulePathKey(m.Path, m.UseTransport), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Select(m => new Member(m.Path, m.UseTransport)).ToList());
        foreach (var members in rulePaths)
        {
            var path = members[0].Path;
            var template = path.Rules(members[0].Transport).ToList();
            var steps = path.Steps;
            for (var i = 1; i < steps.Length; i++)
            {
                var detector = steps[i - 1];
                var next = steps[i];
                var cable = topology.OutgoingOf(detector.Device.Name).First(l => l.FromPort == detector.OutPort && l.To == next.Device.Name && l.ToPort == next.InPort).Link;
                var inner = i < steps.Length - 1;
                var detour = FindDetour(topology, judge, members, steps, i, inner ? next.Device.Name : null, cable.Index, template[0], table);
                var element = inner ? $"device '{next.Device.Name}' (or the cable to it)" : $"the cable {detector.Device.Name}:{detector.OutPort}<->{next.Device.Name}:{next.InPort}";
                if (detour is null)
                {
                    // The group would watch the port of e_i, which goes down when its cable or the device after it fails:
                    // with no detour around the device, neither failure has one here.
                    foreach (var flow in members.Select(m => m.Path.Flow.Name))
                    {
                        unprotected.Add(FailoverTolerance.Failure.OfCable(flow, cable));
                        if (inner)
                        {
                            unprotected.Add(FailoverTolerance.Failure.OfDevice(flow, next.Device.Name));
                        }
                    }
                    warnings.Add(DiagnosticCatalogue.FailoverNotLocal(path.Flow.Location, path.Flow.Name,
                        $"from '{path.Source.Name}' to '{path.Target.Name}' ({string.Join(" ", steps.Select(s => s.Device.Name))})", element, detector.Device.Name));
                    continue;
                }
                var key = (detector.Device.Id, detector.InPort, MatchKey(template[0]));
                // A backup out of the in port is written as the IN_PORT output (OpenFlow sends nothing back out of a packet's in port otherwise).
                grouped[key] = (detector.OutPort, detour[0].OutPort, detour[0].OutPort == detector.InPort);
                detours.AddRange(members.Select(m => (m.Path, detector, detour, element)));
                foreach (var step in detour.Skip(1))
                {
                    var stepKey = (step.Device.Id, step.InPort, MatchKey(template[0]));
                    if (!table.ContainsKey(stepKey))
                    {
                        table[stepKey] = (step.OutPort, false);
                        detourRules.Add(template[0] with { DeviceId = step.Device.Id, InPort = step.InPort, OutPort = step.OutPort });
                    }
                }
            }
        }

        var groups = grouped.Values.Zip(grouped.Keys).Select(g => (g.Second.Device, g.First.Primary, g.First.Backup, g.First.Back)).Distinct()
            .Select(g => OnosGroupSpec.Failover(g.Device, g.Primary, g.Backup, g.Back)).ToList();
        var ids = new Dictionary<(string, int, int, bool), long>();
        foreach (var device in groups.GroupBy(g => g.DeviceId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // Ids come from the group's content, so an identical group keeps its id across compiles (deploy reuses it);
            // on the rare collision within a device the next free id is taken, in a fixed order.
            var used = new HashSet<long>();
            foreach (var group in device.OrderBy(g => g.AppCookie, StringComparer.Ordinal))
            {
                var id = group.PreferredId;
                while (!used.Add(id))
                {
                    id = OnosGroupSpec.FirstId + ((id - OnosGroupSpec.FirstId + 1) % OnosGroupSpec.IdRange);
                }
                ids[(group.DeviceId, group.PrimaryPort, group.BackupPort, group.BackToInPort)] = id;
            }
        }
        var finalGroups = groups.Select(g => g with { GroupId = ids[(g.DeviceId, g.PrimaryPort, g.BackupPort, g.BackToInPort)] })
            .OrderBy(g => g.DeviceId, StringComparer.Ordinal).ThenBy(g => g.GroupId).ToImmutableArray();
        var rules = primary.Select(r => grouped.TryGetValue((r.DeviceId, r.InPort, MatchKey(r)), out var g)
                ? r with { GroupId = ids[(r.DeviceId, g.Primary, g.Backup, g.Back)] }
                : r)
            .Concat(detourRules).Distinct().OrderBy(r => r, FlowRuleSpec.Order).ToImmutableArray();
        var taken = detours.Select(d => new FailoverDetour(d.Path, d.Detector, [.. d.Steps], d.Steps[0].OutPort == d.Detector.InPort,
            ids[(d.Detector.Device.Id, d.Detector.OutPort, d.Steps[0].OutPort, d.Steps[0].OutPort == d.Detector.InPort)], d.Element)).ToImmutableArray();
        return new FailoverPlan(rules, finalGroups, warnings.Distinct().Order().ToImmutableArray(), [.. unprotected]) { Detours = taken };
    }

    /// <summary>
    /// The steps of a compliant detour from <c>steps[i-1]</c>, the detector first (its output is the backup: another
    /// port, or its in port to send the packets back), or null. Detours that branch off at the detector come first;
    /// then detours that go back along the primary (crankback) to an earlier device and branch off there. A branch is
    /// found depth first over the topology without the failed element and the primary prefix's devices, nearest to
    /// the target first.
    /// </summary>
    private static List<Step>? FindDetour(TopologyModel topology, RouteJudge judge, List<Member> members, ImmutableArray<Step> steps, int i,
        string? failedDevice, int failedCable, FlowRuleSpec template, Dictionary<(string, int, string), (int Out, bool Primary)> table)
    {
        var match = MatchKey(template);
        bool Agrees(Step step) => !table.TryGetValue((step.Device.Id, step.InPort, match), out var existing) || existing.Out == step.OutPort;
        for (var back = 0; back <= i - 1; back++)
        {
            // Back along the primary: the detector returns the packets by their in port, each earlier device by the
            // port they came in by, until the branch device.
            var walk = new List<Step>();
            var detector = steps[i - 1];
            if (back > 0)
            {
                walk.Add(detector with { OutPort = detector.InPort });
                for (var m = i - 2; m > i - 1 - back; m--)
                {
                    walk.Add(new Step(steps[m].Device, steps[m].OutPort, steps[m].InPort));
                }
                if (!walk.Skip(1).All(Agrees))
                {
                    continue;
                }
            }
            var branch = steps[i - 1 - back];
            var branchIn = back == 0 ? branch.InPort : branch.OutPort;
            var found = Branch(topology, judge, members, steps, i, back, walk, branch.Device, branchIn, failedDevice, failedCable, match, table);
            if (found is not null)
            {
                return found;
            }
        }
        return null;
    }

    private static List<Step>? Branch(TopologyModel topology, RouteJudge judge, List<Member> members, ImmutableArray<Step> steps, int i, int back, List<Step> walk,
        NetworkDevice start, int startIn, string? failedDevice, int failedCable, string match, Dictionary<(string, int, string), (int Out, bool Primary)> table)
    {
        var last = steps[^1];
        var prefix = steps.Take(i - 1).ToList();
        var visited = new HashSet<string>(steps.Take(i).Select(s => s.Device.Name), StringComparer.Ordinal);
        bool Usable(DirectedLink link) => link.Link.Index != failedCable && link.To != failedDevice && link.From != failedDevice;
        var distance = HopsTo(topology, last.Device.Name, Usable);
        var work = 0;
        var trail = new List<(DirectedLink Link, Step Leaving)>();
        List<Step>? Search(NetworkDevice device, int inPort)
        {
            if (++work > WorkLimit)
            {
                return null;
            }
            if (device.Name == last.Device.Name)
            {
                List<Step> detour = [.. walk, .. trail.Select(t => t.Leaving), new Step(last.Device, trail[^1].Link.ToPort, last.OutPort)];
                return Compliant(judge, members, [.. prefix, .. detour]) ? detour : null;
            }
            foreach (var link in topology.OutgoingOf(device.Name).Where(Usable).Where(l => !visited.Contains(l.To) && distance.ContainsKey(l.To))
                .OrderBy(l => distance[l.To]).ThenBy(l => l.To, StringComparer.Ordinal).ThenBy(l => l.FromPort))
            {
                // Every device but the detector forwards by a rule matching the port the detour enters by: an existing
                // rule with that match must already send the packets the detour's way.
                var leaving = new Step(device, inPort, link.FromPort);
                var isDetector = back == 0 && trail.Count == 0;
                if (!isDetector && table.TryGetValue((device.Id, inPort, match), out var existing) && existing.Out != link.FromPort)
                {
                    continue;
                }
                if (link.To == last.Device.Name && table.TryGetValue((last.Device.Id, link.ToPort, match), out var atEnd) && atEnd.Out != last.OutPort)
                {
                    continue;
                }
                visited.Add(link.To);
                trail.Add((link, leaving));
                var found = Search(topology.FindDevice(link.To)!, link.ToPort);
                trail.RemoveAt(trail.Count - 1);
                visited.Remove(link.To);
                if (found is not null || work > WorkLimit)
                {
                    return found;
                }
            }
            return null;
        }
        return Search(start, startIn);
    }

    /// <summary>Whether the whole path is a compliant route for every member, read in the member's flow direction.</summary>
    private static bool Compliant(RouteJudge judge, List<Member> members, List<Step> path)
    {
        var devices = path.Select(s => s.Device.Name).ToImmutableArray();
        var hops = path.Zip(path.Skip(1)).Select(p => new Hop(p.First.Device.Name, p.First.OutPort, p.Second.Device.Name, p.Second.InPort)).ToImmutableArray();
        var reversedHops = hops.Reverse().Select(h => new Hop(h.To, h.ToPort, h.From, h.FromPort)).ToImmutableArray();
        return members.All(m => judge.PassesAsWalk(m.Path.Reply
            ? new Route(m.Path.Flow.Name, m.Path.Route.SourceNode, m.Path.Route.TargetNode, devices.Reverse().ToImmutableArray(), reversedHops)
            : new Route(m.Path.Flow.Name, m.Path.Route.SourceNode, m.Path.Route.TargetNode, devices, hops)));
    }

    /// <summary>Hop counts to <paramref name="target"/> over the usable links (breadth first on the reversed links).</summary>
    private static Dictionary<string, int> HopsTo(TopologyModel topology, string target, Func<DirectedLink, bool> usable)
    {
        var distance = new Dictionary<string, int>(StringComparer.Ordinal) { [target] = 0 };
        var queue = new Queue<string>([target]);
        while (queue.TryDequeue(out var device))
        {
            foreach (var link in topology.Incoming.GetValueOrDefault(device, []).Where(usable))
            {
                if (!distance.ContainsKey(link.From))
                {
                    distance[link.From] = distance[device] + 1;
                    queue.Enqueue(link.From);
                }
            }
        }
        return distance;
    }

    private static string MatchKey(FlowRuleSpec rule) =>
        string.Create(CultureInfo.InvariantCulture, $"{rule.SourceIp}>{rule.TargetIp}:{rule.TcpDst}:{rule.TcpSrc}");

    private static string RulePathKey(PacketPath path, bool transport) =>
        string.Create(CultureInfo.InvariantCulture, $"{path.SourcePrefix.Address:D10}/{path.SourcePrefix.Length}>{path.TargetPrefix.Address:D10}/{path.TargetPrefix.Length}|{(transport && !path.Reply ? path.Flow.Port : null)}|{(transport && path.Reply ? path.Flow.Port : null)}|{path.StepsKey}");
}

/// <summary>
/// One ONOS group of type FAILOVER on one device: output to <see cref="PrimaryPort"/> while it is live, else to
/// <see cref="BackupPort"/>. Written as the body of <c>POST /onos/v1/groups/{deviceId}</c> (ONOS's GroupCodec and
/// GroupBucketCodec: type, deviceId, appCookie as 0x-hex, groupId, buckets with watchPort and watchGroup).
/// </summary>
internal sealed record OnosGroupSpec(string DeviceId, int PrimaryPort, int BackupPort, bool BackToInPort, string AppCookie, long PreferredId)
{
    /// <summary>privc's group ids lie in [FirstId, FirstId + IdRange), clear of OpenFlow's reserved ids (0xffffff00 and up).</summary>
    public const long FirstId = 0x70000000;

    public const long IdRange = 0x0fffffff;

    /// <summary>Cookies start with the bytes of "privc", so deploy tells privc's groups from others'.</summary>
    public const string CookiePrefix = "0x7072697663";

    public long GroupId { get; init; } = PreferredId;

    public static OnosGroupSpec Failover(string deviceId, int primaryPort, int backupPort, bool backToInPort)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"failover|{deviceId}|{primaryPort}|{backupPort}{(backToInPort ? "|in" : string.Empty)}")));
        var cookie = CookiePrefix + Convert.ToHexString(digest, 0, 8).ToLowerInvariant();
        var preferred = FirstId + ((long)BitConverter.ToUInt32(digest, 8) % IdRange);
        return new OnosGroupSpec(deviceId, primaryPort, backupPort, backToInPort, cookie, preferred);
    }

    /// <summary><c>{"groups":[...]}</c>; deploy posts each group to <c>/onos/v1/groups/{deviceId}</c> (ONOS has no batch POST for groups).</summary>
    public static string WriteAll(IEnumerable<OnosGroupSpec> groups) => Privc.Text.JsonText.Write(json =>
    {
        json.WriteStartObject();
        json.WriteStartArray("groups");
        foreach (var group in groups)
        {
            group.Write(json);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });

    public void Write(System.Text.Json.Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("type", "FAILOVER");
        json.WriteString("deviceId", DeviceId);
        json.WriteString("appCookie", AppCookie);
        json.WriteNumber("groupId", GroupId);
        json.WriteStartArray("buckets");
        foreach (var (port, back) in new[] { (PrimaryPort, false), (BackupPort, BackToInPort) })
        {
            var text = port.ToString(CultureInfo.InvariantCulture);
            json.WriteStartObject();
            json.WriteStartObject("treatment");
            json.WriteStartArray("instructions");
            json.WriteStartObject();
            json.WriteString("type", "OUTPUT");
            // Crankback: the packets go back out of the port they came in by, which OpenFlow does only for IN_PORT.
            json.WriteString("port", back ? "IN_PORT" : text);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteString("watchPort", text);
            // GroupBucketCodec casts watchGroup to a short: -1 becomes OpenFlow's OFPG_ANY (no group watched).
            json.WriteNumber("watchGroup", -1);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
