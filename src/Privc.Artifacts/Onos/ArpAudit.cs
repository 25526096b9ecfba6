using System.Collections.Immutable;
using Privc.Checking;
using Privc.Diagnostics;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Artifacts.Onos;

/// <summary>
/// ARP in the flow rules (specs/onos.md, "ARP"). ARP carries no flow's data, so the packet tracer never counts it
/// as a data flow (its packets are IPv4 only). But an ARP request names the pods' (or nodes') addresses and is
/// broadcast, so rules that forward ARP must keep it on the devices and links of the proven routes: this audit
/// follows ARP from every node that ends a delivered route, through every rule that may match ARP (highest
/// priority first, ties both ways, temporary rules as if present), and reports each rule that sends ARP out of a
/// port no delivered route uses, in either direction, as a W3 violation at that rule. What the controller does
/// with ARP it traps (ONOS's proxy ARP answers from its host store) is outside the flows file and not judged; any
/// other action privc does not follow (a GROUP without its group, or whose bucket privc cannot read, an extension,
/// an OUTPUT to NORMAL or LOCAL) is cannot judge (PRIV5150), so ARP that might leave the routes is never passed over.
/// The failover tracer runs the audit once per failure case on the rules as the switches then apply them, with that
/// case's delivered routes.
/// </summary>
internal static class ArpAudit
{
    /// <summary>The controller port: ARP sent there is trapped, not forwarded by the flows file.</summary>
    private const string ToController = "OUTPUT to CONTROLLER";

    public static void Audit(TopologyModel topology, Dictionary<string, ImmutableArray<OnosRule>> byDevice, IEnumerable<Route> routes, List<RuleFinding> findings, UnjudgedFindings unjudged)
    {
        var used = new HashSet<(string Device, long Port)>();
        var endpoints = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var route in routes.Where(r => !r.Devices.IsDefaultOrEmpty))
        {
            foreach (var name in new[] { route.SourceNode, route.TargetNode })
            {
                if (topology.FindNode(name) is { } node)
                {
                    used.Add((node.Device, node.Port));
                    endpoints.Add(name);
                }
            }
            foreach (var hop in route.Hops)
            {
                used.Add((hop.From, hop.FromPort));
                used.Add((hop.To, hop.ToPort));
            }
        }
        var seen = new HashSet<(string Device, long InPort)>();
        var reported = new HashSet<(int Rule, long Port)>();
        var queue = new Queue<(NetworkDevice Device, long InPort, ImmutableArray<string> Path)>();
        foreach (var name in endpoints)
        {
            var node = topology.FindNode(name)!;
            queue.Enqueue((topology.FindDevice(node.Device)!, node.Port, [node.Device]));
        }
        while (queue.Count > 0)
        {
            var (device, inPort, path) = queue.Dequeue();
            if (!seen.Add((device.Name, inPort)))
            {
                continue;
            }
            var matching = byDevice.GetValueOrDefault(device.Name, [])
                .Where(r => r.MayMatchArp && (r.Table is 0 or null) && (r.InPort is null || r.InPort == inPort)).ToList();
            if (matching.Count == 0)
            {
                continue;
            }
            var top = matching.Max(r => r.Priority);
            foreach (var rule in matching.Where(r => r.Priority == top))
            {
                foreach (var elsewhere in rule.Treatment.Immediate.Concat(rule.Treatment.Deferred).OfType<RuleAction.Elsewhere>().Where(e => e.Why.What != ToController))
                {
                    unjudged.Add(DiagnosticCatalogue.Codes.OnosCannotFollow, elsewhere.Why, $"arp {device.Name} {inPort}",
                        $"ARP entering '{device.Name}' by port {inPort} (reaching it along {string.Join(" -> ", path)})");
                }
                foreach (var port in OutPorts(topology, device, inPort, rule))
                {
                    if (!used.Contains((device.Name, port)))
                    {
                        if (reported.Add((rule.Index, port)))
                        {
                            findings.Add(new RuleFinding(Violation(topology, device, port, rule, path), rule.Location));
                        }
                        continue;
                    }
                    if (topology.OutgoingOf(device.Name).FirstOrDefault(l => l.FromPort == port) is { Link: not null } link)
                    {
                        queue.Enqueue((topology.FindDevice(link.To)!, link.ToPort, path.Add(link.To)));
                    }
                }
            }
        }
    }

    private static IEnumerable<long> OutPorts(TopologyModel topology, NetworkDevice device, long inPort, OnosRule rule)
    {
        foreach (var action in rule.Treatment.Immediate.Concat(rule.Treatment.Deferred))
        {
            switch (action)
            {
                case RuleAction.Output { ToInPort: true }:
                    yield return inPort;
                    break;
                case RuleAction.Output output when output.Port != inPort:
                    yield return output.Port;
                    break;
                case RuleAction.Everywhere:
                    foreach (var port in topology.OutgoingOf(device.Name).Select(l => (long)l.FromPort)
                        .Concat(topology.NodesByDevice.GetValueOrDefault(device.Name, []).Select(n => (long)n.Port)).Where(p => p != inPort).Distinct().Order())
                    {
                        yield return port;
                    }
                    break;
            }
        }
    }

    private static Violation Violation(TopologyModel topology, NetworkDevice device, long port, OnosRule rule, ImmutableArray<string> path)
    {
        var towards = topology.OutgoingOf(device.Name).FirstOrDefault(l => l.FromPort == port) is { Link: not null } link
            ? $"device '{link.To}'"
            : topology.NodesByDevice.GetValueOrDefault(device.Name, []).FirstOrDefault(n => n.Port == port) is { } node ? $"node '{node.Name}'" : "a port with no link and no node";
        return new Violation(StructuralCondition.Routing, ViolationKind.UnexpectedRoute,
            $"the rule at {rule.Location.Display} sends ARP (reaching it along {string.Join(" -> ", path)}) out of port {port} of '{device.Name}' towards {towards}, which no proven route uses: ARP requests carry the pods' addresses and must stay on the proven routes",
            new Witness { DevicePath = path, Device = device.Name, Port = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }
}
