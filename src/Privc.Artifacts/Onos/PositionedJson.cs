using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Privc.Diagnostics;
using Privc.Text;

namespace Privc.Artifacts.Onos;

/// <summary>
/// A JSON value that remembers where it starts in its <see cref="SourceText"/>, so that a bad rule deep inside a
/// flows file is reported at its line and column (JsonDocument keeps no positions).
/// </summary>
internal sealed class JsonValue
{
    /// <summary>Deeper nesting is refused (privc's flows files are six levels deep; the limit keeps the reader's stack bounded).</summary>
    public const int MaxDepth = 64;

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

    /// <summary>
    /// Parses the whole text. A syntax error, a string that is not valid Unicode (an unpaired surrogate escape such
    /// as <c>"\ud800"</c>), nesting deeper than <see cref="MaxDepth"/> or a key repeated in one object gives its
    /// offset and no value. Repeated keys are refused because Jackson, which ONOS parses with, keeps the last one:
    /// no reading of such a file can be trusted to be ONOS's.
    /// </summary>
    public static Result<JsonValue, JsonError> Parse(SourceText source)
    {
        var bytes = Encoding.UTF8.GetBytes(source.Text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = MaxDepth });
        var offsets = new ByteToChar(bytes);
        try
        {
            if (!reader.Read())
            {
                return new Result<JsonValue, JsonError>(null, new JsonError(0, "the file is empty", false));
            }
            var value = ReadValue(ref reader, offsets, out var error);
            if (error is not null)
            {
                return new Result<JsonValue, JsonError>(null, error);
            }
            if (reader.Read())
            {
                return new Result<JsonValue, JsonError>(null, new JsonError(offsets.CharOffset(reader.TokenStartIndex), "unexpected text after the top-level value", false));
            }
            return new Result<JsonValue, JsonError>(value, null);
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
            return new Result<JsonValue, JsonError>(null, new JsonError(source.GetOffset(line, column), (cut > 0 ? message[..cut] : message).TrimEnd('.', ' '), false));
        }
    }

    private static JsonValue? ReadValue(ref Utf8JsonReader reader, ByteToChar offsets, out JsonError? error)
    {
        error = null;
        var offset = offsets.CharOffset(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var properties = ImmutableArray.CreateBuilder<(string, JsonValue)>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var keyOffset = offsets.CharOffset(reader.TokenStartIndex);
                    if (ReadText(ref reader, keyOffset, out error) is not { } name)
                    {
                        return null;
                    }
                    if (!seen.Add(name))
                    {
                        error = new JsonError(keyOffset, $"key '{name}' appears twice in one object; ONOS (Jackson) keeps the last one, so privc does not guess which one you meant", true);
                        return null;
                    }
                    reader.Read();
                    if (ReadValue(ref reader, offsets, out error) is not { } value)
                    {
                        return null;
                    }
                    properties.Add((name, value));
                }
                return new JsonValue(JsonValueKind.Object, offset, null, properties.ToImmutable(), default);
            case JsonTokenType.StartArray:
                var items = ImmutableArray.CreateBuilder<JsonValue>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (ReadValue(ref reader, offsets, out error) is not { } item)
                    {
                        return null;
                    }
                    items.Add(item);
                }
                return new JsonValue(JsonValueKind.Array, offset, null, default, items.ToImmutable());
            case JsonTokenType.String:
                return ReadText(ref reader, offset, out error) is { } text ? new JsonValue(JsonValueKind.String, offset, text, default, default) : null;
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

    /// <summary>A string or key; System.Text.Json refuses escapes that do not form valid UTF-16 (a lone surrogate).</summary>
    private static string? ReadText(ref Utf8JsonReader reader, int offset, out JsonError? error)
    {
        try
        {
            error = null;
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            error = new JsonError(offset, "a string holds an unpaired UTF-16 surrogate escape (such as \\ud800), which is not a Unicode character", false);
            return null;
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

/// <summary>Why a JSON text could not be read: where, what, and whether it is a repeated key (its own diagnostic).</summary>
internal sealed record JsonError(int Offset, string Message, bool DuplicateKey);
