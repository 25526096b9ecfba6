using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Privc.Diagnostics;

namespace Privc.Live;

/// <summary>A live operation failed; the diagnostic says why (never with credentials or a stack trace).</summary>
public sealed class LiveException(Diagnostic diagnostic) : Exception(diagnostic.Message)
{
    public Diagnostic Diagnostic { get; } = diagnostic;
}

/// <summary>
/// ONOS's REST API (<c>/onos/v1</c>) over HTTP Basic: the topology reads and the flow-rule writes privc needs. Every
/// failure becomes a <see cref="LiveException"/>: unreachable or timed out (PRIV9011), 401 (PRIV9012), another 4xx/5xx
/// (PRIV9013), an answer that is not the JSON ONOS's codecs write (PRIV9014).
/// </summary>
public sealed class OnosClient : IDisposable
{
    private readonly HttpClient http;
    private readonly Uri api;

    /// <param name="api">The API root, ending in <c>/onos/v1/</c> (see <see cref="ApiRoot"/>).</param>
    /// <param name="user">The HTTP Basic user.</param>
    /// <param name="password">The HTTP Basic password.</param>
    /// <param name="handler">The HTTP handler (tests and proxies); null uses the platform's. Not disposed here.</param>
    /// <param name="timeout">How long one request may take before it counts as unreachable (PRIV9011).</param>
    public OnosClient(Uri api, string user, string password, HttpMessageHandler? handler, TimeSpan timeout)
    {
        this.api = api;
        http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = timeout;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        Server = $"{api.Scheme}://{api.Authority}";
    }

    /// <summary>The server as diagnostics show it: scheme, host and port, never credentials.</summary>
    public string Server { get; }

    /// <summary>
    /// The API root for a URL the user gave: <c>http://host:8181</c> becomes <c>http://host:8181/onos/v1/</c>; a URL
    /// that already ends in <c>/onos/v1</c> is kept. Null when it is not an absolute http(s) URL or carries credentials.
    /// </summary>
    public static Uri? ApiRoot(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0 || uri.Query.Length > 0)
        {
            return null;
        }
        var path = uri.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/onos/v1", StringComparison.Ordinal))
        {
            path += "/onos/v1";
        }
        return new UriBuilder(uri) { Path = path + "/" }.Uri;
    }

    public Task<JsonDocument> GetAsync(string path, CancellationToken cancel) => SendJsonAsync(HttpMethod.Get, path, null, HttpStatusCode.OK, cancel);

    /// <summary><c>DELETE /flows/application/{appId}</c>: removes every rule the application installed (204, or 200 from older releases).</summary>
    public async Task DeleteApplicationFlowsAsync(string appId, CancellationToken cancel)
    {
        var path = "flows/application/" + Uri.EscapeDataString(appId);
        using var response = await SendAsync(HttpMethod.Delete, path, null, cancel);
        await Expect(response, $"DELETE /onos/v1/{path}", cancel, HttpStatusCode.NoContent, HttpStatusCode.OK);
    }

    /// <summary>
    /// <c>DELETE /flows</c> with <c>{"flows":[{"deviceId","flowId"}...]}</c>: ONOS's batch removal of exactly these
    /// rules (FlowsWebResource.deleteFlows; 204, or 200 from older releases). Nothing is sent for an empty list.
    /// </summary>
    public async Task DeleteFlowsAsync(IReadOnlyCollection<InstalledFlow> flows, CancellationToken cancel)
    {
        if (flows.Count == 0)
        {
            return;
        }
        // Built as JSON nodes rather than serialised from dictionaries: no reflection, so it works in the native build.
        var body = new JsonObject
        {
            ["flows"] = new JsonArray([.. flows.Select(f => (JsonNode)new JsonObject { ["deviceId"] = f.DeviceId, ["flowId"] = f.FlowId })]),
        }.ToJsonString();
        using var response = await SendAsync(HttpMethod.Delete, "flows", body, cancel);
        await Expect(response, "DELETE /onos/v1/flows", cancel, HttpStatusCode.NoContent, HttpStatusCode.OK);
    }

    /// <summary><c>POST /flows?appId=APP</c> with <c>{"flows":[...]}</c>; returns the answer's <c>flows</c> entries (deviceId, flowId), in the order ONOS lists them (the order of the body).</summary>
    public async Task<IReadOnlyList<InstalledFlow>> PostFlowsAsync(string flowsJson, string appId, CancellationToken cancel)
    {
        var path = "flows?appId=" + Uri.EscapeDataString(appId);
        using var answer = await SendJsonAsync(HttpMethod.Post, path, flowsJson, HttpStatusCode.OK, cancel);
        var request = $"POST /onos/v1/{path}";
        if (answer.RootElement.ValueKind != JsonValueKind.Object || !answer.RootElement.TryGetProperty("flows", out var flows) || flows.ValueKind != JsonValueKind.Array)
        {
            throw new LiveException(LiveDiagnostics.OnosMalformedAnswer(Server, request, "it has no \"flows\" array"));
        }
        var installed = new List<InstalledFlow>();
        foreach (var flow in flows.EnumerateArray())
        {
            if (flow.ValueKind != JsonValueKind.Object || !flow.TryGetProperty("deviceId", out var d) || d.ValueKind != JsonValueKind.String
                || !flow.TryGetProperty("flowId", out var f) || InstalledFlow.Id(f) is not { } flowId)
            {
                throw new LiveException(LiveDiagnostics.OnosMalformedAnswer(Server, request, "an entry of \"flows\" lacks deviceId or flowId"));
            }
            installed.Add(new InstalledFlow(d.GetString()!, flowId));
        }
        return installed;
    }

    /// <summary><c>POST /groups/{deviceId}</c> with one group (GroupsWebResource.createGroup answers 201).</summary>
    public async Task PostGroupAsync(string deviceId, string groupJson, CancellationToken cancel)
    {
        var path = "groups/" + Uri.EscapeDataString(deviceId);
        using var response = await SendAsync(HttpMethod.Post, path, groupJson, cancel);
        await Expect(response, $"POST /onos/v1/{path}", cancel, HttpStatusCode.Created);
    }

    /// <summary><c>DELETE /groups/{deviceId}/{appCookie}</c> (204).</summary>
    public async Task DeleteGroupAsync(string deviceId, string appCookie, CancellationToken cancel)
    {
        var path = "groups/" + Uri.EscapeDataString(deviceId) + "/" + Uri.EscapeDataString(appCookie);
        using var response = await SendAsync(HttpMethod.Delete, path, null, cancel);
        await Expect(response, $"DELETE /onos/v1/{path}", cancel, HttpStatusCode.NoContent, HttpStatusCode.OK);
    }

    private async Task<JsonDocument> SendJsonAsync(HttpMethod method, string path, string? body, HttpStatusCode expected, CancellationToken cancel)
    {
        var request = $"{method.Method} /onos/v1/{path}";
        using var response = await SendAsync(method, path, body, cancel);
        await Expect(response, request, cancel, expected);
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancel);
            return JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new LiveException(LiveDiagnostics.OnosMalformedAnswer(Server, request, "it is not JSON: " + e.Message.TrimEnd('.')));
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new LiveException(LiveDiagnostics.OnosUnreachable(Server, $"broke off its answer to {request}: {e.Message.TrimEnd('.')}"));
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, CancellationToken cancel)
    {
        using var message = new HttpRequestMessage(method, new Uri(api, path));
        if (body is not null)
        {
            message.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        try
        {
            return await http.SendAsync(message, cancel);
        }
        catch (TaskCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new LiveException(LiveDiagnostics.OnosUnreachable(Server, $"did not answer {method.Method} /onos/v1/{path} within {http.Timeout.TotalSeconds:0.###} s"));
        }
        catch (HttpRequestException e)
        {
            throw new LiveException(LiveDiagnostics.OnosUnreachable(Server, $"cannot be reached: {e.Message.TrimEnd('.')}"));
        }
    }

    private async Task Expect(HttpResponseMessage response, string request, CancellationToken cancel, params HttpStatusCode[] expected)
    {
        if (expected.Contains(response.StatusCode))
        {
            return;
        }
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new LiveException(LiveDiagnostics.OnosUnauthorized(Server, request));
        }
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            throw new LiveException(LiveDiagnostics.OnosMalformedAnswer(Server, request, $"HTTP {status} where {string.Join(" or ", expected.Select(e => (int)e))} was expected"));
        }
        string detail;
        try
        {
            detail = ErrorMessage(await response.Content.ReadAsStringAsync(cancel));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            detail = string.Empty;
        }
        throw new LiveException(LiveDiagnostics.OnosRequestRejected(Server, request, status, detail));
    }

    /// <summary>ONOS errors are <c>{"code":400,"message":"..."}</c>; other bodies are shown shortened.</summary>
    private static string ErrorMessage(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
            {
                return Shorten(m.GetString()!);
            }
        }
        catch (JsonException)
        {
        }
        return Shorten(body.Trim());
    }

    internal static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 300 ? line : line[..300] + "...";
    }

    public void Dispose() => http.Dispose();
}
