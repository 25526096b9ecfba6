using System.Text.Json.Nodes;

namespace Privc.Tests.LanguageServer;

/// <summary>
/// An editor sends half-typed files and, now and then, requests privc does not expect. The server must answer every
/// request (an error answer for malformed parameters) and never stop serving because of one of them.
/// </summary>
public class LanguageServerRobustnessTests
{
    private const string Hospital = "specs/examples/hospital-au/hospital.priv";

    private static JsonObject Initialize() => new()
    {
        ["processId"] = null,
        ["capabilities"] = new JsonObject(),
        ["initializationOptions"] = new JsonObject { ["privc"] = new JsonObject { ["topology"] = Path.Combine(LspSession.Root, "specs/examples/hospital-au/topology.yaml") } },
    };

    [Fact]
    public void Lsp_MalformedParameters_InvalidParamsAnswerAndServingGoesOn()
    {
        var uri = LspSession.Uri(Hospital);
        var session = new LspSession();
        session.Request("initialize", Initialize());
        session.Notify("textDocument/didOpen", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "privc", ["version"] = 1, ["text"] = File.ReadAllText(Path.Combine(LspSession.Root, Hospital)) } });
        var badUri = session.Request("textDocument/hover", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = 5 }, ["position"] = new JsonObject { ["line"] = 0, ["character"] = 0 } });
        var badPosition = session.Request("textDocument/definition", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri }, ["position"] = new JsonObject { ["line"] = "one", ["character"] = true } });
        var noParams = session.Request("textDocument/references", null);
        var badChange = session.Request("textDocument/formatting", new JsonObject { ["textDocument"] = "not an object" });
        session.Notify("textDocument/didChange", new JsonObject { ["textDocument"] = 7, ["contentChanges"] = "x" });
        var fine = session.Request("textDocument/hover", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri }, ["position"] = new JsonObject { ["line"] = 999, ["character"] = 999 } });
        var shutdown = session.Request("shutdown", null);
        session.Notify("exit", null);

        var (received, exit) = session.Run();

        Assert.Equal(0, exit);
        foreach (var id in new[] { badUri, badPosition, noParams, badChange })
        {
            var answer = received.Single(m => m["id"]?.GetValue<int>() == id);
            Assert.Equal(-32602, answer["error"]?["code"]?.GetValue<int>());
            Assert.DoesNotContain("   at ", answer["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        // A notification cannot be answered: the malformed one is logged, and the document stays as it was.
        Assert.Contains(received, m => m["method"]?.GetValue<string>() == "window/logMessage" && m["params"]!["message"]!.GetValue<string>().StartsWith("privc: malformed parameters for 'textDocument/didChange'", StringComparison.Ordinal));
        Assert.Null(received.Single(m => m["id"]?.GetValue<int>() == fine)["error"]); // past the end: no hover, no error
        Assert.Null(received.Single(m => m["id"]?.GetValue<int>() == shutdown)["error"]);
    }

    [Fact]
    public void Lsp_TypingAnExampleCharacterByCharacter_EveryRequestAnswered()
    {
        var uri = LspSession.Uri("specs/examples/hospital-au/typed.priv");
        var text = File.ReadAllText(Path.Combine(LspSession.Root, Hospital));
        var session = new LspSession();
        session.Request("initialize", Initialize());
        session.Notify("textDocument/didOpen", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "privc", ["version"] = 1, ["text"] = string.Empty } });
        var requests = new List<int>();
        // Every 7th prefix (so every kind of token is cut somewhere), each followed by what an editor asks at the cursor.
        for (var length = 1; length <= text.Length; length += 7)
        {
            var prefix = text[..length];
            session.Notify("textDocument/didChange", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = length + 1 },
                ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = prefix }),
            });
            var cursor = new JsonObject { ["line"] = prefix.Count(c => c == '\n'), ["character"] = length - (prefix.LastIndexOf('\n') + 1) };
            var at = new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri }, ["position"] = cursor };
            requests.Add(session.Request("textDocument/completion", at.DeepClone()));
            requests.Add(session.Request("textDocument/hover", at.DeepClone()));
            requests.Add(session.Request("textDocument/definition", at.DeepClone()));
            requests.Add(session.Request("textDocument/formatting", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri }, ["options"] = new JsonObject { ["tabSize"] = 4, ["insertSpaces"] = true } }));
        }
        session.Notify("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = text.Length + 2 },
            ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = text }),
        });
        session.Request("shutdown", null);
        session.Notify("exit", null);

        var (received, exit) = session.Run();

        Assert.Equal(0, exit);
        var answers = received.Where(m => m["id"] is not null).ToDictionary(m => m["id"]!.GetValue<int>());
        foreach (var id in requests)
        {
            Assert.True(answers.TryGetValue(id, out var answer), $"request {id} got no answer");
            Assert.True(answer!["error"] is null, $"request {id}: {answer["error"]?.ToJsonString()}");
        }
        // Half-typed files have diagnostics; the whole file type-checks, so its diagnostics are empty.
        var published = received.Where(m => m["method"]?.GetValue<string>() == "textDocument/publishDiagnostics" && m["params"]!["uri"]!.GetValue<string>() == uri).ToList();
        Assert.Contains(published, p => p["params"]!["diagnostics"]!.AsArray().Count > 0);
        Assert.Empty(published[^1]["params"]!["diagnostics"]!.AsArray());
    }
}
