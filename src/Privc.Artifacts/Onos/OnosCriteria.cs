using System.Collections.Immutable;
using System.Text.Json;
using Privc.Text;

namespace Privc.Artifacts.Onos;

/// <summary>What a rule's selector accepts: the in port, the IPv4 headers, and why that may be inexact.</summary>
internal sealed record Selector(long? InPort, Cube? Match, Unjudgeable? Unknown)
{
    /// <summary>Whether ARP packets may match: ETH_TYPE 0x0806 or none, and only criteria an ARP packet can meet (specs/onos.md, "ARP").</summary>
    public bool MayMatchArp { get; init; }
}

/// <summary>
/// Turns a selector's criteria into a header-space match (specs/onos.md, "Reading flow rules"). Criteria on the
/// header fields of <see cref="HeaderField"/> are exact: exact values, IPv4 prefixes and masked ports are ternary.
/// A criterion that only packets of another ether type carry (IPv6, MPLS) makes the rule accept no IPv4 packet when
/// its OpenFlow prerequisite (that ether type) is given; criteria privc does not model, and criteria without their
/// prerequisite (which OpenFlow 1.3 switches refuse and OpenFlow 1.0 switches ignore), make the match unknown.
/// </summary>
internal static class OnosCriteria
{
    /// <summary>The criterion types ONOS's codec decodes (<c>DecodeCriterionCodecHelper</c>); any other type makes ONOS refuse the rule.</summary>
    private static readonly ImmutableHashSet<string> Decodable =
    [
        "IN_PORT", "IN_PHY_PORT", "METADATA", "ETH_DST", "ETH_DST_MASKED", "ETH_SRC", "ETH_SRC_MASKED", "ETH_TYPE", "VLAN_VID", "VLAN_PCP",
        "INNER_VLAN_VID", "INNER_VLAN_PCP", "IP_DSCP", "IP_ECN", "IP_PROTO", "IPV4_SRC", "IPV4_DST", "TCP_SRC", "TCP_SRC_MASKED", "TCP_DST",
        "TCP_DST_MASKED", "UDP_SRC", "UDP_SRC_MASKED", "UDP_DST", "UDP_DST_MASKED", "SCTP_SRC", "SCTP_SRC_MASKED", "SCTP_DST", "SCTP_DST_MASKED",
        "ICMPV4_TYPE", "ICMPV4_CODE", "IPV6_SRC", "IPV6_DST", "IPV6_FLABEL", "ICMPV6_TYPE", "ICMPV6_CODE", "IPV6_ND_TARGET", "IPV6_ND_SLL",
        "IPV6_ND_TLL", "MPLS_LABEL", "MPLS_BOS", "IPV6_EXTHDR", "OCH_SIGID", "OCH_SIGTYPE", "TUNNEL_ID", "ODU_SIGID", "ODU_SIGTYPE",
        "PROTOCOL_INDEPENDENT", "EXTENSION",
    ];

    public const long ArpEtherType = 0x0806;

    /// <summary>
    /// Criteria an ARP packet can meet. Any other criterion (an IPv4 or transport field) needs another ether type as
    /// its OpenFlow prerequisite, so a rule with one matches no ARP packet (or is refused by the switch).
    /// </summary>
    private static readonly ImmutableHashSet<string> ArpCriteria =
    [
        "IN_PORT", "IN_PHY_PORT", "ETH_TYPE", "ETH_SRC", "ETH_DST", "ETH_SRC_MASKED", "ETH_DST_MASKED", "VLAN_VID", "VLAN_PCP", "METADATA", "TUNNEL_ID",
    ];

    /// <summary>Criteria on fields only packets of another ether type have, with the member ONOS requires.</summary>
    private static readonly ImmutableDictionary<string, string> OtherEtherType = new Dictionary<string, string>
    {
        ["IPV6_SRC"] = "ip", ["IPV6_DST"] = "ip", ["IPV6_FLABEL"] = "flowLabel", ["ICMPV6_TYPE"] = "icmpv6Type", ["ICMPV6_CODE"] = "icmpv6Code",
        ["IPV6_ND_TARGET"] = "targetAddress", ["IPV6_ND_SLL"] = "mac", ["IPV6_ND_TLL"] = "mac", ["IPV6_EXTHDR"] = "exthdrFlags",
        ["MPLS_LABEL"] = "label", ["MPLS_BOS"] = "bos",
    }.ToImmutableDictionary();

    /// <summary>Transport criteria: field, member names and the IP protocol they need.</summary>
    private static readonly ImmutableDictionary<string, (HeaderField Field, string Port, string? Mask, long Protocol)> Transport =
        new Dictionary<string, (HeaderField, string, string?, long)>
        {
            ["TCP_SRC"] = (HeaderField.TransportSource, "tcpPort", null, 6), ["TCP_DST"] = (HeaderField.TransportDestination, "tcpPort", null, 6),
            ["TCP_SRC_MASKED"] = (HeaderField.TransportSource, "tcpPort", "tcpMask", 6), ["TCP_DST_MASKED"] = (HeaderField.TransportDestination, "tcpPort", "tcpMask", 6),
            ["UDP_SRC"] = (HeaderField.TransportSource, "udpPort", null, 17), ["UDP_DST"] = (HeaderField.TransportDestination, "udpPort", null, 17),
            ["UDP_SRC_MASKED"] = (HeaderField.TransportSource, "udpPort", "udpMask", 17), ["UDP_DST_MASKED"] = (HeaderField.TransportDestination, "udpPort", "udpMask", 17),
            ["SCTP_SRC"] = (HeaderField.TransportSource, "sctpPort", null, 132), ["SCTP_DST"] = (HeaderField.TransportDestination, "sctpPort", null, 132),
            ["SCTP_SRC_MASKED"] = (HeaderField.TransportSource, "sctpPort", "sctpMask", 132), ["SCTP_DST_MASKED"] = (HeaderField.TransportDestination, "sctpPort", "sctpMask", 132),
            ["ICMPV4_TYPE"] = (HeaderField.TransportSource, "icmpType", null, 1), ["ICMPV4_CODE"] = (HeaderField.TransportDestination, "icmpCode", null, 1),
        }.ToImmutableDictionary();

    public static Selector Read(SourceText source, JsonValue criteria, int? table)
    {
        // ONOS's selector builder keeps one criterion per type (a map), so a repeated type silently drops the first.
        var byType = new Dictionary<string, JsonValue>(StringComparer.Ordinal);
        foreach (var criterion in criteria.Items)
        {
            if (criterion.Kind != JsonValueKind.Object || criterion["type"] is not { Kind: JsonValueKind.String, Text: { } type })
            {
                throw new OnosValueException(criterion, "a criterion must be an object with a 'type' string", false);
            }
            if (!Decodable.Contains(type))
            {
                throw new OnosValueException(criterion["type"]!, $"ONOS's codec does not know criterion type '{type}' and refuses the rule", false);
            }
            if (!byType.TryAdd(type, criterion))
            {
                throw new OnosValueException(criterion, $"criterion {type} appears twice in one selector; ONOS keeps only the last one", true);
            }
        }
        JsonValue Member(JsonValue criterion, string name) =>
            criterion[name] ?? throw new OnosValueException(criterion, $"criterion {criterion["type"]!.Text} has no '{name}', which ONOS requires", false);

        var cube = Cube.All;
        var never = false;
        Unjudgeable? unknown = null;
        // Located at the criterion's type, the line a reader looks for.
        void Unknown(JsonValue criterion, string why) => unknown ??= new Unjudgeable(why, (criterion["type"] ?? criterion).Location(source));
        void Constrain(HeaderField field, ulong value, ulong mask)
        {
            if (cube.With(field, value, mask) is { } narrowed)
            {
                cube = narrowed;
            }
            else
            {
                never = true;
            }
        }

        long? ethType = byType.TryGetValue("ETH_TYPE", out var eth) ? OnosValues.EthType(Member(eth, "ethType")) : null;
        long? protocol = byType.TryGetValue("IP_PROTO", out var proto) ? OnosValues.Whole(Member(proto, "protocol"), "protocol", 0, 255) : null;
        long? inPort = null;
        if (byType.TryGetValue("IN_PORT", out var inPortCriterion))
        {
            inPort = InPort(Member(inPortCriterion, "port"));
        }
        if (byType.TryGetValue("IN_PHY_PORT", out var phy))
        {
            // ONOS's OpenFlow driver writes IN_PHY_PORT as the IN_PORT match field; with both given, which one the
            // switch gets depends on the order of a hash map.
            var port = InPort(Member(phy, "port"));
            if (inPort is { } given && given != port)
            {
                Unknown(phy, $"IN_PHY_PORT {port} beside IN_PORT {given}: ONOS's OpenFlow driver writes both as the in-port match, in an unspecified order");
            }
            inPort ??= port;
        }
        foreach (var (type, criterion) in byType.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            switch (type)
            {
                case "IN_PORT" or "IN_PHY_PORT" or "ETH_TYPE":
                    break;
                case "IP_PROTO":
                    if (ethType is null)
                    {
                        Unknown(criterion, "IP_PROTO without ETH_TYPE, its OpenFlow prerequisite");
                    }
                    else
                    {
                        Constrain(HeaderField.IpProtocol, (ulong)protocol!.Value, ulong.MaxValue);
                    }
                    break;
                case "IPV4_SRC" or "IPV4_DST":
                    var (address, length) = OnosValues.Ipv4Prefix(Member(criterion, "ip"), "ip");
                    if (ethType is null)
                    {
                        Unknown(criterion, $"{type} without ETH_TYPE, its OpenFlow prerequisite");
                    }
                    else
                    {
                        Constrain(type == "IPV4_SRC" ? HeaderField.Ipv4Source : HeaderField.Ipv4Destination, address, length == 0 ? 0 : uint.MaxValue << (32 - length));
                    }
                    break;
                case "IP_DSCP" or "IP_ECN":
                    var (field, member, max) = type == "IP_DSCP" ? (HeaderField.Dscp, "ipDscp", 63) : (HeaderField.Ecn, "ipEcn", 3);
                    var bits = OnosValues.Whole(Member(criterion, member), member, 0, max);
                    if (ethType is null)
                    {
                        Unknown(criterion, $"{type} without ETH_TYPE, its OpenFlow prerequisite");
                    }
                    else
                    {
                        Constrain(field, (ulong)bits, ulong.MaxValue);
                    }
                    break;
                case var t when Transport.TryGetValue(t, out var transport):
                    var portValue = OnosValues.Whole(Member(criterion, transport.Port), transport.Port, 0, transport.Protocol == 1 ? 255 : 65535);
                    var mask = transport.Mask is { } maskMember ? (ulong)OnosValues.Whole(Member(criterion, maskMember), maskMember, 0, 65535) : 0xffff;
                    if (protocol != transport.Protocol || ethType is null)
                    {
                        Unknown(criterion, $"{type} without IP_PROTO {transport.Protocol}{(ethType is null ? " and ETH_TYPE" : string.Empty)}, its OpenFlow prerequisite");
                    }
                    else
                    {
                        Constrain(transport.Field, (ulong)portValue, mask);
                    }
                    break;
                case "VLAN_VID":
                    var vlan = VlanId(Member(criterion, "vlanId"));
                    if (vlan == VlanNone)
                    {
                        Constrain(HeaderField.Vlan, 0, ulong.MaxValue);
                    }
                    else
                    {
                        Constrain(HeaderField.Vlan, HeaderFields.VlanTagged | (ulong)(vlan == VlanAny ? 0 : vlan), vlan == VlanAny ? HeaderFields.VlanTagged : ulong.MaxValue);
                    }
                    break;
                case "VLAN_PCP":
                    var pcp = OnosValues.Whole(Member(criterion, "priority"), "priority", 0, 7);
                    if (!byType.TryGetValue("VLAN_VID", out var vid) || VlanId(vid["vlanId"]!) == VlanNone)
                    {
                        Unknown(criterion, "VLAN_PCP without a VLAN_VID that requires a tag, its OpenFlow prerequisite");
                    }
                    else
                    {
                        Constrain(HeaderField.VlanPriority, (ulong)pcp, ulong.MaxValue);
                    }
                    break;
                case "ETH_SRC" or "ETH_DST" or "ETH_SRC_MASKED" or "ETH_DST_MASKED":
                    var mac = OnosValues.Mac(Member(criterion, "mac"), "mac");
                    var macMask = type.EndsWith("_MASKED", StringComparison.Ordinal) ? OnosValues.Mac(Member(criterion, "macMask"), "macMask") : 0xffff_ffff_ffffUL;
                    Constrain(type.StartsWith("ETH_SRC", StringComparison.Ordinal) ? HeaderField.EthernetSource : HeaderField.EthernetDestination, mac, macMask);
                    break;
                case "METADATA":
                    var metadata = OnosValues.Whole(Member(criterion, "metadata"), "metadata", long.MinValue, long.MaxValue, asLong: true);
                    if (table is null or > 0)
                    {
                        // Rules write metadata for later tables, and ONOS's GET answers do not show write-metadata.
                        Unknown(criterion, "METADATA in a table after the first: the metadata earlier tables write does not appear in ONOS's JSON");
                    }
                    else if (metadata != 0)
                    {
                        never = true; // every packet starts the pipeline with metadata 0
                    }
                    break;
                case "TUNNEL_ID":
                    // Packets that enter by a physical port carry tunnel id 0 (OpenFlow 1.3, 7.2.3.7).
                    never |= OnosValues.Whole(Member(criterion, "tunnelId"), "tunnelId", long.MinValue, long.MaxValue, asLong: true) != 0;
                    break;
                case var t when OtherEtherType.TryGetValue(t, out var required):
                    Member(criterion, required);
                    if (ethType is null or 0x0800)
                    {
                        Unknown(criterion, $"{t} {(ethType is null ? "without ETH_TYPE" : "with ETH_TYPE 0x0800")}, against its OpenFlow prerequisite");
                    }
                    break;
                default:
                    Unknown(criterion, $"criterion {type}, which privc does not model");
                    break;
            }
        }
        var mayMatchArp = ethType is null or ArpEtherType && inPort is not < 0 && byType.Keys.All(ArpCriteria.Contains);
        if ((ethType is { } e && e != 0x0800) || never || inPort is < 0)
        {
            // Another ether type, a contradiction, or a reserved in port: no IPv4 packet from a node or link matches.
            return new Selector(inPort, null, null) { MayMatchArp = mayMatchArp };
        }
        return new Selector(inPort, cube, unknown) { MayMatchArp = mayMatchArp };
    }

    private const long VlanNone = -1;
    private const long VlanAny = 0x1000;

    /// <summary>ONOS's <c>VlanId.vlanId((short) asInt)</c>: -1 (or 0xffff) is untagged, 4096 any tag, 0..4095 one id.</summary>
    private static long VlanId(JsonValue value)
    {
        var id = OnosValues.Whole(value, "vlanId", -1, 0xffff);
        return id switch
        {
            -1 or 0xffff => VlanNone,
            <= 0x1000 => id,
            _ => throw new OnosValueException(value, $"'vlanId' {value.Text} is not a VLAN id (0..4095, 4096 for any tag, -1 for none)", false),
        };
    }

    /// <summary>An in port as ONOS reads it (Jackson <c>asLong</c>), refused beyond 32 bits (the OpenFlow driver would truncate it); reserved ports read as negative.</summary>
    private static long InPort(JsonValue value)
    {
        var port = OnosValues.Whole(value, "port", -8, uint.MaxValue, asLong: true);
        return port >= 0xffff_fff8 ? port - 0x1_0000_0000 : port;
    }
}
