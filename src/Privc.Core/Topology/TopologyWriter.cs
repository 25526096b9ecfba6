using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Privc.TypeSystem;

namespace Privc.Topology;

/// <summary>
/// Writes a topology in exactly the YAML format <see cref="TopologyLoader"/> reads. The output is canonical: devices
/// and nodes sorted by name, links oriented so that end <c>a</c> is the smaller (device, port) and sorted, labels
/// sorted by key, quantities in the largest exact unit, '\n' line endings and no timestamps, so the same topology
/// always gives the same bytes (importer output, example files and property-test counterexamples diff cleanly).
/// </summary>
public static partial class TopologyWriter
{
    public static string Write(TopologyModel model, IEnumerable<string>? header = null) =>
        Write(TopologyDocument.From(model), header);

    /// <param name="document">The topology as a document, in the order it is written.</param>
    /// <param name="header">Comment lines written first (without the leading '#').</param>
    public static string Write(TopologyDocument document, IEnumerable<string>? header = null)
    {
        var text = new StringBuilder();
        foreach (var line in header ?? [])
        {
            // A comment ends at the line break, so each header line is split rather than trusted.
            foreach (var part in line.Split('\n'))
            {
                text.Append('#').Append(part.Length > 0 ? " " : string.Empty).Append(part.TrimEnd('\r')).Append('\n');
            }
        }
        text.Append("name: ").Append(Scalar(document.Name)).Append('\n');
        if (document.Scales.Count > 0)
        {
            text.Append("scales:\n");
            foreach (var (key, values) in document.Scales.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                text.Append("  ").Append(Scalar(key)).Append(": [").AppendJoin(", ", values.Select(Scalar)).Append("]\n");
            }
        }

        if (document.Cni is { } cni)
        {
            text.Append("network: {cni: ").Append(Scalar(cni)).Append("}\n");
        }

        text.Append("devices:").Append(document.Devices.IsEmpty ? " []\n" : "\n");
        foreach (var device in document.Devices.OrderBy(d => d.Name, StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal))
        {
            text.Append("  - {id: ").Append(Scalar(device.Id)).Append(", name: ").Append(Scalar(device.Name));
            AppendLabels(text, device.Labels, ", labels: ");
            text.Append("}\n");
        }

        text.Append("nodes:").Append(document.Nodes.IsEmpty ? " []\n" : "\n");
        foreach (var node in document.Nodes.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            text.Append("  - name: ").Append(Scalar(node.Name)).Append('\n');
            AppendLabels(text, node.Labels, "    labels: ", newLine: true);
            var capacity = new List<string>();
            if (node.CpuMillis > 0)
            {
                capacity.Add("cpu: " + Cpu(node.CpuMillis));
            }
            if (node.MemoryBytes > 0)
            {
                capacity.Add("memory: " + Units.Format(new Quantity(Dimension.Memory, node.MemoryBytes)));
            }
            text.Append("    capacity: {").AppendJoin(", ", capacity).Append("}\n");
            if (node.Ip.Length > 0)
            {
                text.Append("    ip: ").Append(Scalar(node.Ip)).Append('\n');
            }
            if (node.PodCidr is { } podCidr)
            {
                text.Append("    podCidr: ").Append(podCidr.ToString()).Append('\n');
            }
            if (node.Cost != 0)
            {
                text.Append("    cost: ").Append(node.Cost.ToString("0.############################", CultureInfo.InvariantCulture)).Append('\n');
            }
            text.Append("    attach: {device: ").Append(Scalar(node.Device)).Append(", port: ")
                .Append(node.Port.ToString(CultureInfo.InvariantCulture)).Append("}\n");
        }

        text.Append("links:").Append(document.Links.IsEmpty ? " []\n" : "\n");
        foreach (var link in document.Links.Select(Orient).OrderBy(l => l, LinkOrder.Instance))
        {
            text.Append("  - {a: {device: ").Append(Scalar(link.DeviceA)).Append(", port: ").Append(link.PortA.ToString(CultureInfo.InvariantCulture))
                .Append("}, b: {device: ").Append(Scalar(link.DeviceB)).Append(", port: ").Append(link.PortB.ToString(CultureInfo.InvariantCulture))
                .Append("}, latency: ").Append(Units.Format(new Quantity(Dimension.Latency, link.LatencyMicros)))
                .Append(", bandwidth: ").Append(Units.Format(new Quantity(Dimension.Bandwidth, link.BandwidthBps)));
            AppendLabels(text, link.Labels, ", labels: ");
            text.Append("}\n");
        }
        return text.ToString();
    }

    /// <summary>
    /// A scalar as YAML: plain when it cannot be misread (an identifier-like word, a number, a privc quantity,
    /// true/false), double-quoted otherwise (ids such as <c>of:...</c>, spaces, YAML words such as <c>null</c>).
    /// </summary>
    public static string Scalar(string value)
    {
        if (PlainWord().IsMatch(value) && !YamlSpecialWords.Contains(value))
        {
            return value;
        }
        if (PlainNumber().IsMatch(value) || DottedQuad().IsMatch(value))
        {
            return value;
        }
        if (value.Length > 0 && char.IsAsciiDigit(value[0]) && PlainQuantity().IsMatch(value)
            && Units.TryParse(value, out _, out _, out var unit) == Units.ParseError.None && unit.Length > 0)
        {
            return value;
        }
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': quoted.Append("\\\\"); break;
                case '"': quoted.Append("\\\""); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' || char.IsSurrogate(c) || c == '\uFEFF')
                    {
                        quoted.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        quoted.Append(c);
                    }
                    break;
            }
        }
        return quoted.Append('"').ToString();
    }

    private static void AppendLabels(StringBuilder text, IEnumerable<KeyValuePair<string, string>> labels, string prefix, bool newLine = false)
    {
        var sorted = labels.OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
        if (sorted.Count == 0)
        {
            return;
        }
        text.Append(prefix).Append('{').AppendJoin(", ", sorted.Select(l => Scalar(l.Key) + ": " + Scalar(l.Value))).Append('}');
        if (newLine)
        {
            text.Append('\n');
        }
    }

    /// <summary>Whole cores as a plain number (as Kubernetes writes them), otherwise millicores.</summary>
    private static string Cpu(long millis) =>
        millis % 1000 == 0
            ? (millis / 1000).ToString(CultureInfo.InvariantCulture)
            : millis.ToString(CultureInfo.InvariantCulture) + "m";

    private static LinkEntry Orient(LinkEntry link) =>
        EndOrder(link.DeviceA, link.PortA, link.DeviceB, link.PortB) <= 0
            ? link
            : link with { DeviceA = link.DeviceB, PortA = link.PortB, DeviceB = link.DeviceA, PortB = link.PortA };

    private static int EndOrder(string deviceA, int portA, string deviceB, int portB)
    {
        var byDevice = string.CompareOrdinal(deviceA, deviceB);
        return byDevice != 0 ? byDevice : portA.CompareTo(portB);
    }

    private static readonly HashSet<string> YamlSpecialWords = new(StringComparer.Ordinal)
    {
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "True", "TRUE", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL",
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_./-]*$")]
    private static partial Regex PlainWord();

    [GeneratedRegex("^-?[0-9]+(\\.[0-9]+)?$")]
    private static partial Regex PlainNumber();

    [GeneratedRegex("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$")]
    private static partial Regex DottedQuad();

    [GeneratedRegex("^[0-9]+(\\.[0-9]+)?[A-Za-z]+$")]
    private static partial Regex PlainQuantity();

    /// <summary>A total order on oriented links, so that output never depends on the order links were built.</summary>
    private sealed class LinkOrder : IComparer<LinkEntry>
    {
        public static readonly LinkOrder Instance = new();

        public int Compare(LinkEntry? x, LinkEntry? y)
        {
            if (x is null || y is null)
            {
                return x is null ? (y is null ? 0 : -1) : 1;
            }
            var order = EndOrder(x.DeviceA, x.PortA, y.DeviceA, y.PortA);
            if (order == 0)
            {
                order = EndOrder(x.DeviceB, x.PortB, y.DeviceB, y.PortB);
            }
            if (order == 0)
            {
                order = x.LatencyMicros.CompareTo(y.LatencyMicros);
            }
            if (order == 0)
            {
                order = x.BandwidthBps.CompareTo(y.BandwidthBps);
            }
            if (order == 0)
            {
                order = string.CompareOrdinal(
                    string.Join("\n", x.Labels.Select(l => l.Key + "=" + l.Value)),
                    string.Join("\n", y.Labels.Select(l => l.Key + "=" + l.Value)));
            }
            return order;
        }
    }
}
