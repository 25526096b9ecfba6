using System.Globalization;
using System.Text.Json;

namespace Privc.Verification.Decomposition;

/// <summary>
/// The <c>pairBounds</c> section of <c>certificate/route-facts.json</c> (specs/encoding.md section 17): per sum route
/// objective and flow, the flow's condition class, its two services with their replica counts, and every candidate
/// pair of nodes with its bound (links or latency; null where no compliant route exists).
/// </summary>
public static class PairBoundsDocument
{
    public static void Write(Utf8JsonWriter json, IReadOnlyList<PairBoundRecord> records)
    {
        json.WriteStartArray("pairBounds");
        foreach (var record in records.OrderBy(r => r.Objective, StringComparer.Ordinal).ThenBy(r => r.Flow, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("objective", record.Objective);
            json.WriteString("metric", record.Hops ? "hops" : "latency");
            json.WriteString("flow", record.Flow);
            json.WriteNumber("class", record.Class);
            json.WriteString("source", record.Source);
            json.WriteNumber("sourceReplicas", record.SourceReplicas);
            json.WriteString("target", record.Target);
            json.WriteNumber("targetReplicas", record.TargetReplicas);
            json.WriteStartArray("pairs");
            foreach (var (from, to, bound) in record.Pairs)
            {
                // One line per pair: there are thousands, and the indented form would spend five on each.
                var value = bound is { } b ? b.ToString(CultureInfo.InvariantCulture) : "null";
                json.WriteRawValue($"[\"{JsonEncodedText.Encode(from)}\", \"{JsonEncodedText.Encode(to)}\", {value}]", skipInputValidation: true);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
