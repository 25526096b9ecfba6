using System.Globalization;
using System.Text.Json;

namespace Privc.Live;

/// <summary>
/// A flow rule ONOS holds, named as its REST API names it: the device and the flow id (a 64-bit number, written as a
/// JSON number in <c>POST /flows</c> answers and as a decimal string in <c>GET /flows</c> entries).
/// </summary>
public sealed record InstalledFlow(string DeviceId, string FlowId)
{
    /// <summary>The id as a decimal string, from either spelling; null when it is neither a whole number nor its decimal text.</summary>
    public static string? Id(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var n) => n.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.Number when value.TryGetUInt64(out var u) => u.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) => s.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.String when value.GetString() is { } hex && hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(hex[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) => h.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };
}
