using System.Collections.Immutable;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Privc.Diagnostics;
using Privc.Parsing;
using Privc.Semantics;
using Privc.Syntax;
using Privc.Text;
using Privc.Topology;
using Privc.Verification.Explanation;
using Privc.Verification.Restrictions;

namespace Privc.LanguageServer;

/// <summary>Hover, go to definition, references, completion, formatting and quick fixes.</summary>
public sealed partial class LanguageServer
{
    private const int Listed = 16;

    private (string Uri, SourceText Source, int Offset) At(JsonNode? parameters)
    {
        var uri = parameters?["textDocument"]?["uri"]?.GetValue<string>() ?? throw new RequestException(-32602, "textDocument.uri is missing");
        if (!workspace.Documents.TryGetValue(uri, out var source))
        {
            throw new RequestException(-32602, $"'{uri}' is not open");
        }
        return (uri, source, LspText.Offset(source, parameters?["position"]));
    }

    private JsonNode? Hover(JsonNode? parameters)
    {
        var (_, source, offset) = At(parameters);
        var analysis = workspace.Current;
        var program = analysis.Program;
        var english = program is null ? null : new ProgramInEnglish(program);
        string? text = null;
        TextSpan? span = null;
        if (analysis.Symbols.At(source, offset) is { } symbol)
        {
            span = symbol.Span;
            text = (symbol.Kind, program) switch
            {
                (SymbolKind.Service, not null) when program.Services.FirstOrDefault(s => s.Name == symbol.Name) is { } s => english!.ExplainService(s) + Placement(program, s.Name),
                (SymbolKind.Flow, not null) when program.Flows.FirstOrDefault(f => f.Name == symbol.Name) is { } f => english!.ExplainFlow(f),
                (SymbolKind.Data, not null) when program.Data.FirstOrDefault(d => d.Name == symbol.Name) is { } d => english!.ExplainData(d),
                _ => $"{symbol.Kind.ToString().ToLowerInvariant()} {symbol.Name}" + (analysis.Symbols.Declarations(symbol.Kind, symbol.Name).FirstOrDefault() is { } decl
                    ? $", declared at {decl.Source.Path}:{decl.Source.GetLineColumn(decl.Span.Start).Line}"
                    : " (not declared)"),
            };
        }
        else if (Intent(analysis, source, offset) is { } syntax)
        {
            span = syntax.Span;
            text = program?.Intents.FirstOrDefault(i => i.Name == syntax.Name.Text) is { } intent
                ? english!.ExplainIntent(intent) + Selects(intent)
                : $"intent {syntax.Name.Text} (the program does not type-check yet{(workspace.Topology?.Topology is null ? ", and no topology is configured: set privc.topology" : string.Empty)})";
        }
        return text is null
            ? null
            : new JsonObject { ["contents"] = new JsonObject { ["kind"] = "markdown", ["value"] = text }, ["range"] = LspText.Range(source, span!.Value) };
    }

    private static IntentDeclSyntax? Intent(Workspace.Analysis analysis, SourceText source, int offset) =>
        analysis.Parses.Values.FirstOrDefault(p => p.Source.Path == source.Path)?.Program?.Items.OfType<IntentDeclSyntax>()
            .FirstOrDefault(i => i.Span.Start <= offset && offset <= i.Span.End);

    /// <summary>Which nodes, devices or links each condition of the intent selects on the topology.</summary>
    private string Selects(Intent intent)
    {
        if (workspace.Topology?.Topology is not { } topology)
        {
            return string.Empty;
        }
        var lines = new List<string>();
        foreach (var restriction in IntentRestrictions.Of(intent))
        {
            var selected = restriction switch
            {
                NodeRestriction r => $"`{r.Service}` may use {Names(topology.Nodes.Where(r.Allows).Select(n => n.Name), "no node")} (nodes where {r.Describe()})",
                RouteDeviceRestriction r => $"`{r.Flow}` may cross {Names(topology.Devices.Where(r.Allows).Select(d => d.Name), "no device")} ({r.Describe()})",
                RouteLinkRestriction r => $"`{r.Flow}` may cross {topology.Links.Count(r.Allows)} of {topology.Links.Length} links ({r.Describe()})",
                WaypointRestriction r => $"`{r.Flow}` waypoints: {Names(topology.Devices.Where(d => r.Chain.Any(w => WaypointRestriction.IsWaypoint(w, d))).Select(d => d.Name), "no device qualifies")}",
                _ => null,
            };
            if (selected is not null)
            {
                lines.Add("- " + selected);
            }
        }
        return lines.Count == 0 ? string.Empty : $"\n\nOn topology `{topology.Name}`:\n" + string.Join("\n", lines.Distinct());
    }

    private static string Placement(BoundProgram program, string service) =>
        $"\n\nIntents on its placement: {Names(ProgramRestrictions.Of(program).OnService(service).Select(r => r.Origin.Name).Distinct(), "none")}";

    private static string Names(IEnumerable<string> names, string none)
    {
        var list = names.ToList();
        return list.Count == 0 ? none : string.Join(", ", list.Take(Listed)) + (list.Count > Listed ? $" and {list.Count - Listed} more" : string.Empty);
    }

    private JsonNode Definition(JsonNode? parameters)
    {
        var (_, source, offset) = At(parameters);
        var symbols = workspace.Current.Symbols;
        var result = new JsonArray();
        if (symbols.At(source, offset) is { } symbol)
        {
            foreach (var declaration in symbols.Declarations(symbol.Kind, symbol.Name))
            {
                result.Add((JsonNode)Location(declaration));
            }
        }
        return result;
    }

    private JsonNode References(JsonNode? parameters)
    {
        var (_, source, offset) = At(parameters);
        var include = parameters?["context"]?["includeDeclaration"]?.GetValue<bool>() ?? true;
        var symbols = workspace.Current.Symbols;
        var result = new JsonArray();
        if (symbols.At(source, offset) is { } symbol)
        {
            foreach (var occurrence in symbols.All(symbol.Kind, symbol.Name).Where(o => include || !o.IsDeclaration))
            {
                result.Add((JsonNode)Location(occurrence));
            }
        }
        return result;
    }

    private JsonObject Location(SymbolOccurrence occurrence)
    {
        var uri = workspace.Documents.FirstOrDefault(d => d.Value.Path == occurrence.Source.Path).Key ?? LspText.UriOf(occurrence.Source.Path);
        return LspText.Location(uri, occurrence.Source, occurrence.Span);
    }

    [GeneratedRegex(@"(?<key>""[^""]+""|[A-Za-z_][\w./-]*)\s*(==|!=|<=|>=|<|>|(not\s+)?in\s*\{[^}]*)\s*[\w.-]*$")]
    private static partial Regex ValuePosition();

    private JsonNode Completion(JsonNode? parameters)
    {
        var (_, source, offset) = At(parameters);
        var (line, column) = source.GetLineColumn(offset);
        var prefix = source.GetLine(line)[..Math.Min(column - 1, source.GetLine(line).Length)];
        var items = new List<(string Label, int Kind, string Detail)>();
        var topology = workspace.Topology?.Topology;
        if (topology is not null && ValuePosition().Match(prefix) is { Success: true } match
            && topology.Schema.Find(match.Groups["key"].Value.Trim('"')) is { } attribute)
        {
            // After `key ==` or `key in {`: the values the topology has for that key, in scale order when it has one.
            var values = attribute.Scale.IsDefaultOrEmpty ? attribute.Values.ToList() : [.. attribute.Scale];
            items.AddRange(values.Select(v => (v, 20, $"value of {attribute.Key}")));
        }
        else
        {
            var symbols = workspace.Current.Symbols;
            items.AddRange(Lexicon.Keywords.Order(StringComparer.Ordinal).Select(k => (k, 14, "keyword")));
            items.AddRange(symbols.Names(SymbolKind.Service).Select(n => (n, 7, "service")));
            items.AddRange(symbols.Names(SymbolKind.Flow).Select(n => (n, 23, "flow")));
            items.AddRange(symbols.Names(SymbolKind.Data).Select(n => (n, 22, "data")));
            if (topology is not null)
            {
                items.AddRange(topology.Schema.Attributes.Values.Select(a => (Lexicon.IsName(a.Key) ? a.Key : $"\"{a.Key}\"", 10, $"label key ({a.Kind.ToString().ToLowerInvariant()}) on {a.PresentOn}")));
            }
        }
        var result = new JsonArray();
        foreach (var (label, kind, detail) in items.DistinctBy(i => (i.Label, i.Kind)))
        {
            result.Add((JsonNode)new JsonObject { ["label"] = label, ["kind"] = kind, ["detail"] = detail });
        }
        return new JsonObject { ["isIncomplete"] = false, ["items"] = result };
    }

    private JsonNode Formatting(JsonNode? parameters)
    {
        var (_, source, _) = At(parameters);
        var parse = SyntaxParser.Parse(source);
        if (parse.Program is null || parse.Diagnostics.Any(d => d.IsError))
        {
            return new JsonArray(); // never reformat text that does not parse: the formatter would drop what it cannot read
        }
        var formatted = SyntaxFormatter.Format(parse.Program);
        return formatted == source.Text
            ? new JsonArray()
            : new JsonArray(new JsonObject { ["range"] = LspText.Range(source, new TextSpan(0, source.Text.Length)), ["newText"] = formatted });
    }

    /// <summary>
    /// A quick fix for every diagnostic that carries a replacement (<see cref="FixHint"/>, sent to the client in the
    /// diagnostic's <c>data</c>, which LSP clients hand back unchanged with the code action request).
    /// </summary>
    private JsonNode CodeActions(JsonNode? parameters)
    {
        var uri = parameters?["textDocument"]?["uri"]?.GetValue<string>() ?? throw new RequestException(-32602, "textDocument.uri is missing");
        var result = new JsonArray();
        foreach (var diagnostic in (parameters?["context"]?["diagnostics"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var fix = diagnostic["data"]?["fix"]?["replacement"]?.GetValue<string>();
            var title = diagnostic["data"]?["fix"]?["description"]?.GetValue<string>();
            if (fix is null || diagnostic["range"] is not { } range)
            {
                continue;
            }
            result.Add((JsonNode)new JsonObject
            {
                ["title"] = title is { Length: > 0 } ? char.ToUpperInvariant(title[0]) + title[1..] : $"Replace with '{fix}'",
                ["kind"] = "quickfix",
                ["isPreferred"] = true,
                ["diagnostics"] = new JsonArray(diagnostic.DeepClone()),
                ["edit"] = new JsonObject
                {
                    ["changes"] = new JsonObject { [uri] = new JsonArray(new JsonObject { ["range"] = range.DeepClone(), ["newText"] = fix }) },
                },
            });
        }
        return result;
    }
}
