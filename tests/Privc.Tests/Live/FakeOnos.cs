using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Privc.Tests.Live;

/// <summary>
/// A stand-in for ONOS's REST API (<c>/onos/v1</c>) on 127.0.0.1: HTTP Basic (401 otherwise), GET /devices, /links,
/// /hosts and /devices/{id}/ports from scripted JSON in the shapes of ONOS's codecs, GET and DELETE
/// /flows/application/{app}, and POST /flows?appId= answering <c>{"flows":[{"deviceId","flowId"}]}</c> as ONOS does.
/// </summary>
public sealed class FakeOnos : IDisposable
{
    private readonly Lock gate = new();
    private readonly LocalHttpServer server;
    private readonly List<JsonObject> installed = [];
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

    public void Preinstall(int count)
    {
        lock (gate)
        {
            for (var i = 0; i < count; i++)
            {
                installed.Add(new JsonObject { ["id"] = (nextFlowId++).ToString(CultureInfo.InvariantCulture), ["deviceId"] = "of:0000000000000001", ["appId"] = "io.privc", ["priority"] = 40000 });
            }
        }
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
            switch (call.Method, path)
            {
                case ("GET", "devices"):
                    return HttpAnswer.Json(200, Devices.DeepClone());
                case ("GET", "links"):
                    return HttpAnswer.Json(200, Links.DeepClone());
                case ("GET", "hosts"):
                    return HttpAnswer.Json(200, Hosts.DeepClone());
                case ("GET", _) when path.StartsWith("devices/", StringComparison.Ordinal) && path.EndsWith("/ports", StringComparison.Ordinal):
                    var id = path["devices/".Length..^"/ports".Length];
                    return Ports.TryGetValue(id, out var ports)
                        ? HttpAnswer.Json(200, ports.DeepClone())
                        : HttpAnswer.Json(404, new JsonObject { ["code"] = 404, ["message"] = "Device is not found" });
                case ("GET", _) when path.StartsWith("flows/application/", StringComparison.Ordinal):
                    var app = path["flows/application/".Length..];
                    return HttpAnswer.Json(200, new JsonObject { ["flows"] = new JsonArray(installed.Where(f => (string?)f["appId"] == app).Select(f => (JsonNode)f.DeepClone()).ToArray()) });
                case ("DELETE", _) when path.StartsWith("flows/application/", StringComparison.Ordinal):
                    var removed = path["flows/application/".Length..];
                    installed.RemoveAll(f => (string?)f["appId"] == removed);
                    return new HttpAnswer(204, string.Empty);
                case ("POST", "flows") when PostAnswer is not null:
                    return new HttpAnswer(200, PostAnswer);
                case ("POST", "flows"):
                    var appId = call.Query.GetValueOrDefault("appId") ?? "org.onosproject.rest";
                    var flows = JsonNode.Parse(call.Body)!["flows"]!.AsArray();
                    var answer = new JsonArray();
                    foreach (var flow in flows.Take(AcceptOnly ?? flows.Count))
                    {
                        var flowId = (nextFlowId++).ToString(CultureInfo.InvariantCulture);
                        var stored = (JsonObject)flow!.DeepClone();
                        stored["id"] = flowId;
                        stored["appId"] = appId;
                        installed.Add(stored);
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
