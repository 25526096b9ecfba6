using System.Globalization;

namespace Privc.Topology;

/// <summary>
/// An IPv4 prefix <c>a.b.c.d/len</c> with no bits set after the prefix, such as a node's pod CIDR. Held as the
/// network address (host order) and the length, so that containment and overlap are exact bit tests.
/// </summary>
public readonly record struct Ipv4Prefix(uint Address, int Length)
{
    /// <summary>The bits the prefix fixes (all ones for /32, none for /0).</summary>
    public uint Mask => Length == 0 ? 0u : uint.MaxValue << (32 - Length);

    /// <summary>A single address as a /32.</summary>
    public static Ipv4Prefix Host(uint address) => new(address, 32);

    /// <summary>
    /// The prefix written as <c>a.b.c.d/len</c>: four decimal parts without leading zeros, a length from 0 to 32 and
    /// no address bits past the length (Kubernetes' <c>spec.podCIDR</c> is always written that way, and a prefix with
    /// host bits set usually means a typing mistake in the length), or the reason it is not one.
    /// </summary>
    public static (Ipv4Prefix? Prefix, string? Problem) Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (null, "must be an IPv4 prefix a.b.c.d/len, such as 10.244.1.0/24");
        }
        if (ParseAddress(text[..slash]) is not { } address)
        {
            return (null, $"'{text[..slash]}' is not an IPv4 address a.b.c.d");
        }
        var lengthText = text[(slash + 1)..];
        if (lengthText.Length is 0 or > 2 || !lengthText.All(char.IsAsciiDigit) || (lengthText.Length == 2 && lengthText[0] == '0')
            || int.Parse(lengthText, CultureInfo.InvariantCulture) is var length && length > 32)
        {
            return (null, $"the prefix length '{lengthText}' is not a whole number from 0 to 32");
        }
        var prefix = new Ipv4Prefix(address, length);
        if ((address & ~prefix.Mask) != 0)
        {
            return (null, $"has address bits set past the /{length} (the network is {Format(address & prefix.Mask)}/{length})");
        }
        return (prefix, null);
    }

    /// <summary>A dotted-quad IPv4 address without leading zeros, in host order.</summary>
    public static uint? ParseAddress(string text)
    {
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return null;
        }
        uint value = 0;
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit) || (part.Length > 1 && part[0] == '0')
                || int.Parse(part, CultureInfo.InvariantCulture) is var b && b > 255)
            {
                return null;
            }
            value = (value << 8) | (uint)b;
        }
        return value;
    }

    public bool Contains(uint address) => (address & Mask) == Address;

    /// <summary>Whether some address is in both prefixes: for prefixes, exactly when one contains the other.</summary>
    public bool Overlaps(Ipv4Prefix other)
    {
        var mask = Length < other.Length ? Mask : other.Mask;
        return (Address & mask) == (other.Address & mask);
    }

    public static string Format(uint address) =>
        string.Create(CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Format(Address)}/{Length}");
}
