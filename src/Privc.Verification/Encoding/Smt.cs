using System.Globalization;
using System.Text;

namespace Privc.Verification.Encoding;

/// <summary>SMT-LIB2 term construction. Pure string building with fixed formatting, so scripts are deterministic.</summary>
public static class Smt
{
    public const string True = "true";
    public const string False = "false";

    public static string Int(long value) =>
        value < 0 ? $"(- {(-value).ToString(CultureInfo.InvariantCulture)})" : value.ToString(CultureInfo.InvariantCulture);

    public static string Not(string term) => term switch
    {
        True => False,
        False => True,
        _ => $"(not {term})",
    };

    public static string And(IEnumerable<string> terms)
    {
        var list = terms.Where(t => t != True).ToList();
        if (list.Contains(False))
        {
            return False;
        }
        return list.Count switch
        {
            0 => True,
            1 => list[0],
            _ => $"(and {string.Join(' ', list)})",
        };
    }

    public static string And(params string[] terms) => And((IEnumerable<string>)terms);

    public static string Or(IEnumerable<string> terms)
    {
        var list = terms.Where(t => t != False).ToList();
        if (list.Contains(True))
        {
            return True;
        }
        return list.Count switch
        {
            0 => False,
            1 => list[0],
            _ => $"(or {string.Join(' ', list)})",
        };
    }

    public static string Or(params string[] terms) => Or((IEnumerable<string>)terms);

    public static string Implies(string premise, string conclusion) => (premise, conclusion) switch
    {
        (False, _) => True,
        (_, True) => True,
        (True, _) => conclusion,
        (_, False) => Not(premise),
        _ => $"(=> {premise} {conclusion})",
    };

    public static string Eq(string a, string b) => $"(= {a} {b})";

    public static string Le(string a, string b) => $"(<= {a} {b})";

    public static string Lt(string a, string b) => $"(< {a} {b})";

    public static string Ge(string a, string b) => $"(>= {a} {b})";

    public static string Ite(string condition, string then, string otherwise) => condition switch
    {
        True => then,
        False => otherwise,
        _ => $"(ite {condition} {then} {otherwise})",
    };

    /// <summary>1 when the condition holds, else 0.</summary>
    public static string Indicator(string condition) => Ite(condition, "1", "0");

    public static string Sum(IEnumerable<string> terms)
    {
        var list = terms.Where(t => t != "0").ToList();
        return list.Count switch
        {
            0 => "0",
            1 => list[0],
            _ => $"(+ {string.Join(' ', list)})",
        };
    }

    public static string Minus(string a, string b) => b == "0" ? a : $"(- {a} {b})";

    /// <summary>A quoted symbol built from parts; characters SMT-LIB forbids inside |...| are replaced.</summary>
    public static string Symbol(params object[] parts)
    {
        var text = new StringBuilder("|");
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                text.Append('!');
            }
            foreach (var c in Convert.ToString(parts[i], CultureInfo.InvariantCulture) ?? string.Empty)
            {
                text.Append(c is '|' or '\\' || char.IsControl(c) ? '_' : c);
            }
        }
        return text.Append('|').ToString();
    }
}
