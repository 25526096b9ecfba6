using System.Collections.Immutable;
using Privc.Diagnostics;
using Privc.Text;
using Privc.TypeSystem;
using YamlDotNet.RepresentationModel;

namespace Privc.Topology.Import;

/// <summary>
/// Hand-kept corrections merged into every import (<c>privc topology import --labels OVERLAY.yaml</c>), so that a
/// re-import keeps them: labels for a site (its device and every compute node at it), a device or a node (a null
/// value removes a label), and the latency of the links between two devices. Sites first, then devices, then nodes,
/// so the most specific entry wins; an entry naming something the import does not have is an error (PRIV6019), so a
/// correction never silently stops applying when the network changes.
/// </summary>
public static class ImportOverlay
{
    private static readonly string[] Sections = ["sites", "devices", "nodes", "links"];

    public static ImportResult Apply(ImportResult imported, SourceText overlay)
    {
        var document = imported.Document ?? throw new InvalidOperationException("privc bug: an overlay applied to a failed import");
        var diagnostics = new DiagnosticBag();
        var yaml = new TopologyYaml(overlay, diagnostics);
        var root = yaml.ReadRoot();
        if (root is null)
        {
            return imported with { Document = null, Diagnostics = [.. imported.Diagnostics, .. diagnostics.ToSortedArray()] };
        }
        yaml.CheckFields(root, Sections, "an import overlay");
        var devices = document.Devices.ToDictionary(d => d.Name, d => d.Labels.ToBuilder(), StringComparer.Ordinal);
        var nodes = document.Nodes.ToDictionary(n => n.Name, n => n.Labels.ToBuilder(), StringComparer.Ordinal);
        var nodesAt = document.Nodes.ToLookup(n => n.Device, n => n.Name, StringComparer.Ordinal);

        foreach (var (name, labels) in Entries(yaml, root, "sites", diagnostics))
        {
            if (!devices.TryGetValue(name.Value!, out var device))
            {
                diagnostics.Add(DiagnosticCatalogue.ImportOverlayMismatch(yaml.At(name), $"site '{name.Value}' is no device of the imported topology"));
                continue;
            }
            Merge(device, labels);
            foreach (var node in nodesAt[name.Value!])
            {
                Merge(nodes[node], labels);
            }
        }
        foreach (var (section, targets) in new[] { ("devices", devices), ("nodes", nodes) })
        {
            foreach (var (name, labels) in Entries(yaml, root, section, diagnostics))
            {
                if (targets.TryGetValue(name.Value!, out var target))
                {
                    Merge(target, labels);
                }
                else
                {
                    diagnostics.Add(DiagnosticCatalogue.ImportOverlayMismatch(yaml.At(name), $"{section[..^1]} '{name.Value}' is not in the imported topology"));
                }
            }
        }
        var latencies = new Dictionary<(string, string), long>();
        if (TopologyYaml.Child(root, "links") is { } linkList)
        {
            if (linkList is not YamlSequenceNode sequence)
            {
                diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(linkList), "links", "must be a list of {between: [DEVICE, DEVICE], latency: ...}"));
            }
            else
            {
                foreach (var item in sequence.Children)
                {
                    if (item is not YamlMappingNode link)
                    {
                        diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(item), "links", "each entry must be {between: [DEVICE, DEVICE], latency: ...}"));
                        continue;
                    }
                    yaml.CheckFields(link, ["between", "latency"], "an overlay link");
                    var latency = yaml.Measure(link, "latency", Dimension.Latency, allowScalar: false, required: true);
                    if (yaml.Required(link, "between", "overlay link") is not { } between)
                    {
                        continue;
                    }
                    if (between is not YamlSequenceNode { Children.Count: 2 } ends || ends.Children.Any(e => e is not YamlScalarNode { Value.Length: > 0 }))
                    {
                        diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(between), "between", "must name two devices: [DEVICE, DEVICE]"));
                        continue;
                    }
                    var a = ((YamlScalarNode)ends.Children[0]).Value!;
                    var b = ((YamlScalarNode)ends.Children[1]).Value!;
                    if (!document.Links.Any(l => Joins(l, a, b)))
                    {
                        diagnostics.Add(DiagnosticCatalogue.ImportOverlayMismatch(yaml.At(between), $"no link of the imported topology joins '{a}' and '{b}'"));
                        continue;
                    }
                    if (latency is { } micros)
                    {
                        latencies[(a, b)] = micros;
                    }
                }
            }
        }
        if (diagnostics.HasErrors)
        {
            return imported with { Document = null, Diagnostics = [.. imported.Diagnostics, .. diagnostics.ToSortedArray()] };
        }
        var corrected = document with
        {
            Devices = [.. document.Devices.Select(d => d with { Labels = devices[d.Name].ToImmutable() })],
            Nodes = [.. document.Nodes.Select(n => n with { Labels = nodes[n.Name].ToImmutable() })],
            Links = [.. document.Links.Select(l => latencies.FirstOrDefault(e => Joins(l, e.Key.Item1, e.Key.Item2)) is { Value: > 0 } fix ? l with { LatencyMicros = fix.Value } : l)],
        };
        return imported with { Document = corrected, Diagnostics = [.. imported.Diagnostics, .. diagnostics.ToSortedArray()] };
    }

    private static bool Joins(LinkEntry link, string a, string b) =>
        (link.DeviceA == a && link.DeviceB == b) || (link.DeviceA == b && link.DeviceB == a);

    /// <summary>The entries of a section: a name and its label mapping (a value of null removes the label).</summary>
    private static IEnumerable<(YamlScalarNode Name, IReadOnlyList<(string Key, string? Value)> Labels)> Entries(TopologyYaml yaml, YamlMappingNode root, string section, DiagnosticBag diagnostics)
    {
        if (TopologyYaml.Child(root, section) is not { } node)
        {
            yield break;
        }
        if (node is not YamlMappingNode mapping)
        {
            diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(node), section, "must map names to label mappings, e.g. ua: {country: UA}"));
            yield break;
        }
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value.Length: > 0 } name || value is not YamlMappingNode labels
                || labels.Children.Any(l => l.Key is not YamlScalarNode { Value.Length: > 0 } || l.Value is not YamlScalarNode))
            {
                diagnostics.Add(DiagnosticCatalogue.TopologyBadValue(yaml.At(value), section, "each entry must be a name with a mapping of labels to single values, e.g. ua: {country: UA}"));
                continue;
            }
            yield return (name, labels.Children
                .Select(l => (((YamlScalarNode)l.Key).Value!, ((YamlScalarNode)l.Value) is { Style: not YamlDotNet.Core.ScalarStyle.SingleQuoted and not YamlDotNet.Core.ScalarStyle.DoubleQuoted, Value: "~" or "null" or "" } ? null : ((YamlScalarNode)l.Value).Value))
                .ToList());
        }
    }

    private static void Merge(ImmutableSortedDictionary<string, string>.Builder labels, IReadOnlyList<(string Key, string? Value)> changes)
    {
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                labels.Remove(key);
            }
            else
            {
                labels[key] = value;
            }
        }
    }
}
