using System.Text.Json.Nodes;
using Privc.Text;

namespace Privc.LanguageServer;

/// <summary>Conversions between LSP positions (0-based lines, UTF-16 characters) and privc's offsets, and between URIs and paths.</summary>
public static class LspText
{
    public static string PathOf(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : uri;

    public static string UriOf(string path) => path.StartsWith('/') ? new Uri(path).AbsoluteUri : path;

    public static JsonObject Position(SourceText source, int offset)
    {
        var (line, column) = source.GetLineColumn(offset);
        return new JsonObject { ["line"] = line - 1, ["character"] = column - 1 };
    }

    public static JsonObject Range(SourceText source, TextSpan span) =>
        new() { ["start"] = Position(source, span.Start), ["end"] = Position(source, span.End) };

    public static JsonObject Location(string uri, SourceText source, TextSpan span) =>
        new() { ["uri"] = uri, ["range"] = Range(source, span) };

    /// <summary>The offset of an LSP position, clamped to the text.</summary>
    public static int Offset(SourceText source, JsonNode? position)
    {
        var line = position?["line"]?.GetValue<int>() ?? 0;
        var character = position?["character"]?.GetValue<int>() ?? 0;
        return source.GetOffset(line + 1, character + 1);
    }
}
