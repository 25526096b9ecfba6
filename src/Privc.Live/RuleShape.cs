using System.Globalization;
using System.Text.Json;

namespace Privc.Live;

/// <summary>
/// A flow rule written as text that is the same for the rule privc posts and the entry ONOS lists for it, so the
/// two can be compared: device, priority, table, permanence, the criteria as a set and the instructions in order.
/// ONOS's codecs spell some values differently from what they accept (<c>"ethType":"0x0800"</c> comes back as
/// <c>"0x800"</c>, a port may be a number or its decimal text), so every value that reads as a number is written as
/// a decimal number; the fields only ONOS writes (id, state, counters, appId, groupId) take no part.
/// </summary>
internal static class RuleShape
{
    public static string Of(JsonElement flow)
    {
        var device = Text(flow, "deviceId");
        var priority = Text(flow, "priority");
        var table = flow.TryGetProperty("tableId", out var t) ? Value(t) : "0";
        var permanent = flow.TryGetProperty("isPermanent", out var p) ? Value(p) : "?";
        var criteria = flow.TryGetProperty("selector", out var selector) && selector.ValueKind == JsonValueKind.Object
            && selector.TryGetProperty("criteria", out var c) && c.ValueKind == JsonValueKind.Array
            ? c.EnumerateArray().Select(Item).Order(StringComparer.Ordinal).ToList()
            : [];
        var instructions = new List<string>();
        if (flow.TryGetProperty("treatment", out var treatment) && treatment.ValueKind == JsonValueKind.Object)
        {
            foreach (var list in new[] { "instructions", "deferred" })
            {
                if (treatment.TryGetProperty(list, out var items) && items.ValueKind == JsonValueKind.Array && items.GetArrayLength() > 0)
                {
                    instructions.Add(list + ":" + string.Join(",", items.EnumerateArray().Select(Item)));
                }
            }
        }
        return $"{device} priority {priority} table {table} permanent {permanent} match [{string.Join(", ", criteria)}] actions [{string.Join("; ", instructions)}]";
    }

    private static string Text(JsonElement flow, string name) => flow.TryGetProperty(name, out var value) ? Value(value) : "?";

    /// <summary>A criterion or instruction: its type, then its other fields by name.</summary>
    private static string Item(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return Value(item);
        }
        var type = item.TryGetProperty("type", out var t) ? Value(t) : "?";
        var fields = item.EnumerateObject().Where(f => f.Name != "type").OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => $"{f.Name}={Value(f.Value)}");
        return $"{type}({string.Join(" ", fields)})";
    }

    private static string Value(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                return value.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : value.GetRawText();
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var d))
                {
                    return d.ToString(CultureInfo.InvariantCulture);
                }
                if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && long.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h))
                {
                    return h.ToString(CultureInfo.InvariantCulture);
                }
                return text;
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            case JsonValueKind.Object:
                return "{" + string.Join(" ", value.EnumerateObject().OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => $"{f.Name}={Value(f.Value)}")) + "}";
            case JsonValueKind.Array:
                return "[" + string.Join(",", value.EnumerateArray().Select(Value)) + "]";
            default:
                return "null";
        }
    }
}
