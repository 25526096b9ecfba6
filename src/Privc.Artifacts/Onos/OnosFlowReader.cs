using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Privc.Diagnostics;
using Privc.Text;
using Privc.Topology;

namespace Privc.Artifacts.Onos;

/// <summary>A selector criterion, as the tracer understands it.</summary>
internal abstract record Match
{
    public sealed record InPort(long Port) : Match;

    public sealed record EthType(long Type) : Match;

    public sealed record Ipv4(bool Source, uint Address, int Length) : Match
    {
        public bool Contains(uint address) => Length == 0 || (address >> (32 - Length)) == (Address >> (32 - Length));
    }

    public sealed record IpProto(long Protocol) : Match;

    public sealed record Tcp(bool Source, long Port) : Match;

    /// <summary>A criterion privc does not model: a header field of its own, compared by exact value.</summary>
    public sealed record Unknown(string Type, string Value) : Match;
}

/// <summary>An instruction of a treatment, as the tracer understands it.</summary>
internal abstract record RuleAction
{
    public sealed record Output(long Port) : RuleAction;

    /// <summary>OUTPUT to the logical port IN_PORT: back where the packet came from.</summary>
    public sealed record BackToInPort : RuleAction;

    /// <summary>OUTPUT to CONTROLLER, FLOOD, ALL, NORMAL, LOCAL, TABLE or ANY, or an instruction that rewrites headers, jumps tables or uses groups.</summary>
    public sealed record Unfollowable(string What) : RuleAction;
}

/// <summary>One flow rule read from an ONOS flows file; <see cref="Index"/> is its position there.</summary>
internal sealed record OnosRule(int Index, NetworkDevice Device, long Priority, long TableId, ImmutableArray<Match> Matches, ImmutableArray<RuleAction> Actions, SourceLocation Location);

/// <summary>
/// Reads the <c>flows</c> array of an ONOS flows file: the body of <c>POST /onos/v1/flows</c> or the answer of
/// <c>GET /onos/v1/flows</c> (whose rules carry extra fields: <c>id</c>, <c>state</c>, <c>life</c>, ...). Field
/// forms follow ONOS's codecs: numbers may be JSON numbers or strings, <c>ethType</c> hexadecimal strings, IPv4
/// criteria need a <c>/len</c> prefix.
/// </summary>
internal static class OnosFlowReader
{
    private static readonly ImmutableDictionary<string, string> LogicalPorts = new Dictionary<string, string>
    {
        ["-8"] = "IN_PORT", ["-7"] = "TABLE", ["-6"] = "NORMAL", ["-5"] = "FLOOD", ["-4"] = "ALL", ["-3"] = "CONTROLLER", ["-2"] = "LOCAL", ["-1"] = "ANY",
    }.ToImmutableDictionary();

    /// <summary>Instructions that neither forward nor change the packet.</summary>
    private static readonly ImmutableHashSet<string> Harmless = ["NOACTION", "METER", "STAT_TRIGGER"];

    public static ImmutableArray<OnosRule> Read(SourceText source, TopologyModel topology, List<Diagnostic> diagnostics)
    {
        var root = JsonValue.Parse(source, out var error);
        if (root is null)
        {
            var (offset, message) = error!.Value;
            diagnostics.Add(DiagnosticCatalogue.OnosJsonSyntax(new SourceLocation(source, new TextSpan(offset, 0)), message));
            return [];
        }
        if (root.Kind != JsonValueKind.Object || root["flows"] is not { Kind: JsonValueKind.Array } flows)
        {
            diagnostics.Add(DiagnosticCatalogue.OnosFlowInvalid(root.Location(source), "the file must be an object with a 'flows' array (the body of POST /onos/v1/flows or the answer of GET /onos/v1/flows)"));
            return [];
        }
        var rules = ImmutableArray.CreateBuilder<OnosRule>();
        var warned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var flow in flows.Items)
        {
            try
            {
                if (ReadRule(source, topology, flow, rules.Count, diagnostics, warned) is { } rule)
                {
                    rules.Add(rule);
                }
            }
            catch (InvalidRule invalid)
            {
                diagnostics.Add(DiagnosticCatalogue.OnosFlowInvalid(invalid.At.Location(source), $"{invalid.Message}; the rule is ignored, so packets it would forward are traced without it"));
            }
        }
        return rules.ToImmutable();
    }

    private sealed class InvalidRule(JsonValue at, string message) : Exception(message)
    {
        public JsonValue At { get; } = at;
    }

    private static OnosRule? ReadRule(SourceText source, TopologyModel topology, JsonValue flow, int index, List<Diagnostic> diagnostics, HashSet<string> warned)
    {
        if (flow.Kind != JsonValueKind.Object)
        {
            throw new InvalidRule(flow, "a flow rule must be an object");
        }
        if (flow["state"] is { Kind: JsonValueKind.String, Text: "REMOVED" })
        {
            return null;
        }
        var deviceId = flow["deviceId"] is { Kind: JsonValueKind.String, Text: { } id } ? id : throw new InvalidRule(flow, "the flow rule has no 'deviceId' string");
        var priority = flow["priority"]?.AsInteger() ?? throw new InvalidRule(flow["priority"] ?? flow, "the flow rule has no integer 'priority'");
        var table = flow["tableId"] is { } tableValue ? tableValue.AsInteger() ?? throw new InvalidRule(tableValue, "'tableId' must be an integer") : 0;
        var matches = ImmutableArray.CreateBuilder<Match>();
        if (flow["selector"] is { } selector)
        {
            if (selector.Kind != JsonValueKind.Object || selector["criteria"] is not { Kind: JsonValueKind.Array } criteria)
            {
                throw new InvalidRule(selector, "'selector' must be an object with a 'criteria' array");
            }
            foreach (var criterion in criteria.Items)
            {
                matches.Add(ReadCriterion(source, criterion, diagnostics, warned));
            }
        }
        var actions = ImmutableArray.CreateBuilder<RuleAction>();
        if (flow["treatment"] is { } treatment)
        {
            if (treatment.Kind != JsonValueKind.Object)
            {
                throw new InvalidRule(treatment, "'treatment' must be an object");
            }
            // Deferred (write-actions) instructions run at the end of the pipeline; for forwarding they count the same.
            foreach (var list in new[] { "instructions", "deferred" })
            {
                if (treatment[list] is not { } instructions)
                {
                    continue;
                }
                if (instructions.Kind != JsonValueKind.Array)
                {
                    throw new InvalidRule(instructions, $"'{list}' must be an array");
                }
                foreach (var instruction in instructions.Items)
                {
                    if (ReadInstruction(instruction) is { } action)
                    {
                        actions.Add(action);
                    }
                }
            }
        }
        var device = topology.FindDevice(deviceId);
        if (device is null)
        {
            diagnostics.Add(DiagnosticCatalogue.OnosUnknownDevice(flow["deviceId"]!.Location(source), deviceId));
            return null;
        }
        return new OnosRule(index, device, priority, table, matches.ToImmutable(), actions.ToImmutable(), flow.Location(source));
    }

    private static Match ReadCriterion(SourceText source, JsonValue criterion, List<Diagnostic> diagnostics, HashSet<string> warned)
    {
        if (criterion.Kind != JsonValueKind.Object || criterion["type"] is not { Kind: JsonValueKind.String, Text: { } type })
        {
            throw new InvalidRule(criterion, "a criterion must be an object with a 'type' string");
        }
        long Integer(string field, long max)
        {
            var value = criterion[field] ?? throw new InvalidRule(criterion, $"criterion {type} has no '{field}'");
            return value.AsInteger() is { } number && number >= 0 && number <= max ? number : throw new InvalidRule(value, $"criterion {type}: '{field}' must be an integer from 0 to {max}");
        }
        switch (type)
        {
            case "IN_PORT":
                return new Match.InPort(Port(criterion["port"] ?? throw new InvalidRule(criterion, "criterion IN_PORT has no 'port'")));
            case "ETH_TYPE":
                return new Match.EthType(Integer("ethType", 0xffff));
            case "IPV4_SRC" or "IPV4_DST":
                var ip = criterion["ip"];
                if (ip is not { Kind: JsonValueKind.String, Text: { } text } || text.Split('/') is not [var address, var length]
                    || !IPAddress.TryParse(address, out var parsed) || parsed.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
                    || address.Count(c => c == '.') != 3
                    || !int.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) || bits > 32)
                {
                    throw new InvalidRule(ip ?? criterion, $"criterion {type}: 'ip' must be an IPv4 prefix such as 10.0.0.1/32 (ONOS requires the /len)");
                }
                return new Match.Ipv4(type == "IPV4_SRC", (uint)IPAddress.NetworkToHostOrder(BitConverter.ToInt32(parsed.GetAddressBytes())), bits);
            case "IP_PROTO":
                return new Match.IpProto(Integer("protocol", 255));
            case "TCP_SRC" or "TCP_DST":
                return new Match.Tcp(type == "TCP_SRC", Integer("tcpPort", 65535));
            default:
                if (warned.Add(type))
                {
                    diagnostics.Add(DiagnosticCatalogue.OnosUnknownCriterion(criterion.Location(source), type));
                }
                var value = string.Join(",", criterion.Properties.Where(p => p.Name != "type").OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value.Canonical()}"));
                return new Match.Unknown(type, value);
        }
    }

    private static long Port(JsonValue port)
    {
        if (port.AsInteger() is { } number)
        {
            return number;
        }
        if (port is { Kind: JsonValueKind.String, Text: { } name } && LogicalPorts.Values.Contains(name))
        {
            return long.Parse(LogicalPorts.First(p => p.Value == name).Key, CultureInfo.InvariantCulture);
        }
        throw new InvalidRule(port, "'port' must be a port number or a logical port name");
    }

    private static RuleAction? ReadInstruction(JsonValue instruction)
    {
        if (instruction.Kind != JsonValueKind.Object || instruction["type"] is not { Kind: JsonValueKind.String, Text: { } type })
        {
            throw new InvalidRule(instruction, "an instruction must be an object with a 'type' string");
        }
        if (Harmless.Contains(type))
        {
            return null;
        }
        if (type != "OUTPUT")
        {
            var subtype = instruction["subtype"]?.Text;
            return new RuleAction.Unfollowable(subtype is null ? type : $"{type} {subtype}");
        }
        var port = Port(instruction["port"] ?? throw new InvalidRule(instruction, "an OUTPUT instruction has no 'port'"));
        // ONOS's logical ports are the top of the 32-bit range; the codec also writes them as negative numbers.
        if (port is >= 0xfffffff8 and <= 0xffffffff)
        {
            port -= 0x100000000;
        }
        return port switch
        {
            < -8 => throw new InvalidRule(instruction["port"]!, $"OUTPUT port {port} is not a port number or a logical port"),
            -8 => new RuleAction.BackToInPort(),
            < 0 => new RuleAction.Unfollowable($"OUTPUT to {LogicalPorts[port.ToString(CultureInfo.InvariantCulture)]}"),
            _ => new RuleAction.Output(port),
        };
    }
}
