using System.Collections.Immutable;
using Privc.Verification.Solving;

namespace Privc.Verification.Decomposition;

public sealed partial class RoutingSubproblem
{
    /// <summary>
    /// How long the device-level proof of a conflict may take before privc settles for the node-level nogood (the
    /// stronger nogood is an optimisation; a slow proof of it is not worth the budget).
    /// </summary>
    private static readonly TimeSpan DeviceProofCap = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The nogood of an unroutable set of classes lifted from nodes to devices (specs/encoding.md section 13.2), or
    /// null when the lifted routing problem is not refuted in time: one route per (flow, source device, target device)
    /// of the classes' items, each under its own flow's condition, without W3's coincidences, W4 once per flow and
    /// link. Any placement that puts each such flow's two services on the two devices has an item there, and its
    /// routing restricted to one item per demand is a model of this problem, so unsat excludes every such placement,
    /// whichever nodes of the devices it uses. Items on one device (empty or single-device routes, which depend on the
    /// nodes) are not lifted.
    /// </summary>
    private Learnt? LearnOnDevices(IReadOnlyList<CoincidenceClass> core)
    {
        var items = core.SelectMany(c => c.Items.Select(i => i.Item)).ToList();
        if (items.Any(i => i.Source.Device == i.Target.Device))
        {
            return null;
        }
        var demands = items.GroupBy(i => (i.Flow.Name, i.Source.Device, i.Target.Device))
            .Select(g => g.OrderBy(i => i.SortKey, StringComparer.Ordinal).First())
            .OrderBy(i => i.SortKey, StringComparer.Ordinal).ToList();
        var classes = demands.Select((item, k) => new CoincidenceClass(k, item.Source, item.Target, [(item, true)], facts.Conditions[item.Flow.Name], facts.FlowClass[item.Flow.Name])).ToList();
        var encoded = RoutingEncoding.Encode(classes, index, search);
        var proof = encoded.Text + string.Concat(classes.Select(c => $"(assert {encoded.ClassLiterals[c.Id]})\n")) + "(check-sat)\n";
        var before = solver.SolverTime;
        var answer = solver.CheckScript(proof, DeviceProofCap);
        Report("devices", classes, encoded, before, answer.Outcome.ToString().ToLowerInvariant());
        if (answer.Outcome != SolverOutcome.Unsat)
        {
            return null;
        }
        var hosts = demands.SelectMany(i => new[] { (i.Flow.Source, i.Source.Device), (i.Flow.Target, i.Target.Device) }).Distinct()
            .OrderBy(h => h.Item1, StringComparer.Ordinal).ThenBy(h => h.Item2, StringComparer.Ordinal).ToImmutableArray();
        var intents = classes.Aggregate(ImmutableSortedSet.Create<string>(StringComparer.Ordinal), (set, c) => set.Union(c.Condition.Intents));
        var pairs = string.Join("; ", demands.Select(i => $"{i.Flow.Name} {i.Source.Device} -> {i.Target.Device}"));
        return new Learnt(new Nogood(hosts, intents, proof, $"the flows {pairs} cannot all be routed between these devices, whichever of their nodes host them", OnDevices: true), null);
    }
}
