using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Privc.Tests.EndToEnd;

/// <summary>One ONOS flow rule as an <c>ovs-ofctl add-flow</c> rule for the device's bridge.</summary>
public sealed record OvsRule(string DeviceId, int Priority, string Flow, JsonObject Source);

/// <summary>
/// Test infrastructure: translates the ONOS flow rules privc emits (<c>onos/flows.json</c>, specs/onos.md) into
/// <c>ovs-ofctl add-flow</c> syntax — what ONOS's OpenFlow driver would send the switch. It covers exactly the
/// criteria and instructions the emitter writes: <c>IN_PORT</c>, <c>ETH_TYPE 0x0800</c> or <c>0x0806</c> (ARP rules),
/// <c>IPV4_SRC</c>/<c>IPV4_DST</c> (any prefix), <c>IP_PROTO 6</c>, <c>TCP_SRC</c>/<c>TCP_DST</c> and immediate
/// <c>OUTPUT</c>s to numbered ports and <c>GROUP</c>s (one for IPv4 rules, any mix with OUTPUTs for ARP rules), in table 0, plus
/// <c>IP_DSCP</c>, which the end-to-end test's detour uses. Anything
/// else (another criterion, instruction or table, deferred instructions, an IPv4 match before its ETH_TYPE) throws
/// <see cref="NotSupportedException"/>, so a change to the emitter cannot slip past the end-to-end test unnoticed.
/// </summary>
public static class OvsFlowTranslator
{
    public static IReadOnlyList<OvsRule> Translate(string flowsJson)
    {
        var root = JsonNode.Parse(flowsJson)?.AsObject() ?? throw new NotSupportedException("flows file is not a JSON object");
        var flows = root["flows"]?.AsArray() ?? throw new NotSupportedException("flows file has no 'flows' array");
        return flows.Select(f => Translate(f?.AsObject() ?? throw new NotSupportedException("a flow rule is not an object"))).ToList();
    }

    public static OvsRule Translate(JsonObject rule)
    {
        var deviceId = Text(rule, "deviceId");
        var priority = rule["priority"]?.GetValue<int>() ?? throw Unsupported(rule, "no priority");
        if (rule["tableId"] is { } table && table.GetValue<int>() != 0)
        {
            throw Unsupported(rule, "a table other than 0");
        }
        var flow = new StringBuilder().Append(CultureInfo.InvariantCulture, $"priority={priority}");
        var ip = false;
        var tcp = false;
        var arp = false;
        foreach (var node in rule["selector"]?["criteria"]?.AsArray() ?? throw Unsupported(rule, "no selector.criteria"))
        {
            var criterion = node?.AsObject() ?? throw Unsupported(rule, "a criterion that is not an object");
            switch (Text(criterion, "type"))
            {
                case "IN_PORT":
                    flow.Append(CultureInfo.InvariantCulture, $",in_port={Port(criterion["port"], rule)}");
                    break;
                case "ETH_TYPE" when Text(criterion, "ethType") is "0x0800" or "0x800":
                    flow.Append(",ip");
                    ip = true;
                    break;
                case "ETH_TYPE" when Text(criterion, "ethType") is "0x0806" or "0x806":
                    flow.Append(",arp");
                    arp = true;
                    break;
                case "IPV4_SRC" when ip:
                    flow.Append(",nw_src=").Append(Prefix(criterion, rule));
                    break;
                case "IPV4_DST" when ip:
                    flow.Append(",nw_dst=").Append(Prefix(criterion, rule));
                    break;
                case "IP_DSCP" when ip && criterion["ipDscp"]?.GetValue<int>() is { } dscp and >= 0 and < 64:
                    // OpenFlow 1.0's nw_tos is the TOS byte: the DSCP in its upper six bits.
                    flow.Append(CultureInfo.InvariantCulture, $",nw_tos={dscp << 2}");
                    break;
                case "IP_PROTO" when ip && criterion["protocol"]?.GetValue<int>() == 6:
                    flow.Append(",tcp");
                    tcp = true;
                    break;
                case "TCP_SRC" when tcp:
                    flow.Append(CultureInfo.InvariantCulture, $",tp_src={TcpPort(criterion, rule)}");
                    break;
                case "TCP_DST" when tcp:
                    flow.Append(CultureInfo.InvariantCulture, $",tp_dst={TcpPort(criterion, rule)}");
                    break;
                default:
                    throw Unsupported(rule, $"criterion {criterion.ToJsonString()} (or its prerequisite missing)");
            }
        }
        var treatment = rule["treatment"]?.AsObject() ?? throw Unsupported(rule, "no treatment");
        if (treatment["deferred"] is JsonArray { Count: > 0 })
        {
            throw Unsupported(rule, "deferred instructions");
        }
        var instructions = treatment["instructions"]?.AsArray() ?? throw Unsupported(rule, "no treatment.instructions");
        if (instructions.Count == 0 || instructions.Any(i => i?.AsObject() is not { } output || Text(output, "type") is not ("OUTPUT" or "GROUP"))
            || (instructions.Count > 1 && instructions.Any(i => Text(i!.AsObject(), "type") == "GROUP") && !arp))
        {
            throw Unsupported(rule, $"instructions {instructions.ToJsonString()} (only OUTPUTs, or one GROUP, are emitted for IPv4; ARP rules mix OUTPUTs and GROUPs)");
        }
        // Several OUTPUTs and GROUPs (ARP rules) are apply-actions in order: one copy out of each port or group.
        flow.Append(",actions=").AppendJoin(",", instructions.Select(i => Text(i!.AsObject(), "type") == "GROUP"
            ? string.Create(CultureInfo.InvariantCulture, $"group:{i!["groupId"]!.GetValue<long>()}")
            : string.Create(CultureInfo.InvariantCulture, $"output:{Port(i!["port"], rule)}")));
        return new OvsRule(deviceId, priority, flow.ToString(), rule);
    }

    private static string Text(JsonObject json, string name) =>
        json[name]?.GetValue<string>() ?? throw new NotSupportedException($"no '{name}' in {json.ToJsonString()}");

    /// <summary>A numbered port (JSON number or decimal string); logical ports (CONTROLLER, FLOOD, ...) are not emitted.</summary>
    private static int Port(JsonNode? port, JsonObject rule)
    {
        var text = port is JsonValue value && value.TryGetValue<int>(out var number) ? number.ToString(CultureInfo.InvariantCulture) : port?.GetValue<string>();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw Unsupported(rule, $"port '{port?.ToJsonString()}'");
    }

    private static string Prefix(JsonObject criterion, JsonObject rule)
    {
        var prefix = Text(criterion, "ip");
        var parts = prefix.Split('/');
        return parts.Length == 2 && System.Net.IPAddress.TryParse(parts[0], out var address)
               && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
               && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length is >= 0 and <= 32
            ? prefix
            : throw Unsupported(rule, $"IPv4 prefix '{prefix}'");
    }

    private static int TcpPort(JsonObject criterion, JsonObject rule) =>
        criterion["tcpPort"]?.GetValue<int>() is { } port and > 0 and < 65536 ? port : throw Unsupported(rule, $"TCP port in {criterion.ToJsonString()}");

    private static NotSupportedException Unsupported(JsonObject rule, string what) =>
        new($"the OVS translator does not cover {what}: {rule.ToJsonString()}");
}

/// <summary>
/// ONOS FAILOVER groups (privc's onos/groups.json) as ovs-ofctl OpenFlow 1.3 groups: <c>type=ff</c>, one bucket per
/// ONOS bucket in order, each <c>watch_port</c> and its one OUTPUT (<c>in_port</c> for ONOS's IN_PORT). Anything else
/// privc does not emit is refused.
/// </summary>
public static class OvsGroupTranslator
{
    public static IReadOnlyList<(string DeviceId, string Group)> Translate(string groupsJson)
    {
        var groups = JsonNode.Parse(groupsJson)?["groups"]?.AsArray() ?? throw new NotSupportedException("groups file has no 'groups' array");
        return groups.Select(g => Translate(g!.AsObject())).ToList();
    }

    public static (string DeviceId, string Group) Translate(JsonObject group)
    {
        if (group["type"]?.GetValue<string>() != "FAILOVER")
        {
            throw new NotSupportedException($"the OVS translator covers FAILOVER groups only: {group.ToJsonString()}");
        }
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"group_id={group["groupId"]!.GetValue<long>()},type=ff");
        foreach (var bucket in group["buckets"]!.AsArray())
        {
            var instructions = bucket!["treatment"]!["instructions"]!.AsArray();
            if (instructions.Count != 1 || instructions[0]!["type"]!.GetValue<string>() != "OUTPUT" || bucket["watchGroup"]!.GetValue<int>() != -1)
            {
                throw new NotSupportedException($"the OVS translator covers buckets with one OUTPUT and no watched group: {bucket.ToJsonString()}");
            }
            var port = instructions[0]!["port"]!.GetValue<string>();
            var watch = int.Parse(bucket["watchPort"]!.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $",bucket=watch_port:{watch},actions={(port == "IN_PORT" ? "in_port" : "output:" + int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture))}");
        }
        return (group["deviceId"]!.GetValue<string>(), text.ToString());
    }
}
