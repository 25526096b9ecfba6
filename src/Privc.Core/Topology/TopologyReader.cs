using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using Privc.Diagnostics;
using Privc.Text;
using Privc.TypeSystem;
using YamlDotNet.RepresentationModel;

namespace Privc.Topology;

/// <summary>
/// Reads the YAML topology format of specs/language.md ("Topology files") into a <see cref="TopologyDocument"/>, the
/// untyped form <see cref="TopologyWriter"/> writes, with where each part was written. Each field is checked on its
/// own here (shape, unit, range, unknown fields); what needs the whole document (references, ports, label types)
/// is <see cref="TopologyResolver"/>'s. An entry too broken to read is reported and left out.
/// </summary>
internal sealed class TopologyReader
{
    private static readonly string[] RootFields = ["name", "scales", "nodes", "devices", "links", "network"];
    private static readonly string[] NodeFields = ["name", "labels", "capacity", "ip", "attach", "cost", "podCidr"];
    private static readonly string[] DeviceFields = ["id", "name", "labels"];
    private static readonly string[] LinkFields = ["a", "b", "latency", "bandwidth", "labels"];
    private static readonly string[] EndFields = ["device", "port"];
    private static readonly string[] CapacityFields = ["cpu", "memory"];
    private static readonly string[] NetworkFields = ["cni"];

    private readonly SourceText source;
    private readonly DiagnosticBag diagnostics;
    private readonly TopologyYaml yaml;

    private TopologyReader(SourceText source, DiagnosticBag diagnostics)
    {
        this.source = source;
        this.diagnostics = diagnostics;
        yaml = new TopologyYaml(source, diagnostics);
    }

    /// <summary>The document and where it was written, or null when the text is not a YAML mapping at all.</summary>
    public static ReadTopology? Read(SourceText source, DiagnosticBag diagnostics) => new TopologyReader(source, diagnostics).Read();

    private ReadTopology? Read()
    {
        if (yaml.ReadRoot() is not { } root)
        {
            return null;
        }
        yaml.CheckFields(root, RootFields, "the topology");
        var name = yaml.Scalar(root, "name") ?? Path.GetFileNameWithoutExtension(source.Path);
        var scales = ReadScales(root);
        var devices = ReadList(root, "devices", ReadDevice);
        var nodes = ReadList(root, "nodes", ReadNode);
        var links = ReadList(root, "links", ReadLink);
        var nodesKey = root.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => k.Value == "nodes");
        var (cni, cniNode) = ReadNetwork(root);
        var document = new TopologyDocument(name, scales, [.. devices.Select(d => d.Entry)], [.. nodes.Select(n => n.Entry)], [.. links.Select(l => l.Entry)]) { Cni = cni };
        var map = new TopologySourceMap(
            yaml.At(root),
            nodesKey is null ? null : yaml.At(nodesKey),
            [.. devices.Select(d => d.Source)],
            [.. nodes.Select(n => n.Source)],
            [.. links.Select(l => l.Source)])
        { Cni = cniNode is null ? null : yaml.At(cniNode) };
        return new ReadTopology(document, map, source);
    }

    /// <summary><c>network: {cni: MODE}</c>: the mode when it is one privc knows (PRIV3017 otherwise), and where it was written.</summary>
    private (string? Cni, YamlNode? Node) ReadNetwork(YamlMappingNode root)
    {
        if (TopologyYaml.Child(root, "network") is not { } node)
        {
            return (null, null);
        }
        if (node is not YamlMappingNode mapping)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(node), "network", "must be a mapping such as {cni: routed}"));
            return (null, null);
        }
        yaml.CheckFields(mapping, NetworkFields, "the network");
        if (yaml.Required(mapping, "cni", "the network") is not { } cniNode || yaml.ScalarValue(cniNode, "cni") is not { } cni)
        {
            return (null, null);
        }
        if (!ContainerNetwork.Modes.ContainsKey(cni))
        {
            diagnostics.Add(DiagnosticCatalogue.TopologyUnknownCni(yaml.At(cniNode), cni, ContainerNetwork.Modes.Keys));
            return (null, null);
        }
        return (cni, cniNode);
    }

    private ImmutableSortedDictionary<string, ImmutableArray<string>> ReadScales(YamlMappingNode root)
    {
        var result = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        if (TopologyYaml.Child(root, "scales") is not { } node)
        {
            return result.ToImmutable();
        }
        if (node is not YamlMappingNode mapping)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(node), "scales", "must map each ordered label key to its values, lowest first"));
            return result.ToImmutable();
        }
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
            {
                diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(keyNode), "scales", "keys must be label keys (non-empty strings)"));
                continue;
            }
            if (valueNode is not YamlSequenceNode sequence || sequence.Children.Any(c => c is not YamlScalarNode))
            {
                diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(valueNode), $"scales.{key}", "must be a list of values, lowest first"));
                continue;
            }
            var values = sequence.Children.Cast<YamlScalarNode>().Select(s => s.Value ?? string.Empty).ToImmutableArray();
            if (values.Distinct(StringComparer.Ordinal).Count() != values.Length)
            {
                diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(valueNode), $"scales.{key}", "lists a value twice"));
                continue;
            }
            if (AttributeSchema.BuiltIns.ContainsKey(key))
            {
                diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(keyNode), $"scales.{key}", "is a built-in attribute and cannot be a scale"));
                continue;
            }
            result[key] = values;
        }
        return result.ToImmutable();
    }

    private List<T> ReadList<T>(YamlMappingNode root, string field, Func<YamlMappingNode, T?> read)
        where T : struct
    {
        var list = new List<T>();
        if (TopologyYaml.Child(root, field) is not { } node || node is YamlScalarNode { Value: null or "" or "~" })
        {
            return list;
        }
        if (node is not YamlSequenceNode sequence)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(node), field, "must be a list"));
            return list;
        }
        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(item), field, "entries must be mappings"));
                continue;
            }
            if (read(mapping) is { } value)
            {
                list.Add(value);
            }
        }
        return list;
    }

    private (DeviceEntry Entry, DeviceSource Source)? ReadDevice(YamlMappingNode node)
    {
        yaml.CheckFields(node, DeviceFields, "a device");
        var idNode = TopologyYaml.Child(node, "id");
        var nameNode = TopologyYaml.Child(node, "name");
        if (idNode is null && nameNode is null)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologyMissingField(yaml.At(node), "device", "id"));
            return null;
        }
        // Either may be left out and defaults to the other.
        var id = yaml.ScalarValue(idNode ?? nameNode!, "id");
        var name = nameNode is null ? id : yaml.ScalarValue(nameNode, "name");
        if (id is null || name is null)
        {
            return null;
        }
        var (labels, labelSource) = ReadLabels(node);
        return (new DeviceEntry(id, name, labels), new DeviceSource(yaml.At(node), yaml.At(idNode ?? nameNode!), yaml.At(nameNode ?? idNode!), labelSource));
    }

    private (NodeEntry Entry, NodeSource Source)? ReadNode(YamlMappingNode node)
    {
        yaml.CheckFields(node, NodeFields, "a node");
        var nameNode = yaml.Required(node, "name", "node");
        var attach = yaml.Required(node, "attach", "node");
        var ipNode = TopologyYaml.Child(node, "ip");
        if (nameNode is null || attach is null)
        {
            return null;
        }
        var name = yaml.ScalarValue(nameNode, "name");
        if (name is null)
        {
            return null;
        }
        var ip = string.Empty;
        if (ipNode is not null && yaml.ScalarValue(ipNode, "ip") is { } ipText)
        {
            if (IsIpv4(ipText))
            {
                ip = ipText;
            }
            else
            {
                diagnostics.Add(DiagnosticCatalogue.TopologyBadAddress(yaml.At(ipNode), ipText));
            }
        }
        else if (ipNode is null)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologyMissingField(yaml.At(node), $"node '{name}'", "ip"));
        }
        var (cpu, memory) = ReadCapacity(node, name);
        var cost = ReadCost(node);
        var end = ReadEnd(attach, $"the attachment of node '{name}'");
        if (end is null)
        {
            return null;
        }
        var (labels, labelSource) = ReadLabels(node);
        var (device, deviceNode, port, portNode) = end.Value;
        var podCidrNode = TopologyYaml.Child(node, "podCidr");
        return (new NodeEntry(name, labels, cpu, memory, cost, ip, device, port) { PodCidr = ReadPodCidr(podCidrNode) },
            new NodeSource(yaml.At(node), yaml.At(nameNode), yaml.At(ipNode ?? node), yaml.At(deviceNode), yaml.At(portNode), labelSource)
            {
                PodCidr = podCidrNode is null ? null : yaml.At(podCidrNode),
            });
    }

    private Ipv4Prefix? ReadPodCidr(YamlNode? node)
    {
        if (node is null || yaml.ScalarValue(node, "podCidr") is not { } text)
        {
            return null;
        }
        var (prefix, problem) = Ipv4Prefix.Parse(text);
        if (problem is not null)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologyBadPodCidr(yaml.At(node), text, problem));
        }
        return prefix;
    }

    private decimal ReadCost(YamlMappingNode node)
    {
        if (TopologyYaml.Child(node, "cost") is not { } costNode || yaml.ScalarValue(costNode, "cost") is not { } costText)
        {
            return 0;
        }
        if (!decimal.TryParse(costText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cost))
        {
            diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(costNode), "cost", "must be a non-negative number"));
            return 0;
        }
        if (cost > TopologyLoader.MaxCost || TopologyLoader.DecimalPlaces(cost) > TopologyLoader.MaxCostDecimals)
        {
            // Costs are optimised exactly, as integers scaled by a power of ten; these bounds keep every sum in range.
            diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(costNode), "cost",
                $"must be at most {TopologyLoader.MaxCost.ToString(CultureInfo.InvariantCulture)} with at most {TopologyLoader.MaxCostDecimals} decimal places"));
            return 0;
        }
        return cost;
    }

    /// <summary>CPU in millicores and memory in bytes; a missing one is 0.</summary>
    private (long Cpu, long Memory) ReadCapacity(YamlMappingNode node, string name)
    {
        if (TopologyYaml.Child(node, "capacity") is not { } capacity)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologyMissingField(yaml.At(node), $"node '{name}'", "capacity"));
            return (0, 0);
        }
        if (capacity is not YamlMappingNode capacityMap)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(capacity), "capacity", "must be a mapping with 'cpu' and 'memory'"));
            return (0, 0);
        }
        yaml.CheckFields(capacityMap, CapacityFields, $"the capacity of node '{name}'");
        var cpu = yaml.Measure(capacityMap, "cpu", Dimension.Cpu, allowScalar: true) ?? 0;
        var memory = yaml.Measure(capacityMap, "memory", Dimension.Memory, allowScalar: true) ?? 0;
        return (cpu, memory);
    }

    private (LinkEntry Entry, LinkSource Source)? ReadLink(YamlMappingNode node)
    {
        yaml.CheckFields(node, LinkFields, "a link");
        var a = yaml.Required(node, "a", "link");
        var b = yaml.Required(node, "b", "link");
        if (a is null || b is null)
        {
            return null;
        }
        var endA = ReadEnd(a, "the link's end 'a'");
        var endB = ReadEnd(b, "the link's end 'b'");
        var latency = yaml.Measure(node, "latency", Dimension.Latency, allowScalar: false, required: true);
        var bandwidth = yaml.Measure(node, "bandwidth", Dimension.Bandwidth, allowScalar: false, required: true);
        if (endA is null || endB is null || latency is null || bandwidth is null)
        {
            return null;
        }
        var (labels, labelSource) = ReadLabels(node);
        var (deviceA, deviceANode, portA, portANode) = endA.Value;
        var (deviceB, deviceBNode, portB, portBNode) = endB.Value;
        return (new LinkEntry(deviceA, portA, deviceB, portB, latency.Value, bandwidth.Value, labels),
            new LinkSource(yaml.At(node), yaml.At(deviceANode), yaml.At(portANode), yaml.At(deviceBNode), yaml.At(portBNode), labelSource));
    }

    private (string Device, YamlNode DeviceNode, int Port, YamlNode PortNode)? ReadEnd(YamlNode node, string what)
    {
        if (node is not YamlMappingNode mapping)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(node), what, "must be a mapping with 'device' and 'port'"));
            return null;
        }
        yaml.CheckFields(mapping, EndFields, what);
        var deviceNode = yaml.Required(mapping, "device", what);
        var portNode = yaml.Required(mapping, "port", what);
        if (deviceNode is null || portNode is null)
        {
            return null;
        }
        var device = yaml.ScalarValue(deviceNode, "device");
        var portText = yaml.ScalarValue(portNode, "port");
        if (device is null || portText is null)
        {
            return null;
        }
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port < 1)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(portNode), "port", $"must be a positive port number, not '{portText}'"));
            return null;
        }
        return (device, deviceNode, port, portNode);
    }

    private (ImmutableSortedDictionary<string, string> Labels, LabelSource Source) ReadLabels(YamlMappingNode node)
    {
        var labels = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var keys = ImmutableSortedDictionary.CreateBuilder<string, SourceLocation>(StringComparer.Ordinal);
        var values = ImmutableSortedDictionary.CreateBuilder<string, SourceLocation>(StringComparer.Ordinal);
        var labelNode = TopologyYaml.Child(node, "labels");
        if (labelNode is not null and not YamlMappingNode)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(labelNode), "labels", "must be a mapping of keys to values"));
        }
        foreach (var (keyNode, valueNode) in (labelNode as YamlMappingNode)?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            if (AttributeSchema.BuiltIns.ContainsKey(key))
            {
                diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(keyNode), $"labels.{key}", "is a built-in attribute; choose another label key"));
                continue;
            }
            if (key.Length == 0)
            {
                diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(keyNode), "labels", "keys must be non-empty strings"));
                continue;
            }
            if (valueNode is not YamlScalarNode scalar)
            {
                diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(valueNode), $"labels.{key}", "must be a single value"));
                continue;
            }
            labels[key] = scalar.Value ?? string.Empty;
            keys[key] = yaml.At(keyNode);
            values[key] = yaml.At(valueNode);
        }
        return (labels.ToImmutable(), new LabelSource(keys.ToImmutable(), values.ToImmutable()));
    }

    private static bool IsIpv4(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, CultureInfo.InvariantCulture) <= 255)
            && IPAddress.TryParse(text, out _);
    }
}
