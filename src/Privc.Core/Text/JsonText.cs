using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Privc.Text;

/// <summary>Deterministic JSON text: two-space indentation, \n line ends, a final newline, no escaping of '+' or '&lt;'.</summary>
public static class JsonText
{
    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
