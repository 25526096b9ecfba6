using System.Globalization;
using System.Numerics;

namespace Privc.Verification.Solving;

/// <summary>Reads the values that <see cref="ISmtSession.GetValues"/> returns (canonical SMT-LIB text).</summary>
internal static class SmtValue
{
    public static bool TryParseBool(string text, out bool value)
    {
        switch (text.Trim())
        {
            case "true":
                value = true;
                return true;
            case "false":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>An integer value: <c>42</c>, or a negative one as solvers print it, <c>(- 3)</c>.</summary>
    public static bool TryParseInteger(string text, out BigInteger value)
    {
        value = default;
        var read = SExprReader.TryReadAll(text, out _);
        if (read is not [var expr])
        {
            return false;
        }
        var negative = false;
        if (expr is SList { Items: [SAtom { Kind: SAtomKind.Symbol, Value: "-" }, var inner] })
        {
            negative = true;
            expr = inner;
        }
        if (expr is not SAtom { Kind: SAtomKind.Literal, Value: var digits } || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }
        value = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        value = negative ? -value : value;
        return true;
    }
}
