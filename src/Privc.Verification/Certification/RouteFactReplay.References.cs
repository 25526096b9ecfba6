using System.Text.Json;

namespace Privc.Certification;

/// <summary>
/// Re-derives replan's keepability verdicts (specs/encoding.md section 15.1): a reference route is keepable when both
/// its nodes still exist, every hop is still a directed link (same devices and ports), and the walk is a simple path
/// from the source node's device to the target node's that meets the flow class's condition (allowed devices and
/// links, latency and hop bounds, every waypoint chain in order); a route on one node is keepable when it has no hop.
/// Written apart from the solver's own judgement (ReferenceRoutes), which it must agree with.
/// </summary>
public static partial class RouteFactReplay
{
    private static (int Confirmed, int Refuted, string? First) References(JsonElement root, Network network, Dictionary<int, ClassCondition> classes)
    {
        if (!root.TryGetProperty("references", out var references))
        {
            return (0, 0, null);
        }
        var ports = root.GetProperty("linkPorts").EnumerateArray().Select(p => (From: p[0].GetInt32(), To: p[1].GetInt32())).ToArray();
        if (ports.Length != network.From.Length)
        {
            throw new FormatException("linkPorts does not give the ports of every link");
        }
        var nodes = root.GetProperty("nodes").EnumerateArray().ToDictionary(n => n[0].GetString()!, n => n[1].GetInt32(), StringComparer.Ordinal);
        if (nodes.Values.Any(d => d < 0 || d >= network.Devices.Length))
        {
            throw new FormatException("a node is attached to an unknown device");
        }
        var deviceIndex = network.Devices.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        int confirmed = 0, refuted = 0;
        string? first = null;
        foreach (var reference in references.EnumerateArray())
        {
            var flow = reference.GetProperty("flow").GetString()!;
            var id = reference.GetProperty("class").GetInt32();
            var source = reference.GetProperty("source").GetString()!;
            var target = reference.GetProperty("target").GetString()!;
            var hops = reference.GetProperty("hops").EnumerateArray().Select(h => (From: h[0].GetString()!, FromPort: h[1].GetInt32(), To: h[2].GetString()!, ToPort: h[3].GetInt32())).ToList();
            var claimed = reference.GetProperty("keepable").GetBoolean();
            if (!classes.TryGetValue(id, out var condition))
            {
                throw new FormatException($"the reference route of flow '{flow}' names class {id}, which is not recorded");
            }
            var derived = Keepable(network, condition, ports, nodes, deviceIndex, source, target, hops);
            if (derived == claimed)
            {
                confirmed++;
            }
            else
            {
                refuted++;
                first ??= $"flow '{flow}': the reference route from {source} to {target} is {(derived ? "keepable" : "not keepable")}, yet the certificate says {(claimed ? "keepable" : "not keepable")}";
            }
        }
        return (confirmed, refuted, first);
    }

    private static bool Keepable(Network network, ClassCondition condition, (int From, int To)[] ports, Dictionary<string, int> nodes, Dictionary<string, int> deviceIndex,
        string source, string target, List<(string From, int FromPort, string To, int ToPort)> hops)
    {
        if (!nodes.TryGetValue(source, out var start) || !nodes.TryGetValue(target, out var end))
        {
            return false; // a node is gone
        }
        if (source == target)
        {
            return hops.Count == 0;
        }
        var walk = new List<int> { start };
        long latency = 0;
        foreach (var hop in hops)
        {
            if (!deviceIndex.TryGetValue(hop.From, out var from) || !deviceIndex.TryGetValue(hop.To, out var to))
            {
                return false; // a device is gone
            }
            var link = Enumerable.Range(0, network.From.Length).FirstOrDefault(l => network.From[l] == from && network.To[l] == to && ports[l] == (hop.FromPort, hop.ToPort), -1);
            if (link < 0 || !condition.Links[link] || from != walk[^1])
            {
                return false; // the cable is gone, the flow may not use it, or the hops do not chain
            }
            latency += network.Latency[link];
            walk.Add(to);
        }
        if (walk[^1] != end || walk.Distinct().Count() != walk.Count || !walk.All(d => condition.Devices[d]))
        {
            return false;
        }
        if ((condition.MaxLatency is { } max && latency > max) || (condition.MaxHops is { } most && hops.Count > most))
        {
            return false;
        }
        return condition.Chains.All(chain =>
        {
            var stage = 0;
            foreach (var device in walk)
            {
                if (stage < chain.Length && chain[stage][device])
                {
                    stage++;
                }
            }
            return stage == chain.Length;
        });
    }
}
