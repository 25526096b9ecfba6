using Privc.TypeSystem;

namespace Privc.Tests.Semantics;

/// <summary>Typed units: every suffix, rounding, plain numbers for CPU and memory, and the representable range.</summary>
public class UnitsTests
{
    [Theory]
    [InlineData("7us", Dimension.Latency, 7L)]
    [InlineData("10ms", Dimension.Latency, 10_000L)]
    [InlineData("2s", Dimension.Latency, 2_000_000L)]
    [InlineData("1.5ms", Dimension.Latency, 1_500L)]
    [InlineData("9bps", Dimension.Bandwidth, 9L)]
    [InlineData("1Kbps", Dimension.Bandwidth, 1_000L)]
    [InlineData("1Mbps", Dimension.Bandwidth, 1_000_000L)]
    [InlineData("1.5Gbps", Dimension.Bandwidth, 1_500_000_000L)]
    [InlineData("1Tbps", Dimension.Bandwidth, 1_000_000_000_000L)]
    [InlineData("500m", Dimension.Cpu, 500L)]
    [InlineData("1Ki", Dimension.Memory, 1024L)]
    [InlineData("1Mi", Dimension.Memory, 1L << 20)]
    [InlineData("1Gi", Dimension.Memory, 1L << 30)]
    [InlineData("1Ti", Dimension.Memory, 1L << 40)]
    [InlineData("1K", Dimension.Memory, 1_000L)]
    [InlineData("1M", Dimension.Memory, 1_000_000L)]
    [InlineData("1G", Dimension.Memory, 1_000_000_000L)]
    [InlineData("1T", Dimension.Memory, 1_000_000_000_000L)]
    [InlineData("0.4m", Dimension.Cpu, 0L)]
    [InlineData("0.5us", Dimension.Latency, 1L)]
    [InlineData("42", Dimension.Scalar, 42L)]
    public void Units_Parse_ConvertsToTheBaseUnit(string text, Dimension dimension, long value)
    {
        Assert.Equal(Units.ParseError.None, Units.TryParse(text, out var quantity, out _, out _));
        Assert.Equal(new Quantity(dimension, value), quantity);
    }

    [Theory]
    [InlineData("3hours", Units.ParseError.UnknownUnit)]
    [InlineData("256Mb", Units.ParseError.UnknownUnit)]
    [InlineData("ms", Units.ParseError.Malformed)]
    [InlineData("1.2.3", Units.ParseError.Malformed)]
    [InlineData("99999999999999999999Ti", Units.ParseError.OutOfRange)]
    [InlineData("9999999999999999999", Units.ParseError.OutOfRange)]
    [InlineData("99999999999999999999999999999999", Units.ParseError.Malformed)]
    public void Units_Parse_RejectsWithTheReason(string text, Units.ParseError error) =>
        Assert.Equal(error, Units.TryParse(text, out _, out _, out _));

    [Theory]
    [InlineData(Dimension.Cpu, "2", 2_000L)]
    [InlineData(Dimension.Cpu, "1.5", 1_500L)]
    [InlineData(Dimension.Cpu, "0.0015", 1L)]
    [InlineData(Dimension.Memory, "4096", 4_096L)]
    [InlineData(Dimension.Memory, "1.5", 2L)]
    public void Units_PlainNumber_IsCoresOrBytes(Dimension dimension, string number, long value)
    {
        var (quantity, error) = Units.FromPlainNumber(dimension, decimal.Parse(number, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Units.ParseError.None, error);
        Assert.Equal(new Quantity(dimension, value), quantity);
    }

    [Fact]
    public void Units_PlainNumber_OutOfRangeOrWrongDimension_IsRejected()
    {
        Assert.Equal(Units.ParseError.OutOfRange, Units.FromPlainNumber(Dimension.Cpu, 99_999_999_999_999_999m).Error);
        Assert.Equal(Units.ParseError.Malformed, Units.FromPlainNumber(Dimension.Latency, 5m).Error);
    }

    [Theory]
    [InlineData(Dimension.Latency, 15_000L, "15ms")]
    [InlineData(Dimension.Latency, 1_500L, "1500us")]
    [InlineData(Dimension.Bandwidth, 10_000_000_000L, "10Gbps")]
    [InlineData(Dimension.Memory, 256L << 20, "256Mi")]
    [InlineData(Dimension.Cpu, 2_000L, "2000m")]
    public void Units_Format_UsesTheLargestExactUnit(Dimension dimension, long value, string text) =>
        Assert.Equal(text, Units.Format(new Quantity(dimension, value)));
}
