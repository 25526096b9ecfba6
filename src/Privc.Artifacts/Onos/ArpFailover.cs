using System.Collections.Immutable;
using Privc.Diagnostics;
using Privc.Topology;

namespace Privc.Artifacts.Onos;

/// <summary>
/// ARP along the failover detours of a resilient plan (specs/onos.md, "ARP under failover"). The ARP rules of the
/// proven paths (<see cref="ArpRules"/>) stay; for every detour the planner took, in its order, the detector's ARP
/// output to the primary port becomes the detour's FAILOVER group (the IPv4 rules' own group: same device, same
/// buckets), and every device after the detector gets an ARP rule for the port the detour enters by, sending ARP on
/// the detour's way. So under each single failure ARP takes exactly the detours the IPv4 packets take, requests along
/// the requests' detour and replies along the replies'. An ARP rule matches the in port only, so a detour is
/// followed only when that cannot send other ARP astray: not for crankback (the way back enters devices by ports
/// the proven replies enter by), not when another detour already gave the detector's port another backup, and not
/// when a device on the detour already sends ARP entering by that port elsewhere. Those detours are reported
/// (PRIV4023) and their ARP is dropped on that failure, never sent off the checked routes.
/// </summary>
internal static class ArpFailover
{
    public static (ImmutableArray<ArpRuleSpec> Rules, ImmutableArray<Diagnostic> Diagnostics) Build(TopologyModel topology, IReadOnlyList<PacketPath> paths, IReadOnlyList<FailoverDetour> detours)
    {
        var (primary, firstPath) = ArpRules.Outputs(paths);
        var onward = new Dictionary<(string Device, int InPort), int>();
        var backups = new Dictionary<(string Device, int InPort, int Primary), (int Backup, long Group)>();
        var warnings = new List<Diagnostic>();
        var onwardFlow = new Dictionary<(string Device, int InPort), PacketPath>();
        foreach (var detour in detours)
        {
            if (Refusal(detour, primary, onward, backups) is { } reason)
            {
                var path = detour.Path;
                warnings.Add(DiagnosticCatalogue.ArpDetourNotFollowed(path.Flow.Location, path.Flow.Name,
                    $"'{path.Source.Name}' to '{path.Target.Name}' ({string.Join(" ", path.Steps.Select(s => s.Device.Name))})", detour.Element,
                    string.Join(" ", detour.Steps.Select(s => s.Device.Name)), reason));
                continue;
            }
            backups[(detour.Detector.Device.Name, detour.Detector.InPort, detour.Detector.OutPort)] = (detour.Steps[0].OutPort, detour.GroupId);
            foreach (var step in detour.Steps.Skip(1))
            {
                onward[(step.Device.Name, step.InPort)] = step.OutPort;
                onwardFlow.TryAdd((step.Device.Name, step.InPort), detour.Path);
            }
        }

        // Every output some failure case may use, as if every group fired at once: a superset of each case's rules, so
        // no loop here means no loop in any case.
        var all = new SortedDictionary<(string Device, int InPort), SortedSet<int>>();
        foreach (var (key, ports) in primary)
        {
            all[key] = [.. ports];
        }
        foreach (var ((device, inPort, _), (backup, _)) in backups)
        {
            all[(device, inPort)].Add(backup);
        }
        foreach (var (key, port) in onward)
        {
            (all.TryGetValue(key, out var ports) ? ports : all[key] = []).Add(port);
        }
        if (ArpRules.FindLoop(topology, all) is { } loop)
        {
            var flow = (firstPath.GetValueOrDefault(loop) ?? onwardFlow[loop]).Flow;
            return ([], [DiagnosticCatalogue.OnosArpLoop(flow.Location, loop.Device, loop.InPort)]);
        }

        var rules = ImmutableArray.CreateBuilder<ArpRuleSpec>();
        foreach (var (key, _) in all)
        {
            var outputs = new SortedSet<int>(primary.GetValueOrDefault(key, []));
            if (onward.TryGetValue(key, out var next))
            {
                outputs.Add(next);
            }
            var groups = new SortedSet<long>();
            foreach (var port in outputs.ToList())
            {
                if (backups.TryGetValue((key.Device, key.InPort, port), out var backup))
                {
                    outputs.Remove(port);
                    groups.Add(backup.Group);
                }
            }
            rules.Add(new ArpRuleSpec(topology.FindDevice(key.Device)!.Id, key.InPort, [.. outputs]) { GroupIds = [.. groups] });
        }
        return ([.. rules.OrderBy(r => r.DeviceId, StringComparer.Ordinal).ThenBy(r => r.InPort)], [.. warnings.Distinct().Order()]);
    }

    /// <summary>Why ARP cannot take this detour without also sending other ARP astray, or null when it can.</summary>
    private static string? Refusal(FailoverDetour detour, SortedDictionary<(string Device, int InPort), SortedSet<int>> primary,
        Dictionary<(string Device, int InPort), int> onward, Dictionary<(string Device, int InPort, int Primary), (int Backup, long Group)> backups)
    {
        var detector = detour.Detector;
        if (detour.Crankback)
        {
            return $"the detour goes back from '{detector.Device.Name}' by the port the packets came in by (crankback), and the devices on the way back would have to send every ARP entering by those ports onto the detour, also the proven replies' ARP when nothing fails";
        }
        if (backups.TryGetValue((detector.Device.Name, detector.InPort, detector.OutPort), out var taken) && taken.Backup != detour.Steps[0].OutPort)
        {
            return $"ARP entering '{detector.Device.Name}' by port {detector.InPort} already falls back from port {detector.OutPort} to port {taken.Backup} for another detour, and an ARP rule can match its in port only";
        }
        foreach (var step in detour.Steps.Skip(1))
        {
            var key = (step.Device.Name, step.InPort);
            if (primary.TryGetValue(key, out var ports) && !(ports.Count == 1 && ports.Min == step.OutPort))
            {
                return $"ARP entering '{step.Device.Name}' by port {step.InPort} already leaves by port(s) {string.Join(", ", ports)} along proven routes, and an ARP rule can match its in port only";
            }
            if (onward.TryGetValue(key, out var other) && other != step.OutPort)
            {
                return $"ARP entering '{step.Device.Name}' by port {step.InPort} already leaves by port {other} along another detour, and an ARP rule can match its in port only";
            }
        }
        return null;
    }
}
