using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Privc.Tests.Live;

/// <summary>
/// The list endpoints <c>privc watch</c> reads, as the API server answers them: the objects applied so far plus
/// <see cref="Extra"/> ones (what other actors created: a stray pod), each with its namespace and a resourceVersion,
/// in a <c>...List</c> whose items carry no apiVersion or kind.
/// </summary>
public sealed partial class FakeKubernetes
{
    private static readonly Dictionary<string, (string Kind, string Resource)> Collections = new(StringComparer.Ordinal)
    {
        ["/api/v1/namespaces"] = ("NamespaceList", "namespaces"),
        ["/api/v1/pods"] = ("PodList", "pods"),
        ["/apis/apps/v1/deployments"] = ("DeploymentList", "deployments"),
        ["/apis/apps/v1/replicasets"] = ("ReplicaSetList", "replicasets"),
        ["/apis/networking.k8s.io/v1/networkpolicies"] = ("NetworkPolicyList", "networkpolicies"),
    };

    /// <summary>Objects other actors created, by API path (e.g. <c>/api/v1/namespaces/hospital/pods/x</c>).</summary>
    public SortedDictionary<string, JsonObject> Extra { get; } = new(StringComparer.Ordinal);

    /// <summary>Deletes an applied object (kubectl delete), so lists no longer show it.</summary>
    public bool Delete(string path)
    {
        lock (gate)
        {
            return store.Remove(path) | Extra.Remove(path);
        }
    }

    private HttpAnswer? ListAnswer(HttpCall call)
    {
        // A labelled list is deploy's prune query, answered with its selector applied by the other list handler.
        if (call.Method != "GET" || call.Query.ContainsKey("labelSelector") || !Collections.TryGetValue(call.Path, out var collection))
        {
            return null;
        }
        var items = new JsonArray();
        lock (gate)
        {
            var objects = store.Select(e => (Path: e.Key, Body: JsonNode.Parse(e.Value.Applied)!.AsObject(), e.Value.Version))
                .Concat(Extra.Select(e => (Path: e.Key, Body: (JsonObject)e.Value.DeepClone(), Version: 1)))
                .Where(o => Collection().Match(o.Path) is { Success: true } m && m.Groups["resource"].Value == collection.Resource
                    && (collection.Resource != "namespaces" || !m.Groups["ns"].Success))
                .OrderBy(o => o.Path, StringComparer.Ordinal);
            foreach (var (_, body, objectVersion) in objects)
            {
                body.Remove("apiVersion");
                body.Remove("kind");
                var metadata = body["metadata"]!.AsObject();
                metadata["resourceVersion"] = objectVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
                metadata["uid"] ??= Guid.NewGuid().ToString();
                items.Add(body);
            }
        }
        return HttpAnswer.Json(200, new JsonObject
        {
            ["kind"] = collection.Kind,
            ["apiVersion"] = collection.Kind is "DeploymentList" or "ReplicaSetList" ? "apps/v1" : collection.Kind == "NetworkPolicyList" ? "networking.k8s.io/v1" : "v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = "4242" },
            ["items"] = items,
        });
    }

    [GeneratedRegex("^/(api/v1|apis/apps/v1|apis/networking\\.k8s\\.io/v1)(/namespaces/(?<ns>[^/]+))?/(?<resource>[a-z]+)/(?<name>[^/]+)$")]
    private static partial Regex Collection();
}
