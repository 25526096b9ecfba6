using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Privc.Diagnostics;
using Privc.Topology;

namespace Privc.Artifacts.Onos;

/// <summary>
/// One ARP rule: on a device, ARP entering by a port is copied out of every port some proven packet path entering
/// there leaves by. ONOS's codec decodes no ARP address criterion (ARP_SPA/ARP_TPA), so the in port is all a rule
/// can tell ARP packets apart by. In a resilient plan an out port a detour protects is replaced by that detour's
/// FAILOVER group (<see cref="GroupIds"/>, see <see cref="ArpFailover"/>).
/// </summary>
internal sealed record ArpRuleSpec(string DeviceId, int InPort, ImmutableArray<int> OutPorts)
{
    /// <summary>The FAILOVER groups ARP is also sent to, one per protected out port, in id order (after the outputs).</summary>
    public ImmutableArray<long> GroupIds { get; init; } = [];

    /// <summary>
    /// Above ONOS's own ARP interception (priority 40000, ETH_TYPE 0x0806 to CONTROLLER, installed by its host and
    /// proxy-ARP services), so that the pair's ARP follows the proven path instead of being flooded by the controller.
    /// </summary>
    public int Priority => OnosEmitter.Priority + 1;

    public void Write(Utf8JsonWriter json)
    {
        OnosEmitter.WriteRuleStart(json, Priority, DeviceId);
        foreach (var port in OutPorts)
        {
            json.WriteStartObject();
            json.WriteString("type", "OUTPUT");
            json.WriteString("port", port.ToString(CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }
        foreach (var group in GroupIds)
        {
            json.WriteStartObject();
            json.WriteString("type", "GROUP");
            json.WriteNumber("groupId", group);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("deferred");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartObject("selector");
        json.WriteStartArray("criteria");
        json.WriteStartObject();
        json.WriteString("type", "IN_PORT");
        json.WriteNumber("port", InPort);
        json.WriteEndObject();
        json.WriteStartObject();
        json.WriteString("type", "ETH_TYPE");
        json.WriteString("ethType", "0x0806");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}

/// <summary>
/// ARP along the proven paths (specs/onos.md, "ARP"): for every device of every packet path (requests and replies),
/// ARP entering by the path's in port leaves by the path's out port. A node's ARP request for its peer therefore
/// reaches the peer along the route the peer's traffic takes, and the answer comes back along the reverse route;
/// ARP never reaches a device or link that no proven route uses. Rules of paths that share an in port on a device
/// merge into one rule with several outputs; the result must not loop (PRIV8014), since ARP requests are
/// broadcast and nothing would stop a looping copy.
/// </summary>
internal static class ArpRules
{
    public static (ImmutableArray<ArpRuleSpec> Rules, ImmutableArray<Diagnostic> Diagnostics) Build(TopologyModel topology, IReadOnlyList<PacketPath> paths)
    {
        var (outPorts, firstPath) = Outputs(paths);
        if (FindLoop(topology, outPorts) is { } loop)
        {
            var flow = firstPath[loop].Flow;
            return ([], [DiagnosticCatalogue.OnosArpLoop(flow.Location, loop.Device, loop.InPort)]);
        }
        var rules = outPorts
            .Select(e => new ArpRuleSpec(topology.FindDevice(e.Key.Device)!.Id, e.Key.InPort, [.. e.Value]))
            .OrderBy(r => r.DeviceId, StringComparer.Ordinal).ThenBy(r => r.InPort)
            .ToImmutableArray();
        return (rules, []);
    }

    /// <summary>For every (device name, in port) of the paths, the out ports they leave by, and the first path that entered there.</summary>
    internal static (SortedDictionary<(string Device, int InPort), SortedSet<int>> OutPorts, Dictionary<(string Device, int InPort), PacketPath> FirstPath) Outputs(IReadOnlyList<PacketPath> paths)
    {
        var outPorts = new SortedDictionary<(string Device, int InPort), SortedSet<int>>();
        var firstPath = new Dictionary<(string Device, int InPort), PacketPath>();
        foreach (var path in paths)
        {
            foreach (var step in path.Steps)
            {
                var key = (step.Device.Name, step.InPort);
                if (!outPorts.TryGetValue(key, out var ports))
                {
                    outPorts.Add(key, ports = []);
                    firstPath.Add(key, path);
                }
                ports.Add(step.OutPort);
            }
        }
        return (outPorts, firstPath);
    }

    /// <summary>
    /// A (device, in port) an ARP copy can come back to, or null. The states are (device, in port); each output to a
    /// link leads to the state at the link's other end, an output to a node ends there. Depth-first with colours.
    /// </summary>
    internal static (string Device, int InPort)? FindLoop(TopologyModel topology, SortedDictionary<(string Device, int InPort), SortedSet<int>> outPorts)
    {
        var next = new Dictionary<(string, int), List<(string, int)>>();
        foreach (var ((device, inPort), ports) in outPorts)
        {
            var targets = new List<(string, int)>();
            foreach (var port in ports)
            {
                if (topology.OutgoingOf(device).FirstOrDefault(l => l.FromPort == port) is { Link: not null } link)
                {
                    targets.Add((link.To, link.ToPort));
                }
            }
            next[(device, inPort)] = targets;
        }
        var colour = new Dictionary<(string, int), int>();
        foreach (var start in outPorts.Keys)
        {
            if (colour.ContainsKey(start))
            {
                continue;
            }
            var stack = new Stack<((string, int) State, int Child)>();
            stack.Push((start, 0));
            colour[start] = 1;
            while (stack.Count > 0)
            {
                var (state, child) = stack.Pop();
                var children = next.GetValueOrDefault(state, []);
                if (child < children.Count)
                {
                    stack.Push((state, child + 1));
                    var target = children[child];
                    if (colour.GetValueOrDefault(target) == 1)
                    {
                        return target;
                    }
                    if (!colour.ContainsKey(target))
                    {
                        colour[target] = 1;
                        stack.Push((target, 0));
                    }
                }
                else
                {
                    colour[state] = 2;
                }
            }
        }
        return null;
    }
}
