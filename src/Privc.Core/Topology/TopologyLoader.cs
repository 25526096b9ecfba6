using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using Privc.Diagnostics;
using Privc.Parsing;
using Privc.Text;
using Privc.TypeSystem;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Privc.Topology;

/// <summary>The outcome of loading a topology: the model when it is consistent, and every diagnostic found.</summary>
public sealed record TopologyLoadResult(TopologyModel? Topology, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool Succeeded => Topology is not null;
}

/// <summary>
/// Reads the YAML topology format of specs/language.md ("Topology files"): top-level <c>name</c>, <c>scales</c>,
/// <c>nodes</c>, <c>devices</c> and <c>links</c>. Every malformed or inconsistent part is a diagnostic with its
/// position in the YAML; the model is returned only when there is no error.
/// </summary>
public static class TopologyLoader
{
    private const int MaxYamlDepth = 32;

    private static readonly string[] RootFields = ["name", "scales", "nodes", "devices", "links"];
    private static readonly string[] NodeFields = ["name", "labels", "capacity", "ip", "attach", "cost"];

    /// <summary>The largest node cost, and its most decimal places (specs/language.md, "Topology files").</summary>
    public const decimal MaxCost = 1_000_000m;

    public const int MaxCostDecimals = 6;

    /// <summary>Decimal places of a value without its trailing zeros (1.50 has one).</summary>
    public static int DecimalPlaces(decimal value)
    {
        var places = 0;
        for (var v = Math.Abs(value); v != decimal.Truncate(v); v *= 10)
        {
            places++;
        }
        return places;
    }
    private static readonly string[] DeviceFields = ["id", "name", "labels"];
    private static readonly string[] LinkFields = ["a", "b", "latency", "bandwidth", "labels"];
    private static readonly string[] EndFields = ["device", "port"];
    private static readonly string[] CapacityFields = ["cpu", "memory"];

    /// <summary>Label prefixes a kubelet may set on its own node (formats.md, "Label trust").</summary>
    private static readonly string[] SelfAssignablePrefixes = ["kubernetes.io/", "k8s.io/", "topology.kubernetes.io/", "beta.kubernetes.io/", "node.kubernetes.io/"];

    public static TopologyLoadResult LoadFile(string path)
    {
        var (source, error) = SourceReader.ReadFile(path);
        if (source is null)
        {
            return new TopologyLoadResult(null, [error!]);
        }
        return Load(source);
    }

    public static TopologyLoadResult Load(SourceText source)
    {
        var context = new LoadContext(source);
        var root = context.ReadDocument();
        if (root is null)
        {
            return new TopologyLoadResult(null, context.Diagnostics.ToSortedArray());
        }
        var topology = context.Build(root);
        var diagnostics = context.Diagnostics.ToSortedArray();
        return new TopologyLoadResult(context.Diagnostics.HasErrors ? null : topology, diagnostics);
    }

    private sealed class LoadContext
    {
        private readonly SourceText source;

        public LoadContext(SourceText source)
        {
            this.source = source;
        }

        public DiagnosticBag Diagnostics { get; } = new();

        public YamlMappingNode? ReadDocument()
        {
            if (!ScanEvents())
            {
                return null;
            }
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(source.Text));
            }
            catch (YamlException e)
            {
                Diagnostics.Add(DiagnosticCatalogue.TopologySyntax(At(e.Start, e.End), Clean(e.Message)));
                return null;
            }
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                var node = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
                Diagnostics.Add(DiagnosticCatalogue.TopologySyntax(node is null ? new SourceLocation(source, default) : At(node), "the document must be a mapping with 'nodes', 'devices' and 'links'"));
                return null;
            }
            if (stream.Documents.Count > 1)
            {
                Diagnostics.Add(DiagnosticCatalogue.TopologySyntax(At(stream.Documents[1].RootNode), "a topology file holds one YAML document"));
                return null;
            }
            return root;
        }

        /// <summary>
        /// Walks the event stream (iteratively) before building a tree, so that pathological nesting or alias
        /// expansion is rejected instead of exhausting the stack or memory.
        /// </summary>
        private bool ScanEvents()
        {
            var parser = new Parser(new StringReader(source.Text));
            var depth = 0;
            var last = Mark.Empty;
            try
            {
                while (parser.MoveNext())
                {
                    last = parser.Current!.End;
                    switch (parser.Current)
                    {
                        case AnchorAlias alias:
                            Diagnostics.Add(DiagnosticCatalogue.TopologySyntax(At(alias.Start, alias.End), "anchors and aliases are not supported in topology files"));
                            return false;
                        case NodeEvent { Anchor.IsEmpty: false } anchored:
                            Diagnostics.Add(DiagnosticCatalogue.TopologySyntax(At(anchored.Start, anchored.End), "anchors and aliases are not supported in topology files"));
                            return false;
                        case MappingStart or SequenceStart:
                            if (++depth > MaxYamlDepth)
                            {
                                Diagnostics.Add(DiagnosticCatalogue.TooDeep(At(parser.Current.Start, parser.Current.End), "YAML nesting", MaxYamlDepth));
                                return false;
                            }
                            break;
                        case MappingEnd or SequenceEnd:
                            depth--;
                            break;
                    }
                }
            }
            catch (YamlException e)
            {
                Diagnostics.Add(DiagnosticCatalogue.TopologySyntax(At(e.Start, e.End), Clean(e.Message)));
                return false;
            }
            catch (InvalidOperationException)
            {
                // YamlDotNet fails this way on some malformed flow collections (an unclosed '[' before a key).
                Diagnostics.Add(DiagnosticCatalogue.TopologySyntax(At(last, last), "malformed YAML after this point (an unclosed '[' or '{'?)"));
                return false;
            }
            return true;
        }

        public TopologyModel? Build(YamlMappingNode root)
        {
            CheckFields(root, RootFields, "the topology");
            var name = Scalar(root, "name") ?? Path.GetFileNameWithoutExtension(source.Path);
            var scales = ReadScales(root);
            var rawDevices = ReadList(root, "devices", ReadDevice);
            var rawNodes = ReadList(root, "nodes", ReadNode);
            var rawLinks = ReadList(root, "links", ReadLink);

            if (rawNodes.Count == 0 && !Diagnostics.HasErrors)
            {
                Diagnostics.Add(DiagnosticCatalogue.TopologyEmpty(root.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => k.Value == "nodes") is { } key ? At(key) : At(root)));
            }

            CheckUnique(rawDevices.Select(d => (d.Name, d.NameNode)), "device");
            CheckUnique(rawDevices.Where(d => d.Id != d.Name).Select(d => (d.Id, d.IdNode)), "device id");
            CheckUnique(rawNodes.Select(n => (n.Name, n.NameNode)), "node");
            CheckUnique(rawNodes.Where(n => n.Ip.Length > 0).Select(n => (n.Ip, n.IpNode)), "IP address");

            var deviceNames = new Dictionary<string, RawDevice>(StringComparer.Ordinal);
            foreach (var d in rawDevices)
            {
                deviceNames.TryAdd(d.Name, d);
                deviceNames.TryAdd(d.Id, d);
            }
            var portUse = new Dictionary<(string, int), string>();
            string? Resolve(string reference, YamlNode node)
            {
                if (deviceNames.TryGetValue(reference, out var device))
                {
                    return device.Name;
                }
                Diagnostics.Add(DiagnosticCatalogue.TopologyUnknownDevice(At(node), reference, Suggestions.Nearest(reference, rawDevices.Select(d => d.Name))));
                return null;
            }
            void UsePort(string device, int port, YamlNode node, string user)
            {
                if (portUse.TryGetValue((device, port), out var first))
                {
                    Diagnostics.Add(DiagnosticCatalogue.TopologyDuplicatePort(At(node), device, port, first));
                }
                else
                {
                    portUse[(device, port)] = user;
                }
            }

            foreach (var node in rawNodes)
            {
                node.Device = Resolve(node.DeviceRef, node.DeviceNode);
                if (node.Device is not null)
                {
                    UsePort(node.Device, node.Port, node.PortNode, $"node '{node.Name}'");
                }
            }
            foreach (var link in rawLinks)
            {
                link.A = Resolve(link.ARef, link.ANode);
                link.B = Resolve(link.BRef, link.BNode);
                if (link.A is not null && link.B is not null && link.A == link.B)
                {
                    Diagnostics.Add(DiagnosticCatalogue.TopologySelfLoop(At(link.Node), link.A));
                    continue;
                }
                if (link.A is not null)
                {
                    UsePort(link.A, link.APort, link.APortNode, $"the link at line {link.Node.Start.Line}");
                }
                if (link.B is not null)
                {
                    UsePort(link.B, link.BPort, link.BPortNode, $"the link at line {link.Node.Start.Line}");
                }
            }

            var schema = BuildSchema(scales, rawNodes.Select(n => (n.Labels, n.LabelNodes, ElementKind.Node))
                .Concat(rawDevices.Select(d => (d.Labels, d.LabelNodes, ElementKind.Device)))
                .Concat(rawLinks.Select(l => (l.Labels, l.LabelNodes, ElementKind.Link))));
            foreach (var node in rawNodes)
            {
                foreach (var (key, keyNode) in node.LabelKeyNodes)
                {
                    if (SelfAssignablePrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)))
                    {
                        Diagnostics.Add(DiagnosticCatalogue.TopologySelfAssignableLabel(At(keyNode), key));
                    }
                }
            }
            if (Diagnostics.HasErrors)
            {
                return null;
            }

            var devices = rawDevices.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d =>
                new NetworkDevice(d.Id, d.Name, d.Labels, Attributes(schema, d.Labels, new()
                {
                    ["name"] = new AttributeValue.Text(d.Name),
                    ["id"] = new AttributeValue.Text(d.Id),
                }), At(d.Node))).ToImmutableArray();
            var nodes = rawNodes.OrderBy(n => n.Name, StringComparer.Ordinal).Select(n =>
                new ComputeNode(n.Name, n.Labels, n.Cpu, n.Memory, n.Ip, n.Device!, n.Port, n.Cost, Attributes(schema, n.Labels, new()
                {
                    ["name"] = new AttributeValue.Text(n.Name),
                    ["device"] = new AttributeValue.Text(n.Device!),
                    ["cpu"] = new AttributeValue.Measure(new Quantity(Dimension.Cpu, n.Cpu)),
                    ["memory"] = new AttributeValue.Measure(new Quantity(Dimension.Memory, n.Memory)),
                    ["cost"] = new AttributeValue.Number(n.Cost),
                }), At(n.Node))).ToImmutableArray();
            var links = rawLinks.Select((l, i) =>
                new NetworkLink(i, l.A!, l.APort, l.B!, l.BPort, l.Latency, l.Bandwidth, l.Labels, Attributes(schema, l.Labels, new()
                {
                    ["latency"] = new AttributeValue.Measure(new Quantity(Dimension.Latency, l.Latency)),
                    ["bandwidth"] = new AttributeValue.Measure(new Quantity(Dimension.Bandwidth, l.Bandwidth)),
                }), At(l.Node))).ToImmutableArray();
            var topology = new TopologyModel(name, nodes, devices, links, scales, schema, source);
            WarnIfDisconnected(topology, root);
            return topology;
        }

        private void WarnIfDisconnected(TopologyModel topology, YamlMappingNode root)
        {
            if (topology.Devices.Length == 0)
            {
                return;
            }
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
                var anchor = topology.FindDevice(firstCut!)?.Location ?? At(root);
                Diagnostics.Add(DiagnosticCatalogue.TopologyDisconnected(anchor, components, firstCut!));
            }
        }

        private ImmutableSortedDictionary<string, ImmutableArray<string>> ReadScales(YamlMappingNode root)
        {
            var result = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
            if (!root.Children.TryGetValue(new YamlScalarNode("scales"), out var node))
            {
                return result.ToImmutable();
            }
            if (node is not YamlMappingNode mapping)
            {
                Diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(At(node), "scales", "must map each ordered label key to its values, lowest first"));
                return result.ToImmutable();
            }
            foreach (var (keyNode, valueNode) in mapping.Children)
            {
                if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
                {
                    Diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(At(keyNode), "scales", "keys must be label keys (non-empty strings)"));
                    continue;
                }
                if (valueNode is not YamlSequenceNode sequence || sequence.Children.Any(c => c is not YamlScalarNode))
                {
                    Diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(At(valueNode), $"scales.{key}", "must be a list of values, lowest first"));
                    continue;
                }
                var values = sequence.Children.Cast<YamlScalarNode>().Select(s => s.Value ?? string.Empty).ToImmutableArray();
                if (values.Distinct(StringComparer.Ordinal).Count() != values.Length)
                {
                    Diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(At(valueNode), $"scales.{key}", "lists a value twice"));
                    continue;
                }
                if (AttributeSchema.BuiltIns.ContainsKey(key))
                {
                    Diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(At(keyNode), $"scales.{key}", "is a built-in attribute and cannot be a scale"));
                    continue;
                }
                result[key] = values;
            }
            return result.ToImmutable();
        }

        private List<T> ReadList<T>(YamlMappingNode root, string field, Func<YamlMappingNode, T?> read)
            where T : class
        {
            var list = new List<T>();
            if (!root.Children.TryGetValue(new YamlScalarNode(field), out var node) || node is YamlScalarNode { Value: null or "" or "~" })
            {
                return list;
            }
            if (node is not YamlSequenceNode sequence)
            {
                Diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(At(node), field, "must be a list"));
                return list;
            }
            foreach (var item in sequence.Children)
            {
                if (item is not YamlMappingNode mapping)
                {
                    Diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(At(item), field, "entries must be mappings"));
                    continue;
                }
                if (read(mapping) is { } value)
                {
                    list.Add(value);
                }
            }
            return list;
        }

        private RawDevice? ReadDevice(YamlMappingNode node)
        {
            CheckFields(node, DeviceFields, "a device");
            var idNode = Child(node, "id");
            var nameNode = Child(node, "name");
            if (idNode is null && nameNode is null)
            {
                Diagnostics.Add(DiagnosticCatalogue.TopologyMissingField(At(node), "device", "id"));
                return null;
            }
            var id = ScalarValue(idNode ?? nameNode!, "id");
            var name = nameNode is null ? id : ScalarValue(nameNode, "name");
            if (id is null || name is null)
            {
                return null;
            }
            var (labels, labelNodes, keyNodes) = ReadLabels(node);
            return new RawDevice(node, id, idNode ?? nameNode!, name, nameNode ?? idNode!, labels, labelNodes);
        }

        private RawNode? ReadNode(YamlMappingNode node)
        {
            CheckFields(node, NodeFields, "a node");
            var nameNode = Required(node, "name", "node");
            var attach = Required(node, "attach", "node");
            var ipNode = Child(node, "ip");
            if (nameNode is null || attach is null)
            {
                return null;
            }
            var name = ScalarValue(nameNode, "name");
            if (name is null)
            {
                return null;
            }
            var ip = string.Empty;
            if (ipNode is not null && ScalarValue(ipNode, "ip") is { } ipText)
            {
                if (IsIpv4(ipText))
                {
                    ip = ipText;
                }
                else
                {
                    Diagnostics.Add(DiagnosticCatalogue.TopologyBadAddress(At(ipNode), ipText));
                }
            }
            else if (ipNode is null)
            {
                Diagnostics.Add(DiagnosticCatalogue.TopologyMissingField(At(node), $"node '{name}'", "ip"));
            }
            long cpu = 0, memory = 0;
            if (Child(node, "capacity") is { } capacity)
            {
                if (capacity is YamlMappingNode capacityMap)
                {
                    CheckFields(capacityMap, CapacityFields, $"the capacity of node '{name}'");
                    cpu = Measure(capacityMap, "cpu", Dimension.Cpu, allowScalar: true) ?? 0;
                    memory = Measure(capacityMap, "memory", Dimension.Memory, allowScalar: true) ?? 0;
                }
                else
                {
                    Diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(At(capacity), "capacity", "must be a mapping with 'cpu' and 'memory'"));
                }
            }
            else
            {
                Diagnostics.Add(DiagnosticCatalogue.TopologyMissingField(At(node), $"node '{name}'", "capacity"));
            }
            decimal cost = 0;
            if (Child(node, "cost") is { } costNode && ScalarValue(costNode, "cost") is { } costText)
            {
                if (!decimal.TryParse(costText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out cost))
                {
                    Diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(At(costNode), "cost", "must be a non-negative number"));
                }
                else if (cost > MaxCost || DecimalPlaces(cost) > MaxCostDecimals)
                {
                    // Costs are optimised exactly, as integers scaled by a power of ten; these bounds keep every sum in range.
                    Diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(At(costNode), "cost",
                        $"must be at most {MaxCost.ToString(CultureInfo.InvariantCulture)} with at most {MaxCostDecimals} decimal places"));
                    cost = 0;
                }
            }
            var end = ReadEnd(attach, $"the attachment of node '{name}'");
            if (end is null)
            {
                return null;
            }
            var (labels, labelNodes, keyNodes) = ReadLabels(node);
            return new RawNode(node, name, nameNode, ip, ipNode ?? node, cpu, memory, cost, end.Value.Device, end.Value.DeviceNode, end.Value.Port, end.Value.PortNode, labels, labelNodes, keyNodes);
        }

        private RawLink? ReadLink(YamlMappingNode node)
        {
            CheckFields(node, LinkFields, "a link");
            var a = Required(node, "a", "link");
            var b = Required(node, "b", "link");
            if (a is null || b is null)
            {
                return null;
            }
            var endA = ReadEnd(a, "the link's end 'a'");
            var endB = ReadEnd(b, "the link's end 'b'");
            var latency = Measure(node, "latency", Dimension.Latency, allowScalar: false, required: true);
            var bandwidth = Measure(node, "bandwidth", Dimension.Bandwidth, allowScalar: false, required: true);
            if (endA is null || endB is null || latency is null || bandwidth is null)
            {
                return null;
            }
            var (labels, labelNodes, _) = ReadLabels(node);
            return new RawLink(node, endA.Value.Device, endA.Value.DeviceNode, endA.Value.Port, endA.Value.PortNode,
                endB.Value.Device, endB.Value.DeviceNode, endB.Value.Port, endB.Value.PortNode, latency.Value, bandwidth.Value, labels, labelNodes);
        }

        private (string Device, YamlNode DeviceNode, int Port, YamlNode PortNode)? ReadEnd(YamlNode node, string what)
        {
            if (node is not YamlMappingNode mapping)
            {
                Diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(At(node), what, "must be a mapping with 'device' and 'port'"));
                return null;
            }
            CheckFields(mapping, EndFields, what);
            var deviceNode = Required(mapping, "device", what);
            var portNode = Required(mapping, "port", what);
            if (deviceNode is null || portNode is null)
            {
                return null;
            }
            var device = ScalarValue(deviceNode, "device");
            var portText = ScalarValue(portNode, "port");
            if (device is null || portText is null)
            {
                return null;
            }
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port < 1)
            {
                Diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(At(portNode), "port", $"must be a positive port number, not '{portText}'"));
                return null;
            }
            return (device, deviceNode, port, portNode);
        }

        private (ImmutableSortedDictionary<string, string> Labels, Dictionary<string, YamlNode> ValueNodes, List<(string, YamlNode)> KeyNodes) ReadLabels(YamlMappingNode node)
        {
            var labels = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            var nodes = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            var keys = new List<(string, YamlNode)>();
            if (Child(node, "labels") is not { } labelNode)
            {
                return (labels.ToImmutable(), nodes, keys);
            }
            if (labelNode is not YamlMappingNode mapping)
            {
                Diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(At(labelNode), "labels", "must be a mapping of keys to values"));
                return (labels.ToImmutable(), nodes, keys);
            }
            foreach (var (keyNode, valueNode) in mapping.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
                if (AttributeSchema.BuiltIns.ContainsKey(key))
                {
                    Diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(At(keyNode), $"labels.{key}", "is a built-in attribute; choose another label key"));
                    continue;
                }
                if (key.Length == 0)
                {
                    Diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(At(keyNode), "labels", "keys must be non-empty strings"));
                    continue;
                }
                if (valueNode is not YamlScalarNode scalar)
                {
                    Diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(At(valueNode), $"labels.{key}", "must be a single value"));
                    continue;
                }
                labels[key] = scalar.Value ?? string.Empty;
                nodes[key] = valueNode;
                keys.Add((key, keyNode));
            }
            return (labels.ToImmutable(), nodes, keys);
        }

        /// <summary>
        /// Types every label key across the whole topology: a declared scale makes it ordered, otherwise all
        /// values true/false make it a flag, all numbers a number, and anything else text.
        /// </summary>
        private AttributeSchema BuildSchema(
            ImmutableSortedDictionary<string, ImmutableArray<string>> scales,
            IEnumerable<(ImmutableSortedDictionary<string, string> Labels, Dictionary<string, YamlNode> Nodes, ElementKind Kind)> elements)
        {
            var values = new SortedDictionary<string, List<(string Value, YamlNode Node, ElementKind Kind)>>(StringComparer.Ordinal);
            foreach (var (labels, nodes, kind) in elements)
            {
                foreach (var (key, value) in labels)
                {
                    if (!values.TryGetValue(key, out var list))
                    {
                        values[key] = list = new();
                    }
                    list.Add((value, nodes[key], kind));
                }
            }
            var result = ImmutableSortedDictionary.CreateBuilder<string, AttributeInfo>(StringComparer.Ordinal);
            foreach (var (key, (kind, on)) in AttributeSchema.BuiltIns)
            {
                result[key] = new AttributeInfo(key, kind, on, [], [], BuiltIn: true);
            }
            foreach (var (key, list) in values)
            {
                var present = list.Aggregate(ElementKind.None, (acc, v) => acc | v.Kind);
                var seen = list.Select(v => v.Value).ToImmutableSortedSet(StringComparer.Ordinal);
                AttributeKind attributeKind;
                var scale = ImmutableArray<string>.Empty;
                if (scales.TryGetValue(key, out var declared))
                {
                    attributeKind = AttributeKind.Level;
                    scale = declared;
                    foreach (var (value, node, _) in list.Where(v => !declared.Contains(v.Value)))
                    {
                        Diagnostics.Add(DiagnosticCatalogue.TopologyScaleValue(At(node), key, value, declared));
                    }
                }
                else if (seen.All(v => v is "true" or "false"))
                {
                    attributeKind = AttributeKind.Flag;
                }
                else if (seen.All(v => decimal.TryParse(v, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
                {
                    attributeKind = AttributeKind.Number;
                }
                else
                {
                    attributeKind = AttributeKind.Text;
                }
                result[key] = new AttributeInfo(key, attributeKind, present, scale, seen, BuiltIn: false);
            }
            foreach (var (key, scale) in scales)
            {
                if (!result.ContainsKey(key))
                {
                    result[key] = new AttributeInfo(key, AttributeKind.Level, ElementKind.None, scale, [], BuiltIn: false);
                }
            }
            return new AttributeSchema(result.ToImmutable());
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
                var info = schema.Find(key)!;
                result[key] = info.Kind switch
                {
                    AttributeKind.Level => new AttributeValue.Level(raw, info.Scale.IndexOf(raw)),
                    AttributeKind.Flag => new AttributeValue.Flag(raw == "true"),
                    AttributeKind.Number => new AttributeValue.Number(decimal.Parse(raw, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
                    _ => new AttributeValue.Text(raw),
                };
            }
            return result.ToImmutable();
        }

        private long? Measure(YamlMappingNode node, string field, Dimension dimension, bool allowScalar, bool required = false)
        {
            var valueNode = Child(node, field);
            if (valueNode is null)
            {
                if (required)
                {
                    Diagnostics.Add(DiagnosticCatalogue.TopologyMissingField(At(node), "link", field));
                }
                return null;
            }
            var text = ScalarValue(valueNode, field);
            if (text is null)
            {
                return null;
            }
            if (text.StartsWith('-') && Units.TryParse(text[1..], out _, out _, out _) == Units.ParseError.None)
            {
                Diagnostics.Add(DiagnosticCatalogue.TopologyNegative(At(valueNode), field, text));
                return null;
            }
            var error = Units.TryParse(text, out var quantity, out var scalar, out _);
            if (error == Units.ParseError.None && quantity.Dimension == Dimension.Scalar && allowScalar)
            {
                error = Units.FromPlainNumber(dimension, scalar, out quantity);
            }
            if (error != Units.ParseError.None || quantity.Dimension != dimension)
            {
                Diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(At(valueNode), field, $"must be a {Units.DimensionName(dimension)} such as {Units.ExampleOf(dimension)}, not '{text}'"));
                return null;
            }
            if (quantity.Value <= 0)
            {
                Diagnostics.Add(DiagnosticCatalogue.TopologyNegative(At(valueNode), field, text));
                return null;
            }
            return quantity.Value;
        }

        private void CheckFields(YamlMappingNode node, string[] allowed, string where)
        {
            foreach (var key in node.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? string.Empty;
                if (!allowed.Contains(name, StringComparer.Ordinal))
                {
                    Diagnostics.Add(DiagnosticCatalogue.TopologyUnknownField(At(key), name, where, Suggestions.Nearest(name, allowed)));
                }
            }
        }

        private void CheckUnique(IEnumerable<(string Name, YamlNode Node)> items, string what)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, node) in items)
            {
                if (!seen.Add(name))
                {
                    Diagnostics.Add(DiagnosticCatalogue.TopologyDuplicate(At(node), what, name));
                }
            }
        }

        private YamlNode? Required(YamlMappingNode node, string field, string what)
        {
            var child = Child(node, field);
            if (child is null)
            {
                Diagnostics.Add(DiagnosticCatalogue.TopologyMissingField(At(node), what, field));
            }
            return child;
        }

        private static YamlNode? Child(YamlMappingNode node, string field) =>
            node.Children.TryGetValue(new YamlScalarNode(field), out var child) ? child : null;

        private string? Scalar(YamlMappingNode node, string field) =>
            Child(node, field) is { } child ? ScalarValue(child, field) : null;

        private string? ScalarValue(YamlNode node, string field)
        {
            if (node is YamlScalarNode { Value: { Length: > 0 } value })
            {
                return value;
            }
            Diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(At(node), field, "must be a non-empty single value"));
            return null;
        }

        private static bool IsIpv4(string text)
        {
            var parts = text.Split('.');
            return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, CultureInfo.InvariantCulture) <= 255)
                && IPAddress.TryParse(text, out _);
        }

        private SourceLocation At(YamlNode node) => At(node.Start, node.End);

        private SourceLocation At(Mark start, Mark end)
        {
            var from = source.GetOffset((int)start.Line, (int)start.Column);
            var to = source.GetOffset((int)end.Line, (int)end.Column);
            return new SourceLocation(source, TextSpan.FromBounds(from, Math.Max(from, to)));
        }

        private static string Clean(string message)
        {
            // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (...): "; the location is printed separately.
            var index = message.IndexOf("): ", StringComparison.Ordinal);
            return index >= 0 && message.StartsWith('(') ? message[(index + 3)..] : message;
        }
    }

    private sealed record RawDevice(YamlMappingNode Node, string Id, YamlNode IdNode, string Name, YamlNode NameNode,
        ImmutableSortedDictionary<string, string> Labels, Dictionary<string, YamlNode> LabelNodes);

    private sealed record RawNode(YamlMappingNode Node, string Name, YamlNode NameNode, string Ip, YamlNode IpNode, long Cpu, long Memory, decimal Cost,
        string DeviceRef, YamlNode DeviceNode, int Port, YamlNode PortNode,
        ImmutableSortedDictionary<string, string> Labels, Dictionary<string, YamlNode> LabelNodes, List<(string, YamlNode)> LabelKeyNodes)
    {
        public string? Device { get; set; }
    }

    private sealed record RawLink(YamlMappingNode Node, string ARef, YamlNode ANode, int APort, YamlNode APortNode,
        string BRef, YamlNode BNode, int BPort, YamlNode BPortNode, long Latency, long Bandwidth,
        ImmutableSortedDictionary<string, string> Labels, Dictionary<string, YamlNode> LabelNodes)
    {
        public string? A { get; set; }

        public string? B { get; set; }
    }
}
