using System.Collections.Frozen;
using System.Text;

namespace Privc.Topology.Import;

/// <summary>
/// Turns free-text labels ("Frankfurt am Main", "Zürich", "Gary?") into privc names: lower-case ASCII letters,
/// digits and single dashes, starting with a letter, so that they are valid in intents (<c>avoid frankfurt-am-main</c>)
/// and, with a suffix, as Kubernetes node names.
/// </summary>
public static class PrivcNames
{
    /// <summary>Longest device name, so that <c>&lt;site&gt;-&lt;tier&gt;-N</c> stays within Kubernetes' 63 characters.</summary>
    public const int MaxDeviceName = 40;

    /// <summary>Keywords the grammar reserves (not usable where a name is expected).</summary>
    public static FrozenSet<string> Reserved { get; } = new[]
    {
        "data", "service", "flow", "intent", "objective", "on", "within", "from", "with", "to", "and", "or", "not",
        "in", "true", "false",
    }.ToFrozenSet(StringComparer.Ordinal);

    // Invariant globalization has no Unicode normalization, so accented Latin letters are folded by table.
    private static readonly FrozenDictionary<char, string> Fold = BuildFold();

    /// <summary>The lower-case [a-z0-9] words of a label joined by '-', or an empty string when it has none.</summary>
    public static string Slug(string text, int maxLength = MaxDeviceName)
    {
        var result = new StringBuilder();
        var pendingDash = false;
        foreach (var c in text.ToLowerInvariant())
        {
            var folded = c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c.ToString() : Fold.GetValueOrDefault(c);
            if (folded is null)
            {
                pendingDash = result.Length > 0;
                continue;
            }
            if (pendingDash)
            {
                result.Append('-');
                pendingDash = false;
            }
            result.Append(folded);
        }
        var slug = result.ToString();
        if (slug.Length > maxLength)
        {
            slug = slug[..maxLength].TrimEnd('-');
        }
        return slug;
    }

    /// <summary>True when <paramref name="name"/> is a non-reserved privc name of the slug alphabet starting with a letter.</summary>
    public static bool IsValid(string name) =>
        name.Length > 0 && name[0] is >= 'a' and <= 'z' && !name.EndsWith('-') && !name.Contains("--", StringComparison.Ordinal)
        && name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-') && !Reserved.Contains(name);

    private static FrozenDictionary<char, string> BuildFold()
    {
        var table = new Dictionary<char, string>();
        void Map(string letters, string ascii)
        {
            foreach (var c in letters)
            {
                table[c] = ascii;
            }
        }
        Map("àáâãäåāăą", "a");
        Map("æ", "ae");
        Map("çćĉċč", "c");
        Map("ďđð", "d");
        Map("èéêëēĕėęě", "e");
        Map("ĝğġģ", "g");
        Map("ĥħ", "h");
        Map("ìíîïĩīĭįı", "i");
        Map("ĵ", "j");
        Map("ķ", "k");
        Map("ĺļľŀł", "l");
        Map("ñńņňŉ", "n");
        Map("òóôõöøōŏő", "o");
        Map("œ", "oe");
        Map("ŕŗř", "r");
        Map("śŝşšș", "s");
        Map("ß", "ss");
        Map("ţťŧț", "t");
        Map("ùúûüũūŭůűų", "u");
        Map("ŵ", "w");
        Map("ýÿŷ", "y");
        Map("źżž", "z");
        Map("þ", "th");
        return table.ToFrozenDictionary();
    }
}
