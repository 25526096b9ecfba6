using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Checking;

/// <summary>
/// The checker's per-route conditions (specs/semantics.md section 5: a well-formed simple path between the replicas'
/// attachment devices, the keep conditions on its devices and links, every constraint of every route intent naming
/// the flow) applied to one candidate route, outside any configuration. The failover emitter asks it which
/// detours are compliant, and the failure judge of <c>privc check</c> asks it about the paths packets take after a
/// failure; both then rely on the same reading of section 5 as the checker of whole configurations.
/// </summary>
public sealed class RouteJudge
{
    private readonly CheckRules rules;
    private readonly ConfigurationJudge judge;

    public RouteJudge(BoundProgram program, TopologyModel topology)
    {
        rules = new CheckRules(program, topology);
        judge = new ConfigurationJudge(rules, new Configuration([], [], []), CheckMode.Full);
    }

    /// <summary>
    /// Every violation of the route's shape (W3) and of its flow's route conditions; empty when the route is a
    /// compliant route of the flow between the two nodes. An unknown flow or node is reported as a W3 violation.
    /// </summary>
    public ImmutableArray<Violation> Judge(Route route)
    {
        var found = new List<Violation>();
        if (!rules.FlowsByName.TryGetValue(route.Flow, out var flow) || rules.Topology.FindNode(route.SourceNode) is not { } source
            || rules.Topology.FindNode(route.TargetNode) is not { } target)
        {
            found.Add(new Violation(StructuralCondition.Routing, ViolationKind.UnknownFlow,
                $"a route of '{route.Flow}' from '{route.SourceNode}' to '{route.TargetNode}' names an unknown flow or node",
                new Witness { Flow = route.Flow, SourceNode = route.SourceNode, TargetNode = route.TargetNode, DevicePath = route.Devices.IsDefault ? [] : route.Devices }));
            return [.. found];
        }
        var resolved = judge.Resolve(flow, route, source, target, found);
        found.AddRange(judge.RouteConditionViolations(resolved));
        return [.. found];
    }

    /// <summary>Whether <see cref="Judge"/> finds nothing.</summary>
    public bool Passes(Route route) => Judge(route).IsEmpty;

    /// <summary>
    /// The violations of a walk packets take after a failure: as <see cref="Judge"/>, except that the walk may
    /// revisit a device (a fast-failover detour may send packets back along their way before branching off,
    /// specs/semantics.md section 9), so only a walk's other shape conditions and every route condition count.
    /// </summary>
    public ImmutableArray<Violation> JudgeWalk(Route route) => [.. Judge(route).Where(v => v.Kind != ViolationKind.RepeatedDevice)];

    /// <summary>Whether <see cref="JudgeWalk"/> finds nothing.</summary>
    public bool PassesAsWalk(Route route) => JudgeWalk(route).IsEmpty;
}
