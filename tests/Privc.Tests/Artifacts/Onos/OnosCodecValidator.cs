using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Privc.Tests.Artifacts.Onos;

/// <summary>
/// The rules ONOS's FlowRuleCodec, CriterionCodec and InstructionCodec apply to a flow rule, as the real codec
/// fixtures in ../shared/data/onos/examples show them, plus the OpenFlow match prerequisites (IPv4 fields need
/// ETH_TYPE 0x0800, TCP ports need IP_PROTO 6) and the swagger model's required fields (FlowsBatchPost.json).
/// Returns every problem found; an empty list means the rule would be accepted.
/// </summary>
public static partial class OnosCodecValidator
{
    /// <summary>The field each criterion type carries its value in (CriterionCodec's names, from criteria-flow.json).</summary>
    private static readonly Dictionary<string, string> CriterionField = new()
    {
        ["IN_PORT"] = "port",
        ["ETH_TYPE"] = "ethType",
        ["IPV4_SRC"] = "ip",
        ["IPV4_DST"] = "ip",
        ["IP_PROTO"] = "protocol",
        ["TCP_SRC"] = "tcpPort",
        ["TCP_DST"] = "tcpPort",
        ["ETH_SRC"] = "mac",
        ["ETH_DST"] = "mac",
    };

    public static List<string> ValidateBatch(JsonElement body, IReadOnlyList<string> requiredPerFlow)
    {
        var problems = new List<string>();
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("flows", out var flows) || flows.ValueKind != JsonValueKind.Array)
        {
            return ["the body must be an object with a 'flows' array"];
        }
        var index = 0;
        foreach (var flow in flows.EnumerateArray())
        {
            problems.AddRange(ValidateFlow(flow, requiredPerFlow).Select(p => $"flows[{index}]: {p}"));
            index++;
        }
        return problems;
    }

    public static List<string> ValidateFlow(JsonElement flow, IReadOnlyList<string> required)
    {
        var problems = new List<string>();
        if (flow.ValueKind != JsonValueKind.Object)
        {
            return ["a flow must be an object"];
        }
        foreach (var name in required.Where(n => !flow.TryGetProperty(n, out _)))
        {
            problems.Add($"missing required '{name}'");
        }
        if (!flow.TryGetProperty("priority", out var priority) || priority.ValueKind != JsonValueKind.Number || !priority.TryGetInt32(out _))
        {
            problems.Add("'priority' must be an int");
        }
        var permanent = flow.TryGetProperty("isPermanent", out var p) ? p.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(p.GetString(), out var b) => b,
            _ => (bool?)null,
        } : null;
        if (permanent is null)
        {
            problems.Add("'isPermanent' must be a boolean");
        }
        if (permanent == false && !flow.TryGetProperty("timeout", out _))
        {
            problems.Add("'timeout' is required when the rule is not permanent");
        }
        if (flow.TryGetProperty("deviceId", out var device) && (device.ValueKind != JsonValueKind.String || !DeviceId().IsMatch(device.GetString()!)))
        {
            problems.Add("'deviceId' must be a device URI such as of:0000000000000001");
        }
        if (flow.TryGetProperty("treatment", out var treatment))
        {
            if (!treatment.TryGetProperty("instructions", out var instructions) || instructions.ValueKind != JsonValueKind.Array)
            {
                problems.Add("'treatment' needs an 'instructions' array");
            }
            else
            {
                foreach (var instruction in instructions.EnumerateArray())
                {
                    var type = instruction.TryGetProperty("type", out var t) ? t.GetString() : null;
                    if (type is null)
                    {
                        problems.Add("an instruction has no 'type'");
                    }
                    else if (type == "OUTPUT" && !(instruction.TryGetProperty("port", out var port)
                        && (port.ValueKind == JsonValueKind.Number || (port.ValueKind == JsonValueKind.String && OutputPort().IsMatch(port.GetString()!)))))
                    {
                        problems.Add("OUTPUT needs a 'port': a number, a decimal string or a logical port name");
                    }
                }
            }
        }
        if (flow.TryGetProperty("selector", out var selector))
        {
            if (!selector.TryGetProperty("criteria", out var criteria) || criteria.ValueKind != JsonValueKind.Array)
            {
                problems.Add("'selector' needs a 'criteria' array");
                return problems;
            }
            var byType = new Dictionary<string, JsonElement>();
            foreach (var criterion in criteria.EnumerateArray())
            {
                var type = criterion.TryGetProperty("type", out var t) ? t.GetString() : null;
                if (type is null)
                {
                    problems.Add("a criterion has no 'type'");
                    continue;
                }
                if (!byType.TryAdd(type, criterion))
                {
                    problems.Add($"criterion {type} given twice");
                }
                if (CriterionField.TryGetValue(type, out var field) && !criterion.TryGetProperty(field, out _))
                {
                    problems.Add($"criterion {type} needs '{field}'");
                }
            }
            foreach (var type in new[] { "IPV4_SRC", "IPV4_DST" }.Where(byType.ContainsKey))
            {
                var ip = byType[type].TryGetProperty("ip", out var value) ? value.GetString() ?? string.Empty : string.Empty;
                if (!Ipv4Prefix().IsMatch(ip))
                {
                    problems.Add($"{type} 'ip' must be an IPv4 prefix with /len, got '{ip}'");
                }
                if (!byType.TryGetValue("ETH_TYPE", out var eth) || EthType(eth) != 0x0800)
                {
                    problems.Add($"{type} needs ETH_TYPE 0x0800 (OpenFlow prerequisite)");
                }
            }
            foreach (var type in new[] { "TCP_SRC", "TCP_DST" }.Where(byType.ContainsKey))
            {
                if (!byType.TryGetValue("IP_PROTO", out var proto) || !proto.TryGetProperty("protocol", out var number) || number.GetInt32() != 6)
                {
                    problems.Add($"{type} needs IP_PROTO 6 (OpenFlow prerequisite)");
                }
            }
            if (byType.ContainsKey("IP_PROTO") && (!byType.TryGetValue("ETH_TYPE", out var ethType) || EthType(ethType) is not (0x0800 or 0x86dd)))
            {
                problems.Add("IP_PROTO needs ETH_TYPE IPv4 or IPv6 (OpenFlow prerequisite)");
            }
        }
        return problems;
    }

    private static long? EthType(JsonElement criterion)
    {
        if (!criterion.TryGetProperty("ethType", out var value))
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.GetInt64();
        }
        var text = value.GetString() ?? string.Empty;
        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && long.TryParse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) ? hex : null;
    }

    [GeneratedRegex("^[a-z]+:[0-9A-Za-z:._-]+$")]
    private static partial Regex DeviceId();

    [GeneratedRegex("^([0-9]+|IN_PORT|TABLE|NORMAL|FLOOD|ALL|CONTROLLER|LOCAL|ANY)$")]
    private static partial Regex OutputPort();

    [GeneratedRegex(@"^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}/([0-9]|[12][0-9]|3[0-2])$")]
    private static partial Regex Ipv4Prefix();
}
