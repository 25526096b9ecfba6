using System.Collections.Immutable;
using Privc.Checking;
using Privc.Diagnostics;
using Privc.Semantics;
using Privc.Text;
using Privc.Topology;

namespace Privc.Artifacts.Onos;

/// <summary>
/// The trace of flow rules with their ONOS groups: <see cref="Normal"/> with every element up (a failover group
/// forwards by its first live bucket), and <see cref="Violations"/>: what goes wrong when one element fails
/// (<see cref="FailoverTracer.Condition"/> for packets lost, looping, misdelivered or split; the intent's own name
/// for a compliant-looking delivery that breaks it), each naming the failure. <see cref="Failures"/> counts the
/// failure cases judged.
/// </summary>
internal sealed record FailoverTrace(FlowTrace Normal, ImmutableArray<Violation> Violations, int Failures);

/// <summary>
/// Judges fast-failover groups case by case (specs/onos.md, "Fast-failover groups", and specs/check.md section 12).
/// For each failure case (no failure, then every inner device and every cable of every delivered path: a failure
/// elsewhere changes no watched port on those paths, so nothing else can change where the flows' packets go) the
/// rules are rewritten to what the switches then do: a failed device has no rules, an output to a port whose cable
/// or peer device failed sends nothing, and a GROUP instruction becomes the output of the group's first bucket whose
/// watched port is live (nothing when none is). Groups of another type, buckets privc cannot follow, watched ports
/// the topology does not know and groups missing from the file stay actions privc does not follow (cannot judge,
/// PRIV5150), so a group set privc cannot evaluate is never called compliant. Each case is traced by
/// <see cref="FlowTracer"/> as any flows file is, and the delivered paths of the pairs whose path passes the failed
/// element are judged by the checker's own route conditions (<see cref="RouteJudge"/>). The rule audits (ARP kept on
/// the delivered routes, no undeclared traffic carried) run in every case too; what they find only under a failure
/// joins the rule findings of <see cref="FailoverTrace.Normal"/>, its message naming the failure.
/// </summary>
internal static class FailoverTracer
{
    /// <summary>The name under which failure cases that stop or split a flow are reported.</summary>
    public const string Condition = "R1 failover";

    private sealed record Failure(string? Device, NetworkLink? Cable)
    {
        public static Failure None { get; } = new(null, null);

        public string Text => Device is not null ? $"device '{Device}' fails" : $"the cable {Cable!.DisplayName} fails";
    }

    public static FailoverTrace Trace(SourceText flowsJson, SourceText groupsJson, TopologyModel topology, BoundProgram program, ImmutableArray<Placement> placements)
    {
        var diagnostics = new List<Diagnostic>();
        var rules = OnosFlowReader.Read(flowsJson, topology, diagnostics);
        var groups = OnosGroupReader.Read(groupsJson, topology, diagnostics);
        var normal = FlowTracer.Trace(Apply(rules, groups, Failure.None, topology), diagnostics, flowsJson, topology, program, placements, HeaderWalker.MaxNodes);
        if (normal.HasErrors)
        {
            return new FailoverTrace(normal, [], 0);
        }

        var elements = new SortedDictionary<string, Failure>(StringComparer.Ordinal);
        var passing = new Dictionary<string, HashSet<(string, string, string)>>(StringComparer.Ordinal);
        void Passes(Failure failure, Route route)
        {
            var key = failure.Device is not null ? "device " + failure.Device : "cable " + failure.Cable!.Index.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            elements.TryAdd(key, failure);
            (passing.TryGetValue(key, out var pairs) ? pairs : passing[key] = []).Add((route.Flow, route.SourceNode, route.TargetNode));
        }
        foreach (var route in normal.Routes.Where(r => r.Devices.Length >= 2))
        {
            foreach (var device in route.Devices.Skip(1).SkipLast(1))
            {
                Passes(new Failure(device, null), route);
            }
            foreach (var hop in route.Hops)
            {
                if (topology.OutgoingOf(hop.From).FirstOrDefault(l => l.FromPort == hop.FromPort && l.To == hop.To && l.ToPort == hop.ToPort) is { Link: { } cable })
                {
                    Passes(new Failure(null, cable), route);
                }
            }
        }

        var judge = new RouteJudge(program, topology);
        var violations = new List<Violation>();
        var extra = new List<Diagnostic>();
        var findings = new List<RuleFinding>();
        var normalFindings = normal.RuleFindings.Select(f => (f.At.Display, f.Violation.Message)).ToHashSet();
        foreach (var (key, failure) in elements)
        {
            var affected = passing[key];
            var found = new List<Diagnostic>();
            var trace = FlowTracer.Trace(Apply(rules, groups, failure, topology), found, flowsJson, topology, program, placements, HeaderWalker.MaxNodes, normal.Routes);
            extra.AddRange(found.Where(DiagnosticCatalogue.IsCannotJudge));
            // Replies need not retrace the requests after a failure: each direction fails over at the switch before the
            // failed element on its own way, so the two walks differ; each is judged as a route of the flow instead.
            foreach (var problem in trace.Problems.Where(p => p.Kind != TraceProblemKind.Asymmetric && affected.Contains((p.Flow, p.SourceNode, p.TargetNode))))
            {
                var violation = problem.ToViolation();
                violations.Add(new Violation(Condition, violation.Kind, $"when {failure.Text}: {problem.Message}{(problem.Packet is { } packet ? $" (e.g. {packet})" : string.Empty)}",
                    violation.Witness with { Device = failure.Device ?? violation.Witness.Device, Link = failure.Cable?.DisplayName }));
            }
            foreach (var route in trace.Routes.Where(r => affected.Contains((r.Flow, r.SourceNode, r.TargetNode))))
            {
                violations.AddRange(judge.JudgeWalk(route).Select(v => v with { Message = $"when {failure.Text}: {v.Message}" }));
            }
            // What the rules themselves do wrong only in this case (ARP sent off both this case's delivered routes and the
            // routes proven without a failure, undeclared traffic a backup bucket carries), at the rule, naming the failure.
            // ARP may still run along a proven route whose packets this failure drops (PRIV4020): those devices and links
            // were judged for the pair's traffic, and the ARP ends at the dead port.
            findings.AddRange(trace.RuleFindings.Where(f => !normalFindings.Contains((f.At.Display, f.Violation.Message)))
                .Select(f => f with { Violation = f.Violation with { Message = $"when {failure.Text}: {f.Violation.Message}", Witness = f.Violation.Witness with { Link = failure.Cable?.DisplayName } } }));
        }
        var all = normal.Diagnostics.Concat(extra).Distinct().Order().ToImmutableArray();
        var ruleFindings = normal.RuleFindings.Concat(findings.DistinctBy(f => (f.At.Display, f.Violation.Message)))
            .OrderBy(f => f.At).ThenBy(f => f.Violation.Message, StringComparer.Ordinal).ToImmutableArray();
        return new FailoverTrace(normal with { Diagnostics = all, RuleFindings = ruleFindings }, [.. violations.Distinct()], elements.Count);
    }

    /// <summary>The rules as the switches apply them in one failure case.</summary>
    private static ImmutableArray<OnosRule> Apply(ImmutableArray<OnosRule> rules, ImmutableDictionary<(string Device, long Id), OnosGroup> groups, Failure failure, TopologyModel topology)
    {
        var result = ImmutableArray.CreateBuilder<OnosRule>();
        foreach (var rule in rules.Where(r => r.Device.Name != failure.Device))
        {
            var treatment = rule.Treatment;
            var immediate = Map(treatment.Immediate, rule.Device, groups, failure, topology);
            var deferred = Map(treatment.Deferred, rule.Device, groups, failure, topology);
            result.Add(rule with { Treatment = new Treatment(immediate, deferred, treatment.ClearDeferred, treatment.GotoTable, treatment.BadGoto) });
        }
        return result.ToImmutable();
    }

    private static ImmutableArray<RuleAction> Map(ImmutableArray<RuleAction> actions, NetworkDevice device, ImmutableDictionary<(string Device, long Id), OnosGroup> groups, Failure failure, TopologyModel topology)
    {
        var mapped = ImmutableArray.CreateBuilder<RuleAction>();
        foreach (var action in actions)
        {
            switch (action)
            {
                case RuleAction.Output { ToInPort: false } output when Live(device, output.Port, failure, topology) == false:
                    // OpenFlow sends nothing out of a port that is down.
                    break;
                case RuleAction.Elsewhere { GroupId: { } id } elsewhere:
                    if (Group(device, id & 0xffffffffL, elsewhere.Why, groups, failure, topology) is { } resolved)
                    {
                        mapped.Add(resolved);
                    }
                    break;
                default:
                    mapped.Add(action);
                    break;
            }
        }
        return mapped.ToImmutable();
    }

    /// <summary>What a GROUP instruction does in this failure case: an output, nothing (no live bucket), or something not followed.</summary>
    private static RuleAction? Group(NetworkDevice device, long id, Unjudgeable at, ImmutableDictionary<(string Device, long Id), OnosGroup> groups, Failure failure, TopologyModel topology)
    {
        RuleAction NotFollowed(string what) => new RuleAction.Elsewhere(at with { What = what }, false);
        if (!groups.TryGetValue((device.Name, id), out var group))
        {
            return NotFollowed($"GROUP {id}, which the groups file does not hold on device '{device.Id}'");
        }
        if (group.Type != "FAILOVER")
        {
            return NotFollowed($"GROUP {id}, a group of type {group.Type} (privc evaluates FAILOVER groups only)");
        }
        foreach (var bucket in group.Buckets)
        {
            if (bucket.NotFollowed is { } why)
            {
                return NotFollowed($"GROUP {id} reaching {why.What} at {why.Location.Display}");
            }
            var live = Live(device, bucket.WatchPort!.Value, failure, topology);
            if (live is null)
            {
                return NotFollowed($"GROUP {id}, whose bucket watches port {bucket.WatchPort} that no link or node of the topology uses on '{device.Name}' (its liveness is unknown)");
            }
            if (live == true)
            {
                if (bucket.OutputInPort)
                {
                    return new RuleAction.Output(0, true);
                }
                return Live(device, bucket.OutputPort!.Value, failure, topology) == false ? null : new RuleAction.Output(bucket.OutputPort.Value, false);
            }
        }
        return null;
    }

    /// <summary>Whether a port of the device is up in this failure case; null when the topology does not know the port.</summary>
    private static bool? Live(NetworkDevice device, long port, Failure failure, TopologyModel topology)
    {
        if (topology.OutgoingOf(device.Name).FirstOrDefault(l => l.FromPort == port) is { Link: { } link } directed)
        {
            return failure.Cable?.Index != link.Index && failure.Device != directed.To && failure.Device != device.Name;
        }
        if (topology.Nodes.Any(n => n.Device == device.Name && n.Port == port))
        {
            return failure.Device != device.Name;
        }
        return null;
    }
}
