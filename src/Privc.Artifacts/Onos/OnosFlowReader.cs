using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Privc.Diagnostics;
using Privc.Text;
using Privc.Topology;

namespace Privc.Artifacts.Onos;

/// <summary>
/// Reads the <c>flows</c> array of an ONOS flows file (the body of <c>POST /onos/v1/flows</c> or the answer of
/// <c>GET /onos/v1/flows</c>) the way ONOS's <c>FlowRuleCodec</c> and its OpenFlow driver read it, or refuses it
/// (specs/onos.md, "Reading flow rules"). A rule ONOS would refuse is PRIV5021; a value ONOS would read otherwise
/// than it is written is PRIV5026; a key repeated in one object is PRIV5027. Any of these makes the file unusable
/// (ONOS refuses a whole POST when one rule is bad), so the tracer's answer is then not a verdict.
/// </summary>
internal static partial class OnosFlowReader
{
    /// <summary>Instruction types ONOS's codec decodes that do not forward, drop or change a packet.</summary>
    private static readonly ImmutableHashSet<string> Harmless = ["METER", "STAT_TRIGGER", "QUEUE"];

    private static readonly ImmutableHashSet<string> Rewrites = ["L0MODIFICATION", "L1MODIFICATION", "L2MODIFICATION", "L3MODIFICATION", "L4MODIFICATION"];

    private static readonly ImmutableHashSet<string> Unsettled = ["PENDING_ADD", "PENDING_REMOVE", "REMOVED", "FAILED"];

    public static ImmutableArray<OnosRule> Read(SourceText source, TopologyModel topology, List<Diagnostic> diagnostics)
    {
        var (root, error) = JsonValue.Parse(source);
        if (root is null)
        {
            var at = new SourceLocation(source, new TextSpan(error!.Offset, 0));
            diagnostics.Add(error.DuplicateKey ? DiagnosticCatalogue.OnosDuplicateKey(at, error.Message) : DiagnosticCatalogue.OnosJsonSyntax(at, error.Message));
            return [];
        }
        if (root.Kind != JsonValueKind.Object || root["flows"] is not { Kind: JsonValueKind.Array } flows)
        {
            diagnostics.Add(DiagnosticCatalogue.OnosFlowInvalid(root.Location(source), "the file must be an object with a 'flows' array (the body of POST /onos/v1/flows or the answer of GET /onos/v1/flows)"));
            return [];
        }
        var rules = ImmutableArray.CreateBuilder<OnosRule>();
        foreach (var flow in flows.Items)
        {
            try
            {
                if (ReadRule(source, topology, flow, rules.Count, diagnostics) is { } rule)
                {
                    rules.Add(rule);
                }
            }
            catch (OnosValueException invalid)
            {
                var at = invalid.At.Location(source);
                diagnostics.Add(invalid.ReadDifferently
                    ? DiagnosticCatalogue.OnosValueReadDifferently(at, invalid.Message)
                    : DiagnosticCatalogue.OnosFlowInvalid(at, $"{invalid.Message}; ONOS refuses the rule (and with it the whole POST)"));
            }
        }
        return rules.ToImmutable();
    }

    private static OnosRule? ReadRule(SourceText source, TopologyModel topology, JsonValue flow, int index, List<Diagnostic> diagnostics)
    {
        if (flow.Kind != JsonValueKind.Object)
        {
            throw new OnosValueException(flow, "a flow rule must be an object", false);
        }
        JsonValue Required(string name) => flow[name] ?? throw new OnosValueException(flow, $"the flow rule has no '{name}', which ONOS requires", false);

        var priority = (int)OnosValues.Whole(Required("priority"), "priority", 0, 65535);
        var permanent = OnosValues.Boolean(Required("isPermanent"), "isPermanent");
        if (!permanent)
        {
            OnosValues.Whole(Required("timeout"), "timeout", int.MinValue, int.MaxValue);
        }
        var (presence, presenceText) = (permanent ? RulePresence.Installed : RulePresence.Temporary, permanent ? null : "temporary");
        if (flow["state"] is { } state)
        {
            // The codec decodes a FlowEntry's state with FlowEntryState.valueOf; a POST body's state is ignored.
            if (state is not { Kind: JsonValueKind.String, Text: { } name } || (name != "ADDED" && !Unsettled.Contains(name)))
            {
                throw new OnosValueException(state, "'state' must be one of ONOS's flow entry states: PENDING_ADD, ADDED, PENDING_REMOVE, REMOVED, FAILED", false);
            }
            if (Unsettled.Contains(name))
            {
                (presence, presenceText) = (RulePresence.Unsettled, $"state {name}");
            }
        }
        var (table, unknownTable) = Table(source, flow["tableId"]);
        var deviceValue = Required("deviceId");
        if (deviceValue is not { Kind: JsonValueKind.String, Text: { } deviceId })
        {
            throw new OnosValueException(deviceValue, "'deviceId' must be a string such as \"of:0000000000000001\"", false);
        }

        var selector = new Selector(null, Cube.All, null);
        if (flow["selector"] is { } selectorValue)
        {
            // ONOS ignores a selector that is not an object (JsonCodec.get), which would make the rule match everything.
            if (selectorValue.Kind != JsonValueKind.Object)
            {
                throw new OnosValueException(selectorValue, "'selector' is not an object; ONOS ignores it and the rule matches every packet", true);
            }
            if (selectorValue["criteria"] is { } criteria)
            {
                if (criteria.Kind != JsonValueKind.Array)
                {
                    throw new OnosValueException(criteria, "'criteria' must be an array", false);
                }
                selector = OnosCriteria.Read(source, criteria, table);
            }
        }
        var treatment = new Treatment([], [], false, null, null);
        if (flow["treatment"] is { } treatmentValue)
        {
            if (treatmentValue.Kind != JsonValueKind.Object)
            {
                throw new OnosValueException(treatmentValue, "'treatment' is not an object; ONOS ignores it and the rule drops every packet it matches", true);
            }
            treatment = ReadTreatment(source, treatmentValue, table);
        }

        var device = topology.Devices.FirstOrDefault(d => d.Id == deviceId);
        if (device is null)
        {
            var byName = topology.Devices.FirstOrDefault(d => d.Name == deviceId);
            diagnostics.Add(DiagnosticCatalogue.OnosUnknownDevice(deviceValue.Location(source), deviceId, byName?.Id));
            return null;
        }
        return new OnosRule(index, device, priority, table, unknownTable, selector.InPort, selector.Match, selector.Unknown, treatment, presence, presenceText, flow.Location(source));
    }

    /// <summary>
    /// <c>tableId</c> as ONOS reads it: <c>asText</c>, then <c>Integer.parseInt</c>; text that does not parse names a
    /// protocol-independent table (so <c>"0x0"</c> is not table 0). OpenFlow tables are 0..254.
    /// </summary>
    private static (int? Table, Unjudgeable? Unknown) Table(SourceText source, JsonValue? value)
    {
        if (value is null)
        {
            return (0, null);
        }
        var text = value.Kind switch
        {
            JsonValueKind.Number or JsonValueKind.String => value.Text!,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => "null",
            _ => string.Empty,
        };
        if (JavaParseInt().IsMatch(text) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var table))
        {
            return table is >= 0 and <= 254
                ? (table, null)
                : (null, new Unjudgeable($"tableId {text}, which is not an OpenFlow table (0..254)", value.Location(source)));
        }
        return (null, new Unjudgeable($"tableId {(value.Kind == JsonValueKind.String ? $"\"{text}\"" : text)}, which ONOS reads as the name of a protocol-independent table (Integer.parseInt fails on it), not an OpenFlow table number", value.Location(source)));
    }

    private static Treatment ReadTreatment(SourceText source, JsonValue treatment, int? table)
    {
        int? gotoTable = null;
        JsonValue? gotoAt = null;
        ImmutableArray<RuleAction> List(string name)
        {
            if (treatment[name] is not { } list)
            {
                return [];
            }
            if (list.Kind != JsonValueKind.Array)
            {
                throw new OnosValueException(list, $"'{name}' must be an array", false);
            }
            var actions = ImmutableArray.CreateBuilder<RuleAction>();
            var noAction = false;
            foreach (var instruction in list.Items)
            {
                if (instruction.Kind != JsonValueKind.Object || instruction["type"] is not { Kind: JsonValueKind.String, Text: { } type })
                {
                    throw new OnosValueException(instruction, "an instruction must be an object with a 'type' string", false);
                }
                JsonValue Member(string member) => instruction[member] ?? throw new OnosValueException(instruction, $"instruction {type} has no '{member}', which ONOS requires", false);
                // Located at what a reader looks for: an OUTPUT's port, any other instruction's type.
                var at = (type == "OUTPUT" ? instruction["port"] ?? instruction : instruction["type"]!).Location(source);
                switch (type)
                {
                    case "OUTPUT":
                        actions.Add(Output(OnosValues.OutputPort(Member("port")), at));
                        break;
                    case "NOACTION":
                        noAction = true;
                        break;
                    case "TABLE":
                        if (gotoAt is not null)
                        {
                            throw new OnosValueException(instruction, "a second TABLE instruction; ONOS keeps only the last one", true);
                        }
                        gotoAt = instruction;
                        gotoTable = (int)OnosValues.Whole(Member("tableId"), "tableId", 0, 254);
                        break;
                    case "GROUP":
                        var groupId = OnosValues.Whole(Member("groupId"), "groupId", long.MinValue, long.MaxValue, asLong: true);
                        actions.Add(new RuleAction.Elsewhere(new Unjudgeable($"GROUP {Member("groupId").Text} (group buckets are not in the flows file)", at), false, groupId));
                        break;
                    case var t when Harmless.Contains(t):
                        break;
                    case var t when Rewrites.Contains(t):
                        var subtype = instruction["subtype"] is { Kind: JsonValueKind.String, Text: { } s } ? s : throw new OnosValueException(instruction, $"instruction {t} has no 'subtype' string", false);
                        actions.Add(new RuleAction.Rewrite(new Unjudgeable($"{t} {subtype} (a header rewrite)", at)));
                        break;
                    case "EXTENSION" or "PROTOCOL_INDEPENDENT":
                        actions.Add(new RuleAction.Elsewhere(new Unjudgeable($"a {type} instruction", at), false));
                        break;
                    default:
                        throw new OnosValueException(instruction["type"]!, $"ONOS's codec does not support instruction type '{type}' and refuses the rule", false);
                }
            }
            // ONOS's OpenFlow driver turns a list holding NOACTION into no actions at all (FlowModBuilderVer13.buildActions).
            return noAction ? [] : actions.ToImmutable();
        }

        var immediate = List("instructions");
        var clear = treatment["clearDeferred"] is { } clearValue && OnosValues.Boolean(clearValue, "clearDeferred");
        var deferred = List("deferred");
        Unjudgeable? badGoto = null;
        if (gotoTable is { } next && table is { } current && next <= current)
        {
            badGoto = new Unjudgeable($"a TABLE instruction to table {next} from table {current} (OpenFlow only goes forward; switches refuse the rule)", gotoAt!.Location(source));
        }
        return new Treatment(immediate, deferred, clear, gotoTable, badGoto);
    }

    private static RuleAction Output(OnosPort port, SourceLocation at) => port.Logical switch
    {
        null => new RuleAction.Output(port.Number, false),
        "IN_PORT" => new RuleAction.Output(0, true),
        "ALL" or "FLOOD" => new RuleAction.Everywhere(port.Logical),
        var name => new RuleAction.Elsewhere(new Unjudgeable($"OUTPUT to {name}", at), true),
    };

    [GeneratedRegex("^[+-]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex JavaParseInt();
}
