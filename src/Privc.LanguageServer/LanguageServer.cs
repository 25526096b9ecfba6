using System.Text.Json.Nodes;
using Privc.Diagnostics;

namespace Privc.LanguageServer;

/// <summary>
/// privc's language server: reads JSON-RPC requests and notifications from the editor and answers them, one at a
/// time, in order. Documents are synchronised in full; after every change the server publishes the diagnostics of
/// every open document (the same codes and messages as the command line). The topology comes from the
/// <c>privc.topology</c> setting (initialization options or workspace configuration), else from a
/// <c>topology.yaml</c> beside the first open document.
/// </summary>
public sealed partial class LanguageServer(LspConnection connection)
{
    private Workspace workspace = Workspace.Empty;
    private bool explicitTopology;
    private bool shutdown;

    /// <summary>Serves until <c>exit</c> or the end of the input; returns the process exit code LSP prescribes (0 after shutdown, else 1).</summary>
    public int Run()
    {
        while (true)
        {
            JsonNode? message;
            try
            {
                message = connection.Read();
            }
            catch (LspProtocolException e)
            {
                connection.Write(Error(null, -32700, e.Message));
                return 1;
            }
            if (message is null)
            {
                return shutdown ? 0 : 1;
            }
            var method = message["method"]?.GetValue<string>();
            var id = message["id"]?.DeepClone();
            if (method == "exit")
            {
                return shutdown ? 0 : 1;
            }
            if (method is null)
            {
                continue; // a response to a request the server never sends
            }
            JsonNode? result;
            try
            {
                result = Handle(method, message["params"]);
            }
            catch (RequestException e)
            {
                if (id is not null)
                {
                    connection.Write(Error(id, e.Code, e.Message));
                }
                continue;
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                // System.Text.Json's nodes throw these for a value of the wrong kind (a number where a URI belongs):
                // the client's mistake, answered as invalid parameters; one bad message must not end the session.
                var problem = $"malformed parameters for '{method}': {e.Message}";
                connection.Write(id is not null ? Error(id, -32602, problem) : Notification("window/logMessage", new JsonObject { ["type"] = 1, ["message"] = "privc: " + problem }));
                continue;
            }
            if (id is not null)
            {
                connection.Write(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = result });
            }
        }
    }

    private JsonNode? Handle(string method, JsonNode? parameters) => method switch
    {
        "initialize" => Initialize(parameters),
        "initialized" => null,
        "shutdown" => Shutdown(),
        "workspace/didChangeConfiguration" => ChangeConfiguration(parameters),
        "textDocument/didOpen" => Changed(parameters, opened: true),
        "textDocument/didChange" => Changed(parameters, opened: false),
        "textDocument/didClose" => Closed(parameters),
        "textDocument/didSave" => null,
        "textDocument/hover" => Hover(parameters),
        "textDocument/definition" => Definition(parameters),
        "textDocument/references" => References(parameters),
        "textDocument/completion" => Completion(parameters),
        "textDocument/formatting" => Formatting(parameters),
        "textDocument/codeAction" => CodeActions(parameters),
        "$/cancelRequest" or "$/setTrace" => null,
        _ when method.StartsWith("$/", StringComparison.Ordinal) => null,
        _ => throw new RequestException(-32601, $"privc lsp does not implement '{method}'"),
    };

    private JsonNode Initialize(JsonNode? parameters)
    {
        if (Setting(parameters?["initializationOptions"]) is { } topology)
        {
            explicitTopology = true;
            workspace = workspace.WithTopology(topology);
        }
        return new JsonObject
        {
            ["capabilities"] = new JsonObject
            {
                ["textDocumentSync"] = new JsonObject { ["openClose"] = true, ["change"] = 1, ["save"] = false },
                ["hoverProvider"] = true,
                ["definitionProvider"] = true,
                ["referencesProvider"] = true,
                ["documentFormattingProvider"] = true,
                ["codeActionProvider"] = new JsonObject { ["codeActionKinds"] = new JsonArray("quickfix") },
                ["completionProvider"] = new JsonObject { ["triggerCharacters"] = new JsonArray(" ", "{", ",") },
            },
            ["serverInfo"] = new JsonObject { ["name"] = "privc", ["version"] = "1" },
        };
    }

    private JsonNode? Shutdown()
    {
        shutdown = true;
        return null;
    }

    private JsonNode? ChangeConfiguration(JsonNode? parameters)
    {
        if (Setting(parameters?["settings"]) is { } topology)
        {
            explicitTopology = true;
            workspace = workspace.WithTopology(topology);
            AnnounceTopology();
            Publish();
        }
        return null;
    }

    /// <summary>The <c>privc.topology</c> setting, written nested (<c>{"privc":{"topology":..}}</c>), dotted or bare.</summary>
    private static string? Setting(JsonNode? settings) =>
        (settings?["privc"]?["topology"] ?? settings?["privc.topology"] ?? settings?["topology"]) is JsonValue value && value.TryGetValue<string>(out var path) && path.Length > 0
            ? path
            : null;

    private JsonNode? Changed(JsonNode? parameters, bool opened)
    {
        var document = parameters?["textDocument"];
        var uri = document?["uri"]?.GetValue<string>() ?? throw new RequestException(-32602, "textDocument.uri is missing");
        var text = opened
            ? document!["text"]?.GetValue<string>()
            : (parameters?["contentChanges"] as JsonArray)?.LastOrDefault()?["text"]?.GetValue<string>();
        workspace = workspace.WithDocument(uri, text ?? throw new RequestException(-32602, "the document's text is missing (privc lsp synchronises full documents)"));
        if (!explicitTopology && workspace.Topology is null)
        {
            var beside = Path.Combine(Path.GetDirectoryName(LspText.PathOf(uri)) ?? ".", "topology.yaml");
            if (File.Exists(beside))
            {
                workspace = workspace.WithTopology(beside);
                AnnounceTopology();
            }
        }
        Publish();
        return null;
    }

    private JsonNode? Closed(JsonNode? parameters)
    {
        var uri = parameters?["textDocument"]?["uri"]?.GetValue<string>() ?? throw new RequestException(-32602, "textDocument.uri is missing");
        workspace = workspace.WithoutDocument(uri);
        connection.Write(Notification("textDocument/publishDiagnostics", new JsonObject { ["uri"] = uri, ["diagnostics"] = new JsonArray() }));
        Publish();
        return null;
    }

    /// <summary>Tells the user which topology names are checked against, or why none could be read.</summary>
    private void AnnounceTopology()
    {
        var loaded = workspace.Topology;
        var message = loaded?.Topology is { } topology
            ? $"privc: checking against topology '{topology.Name}' ({workspace.TopologyPath})"
            : $"privc: cannot read the topology {workspace.TopologyPath}: {string.Join("; ", loaded?.Diagnostics.Where(d => d.IsError).Select(DiagnosticFormatter.FormatHeader) ?? [])}";
        connection.Write(Notification("window/showMessage", new JsonObject { ["type"] = loaded?.Topology is null ? 1 : 3, ["message"] = message }));
    }

    private void Publish()
    {
        var analysis = workspace.Current;
        foreach (var (uri, source) in workspace.Documents)
        {
            var diagnostics = new JsonArray();
            foreach (var d in analysis.Diagnostics.Where(d => d.Location?.Path == source.Path))
            {
                var published = new JsonObject
                {
                    ["range"] = LspText.Range(source, d.Location!.Value.Span),
                    ["severity"] = d.Severity switch { Severity.Error => 1, Severity.Warning => 2, _ => 3 },
                    ["code"] = d.Code,
                    ["source"] = "privc",
                    ["message"] = d.Message,
                };
                if (d.Fix is { Replacement: { } replacement } fix)
                {
                    published["data"] = new JsonObject { ["fix"] = new JsonObject { ["description"] = fix.Description, ["replacement"] = replacement } };
                }
                diagnostics.Add((JsonNode)published);
            }
            connection.Write(Notification("textDocument/publishDiagnostics", new JsonObject { ["uri"] = uri, ["diagnostics"] = diagnostics }));
        }
    }

    private static JsonObject Notification(string method, JsonNode parameters) =>
        new() { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters };

    private static JsonObject Error(JsonNode? id, int code, string message) =>
        new() { ["jsonrpc"] = "2.0", ["id"] = id, ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    /// <summary>A request the server answers with a JSON-RPC error (bad parameters, unknown method).</summary>
    private sealed class RequestException(int code, string message) : Exception(message)
    {
        public int Code { get; } = code;
    }
}
