using System.Net;

namespace Privc.Report;

/// <summary>Escaping for text and attribute values (the report embeds names and messages a user wrote).</summary>
internal static class Html
{
    public static string Text(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    public static string Attr(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
