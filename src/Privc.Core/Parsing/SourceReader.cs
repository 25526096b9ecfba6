using System.Text;
using Privc.Diagnostics;
using Privc.Text;

namespace Privc.Parsing;

/// <summary>
/// Turns bytes into a <see cref="SourceText"/>, rejecting what is not a text file before any parser sees it:
/// oversized files, invalid UTF-8 and binary content each get a diagnostic with the offending position. Every file
/// is read in bounded chunks within a read timeout, so a device (/dev/zero), a FIFO or a pipe cannot make privc
/// run out of memory or wait forever.
/// </summary>
public static class SourceReader
{
    /// <summary>Intent and topology files larger than this are rejected; real ones are kilobytes.</summary>
    public const long MaxBytes = 16L * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a file, refusing directories, missing or unreadable files, and what <see cref="FromBytes(string, ReadOnlySpan{byte})"/> refuses.</summary>
    public static Result<SourceText> ReadFile(string path) => ReadFile(path, InputLimits.Default);

    public static Result<SourceText> ReadFile(string path, InputLimits limits)
    {
        try
        {
            if (Directory.Exists(path))
            {
                return Result<SourceText>.Fail(DiagnosticCatalogue.FileNotReadable(path, "it is a directory"));
            }
            if (!File.Exists(path))
            {
                return Result<SourceText>.Fail(DiagnosticCatalogue.FileNotReadable(path, "no such file"));
            }
            // A regular file says its size; devices, FIFOs and pipes say 0 and are bounded while read.
            var size = new FileInfo(path).Length;
            if (size > limits.MaxBytes)
            {
                return Result<SourceText>.Fail(DiagnosticCatalogue.FileTooLarge(path, size, limits.MaxBytes));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException or ArgumentException)
        {
            return Result<SourceText>.Fail(DiagnosticCatalogue.FileNotReadable(path, e.Message));
        }
        return Read(path, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan), limits);
    }

    /// <summary>Reads an already open stream (standard input) under the same limits; <paramref name="path"/> names it in diagnostics.</summary>
    public static Result<SourceText> ReadStream(string path, Func<Stream> open, InputLimits limits) => Read(path, open, limits);

    private static Result<SourceText> Read(string path, Func<Stream> open, InputLimits limits)
    {
        // Opening a FIFO blocks until a writer appears, and reading a pipe blocks until it has data: both happen on
        // a worker so that the wait is bounded. A read still blocked at the deadline is abandoned with the worker.
        var read = Task.Run(() => ReadBounded(path, open, limits.MaxBytes));
        try
        {
            if (!read.Wait(limits.ReadTimeout))
            {
                return Result<SourceText>.Fail(DiagnosticCatalogue.FileNotReadable(path,
                    $"nothing complete could be read within {limits.ReadTimeout.TotalSeconds:0.###} s (a FIFO or pipe nobody writes to or closes?); set PRIVC_READ_TIMEOUT to wait longer"));
            }
        }
        catch (AggregateException e) when (e.InnerException is IOException or UnauthorizedAccessException or System.Security.SecurityException or NotSupportedException or ArgumentException)
        {
            return Result<SourceText>.Fail(DiagnosticCatalogue.FileNotReadable(path, e.InnerException!.Message));
        }
        var (bytes, tooLarge) = read.Result;
        if (tooLarge)
        {
            return Result<SourceText>.Fail(DiagnosticCatalogue.FileTooLarge(path, limits.MaxBytes + 1, limits.MaxBytes));
        }
        return FromBytes(path, bytes!, limits.MaxBytes);
    }

    private static (byte[] Bytes, bool TooLarge) ReadBounded(string path, Func<Stream> open, long maxBytes)
    {
        using var stream = open();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var n = stream.Read(chunk, 0, chunk.Length);
            if (n == 0)
            {
                return (buffer.ToArray(), false);
            }
            buffer.Write(chunk, 0, n);
            if (buffer.Length > maxBytes)
            {
                return (buffer.ToArray(), true);
            }
        }
    }

    /// <summary>Decodes bytes read elsewhere (a test, a buffer) as <paramref name="path"/>'s text.</summary>
    public static Result<SourceText> FromBytes(string path, ReadOnlySpan<byte> bytes) => FromBytes(path, bytes, MaxBytes);

    private static Result<SourceText> FromBytes(string path, ReadOnlySpan<byte> bytes, long maxBytes)
    {
        if (bytes.Length > maxBytes)
        {
            return Result<SourceText>.Fail(DiagnosticCatalogue.FileTooLarge(path, bytes.Length, maxBytes));
        }
        var start = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var body = bytes[start..];
        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            var bad = FirstInvalidUtf8(body);
            var prefix = Encoding.UTF8.GetString(body[..bad]);
            var partial = new SourceText(path, prefix);
            return Result<SourceText>.Fail(DiagnosticCatalogue.InvalidUtf8(new SourceLocation(partial, new TextSpan(prefix.Length, 0))));
        }
        var nul = text.IndexOf('\0');
        if (nul >= 0)
        {
            var source = new SourceText(path, text);
            return Result<SourceText>.Fail(DiagnosticCatalogue.BinaryFile(new SourceLocation(source, new TextSpan(nul, 1))));
        }
        return Result<SourceText>.Ok(new SourceText(path, text));
    }

    /// <summary>Offset of the first byte that does not start a valid UTF-8 sequence.</summary>
    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }
            offset += consumed;
        }
        return bytes.Length;
    }
}
