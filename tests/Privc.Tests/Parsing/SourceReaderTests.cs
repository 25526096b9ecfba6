using System.Text;
using Privc.Parsing;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Parsing;

/// <summary>What is not a readable text file is rejected before parsing, with the offending position (PRIV0001-0004).</summary>
public sealed class SourceReaderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("privc-reader-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    [CoversDiagnostic("PRIV0001")]
    public void Read_MissingFile_IsNotReadable()
    {
        var path = Path.Combine(folder, "absent.priv");
        var (source, error) = SourceReader.ReadFile(path);
        Assert.Null(source);
        Assert.Equal("PRIV0001", error!.Code);
        Assert.Null(error.Location);
        Assert.Equal(path, error.DisplayPath);
        Assert.Contains("no such file", error.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV0001")]
    public void Read_Directory_IsNotReadable()
    {
        var (source, error) = SourceReader.ReadFile(folder);
        Assert.Null(source);
        Assert.Equal("PRIV0001", error!.Code);
        Assert.Contains("directory", error.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV0002")]
    public void Read_InvalidUtf8_PointsAtTheFirstBadByte()
    {
        var bytes = Encoding.UTF8.GetBytes("levels a < b;\ndata Xé: a;").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes(";\n")).ToArray();
        var (source, error) = SourceReader.FromBytes("bad.priv", bytes);
        Assert.Null(source);
        Assert.Equal("PRIV0002", error!.Code);
        Assert.Equal((2, 12), error.Location!.Value.Start);
        Assert.Equal(0, error.Location.Value.Span.Length);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC0, 0x80 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    public void Read_InvalidUtf8Sequences_AreRejectedAtTheirOffset(byte[] bad)
    {
        var bytes = Encoding.ASCII.GetBytes("ab\ncd").Concat(bad).ToArray();
        var (_, error) = SourceReader.FromBytes("bad.priv", bytes);
        Assert.Equal("PRIV0002", error!.Code);
        Assert.Equal((2, 3), error.Location!.Value.Start);
    }

    [Fact]
    [CoversDiagnostic("PRIV0003")]
    public void Read_NulByte_IsBinaryAtItsPosition()
    {
        var (source, error) = SourceReader.FromBytes("bin.priv", Encoding.UTF8.GetBytes("levels a;\nda\0ta X: a;"));
        Assert.Null(source);
        Assert.Equal("PRIV0003", error!.Code);
        Assert.Equal((2, 3), error.Location!.Value.Start);
        Assert.Equal(1, error.Location.Value.Span.Length);
    }

    [Fact]
    [CoversDiagnostic("PRIV0004")]
    public void Read_TwentyMegabyteFile_IsTooLargeAndNotRead()
    {
        var path = Path.Combine(folder, "huge.priv");
        using (var stream = File.Create(path))
        {
            stream.SetLength(20L * 1024 * 1024);
        }
        var (source, error) = SourceReader.ReadFile(path);
        Assert.Null(source);
        Assert.Equal("PRIV0004", error!.Code);
        Assert.Null(error.Location);
        Assert.Equal(path, error.DisplayPath);
        Assert.Contains((20L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV0004")]
    public void Read_OversizedBytes_AreTooLarge()
    {
        var (_, error) = SourceReader.FromBytes("big.priv", new byte[SourceReader.MaxBytes + 1]);
        Assert.Equal("PRIV0004", error!.Code);
    }

    [Fact]
    public void Read_ByteOrderMark_IsSkipped()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("levels a < b;")).ToArray();
        var (source, error) = SourceReader.FromBytes("bom.priv", bytes);
        Assert.Null(error);
        Assert.Equal("levels a < b;", source!.Text);
    }

    [Fact]
    public void Read_ValidUtf8WithAccentsAndEmoji_IsText()
    {
        var (source, error) = SourceReader.FromBytes("ok.priv", Encoding.UTF8.GetBytes("// café 😀\nlevels a;"));
        Assert.Null(error);
        Assert.Equal(2, source!.LineCount);
    }
}
