using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// A CIDR block of a NetworkPolicy ipBlock, read as the API server reads the legacy field (k8s.io/utils/net
/// ParseCIDRSloppy: IPv4 octets may have leading zeros, read as decimal; host bits are masked off).
/// </summary>
internal readonly record struct IpRange(bool V6, UInt128 First, int Prefix)
{
    private int Bits => V6 ? 128 : 32;

    public UInt128 Last => First | (Prefix == Bits ? UInt128.Zero : (UInt128.One << (Bits - Prefix)) - 1);

    public bool Contains(IpRange other) => V6 == other.V6 && other.First >= First && other.Last <= Last;

    /// <summary>The API server's rule for except: within the block and with a longer prefix.</summary>
    public bool StrictlyContains(IpRange other) => Contains(other) && other.Prefix > Prefix;

    public override string ToString() =>
        (V6 ? new IPAddress(ToBytes(First, 16)).ToString() : new IPAddress(ToBytes(First, 4)).ToString()) + "/" + Prefix.ToString(CultureInfo.InvariantCulture);

    public static bool TryParseCidr(string text, out IpRange range)
    {
        range = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
        {
            return false;
        }
        var address = text[..slash];
        if (address.Contains(':', StringComparison.Ordinal))
        {
            if (prefix > 128 || !IPAddress.TryParse(address, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6 || address.Contains('%', StringComparison.Ordinal))
            {
                return false;
            }
            range = Masked(true, FromBytes(ip.GetAddressBytes()), prefix);
            return true;
        }
        var octets = address.Split('.');
        if (prefix > 32 || octets.Length != 4)
        {
            return false;
        }
        UInt128 value = 0;
        foreach (var octet in octets)
        {
            if (octet.Length is 0 or > 3 || !octet.All(char.IsAsciiDigit) || int.Parse(octet, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
            value = (value << 8) | (uint)int.Parse(octet, CultureInfo.InvariantCulture);
        }
        range = Masked(false, value, prefix);
        return true;
    }

    /// <summary>Whether the block keeps any address once every except block is taken out.</summary>
    public static bool AnyLeft(IpRange block, IEnumerable<IpRange> excepts)
    {
        // Walk the block from its first address, skipping every except range that starts at the cursor.
        var sorted = excepts.Where(e => e.V6 == block.V6).OrderBy(e => e.First).ToList();
        var cursor = block.First;
        foreach (var except in sorted)
        {
            if (except.First > cursor)
            {
                return true;
            }
            if (except.Last >= cursor)
            {
                if (except.Last >= block.Last)
                {
                    return false;
                }
                cursor = except.Last + 1;
            }
        }
        return cursor <= block.Last;
    }

    private static IpRange Masked(bool v6, UInt128 address, int prefix)
    {
        var bits = v6 ? 128 : 32;
        var host = prefix == bits ? UInt128.Zero : (UInt128.One << (bits - prefix)) - 1;
        return new IpRange(v6, address & ~host, prefix);
    }

    private static UInt128 FromBytes(byte[] bytes)
    {
        UInt128 value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }
        return value;
    }

    private static byte[] ToBytes(UInt128 value, int length)
    {
        var bytes = new byte[length];
        for (var i = length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xFF);
            value >>= 8;
        }
        return bytes;
    }
}
