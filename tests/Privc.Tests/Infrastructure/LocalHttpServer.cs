using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Privc.Tests.Infrastructure;

/// <summary>An HTTP request as a local test server received it: method, path, decoded query, headers, body.</summary>
public sealed record HttpCall(string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Target => Query.Count == 0 ? Path : Path + "?" + string.Join("&", Query.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => $"{q.Key}={q.Value}"));

    public JsonNode? Json => JsonNode.Parse(Body);
}

/// <summary>An answer: status, JSON body, a stall before answering and optional extra headers.</summary>
public sealed record HttpAnswer(int Status, string Body, TimeSpan Delay = default, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static HttpAnswer Json(int status, JsonNode body) => new(status, body.ToJsonString());
}

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (random port) over TcpListener, one request per connection
/// (Connection: close), that records every request and answers with a handler. Stands in for the Kubernetes API
/// server, ONOS and an OpenAI-compatible endpoint in tests (neither Kestrel nor the ASP.NET test host is available
/// here, and no real cluster, controller or model runs here or in CI).
/// </summary>
public sealed class LocalHttpServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<HttpCall> calls = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Func<HttpCall, HttpAnswer> handler;
    private readonly Task loop;

    public LocalHttpServer(Func<HttpCall, HttpAnswer> handler)
    {
        this.handler = handler;
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        loop = Task.Run(AcceptLoop);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public IReadOnlyList<HttpCall> Calls => calls.ToList();

    private async Task AcceptLoop()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var call = await Read(stream);
                if (call is null)
                {
                    return;
                }
                calls.Enqueue(call);
                HttpAnswer answer;
                try
                {
                    answer = handler(call);
                }
                catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or System.Text.Json.JsonException or ArgumentException)
                {
                    answer = new HttpAnswer(500, new JsonObject { ["message"] = "fake server: " + e.Message }.ToJsonString());
                }
                if (answer.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(answer.Delay, stop.Token);
                }
                var body = Encoding.UTF8.GetBytes(answer.Body);
                var head = new StringBuilder($"HTTP/1.1 {answer.Status} {(answer.Status < 300 ? "OK" : "Error")}\r\n");
                if (body.Length > 0 && answer.Headers?.ContainsKey("Content-Type") != true)
                {
                    head.Append("Content-Type: application/json\r\n");
                }
                head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
                foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
                {
                    head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
                }
                head.Append("Connection: close\r\n\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), stop.Token);
                await stream.WriteAsync(body, stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client gave up (a timeout test) or the server is stopping.
            }
        }
    }

    private async Task<HttpCall?> Read(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var chunk = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOf(buffer, "\r\n\r\n"u8.ToArray())) < 0)
        {
            var read = await stream.ReadAsync(chunk, stop.Token);
            if (read == 0)
            {
                return null;
            }
            buffer.AddRange(chunk.AsSpan(0, read).ToArray());
        }
        var head = Encoding.ASCII.GetString(buffer.GetRange(0, headerEnd).ToArray()).Split("\r\n");
        var line = head[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in head.Skip(1))
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[header[..colon].Trim()] = header[(colon + 1)..].Trim();
            }
        }
        var body = buffer.Skip(headerEnd + 4).ToList();
        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            throw new IOException("the fake server does not read chunked bodies");
        }
        var length = headers.TryGetValue("Content-Length", out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : 0;
        while (body.Count < length)
        {
            var read = await stream.ReadAsync(chunk, stop.Token);
            if (read == 0)
            {
                break;
            }
            body.AddRange(chunk.AsSpan(0, read).ToArray());
        }
        var target = line.Length > 1 ? line[1] : "/";
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(question < 0 ? target : target[..question]);
        var query = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (question >= 0)
        {
            foreach (var pair in target[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                query[Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals])] = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            }
        }
        return new HttpCall(line[0], path, query, headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    private static int IndexOf(List<byte> haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Count; i++)
        {
            var match = true;
            for (var j = 0; j < needle.Length && match; j++)
            {
                match = haystack[i + j] == needle[j];
            }
            if (match)
            {
                return i;
            }
        }
        return -1;
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        stop.Dispose();
    }
}
