using System.Collections.Immutable;
using Privc.Diagnostics;
using Privc.Text;
using Privc.TypeSystem;

namespace Privc.Topology;

/// <summary>
/// Turns a read <see cref="TopologyDocument"/> into the <see cref="TopologyModel"/>: checks what needs the whole
/// document (at least one node, unique names, ids and addresses, device references, each port used once, no link
/// from a device to itself), then builds the elements with their typed attributes, sorted by name, and the graph.
/// </summary>
internal static class TopologyResolver
{
    /// <summary>The device names node attachments and link ends resolve to, in document order; null where they do not.</summary>
    public sealed record Attachments(ImmutableArray<string?> Nodes, ImmutableArray<(string? A, string? B)> Links);

    /// <summary>Reports every inconsistency between entries and resolves device references by name or id.</summary>
    public static Attachments Check(ReadTopology read, DiagnosticBag diagnostics)
    {
        var (document, map, _) = read;
        if (document.Nodes.IsEmpty && !diagnostics.HasErrors)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologyEmpty(map.NodesKey ?? map.Root));
        }

        var devices = document.Devices.Zip(map.Devices).ToList();
        var nodeEntries = document.Nodes.Zip(map.Nodes).ToList();
        CheckUnique(devices.Select(d => (d.First.Name, d.Second.Name)), "device", diagnostics);
        // A device named by its id alone has one identifier, already checked as a name.
        CheckUnique(devices.Where(d => d.First.Id != d.First.Name).Select(d => (d.First.Id, d.Second.Id)), "device id", diagnostics);
        CheckUnique(nodeEntries.Select(n => (n.First.Name, n.Second.Name)), "node", diagnostics);
        CheckUnique(nodeEntries.Where(n => n.First.Ip.Length > 0).Select(n => (n.First.Ip, n.Second.Ip)), "IP address", diagnostics);
        PodAddressCheck.Check(document, map, diagnostics);

        var byNameOrId = new Dictionary<string, DeviceEntry>(StringComparer.Ordinal);
        foreach (var device in document.Devices)
        {
            byNameOrId.TryAdd(device.Name, device);
            byNameOrId.TryAdd(device.Id, device);
        }
        string? Resolve(string reference, SourceLocation location)
        {
            if (byNameOrId.TryGetValue(reference, out var device))
            {
                return device.Name;
            }
            diagnostics.Add(DiagnosticCatalogue.TopologyUnknownDevice(location, reference, Suggestions.Nearest(reference, document.Devices.Select(d => d.Name))));
            return null;
        }
        var portUse = new Dictionary<(string, int), string>();
        void UsePort(string device, int port, SourceLocation location, string user)
        {
            if (!portUse.TryAdd((device, port), user))
            {
                diagnostics.Add(DiagnosticCatalogue.TopologyDuplicatePort(location, device, port, portUse[(device, port)]));
            }
        }

        var nodes = ImmutableArray.CreateBuilder<string?>(document.Nodes.Length);
        for (var i = 0; i < document.Nodes.Length; i++)
        {
            var node = document.Nodes[i];
            var device = Resolve(node.Device, map.Nodes[i].Device);
            if (device is not null)
            {
                UsePort(device, node.Port, map.Nodes[i].Port, $"node '{node.Name}'");
            }
            nodes.Add(device);
        }
        var links = ImmutableArray.CreateBuilder<(string?, string?)>(document.Links.Length);
        for (var i = 0; i < document.Links.Length; i++)
        {
            var (link, source) = (document.Links[i], map.Links[i]);
            var a = Resolve(link.DeviceA, source.DeviceA);
            var b = Resolve(link.DeviceB, source.DeviceB);
            links.Add((a, b));
            if (a is not null && b is not null && a == b)
            {
                diagnostics.Add(DiagnosticCatalogue.TopologySelfLoop(source.Entry, a));
                continue;
            }
            var user = $"the link at line {source.Entry.Start.Line}";
            if (a is not null)
            {
                UsePort(a, link.PortA, source.PortA, user);
            }
            if (b is not null)
            {
                UsePort(b, link.PortB, source.PortB, user);
            }
        }
        return new Attachments(nodes.MoveToImmutable(), links.MoveToImmutable());
    }

    /// <summary>The model of a document that passed <see cref="Check"/> without errors, and a warning if its network is in parts.</summary>
    public static TopologyModel Build(ReadTopology read, Attachments attachments, AttributeSchema schema, DiagnosticBag diagnostics)
    {
        var (document, map, source) = read;
        var devices = document.Devices.Select((d, i) =>
            new NetworkDevice(d.Id, d.Name, d.Labels, Attributes(schema, d.Labels, new()
            {
                ["name"] = new AttributeValue.Text(d.Name),
                ["id"] = new AttributeValue.Text(d.Id),
            }), map.Devices[i].Entry)).OrderBy(d => d.Name, StringComparer.Ordinal).ToImmutableArray();
        var nodes = document.Nodes.Select((n, i) => (Node: n, Device: attachments.Nodes[i]!, Location: map.Nodes[i].Entry)).Select(n =>
            new ComputeNode(n.Node.Name, n.Node.Labels, n.Node.CpuMillis, n.Node.MemoryBytes, n.Node.Ip, n.Device, n.Node.Port, n.Node.Cost, Attributes(schema, n.Node.Labels, new()
            {
                ["name"] = new AttributeValue.Text(n.Node.Name),
                ["device"] = new AttributeValue.Text(n.Device),
                ["cpu"] = new AttributeValue.Measure(new Quantity(Dimension.Cpu, n.Node.CpuMillis)),
                ["memory"] = new AttributeValue.Measure(new Quantity(Dimension.Memory, n.Node.MemoryBytes)),
                ["cost"] = new AttributeValue.Number(n.Node.Cost),
            }), n.Location) { PodCidr = n.Node.PodCidr }).OrderBy(n => n.Name, StringComparer.Ordinal).ToImmutableArray();
        var links = document.Links.Select((l, i) =>
            new NetworkLink(i, attachments.Links[i].A!, l.PortA, attachments.Links[i].B!, l.PortB, l.LatencyMicros, l.BandwidthBps, l.Labels, Attributes(schema, l.Labels, new()
            {
                ["latency"] = new AttributeValue.Measure(new Quantity(Dimension.Latency, l.LatencyMicros)),
                ["bandwidth"] = new AttributeValue.Measure(new Quantity(Dimension.Bandwidth, l.BandwidthBps)),
            }), map.Links[i].Entry)).ToImmutableArray();
        var topology = new TopologyModel(document.Name, nodes, devices, links, document.Scales, schema, source)
        {
            Network = document.Cni is { } cni ? new ContainerNetwork(cni, map.Cni) : null,
        };
        WarnIfDisconnected(topology, map, diagnostics);
        return topology;
    }

    private static void CheckUnique(IEnumerable<(string Name, SourceLocation Location)> items, string what, DiagnosticBag diagnostics)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, location) in items)
        {
            if (!seen.Add(name))
            {
                diagnostics.Add(DiagnosticCatalogue.TopologyDuplicate(location, what, name));
            }
        }
    }

    private static ImmutableSortedDictionary<string, AttributeValue> Attributes(
        AttributeSchema schema, ImmutableSortedDictionary<string, string> labels, Dictionary<string, AttributeValue> builtIns)
    {
        var result = ImmutableSortedDictionary.CreateBuilder<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var (key, value) in builtIns)
        {
            result[key] = value;
        }
        foreach (var (key, raw) in labels)
        {
            result[key] = AttributeSchemaInference.Typed(schema.Find(key)!, raw);
        }
        return result.ToImmutable();
    }

    private static void WarnIfDisconnected(TopologyModel topology, TopologySourceMap map, DiagnosticBag diagnostics)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var components = 0;
        string? firstCut = null;
        foreach (var device in topology.Devices)
        {
            if (!seen.Add(device.Name))
            {
                continue;
            }
            components++;
            if (components == 2)
            {
                firstCut = device.Name;
            }
            var queue = new Queue<string>([device.Name]);
            while (queue.Count > 0)
            {
                foreach (var link in topology.OutgoingOf(queue.Dequeue()))
                {
                    if (seen.Add(link.To))
                    {
                        queue.Enqueue(link.To);
                    }
                }
            }
        }
        if (components > 1)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologyDisconnected(topology.FindDevice(firstCut!)?.Location ?? map.Root, components, firstCut!));
        }
    }
}
