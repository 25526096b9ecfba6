using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Privc.Tests.Live;

/// <summary>
/// A stand-in for a Kubernetes 1.30 API server on 127.0.0.1: bearer-token authentication, server-side apply
/// (<c>PATCH</c> with <c>application/apply-patch+yaml</c>, <c>fieldManager</c> required, <c>dryRun=All</c> validating
/// without storing, 201 for a creation and 200 otherwise, <c>resourceVersion</c> bumped only by a real change),
/// <c>Status</c> objects for errors exactly as the API server writes them, <c>GET /api/v1/nodes</c> as a NodeList,
/// cluster-wide lists of Deployments, Services and NetworkPolicies filtered by an equality <c>labelSelector</c>, and
/// <c>DELETE</c> of a stored object (<c>dryRun=All</c> checking without deleting, 404 when it is not there).
/// </summary>
public sealed partial class FakeKubernetes : IDisposable
{
    public const string Token = "test-token";

    private readonly Lock gate = new();
    private readonly Dictionary<string, (string Applied, int Version)> store = new(StringComparer.Ordinal);
    private readonly LocalHttpServer server;
    private int version = 1000;

    public FakeKubernetes()
    {
        server = new LocalHttpServer(Handle);
    }

    /// <summary>Paths whose apply the server rejects with 422 Invalid (in the dry run and for real).</summary>
    public HashSet<string> Invalid { get; } = new(StringComparer.Ordinal);

    /// <summary>Paths whose real apply (not the dry run) the server rejects with 500 (an admission webhook failing late).</summary>
    public HashSet<string> FailOnApply { get; } = new(StringComparer.Ordinal);

    /// <summary>Paths whose deletion the server refuses with 500 (in the dry run and for real).</summary>
    public HashSet<string> RejectDelete { get; } = new(StringComparer.Ordinal);

    /// <summary>Paths whose real deletion (not the dry run) the server refuses with 500.</summary>
    public HashSet<string> FailOnDelete { get; } = new(StringComparer.Ordinal);

    /// <summary>Records the order of requests across servers.</summary>
    public CallJournal? Journal { get; set; }

    /// <summary>Puts an object in the store as if an earlier apply had written it.</summary>
    public void Seed(string path, JsonObject body)
    {
        lock (gate)
        {
            store[path] = (body.ToJsonString(), ++version);
        }
    }

    /// <summary>The stored paths.</summary>
    public IReadOnlyList<string> Paths
    {
        get
        {
            lock (gate)
            {
                return store.Keys.Order(StringComparer.Ordinal).ToList();
            }
        }
    }

    /// <summary>When set, PATCH answers 200 with a body that is not JSON.</summary>
    public bool Garbage { get; set; }

    /// <summary>Nodes in the cluster (NodeList items), by name.</summary>
    public SortedDictionary<string, JsonObject> Nodes { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<HttpCall> Calls => server.Calls;

    public string Url => server.Url;

    /// <summary>Answers every request after this stall (a timeout test).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>The applied body stored at a path, or null.</summary>
    public JsonNode? Stored(string path)
    {
        lock (gate)
        {
            return store.TryGetValue(path, out var entry) ? JsonNode.Parse(entry.Applied) : null;
        }
    }

    /// <summary>A kubeconfig file for this server (plain http, a bearer token, context "fake").</summary>
    public string WriteKubeconfig(string folder, string token = Token)
    {
        var path = Path.Combine(folder, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {Url}
            contexts:
            - name: fake
              context:
                cluster: fake
                user: privc-test
            - name: other
              context:
                cluster: fake
                user: privc-test
            current-context: fake
            users:
            - name: privc-test
              user:
                token: {token}
            """);
        return path;
    }

    /// <param name="podCidr">The node's spec.podCIDR: by default the next /24 of 10.244.0.0/16, as the node controller assigns them; "" for none.</param>
    public void AddNode(string name, string ip, string cpu, string memory, IDictionary<string, string> labels, string? podCidr = null)
    {
        podCidr ??= $"10.244.{Nodes.Count}.0/24";
        var labelObject = new JsonObject { ["kubernetes.io/hostname"] = name, ["kubernetes.io/os"] = "linux", ["kubernetes.io/arch"] = "amd64" };
        foreach (var (key, value) in labels)
        {
            labelObject[key] = value;
        }
        Nodes[name] = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["uid"] = Guid.NewGuid().ToString(),
                ["resourceVersion"] = "812",
                ["creationTimestamp"] = "2026-01-05T09:12:44Z",
                ["labels"] = labelObject,
                ["annotations"] = new JsonObject { ["node.alpha.kubernetes.io/ttl"] = "0", ["volumes.kubernetes.io/controller-managed-attach-detach"] = "true" },
            },
            ["spec"] = podCidr.Length == 0 ? new JsonObject() : new JsonObject { ["podCIDR"] = podCidr, ["podCIDRs"] = new JsonArray(podCidr) },
            ["status"] = new JsonObject
            {
                ["capacity"] = new JsonObject { ["cpu"] = "8", ["ephemeral-storage"] = "102626232Ki", ["memory"] = "32863312Ki", ["pods"] = "110" },
                ["allocatable"] = new JsonObject { ["cpu"] = cpu, ["ephemeral-storage"] = "94580335255", ["memory"] = memory, ["pods"] = "110" },
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Ready", ["status"] = "True", ["lastHeartbeatTime"] = "2026-01-05T10:00:00Z",
                    ["lastTransitionTime"] = "2026-01-05T09:13:10Z", ["reason"] = "KubeletReady", ["message"] = "kubelet is posting ready status",
                }),
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = ip },
                    new JsonObject { ["type"] = "Hostname", ["address"] = name }),
                ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = 10250 } },
                ["nodeInfo"] = new JsonObject
                {
                    ["machineID"] = "0f3c", ["systemUUID"] = "0f3c", ["bootID"] = "b00t", ["kernelVersion"] = "6.1.0-18-amd64",
                    ["osImage"] = "Debian GNU/Linux 12 (bookworm)", ["containerRuntimeVersion"] = "containerd://1.7.13",
                    ["kubeletVersion"] = "v1.30.0", ["kubeProxyVersion"] = "v1.30.0", ["operatingSystem"] = "linux", ["architecture"] = "amd64",
                },
            },
        };
    }

    private HttpAnswer Handle(HttpCall call)
    {
        if (Delay > TimeSpan.Zero)
        {
            return new HttpAnswer(500, "{}", Delay);
        }
        if (!call.Headers.TryGetValue("Authorization", out var auth) || auth != "Bearer " + Token)
        {
            return Status(401, "Unauthorized", "Unauthorized", null);
        }
        if (ListAnswer(call) is { } list)
        {
            return list;
        }
        if (call.Method == "GET" && call.Path == "/api/v1/nodes")
        {
            var items = new JsonArray(Nodes.Values.Select(n => (JsonNode)n.DeepClone()).ToArray());
            return HttpAnswer.Json(200, new JsonObject { ["kind"] = "NodeList", ["apiVersion"] = "v1", ["metadata"] = new JsonObject { ["resourceVersion"] = "4242" }, ["items"] = items });
        }
        Journal?.Add($"kubernetes {call.Method} {call.Path}{(call.Query.ContainsKey("dryRun") ? " dry" : string.Empty)}");
        if (call.Method == "GET" && List().Match(call.Path) is { Success: true } listed)
        {
            return ListAnswer(listed.Groups["resource"].Value, call.Query.GetValueOrDefault("labelSelector") ?? string.Empty);
        }
        if (call.Method == "DELETE" && Resource().Match(call.Path) is { Success: true } deleted)
        {
            return Delete(call, deleted);
        }
        if (call.Method != "PATCH" || Resource().Match(call.Path) is not { Success: true } match)
        {
            return Status(404, "the server could not find the requested resource", "NotFound", null);
        }
        var kind = KindOf(match);
        var name = match.Groups["name"].Value;
        if (!call.Headers.TryGetValue("Content-Type", out var type) || !type.StartsWith("application/apply-patch+yaml", StringComparison.Ordinal))
        {
            return Status(415, $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml", "UnsupportedMediaType", null);
        }
        if (!call.Query.TryGetValue("fieldManager", out var manager) || manager.Length == 0)
        {
            return Status(400, "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch", "BadRequest", null);
        }
        var dryRun = call.Query.TryGetValue("dryRun", out var dry);
        if (dryRun && dry != "All")
        {
            return Status(400, $"Invalid dry run value: {dry}", "BadRequest", null);
        }
        JsonObject body;
        try
        {
            body = JsonNode.Parse(call.Body)?.AsObject() ?? throw new InvalidOperationException("empty");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return Status(400, "error decoding YAML: " + e.Message, "BadRequest", null);
        }
        if ((string?)body["kind"] != kind || (string?)body["metadata"]?["name"] != name)
        {
            return Status(400, $"the name of the object ({(string?)body["metadata"]?["name"]}) does not match the name on the URL ({name})", "BadRequest", null);
        }
        if (Invalid.Contains(call.Path))
        {
            return Status(422, $"{kind}{Group(kind)} \"{name}\" is invalid: spec.template.spec.containers[0].image: Required value", "Invalid",
                new JsonObject { ["name"] = name, ["kind"] = kind.ToLowerInvariant() + "s", ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueRequired", ["message"] = "Required value", ["field"] = "spec.template.spec.containers[0].image" }) });
        }
        if (!dryRun && FailOnApply.Contains(call.Path))
        {
            return Status(500, $"Internal error occurred: failed calling webhook \"validate.example.com\": context deadline exceeded", "InternalError", null);
        }
        if (Garbage)
        {
            return new HttpAnswer(200, "<html>proxy error</html>");
        }
        lock (gate)
        {
            var applied = body.ToJsonString();
            var exists = store.TryGetValue(call.Path, out var current) || (kind == "Node" && Nodes.ContainsKey(name));
            int resourceVersion;
            if (!exists)
            {
                resourceVersion = dryRun ? 0 : ++version;
            }
            else if (current.Applied == applied || dryRun)
            {
                resourceVersion = current.Version == 0 ? 812 : current.Version;
            }
            else
            {
                resourceVersion = ++version;
            }
            if (!dryRun)
            {
                store[call.Path] = (applied, resourceVersion);
            }
            var answer = (JsonObject)body.DeepClone();
            var metadata = answer["metadata"]!.AsObject();
            metadata["uid"] = "6a1f0c2e-" + name.Length.ToString("0000", CultureInfo.InvariantCulture) + "-4b7e-9d2a-3c5e8f1a2b3c";
            if (resourceVersion > 0)
            {
                metadata["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture);
            }
            metadata["creationTimestamp"] = "2026-01-05T10:00:00Z";
            return HttpAnswer.Json(exists ? 200 : 201, answer);
        }
    }

    private HttpAnswer ListAnswer(string resource, string selector)
    {
        var wanted = selector.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split('=', 2)).ToList();
        var items = new JsonArray();
        lock (gate)
        {
            foreach (var (path, entry) in store.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                if (Resource().Match(path) is not { Success: true } m || m.Groups["resource"].Value != resource || !m.Groups["ns"].Success)
                {
                    continue;
                }
                var item = JsonNode.Parse(entry.Applied)!.AsObject();
                var labels = item["metadata"]?["labels"] as JsonObject;
                if (wanted.All(w => w.Length == 2 && (string?)labels?[w[0]] == w[1]))
                {
                    item["metadata"]!["namespace"] = m.Groups["ns"].Value;
                    item["metadata"]!["resourceVersion"] = entry.Version.ToString(CultureInfo.InvariantCulture);
                    items.Add(item);
                }
            }
        }
        var kind = KindOf(List().Match("/api/v1/" + resource)) + "List";
        return HttpAnswer.Json(200, new JsonObject { ["kind"] = kind, ["apiVersion"] = resource == "services" ? "v1" : resource == "deployments" ? "apps/v1" : "networking.k8s.io/v1", ["metadata"] = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) }, ["items"] = items });
    }

    private HttpAnswer Delete(HttpCall call, Match match)
    {
        var kind = KindOf(match);
        var name = match.Groups["name"].Value;
        var dryRun = call.Query.TryGetValue("dryRun", out var dry) && dry == "All";
        lock (gate)
        {
            if (!store.ContainsKey(call.Path))
            {
                return Status(404, $"{kind.ToLowerInvariant()}s{Group(kind)} \"{name}\" not found", "NotFound", new JsonObject { ["name"] = name, ["kind"] = kind.ToLowerInvariant() + "s" });
            }
            if (RejectDelete.Contains(call.Path) || (!dryRun && FailOnDelete.Contains(call.Path)))
            {
                return Status(500, "Internal error occurred: failed calling webhook \"protect.example.com\": context deadline exceeded", "InternalError", null);
            }
            if (!dryRun)
            {
                store.Remove(call.Path);
            }
        }
        return HttpAnswer.Json(200, new JsonObject
        {
            ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success",
            ["details"] = new JsonObject { ["name"] = name, ["group"] = Group(kind).TrimStart('.'), ["kind"] = kind.ToLowerInvariant() + "s", ["uid"] = "6a1f0c2e-0000-4b7e-9d2a-3c5e8f1a2b3c" },
        });
    }

    private static string KindOf(Match match) => match.Groups["resource"].Value switch
    {
        "namespaces" when !match.Groups["ns"].Success => "Namespace",
        "nodes" => "Node",
        "services" => "Service",
        "deployments" => "Deployment",
        "networkpolicies" => "NetworkPolicy",
        var other => other,
    };

    private static string Group(string kind) => kind switch
    {
        "Deployment" => ".apps",
        "NetworkPolicy" => ".networking.k8s.io",
        _ => string.Empty,
    };

    private static HttpAnswer Status(int code, string message, string reason, JsonObject? details)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = details;
        }
        status["code"] = code;
        return HttpAnswer.Json(code, status);
    }

    [GeneratedRegex("^/(api/v1|apis/apps/v1|apis/networking\\.k8s\\.io/v1)(/namespaces/(?<ns>[^/]+))?/(?<resource>namespaces|nodes|services|deployments|networkpolicies)/(?<name>[^/]+)$")]
    private static partial Regex Resource();

    [GeneratedRegex("^/(api/v1|apis/apps/v1|apis/networking\\.k8s\\.io/v1)/(?<resource>services|deployments|networkpolicies)$")]
    private static partial Regex List();

    public void Dispose() => server.Dispose();
}
