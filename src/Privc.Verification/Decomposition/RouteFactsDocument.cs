using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Privc.Verification.Decomposition;

/// <summary>
/// <c>certificate/route-facts.json</c> (specs/encoding.md section 17): the route facts and capacity cuts a
/// certificate's master obligations assert, with everything needed to re-derive each one without privc's own search:
/// the directed links (ends, latency, capacity), per flow class the allowed devices, usable links, bounds and waypoint
/// devices as bit masks over the device and link tables (hexadecimal, 4 per digit, lowest index first), and per cut
/// its device set, direction and capacity.
/// </summary>
public static class RouteFactsDocument
{
    public const string Format = "privc-route-facts/1";

    public static string Write(NetworkIndex index, RouteFacts routes, IReadOnlyList<RouteFactRecord> facts, IReadOnlyList<LinkCut> cuts, ReferenceRoutes? references = null, IReadOnlyList<PairBoundRecord>? pairBounds = null)
    {
        var kept = references is { Routes.IsEmpty: false } ? references : null;
        pairBounds ??= [];
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteStartArray("devices");
            foreach (var device in index.DeviceNames)
            {
                json.WriteStringValue(device);
            }
            json.WriteEndArray();
            json.WriteStartArray("links");
            for (var l = 0; l < index.LinkCount; l++)
            {
                json.WriteStartArray();
                json.WriteNumberValue(index.LinkFrom[l]);
                json.WriteNumberValue(index.LinkTo[l]);
                json.WriteNumberValue(index.LinkLatency[l]);
                json.WriteNumberValue(index.LinkBandwidth[l]);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            if (kept is not null || pairBounds.Count > 0)
            {
                ReferenceRoutesDocument.WriteNetwork(json, index);
            }
            json.WriteStartArray("classes");
            var referenceClasses = kept?.ClassOf.Values ?? Enumerable.Empty<int>();
            foreach (var id in facts.Select(f => f.Class).Concat(facts.Select(f => f.WithoutClass).OfType<int>()).Concat(referenceClasses).Concat(pairBounds.Select(p => p.Class)).Distinct().Order())
            {
                var condition = routes.Classes[id];
                json.WriteStartObject();
                json.WriteNumber("id", id);
                json.WriteString("devices", Mask(condition.Devices));
                json.WriteString("links", Mask(condition.Links));
                if (condition.MaxLatency is { } latency)
                {
                    json.WriteNumber("maxLatency", latency);
                }
                if (condition.MaxHops is { } hops)
                {
                    json.WriteNumber("maxHops", hops);
                }
                json.WriteStartArray("chains");
                foreach (var chain in condition.Chains)
                {
                    json.WriteStartArray();
                    foreach (var waypoint in chain)
                    {
                        json.WriteStringValue(Mask(waypoint));
                    }
                    json.WriteEndArray();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("facts");
            foreach (var fact in facts)
            {
                json.WriteStartObject();
                json.WriteString("flow", fact.Flow);
                json.WriteNumber("class", fact.Class);
                json.WriteString("kind", Kind(fact.Kind));
                if (fact.WithoutClass is { } without)
                {
                    // The class's condition with the failed element removed: certify checks that it is exactly that.
                    json.WriteNumber("without", without);
                    json.WriteString("failed", fact.Failed);
                    if (fact.FailedElement is { IsDevice: true } device)
                    {
                        json.WriteString("failedDevice", index.DeviceNames[device.Id]);
                    }
                    else if (fact.FailedElement is { } cable)
                    {
                        json.WriteStartArray("failedLinks");
                        json.WriteNumberValue(Math.Min(cable.Id, index.Reverse[cable.Id]));
                        json.WriteNumberValue(Math.Max(cable.Id, index.Reverse[cable.Id]));
                        json.WriteEndArray();
                    }
                }
                json.WriteStartArray("from");
                foreach (var name in fact.From)
                {
                    json.WriteStringValue(name);
                }
                json.WriteEndArray();
                json.WriteStartArray("to");
                foreach (var name in fact.To)
                {
                    json.WriteStringValue(name);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (kept is not null)
            {
                ReferenceRoutesDocument.WriteRoutes(json, kept);
            }
            if (pairBounds.Count > 0)
            {
                PairBoundsDocument.Write(json, pairBounds);
            }
            json.WriteStartArray("cuts");
            foreach (var cut in cuts)
            {
                json.WriteStartObject();
                json.WriteStartArray("devices");
                foreach (var device in cut.Devices)
                {
                    json.WriteStringValue(device);
                }
                json.WriteEndArray();
                json.WriteString("direction", cut.Inward ? "in" : "out");
                json.WriteNumber("capacity", cut.Capacity);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public static string Kind(RouteFactKind kind) => kind switch
    {
        RouteFactKind.NoRoute => "no-route",
        RouteFactKind.NoSingleDeviceRoute => "no-single-device-route",
        RouteFactKind.EmptyRouteMissesWaypoint => "empty-route-misses-waypoint",
        RouteFactKind.NoBackupRoute => "no-backup-route",
        _ => throw new InvalidOperationException($"privc bug: route fact kind {kind} has no name"),
    };

    /// <summary>Bits as hexadecimal nibbles, lowest index first (bit j of digit i is index 4i + j).</summary>
    public static string Mask(bool[] bits)
    {
        var text = new StringBuilder((bits.Length + 3) / 4);
        for (var i = 0; i < bits.Length; i += 4)
        {
            var nibble = 0;
            for (var j = 0; j < 4 && i + j < bits.Length; j++)
            {
                nibble |= bits[i + j] ? 1 << j : 0;
            }
            text.Append(nibble.ToString("x", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
