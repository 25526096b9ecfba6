using System.Text;
using Privc.Diagnostics;
using Privc.Text;

namespace Privc.Parsing;

/// <summary>
/// Turns bytes into a <see cref="SourceText"/>, rejecting what is not a text file before any parser sees it:
/// oversized files, invalid UTF-8 and binary content each get a diagnostic with the offending position.
/// </summary>
public static class SourceReader
{
    /// <summary>Intent and topology files larger than this are rejected; real ones are kilobytes.</summary>
    public const long MaxBytes = 16L * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a file, refusing directories, missing or unreadable files, and what <see cref="FromBytes"/> refuses.</summary>
    public static Result<SourceText> ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (Directory.Exists(path))
            {
                return Result<SourceText>.Fail(DiagnosticCatalogue.FileNotReadable(path, "it is a directory"));
            }
            if (!info.Exists)
            {
                return Result<SourceText>.Fail(DiagnosticCatalogue.FileNotReadable(path, "no such file"));
            }
            if (info.Length > MaxBytes)
            {
                return Result<SourceText>.Fail(DiagnosticCatalogue.FileTooLarge(path, info.Length, MaxBytes));
            }
            bytes = ReadAtMost(path, MaxBytes);
            if (bytes.Length > MaxBytes)
            {
                // A device such as /dev/zero reports length 0 and never ends.
                return Result<SourceText>.Fail(DiagnosticCatalogue.FileTooLarge(path, bytes.Length, MaxBytes));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return Result<SourceText>.Fail(DiagnosticCatalogue.FileNotReadable(path, e.Message));
        }
        return FromBytes(path, bytes);
    }

    /// <summary>The file's bytes, but never more than <paramref name="limit"/> + 1 of them (enough to tell it is too large).</summary>
    private static byte[] ReadAtMost(string path, long limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while (buffer.Length <= limit && (read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit + 1 - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>Decodes bytes read elsewhere (standard input, a test) as <paramref name="path"/>'s text.</summary>
    public static Result<SourceText> FromBytes(string path, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxBytes)
        {
            return Result<SourceText>.Fail(DiagnosticCatalogue.FileTooLarge(path, bytes.Length, MaxBytes));
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
