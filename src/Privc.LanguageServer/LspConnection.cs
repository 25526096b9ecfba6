using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Privc.LanguageServer;

/// <summary>
/// The LSP base protocol on a pair of streams: each message is a header block (<c>Content-Length: N</c>, optionally
/// <c>Content-Type</c>) ended by an empty line, then N bytes of UTF-8 JSON. Reads one message at a time; writes are
/// serialised so that notifications and responses never interleave.
/// </summary>
public sealed class LspConnection(Stream input, Stream output)
{
    /// <summary>Messages larger than this are refused: an editor never sends one, and a broken client must not exhaust memory.</summary>
    public const int MaxMessageBytes = 64 * 1024 * 1024;

    private readonly object writeLock = new();

    /// <summary>The next message, or null at the end of the input. A malformed frame throws <see cref="LspProtocolException"/>.</summary>
    public JsonNode? Read()
    {
        int? length = null;
        while (true)
        {
            var line = ReadHeaderLine();
            if (line is null)
            {
                return null;
            }
            if (line.Length == 0)
            {
                break;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new LspProtocolException($"malformed header line '{line}'");
            }
            if (line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > MaxMessageBytes)
                {
                    throw new LspProtocolException($"invalid Content-Length '{line[(colon + 1)..].Trim()}'");
                }
                length = n;
            }
        }
        if (length is not { } size)
        {
            throw new LspProtocolException("a message without Content-Length");
        }
        var body = new byte[size];
        var read = 0;
        while (read < size)
        {
            var n = input.Read(body, read, size - read);
            if (n == 0)
            {
                throw new LspProtocolException("the input ended inside a message");
            }
            read += n;
        }
        try
        {
            return JsonNode.Parse(body) ?? throw new LspProtocolException("a message that is JSON null");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new LspProtocolException("a message that is not JSON: " + e.Message);
        }
    }

    public void Write(JsonNode message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n"));
        lock (writeLock)
        {
            output.Write(header);
            output.Write(body);
            output.Flush();
        }
    }

    private string? ReadHeaderLine()
    {
        var line = new StringBuilder();
        while (true)
        {
            var b = input.ReadByte();
            if (b < 0)
            {
                return line.Length == 0 ? null : throw new LspProtocolException("the input ended inside a header");
            }
            if (b == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }
            if (line.Length > 4096)
            {
                throw new LspProtocolException("a header line longer than 4096 bytes");
            }
            line.Append((char)b);
        }
    }
}

/// <summary>The peer broke the base protocol; the server answers what it can and stops reading.</summary>
public sealed class LspProtocolException(string message) : Exception(message);
