using System.Globalization;
using System.Text;
using Privc.Semantics;
using Privc.Topology;
using Privc.TypeSystem;

namespace Privc.Llm.Prompting;

/// <summary>
/// The words a model may use for a topology, taken from its schema: every label key with its type, the element
/// kinds that carry it and its values (scales in order), then the nodes, devices and links themselves with their
/// labels, so that the model can tell which elements a predicate selects. Long lists are cut with a count.
/// </summary>
internal static class TopologyVocabulary
{
    public const int MaxValues = 40;
    public const int MaxElements = 60;

    public static string Render(TopologyModel topology)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Topology \"{topology.Name}\": {topology.Nodes.Length} compute nodes, {topology.Devices.Length} network devices, {topology.Links.Length} links (each usable both ways).\n");
        text.Append("Label keys (type; carried by; values):\n");
        foreach (var info in topology.Schema.Attributes.Values.Where(a => !a.BuiltIn))
        {
            // Keys as the language writes them, so that a key such as node-restriction.kubernetes.io/zone comes back quoted.
            text.Append("- ").Append(PredicatePrinter.Key(info.Key)).Append(": ").Append(Describe(info)).Append('\n');
        }
        text.Append("Built-in keys: nodes name, device, cpu, memory, cost; devices name, id; links latency, bandwidth.\n");

        text.Append("Compute nodes (name: labels; capacity; attached device):\n");
        foreach (var node in topology.Nodes.Take(MaxElements))
        {
            text.Append(CultureInfo.InvariantCulture, $"- {node.Name}: {Labels(node.Labels)}; {Units.Format(new Quantity(Dimension.Cpu, node.CpuMillis))} CPU, {Units.Format(new Quantity(Dimension.Memory, node.MemoryBytes))}");
            if (node.Cost != 0)
            {
                text.Append(CultureInfo.InvariantCulture, $", cost {node.Cost}");
            }
            text.Append("; on ").Append(node.Device).Append('\n');
        }
        More(text, topology.Nodes.Length, "nodes");

        text.Append("Network devices (name (id): labels):\n");
        foreach (var device in topology.Devices.Take(MaxElements))
        {
            text.Append(CultureInfo.InvariantCulture, $"- {device.Name} ({device.Id}): {Labels(device.Labels)}\n");
        }
        More(text, topology.Devices.Length, "devices");

        text.Append("Links (device - device: latency, bandwidth, labels):\n");
        foreach (var link in topology.Links.Take(MaxElements))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"- {link.DeviceA} - {link.DeviceB}: {Units.FormatMillis(link.LatencyMicros)}, {Units.Format(new Quantity(Dimension.Bandwidth, link.BandwidthBps))}, {Labels(link.Labels)}\n");
        }
        More(text, topology.Links.Length, "links");
        return text.ToString();
    }

    private static string Describe(AttributeInfo info)
    {
        var on = string.Join(", ", new[] { (ElementKind.Node, "nodes"), (ElementKind.Device, "devices"), (ElementKind.Link, "links") }
            .Where(k => (info.PresentOn & k.Item1) != 0).Select(k => k.Item2));
        return info.Kind switch
        {
            AttributeKind.Flag => $"flag (true/false) on {on}",
            AttributeKind.Level => $"ordered scale {string.Join(" < ", info.Scale)} on {on}; compare with == != < <= > >=",
            AttributeKind.Text => $"text on {on}; values {Values(info.Values)}",
            AttributeKind.Number => $"number on {on}; values {Values(info.Values)}",
            _ => $"{info.Kind.ToString().ToLowerInvariant()} quantity on {on}; values {Values(info.Values)}",
        };
    }

    private static string Values(IReadOnlyCollection<string> values) =>
        values.Count <= MaxValues
            ? string.Join(", ", values)
            : string.Join(", ", values.Take(MaxValues)) + $", ... ({values.Count - MaxValues} more)";

    private static string Labels(IReadOnlyDictionary<string, string> labels) =>
        labels.Count == 0 ? "no labels" : string.Join(", ", labels.Select(l => $"{l.Key}={l.Value}"));

    private static void More(StringBuilder text, int count, string what)
    {
        if (count > MaxElements)
        {
            text.Append(CultureInfo.InvariantCulture, $"- ... and {count - MaxElements} more {what}\n");
        }
    }
}
