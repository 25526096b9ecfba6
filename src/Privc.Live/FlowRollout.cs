using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Privc.Live;

/// <summary>The rules an ONOS application holds before a deploy: the generation a new one replaces.</summary>
public sealed record FlowGeneration(ImmutableArray<InstalledFlow> Flows, int? HighestPriority)
{
    public int Count => Flows.Length;
}

/// <summary>
/// Make-before-break replacement of privc's ONOS flow rules (specs/live.md). The new rules are installed beside the
/// old ones at priorities above every old rule (so wherever both match a packet, the new one wins), read back until
/// ONOS reports each of them <c>ADDED</c> with the match and actions that were sent, and only then are the old ones
/// removed by flow id. Until that last step every old rule stays installed, so a failure at any point leaves each
/// proven route of the previous deploy pinned.
/// </summary>
public sealed class FlowRollout(OnosClient onos, string appId)
{
    /// <summary>OpenFlow's priority field is 16 bits; ONOS refuses rules above it.</summary>
    public const int MaxPriority = 65535;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private string ApplicationPath => "flows/application/" + Uri.EscapeDataString(appId);

    /// <summary><c>GET /flows/application/{appId}</c>: the rules installed now, with the highest priority among them.</summary>
    public async Task<FlowGeneration> ReadAsync(CancellationToken cancel)
    {
        var entries = await ReadEntriesAsync(cancel);
        var flows = entries.Select(e => e.Flow).ToImmutableArray();
        return new FlowGeneration(flows, entries.Count == 0 ? null : entries.Max(e => e.Priority));
    }

    /// <summary>
    /// The body of <c>onos/flows.json</c> with every priority raised by the same amount, so that the lowest new rule
    /// sits one above the highest old one (unchanged when no old rule is as high). Null when that would pass
    /// <see cref="MaxPriority"/>.
    /// </summary>
    public static (string Body, int Lowest, int Highest)? Raise(string flowsJson, FlowGeneration previous)
    {
        var root = JsonNode.Parse(flowsJson)!.AsObject();
        var flows = root["flows"]!.AsArray();
        if (flows.Count == 0)
        {
            return (flowsJson, 0, 0);
        }
        var priorities = flows.Select(f => (int)f!["priority"]!).ToList();
        var shift = previous.HighestPriority is { } old && old >= priorities.Min() ? old + 1 - priorities.Min() : 0;
        if (priorities.Max() + shift > MaxPriority)
        {
            return null;
        }
        if (shift == 0)
        {
            return (flowsJson, priorities.Min(), priorities.Max());
        }
        foreach (var flow in flows)
        {
            flow!["priority"] = (int)flow["priority"]! + shift;
        }
        return (root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", priorities.Min() + shift, priorities.Max() + shift);
    }

    /// <summary><c>POST /flows?appId=</c> with the raised body; ONOS must list one installed rule per rule sent (PRIV9015).</summary>
    public async Task<IReadOnlyList<InstalledFlow>> InstallAsync(string body, int count, CancellationToken cancel)
    {
        var installed = await onos.PostFlowsAsync(body, appId, cancel);
        if (installed.Count != count)
        {
            throw new LiveException(LiveDiagnostics.OnosFlowCountMismatch(onos.Server, count, installed.Count));
        }
        return installed;
    }

    /// <summary>
    /// Reads the application's rules back until every rule of <paramref name="installed"/> is there, in state
    /// <c>ADDED</c> (the switch confirmed it), with the device, priority, table, match and actions of the rule sent
    /// at the same position of <paramref name="body"/>. A rule that differs fails at once; one that is missing or
    /// still pending is waited for until <paramref name="wait"/> has passed (PRIV9030).
    /// </summary>
    public async Task VerifyAsync(string body, IReadOnlyList<InstalledFlow> installed, TimeSpan wait, CancellationToken cancel)
    {
        using var sent = JsonDocument.Parse(body);
        var expected = sent.RootElement.GetProperty("flows").EnumerateArray().Select(RuleShape.Of).ToList();
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var entries = (await ReadEntriesAsync(cancel)).ToDictionary(e => e.Flow, e => e);
            string? waiting = null;
            var confirmed = 0;
            for (var i = 0; i < installed.Count; i++)
            {
                var flow = installed[i];
                if (!entries.TryGetValue(flow, out var entry))
                {
                    waiting ??= $"rule {flow.FlowId} on {flow.DeviceId} is not listed";
                    continue;
                }
                if (entry.Shape != expected[i])
                {
                    throw new LiveException(LiveDiagnostics.OnosRulesNotConfirmed(onos.Server,
                        $"rule {flow.FlowId} on {flow.DeviceId} is listed as {entry.Shape}, but privc sent {expected[i]}"));
                }
                if (entry.State != "ADDED")
                {
                    waiting ??= $"rule {flow.FlowId} on {flow.DeviceId} is in state {entry.State ?? "(none)"}";
                    continue;
                }
                confirmed++;
            }
            if (waiting is null)
            {
                return;
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new LiveException(LiveDiagnostics.OnosRulesNotConfirmed(onos.Server,
                    string.Create(CultureInfo.InvariantCulture, $"after {wait.TotalSeconds:0.###} s only {confirmed} of {installed.Count} new rule(s) are ADDED; {waiting}")));
            }
            await Task.Delay(PollInterval, cancel);
        }
    }

    /// <summary>
    /// Removes every rule of the application that <paramref name="keep"/> does not hold: after a failed install or
    /// check, the rules of the new generation (including any ONOS accepted before an error cut its answer off);
    /// after a successful one, the old generation. Returns how many were removed.
    /// </summary>
    public async Task<int> RemoveAllButAsync(IReadOnlyCollection<InstalledFlow> keep, CancellationToken cancel)
    {
        var kept = keep.ToHashSet();
        var remove = (await ReadEntriesAsync(cancel)).Select(e => e.Flow).Where(f => !kept.Contains(f)).ToList();
        await onos.DeleteFlowsAsync(remove, cancel);
        return remove.Count;
    }

    /// <summary>Removes exactly these rules (the old generation once the new one is confirmed).</summary>
    public Task RemoveAsync(IReadOnlyCollection<InstalledFlow> flows, CancellationToken cancel) => onos.DeleteFlowsAsync(flows, cancel);

    private sealed record Entry(InstalledFlow Flow, int Priority, string? State, string Shape);

    private async Task<List<Entry>> ReadEntriesAsync(CancellationToken cancel)
    {
        var request = "GET /onos/v1/" + ApplicationPath;
        using var answer = await onos.GetAsync(ApplicationPath, cancel);
        if (answer.RootElement.ValueKind != JsonValueKind.Object || !answer.RootElement.TryGetProperty("flows", out var flows) || flows.ValueKind != JsonValueKind.Array)
        {
            throw new LiveException(LiveDiagnostics.OnosMalformedAnswer(onos.Server, request, "it has no \"flows\" array"));
        }
        var entries = new List<Entry>();
        foreach (var flow in flows.EnumerateArray())
        {
            if (flow.ValueKind != JsonValueKind.Object
                || !flow.TryGetProperty("deviceId", out var device) || device.ValueKind != JsonValueKind.String
                || !flow.TryGetProperty("id", out var idValue) || InstalledFlow.Id(idValue) is not { } id
                || !flow.TryGetProperty("priority", out var priority) || !priority.TryGetInt32(out var p))
            {
                throw new LiveException(LiveDiagnostics.OnosMalformedAnswer(onos.Server, request, "an entry of \"flows\" lacks id, deviceId or priority"));
            }
            var state = flow.TryGetProperty("state", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            entries.Add(new Entry(new InstalledFlow(device.GetString()!, id), p, state, RuleShape.Of(flow)));
        }
        return entries;
    }
}
