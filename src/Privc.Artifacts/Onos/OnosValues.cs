using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Privc.Artifacts.Onos;

/// <summary>
/// A flow rule value privc refuses. <see cref="ReadDifferently"/> marks a value ONOS accepts but reads as something
/// other than what it says (PRIV5026: a truncated number, <c>"0x50"</c> read as 0 by Jackson); otherwise ONOS itself
/// refuses the rule (PRIV5021) and the whole POST fails.
/// </summary>
internal sealed class OnosValueException(JsonValue at, string message, bool readDifferently) : Exception(message)
{
    public JsonValue At { get; } = at;

    public bool ReadDifferently { get; } = readDifferently;
}

/// <summary>
/// Reads the numbers, booleans and ports of ONOS's flow codecs the way ONOS does (onos @ dd5172e5:
/// <c>FlowRuleCodec</c>, <c>DecodeCriterionCodecHelper</c>, <c>DecodeInstructionCodecHelper</c>, on Jackson 2.11's
/// <c>JsonNode.asInt</c>/<c>asLong</c>/<c>asBoolean</c>, Java's <c>Integer.decode</c> and Guava's
/// <c>UnsignedLongs.decode</c>). privc accepts only forms whose reading it reproduces exactly and refuses the rest
/// with the reason, so it never reads a value differently from ONOS (specs/onos.md, "Reading flow rules").
/// </summary>
internal static partial class OnosValues
{
    /// <summary>
    /// A field ONOS reads with Jackson's <c>asInt</c> or <c>asLong</c>: a JSON whole number, or a string of decimal
    /// digits (Jackson parses those in decimal), within [min, max]. Anything else is refused, saying what ONOS reads.
    /// </summary>
    public static long Whole(JsonValue value, string field, long min, long max, bool asLong = false)
    {
        var jackson = asLong ? "asLong" : "asInt";
        switch (value.Kind)
        {
            case JsonValueKind.Number:
                if (!BigInteger.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    throw new OnosValueException(value, $"'{field}' {value.Text} is not a whole number; ONOS's codec (Jackson {jackson}) would truncate it", true);
                }
                if (number < min || number > max)
                {
                    var limit = asLong ? (BigInteger)long.MaxValue : int.MaxValue;
                    if (BigInteger.Abs(number) > limit)
                    {
                        var kept = asLong ? (long)(ulong)(number & ulong.MaxValue) : (int)(uint)(number & uint.MaxValue);
                        throw new OnosValueException(value, $"'{field}' {value.Text} is outside {min}..{max}; ONOS's codec (Jackson {jackson}) keeps only its low {(asLong ? 64 : 32)} bits and reads {kept}", true);
                    }
                    throw new OnosValueException(value, $"'{field}' {value.Text} is outside {min}..{max}", false);
                }
                return (long)number;
            case JsonValueKind.String when DecimalDigits().IsMatch(value.Text!):
                if (!BigInteger.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var digits) || digits < min || digits > max)
                {
                    throw new OnosValueException(value, $"'{field}' \"{value.Text}\" is outside {min}..{max}", true);
                }
                return (long)digits;
            case JsonValueKind.String:
                throw new OnosValueException(value, $"'{field}' \"{value.Text}\" is not a decimal number; ONOS's codec (Jackson {jackson}) reads it as {JacksonTextAsInt(value.Text!)}, so write the number itself", true);
            default:
                throw new OnosValueException(value, $"'{field}' must be a whole number; ONOS's codec (Jackson {jackson}) reads {Describe(value)} as {(value.Kind == JsonValueKind.True ? 1 : 0)}", true);
        }
    }

    /// <summary>
    /// <c>ethType</c>: ONOS takes a JSON int as it is and decodes a string with Java's <c>Integer.decode</c> (decimal,
    /// <c>0x</c>/<c>0X</c>/<c>#</c> hexadecimal, leading-zero octal, optional sign), then keeps the low 16 bits.
    /// privc reproduces the decoding and refuses values outside 0..0xffff instead of truncating them.
    /// </summary>
    public static long EthType(JsonValue value)
    {
        long decoded;
        if (value.Kind == JsonValueKind.Number)
        {
            if (!int.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var small))
            {
                throw new OnosValueException(value, $"'ethType' {value.Text} is not a 32-bit whole number, which ONOS's codec then decodes as text and fails on", false);
            }
            decoded = small;
        }
        else if (value.Kind == JsonValueKind.String)
        {
            decoded = JavaIntegerDecode(value.Text!) ?? throw new OnosValueException(value, $"'ethType' \"{value.Text}\" is not a number Java's Integer.decode reads", false);
        }
        else
        {
            throw new OnosValueException(value, "'ethType' must be a number or a string such as \"0x0800\"", false);
        }
        if (decoded is < 0 or > 0xffff)
        {
            throw new OnosValueException(value, $"'ethType' {value.Text} is outside 0..0xffff; ONOS keeps only its low 16 bits and reads 0x{decoded & 0xffff:x4}", true);
        }
        return decoded;
    }

    /// <summary><c>isPermanent</c> (and <c>clearDeferred</c>): JSON booleans or the strings "true"/"false", which Jackson's <c>asBoolean</c> reads as written.</summary>
    public static bool Boolean(JsonValue value, string field) => value switch
    {
        { Kind: JsonValueKind.True } => true,
        { Kind: JsonValueKind.False } => false,
        { Kind: JsonValueKind.String, Text: "true" } => true,
        { Kind: JsonValueKind.String, Text: "false" } => false,
        _ => throw new OnosValueException(value, $"'{field}' must be true or false; ONOS's codec (Jackson asBoolean) reads {Describe(value)} as {(value.Kind == JsonValueKind.Number && value.Text!.Trim('-', '0', '.') != string.Empty ? "true" : "false")}", true),
    };

    /// <summary>
    /// An OUTPUT (or QUEUE) port as <c>DecodeInstructionCodecHelper.getPortNumber</c> reads it: a JSON whole number
    /// that fits a Java long, or a string: digits decoded by Guava's <c>UnsignedLongs.decode</c> (so <c>"010"</c> is
    /// octal 8 and <c>"0x10"</c> is 16), <c>[name](number)</c>, or a logical port name. The OpenFlow driver keeps the
    /// low 32 bits; privc refuses numbers that do not fit them rather than truncating.
    /// </summary>
    public static OnosPort OutputPort(JsonValue value)
    {
        ulong number;
        if (value.Kind == JsonValueKind.Number)
        {
            if (!long.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var signed))
            {
                throw new OnosValueException(value, $"OUTPUT port {value.Text} is not a whole number that fits a Java long, which ONOS's codec refuses", false);
            }
            number = (ulong)signed;
        }
        else if (value is { Kind: JsonValueKind.String, Text: { Length: > 0 } text })
        {
            if (Logical(text) is { } logical)
            {
                return logical;
            }
            if (NamedPort().Match(text) is { Success: true } named)
            {
                number = ulong.TryParse(named.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                    : throw new OnosValueException(value, $"OUTPUT port \"{text}\" does not fit 64 bits", false);
            }
            else if (text[0] is >= '0' and <= '9')
            {
                number = GuavaUnsignedDecode(text) ?? throw new OnosValueException(value, $"OUTPUT port \"{text}\" is not a number privc reads as ONOS does (ASCII digits, 0x hexadecimal or leading-zero octal, as Guava's UnsignedLongs.decode reads them)", true);
            }
            else
            {
                throw new OnosValueException(value, $"OUTPUT port \"{text}\" is neither a number nor a logical port (IN_PORT, TABLE, NORMAL, FLOOD, ALL, CONTROLLER, LOCAL, ANY)", false);
            }
        }
        else
        {
            throw new OnosValueException(value, "an OUTPUT port must be a number or a string", false);
        }
        return Port(value, number);
    }

    /// <summary>The OpenFlow meaning of a 64-bit ONOS port number, which the OpenFlow driver casts to 32 bits.</summary>
    private static OnosPort Port(JsonValue at, ulong number)
    {
        if (number > uint.MaxValue && number < 0xffff_ffff_ffff_fff8UL)
        {
            throw new OnosValueException(at, $"port {at.Text} does not fit 32 bits; ONOS's OpenFlow driver keeps the low 32 bits and uses port {(uint)number}", true);
        }
        var port = (uint)number;
        return port switch
        {
            0 => throw new OnosValueException(at, "port 0 is not an OpenFlow port", false),
            <= 0xffff_ff00 => new OnosPort(port, null),
            >= 0xffff_fff8 => new OnosPort(port, LogicalNames[(int)(port - 0xffff_fff8)]),
            _ => throw new OnosValueException(at, $"port {at.Text} is in OpenFlow's reserved range", false),
        };
    }

    /// <summary>OpenFlow's reserved ports 0xfffffff8..0xffffffff, which ONOS numbers -8..-1.</summary>
    private static readonly ImmutableArray<string> LogicalNames = ["IN_PORT", "TABLE", "NORMAL", "FLOOD", "ALL", "CONTROLLER", "LOCAL", "ANY"];

    private static OnosPort? Logical(string name)
    {
        var index = LogicalNames.IndexOf(name);
        return index < 0 ? null : new OnosPort(0xffff_fff8u + (uint)index, name);
    }

    /// <summary>An IPv4 prefix as ONOS's <c>IpPrefix.valueOf</c> reads it, limited to the dotted-quad form <c>a.b.c.d/len</c> (no leading zeros, which Guava refuses).</summary>
    public static (uint Address, int Length) Ipv4Prefix(JsonValue value, string field)
    {
        if (value is not { Kind: JsonValueKind.String, Text: { } text })
        {
            throw new OnosValueException(value, $"'{field}' must be a string such as \"10.0.0.1/32\"", false);
        }
        var match = Ipv4PrefixPattern().Match(text);
        if (!match.Success)
        {
            var readDifferently = text.Contains(':', StringComparison.Ordinal) || text.EndsWith('/') || text.Contains('+', StringComparison.Ordinal);
            throw new OnosValueException(value, $"'{field}' \"{text}\" is not an IPv4 prefix a.b.c.d/len (ONOS requires the /len){(readDifferently ? "; ONOS's parser would still accept it in a reading privc does not reproduce" : string.Empty)}", readDifferently);
        }
        uint address = 0;
        for (var i = 1; i <= 4; i++)
        {
            var octet = int.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture);
            if (octet > 255)
            {
                throw new OnosValueException(value, $"'{field}' \"{text}\" has an octet above 255", false);
            }
            address = (address << 8) | (uint)octet;
        }
        var length = int.Parse(match.Groups[5].Value, CultureInfo.InvariantCulture);
        if (length > 32)
        {
            throw new OnosValueException(value, $"'{field}' \"{text}\" has a prefix length above 32", false);
        }
        return (address, length);
    }

    /// <summary>A MAC address as onlab's <c>MacAddress.valueOf</c> reads it (six colon-separated hexadecimal pairs).</summary>
    public static ulong Mac(JsonValue value, string field)
    {
        if (value is not { Kind: JsonValueKind.String, Text: { } text } || !MacPattern().IsMatch(text))
        {
            throw new OnosValueException(value, $"'{field}' must be a MAC address such as \"00:11:22:33:44:55\"", false);
        }
        return ulong.Parse(text.Replace(":", string.Empty, StringComparison.Ordinal), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    /// <summary>Java's <c>Integer.decode</c> on ASCII text; null where Java throws (or where Java would read non-ASCII digits privc does not).</summary>
    internal static long? JavaIntegerDecode(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }
        var index = 0;
        var negative = false;
        if (text[0] is '-' or '+')
        {
            negative = text[0] == '-';
            index = 1;
        }
        var radix = 10;
        if (string.CompareOrdinal(text, index, "0x", 0, 2) == 0 || string.CompareOrdinal(text, index, "0X", 0, 2) == 0)
        {
            index += 2;
            radix = 16;
        }
        else if (string.CompareOrdinal(text, index, "#", 0, 1) == 0)
        {
            index += 1;
            radix = 16;
        }
        else if (string.CompareOrdinal(text, index, "0", 0, 1) == 0 && text.Length > index + 1)
        {
            index += 1;
            radix = 8;
        }
        if (index >= text.Length || text[index] is '-' or '+')
        {
            return null;
        }
        var magnitude = Digits(text.AsSpan(index), radix);
        if (magnitude is null)
        {
            return null;
        }
        var result = negative ? -(BigInteger)magnitude.Value : magnitude.Value;
        return result >= int.MinValue && result <= int.MaxValue ? (long)result : null;
    }

    /// <summary>Guava's <c>UnsignedLongs.decode</c> on ASCII text (<c>0x</c>/<c>0X</c>/<c>#</c> hexadecimal, leading-zero octal, decimal); null where Guava throws.</summary>
    internal static ulong? GuavaUnsignedDecode(string text)
    {
        var (index, radix) = text.StartsWith("0x", StringComparison.Ordinal) || text.StartsWith("0X", StringComparison.Ordinal) ? (2, 16)
            : text.StartsWith('#') ? (1, 16)
            : text.StartsWith('0') && text.Length > 1 ? (1, 8)
            : (0, 10);
        return index >= text.Length || Digits(text.AsSpan(index), radix) is not { } value || value > ulong.MaxValue ? null : (ulong)value;
    }

    private static BigInteger? Digits(ReadOnlySpan<char> digits, int radix)
    {
        if (digits.IsEmpty)
        {
            return null;
        }
        BigInteger value = 0;
        foreach (var c in digits)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'z' => c - 'a' + 10,
                >= 'A' and <= 'Z' => c - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix)
            {
                return null;
            }
            value = (value * radix) + digit;
        }
        return value;
    }

    /// <summary>What Jackson 2.11's <c>TextNode.asInt()</c> gives for a string (for messages): trimmed decimal digits, else Java's double parsing cast to int, else 0.</summary>
    internal static long JacksonTextAsInt(string text)
    {
        var trimmed = text.Trim();
        if (JavaInt().IsMatch(trimmed))
        {
            return int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : 0;
        }
        if (!trimmed.Contains('x', StringComparison.OrdinalIgnoreCase)
            && double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && !double.IsNaN(real))
        {
            return real >= int.MaxValue ? int.MaxValue : real <= int.MinValue ? int.MinValue : (long)Math.Truncate(real);
        }
        return 0;
    }

    private static string Describe(JsonValue value) => value.Kind switch
    {
        JsonValueKind.Number => value.Text!,
        JsonValueKind.String => $"\"{value.Text}\"",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    [GeneratedRegex("^[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalDigits();

    [GeneratedRegex("^[+-]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex JavaInt();

    [GeneratedRegex(@"^\[.*\]\(([0-9]+)\)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex NamedPort();

    [GeneratedRegex("^(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})/(0|[1-9][0-9]?)$", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv4PrefixPattern();

    [GeneratedRegex("^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex MacPattern();
}

/// <summary>An OpenFlow port number (32 bits) and, for a reserved port, its ONOS name (FLOOD, CONTROLLER, ...).</summary>
internal readonly record struct OnosPort(uint Number, string? Logical);
