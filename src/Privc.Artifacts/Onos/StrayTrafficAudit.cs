using System.Collections.Immutable;
using Privc.Checking;
using Privc.Semantics;
using Privc.Text;
using Privc.Topology;

namespace Privc.Artifacts.Onos;

/// <summary>
/// Pod traffic no declared flow needs (specs/onos.md, "Pod addresses and CNI modes"). Rules may match wider
/// prefixes than one node's pod CIDR (an aggregate such as 10.244.0.0/16, or a /0), and then also carry packets of
/// other nodes' pods. Packets between two nodes that some declared flow connects (either way) are judged exactly by
/// <see cref="PairTracer"/>; this audit follows, from every node that runs a replica, every IPv4 packet its pods
/// may send to the pods of the nodes no declared flow connects it with. Such packets dropped by the first switch
/// are what privc's own rules do; any that the rules carry on (to another node, across a link, round a loop) is a
/// route no proof covers (a W3 violation with the packet as witness). Packets that reach what the tracer does not
/// follow (the controller, a group) are not reported: undeclared traffic is kept off the wire by the default-deny
/// NetworkPolicies (W5, judged on the Kubernetes side), ONOS's own IPv4 interception would otherwise make every
/// live flow table unjudgeable, and the declared flows' own packets are judged in full by the pair traces.
/// </summary>
internal sealed class StrayTrafficAudit(
    TopologyModel topology,
    Dictionary<string, ImmutableArray<OnosRule>> byDevice,
    SourceText flowsFile,
    int maxNodes)
{
    public void Audit(BoundProgram program, ImmutableArray<Placement> placements, List<RuleFinding> findings)
    {
        var nodesOf = placements.GroupBy(p => p.Service)
            .ToDictionary(g => g.Key, g => g.SelectMany(p => p.Nodes).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var peers = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var flow in program.Flows)
        {
            foreach (var source in nodesOf.GetValueOrDefault(flow.Source, []))
            {
                foreach (var target in nodesOf.GetValueOrDefault(flow.Target, []))
                {
                    Peers(peers, source).Add(target);
                    Peers(peers, target).Add(source);
                }
            }
        }
        var replicaNodes = nodesOf.Values.SelectMany(n => n).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(topology.FindNode).OfType<ComputeNode>();
        foreach (var node in replicaNodes)
        {
            var known = Peers(peers, node.Name);
            var strangers = topology.Nodes.Where(n => n.Name != node.Name && !known.Contains(n.Name)).ToList();
            if (strangers.Count > 0)
            {
                Walk(node, strangers, findings);
            }
        }
    }

    private static HashSet<string> Peers(Dictionary<string, HashSet<string>> peers, string node)
    {
        if (!peers.TryGetValue(node, out var set))
        {
            peers.Add(node, set = new HashSet<string>(StringComparer.Ordinal));
        }
        return set;
    }

    private void Walk(ComputeNode from, List<ComputeNode> strangers, List<RuleFinding> findings)
    {
        var space = new HeaderBdd(maxNodes);
        List<Outcome> outcomes;
        try
        {
            outcomes = new HeaderWalker(topology, byDevice, flowsFile).Walk(from, from, Headers(space, from, strangers));
        }
        catch (HeaderSpaceExhaustedException)
        {
            // Beyond the budget the audit finds nothing; the declared flows' walks report their own budget.
            return;
        }
        space.EndBudget();
        foreach (var outcome in outcomes)
        {
            var such = $"packets such as {PacketText.Describe(outcome.Packets)} from the pods of '{from.Name}', which no declared flow connects with the node they are addressed to,";
            var path = string.Join(" -> ", outcome.Devices);
            switch (outcome.Ending)
            {
                case Ending.CannotJudge:
                case Ending.BlackHole when outcome.Hops.IsEmpty:
                case Ending.Delivered:
                    // Beyond what privc follows, dropped by the first switch (what privc's own rules do), or sent back
                    // to the sender's own pods.
                    continue;
            }
            var what = outcome.Ending switch
            {
                Ending.Misdelivered => $"are carried along {path} and delivered: {outcome.What}",
                Ending.Loop => $"are carried along {path} and loop, {outcome.What}",
                _ => $"are carried along {path} before they are dropped: {outcome.What}",
            };
            var violation = new Violation(StructuralCondition.Routing, ViolationKind.UnexpectedRoute,
                $"the flow rules carry {such} {what}; a rule matching a wider prefix than the pods of a declared flow's nodes carries other pods' traffic on a route no proof covers",
                new Witness { SourceNode = from.Name, DevicePath = outcome.Devices, Device = outcome.At ?? outcome.Devices.LastOrDefault() });
            findings.Add(new RuleFinding(violation, RuleAt(outcome) ?? new SourceLocation(flowsFile, new TextSpan(0, 0))));
        }
    }

    /// <summary>The last rule that carried the packets on (the first one whose prefix let them in is what to fix, but the walk keeps no rule trail).</summary>
    private SourceLocation? RuleAt(Outcome outcome)
    {
        if (outcome.Hops.IsEmpty)
        {
            return null;
        }
        var first = outcome.Hops[0];
        // The rule on the first device that sends these packets out of the first hop's port.
        return byDevice.GetValueOrDefault(first.From, [])
            .Where(r => r.Match is { } match && outcome.Packets.Intersect(match) is { IsEmpty: false }
                && (r.Treatment.Immediate.Concat(r.Treatment.Deferred)).Any(a => a is RuleAction.Output o && o.Port == first.FromPort || a is RuleAction.Everywhere))
            .Select(r => (SourceLocation?)r.Location)
            .FirstOrDefault();
    }

    /// <summary>Every IPv4 packet from the node's pod addresses to any of the strangers' (any protocol, ports, VLAN, DSCP, MAC).</summary>
    private static HeaderSet Headers(HeaderBdd space, ComputeNode from, List<ComputeNode> strangers)
    {
        var source = from.PodAddresses;
        var cubes = new List<Cube>();
        foreach (var stranger in strangers)
        {
            var target = stranger.PodAddresses;
            var addressed = Cube.All.With(HeaderField.Ipv4Source, source.Address, source.Mask)!.Value.With(HeaderField.Ipv4Destination, target.Address, target.Mask)!.Value;
            foreach (var vlan in new[] { addressed.With(HeaderField.Vlan, HeaderFields.VlanTagged, HeaderFields.VlanTagged)!.Value, addressed.With(HeaderField.Vlan, 0)!.Value.With(HeaderField.VlanPriority, 0)!.Value })
            {
                cubes.Add(vlan);
            }
        }
        var all = HeaderSet.Of(space, cubes);
        // ICMP type and code are 8 bits each: the high bits of the transport fields are 0 for protocol 1.
        var icmp = Cube.All.With(HeaderField.IpProtocol, 1)!.Value;
        var icmpShaped = icmp.With(HeaderField.TransportSource, 0, 0xff00)!.Value.With(HeaderField.TransportDestination, 0, 0xff00)!.Value;
        return all.Subtract(icmp).Union(all.Intersect(icmpShaped));
    }
}
