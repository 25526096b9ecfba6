using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Privc.LanguageServer;

namespace Privc.Tests.LanguageServer;

/// <summary>
/// A scripted editor session: the client's messages are framed as an editor frames them, fed to the real server
/// over streams, and every message the server writes is read back with the same framing. The transcript (both
/// directions, in order, with the repository path replaced by <c>${ROOT}</c>) is kept as a baseline in
/// <c>Transcripts/</c>, so any change to what the server says shows in review.
/// </summary>
public sealed class LspSession
{
    private readonly List<JsonObject> sent = [];
    private int nextId;

    public static string Root => TestPaths.RepositoryRoot;

    public static string Uri(string relativePath) => new Uri(Path.Combine(Root, relativePath)).AbsoluteUri;

    public int Request(string method, JsonNode? parameters)
    {
        var id = ++nextId;
        sent.Add(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        return id;
    }

    public void Notify(string method, JsonNode? parameters) =>
        sent.Add(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    /// <summary>The LSP position of the <paramref name="nth"/> occurrence of <paramref name="find"/> in a text, moved right by <paramref name="delta"/>.</summary>
    public static JsonObject Position(string text, string find, int delta = 0, int nth = 0)
    {
        var offset = -1;
        for (var i = 0; i <= nth; i++)
        {
            offset = text.IndexOf(find, offset + 1, StringComparison.Ordinal);
            Assert.True(offset >= 0, $"'{find}' not found");
        }
        offset += delta;
        var line = text[..offset].Count(c => c == '\n');
        var column = offset - (text.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1);
        if (offset == 0 || text[offset - 1] == '\n')
        {
            column = 0;
        }
        return new JsonObject { ["line"] = line, ["character"] = column };
    }

    /// <summary>Runs the script against a fresh server; returns the server's messages and its exit code.</summary>
    public (List<JsonNode> Received, int ExitCode) Run()
    {
        var input = new MemoryStream();
        foreach (var message in sent)
        {
            var body = Encoding.UTF8.GetBytes(message.ToJsonString());
            input.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
            input.Write(body);
        }
        input.Position = 0;
        var output = new MemoryStream();
        var exit = new Privc.LanguageServer.LanguageServer(new LspConnection(input, output)).Run();
        output.Position = 0;
        var received = new List<JsonNode>();
        var reader = new LspConnection(output, Stream.Null);
        while (reader.Read() is { } message)
        {
            received.Add(message);
        }
        return (received, exit);
    }

    /// <summary>The session as text: each client message (-->) and each server message (&lt;--), indented JSON, paths made relative.</summary>
    public string Transcript(IEnumerable<JsonNode> received)
    {
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var text = new StringBuilder();
        foreach (var message in sent)
        {
            text.Append("--> ").Append(message.ToJsonString(options)).Append('\n');
        }
        foreach (var message in received)
        {
            text.Append("<-- ").Append(message.ToJsonString(options)).Append('\n');
        }
        var rootUri = new Uri(Root).AbsoluteUri;
        return text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace(rootUri, "file://${ROOT}", StringComparison.Ordinal)
            .Replace(Root, "${ROOT}", StringComparison.Ordinal)
            .Replace(Root.Replace("/", "\\/", StringComparison.Ordinal), "${ROOT}", StringComparison.Ordinal);
    }
}
