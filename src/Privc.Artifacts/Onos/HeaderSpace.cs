using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Privc.Artifacts.Onos;

/// <summary>
/// The packet header fields the tracer reasons about, packed into four 64-bit words (Header Space Analysis,
/// Kazemian et al., NSDI 2012). Word 0: IPv4 source and destination. Word 1: IP protocol, transport source and
/// destination port (ICMP type and code for protocol 1), DSCP, ECN, VLAN (a tagged bit and the 12-bit id) and
/// VLAN priority. Words 2 and 3: Ethernet source and destination. ETH_TYPE is not a field: the traced packets are
/// IPv4 (0x0800), so a rule on another ether type matches none of them.
/// </summary>
internal enum HeaderField
{
    Ipv4Source,
    Ipv4Destination,
    IpProtocol,
    TransportSource,
    TransportDestination,
    Dscp,
    Ecn,
    Vlan,
    VlanPriority,
    EthernetSource,
    EthernetDestination,
}

internal static class HeaderFields
{
    /// <summary>Word, lowest bit and width of each field.</summary>
    private static readonly ImmutableArray<(int Word, int Shift, int Width)> Layout =
    [
        (0, 32, 32), // IPv4 source
        (0, 0, 32), // IPv4 destination
        (1, 56, 8), // IP protocol
        (1, 40, 16), // transport source
        (1, 24, 16), // transport destination
        (1, 18, 6), // DSCP
        (1, 16, 2), // ECN
        (1, 3, 13), // VLAN: bit 12 set when the packet carries a tag, bits 0-11 its id
        (1, 0, 3), // VLAN priority
        (2, 0, 48), // Ethernet source
        (3, 0, 48), // Ethernet destination
    ];

    /// <summary>The VLAN field's "tagged" bit.</summary>
    public const ulong VlanTagged = 0x1000;

    public static (int Word, int Shift, int Width) Of(HeaderField field) => Layout[(int)field];

    public static ulong Mask(HeaderField field)
    {
        var width = Of(field).Width;
        return width == 64 ? ulong.MaxValue : (1UL << width) - 1;
    }
}

/// <summary>
/// A ternary bit vector over the header fields: every bit is 0, 1 or "any". It denotes a non-empty set of headers
/// (every way of filling the "any" bits), which is what one flow rule's match is: OpenFlow criteria are exact,
/// prefix or masked matches, all ternary. <see cref="Care"/> has a 1 where the bit is fixed; <see cref="Value"/>
/// holds the fixed bits and is 0 elsewhere.
/// </summary>
internal readonly record struct Cube(ulong V0, ulong V1, ulong V2, ulong V3, ulong C0, ulong C1, ulong C2, ulong C3)
{
    /// <summary>Every header.</summary>
    public static Cube All => default;

    public ulong Value(int word) => word switch { 0 => V0, 1 => V1, 2 => V2, _ => V3 };

    public ulong Care(int word) => word switch { 0 => C0, 1 => C1, 2 => C2, _ => C3 };

    private static Cube Make(Span<ulong> value, Span<ulong> care) =>
        new(value[0] & care[0], value[1] & care[1], value[2] & care[2], value[3] & care[3], care[0], care[1], care[2], care[3]);

    /// <summary>This cube with the bits of <paramref name="mask"/> in <paramref name="field"/> fixed to <paramref name="value"/>, or null when they are already fixed otherwise.</summary>
    public Cube? With(HeaderField field, ulong value, ulong mask)
    {
        var (word, shift, _) = HeaderFields.Of(field);
        mask &= HeaderFields.Mask(field);
        var bits = mask << shift;
        var fixedTo = (value & mask) << shift;
        var other = new Cube(word == 0 ? fixedTo : 0, word == 1 ? fixedTo : 0, word == 2 ? fixedTo : 0, word == 3 ? fixedTo : 0,
            word == 0 ? bits : 0, word == 1 ? bits : 0, word == 2 ? bits : 0, word == 3 ? bits : 0);
        return Intersect(other);
    }

    /// <summary>This cube with <paramref name="field"/> fixed to exactly <paramref name="value"/>.</summary>
    public Cube? With(HeaderField field, ulong value) => With(field, value, HeaderFields.Mask(field));

    /// <summary>The common headers of two cubes, or null when they share none.</summary>
    public Cube? Intersect(Cube other)
    {
        if ((((V0 ^ other.V0) & C0 & other.C0) | ((V1 ^ other.V1) & C1 & other.C1) | ((V2 ^ other.V2) & C2 & other.C2) | ((V3 ^ other.V3) & C3 & other.C3)) != 0)
        {
            return null;
        }
        return new Cube(V0 | other.V0, V1 | other.V1, V2 | other.V2, V3 | other.V3, C0 | other.C0, C1 | other.C1, C2 | other.C2, C3 | other.C3);
    }

    /// <summary>Whether every header of this cube is in <paramref name="other"/>.</summary>
    public bool IsSubsetOf(Cube other) =>
        (other.C0 & ~C0) == 0 && (other.C1 & ~C1) == 0 && (other.C2 & ~C2) == 0 && (other.C3 & ~C3) == 0
        && ((V0 ^ other.V0) & other.C0) == 0 && ((V1 ^ other.V1) & other.C1) == 0 && ((V2 ^ other.V2) & other.C2) == 0 && ((V3 ^ other.V3) & other.C3) == 0;

    /// <summary>How many headers the cube holds, as a power of two: the number of open bits.</summary>
    public int OpenBits => 256 - BitOperations.PopCount(C0) - BitOperations.PopCount(C1) - BitOperations.PopCount(C2) - BitOperations.PopCount(C3);

    /// <summary>The field's value with open bits read as 0, and whether any of its bits is open.</summary>
    public (ulong Value, bool Open, bool AllOpen) Field(HeaderField field)
    {
        var (word, shift, _) = HeaderFields.Of(field);
        var mask = HeaderFields.Mask(field);
        var care = (Care(word) >> shift) & mask;
        return ((Value(word) >> shift) & mask, care != mask, care == 0);
    }
}

/// <summary>Renders one concrete header of a set, the witness a report names.</summary>
internal static class PacketText
{
    /// <summary>
    /// One concrete packet of the set, written as the protocol, the addresses with ports, then the VLAN tag and every
    /// other field a rule constrained. The packet is chosen to look ordinary where the set allows: untagged, TCP, a
    /// client port from the ephemeral range (49152 and up) and 0 elsewhere.
    /// </summary>
    public static string Describe(HeaderSet set)
    {
        if (set.IsEmpty)
        {
            return "no packet";
        }
        var cube = Typical(set);
        var text = new StringBuilder();
        ulong Value(HeaderField field) => cube.Field(field).Value;
        var (source, target) = (Ip(Value(HeaderField.Ipv4Source)), Ip(Value(HeaderField.Ipv4Destination)));
        var (sourcePort, targetPort) = (Value(HeaderField.TransportSource), Value(HeaderField.TransportDestination));
        switch (Value(HeaderField.IpProtocol))
        {
            case var p and (6 or 17 or 132):
                text.Append(p switch { 6 => "TCP", 17 => "UDP", _ => "SCTP" }).Append(CultureInfo.InvariantCulture, $" {source}:{sourcePort} -> {target}:{targetPort}");
                break;
            case 1:
                text.Append(CultureInfo.InvariantCulture, $"ICMP {source} -> {target} type {sourcePort & 0xff} code {targetPort & 0xff}");
                break;
            case var p:
                text.Append(CultureInfo.InvariantCulture, $"IPv4 {source} -> {target} protocol {p}");
                break;
        }
        var vlan = Value(HeaderField.Vlan);
        text.Append((vlan & HeaderFields.VlanTagged) == 0 ? ", untagged" : string.Create(CultureInfo.InvariantCulture, $", VLAN {vlan & 0xfff} priority {Value(HeaderField.VlanPriority)}"));
        foreach (var (field, name) in new[] { (HeaderField.Dscp, "DSCP"), (HeaderField.Ecn, "ECN") })
        {
            if (Value(field) != 0)
            {
                text.Append(CultureInfo.InvariantCulture, $", {name} {Value(field)}");
            }
        }
        foreach (var (field, name) in new[] { (HeaderField.EthernetSource, "Ethernet source"), (HeaderField.EthernetDestination, "Ethernet destination") })
        {
            if (!cube.Field(field).AllOpen)
            {
                text.Append(CultureInfo.InvariantCulture, $", {name} {Mac(Value(field))}");
            }
        }
        return text.ToString();
    }

    /// <summary>One packet of the set as a cube (its open bits read as 0), preferring an untagged TCP packet with ephemeral ports.</summary>
    internal static Cube Typical(HeaderSet set)
    {
        var preferences = new[]
        {
            Cube.All.With(HeaderField.Vlan, 0)!.Value.With(HeaderField.VlanPriority, 0)!.Value,
            Cube.All.With(HeaderField.IpProtocol, 6)!.Value,
            Cube.All.With(HeaderField.TransportSource, 0xc000, 0xc000)!.Value,
            Cube.All.With(HeaderField.TransportDestination, 0xc000, 0xc000)!.Value,
        };
        foreach (var preference in preferences)
        {
            if (set.Intersect(preference) is { IsEmpty: false } narrowed)
            {
                set = narrowed;
            }
        }
        return set.Space.AnyCube(set.Node);
    }

    public static string Ip(ulong address) =>
        string.Create(CultureInfo.InvariantCulture, $"{(address >> 24) & 0xff}.{(address >> 16) & 0xff}.{(address >> 8) & 0xff}.{address & 0xff}");

    public static string Mac(ulong address) =>
        string.Join(":", Enumerable.Range(0, 6).Select(i => ((address >> (8 * (5 - i))) & 0xff).ToString("x2", CultureInfo.InvariantCulture)));
}
