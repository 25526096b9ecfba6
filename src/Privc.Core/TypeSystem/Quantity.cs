using System.Globalization;
using Privc.Diagnostics;

namespace Privc.TypeSystem;

/// <summary>The physical dimension of a quantity. Comparing quantities of different dimensions is a type error.</summary>
public enum Dimension
{
    /// <summary>A plain number (a count, a port, a numeric label).</summary>
    Scalar,
    /// <summary>Time; base unit the microsecond.</summary>
    Latency,
    /// <summary>Data rate; base unit the bit per second.</summary>
    Bandwidth,
    /// <summary>Processor; base unit the millicore.</summary>
    Cpu,
    /// <summary>Memory; base unit the byte.</summary>
    Memory,
}

/// <summary>A typed amount in its dimension's base unit (integers, so SMT arithmetic stays exact).</summary>
public readonly record struct Quantity(Dimension Dimension, long Value)
{
    public override string ToString() => Units.Format(this);
}

/// <summary>Unit suffixes of the language and of topology files, and conversion to base units.</summary>
public static class Units
{
    private static readonly (string Suffix, Dimension Dimension, decimal Factor)[] Table =
    [
        ("us", Dimension.Latency, 1m),
        ("ms", Dimension.Latency, 1_000m),
        ("s", Dimension.Latency, 1_000_000m),
        ("bps", Dimension.Bandwidth, 1m),
        ("Kbps", Dimension.Bandwidth, 1_000m),
        ("Mbps", Dimension.Bandwidth, 1_000_000m),
        ("Gbps", Dimension.Bandwidth, 1_000_000_000m),
        ("Tbps", Dimension.Bandwidth, 1_000_000_000_000m),
        ("m", Dimension.Cpu, 1m),
        ("Ki", Dimension.Memory, 1024m),
        ("Mi", Dimension.Memory, 1024m * 1024),
        ("Gi", Dimension.Memory, 1024m * 1024 * 1024),
        ("Ti", Dimension.Memory, 1024m * 1024 * 1024 * 1024),
        ("K", Dimension.Memory, 1_000m),
        ("M", Dimension.Memory, 1_000_000m),
        ("G", Dimension.Memory, 1_000_000_000m),
        ("T", Dimension.Memory, 1_000_000_000_000m),
    ];

    public static IEnumerable<string> Suffixes => Table.Select(t => t.Suffix);

    public static string DimensionName(Dimension dimension) => dimension switch
    {
        Dimension.Scalar => "number",
        Dimension.Latency => "latency",
        Dimension.Bandwidth => "bandwidth",
        Dimension.Cpu => "CPU",
        Dimension.Memory => "memory",
        _ => dimension.ToString(),
    };

    public static string ExampleOf(Dimension dimension) => dimension switch
    {
        Dimension.Latency => "10ms",
        Dimension.Bandwidth => "1Gbps",
        Dimension.Cpu => "500m",
        Dimension.Memory => "256Mi",
        _ => "3",
    };

    public enum ParseError
    {
        None,
        Malformed,
        UnknownUnit,
        OutOfRange,
    }

    /// <summary>
    /// Parses `10ms`, `1.5Gbps`, `500m`, `256Mi` or a plain number. A plain number is a <see cref="Dimension.Scalar"/>
    /// whose value is kept exactly when it is whole; <paramref name="scalar"/> carries the decimal value.
    /// </summary>
    public static ParseError TryParse(string text, out Quantity quantity, out decimal scalar, out string unit)
    {
        quantity = default;
        scalar = 0;
        unit = string.Empty;
        var i = 0;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
        {
            i++;
        }
        if (i == 0 || !decimal.TryParse(text[..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return ParseError.Malformed;
        }
        unit = text[i..];
        scalar = number;
        if (unit.Length == 0)
        {
            if (number > long.MaxValue / 2)
            {
                return ParseError.OutOfRange;
            }
            quantity = new Quantity(Dimension.Scalar, (long)decimal.Round(number, MidpointRounding.AwayFromZero));
            return ParseError.None;
        }
        foreach (var (suffix, dimension, factor) in Table)
        {
            if (suffix == unit)
            {
                // Compare before multiplying: a large number times a large factor overflows decimal itself.
                if (number > long.MaxValue / 2 / factor)
                {
                    return ParseError.OutOfRange;
                }
                var value = number * factor;
                if (value > long.MaxValue / 2)
                {
                    return ParseError.OutOfRange;
                }
                quantity = new Quantity(dimension, (long)decimal.Round(value, MidpointRounding.AwayFromZero));
                return ParseError.None;
            }
        }
        return ParseError.UnknownUnit;
    }

    /// <summary>
    /// A plain number where a CPU or memory quantity is expected, as in Kubernetes: cores (cut to whole millicores)
    /// or bytes. Other dimensions take no plain numbers.
    /// </summary>
    public static Result<Quantity, ParseError> FromPlainNumber(Dimension dimension, decimal number)
    {
        var factor = dimension switch
        {
            Dimension.Cpu => 1000m,
            Dimension.Memory => 1m,
            _ => 0m,
        };
        if (factor == 0)
        {
            return new Result<Quantity, ParseError>(default, ParseError.Malformed);
        }
        if (number > long.MaxValue / 2 / factor)
        {
            return new Result<Quantity, ParseError>(default, ParseError.OutOfRange);
        }
        var value = number * factor;
        return new Result<Quantity, ParseError>(new Quantity(dimension, (long)(dimension == Dimension.Cpu ? decimal.Truncate(value) : decimal.Round(value, MidpointRounding.AwayFromZero))), ParseError.None);
    }

    /// <summary>Formats a quantity in the largest unit that shows it exactly (deterministic, used by all outputs).</summary>
    public static string Format(Quantity q)
    {
        if (q.Dimension == Dimension.Scalar)
        {
            return q.Value.ToString(CultureInfo.InvariantCulture);
        }
        var candidates = Table.Where(t => t.Dimension == q.Dimension && (q.Dimension != Dimension.Memory || t.Suffix.EndsWith('i')))
            .OrderByDescending(t => t.Factor);
        foreach (var (suffix, _, factor) in candidates)
        {
            if (q.Value % factor == 0 && q.Value != 0)
            {
                return (q.Value / factor).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }
        var smallest = Table.Where(t => t.Dimension == q.Dimension).MinBy(t => t.Factor);
        if (q.Dimension == Dimension.Memory)
        {
            return q.Value.ToString(CultureInfo.InvariantCulture);
        }
        return (q.Value / smallest.Factor).ToString(CultureInfo.InvariantCulture) + smallest.Suffix;
    }

    /// <summary>Milliseconds with up to three decimals, for human summaries.</summary>
    public static string FormatMillis(long micros) =>
        (micros / 1000m).ToString("0.###", CultureInfo.InvariantCulture) + "ms";
}
