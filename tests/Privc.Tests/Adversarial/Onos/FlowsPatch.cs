using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Privc.Tests.Adversarial.Onos;

/// <summary>
/// Applies a case's <c>flows.patch.json</c> to privc's own <c>onos/flows.json</c>. A patch is a list of operations;
/// rules are picked by what they are (device and criterion values), never by position, so a patch keeps meaning
/// what it says when the emitter's order changes, and a patch that picks no rule or several fails the test:
/// <list type="bullet">
/// <item><c>{"op": "edit", "rule": SELECTOR, "set": {PATH: VALUE}, "unset": [PATH], "addCriteria": [..], "addInstructions": [..]}</c></item>
/// <item><c>{"op": "copy", ...same fields..., "range": {"path": PATH, "from": N, "to": M}}</c>: appends an edited copy (one per value of the range)</item>
/// <item><c>{"op": "delete", "rule": SELECTOR}</c> and <c>{"op": "add", "value": RULE}</c></item>
/// <item><c>{"op": "text", "find": S, "replace": S, "count": N}</c>: on the written text (indented, as compile writes it), after the other operations, for what JSON cannot hold (repeated keys, raw escapes)</item>
/// </list>
/// A SELECTOR is <c>{"deviceId": ID, "priority": P, TYPE: VALUE, ...}</c>, each TYPE a criterion type whose value must equal VALUE.
/// A PATH is slash-separated keys and array indexes inside the rule (<c>treatment/instructions/0/port</c>).
/// </summary>
public static class FlowsPatch
{
    public static string Apply(string flowsJson, JsonArray patch)
    {
        var root = JsonNode.Parse(flowsJson)!.AsObject();
        var rules = root["flows"]!.AsArray();
        var texts = new List<JsonObject>();
        foreach (var operation in patch.Select(o => o!.AsObject()))
        {
            switch ((string?)operation["op"])
            {
                case "edit":
                    Edit(Select(rules, operation), operation);
                    break;
                case "copy":
                    var original = Select(rules, operation);
                    foreach (var value in Range(operation))
                    {
                        var copy = original.DeepClone().AsObject();
                        Edit(copy, operation);
                        if (value is { } v)
                        {
                            Set(copy, (string)operation["range"]!["path"]!, JsonValue.Create(v));
                        }
                        rules.Add(copy);
                    }
                    break;
                case "delete":
                    rules.Remove(Select(rules, operation));
                    break;
                case "add":
                    rules.Add(operation["value"]!.DeepClone());
                    break;
                case "text":
                    texts.Add(operation);
                    break;
                default:
                    throw new InvalidOperationException($"unknown patch operation {operation["op"]}");
            }
        }
        var text = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        foreach (var operation in texts)
        {
            var find = (string)operation["find"]!;
            var count = (int?)operation["count"] ?? 1;
            var found = text.Split(find).Length - 1;
            if (found != count)
            {
                throw new InvalidOperationException($"text operation expects {count} occurrence(s) of {find}, found {found}");
            }
            text = text.Replace(find, (string)operation["replace"]!, StringComparison.Ordinal);
        }
        return text;
    }

    private static IEnumerable<int?> Range(JsonObject operation) =>
        operation["range"] is { } range ? Enumerable.Range((int)range["from"]!, (int)range["to"]! - (int)range["from"]! + 1).Select(v => (int?)v) : [null];

    private static JsonObject Select(JsonArray rules, JsonObject operation)
    {
        var selector = operation["rule"]!.AsObject();
        var matching = rules.Select(r => r!.AsObject()).Where(rule => selector.All(p => p.Key is "deviceId" or "priority"
            ? rule[p.Key]?.ToJsonString() == p.Value!.ToJsonString()
            : rule["selector"]?["criteria"]?.AsArray().Any(c => (string?)c!["type"] == p.Key && Value(c.AsObject())?.ToJsonString() == p.Value!.ToJsonString()) == true)).ToList();
        return matching.Count == 1 ? matching[0] : throw new InvalidOperationException($"selector {selector.ToJsonString()} picks {matching.Count} rules, not one");
    }

    /// <summary>A criterion's value: its one member besides <c>type</c>.</summary>
    private static JsonNode? Value(JsonObject criterion) => criterion.Where(p => p.Key != "type").Select(p => p.Value).FirstOrDefault();

    private static void Edit(JsonObject rule, JsonObject operation)
    {
        foreach (var (path, value) in operation["set"]?.AsObject() ?? [])
        {
            Set(rule, path, value?.DeepClone());
        }
        foreach (var path in operation["unset"]?.AsArray() ?? [])
        {
            var (parent, key) = Parent(rule, (string)path!);
            parent.AsObject().Remove(key);
        }
        foreach (var criterion in operation["addCriteria"]?.AsArray() ?? [])
        {
            rule["selector"]!["criteria"]!.AsArray().Add(criterion!.DeepClone());
        }
        foreach (var instruction in operation["addInstructions"]?.AsArray() ?? [])
        {
            rule["treatment"]!["instructions"]!.AsArray().Add(instruction!.DeepClone());
        }
    }

    private static void Set(JsonObject rule, string path, JsonNode? value)
    {
        var (parent, key) = Parent(rule, path);
        if (parent is JsonArray array)
        {
            array[int.Parse(key, CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent.AsObject()[key] = value;
        }
    }

    private static (JsonNode Parent, string Key) Parent(JsonObject rule, string path)
    {
        var parts = path.Split('/');
        JsonNode node = rule;
        foreach (var part in parts[..^1])
        {
            node = node is JsonArray array ? array[int.Parse(part, CultureInfo.InvariantCulture)]! : node.AsObject()[part] ?? (node.AsObject()[part] = new JsonObject());
        }
        return (node, parts[^1]);
    }
}
