using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Privc.Text;

namespace Privc.Artifacts.Onos;

/// <summary>
/// A JSON value that remembers where it starts in its <see cref="SourceText"/>, so that a bad rule deep inside a
/// flows file is reported at its line and column (JsonDocument keeps no positions).
/// </summary>
internal sealed class JsonValue
{
    private JsonValue(JsonValueKind kind, int offset, string? text, ImmutableArray<(string Name, JsonValue Value)> properties, ImmutableArray<JsonValue> items)
    {
        Kind = kind;
        Offset = offset;
        Text = text;
        Properties = properties;
        Items = items;
    }

    public JsonValueKind Kind { get; }

    /// <summary>UTF-16 offset of the value's first character.</summary>
    public int Offset { get; }

    /// <summary>A string's value, or a number's literal text.</summary>
    public string? Text { get; }

    public ImmutableArray<(string Name, JsonValue Value)> Properties { get; }

    public ImmutableArray<JsonValue> Items { get; }

    public JsonValue? this[string name] => Properties.IsDefault ? null : Properties.Where(p => p.Name == name).Select(p => p.Value).FirstOrDefault();

    public SourceLocation Location(SourceText source) => new(source, new TextSpan(Offset, 1));

    /// <summary>An integer given as a number or as a decimal (or 0x hexadecimal) string; ONOS's codecs accept both in most places.</summary>
    public long? AsInteger()
    {
        if (Text is null || Kind is not (JsonValueKind.Number or JsonValueKind.String))
        {
            return null;
        }
        var text = Text.Trim();
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return long.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : null;
        }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>A canonical text for comparing values of criteria privc does not model.</summary>
    public string Canonical() => Kind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", Properties.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}:{p.Value.Canonical()}")) + "}",
        JsonValueKind.Array => "[" + string.Join(",", Items.Select(i => i.Canonical())) + "]",
        JsonValueKind.String => "\"" + Text + "\"",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => Text ?? string.Empty,
    };

    /// <summary>Parses the whole text; a syntax error gives its 1-based line and column and no value.</summary>
    public static JsonValue? Parse(SourceText source, out (int Offset, string Message)? error)
    {
        var bytes = Encoding.UTF8.GetBytes(source.Text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 64 });
        var offsets = new ByteToChar(bytes);
        try
        {
            if (!reader.Read())
            {
                error = (0, "the file is empty");
                return null;
            }
            var value = ReadValue(ref reader, offsets);
            if (reader.Read())
            {
                error = (offsets.CharOffset(reader.TokenStartIndex), "unexpected text after the top-level value");
                return null;
            }
            error = null;
            return value;
        }
        catch (JsonException exception)
        {
            // LineNumber and BytePositionInLine are 0-based; the column is in bytes, so convert through the line's text.
            var line = (int)(exception.LineNumber ?? 0) + 1;
            var lineText = source.GetLine(line);
            var lineBytes = Encoding.UTF8.GetBytes(lineText);
            var bytesIn = (int)Math.Min(exception.BytePositionInLine ?? 0, lineBytes.Length);
            var column = Encoding.UTF8.GetCharCount(lineBytes, 0, bytesIn) + 1;
            var message = exception.Message;
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            error = (source.GetOffset(line, column), (cut > 0 ? message[..cut] : message).TrimEnd('.', ' '));
            return null;
        }
        catch (InvalidOperationException)
        {
            // GetString refuses a \u escape of a lone UTF-16 surrogate: not text, so the file is malformed there.
            error = (offsets.CharOffset(reader.TokenStartIndex), "a string holds an escape of a lone UTF-16 surrogate, which is not text");
            return null;
        }
    }

    private static JsonValue ReadValue(ref Utf8JsonReader reader, ByteToChar offsets)
    {
        var offset = offsets.CharOffset(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var properties = ImmutableArray.CreateBuilder<(string, JsonValue)>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    properties.Add((name, ReadValue(ref reader, offsets)));
                }
                return new JsonValue(JsonValueKind.Object, offset, null, properties.ToImmutable(), default);
            case JsonTokenType.StartArray:
                var items = ImmutableArray.CreateBuilder<JsonValue>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, offsets));
                }
                return new JsonValue(JsonValueKind.Array, offset, null, default, items.ToImmutable());
            case JsonTokenType.String:
                return new JsonValue(JsonValueKind.String, offset, reader.GetString(), default, default);
            case JsonTokenType.Number:
                return new JsonValue(JsonValueKind.Number, offset, Encoding.UTF8.GetString(reader.ValueSpan), default, default);
            case JsonTokenType.True:
                return new JsonValue(JsonValueKind.True, offset, null, default, default);
            case JsonTokenType.False:
                return new JsonValue(JsonValueKind.False, offset, null, default, default);
            default:
                return new JsonValue(JsonValueKind.Null, offset, null, default, default);
        }
    }

    /// <summary>Maps UTF-8 byte offsets to UTF-16 offsets, walking forward (tokens come in order).</summary>
    private sealed class ByteToChar(byte[] bytes)
    {
        private long lastByte;
        private int lastChar;

        public int CharOffset(long byteOffset)
        {
            if (byteOffset < lastByte)
            {
                lastByte = 0;
                lastChar = 0;
            }
            lastChar += Encoding.UTF8.GetCharCount(bytes, (int)lastByte, (int)(byteOffset - lastByte));
            lastByte = byteOffset;
            return lastChar;
        }
    }
}
