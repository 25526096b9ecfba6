using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using k8s.Models;
using Privc.Diagnostics;
using Privc.Topology;
using Privc.TypeSystem;

namespace Privc.Live;

/// <summary>The answers a pull reads: ONOS's GET /devices, /links, /hosts, each device's /ports, and Kubernetes's node list.</summary>
public sealed record LiveState(JsonElement Devices, JsonElement Links, JsonElement Hosts, IReadOnlyDictionary<string, JsonElement> Ports, V1NodeList Nodes);

/// <summary>The built topology document (null on error) with what was noticed on the way.</summary>
public sealed record PullResult(TopologyDocument? Document, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>
/// Turns the live state of ONOS and Kubernetes into a topology document (specs/live.md, "topology pull"): ONOS
/// devices with labels from their annotations, ONOS's two directed links per cable paired into one full-duplex link,
/// and Kubernetes nodes as compute nodes attached where the ONOS host with their InternalIP is.
/// </summary>
public static class TopologyPuller
{
    /// <summary>Latency of a link without a <c>latency</c> annotation: 1 ms.</summary>
    public const long DefaultLatencyMicros = 1_000;

    /// <summary>Bandwidth of a link without a <c>bandwidth</c> annotation or port speeds: 1 Gbps.</summary>
    public const long DefaultBandwidthBps = 1_000_000_000;

    /// <summary>ONOS's own device and link annotations, which describe the device or link, not privacy facts.</summary>
    public static readonly ImmutableHashSet<string> OnosAnnotations = ImmutableHashSet.Create(StringComparer.Ordinal,
        "name", "managementAddress", "protocol", "channelId", "latitude", "longitude", "locType", "gridX", "gridY", "uiType",
        "driver", "ipaddress", "portName", "durable", "layer", "metric", "latency", "bandwidth", "datapathDescription", "id");

    /// <summary>Label keys that state privacy facts; taking them from a self-assignable label earns a warning.</summary>
    public static readonly ImmutableHashSet<string> PrivacyKeys = ImmutableHashSet.Create(StringComparer.Ordinal,
        "jurisdiction", "country", "region", "zone", "eu", "trust", "tee", "provider", "tier", "site", "tenant");

    /// <summary>The only label prefix a kubelet cannot set on its own Node.</summary>
    public const string TrustedPrefix = "node-restriction.kubernetes.io/";

    public static PullResult Build(LiveState state, string name)
    {
        var diagnostics = new List<Diagnostic>();
        var devices = Devices(state.Devices, diagnostics);
        var speeds = PortSpeeds(state.Ports);
        var links = Links(state.Links, devices, speeds, diagnostics);
        var hosts = Hosts(state.Hosts, diagnostics);
        var nodes = Nodes(state.Nodes, hosts, devices, diagnostics);
        if (nodes.Count == 0)
        {
            diagnostics.Add(LiveDiagnostics.PullNoNodes(state.Nodes.Items is { Count: > 0 } items
                ? $"none of the {items.Count} Kubernetes node(s) could be attached to an ONOS host"
                : "Kubernetes lists no node"));
            return new PullResult(null, [.. diagnostics]);
        }
        var document = new TopologyDocument(name, ImmutableSortedDictionary.Create<string, ImmutableArray<string>>(StringComparer.Ordinal),
            [.. devices.Values], [.. nodes], [.. links]);
        return new PullResult(document, [.. diagnostics]);
    }

    private static Dictionary<string, DeviceEntry> Devices(JsonElement answer, List<Diagnostic> diagnostics)
    {
        var list = Array(answer, "devices", "GET /onos/v1/devices");
        var raw = new List<(string Id, string? Name, ImmutableSortedDictionary<string, string> Labels)>();
        foreach (var device in list)
        {
            var id = Text(device, "id") ?? throw Malformed("GET /onos/v1/devices", "a device has no id");
            var annotations = Annotations(device);
            var labels = annotations.Where(a => !OnosAnnotations.Contains(a.Key) && !AttributeSchema.BuiltIns.ContainsKey(a.Key))
                .ToImmutableSortedDictionary(StringComparer.Ordinal);
            raw.Add((id, annotations.GetValueOrDefault("name"), labels));
        }
        var names = raw.Where(d => d.Name is { Length: > 0 }).GroupBy(d => d.Name!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var ids = raw.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var result = new Dictionary<string, DeviceEntry>(StringComparer.Ordinal);
        foreach (var (id, deviceName, labels) in raw.OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            var chosen = id;
            if (deviceName is { Length: > 0 })
            {
                if (names[deviceName] > 1 || (ids.Contains(deviceName) && deviceName != id))
                {
                    diagnostics.Add(LiveDiagnostics.PullIgnoredValue($"the name annotation '{deviceName}' of device '{id}' is shared with another device, so the device is named by its id"));
                }
                else
                {
                    chosen = deviceName;
                }
            }
            result[id] = new DeviceEntry(id, chosen, labels);
        }
        return result;
    }

    /// <summary>Port speeds in Mbps by (device id, port), from each device's GET /devices/{id}/ports.</summary>
    private static Dictionary<(string, string), long> PortSpeeds(IReadOnlyDictionary<string, JsonElement> ports)
    {
        var speeds = new Dictionary<(string, string), long>();
        foreach (var (device, answer) in ports)
        {
            if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("ports", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw Malformed($"GET /onos/v1/devices/{device}/ports", "it has no \"ports\" array");
            }
            foreach (var port in list.EnumerateArray())
            {
                if (Text(port, "port") is { } number && port.TryGetProperty("portSpeed", out var speed) && speed.TryGetInt64(out var mbps) && mbps > 0)
                {
                    speeds[(device, number)] = mbps;
                }
            }
        }
        return speeds;
    }

    private sealed record End(string Device, string Port);

    private static List<LinkEntry> Links(JsonElement answer, Dictionary<string, DeviceEntry> devices, Dictionary<(string, string), long> speeds, List<Diagnostic> diagnostics)
    {
        const string request = "GET /onos/v1/links";
        var directed = new Dictionary<(End, End), Dictionary<string, string>>();
        foreach (var link in Array(answer, "links", request))
        {
            var src = EndOf(link, "src") ?? throw Malformed(request, "a link has no src device and port");
            var dst = EndOf(link, "dst") ?? throw Malformed(request, "a link has no dst device and port");
            directed[(src, dst)] = Annotations(link);
        }
        var result = new List<LinkEntry>();
        var defaulted = 0;
        var defaultBandwidth = 0;
        foreach (var ((src, dst), forward) in directed.OrderBy(l => l.Key.Item1.Device, StringComparer.Ordinal).ThenBy(l => l.Key.Item1.Port, StringComparer.Ordinal))
        {
            var display = $"{src.Device}/{src.Port} -> {dst.Device}/{dst.Port}";
            if (!directed.TryGetValue((dst, src), out var reverse))
            {
                diagnostics.Add(LiveDiagnostics.PullUnpairedLink(display));
                continue;
            }
            if (string.CompareOrdinal(src.Device + "/" + src.Port, dst.Device + "/" + dst.Port) > 0)
            {
                continue; // the pair is written once, from its smaller end
            }
            if (!devices.ContainsKey(src.Device) || !devices.ContainsKey(dst.Device) || !int.TryParse(src.Port, NumberStyles.None, CultureInfo.InvariantCulture, out var srcPort)
                || !int.TryParse(dst.Port, NumberStyles.None, CultureInfo.InvariantCulture, out var dstPort) || srcPort < 1 || dstPort < 1 || src.Device == dst.Device)
            {
                diagnostics.Add(LiveDiagnostics.PullIgnoredValue($"link {display} joins an unknown device, a device to itself, or a port that is not a positive number; it is left out"));
                continue;
            }
            // The slower direction decides: the larger latency, the smaller bandwidth.
            var latencies = new[] { forward, reverse }.Select(a => Number(a, "latency", display, diagnostics)).Where(v => v is not null).Select(v => v!.Value).ToList();
            long latency;
            if (latencies.Count > 0)
            {
                latency = (long)Math.Ceiling(latencies.Max() * 1000m);
            }
            else
            {
                latency = DefaultLatencyMicros;
                defaulted++;
            }
            var bandwidths = new[] { forward, reverse }.Select(a => Number(a, "bandwidth", display, diagnostics)).Where(v => v is not null).Select(v => v!.Value).ToList();
            long bandwidth;
            if (bandwidths.Count > 0)
            {
                bandwidth = (long)(bandwidths.Min() * 1_000_000m);
            }
            else if (speeds.TryGetValue((src.Device, src.Port), out var a) && speeds.TryGetValue((dst.Device, dst.Port), out var b))
            {
                bandwidth = Math.Min(a, b) * 1_000_000;
            }
            else
            {
                bandwidth = DefaultBandwidthBps;
                defaultBandwidth++;
            }
            var labels = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            foreach (var key in forward.Keys.Union(reverse.Keys).Where(k => !OnosAnnotations.Contains(k) && !AttributeSchema.BuiltIns.ContainsKey(k)).Order(StringComparer.Ordinal))
            {
                var one = forward.GetValueOrDefault(key);
                var other = reverse.GetValueOrDefault(key);
                if (one is not null && other is not null && one != other)
                {
                    diagnostics.Add(LiveDiagnostics.PullIgnoredValue($"annotation '{key}' of link {display} is '{one}' in one direction and '{other}' in the other; the link gets no '{key}' label"));
                    continue;
                }
                labels[key] = one ?? other!;
            }
            result.Add(new LinkEntry(devices[src.Device].Name, srcPort, devices[dst.Device].Name, dstPort, Math.Max(1, latency), Math.Max(1, bandwidth), labels.ToImmutable()));
        }
        if (defaulted > 0)
        {
            diagnostics.Add(LiveDiagnostics.PullDefaultLatency(defaulted, result.Count, Units.Format(new Quantity(Dimension.Latency, DefaultLatencyMicros))));
        }
        if (defaultBandwidth > 0)
        {
            diagnostics.Add(LiveDiagnostics.PullDefaultBandwidth(defaultBandwidth, result.Count, Units.Format(new Quantity(Dimension.Bandwidth, DefaultBandwidthBps))));
        }
        return result;
    }

    private static decimal? Number(Dictionary<string, string> annotations, string key, string link, List<Diagnostic> diagnostics)
    {
        if (!annotations.TryGetValue(key, out var text))
        {
            return null;
        }
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }
        diagnostics.Add(LiveDiagnostics.PullIgnoredValue($"annotation {key}='{text}' of link {link} is not a positive number of {(key == "latency" ? "milliseconds" : "Mbps")}; it is ignored"));
        return null;
    }

    /// <summary>Where each host address attaches: ONOS 1.12+ <c>locations[0]</c>, or the older <c>location</c>.</summary>
    private static Dictionary<string, (string Device, string Port)> Hosts(JsonElement answer, List<Diagnostic> diagnostics)
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var host in Array(answer, "hosts", "GET /onos/v1/hosts"))
        {
            JsonElement? location = host.TryGetProperty("locations", out var locations) && locations.ValueKind == JsonValueKind.Array && locations.GetArrayLength() > 0
                ? locations[0]
                : host.TryGetProperty("location", out var single) && single.ValueKind == JsonValueKind.Object ? single : null;
            if (location is not { } at || Text(at, "elementId") is not { } device || Text(at, "port") is not { } port)
            {
                diagnostics.Add(LiveDiagnostics.PullIgnoredValue($"host '{Text(host, "id") ?? "(no id)"}' has no location; no node can attach through it"));
                continue;
            }
            if (host.TryGetProperty("ipAddresses", out var ips) && ips.ValueKind == JsonValueKind.Array)
            {
                foreach (var ip in ips.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String))
                {
                    result.TryAdd(ip.GetString()!, (device, port));
                }
            }
        }
        return result;
    }

    private static List<NodeEntry> Nodes(V1NodeList list, Dictionary<string, (string Device, string Port)> hosts, Dictionary<string, DeviceEntry> devices, List<Diagnostic> diagnostics)
    {
        var result = new List<NodeEntry>();
        foreach (var node in (list.Items ?? []).Where(n => n.Metadata?.Name is { Length: > 0 }).OrderBy(n => n.Metadata.Name, StringComparer.Ordinal))
        {
            var name = node.Metadata.Name;
            var ip = node.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP")?.Address ?? string.Empty;
            if (ip.Length == 0 || !hosts.TryGetValue(ip, out var at) || !devices.TryGetValue(at.Device, out var device))
            {
                diagnostics.Add(LiveDiagnostics.PullNodeNotAttached(name, ip));
                continue;
            }
            if (!int.TryParse(at.Port, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port < 1)
            {
                diagnostics.Add(LiveDiagnostics.PullIgnoredValue($"the attachment port '{at.Port}' of node '{name}' is not a positive port number; the node is left out"));
                continue;
            }
            var allocatable = node.Status?.Allocatable;
            long cpu = 0, memory = 0;
            if (allocatable is not null && allocatable.TryGetValue("cpu", out var c))
            {
                cpu = (long)Math.Floor(c.ToDecimal() * 1000m);
            }
            if (allocatable is not null && allocatable.TryGetValue("memory", out var m))
            {
                memory = (long)Math.Floor(m.ToDecimal());
            }
            if (cpu <= 0 || memory <= 0)
            {
                diagnostics.Add(LiveDiagnostics.PullIgnoredValue($"node '{name}' has no allocatable cpu or memory; it is left out"));
                continue;
            }
            result.Add(new NodeEntry(name, Labels(name, node.Metadata.Labels, diagnostics), cpu, memory, 0m, ip, device.Name, port)
            {
                PodCidr = PodCidr(name, node.Spec?.PodCIDR, diagnostics),
            });
        }
        return result;
    }

    /// <summary>
    /// The node's <c>spec.podCIDR</c> (IPv4; the node controller assigns it from the cluster CIDR): flow rules match
    /// pod addresses by it. A node without one keeps its own address; one privc cannot read is left out, with a warning.
    /// </summary>
    private static Ipv4Prefix? PodCidr(string name, string? podCidr, List<Diagnostic> diagnostics)
    {
        if (string.IsNullOrEmpty(podCidr))
        {
            return null;
        }
        var (prefix, problem) = Ipv4Prefix.Parse(podCidr);
        if (problem is not null)
        {
            diagnostics.Add(LiveDiagnostics.PullIgnoredValue($"the pod CIDR '{podCidr}' of node '{name}' is not an IPv4 prefix ({problem}); the node's rules match its own address instead"));
        }
        return prefix;
    }

    /// <summary>
    /// Node labels as topology labels: <c>node-restriction.kubernetes.io/K</c>, <c>privc.io/K</c> and
    /// <c>topology.kubernetes.io/K</c> become plain <c>K</c> (the first wins when several give the same key); other
    /// labels in Kubernetes's own namespaces (hostname, os, arch, instance type, roles) are left out; any other label
    /// is kept as it is. A privacy key taken from anything but <c>node-restriction.kubernetes.io/</c> is warned about.
    /// </summary>
    internal static ImmutableSortedDictionary<string, string> Labels(string node, IDictionary<string, string>? labels, List<Diagnostic> diagnostics)
    {
        var result = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (labels is null)
        {
            return result.ToImmutable();
        }
        string[] stripped = [TrustedPrefix, "privc.io/", "topology.kubernetes.io/"];
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (label, value) in labels.OrderBy(l => Rank(stripped, l.Key)).ThenBy(l => l.Key, StringComparer.Ordinal))
        {
            var prefix = stripped.FirstOrDefault(p => label.StartsWith(p, StringComparison.Ordinal));
            string key;
            if (prefix is not null)
            {
                key = label[prefix.Length..];
            }
            else if (IsKubernetesOwned(label))
            {
                continue;
            }
            else
            {
                key = label;
            }
            if (key.Length == 0 || AttributeSchema.BuiltIns.ContainsKey(key) || result.ContainsKey(key))
            {
                continue;
            }
            result[key] = value;
            sources[key] = label;
        }
        foreach (var (key, label) in sources.Where(s => PrivacyKeys.Contains(s.Key) && !s.Value.StartsWith(TrustedPrefix, StringComparison.Ordinal)))
        {
            diagnostics.Add(LiveDiagnostics.PullSelfAssignableLabel(node, label, key));
        }
        return result.ToImmutable();
    }

    private static int Rank(string[] prefixes, string label)
    {
        var index = System.Array.FindIndex(prefixes, p => label.StartsWith(p, StringComparison.Ordinal));
        return index < 0 ? prefixes.Length : index;
    }

    private static bool IsKubernetesOwned(string label)
    {
        var slash = label.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return false;
        }
        var domain = label[..slash];
        return domain is "kubernetes.io" or "k8s.io" || domain.EndsWith(".kubernetes.io", StringComparison.Ordinal) || domain.EndsWith(".k8s.io", StringComparison.Ordinal);
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement answer, string property, string request) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
            : throw Malformed(request, $"it has no \"{property}\" array");

    private static End? EndOf(JsonElement link, string side) =>
        link.TryGetProperty(side, out var end) && end.ValueKind == JsonValueKind.Object && Text(end, "device") is { } device && Text(end, "port") is { } port
            ? new End(device, port)
            : null;

    /// <summary>A string property; ONOS writes ports as strings but some releases write numbers, which are accepted.</summary>
    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static Dictionary<string, string> Annotations(JsonElement element)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty("annotations", out var annotations) && annotations.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in annotations.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String && property.Name.Length > 0)
                {
                    result[property.Name] = property.Value.GetString()!;
                }
            }
        }
        return result;
    }

    private static PullFormatException Malformed(string request, string problem) => new(request, problem);
}

/// <summary>An ONOS answer lacks what its codec always writes; the command reports PRIV9014.</summary>
public sealed class PullFormatException(string request, string problem) : Exception(problem)
{
    public string Request { get; } = request;

    public string Problem { get; } = problem;
}
