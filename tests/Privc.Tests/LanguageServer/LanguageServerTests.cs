using System.Text.Json.Nodes;

namespace Privc.Tests.LanguageServer;

/// <summary>
/// Scripted sessions with <c>privc lsp</c>, in-process over its real framing: diagnostics as you type with privc's
/// codes, hover in the English of <c>privc explain</c> with what a predicate selects on the topology, go to
/// definition and references, completion of keywords, names, label keys and values, formatting, and quick fixes from
/// fix hints. Each session's transcript is a baseline (Transcripts/); the assertions say what matters in it.
/// </summary>
public class LanguageServerTests
{
    private const string Hospital = "specs/examples/hospital-au/hospital.priv";
    private const string HospitalTopology = "specs/examples/hospital-au/topology.yaml";

    private static JsonNode Response(List<JsonNode> received, int id) =>
        received.Single(m => m["id"]?.GetValue<int>() == id && m["method"] is null);

    [Fact]
    [Trait("Category", "Golden")] // the transcript is a baseline: .ci/refresh-baselines rewrites it
    public void Lsp_HospitalSession_HoverDefinitionReferencesCompletionFormatting()
    {
        var text = File.ReadAllText(Path.Combine(LspSession.Root, Hospital));
        var uri = LspSession.Uri(Hospital);
        var doc = new JsonObject { ["uri"] = uri };
        var session = new LspSession();
        var init = session.Request("initialize", new JsonObject
        {
            ["processId"] = null,
            ["rootUri"] = LspSession.Uri("specs/examples/hospital-au"),
            ["capabilities"] = new JsonObject(),
            ["initializationOptions"] = new JsonObject { ["privc"] = new JsonObject { ["topology"] = Path.Combine(LspSession.Root, HospitalTopology) } },
        });
        session.Notify("initialized", new JsonObject());
        session.Notify("textDocument/didOpen", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "privc", ["version"] = 1, ["text"] = text } });
        var hoverIntent = session.Request("textDocument/hover", new JsonObject { ["textDocument"] = doc.DeepClone(), ["position"] = LspSession.Position(text, "intent vitals_fast", 8) });
        var hoverService = session.Request("textDocument/hover", new JsonObject { ["textDocument"] = doc.DeepClone(), ["position"] = LspSession.Position(text, "place triage on", 7) });
        var definition = session.Request("textDocument/definition", new JsonObject { ["textDocument"] = doc.DeepClone(), ["position"] = LspSession.Position(text, "route vitals_feed", 7) });
        var references = session.Request("textDocument/references", new JsonObject { ["textDocument"] = doc.DeepClone(), ["position"] = LspSession.Position(text, "data Vitals", 6), ["context"] = new JsonObject { ["includeDeclaration"] = true } });
        var values = session.Request("textDocument/completion", new JsonObject { ["textDocument"] = doc.DeepClone(), ["position"] = LspSession.Position(text, "within jurisdiction == ", 23) });
        var names = session.Request("textDocument/completion", new JsonObject { ["textDocument"] = doc.DeepClone(), ["position"] = LspSession.Position(text, "intent vitals_fast: ", 20) });
        var format = session.Request("textDocument/formatting", new JsonObject { ["textDocument"] = doc.DeepClone(), ["options"] = new JsonObject { ["tabSize"] = 2, ["insertSpaces"] = true } });
        var shutdown = session.Request("shutdown", null);
        session.Notify("exit", null);

        var (received, exit) = session.Run();
        Baseline.AssertMatches("LanguageServer/Transcripts/hospital.txt", session.Transcript(received));

        Assert.Equal(0, exit);
        Assert.True(Response(received, init)["result"]!["capabilities"]!["hoverProvider"]!.GetValue<bool>());
        var diagnostics = received.Single(m => (string?)m["method"] == "textDocument/publishDiagnostics");
        Assert.Empty(diagnostics["params"]!["diagnostics"]!.AsArray());

        var intentHover = (string)Response(received, hoverIntent)["result"]!["contents"]!["value"]!;
        Assert.StartsWith("vitals_fast: every route of", intentHover, StringComparison.Ordinal);
        Assert.Contains("may cross s1, s2, s3, s4, s6, s7", intentHover, StringComparison.Ordinal); // s5 is untrusted
        var serviceHover = (string)Response(received, hoverService)["result"]!["contents"]!["value"]!;
        Assert.Contains("triage_in_tee", serviceHover, StringComparison.Ordinal);

        var target = Response(received, definition)["result"]!.AsArray().Single()!;
        Assert.Equal(uri, (string)target["uri"]!);
        Assert.Equal(59, target["range"]!["start"]!["line"]!.GetValue<int>()); // flow vitals_feed: on line 60

        var found = Response(received, references)["result"]!.AsArray();
        Assert.True(found.Count >= 6, $"Vitals is declared once and used in handles, carries and intents; found {found.Count}");

        var valueLabels = Response(received, values)["result"]!["items"]!.AsArray().Select(i => (string)i!["label"]!).ToList();
        Assert.Equal(["AU", "SG"], valueLabels);
        var nameLabels = Response(received, names)["result"]!["items"]!.AsArray().Select(i => (string)i!["label"]!).ToList();
        Assert.Contains("route", nameLabels);
        Assert.Contains("vitals_feed", nameLabels);
        Assert.Contains("triage", nameLabels);
        Assert.Contains("jurisdiction", nameLabels);

        Assert.Empty(Response(received, format)["result"]!.AsArray()); // the example is formatted already
        Assert.Null(Response(received, shutdown)["result"]);
    }

    [Fact]
    [Trait("Category", "Golden")] // the transcript is a baseline: .ci/refresh-baselines rewrites it
    public void Lsp_TypingSession_DiagnosticsWithCodesQuickFixAndFormatting()
    {
        var uri = LspSession.Uri("specs/examples/hospital-au/scratch.priv");
        var broken = "data Vitals: restricted tags PHI;\nservice triage { image \"r/t:1\"; replicas 1; cpu 1; memory 1Gi; ports 80; tenant h; handles Vitals; clearance restricted; }\nintent t: place triage on jurisdction == AU;\n";
        var fixedText = broken.Replace("jurisdction", "jurisdiction", StringComparison.Ordinal);
        var messy = fixedText.Replace("place triage on", "place   triage    on", StringComparison.Ordinal);
        var session = new LspSession();
        session.Request("initialize", new JsonObject { ["processId"] = null, ["capabilities"] = new JsonObject() });
        session.Notify("textDocument/didOpen", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "privc", ["version"] = 1, ["text"] = broken } });
        var start = LspSession.Position(broken, "jurisdction");
        var end = LspSession.Position(broken, "jurisdction", "jurisdction".Length);
        var action = session.Request("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["range"] = new JsonObject { ["start"] = start, ["end"] = end },
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray(new JsonObject
            {
                ["range"] = new JsonObject { ["start"] = start.DeepClone(), ["end"] = end.DeepClone() },
                ["code"] = "PRIV2018",
                ["message"] = "the topology has no attribute 'jurisdction' on nodes; did you mean 'jurisdiction'?",
                // What the server published with the diagnostic, handed back by the client as LSP prescribes.
                ["data"] = new JsonObject { ["fix"] = new JsonObject { ["description"] = "replace with 'jurisdiction'", ["replacement"] = "jurisdiction" } },
            }) },
        });
        session.Notify("textDocument/didChange", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = 2 }, ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = messy }) });
        var format = session.Request("textDocument/formatting", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri }, ["options"] = new JsonObject() });
        var unknown = session.Request("textDocument/semanticTokens/full", new JsonObject());
        session.Request("shutdown", null);
        session.Notify("exit", null);

        var (received, exit) = session.Run();
        Baseline.AssertMatches("LanguageServer/Transcripts/typing.txt", session.Transcript(received));
        Assert.Equal(0, exit);

        // No privc.topology setting: the topology.yaml beside the file is used, and announced.
        Assert.Contains(received, m => (string?)m["method"] == "window/showMessage" && ((string)m["params"]!["message"]!).Contains("hospital-au", StringComparison.Ordinal));
        var published = received.Where(m => (string?)m["method"] == "textDocument/publishDiagnostics").Select(m => m["params"]!["diagnostics"]!.AsArray()).ToList();
        var first = published[0].Single()!;
        Assert.Equal("PRIV2018", (string)first["code"]!);
        Assert.Equal(2, first["range"]!["start"]!["line"]!.GetValue<int>());
        Assert.Contains("did you mean 'jurisdiction'", (string)first["message"]!, StringComparison.Ordinal);
        Assert.Equal("jurisdiction", (string)first["data"]!["fix"]!["replacement"]!); // the structured fix the quick fix uses
        Assert.Empty(published[^1]); // after the fix is typed, nothing is left

        var edit = Response(received, action)["result"]!.AsArray().Single()!["edit"]!["changes"]![uri]!.AsArray().Single()!;
        Assert.Equal("jurisdiction", (string)edit["newText"]!);
        Assert.Equal("Replace with 'jurisdiction'", (string)Response(received, action)["result"]!.AsArray().Single()!["title"]!);

        var formatted = (string)Response(received, format)["result"]!.AsArray().Single()!["newText"]!;
        Assert.Contains("place triage on jurisdiction == AU", formatted, StringComparison.Ordinal);
        Assert.Equal(-32601, Response(received, unknown)["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public void Lsp_BrokenFraming_AnswersParseErrorAndStops()
    {
        var input = new MemoryStream("Content-Length: 5\r\n\r\nnot j"u8.ToArray());
        var output = new MemoryStream();
        var exit = new Privc.LanguageServer.LanguageServer(new Privc.LanguageServer.LspConnection(input, output)).Run();
        output.Position = 0;
        var reply = new Privc.LanguageServer.LspConnection(output, Stream.Null).Read()!;
        Assert.Equal(1, exit);
        Assert.Equal(-32700, reply["error"]!["code"]!.GetValue<int>());
    }
}
