using System.Text;
using System.Text.Json;
using Privc.Diagnostics;
using Privc.Text;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// Reads a manifest stream that kubectl takes for JSON: its YAML-or-JSON decoder (k8s.io/apimachinery
/// <c>GuessJSONStream</c>) decodes a stream whose first non-space character is <c>{</c> with Go's encoding/json, one
/// value after another, whatever the file's extension. Numbers and strings are kept as JSON has them (no YAML
/// resolution). A key given twice in one object, which Go's decoder would resolve silently in favour of the last,
/// is refused.
/// </summary>
internal sealed class JsonManifestParser
{
    private readonly SourceText source;
    private readonly byte[] bytes;
    private int byteMark;
    private int charMark;

    private JsonManifestParser(SourceText source)
    {
        this.source = source;
        bytes = Encoding.UTF8.GetBytes(source.Text);
    }

    /// <summary>Whether kubectl would decode this stream as JSON.</summary>
    public static bool IsJson(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                return c == '{';
            }
        }
        return false;
    }

    public static (List<ManifestNode> Documents, Diagnostic? Error) Parse(SourceText source)
    {
        var parser = new JsonManifestParser(source);
        var reader = new Utf8JsonReader(parser.bytes, new JsonReaderOptions
        {
            AllowMultipleValues = true,
            CommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = YamlManifestParser.MaxDepth,
        });
        var documents = new List<ManifestNode>();
        try
        {
            while (reader.Read())
            {
                var value = parser.ReadValue(ref reader);
                if (value is not ManifestScalar { IsNull: true })
                {
                    documents.Add(value);
                }
            }
            return (documents, null);
        }
        catch (ManifestReadException e)
        {
            return ([], e.Diagnostic);
        }
        catch (JsonException e)
        {
            var at = parser.LineOffset((int)(e.LineNumber ?? 0), (int)(e.BytePositionInLine ?? 0));
            var location = new SourceLocation(source, new TextSpan(at, 0));
            var message = e.Message;
            var diagnostic = message.Contains("maximum allowed depth", StringComparison.Ordinal)
                ? DiagnosticCatalogue.ManifestTooDeep(location, YamlManifestParser.MaxDepth)
                : DiagnosticCatalogue.ManifestSyntax(location, Problem(message));
            return ([], diagnostic);
        }
    }

    private ManifestNode ReadValue(ref Utf8JsonReader reader)
    {
        var start = CharOffset((int)reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                {
                    var entries = new List<ManifestEntry>();
                    var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var keyStart = CharOffset((int)reader.TokenStartIndex);
                        var key = String(ref reader, keyStart);
                        var keyLocation = new SourceLocation(source, new TextSpan(keyStart, Math.Max(1, key.Length + 2)));
                        reader.Read();
                        var value = ReadValue(ref reader);
                        if (seen.TryGetValue(key, out var first))
                        {
                            throw new ManifestReadException(DiagnosticCatalogue.ManifestDuplicateKey(keyLocation, key, first.Display));
                        }
                        seen[key] = keyLocation;
                        entries.Add(new ManifestEntry(key, keyLocation, value));
                    }
                    return new ManifestMap(source, start, CharOffset((int)reader.TokenStartIndex + 1), entries);
                }
            case JsonTokenType.StartArray:
                {
                    var items = new List<ManifestNode>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        items.Add(ReadValue(ref reader));
                    }
                    return new ManifestList(source, start, CharOffset((int)reader.TokenStartIndex + 1), items);
                }
            case JsonTokenType.String:
                {
                    var text = String(ref reader, start);
                    return new ManifestScalar(source, start, start + Math.Max(1, text.Length + 2), ScalarKind.String, text);
                }
            case JsonTokenType.Number:
                {
                    var text = Encoding.UTF8.GetString(reader.ValueSpan);
                    return new ManifestScalar(source, start, start + text.Length, ScalarKind.Number, text);
                }
            case JsonTokenType.True or JsonTokenType.False:
                return new ManifestScalar(source, start, start + (reader.TokenType == JsonTokenType.True ? 4 : 5), ScalarKind.Bool, reader.TokenType == JsonTokenType.True ? "true" : "false");
            case JsonTokenType.Null:
                return new ManifestScalar(source, start, start + 4, ScalarKind.Null, "null");
            default:
                throw new ManifestReadException(DiagnosticCatalogue.ManifestSyntax(new SourceLocation(source, new TextSpan(start, 1)), $"unexpected JSON token {reader.TokenType}"));
        }
    }

    private string String(ref Utf8JsonReader reader, int at)
    {
        try
        {
            return reader.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            // A \u escape of a lone surrogate: not text; Go would substitute U+FFFD, privc does not guess.
            throw new ManifestReadException(DiagnosticCatalogue.ManifestSyntax(new SourceLocation(source, new TextSpan(at, 1)), "the string holds an escape of a lone UTF-16 surrogate, which is not text"));
        }
    }

    /// <summary>The UTF-16 offset of a UTF-8 byte offset; tokens come in order, so this advances from the last one.</summary>
    private int CharOffset(int byteOffset)
    {
        byteOffset = Math.Clamp(byteOffset, 0, bytes.Length);
        if (byteOffset < byteMark)
        {
            byteMark = 0;
            charMark = 0;
        }
        charMark += Encoding.UTF8.GetCharCount(bytes, byteMark, byteOffset - byteMark);
        byteMark = byteOffset;
        return Math.Min(charMark, source.Text.Length);
    }

    private int LineOffset(int line, int bytePosition)
    {
        var lineStart = source.GetOffset(line + 1, 1);
        var lineText = source.GetLine(line + 1);
        var lineBytes = Encoding.UTF8.GetBytes(lineText);
        var chars = Encoding.UTF8.GetCharCount(lineBytes, 0, Math.Clamp(bytePosition, 0, lineBytes.Length));
        return Math.Min(source.Text.Length, lineStart + chars);
    }

    /// <summary>System.Text.Json's message without its own position suffix (the diagnostic has the location).</summary>
    private static string Problem(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd(' ', '.');
    }
}
