using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Privc.Checking;

/// <summary>
/// Where a violation was seen, with only the fields that apply set: the replica (service on node), the other party
/// of a relation (separation, colocation, dedication, isolation), the route (flow, source and target node, device
/// path), the offending device or directed link (<c>from:port-&gt;to:port</c>), a measured value against its bound
/// (in the unit named by <see cref="Quantity"/>), and a waypoint the route never passes.
/// </summary>
public sealed record Witness
{
    public static Witness None { get; } = new();

    public string? Service { get; init; }

    public string? Node { get; init; }

    public string? OtherService { get; init; }

    public string? OtherNode { get; init; }

    public string? Flow { get; init; }

    public string? SourceNode { get; init; }

    public string? TargetNode { get; init; }

    /// <summary>The route's devices in order (empty for an empty route or when no route is involved).</summary>
    public ImmutableArray<string> DevicePath { get; init; } = [];

    public string? Device { get; init; }

    public string? Link { get; init; }

    /// <summary>A port of an isolation triple: a number, or <c>*</c> for any port.</summary>
    public string? Port { get; init; }

    /// <summary>What <see cref="Measured"/> and <see cref="Bound"/> count: cpu (millicores), memory (bytes), bandwidth (bps), latency (us), hops, replicas, or distinct values of a key.</summary>
    public string? Quantity { get; init; }

    public long? Measured { get; init; }

    public long? Bound { get; init; }

    /// <summary>The first waypoint (as written) that the route does not pass in order.</summary>
    public string? MissingWaypoint { get; init; }

    public bool Equals(Witness? other) =>
        other is not null && SortKey == other.SortKey;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(SortKey);

    /// <summary>A total, deterministic ordering key over every field.</summary>
    internal string SortKey => string.Join('\u0001',
        Flow, Service, OtherService, SourceNode, TargetNode, Node, OtherNode, Device, Link, Port, Quantity,
        Measured?.ToString("D20", System.Globalization.CultureInfo.InvariantCulture),
        Bound?.ToString("D20", System.Globalization.CultureInfo.InvariantCulture),
        MissingWaypoint, DevicePath.IsDefault ? string.Empty : string.Join(",", DevicePath));

    /// <summary>The fields that are set, for people: "service triage, node cloud-sg-1", "flow f, from m to n, path s1 -> s2, device s2".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                parts.Add($"{name} {Convert.ToString(value, CultureInfo.InvariantCulture)}");
            }
        }
        Add("service", Service);
        Add("node", Node);
        Add("other service", OtherService);
        Add("other node", OtherNode);
        Add("flow", Flow);
        if (SourceNode is not null || TargetNode is not null)
        {
            parts.Add($"from {SourceNode} to {TargetNode}");
        }
        if (!DevicePath.IsDefaultOrEmpty)
        {
            parts.Add("path " + string.Join(" -> ", DevicePath));
        }
        Add("device", Device);
        Add("link", Link);
        Add("port", Port);
        if (Quantity is not null)
        {
            parts.Add($"{Quantity} {Convert.ToString(Measured, CultureInfo.InvariantCulture)} against {Convert.ToString(Bound, CultureInfo.InvariantCulture)}");
        }
        Add("missing waypoint", MissingWaypoint);
        return string.Join(", ", parts);
    }

    /// <summary>The fields that are set, as one JSON object, for tools.</summary>
    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        void Field(string name, string? value)
        {
            if (value is not null)
            {
                json.WriteString(name, value);
            }
        }
        void Number(string name, long? value)
        {
            if (value is { } n)
            {
                json.WriteNumber(name, n);
            }
        }
        Field("service", Service);
        Field("node", Node);
        Field("otherService", OtherService);
        Field("otherNode", OtherNode);
        Field("flow", Flow);
        Field("sourceNode", SourceNode);
        Field("targetNode", TargetNode);
        if (!DevicePath.IsDefaultOrEmpty)
        {
            json.WriteStartArray("path");
            foreach (var device in DevicePath)
            {
                json.WriteStringValue(device);
            }
            json.WriteEndArray();
        }
        Field("device", Device);
        Field("link", Link);
        Field("port", Port);
        Field("quantity", Quantity);
        Number("measured", Measured);
        Number("bound", Bound);
        Field("missingWaypoint", MissingWaypoint);
        json.WriteEndObject();
    }

    private bool PrintMembers(StringBuilder builder)
    {
        var parts = new List<string>();
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                parts.Add($"{name} = {value}");
            }
        }
        Add(nameof(Service), Service);
        Add(nameof(Node), Node);
        Add(nameof(OtherService), OtherService);
        Add(nameof(OtherNode), OtherNode);
        Add(nameof(Flow), Flow);
        Add(nameof(SourceNode), SourceNode);
        Add(nameof(TargetNode), TargetNode);
        if (!DevicePath.IsDefaultOrEmpty)
        {
            parts.Add($"{nameof(DevicePath)} = [{string.Join(", ", DevicePath)}]");
        }
        Add(nameof(Device), Device);
        Add(nameof(Link), Link);
        Add(nameof(Port), Port);
        Add(nameof(Quantity), Quantity);
        Add(nameof(Measured), Measured);
        Add(nameof(Bound), Bound);
        Add(nameof(MissingWaypoint), MissingWaypoint);
        builder.Append(string.Join(", ", parts));
        return parts.Count > 0;
    }
}
