using System.Globalization;
using Privc.Topology;

namespace Privc.Checking;

internal sealed partial class ConfigurationJudge
{
    /// <summary>
    /// W4: a flow reserves its bandwidth once on each directed link any of its routes uses; the reservations on a
    /// directed link fit its capacity. The two directions of a cable are separate links and do not share.
    /// </summary>
    private void CheckBandwidth(List<ResolvedRoute> routes)
    {
        var users = new SortedDictionary<int, SortedSet<string>>();
        foreach (var route in routes)
        {
            foreach (var link in route.Links)
            {
                if (!users.TryGetValue(link.Id, out var flows))
                {
                    users[link.Id] = flows = new SortedSet<string>(StringComparer.Ordinal);
                }
                flows.Add(route.Flow.Name);
            }
        }
        foreach (var (id, flows) in users)
        {
            var link = Topology.DirectedLinks[id];
            var reserved = flows.Sum(f => rules.FlowsByName[f].BandwidthBps);
            if (reserved > link.Link.BandwidthBps)
            {
                Report(StructuralCondition.Bandwidth, ViolationKind.BandwidthExceeded,
                    $"link {link.DisplayName} carries {string.Join(", ", flows.Select(Quote))} reserving {Number(reserved)}bps, above its capacity {Number(link.Link.BandwidthBps)}bps",
                    new Witness { Link = link.DisplayName, Quantity = "bandwidth", Measured = reserved, Bound = link.Link.BandwidthBps });
            }
        }
    }

    /// <summary>
    /// W5: every declared flow is allowed (by its port, or by <c>*</c>), and every allowed triple is justified by a
    /// declared flow: (a, b, p) by a flow a -> b on port p or on no port, (a, b, *) only by a flow a -> b on no port.
    /// Flows to and from external endpoints are declared flows here like any other: an allowed triple naming an
    /// endpoint is justified only by a declared flow with that endpoint.
    /// </summary>
    private void CheckIsolation()
    {
        const string W5 = StructuralCondition.Isolation;
        var allowed = configuration.Allowed.IsDefault ? [] : configuration.Allowed;
        var declared = Program.Flows.Concat(Program.ExternalFlows).ToList();
        foreach (var flow in declared)
        {
            var permitted = allowed.Any(a => a.Source == flow.Source && a.Target == flow.Target && (a.Port is null || a.Port == flow.Port));
            if (!permitted)
            {
                Report(W5, ViolationKind.FlowNotAllowed,
                    $"declared flow {Quote(flow.Name)} ({flow.Source} -> {flow.Target} on {PortText(flow.Port)}) is not allowed by the network policy",
                    new Witness { Flow = flow.Name, Service = flow.Source, OtherService = flow.Target, Port = PortText(flow.Port) });
            }
        }
        foreach (var allow in allowed)
        {
            var justified = declared.Any(f => f.Source == allow.Source && f.Target == allow.Target && (f.Port is null || f.Port == allow.Port));
            if (!justified)
            {
                Report(W5, ViolationKind.UndeclaredFlowAllowed,
                    $"the network policy allows {allow.Source} -> {allow.Target} on {PortText(allow.Port)}, which no declared flow needs",
                    new Witness { Service = allow.Source, OtherService = allow.Target, Port = PortText(allow.Port) });
            }
        }
    }

    private static string PortText(int? port) => port is { } p ? p.ToString(CultureInfo.InvariantCulture) : "*";
}
