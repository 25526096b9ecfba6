using System.Collections.Immutable;
using Privc.Checking;
using Privc.Diagnostics;
using Privc.Semantics;
using Privc.Text;
using Privc.Topology;

namespace Privc.Artifacts.Onos;

/// <summary>Which packets of a flow a trace followed: requests (source to target) or replies (target to source).</summary>
public enum TraceDirection
{
    Request,
    Reply,
}

public enum TraceProblemKind
{
    /// <summary>The packet comes back to a device through a port it already entered by.</summary>
    Loop,

    /// <summary>No rule matches, the rule drops the packet, or it sends it out of a port with no link and no node.</summary>
    BlackHole,

    /// <summary>The packet (or a copy of it) is delivered to a node other than the target.</summary>
    Misdelivered,

    /// <summary>Some packets of the flow (a header class, a copy, a rule's timeout or state, or a tie between equal priorities) take another path than the flow's main route.</summary>
    Ambiguous,

    /// <summary>Replies are delivered, but not along the reverse of the route the requests take (link by link).</summary>
    Asymmetric,
}

/// <summary>
/// A way the flow rules fail to carry one flow between one pair of replica nodes: the flow, its source and target
/// node (as the flow declares them, also for replies), the direction, what went wrong, the devices the packet
/// visited in order, the device where it failed and a sentence. <see cref="Packet"/> is a concrete header of the
/// packets concerned (the witness).
/// </summary>
public sealed record TraceProblem(
    string Flow,
    string SourceNode,
    string TargetNode,
    TraceDirection Direction,
    TraceProblemKind Kind,
    ImmutableArray<string> Devices,
    string? FailedAt,
    string Message)
{
    public string? Packet { get; init; }

    /// <summary>
    /// The problem as a W3 routing violation with a path witness: a packet path that never arrives means the proven
    /// route is missing (<see cref="ViolationKind.MissingRoute"/>); one that arrives by a path no proof covered is
    /// an <see cref="ViolationKind.UnexpectedRoute"/>.
    /// </summary>
    public Violation ToViolation() => new(
        StructuralCondition.Routing,
        Kind is TraceProblemKind.Ambiguous or TraceProblemKind.Asymmetric ? ViolationKind.UnexpectedRoute : ViolationKind.MissingRoute,
        Message,
        new Witness { Flow = Flow, SourceNode = SourceNode, TargetNode = TargetNode, DevicePath = Devices, Device = FailedAt });

    public override string ToString() => Message;
}

/// <summary>
/// What ONOS flow rules do to the declared flows: every distinct path some packets of a (flow, source node, target
/// node) triple are delivered along, as <see cref="Route"/> values a <see cref="Configuration"/> can hold (more than
/// one route for a pair is itself a W3 violation, and the checker judges each against the intents), the problems,
/// and diagnostics about the file and about what could not be judged (PRIV5150-5153, warnings).
/// </summary>
public sealed record FlowTrace(ImmutableArray<Route> Routes, ImmutableArray<TraceProblem> Problems, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>Whether some packets could not be judged (a cannot-judge warning): the trace is then not a proof of compliance.</summary>
    public bool HasUnjudged => Diagnostics.Any(DiagnosticCatalogue.IsCannotJudge);

    /// <summary>Violations found in the rules themselves: undeclared pod traffic carried, ARP sent off the proven routes.</summary>
    public ImmutableArray<RuleFinding> RuleFindings { get; init; } = [];
}

/// <summary>
/// Follows every packet of every declared flow through ONOS flow rules (specs/onos.md, "Tracing"). For each flow and
/// pair of replica nodes, the set of headers its requests can carry (the two nodes' addresses, TCP to the flow's
/// port with any client port, or any protocol and ports for a flow without one; any VLAN tag, DSCP, ECN and MAC
/// addresses) enters the network at the source node's attachment port as a header space (a union of ternary
/// cubes, as in Header Space Analysis). Each device splits it by its rules, in priority order, table by table,
/// and each part follows its rule's actions; every part ends delivered, lost, looping, misdelivered or beyond
/// what privc follows (cannot judge). Replies are traced back the same way. The tracer does not use the SMT
/// encoder: it reads the flows file and the topology only.
/// </summary>
internal static class FlowTracer
{
    public static FlowTrace Trace(SourceText flowsJson, TopologyModel topology, BoundProgram program, ImmutableArray<Placement> placements) =>
        Trace(flowsJson, topology, program, placements, HeaderWalker.MaxNodes);

    /// <summary>The trace with a budget of decision-diagram nodes per walk (tests use a small one to reach it).</summary>
    internal static FlowTrace Trace(SourceText flowsJson, TopologyModel topology, BoundProgram program, ImmutableArray<Placement> placements, int maxNodes)
    {
        var diagnostics = new List<Diagnostic>();
        var rules = OnosFlowReader.Read(flowsJson, topology, diagnostics);
        return Trace(rules, diagnostics, flowsJson, topology, program, placements, maxNodes);
    }

    /// <summary>
    /// The trace of rules already read (the failover tracer passes each failure's rewritten rules, and the routes
    /// proven without a failure, which ARP may keep to besides the routes delivered in that case; replies that fail over
    /// while the requests are lost are then routes of the case too).
    /// </summary>
    internal static FlowTrace Trace(ImmutableArray<OnosRule> rules, List<Diagnostic> diagnostics, SourceText flowsJson, TopologyModel topology, BoundProgram program, ImmutableArray<Placement> placements, int maxNodes,
        ImmutableArray<Route> provenRoutes = default)
    {
        var byDevice = rules.GroupBy(r => r.Device.Name)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Priority).ThenBy(r => r.Index).ToImmutableArray(), StringComparer.Ordinal);
        var servicePorts = program.Flows.Where(f => f.Port is not null).Select(f => (long)f.Port!.Value).Distinct().Order().ToImmutableArray();
        var routes = new List<Route>();
        var problems = new List<TraceProblem>();
        var unjudged = new UnjudgedFindings();
        ImmutableArray<ComputeNode> Nodes(string service) =>
            placements.Where(p => p.Service == service).SelectMany(p => p.Nodes).Distinct(StringComparer.Ordinal)
                .Select(topology.FindNode).OfType<ComputeNode>().OrderBy(n => n.Name, StringComparer.Ordinal).ToImmutableArray();
        foreach (var flow in program.Flows.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            foreach (var source in Nodes(flow.Source))
            {
                foreach (var target in Nodes(flow.Target))
                {
                    if (source.Name == target.Name)
                    {
                        routes.Add(new Route(flow.Name, source.Name, target.Name, [], []));
                        continue;
                    }
                    new PairTracer(topology, byDevice, flow, source, target, servicePorts, flowsJson, unjudged, maxNodes, loneReplies: !provenRoutes.IsDefault).Trace(routes, problems);
                }
            }
        }
        var findings = new List<RuleFinding>();
        new StrayTrafficAudit(topology, byDevice, flowsJson, maxNodes).Audit(program, placements, findings);
        ArpAudit.Audit(topology, byDevice, provenRoutes.IsDefault ? routes : routes.Concat(provenRoutes), findings, unjudged);
        diagnostics.AddRange(unjudged.Diagnostics());
        return new FlowTrace(
            routes.ToImmutableArray(),
            problems.DistinctBy(p => (p.Flow, p.SourceNode, p.TargetNode, p.Direction, p.Kind, string.Join(",", p.Devices), p.FailedAt, p.Message)).OrderBy(p => p.Flow, StringComparer.Ordinal).ThenBy(p => p.SourceNode, StringComparer.Ordinal).ThenBy(p => p.TargetNode, StringComparer.Ordinal)
                .ThenBy(p => p.Direction).ThenBy(p => p.Kind).ThenBy(p => p.Message, StringComparer.Ordinal).ToImmutableArray(),
            diagnostics.Distinct().Order().ToImmutableArray())
        {
            RuleFindings = [.. findings.OrderBy(f => f.At).ThenBy(f => f.Violation.Message, StringComparer.Ordinal)],
        };
    }
}

/// <summary>
/// Cannot-judge findings gathered over all pairs: one diagnostic per thing not followed (its code, location and
/// reason), naming the first packets that reach it and how many other flow pairs do.
/// </summary>
internal sealed class UnjudgedFindings
{
    private readonly SortedDictionary<(string Code, string Where, string What), (SourceLocation Location, string First, SortedSet<string> Pairs)> found = new();

    public void Add(DiagnosticDescriptor code, Unjudgeable why, string pair, string packets)
    {
        var key = (code.Code, why.Location.Display, why.What);
        if (!found.TryGetValue(key, out var entry))
        {
            entry = (why.Location, packets, new SortedSet<string>(StringComparer.Ordinal));
            found.Add(key, entry);
        }
        entry.Pairs.Add(pair);
    }

    public IEnumerable<Diagnostic> Diagnostics()
    {
        foreach (var ((code, _, what), (location, first, pairs)) in found)
        {
            var packets = pairs.Count > 1 ? $"{first} (and packets of {pairs.Count - 1} other flow pair(s))" : first;
            yield return code switch
            {
                "PRIV5150" => DiagnosticCatalogue.OnosCannotFollow(location, what, packets),
                "PRIV5151" => DiagnosticCatalogue.OnosUnknownMatch(location, what, packets),
                "PRIV5152" => DiagnosticCatalogue.OnosUnknownTable(location, what, packets),
                _ => DiagnosticCatalogue.OnosTraceTooLarge(location, packets, what),
            };
        }
    }
}
