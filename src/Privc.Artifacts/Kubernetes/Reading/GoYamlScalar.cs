using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Privc.Artifacts.Kubernetes;

/// <summary>What a YAML scalar becomes in the JSON kubectl sends to the API server.</summary>
internal enum ScalarKind
{
    String,
    Number,
    Bool,
    Null,
}

/// <summary>
/// The value of a YAML scalar as kubectl reads it. kubectl turns YAML into JSON with sigs.k8s.io/yaml, which parses
/// with go-yaml v2 (go.yaml.in/yaml/v2, YAML 1.1 rules) into untyped values and marshals them with Go's
/// encoding/json. This is a port of go-yaml v2's <c>resolve</c> (resolve.go) for plain scalars and the standard tags,
/// so that <c>021450</c>, <c>0x2328</c> and <c>9_000</c> are the port 9000, <c>yes</c> and <c>on</c> are true and
/// <c>2024-01-01</c> is a timestamp, exactly as they are for kubectl, and never something else to privc.
/// </summary>
internal static partial class GoYamlScalar
{
    public const string StrTag = "tag:yaml.org,2002:str";
    public const string IntTag = "tag:yaml.org,2002:int";
    public const string FloatTag = "tag:yaml.org,2002:float";
    public const string BoolTag = "tag:yaml.org,2002:bool";
    public const string NullTag = "tag:yaml.org,2002:null";
    public const string TimestampTag = "tag:yaml.org,2002:timestamp";
    public const string BinaryTag = "tag:yaml.org,2002:binary";
    public const string MergeTag = "tag:yaml.org,2002:merge";

    /// <summary>The resolved value: its JSON kind and text (a number's JSON literal, "true"/"false", or the string).</summary>
    public readonly record struct Value(ScalarKind Kind, string Text, string Tag);

    private static readonly Dictionary<string, (ScalarKind Kind, string Text, string Tag)> Map = BuildMap();

    private static Dictionary<string, (ScalarKind, string, string)> BuildMap()
    {
        var map = new Dictionary<string, (ScalarKind, string, string)>(StringComparer.Ordinal);
        void Add(ScalarKind kind, string text, string tag, params string[] spellings)
        {
            foreach (var s in spellings)
            {
                map[s] = (kind, text, tag);
            }
        }
        Add(ScalarKind.Bool, "true", BoolTag, "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON");
        Add(ScalarKind.Bool, "false", BoolTag, "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF");
        Add(ScalarKind.Null, "null", NullTag, "", "~", "null", "Null", "NULL");
        // NaN and infinities resolve to floats that Go's encoding/json refuses to marshal; kubectl fails on them.
        Add(ScalarKind.Number, "NaN", FloatTag, ".nan", ".NaN", ".NAN");
        Add(ScalarKind.Number, "+Inf", FloatTag, ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF");
        Add(ScalarKind.Number, "-Inf", FloatTag, "-.inf", "-.Inf", "-.INF");
        Add(ScalarKind.String, "<<", MergeTag, "<<");
        return map;
    }

    /// <summary>Whether go-yaml v2 would resolve a scalar with this tag at all (other tags keep the text as given).</summary>
    public static bool Resolvable(string tag) =>
        tag is "" or StrTag or BoolTag or IntTag or FloatTag or NullTag or TimestampTag;

    /// <summary>
    /// Resolves a scalar: <paramref name="tag"/> is "" for a plain scalar without a tag, <see cref="StrTag"/> for a
    /// quoted or block scalar, or the explicit tag. Returns null with <paramref name="problem"/> when go-yaml fails
    /// (an explicit tag the text does not fit), or when Go's encoding/json cannot marshal the value (NaN, infinity).
    /// </summary>
    public static Value? Resolve(string tag, string text, out string? problem)
    {
        problem = null;
        var (kind, value, resolved) = ResolveRaw(tag, text);
        if (tag is not "" && tag != resolved && tag != StrTag && tag != BinaryTag)
        {
            // go-yaml's deferred check: an explicit tag must match, except that an int may be read as a float.
            if (tag == FloatTag && resolved == IntTag)
            {
                return new Value(ScalarKind.Number, value, FloatTag);
            }
            problem = $"cannot decode {ShortTag(resolved)} `{text}` as a {ShortTag(tag)}";
            return null;
        }
        if (kind == ScalarKind.Number && value is "NaN" or "+Inf" or "-Inf")
        {
            problem = $"`{text}` is {value}, which JSON cannot carry (kubectl fails to convert it)";
            return null;
        }
        return new Value(kind, value, resolved);
    }

    private static string ShortTag(string tag) => tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) ? "!!" + tag["tag:yaml.org,2002:".Length..] : tag;

    private static (ScalarKind Kind, string Text, string Tag) ResolveRaw(string tag, string text)
    {
        if (!Resolvable(tag))
        {
            return (ScalarKind.String, text, tag);
        }
        var hint = text.Length == 0 ? 'N' : Hint(text[0]);
        if (hint != '\0' && tag != StrTag && tag != BinaryTag)
        {
            if (Map.TryGetValue(text, out var item))
            {
                return item;
            }
            switch (hint)
            {
                case 'M':
                    break;
                case '.':
                    if (GoParseFloat(text) is { } dotted)
                    {
                        return (ScalarKind.Number, dotted, FloatTag);
                    }
                    break;
                case 'D' or 'S':
                    if ((tag is "" || tag == TimestampTag) && GoTimestamp(text) is { } timestamp)
                    {
                        return (ScalarKind.String, timestamp, TimestampTag);
                    }
                    var plain = text.Replace("_", string.Empty, StringComparison.Ordinal);
                    if (GoParseInt(plain, out var integer))
                    {
                        return (ScalarKind.Number, integer.ToString(CultureInfo.InvariantCulture), IntTag);
                    }
                    if (YamlStyleFloat().IsMatch(plain) && GoParseFloat(plain) is { } number)
                    {
                        return (ScalarKind.Number, number, FloatTag);
                    }
                    if (plain.StartsWith("0b", StringComparison.Ordinal) && ParseDigits(plain[2..], 2) is { } binary)
                    {
                        return (ScalarKind.Number, binary.ToString(CultureInfo.InvariantCulture), IntTag);
                    }
                    if (plain.StartsWith("-0b", StringComparison.Ordinal) && ParseDigits(plain[3..], 2) is { } negative && negative <= (BigInteger)long.MaxValue + 1)
                    {
                        return (ScalarKind.Number, (-negative).ToString(CultureInfo.InvariantCulture), IntTag);
                    }
                    break;
            }
        }
        return (ScalarKind.String, text, StrTag);
    }

    private static char Hint(char c) => c switch
    {
        '+' or '-' => 'S',
        >= '0' and <= '9' => 'D',
        'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~' => 'M',
        '.' => '.',
        _ => '\0',
    };

    /// <summary>
    /// Go's <c>strconv.ParseInt(s, 0, 64)</c>, then <c>ParseUint(s, 0, 64)</c>: an optional sign (ParseInt only), then
    /// <c>0x</c> hexadecimal, <c>0o</c> or a leading <c>0</c> octal, <c>0b</c> binary, or decimal, within 64 bits.
    /// </summary>
    internal static bool GoParseInt(string s, out BigInteger value)
    {
        value = default;
        if (s.Length == 0)
        {
            return false;
        }
        var negative = false;
        var body = s;
        var signed = false;
        if (body[0] is '+' or '-')
        {
            negative = body[0] == '-';
            body = body[1..];
            signed = true;
        }
        if (body.Length == 0)
        {
            return false;
        }
        int radix = 10;
        if (body.Length >= 2 && body[0] == '0')
        {
            switch (body[1])
            {
                case 'x' or 'X':
                    radix = 16;
                    body = body[2..];
                    break;
                case 'o' or 'O':
                    radix = 8;
                    body = body[2..];
                    break;
                case 'b' or 'B':
                    radix = 2;
                    body = body[2..];
                    break;
                default:
                    radix = 8;
                    body = body[1..];
                    break;
            }
        }
        if (ParseDigits(body, radix) is not { } magnitude)
        {
            return false;
        }
        value = negative ? -magnitude : magnitude;
        // ParseInt's range, then ParseUint's (which takes no sign) for values above it.
        return (value >= long.MinValue && value <= long.MaxValue) || (!signed && value <= ulong.MaxValue);
    }

    private static BigInteger? ParseDigits(string digits, int radix)
    {
        if (digits.Length == 0 || digits.Length > 80)
        {
            return null;
        }
        BigInteger value = 0;
        foreach (var c in digits)
        {
            var d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (d >= radix)
            {
                return null;
            }
            value = value * radix + d;
        }
        return value;
    }

    /// <summary>
    /// Go's <c>strconv.ParseFloat(s, 64)</c> for the decimal forms go-yaml lets through, printed as Go's
    /// encoding/json prints a float64: the shortest round-trip digits, without exponent between 1e-6 and 1e21.
    /// </summary>
    private static string? GoParseFloat(string s)
    {
        if (!DecimalFloat().IsMatch(s) || !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }
        if (double.IsInfinity(value))
        {
            // ParseFloat returns +-Inf with a range error for overflow; go-yaml then keeps the text as a string.
            return null;
        }
        return JsonFloat(value);
    }

    internal static string JsonFloat(double value)
    {
        if (value == 0)
        {
            return "0";
        }
        var abs = Math.Abs(value);
        if (abs >= 1e-6 && abs < 1e21)
        {
            var fixedText = value.ToString("R", CultureInfo.InvariantCulture);
            if (!fixedText.Contains('E', StringComparison.Ordinal))
            {
                return fixedText;
            }
            return ((decimal)value).ToString(CultureInfo.InvariantCulture);
        }
        // Go: 'e' format, with a two-digit exponent shortened (1e-07 becomes 1e-7).
        var text = value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
        return Regex.Replace(text, @"e([+-])0*(\d)", "e$1$2", RegexOptions.None, TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// Go's <c>strconv.FormatFloat(f, 'g', -1, 32)</c>, which sigs.k8s.io/yaml uses for float map keys: the shortest
    /// digits that read back as the same float32, with an exponent (at least two digits) below 1e-4 or from 1e6 on.
    /// </summary>
    internal static string GoFloat32String(double value)
    {
        var f = (float)value;
        if (f == 0)
        {
            return "0";
        }
        if (float.IsInfinity(f))
        {
            return f > 0 ? "+Inf" : "-Inf";
        }
        // Shortest digits: the round-trip form, normalised into mantissa digits and a decimal exponent.
        var shortest = Math.Abs(f).ToString("R", CultureInfo.InvariantCulture);
        var mantissa = shortest;
        var exponent = 0;
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            mantissa = shortest[..e];
            exponent = int.Parse(shortest[(e + 1)..], CultureInfo.InvariantCulture);
        }
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point >= 0 ? mantissa.Remove(point, 1) : mantissa;
        var pointPosition = (point >= 0 ? point : mantissa.Length) + exponent;
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        pointPosition -= leading;
        if (digits.Length == 0)
        {
            return "0";
        }
        var exp = pointPosition - 1;
        var sign = f < 0 ? "-" : string.Empty;
        if (exp < -4 || exp >= 6)
        {
            var m = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
            return string.Create(CultureInfo.InvariantCulture, $"{sign}{m}e{(exp < 0 ? "-" : "+")}{Math.Abs(exp):D2}");
        }
        if (pointPosition <= 0)
        {
            return sign + "0." + new string('0', -pointPosition) + digits;
        }
        if (pointPosition >= digits.Length)
        {
            return sign + digits + new string('0', pointPosition - digits.Length);
        }
        return sign + digits[..pointPosition] + "." + digits[pointPosition..];
    }

    /// <summary>
    /// go-yaml v2's <c>parseTimestamp</c>: four digits and a dash, then one of its four layouts; the value kubectl
    /// sends is Go's JSON form of the time (RFC 3339 with nanoseconds, trailing zeros dropped, UTC as Z).
    /// </summary>
    private static string? GoTimestamp(string s)
    {
        if (s.Length < 5 || !s[..4].All(char.IsAsciiDigit) || s[4] != '-')
        {
            return null;
        }
        var match = Timestamp().Match(s);
        if (!match.Success)
        {
            return null;
        }
        int Int(string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        var year = Int("y");
        var month = Int("m");
        var day = Int("d");
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year == 0 ? 2000 : year, month))
        {
            return null;
        }
        var hasTime = match.Groups["H"].Success;
        var hour = hasTime ? Int("H") : 0;
        var minute = hasTime ? Int("M") : 0;
        var second = hasTime ? Int("S") : 0;
        if (hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }
        var fraction = match.Groups["f"].Success ? match.Groups["f"].Value.TrimEnd('0') : string.Empty;
        var zone = "Z";
        if (match.Groups["z"].Success && match.Groups["z"].Value != "Z")
        {
            var z = match.Groups["z"].Value;
            var offsetHours = int.Parse(z[1..3], CultureInfo.InvariantCulture);
            var offsetMinutes = int.Parse(z[4..6], CultureInfo.InvariantCulture);
            zone = offsetHours == 0 && offsetMinutes == 0 ? "Z" : z;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-{day:D2}T{hour:D2}:{minute:D2}:{second:D2}{(fraction.Length > 0 ? "." + fraction : string.Empty)}{zone}");
    }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlStyleFloat();

    /// <summary>The decimal forms of Go's ParseFloat that go-yaml can reach (no hex floats, no Inf or NaN words).</summary>
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalFloat();

    [GeneratedRegex(@"^(?<y>[0-9]{4})-(?<m>[0-9]{1,2})-(?<d>[0-9]{1,2})(?:(?:[Tt](?<H>[0-9]{1,2}):(?<M>[0-9]{1,2}):(?<S>[0-9]{1,2})(?:\.(?<f>[0-9]{1,9}))?(?<z>Z|[+-][0-9]{2}:[0-9]{2}))|(?: (?<H>[0-9]{1,2}):(?<M>[0-9]{1,2}):(?<S>[0-9]{1,2})(?:\.(?<f>[0-9]{1,9}))?))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();
}
