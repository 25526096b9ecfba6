using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Privc.Llm.Constrained;

/// <summary>A set of characters (code points) as sorted, disjoint, non-adjacent intervals.</summary>
public sealed record CharClass(ImmutableArray<(int Low, int High)> Ranges)
{
    public const int MaxChar = 0x10FFFF;

    public static CharClass Empty { get; } = new([]);

    public static CharClass All { get; } = new([(0, MaxChar)]);

    public bool IsEmpty => Ranges.IsEmpty;

    public static CharClass Of(int c) => new([(c, c)]);

    public static CharClass Of(IEnumerable<(int Low, int High)> ranges)
    {
        var sorted = ranges.Where(r => r.Low <= r.High).OrderBy(r => r.Low).ToList();
        var merged = new List<(int Low, int High)>();
        foreach (var (low, high) in sorted)
        {
            if (merged.Count > 0 && low <= merged[^1].High + 1)
            {
                merged[^1] = (merged[^1].Low, Math.Max(merged[^1].High, high));
            }
            else
            {
                merged.Add((low, high));
            }
        }
        return new CharClass([.. merged]);
    }

    public bool Contains(int c) => Ranges.Any(r => r.Low <= c && c <= r.High);

    public CharClass Union(CharClass other) => Of(Ranges.Concat(other.Ranges));

    public CharClass Complement()
    {
        var result = new List<(int, int)>();
        var next = 0;
        foreach (var (low, high) in Ranges)
        {
            if (low > next)
            {
                result.Add((next, low - 1));
            }
            next = high + 1;
        }
        if (next <= MaxChar)
        {
            result.Add((next, MaxChar));
        }
        return new CharClass([.. result]);
    }

    public CharClass Intersect(CharClass other) => Complement().Union(other.Complement()).Complement();

    public CharClass Minus(CharClass other) => Intersect(other.Complement());

    /// <summary>Reads the body of an ANTLR set (<c>a-zA-Z0-9_\-.</c>, escapes <c>\n \r \t \f \\ \] \- \uXXXX</c>).</summary>
    public static CharClass FromAntlr(string body)
    {
        var chars = new List<int>();
        var ranges = new List<(int, int)>();
        for (var i = 0; i < body.Length;)
        {
            var c = ReadChar(body, ref i);
            if (i + 1 < body.Length && body[i] == '-')
            {
                i++;
                var end = ReadChar(body, ref i);
                ranges.Add((c, end));
            }
            else
            {
                chars.Add(c);
            }
        }
        return Of(ranges.Concat(chars.Select(c => (c, c))));
    }

    private static int ReadChar(string body, ref int i)
    {
        if (body[i] != '\\')
        {
            return body[i++];
        }
        var escape = body[i + 1];
        i += 2;
        switch (escape)
        {
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'f':
                return '\f';
            case 'u':
                var code = int.Parse(body.AsSpan(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                i += 4;
                return code;
            default:
                return escape;
        }
    }

    /// <summary>The class in GBNF syntax; characters outside printable ASCII, and those special inside brackets, as escapes.</summary>
    public string ToGbnf()
    {
        if (Ranges.Length == 1 && Ranges[0] == (0, MaxChar))
        {
            return "[\\x00-\\U0010FFFF]";
        }
        // Near-total classes read better as complements.
        var complement = Complement();
        if (complement.Ranges.Sum(r => (long)r.High - r.Low + 1) < Ranges.Sum(r => (long)r.High - r.Low + 1) && complement.Ranges.All(r => r.High < 0x80))
        {
            return "[^" + Body(complement) + "]";
        }
        return "[" + Body(this) + "]";
    }

    private static string Body(CharClass set)
    {
        var text = new StringBuilder();
        foreach (var (low, high) in set.Ranges)
        {
            text.Append(Escape(low));
            if (high > low)
            {
                if (high > low + 1)
                {
                    text.Append('-');
                }
                text.Append(Escape(high));
            }
        }
        return text.ToString();
    }

    internal static string Escape(int c) => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\\' or ']' or '[' or '-' or '^' or '"' => $"\\x{c:X2}",
        < 0x20 or 0x7F => $"\\x{c:X2}",
        > 0x7F and <= 0xFFFF => $"\\u{c:X4}",
        > 0xFFFF => $"\\U{c:X8}",
        _ => ((char)c).ToString(),
    };
}
