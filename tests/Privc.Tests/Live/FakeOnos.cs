using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Privc.Tests.Live;

/// <summary>
/// A stand-in for ONOS's REST API (<c>/onos/v1</c>) on 127.0.0.1: HTTP Basic (401 otherwise), GET /devices, /links,
/// /hosts and /devices/{id}/ports from scripted JSON in the shapes of ONOS's codecs, GET and DELETE
/// /flows/application/{app}, POST /flows?appId= answering <c>{"flows":[{"deviceId","flowId"}]}</c> as ONOS does,
/// and the batch DELETE /flows. Installed rules are listed as ONOS's FlowEntry codec writes them (id as a decimal
/// string, state, counters, <c>ethType</c> re-spelt as <c>0x800</c>), so privc's read-back comparison meets ONOS's spelling.
/// </summary>
public sealed class FakeOnos : IDisposable
{
    private readonly Lock gate = new();
    private readonly LocalHttpServer server;
    private readonly List<JsonObject> installed = [];
    private readonly List<JsonObject> groups = [];
    private long nextFlowId = 0x00AB_0000_0000_0001;

    public FakeOnos(string user = "onos", string password = "rocks")
    {
        Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        server = new LocalHttpServer(Handle);
    }

    public string Authorization { get; }

    public string Url => server.Url;

    public IReadOnlyList<HttpCall> Calls => server.Calls;

    public JsonObject Devices { get; set; } = new() { ["devices"] = new JsonArray() };

    public JsonObject Links { get; set; } = new() { ["links"] = new JsonArray() };

    public JsonObject Hosts { get; set; } = new() { ["hosts"] = new JsonArray() };

    /// <summary>GET /devices/{id}/ports answers by device id.</summary>
    public Dictionary<string, JsonObject> Ports { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, POST /flows reports this many flows installed instead of all of them.</summary>
    public int? AcceptOnly { get; set; }

    /// <summary>When set, POST /flows answers 200 with this body.</summary>
    public string? PostAnswer { get; set; }

    /// <summary>When set, every request is answered with this status and an ONOS error body.</summary>
    public int? FailWith { get; set; }

    /// <summary>"METHOD path" (after /onos/v1/, without the query) to the number of the call (1 = the first such call) answered 500.</summary>
    public Dictionary<string, int> FailCall { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, newly posted rules stay PENDING_ADD (the switch never confirms them).</summary>
    public bool Pending { get; set; }

    /// <summary>When set, newly posted rules are listed with another output port than was sent (a rule that is not what privc asked for).</summary>
    public bool Mangle { get; set; }

    /// <summary>Records the order of requests across servers.</summary>
    public CallJournal? Journal { get; set; }

    private readonly Dictionary<string, int> callCounts = new(StringComparer.Ordinal);

    public IReadOnlyList<JsonObject> Installed
    {
        get
        {
            lock (gate)
            {
                return installed.ToList();
            }
        }
    }

    /// <summary>Removes installed rules (a rule deleted behind privc's back) and returns them.</summary>
    public List<JsonObject> Uninstall(Func<JsonObject, bool> match)
    {
        lock (gate)
        {
            var removed = installed.Where(match).ToList();
            installed.RemoveAll(f => removed.Contains(f));
            return removed;
        }
    }

    /// <summary>Puts rules back as they were.</summary>
    public void Reinstall(IEnumerable<JsonObject> flows)
    {
        lock (gate)
        {
            installed.AddRange(flows);
        }
    }

    /// <summary>Rules of io.privc from an earlier deploy, as ONOS lists them; returns their ids.</summary>
    public IReadOnlyList<string> Preinstall(int count, int priority = 40000)
    {
        var ids = new List<string>();
        lock (gate)
        {
            for (var i = 0; i < count; i++)
            {
                var id = (nextFlowId++).ToString(CultureInfo.InvariantCulture);
                ids.Add(id);
                installed.Add(new JsonObject
                {
                    ["id"] = id, ["tableId"] = 0, ["appId"] = "io.privc", ["groupId"] = 0, ["priority"] = priority, ["timeout"] = 0, ["isPermanent"] = true,
                    ["deviceId"] = "of:000000000000000" + (i % 4 + 1).ToString(CultureInfo.InvariantCulture), ["state"] = "ADDED", ["life"] = 120, ["packets"] = 10, ["bytes"] = 980,
                    ["liveType"] = "UNKNOWN", ["lastSeen"] = 1767607200000,
                    ["treatment"] = new JsonObject { ["instructions"] = new JsonArray(new JsonObject { ["type"] = "OUTPUT", ["port"] = "2" }), ["deferred"] = new JsonArray() },
                    ["selector"] = new JsonObject { ["criteria"] = new JsonArray(
                        new JsonObject { ["type"] = "IN_PORT", ["port"] = 1 },
                        new JsonObject { ["type"] = "ETH_TYPE", ["ethType"] = "0x800" },
                        new JsonObject { ["type"] = "IPV4_DST", ["ip"] = $"10.9.0.{i + 1}/32" }) },
                });
            }
        }
        return ids;
    }

    /// <summary>The ids of the installed rules.</summary>
    /// <summary>Adds a group as if another deploy or application had installed it.</summary>
    public void PreinstallGroup(string deviceId, string appCookie, long id)
    {
        lock (gate)
        {
            groups.Add(new JsonObject { ["id"] = id, ["state"] = "ADDED", ["type"] = "FAILOVER", ["deviceId"] = deviceId, ["appId"] = "org.onosproject.rest", ["appCookie"] = appCookie, ["buckets"] = new JsonArray() });
        }
    }

    /// <summary>The groups ONOS holds, as GET /onos/v1/groups lists them (GroupCodec.encode).</summary>
    public IReadOnlyList<JsonObject> Groups
    {
        get
        {
            lock (gate)
            {
                return groups.Select(g => (JsonObject)g.DeepClone()).ToList();
            }
        }
    }

    public IReadOnlyList<string> InstalledIds => Installed.Select(f => (string)f["id"]!).ToList();

    /// <summary>A posted rule as ONOS's FlowEntry codec lists it.</summary>
    private JsonObject Entry(JsonObject flow, string id, string appId)
    {
        var entry = (JsonObject)flow.DeepClone();
        entry["id"] = id;
        entry["appId"] = appId;
        entry["tableId"] ??= 0;
        entry["groupId"] = 0;
        entry["timeout"] ??= 0;
        entry["state"] = Pending ? "PENDING_ADD" : "ADDED";
        entry["life"] = 0;
        entry["packets"] = 0;
        entry["bytes"] = 0;
        entry["liveType"] = "UNKNOWN";
        entry["lastSeen"] = 1767607200000;
        foreach (var criterion in entry["selector"]?["criteria"]?.AsArray() ?? [])
        {
            if ((string?)criterion!["type"] == "ETH_TYPE" && (string?)criterion["ethType"] is { } ethType && ethType.StartsWith("0x", StringComparison.Ordinal))
            {
                criterion["ethType"] = "0x" + Convert.ToInt32(ethType[2..], 16).ToString("x", CultureInfo.InvariantCulture);
            }
        }
        if (entry["treatment"] is JsonObject treatment)
        {
            treatment["deferred"] ??= new JsonArray();
            if (Mangle && treatment["instructions"]?.AsArray().FirstOrDefault(i => (string?)i!["type"] == "OUTPUT") is { } output)
            {
                output["port"] = "4242";
            }
        }
        return entry;
    }

    private HttpAnswer Handle(HttpCall call)
    {
        if (!call.Headers.TryGetValue("Authorization", out var auth) || auth != Authorization)
        {
            return new HttpAnswer(401, string.Empty);
        }
        if (FailWith is { } status)
        {
            return HttpAnswer.Json(status, new JsonObject { ["code"] = status, ["message"] = "java.lang.IllegalArgumentException: simulated failure" });
        }
        var path = call.Path;
        const string root = "/onos/v1/";
        if (!path.StartsWith(root, StringComparison.Ordinal))
        {
            return HttpAnswer.Json(404, new JsonObject { ["code"] = 404, ["message"] = "HTTP 404 Not Found" });
        }
        path = path[root.Length..];
        lock (gate)
        {
            var key = $"{call.Method} {path}";
            Journal?.Add("onos " + key);
            callCounts[key] = callCounts.GetValueOrDefault(key) + 1;
            if (FailCall.TryGetValue(key, out var failing) && failing == callCounts[key])
            {
                return HttpAnswer.Json(500, new JsonObject { ["code"] = 500, ["message"] = "java.lang.IllegalStateException: simulated failure" });
            }
            switch (call.Method, path)
            {
                case ("GET", "devices"):
                    return HttpAnswer.Json(200, Devices.DeepClone());
                case ("GET", "links"):
                    return HttpAnswer.Json(200, Links.DeepClone());
                case ("GET", "hosts"):
                    return HttpAnswer.Json(200, Hosts.DeepClone());
                case ("GET", _) when path.StartsWith("devices/", StringComparison.Ordinal) && path.EndsWith("/ports", StringComparison.Ordinal):
                    var deviceId = path["devices/".Length..^"/ports".Length];
                    return Ports.TryGetValue(deviceId, out var ports)
                        ? HttpAnswer.Json(200, ports.DeepClone())
                        : HttpAnswer.Json(404, new JsonObject { ["code"] = 404, ["message"] = "Device is not found" });
                case ("GET", _) when path.StartsWith("flows/application/", StringComparison.Ordinal):
                    var app = path["flows/application/".Length..];
                    return HttpAnswer.Json(200, new JsonObject { ["flows"] = new JsonArray(installed.Where(f => (string?)f["appId"] == app).Select(f => (JsonNode)f.DeepClone()).ToArray()) });
                case ("DELETE", _) when path.StartsWith("flows/application/", StringComparison.Ordinal):
                    var removed = path["flows/application/".Length..];
                    installed.RemoveAll(f => (string?)f["appId"] == removed);
                    return new HttpAnswer(204, string.Empty);
                case ("DELETE", "flows"):
                    foreach (var gone in JsonNode.Parse(call.Body)!["flows"]!.AsArray())
                    {
                        var device = (string?)gone!["deviceId"];
                        var id = gone["flowId"]!.ToString();
                        installed.RemoveAll(f => (string?)f["deviceId"] == device && (string?)f["id"] == id);
                    }
                    return new HttpAnswer(204, string.Empty);
                case ("GET", "groups"):
                    return HttpAnswer.Json(200, new JsonObject { ["groups"] = new JsonArray(groups.Select(g => (JsonNode)g.DeepClone()).ToArray()) });
                case ("POST", _) when path.StartsWith("groups/", StringComparison.Ordinal):
                {
                    // GroupsWebResource.createGroup: the path's device wins; GroupCodec needs type, appCookie (0x...), id or groupId, buckets.
                    var device = Uri.UnescapeDataString(path["groups/".Length..]);
                    var group = JsonNode.Parse(call.Body)!.AsObject();
                    var cookie = (string?)group["appCookie"];
                    if ((string?)group["deviceId"] is { } named && named != device || cookie is null || !cookie.StartsWith("0x", StringComparison.Ordinal)
                        || group["type"] is null || group["buckets"] is null || (group["id"] ?? group["groupId"]) is null)
                    {
                        return HttpAnswer.Json(400, new JsonObject { ["code"] = 400, ["message"] = "java.lang.IllegalArgumentException: invalid group" });
                    }
                    var entry = new JsonObject
                    {
                        ["id"] = long.Parse((group["id"] ?? group["groupId"])!.ToString(), CultureInfo.InvariantCulture),
                        ["state"] = Pending ? "PENDING_ADD" : "ADDED",
                        ["type"] = (string?)group["type"],
                        ["deviceId"] = device,
                        ["appId"] = "org.onosproject.rest",
                        // DefaultGroupKey.toString writes the key in upper-case hex.
                        ["appCookie"] = "0x" + cookie[2..].ToUpperInvariant(),
                        ["buckets"] = group["buckets"]!.DeepClone(),
                    };
                    groups.Add(entry);
                    return new HttpAnswer(201, string.Empty);
                }
                case ("DELETE", _) when path.StartsWith("groups/", StringComparison.Ordinal):
                {
                    var parts = path["groups/".Length..].Split('/');
                    var device = Uri.UnescapeDataString(parts[0]);
                    var cookie = Uri.UnescapeDataString(parts[1]);
                    groups.RemoveAll(g => (string?)g["deviceId"] == device && string.Equals((string?)g["appCookie"], cookie, StringComparison.OrdinalIgnoreCase));
                    return new HttpAnswer(204, string.Empty);
                }
                case ("POST", "flows") when PostAnswer is not null:
                    return new HttpAnswer(200, PostAnswer);
                case ("POST", "flows"):
                    var appId = call.Query.GetValueOrDefault("appId") ?? "org.onosproject.rest";
                    var flows = JsonNode.Parse(call.Body)!["flows"]!.AsArray();
                    var answer = new JsonArray();
                    foreach (var flow in flows.Take(AcceptOnly ?? flows.Count))
                    {
                        var flowId = nextFlowId++;
                        installed.Add(Entry(flow!.AsObject(), flowId.ToString(CultureInfo.InvariantCulture), appId));
                        // FlowsWebResource writes flowId with ObjectNode.put(String, long): a JSON number.
                        answer.Add(new JsonObject { ["deviceId"] = (string?)flow["deviceId"], ["flowId"] = flowId });
                    }
                    return HttpAnswer.Json(200, new JsonObject { ["flows"] = answer });
                default:
                    return HttpAnswer.Json(405, new JsonObject { ["code"] = 405, ["message"] = "HTTP 405 Method Not Allowed" });
            }
        }
    }

    public void Dispose() => server.Dispose();
}
