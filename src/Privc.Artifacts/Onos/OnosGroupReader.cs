using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Privc.Diagnostics;
using Privc.Text;
using Privc.Topology;

namespace Privc.Artifacts.Onos;

/// <summary>One bucket of a group: the port it watches (null: none) and its output port, or why privc cannot follow it.</summary>
internal sealed record OnosBucket(long? WatchPort, long? OutputPort, Unjudgeable? NotFollowed)
{
    /// <summary>The bucket outputs to IN_PORT: back out of the port the packets came in by.</summary>
    public bool OutputInPort { get; init; }
}

/// <summary>One ONOS group as read from a groups file, on a device of the topology.</summary>
internal sealed record OnosGroup(NetworkDevice Device, long Id, string Type, ImmutableArray<OnosBucket> Buckets, SourceLocation Location);

/// <summary>
/// Reads ONOS groups: privc's <c>onos/groups.json</c> (<c>{"groups":[...]}</c>, each the body of
/// <c>POST /onos/v1/groups/{deviceId}</c>) or the answer of <c>GET /onos/v1/groups</c>, as ONOS's GroupCodec and
/// GroupBucketCodec decode them (onos @ dd5172e5): <c>type</c> one of SELECT, INDIRECT, ALL, CLONE, FAILOVER;
/// <c>id</c>, else <c>groupId</c>, read with Jackson's asLong and kept as 32 bits; <c>appCookie</c> a 0x-hex string;
/// FAILOVER buckets need <c>watchPort</c> and <c>watchGroup</c>. What ONOS would refuse is PRIV4021. Buckets whose
/// treatment is anything but one OUTPUT to a port number are kept as not followed (cannot judge when reached).
/// </summary>
internal static class OnosGroupReader
{
    private static readonly ImmutableHashSet<string> Types = ["SELECT", "INDIRECT", "ALL", "CLONE", "FAILOVER"];

    public static ImmutableDictionary<(string Device, long Id), OnosGroup> Read(SourceText source, TopologyModel topology, List<Diagnostic> diagnostics)
    {
        var result = ImmutableDictionary.CreateBuilder<(string, long), OnosGroup>();
        var (root, error) = JsonValue.Parse(source);
        if (root is null)
        {
            var at = new SourceLocation(source, new TextSpan(error!.Offset, 0));
            diagnostics.Add(error.DuplicateKey ? DiagnosticCatalogue.OnosDuplicateKey(at, error.Message) : DiagnosticCatalogue.OnosJsonSyntax(at, error.Message));
            return result.ToImmutable();
        }
        if (root.Kind != JsonValueKind.Object || root["groups"] is not { Kind: JsonValueKind.Array } groups)
        {
            diagnostics.Add(DiagnosticCatalogue.OnosGroupInvalid(root.Location(source), "the groups file must be an object with a 'groups' array (privc's onos/groups.json or the answer of GET /onos/v1/groups)"));
            return result.ToImmutable();
        }
        foreach (var item in groups.Items)
        {
            try
            {
                var group = ReadGroup(source, topology, item);
                if (!result.TryAdd((group.Device.Name, group.Id), group))
                {
                    throw new OnosValueException(item, $"a second group {group.Id} on device '{group.Device.Id}'; a device holds one group per id", false);
                }
            }
            catch (OnosValueException invalid)
            {
                diagnostics.Add(DiagnosticCatalogue.OnosGroupInvalid(invalid.At.Location(source), invalid.ReadDifferently
                    ? $"{invalid.Message}; privc refuses to read it otherwise than ONOS would"
                    : $"{invalid.Message}; ONOS refuses the group"));
            }
        }
        return result.ToImmutable();
    }

    private static OnosGroup ReadGroup(SourceText source, TopologyModel topology, JsonValue item)
    {
        if (item.Kind != JsonValueKind.Object)
        {
            throw new OnosValueException(item, "a group must be an object", false);
        }
        JsonValue Required(JsonValue on, string name) => on[name] ?? throw new OnosValueException(on, $"the group has no '{name}', which ONOS requires", false);
        var type = Required(item, "type") is { Kind: JsonValueKind.String, Text: { } t } ? t : throw new OnosValueException(item["type"]!, "'type' must be a string", false);
        if (!Types.Contains(type))
        {
            throw new OnosValueException(item["type"]!, $"group type '{type}' is not one ONOS knows (SELECT, INDIRECT, ALL, CLONE, FAILOVER)", false);
        }
        var deviceValue = Required(item, "deviceId");
        var device = deviceValue is { Kind: JsonValueKind.String, Text: { } id } ? topology.Devices.FirstOrDefault(d => d.Id == id) : null;
        if (device is null)
        {
            throw new OnosValueException(deviceValue, $"group for device {deviceValue.Canonical()}, which is not the ONOS id of a device of the topology", false);
        }
        var idValue = item["id"] ?? Required(item, "groupId");
        // GroupId.valueOf(id.intValue()): the low 32 bits, as OpenFlow's unsigned group id.
        var groupId = OnosValues.Whole(idValue, idValue == item["id"] ? "id" : "groupId", 0, uint.MaxValue, asLong: true);
        if (Required(item, "appCookie") is not { Kind: JsonValueKind.String, Text: { } cookie } || !cookie.StartsWith("0x", StringComparison.Ordinal))
        {
            throw new OnosValueException(item["appCookie"]!, "'appCookie' must be a hex string that starts with 0x", false);
        }
        var buckets = Required(item, "buckets") is { Kind: JsonValueKind.Array } list ? list.Items : throw new OnosValueException(item["buckets"]!, "'buckets' must be an array", false);
        return new OnosGroup(device, groupId, type, [.. buckets.Select(b => ReadBucket(source, type, b))], item.Location(source));
    }

    private static OnosBucket ReadBucket(SourceText source, string type, JsonValue bucket)
    {
        if (bucket.Kind != JsonValueKind.Object)
        {
            throw new OnosValueException(bucket, "a bucket must be an object", false);
        }
        long? watch = null;
        if (type == "FAILOVER")
        {
            var port = bucket["watchPort"] ?? throw new OnosValueException(bucket, "a FAILOVER bucket has no 'watchPort', which ONOS requires", false);
            var text = port.Kind is JsonValueKind.Number or JsonValueKind.String ? port.Text : null;
            if (text is null || !ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > uint.MaxValue)
            {
                throw new OnosValueException(port, $"'watchPort' {port.Canonical()} is not a decimal port number privc reads as ONOS does", true);
            }
            watch = (long)number;
            if (bucket["watchGroup"] is not { } watchGroup)
            {
                throw new OnosValueException(bucket, "a FAILOVER bucket has no 'watchGroup', which ONOS requires", false);
            }
            var watched = OnosValues.Whole(watchGroup, "watchGroup", int.MinValue, int.MaxValue);
            if ((short)watched != -1)
            {
                return new OnosBucket(watch, null, new Unjudgeable($"a bucket that watches group {watched} (group liveness is not modelled)", watchGroup.Location(source)));
            }
        }
        var instructions = bucket["treatment"] is { Kind: JsonValueKind.Object } treatment && treatment["instructions"] is { Kind: JsonValueKind.Array } items ? items.Items : [];
        var deferred = bucket["treatment"] is { Kind: JsonValueKind.Object } t2 && t2["deferred"] is { Kind: JsonValueKind.Array } d ? d.Items : [];
        if (instructions.Length == 1 && deferred.IsEmpty && instructions[0] is { Kind: JsonValueKind.Object } only && only["type"] is { Text: "OUTPUT" }
            && only["port"] is { } portValue && OnosValues.OutputPort(portValue) is { Logical: null or "IN_PORT" } output)
        {
            return output.Logical is null ? new OnosBucket(watch, output.Number, null) : new OnosBucket(watch, null, null) { OutputInPort = true };
        }
        return new OnosBucket(watch, null, new Unjudgeable("a bucket whose treatment is not one OUTPUT to a port number or IN_PORT", bucket.Location(source)));
    }
}
