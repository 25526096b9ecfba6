using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Privc.Live;

/// <summary>A group on a device, known by its application cookie (ONOS's group key) and its id.</summary>
public sealed record InstalledGroup(string DeviceId, string AppCookie, long Id)
{
    /// <summary>ONOS lists cookies in upper-case hex (DefaultGroupKey.toString) and reads either case.</summary>
    public bool SameKey(InstalledGroup other) =>
        DeviceId == other.DeviceId && string.Equals(AppCookie, other.AppCookie, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Make-before-break for privc's fast-failover groups (specs/live.md, "Groups"). ONOS has no batch POST for groups
/// (GroupsWebResource), so each group of <c>onos/groups.json</c> is posted to <c>/groups/{deviceId}</c> before the
/// flow rules that send to it, and read back until ONOS lists it <c>ADDED</c>. A group already installed with the
/// same key (device and cookie, which privc derives from the group's content) is the same group and is reused, not
/// posted again. Groups privc installed before (cookies starting with the bytes of "privc") that the new plan no
/// longer has are deleted only after the old flow rules, which may still send to them, are gone.
/// </summary>
public sealed class GroupRollout(OnosClient onos)
{
    /// <summary>The cookie prefix of every privc group (the bytes of "privc").</summary>
    public const string CookiePrefix = "0x7072697663";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>The groups of a groups file, each with the body to post.</summary>
    public static ImmutableArray<(InstalledGroup Group, string Body)> Wanted(string groupsJson)
    {
        var groups = JsonNode.Parse(groupsJson)!["groups"]!.AsArray();
        return [.. groups.Select(g => (new InstalledGroup((string)g!["deviceId"]!, (string)g["appCookie"]!, (long)g["groupId"]!), g.ToJsonString()))];
    }

    /// <summary><c>GET /groups</c>: every group ONOS holds, with its state.</summary>
    public async Task<ImmutableArray<(InstalledGroup Group, string? State)>> ReadAsync(CancellationToken cancel)
    {
        const string request = "GET /onos/v1/groups";
        using var answer = await onos.GetAsync("groups", cancel);
        if (answer.RootElement.ValueKind != JsonValueKind.Object || !answer.RootElement.TryGetProperty("groups", out var groups) || groups.ValueKind != JsonValueKind.Array)
        {
            throw new LiveException(LiveDiagnostics.OnosMalformedAnswer(onos.Server, request, "it has no \"groups\" array"));
        }
        var result = ImmutableArray.CreateBuilder<(InstalledGroup, string?)>();
        foreach (var group in groups.EnumerateArray())
        {
            if (group.ValueKind != JsonValueKind.Object
                || !group.TryGetProperty("deviceId", out var device) || device.ValueKind != JsonValueKind.String
                || !group.TryGetProperty("id", out var idValue) || Id(idValue) is not { } id)
            {
                throw new LiveException(LiveDiagnostics.OnosMalformedAnswer(onos.Server, request, "an entry of \"groups\" lacks id or deviceId"));
            }
            var cookie = group.TryGetProperty("appCookie", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : string.Empty;
            var state = group.TryGetProperty("state", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            result.Add((new InstalledGroup(device.GetString()!, cookie, id), state));
        }
        return result.ToImmutable();
    }

    /// <summary>
    /// The wanted groups that are not installed yet, or the first one whose id another installed group already has
    /// on the device (ONOS would not add it; privc refuses before changing anything).
    /// </summary>
    public static (ImmutableArray<(InstalledGroup Group, string Body)> Missing, (InstalledGroup Wanted, InstalledGroup Holder)? Clash) Plan(
        ImmutableArray<(InstalledGroup Group, string Body)> wanted, ImmutableArray<(InstalledGroup Group, string? State)> installed)
    {
        var missing = wanted.Where(w => !installed.Any(i => i.Group.SameKey(w.Group))).ToImmutableArray();
        foreach (var (group, _) in missing)
        {
            if (installed.FirstOrDefault(i => i.Group.DeviceId == group.DeviceId && i.Group.Id == group.Id) is { Group: { } holder })
            {
                return (missing, (group, holder));
            }
        }
        return (missing, null);
    }

    /// <summary>Posts each group; returns those ONOS accepted (201), so a failure part way can withdraw exactly them.</summary>
    public async Task InstallAsync(ImmutableArray<(InstalledGroup Group, string Body)> groups, List<InstalledGroup> posted, CancellationToken cancel)
    {
        foreach (var (group, body) in groups)
        {
            await onos.PostGroupAsync(group.DeviceId, body, cancel);
            posted.Add(group);
        }
    }

    /// <summary>Reads the groups back until each is listed ADDED (the switch confirmed it), or <paramref name="wait"/> has passed (PRIV9030).</summary>
    public async Task VerifyAsync(IReadOnlyCollection<InstalledGroup> groups, TimeSpan wait, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var listed = await ReadAsync(cancel);
            var waiting = groups.Select(g => (Group: g, Entry: listed.FirstOrDefault(l => l.Group.SameKey(g))))
                .FirstOrDefault(p => p.Entry.Group is null || p.Entry.State != "ADDED");
            if (waiting.Group is null)
            {
                return;
            }
            if (DateTime.UtcNow >= deadline)
            {
                var why = waiting.Entry.Group is null ? "is not listed" : $"is in state {waiting.Entry.State ?? "(none)"}";
                throw new LiveException(LiveDiagnostics.OnosRulesNotConfirmed(onos.Server,
                    string.Create(CultureInfo.InvariantCulture, $"after {wait.TotalSeconds:0.###} s group {waiting.Group.AppCookie} on {waiting.Group.DeviceId} {why}")));
            }
            await Task.Delay(PollInterval, cancel);
        }
    }

    /// <summary><c>DELETE /groups/{deviceId}/{appCookie}</c> for each group.</summary>
    public async Task RemoveAsync(IEnumerable<InstalledGroup> groups, CancellationToken cancel)
    {
        foreach (var group in groups)
        {
            await onos.DeleteGroupAsync(group.DeviceId, group.AppCookie, cancel);
        }
    }

    /// <summary>privc's groups among those installed that the new plan does not have (to delete after the old rules).</summary>
    public static ImmutableArray<InstalledGroup> Stale(ImmutableArray<(InstalledGroup Group, string? State)> installed, ImmutableArray<(InstalledGroup Group, string Body)> wanted) =>
        [.. installed.Select(i => i.Group).Where(g => g.AppCookie.StartsWith(CookiePrefix, StringComparison.OrdinalIgnoreCase) && !wanted.Any(w => w.Group.SameKey(g)))];

    private static long? Id(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var n) => n,
        JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) => s,
        _ => null,
    };
}
