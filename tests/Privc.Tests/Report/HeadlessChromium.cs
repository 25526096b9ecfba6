using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Privc.Tests.Report;

/// <summary>
/// Debian's headless Chromium driven over the DevTools protocol (JSON messages on one WebSocket, flat sessions):
/// enough to open a page, evaluate script in it, press keys and take screenshots. One browser process serves every
/// page of a test run; it is started with a private profile folder and killed by its process id.
/// </summary>
public sealed partial class HeadlessChromium : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private readonly Process process;
    private readonly ClientWebSocket socket = new();
    private readonly string profile;
    private readonly SemaphoreSlim gate = new(1, 1);
    private int nextId;

    private HeadlessChromium(Process process, string profile, Uri endpoint)
    {
        this.process = process;
        this.profile = profile;
        socket.ConnectAsync(endpoint, CancellationToken.None).Wait(CommandTimeout);
    }

    /// <summary>The browser binary: PRIVC_CHROMIUM, else chromium or chromium-browser on PATH; null when there is none.</summary>
    public static string? Locate()
    {
        if (Environment.GetEnvironmentVariable("PRIVC_CHROMIUM") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { Path.Combine(dir, "chromium"), Path.Combine(dir, "chromium-browser") })
            .FirstOrDefault(File.Exists);
    }

    public static HeadlessChromium Start(string binary)
    {
        var profile = Directory.CreateTempSubdirectory("privc-chromium-").FullName;
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-sync", "--hide-scrollbars", "--mute-audio",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {binary}");
        process.StandardOutput.ReadToEndAsync();
        var deadline = DateTime.UtcNow + CommandTimeout;
        var seen = new StringBuilder();
        while (DateTime.UtcNow < deadline)
        {
            var line = process.StandardError.ReadLineAsync().WaitAsync(deadline - DateTime.UtcNow).GetAwaiter().GetResult();
            if (line is null)
            {
                break;
            }
            seen.AppendLine(line);
            if (DevToolsLine().Match(line) is { Success: true } match)
            {
                // Keep draining stderr so the browser never blocks on a full pipe.
                _ = Task.Run(() => process.StandardError.ReadToEnd());
                return new HeadlessChromium(process, profile, new Uri(match.Groups[1].Value));
            }
        }
        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("Chromium did not announce its DevTools endpoint:\n" + seen);
    }

    /// <summary>Opens a page in a new tab and waits until it has loaded.</summary>
    public Page Open(string url)
    {
        var target = Send("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, null);
        var session = (string)Send("Target.attachToTarget", new JsonObject { ["targetId"] = (string)target["targetId"]!, ["flatten"] = true }, null)["sessionId"]!;
        var page = new Page(this, session, (string)target["targetId"]!);
        page.Send("Page.enable");
        page.Send("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = 1600, ["height"] = 1100, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        page.Send("Page.navigate", new JsonObject { ["url"] = url });
        var deadline = DateTime.UtcNow + CommandTimeout;
        while (page.Evaluate("document.readyState")?.GetValue<string>() != "complete")
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{url} did not finish loading");
            }
            Thread.Sleep(50);
        }
        return page;
    }

    /// <summary>Sends one command and waits for its answer; events in between are skipped. Errors throw with Chromium's message.</summary>
    internal JsonNode Send(string method, JsonObject? parameters, string? session)
    {
        gate.Wait();
        try
        {
            var id = ++nextId;
            var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
            if (session is not null)
            {
                message["sessionId"] = session;
            }
            var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
            using var timeout = new CancellationTokenSource(CommandTimeout);
            socket.SendAsync(bytes, WebSocketMessageType.Text, true, timeout.Token).GetAwaiter().GetResult();
            while (true)
            {
                var reply = Receive(timeout.Token);
                if (reply["id"]?.GetValue<int>() != id)
                {
                    continue;
                }
                if (reply["error"] is { } error)
                {
                    throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
                }
                return reply["result"] ?? new JsonObject();
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private JsonNode Receive(CancellationToken token)
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (true)
        {
            var part = socket.ReceiveAsync(buffer, token).GetAwaiter().GetResult();
            if (part.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("Chromium closed the DevTools connection");
            }
            message.Write(buffer, 0, part.Count);
            if (part.EndOfMessage)
            {
                return JsonNode.Parse(message.ToArray())!;
            }
        }
    }

    public void Dispose()
    {
        try
        {
            socket.Abort();
            socket.Dispose();
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
            process.Dispose();
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be writing its profile while it dies; the temp folder is cleaned by the system.
            }
        }
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsLine();

    /// <summary>One tab, attached by a flat session.</summary>
    public sealed class Page(HeadlessChromium browser, string session, string target)
    {
        public JsonNode Send(string method, JsonObject? parameters = null) => browser.Send(method, parameters, session);

        /// <summary>Evaluates an expression and returns its value (JSON-serialisable values only); a thrown exception fails.</summary>
        public JsonNode? Evaluate(string expression)
        {
            var result = Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
            if (result["exceptionDetails"] is { } exception)
            {
                throw new InvalidOperationException($"script failed: {exception.ToJsonString()}\n{expression}");
            }
            return result["result"]?["value"];
        }

        public T Evaluate<T>(string expression) =>
            Evaluate(expression) is { } value ? value.GetValue<T>() : throw new InvalidOperationException($"no value: {expression}");

        /// <summary>Presses a key as a user would (key down and up), so default actions such as a button's click run.</summary>
        public void Press(string key, int code)
        {
            var down = new JsonObject { ["type"] = "keyDown", ["key"] = key, ["code"] = key, ["windowsVirtualKeyCode"] = code, ["nativeVirtualKeyCode"] = code };
            if (key == "Enter")
            {
                down["text"] = "\r";
            }
            Send("Input.dispatchKeyEvent", down);
            Send("Input.dispatchKeyEvent", new JsonObject { ["type"] = "keyUp", ["key"] = key, ["code"] = key, ["windowsVirtualKeyCode"] = code, ["nativeVirtualKeyCode"] = code });
        }

        /// <summary>A screenshot of the whole page; the tab is brought to the front first, since background tabs do not paint.</summary>
        public byte[] Screenshot()
        {
            Send("Page.bringToFront");
            return Convert.FromBase64String((string)Send("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true })["data"]!);
        }

        public void Close() => browser.Send("Target.closeTarget", new JsonObject { ["targetId"] = target }, null);
    }
}
