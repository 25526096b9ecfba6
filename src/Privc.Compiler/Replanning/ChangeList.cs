using System.Collections.Immutable;
using Privc.Checking;
using Privc.Semantics;
using Privc.Topology;
using Privc.Verification.Replanning;

namespace Privc.Compiler.Replanning;

/// <summary>A replica that left a node of the reference plan: the service, the node it left and the node it went to (null when the service shrank).</summary>
public sealed record MovedReplica(string Service, string From, string? To);

/// <summary>
/// A reference route not kept: its flow and nodes, the old devices and, when <see cref="Rerouted"/> (same flow, same
/// nodes, other links), the new ones; otherwise the route is gone because an endpoint moved. <see cref="Reason"/> says why.
/// </summary>
public sealed record DisturbedRoute(string Flow, string SourceNode, string TargetNode, ImmutableArray<string> OldDevices, ImmutableArray<string> NewDevices, bool Rerouted, string Reason);

/// <summary>An artifact file of the new plan and how it compares with the reference output (certificate digests aside).</summary>
public sealed record ChangedFile(string Path, string Status);

/// <summary>
/// What a replan changes (specs/output.md, "replan"): moved replicas, disturbed routes, services, flows and routes
/// that are new or gone, and the artifact files that differ. Everything is sorted, so the list is deterministic.
/// </summary>
public sealed record ChangeList(
    ImmutableArray<MovedReplica> Moved,
    ImmutableArray<DisturbedRoute> Disturbed,
    ImmutableArray<string> AddedServices,
    ImmutableArray<string> RemovedServices,
    ImmutableArray<string> AddedFlows,
    ImmutableArray<string> RemovedFlows,
    ImmutableArray<string> AddedReplicas,
    ImmutableArray<string> AddedRoutes,
    ImmutableArray<ChangedFile> Files)
{
    public bool NothingChanged => Moved.IsEmpty && Disturbed.IsEmpty && AddedServices.IsEmpty && RemovedServices.IsEmpty && AddedFlows.IsEmpty
        && RemovedFlows.IsEmpty && AddedReplicas.IsEmpty && AddedRoutes.IsEmpty && Files.IsEmpty;

    /// <summary>Compares the new plan with the reference, object by object (the files are compared by the caller).</summary>
    public static ChangeList Between(BoundProgram program, TopologyModel topology, ReferencePlan reference, Configuration plan, ImmutableArray<ChangedFile> files)
    {
        var moved = new List<MovedReplica>();
        var addedReplicas = new List<string>();
        foreach (var service in program.Services)
        {
            if (!reference.Placements.TryGetValue(service.Name, out var old))
            {
                continue;
            }
            var now = plan.NodesOf(service.Name);
            var left = old.Where(n => !now.Contains(n)).ToList();
            var arrived = now.Where(n => !old.Contains(n)).ToList();
            // Each node left is paired with a node arrived, in name order; arrivals beyond the moves are new replicas.
            var moves = Math.Max(0, Math.Min(old.Count, service.Replicas) - now.Count(old.Contains));
            for (var k = 0; k < left.Count; k++)
            {
                moved.Add(new MovedReplica(service.Name, left[k], k < arrived.Count && k < moves ? arrived[k] : null));
            }
            addedReplicas.AddRange(arrived.Skip(Math.Min(moves, arrived.Count)).Select(n => $"{service.Name}@{n}"));
        }
        var routes = plan.Routes.GroupBy(r => (r.Flow, r.SourceNode, r.TargetNode)).ToDictionary(g => g.Key, g => g.First());
        var disturbed = new List<DisturbedRoute>();
        foreach (var old in DisruptionMeasure.MeasuredRoutes(program, reference))
        {
            var oldDevices = Devices(old);
            if (!routes.TryGetValue(old.Key, out var now))
            {
                var flow = program.Flow(old.Flow);
                var reason = !plan.NodesOf(flow.Source).Contains(old.SourceNode) ? $"{flow.Source} left {old.SourceNode}" : $"{flow.Target} left {old.TargetNode}";
                disturbed.Add(new DisturbedRoute(old.Flow, old.SourceNode, old.TargetNode, oldDevices, [], false, reason));
            }
            else if (!DisruptionMeasure.SameLinks(old, now))
            {
                var gone = old.Hops.FirstOrDefault(h => !topology.DirectedLinks.Any(l => l.From == h.From && l.FromPort == h.FromPort && l.To == h.To && l.ToPort == h.ToPort));
                var reason = gone is not null ? $"rerouted: link {gone.From}:{gone.FromPort} -> {gone.To}:{gone.ToPort} is gone" : "rerouted";
                disturbed.Add(new DisturbedRoute(old.Flow, old.SourceNode, old.TargetNode, oldDevices, now.Devices.IsDefault ? [] : now.Devices, true, reason));
            }
        }
        var oldKeys = reference.Routes.Select(r => r.Key).ToHashSet();
        var addedRoutes = plan.Routes.Where(r => !oldKeys.Contains((r.Flow, r.SourceNode, r.TargetNode))).Select(r => $"{r.Flow}:{r.SourceNode}->{r.TargetNode}");
        var oldFlows = reference.Routes.Select(r => r.Flow).ToHashSet(StringComparer.Ordinal);
        return new ChangeList(
            [.. moved.OrderBy(m => m.Service, StringComparer.Ordinal).ThenBy(m => m.From, StringComparer.Ordinal)],
            [.. disturbed.OrderBy(d => d.Flow, StringComparer.Ordinal).ThenBy(d => d.SourceNode, StringComparer.Ordinal).ThenBy(d => d.TargetNode, StringComparer.Ordinal)],
            [.. program.Services.Select(s => s.Name).Where(s => !reference.Placements.ContainsKey(s)).Order(StringComparer.Ordinal)],
            [.. reference.Placements.Keys.Where(s => program.Services.All(p => p.Name != s)).Order(StringComparer.Ordinal)],
            [.. program.Flows.Select(f => f.Name).Where(f => !oldFlows.Contains(f) && plan.Routes.Any(r => r.Flow == f)).Order(StringComparer.Ordinal)],
            [.. oldFlows.Where(f => program.Flows.All(p => p.Name != f)).Order(StringComparer.Ordinal)],
            [.. addedReplicas.Order(StringComparer.Ordinal)],
            [.. addedRoutes.Order(StringComparer.Ordinal)],
            files);
    }

    private static ImmutableArray<string> Devices(ReferenceRoute route) =>
        route.Hops.IsEmpty ? [] : [route.Hops[0].From, .. route.Hops.Select(h => h.To)];
}
