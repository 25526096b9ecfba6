using System.Collections.Immutable;
using Privc.Diagnostics;
using Privc.Checking;
using Privc.Text;
using Privc.Topology;

namespace Privc.Artifacts.Onos;

/// <summary>
/// Walks a header space through the devices' flow rules with OpenFlow 1.3 pipeline semantics: tables from 0, in
/// each the highest-priority matching rule, its apply-actions at once, its write-actions into the action set, then
/// goto-table or, at the end of the pipeline, the action set; a table miss drops. A rule that may or may not be in
/// the switch (temporary, or in an unsettled state) and rules tied at one priority are followed both ways.
/// </summary>
internal sealed class HeaderWalker(TopologyModel topology, Dictionary<string, ImmutableArray<OnosRule>> byDevice, SourceText flowsFile)
{
    /// <summary>Device entries followed for one direction of one pair before giving up (cannot judge).</summary>
    public const int MaxVisits = 20_000;

    /// <summary>Decision-diagram nodes one walk may build before giving up (cannot judge), about 50 MB; thousands of port rules stay far below it.</summary>
    public const int MaxNodes = 500_000;

    private readonly List<Outcome> outcomes = [];
    private ComputeNode to = null!;
    private int visits;

    /// <summary>Where one copy of the packets is: the device, the port it entered by, and the way it came.</summary>
    private sealed record Place(NetworkDevice Device, long InPort, ImmutableArray<string> Devices, ImmutableArray<Hop> Hops, ImmutableHashSet<(string, long)> Seen);

    /// <summary>OpenFlow's action set: the output (last written wins), a group or other action privc does not follow, and a pending rewrite.</summary>
    private sealed record ActionSet(RuleAction? Output, Unjudgeable? Other, Unjudgeable? Rewrite)
    {
        public static ActionSet Empty { get; } = new(null, null, null);

        public ActionSet Write(ImmutableArray<RuleAction> actions)
        {
            var set = this;
            foreach (var action in actions)
            {
                set = action switch
                {
                    RuleAction.Output or RuleAction.Everywhere or RuleAction.Elsewhere { IsOutput: true } => set with { Output = action },
                    RuleAction.Elsewhere other => set with { Other = other.Why },
                    RuleAction.Rewrite rewrite => set with { Rewrite = rewrite.Why },
                    _ => set,
                };
            }
            return set;
        }
    }

    public List<Outcome> Walk(ComputeNode from, ComputeNode target, HeaderSet headers)
    {
        to = target;
        var start = topology.FindDevice(from.Device)!;
        try
        {
            Enter(start, from.Port, headers, [], [], [], []);
        }
        catch (HeaderSpaceExhaustedException exhausted)
        {
            // What was found stays (every path in it is real); the rest of the packets are not judged.
            var place = new Place(start, from.Port, [start.Name], [], []);
            CannotJudge(DiagnosticCatalogue.Codes.OnosTraceTooLarge,
                new Unjudgeable($"the rules split these packets into more header classes than privc follows ({exhausted.Limit} decision-diagram nodes)", new SourceLocation(flowsFile, new TextSpan(0, 0))),
                headers, [], place);
        }
        return outcomes;
    }

    private void End(Ending ending, HeaderSet packets, ImmutableList<string> notes, Place place, string? at, string what, DiagnosticDescriptor? code = null, Unjudgeable? why = null) =>
        outcomes.Add(new Outcome(ending, packets, notes, place.Devices, place.Hops, at, what, code, why));

    private void CannotJudge(DiagnosticDescriptor code, Unjudgeable why, HeaderSet packets, ImmutableList<string> notes, Place place) =>
        End(Ending.CannotJudge, packets, notes, place, place.Device.Name, why.What, code, why);

    private void Enter(NetworkDevice device, long inPort, HeaderSet packets, ImmutableList<string> notes, ImmutableArray<string> devices, ImmutableArray<Hop> hops, ImmutableHashSet<(string, long)> seen)
    {
        var place = new Place(device, inPort, devices.Add(device.Name), hops, seen.Add((device.Name, inPort)));
        if (seen.Contains((device.Name, inPort)))
        {
            End(Ending.Loop, packets, notes, place, device.Name, $"which they already entered by port {inPort}");
            return;
        }
        if (++visits > MaxVisits)
        {
            CannotJudge(DiagnosticCatalogue.Codes.OnosTraceTooLarge, new Unjudgeable($"the rules send these packets through more than {MaxVisits} device entries", new SourceLocation(flowsFile, new TextSpan(0, 0))), packets, notes, place);
            return;
        }
        Lookup(place, 0, packets, notes, ActionSet.Empty);
    }

    private void Lookup(Place place, int table, HeaderSet packets, ImmutableList<string> notes, ActionSet actionSet)
    {
        var candidates = byDevice.GetValueOrDefault(place.Device.Name, [])
            .Where(r => r.Match is not null && (r.Table == table || r.Table is null) && (r.InPort is null || r.InPort == place.InPort));
        var pieces = new List<(HeaderSet Packets, ImmutableList<string> Notes)> { (packets, notes) };
        foreach (var group in candidates.GroupBy(r => r.Priority))
        {
            var next = new List<(HeaderSet, ImmutableList<string>)>();
            foreach (var (piece, pieceNotes) in pieces)
            {
                var hits = group.Select(r => (Rule: r, Packets: piece.Intersect(r.Match!.Value))).Where(h => !h.Packets.IsEmpty).ToList();
                foreach (var (rule, hit) in hits)
                {
                    var ruleNotes = rule.Presence == RulePresence.Installed ? pieceNotes : pieceNotes.Add(rule.Present);
                    if (hits.FirstOrDefault(o => o.Rule != rule && o.Rule.Treatment.Key != rule.Treatment.Key && !o.Packets.Intersect(hit).IsEmpty) is { Rule: { } rival })
                    {
                        ruleNotes = ruleNotes.Add($"when the switch picks the rule at {rule.Location.Display} over the rule at {rival.Location.Display}: both match with priority {rule.Priority}, and OpenFlow leaves the choice to the switch");
                    }
                    if (rule.UnknownTable is { } table0)
                    {
                        CannotJudge(DiagnosticCatalogue.Codes.OnosUnknownTable, table0, hit, ruleNotes, place);
                    }
                    else if (rule.UnknownMatch is { } unknown)
                    {
                        CannotJudge(DiagnosticCatalogue.Codes.OnosUnknownMatch, unknown, hit, ruleNotes, place);
                    }
                    else
                    {
                        Apply(place, table, rule, hit, ruleNotes, actionSet);
                    }
                }
                // Packets a rule certainly takes stop here; those of a rule that may be absent (or may not match
                // them) also go on to the lower priorities, as if it were absent.
                var definite = hits.Where(h => Definite(h.Rule)).Select(h => h.Rule.Match!.Value).ToList();
                var rest = hits.Aggregate(piece, (set, h) => set.Subtract(h.Rule.Match!.Value));
                next.Add((rest, pieceNotes));
                foreach (var (rule, hit) in hits.Where(h => !Definite(h.Rule)))
                {
                    var absent = definite.Aggregate(hit, (set, cube) => set.Subtract(cube));
                    if (!absent.IsEmpty)
                    {
                        next.Add((absent, pieceNotes.Add(rule.Presence != RulePresence.Installed ? rule.Absent : $"if the rule at {rule.Location.Display} does not match them")));
                    }
                }
            }
            pieces = next.Where(p => !p.Item1.IsEmpty).ToList();
            if (pieces.Count == 0)
            {
                return;
            }
        }
        foreach (var (piece, pieceNotes) in pieces)
        {
            End(Ending.BlackHole, piece, pieceNotes, place, place.Device.Name, $"no rule of table {table} on '{place.Device.Name}' matches them (in port {place.InPort})");
        }
    }

    /// <summary>Whether a rule certainly takes the packets it matches: it is installed and its match and table are known.</summary>
    private static bool Definite(OnosRule rule) => rule.Presence == RulePresence.Installed && rule.UnknownMatch is null && rule.UnknownTable is null;

    private void Apply(Place place, int table, OnosRule rule, HeaderSet packets, ImmutableList<string> notes, ActionSet actionSet)
    {
        var treatment = rule.Treatment;
        var sent = false;
        string? dropped = null;
        Unjudgeable? rewritten = null;
        void Send(long port)
        {
            sent = true;
            if (rewritten is not null)
            {
                CannotJudge(DiagnosticCatalogue.Codes.OnosCannotFollow, rewritten, packets, notes, place);
            }
            else
            {
                Emit(place, port, packets, notes, rule);
            }
        }
        void Act(RuleAction action)
        {
            switch (action)
            {
                case RuleAction.Output { ToInPort: true }:
                    Send(place.InPort);
                    break;
                case RuleAction.Output output when output.Port == place.InPort:
                    // OpenFlow sends nothing back out of the in port unless the action names IN_PORT.
                    dropped = $"the rule at {rule.Location.Display} sends them out of port {output.Port}, the port they came in by, which OpenFlow does not do unless the action says IN_PORT";
                    break;
                case RuleAction.Output output:
                    Send(output.Port);
                    break;
                case RuleAction.Everywhere:
                    // A device whose only port is the in port floods nothing: the packets are dropped.
                    foreach (var port in Ports(place.Device).Where(p => p != place.InPort))
                    {
                        Send(port);
                    }
                    break;
                case RuleAction.Rewrite rewrite:
                    rewritten ??= rewrite.Why;
                    break;
                case RuleAction.Elsewhere elsewhere:
                    sent = true;
                    CannotJudge(DiagnosticCatalogue.Codes.OnosCannotFollow, elsewhere.Why, packets, notes, place);
                    break;
            }
        }

        foreach (var action in treatment.Immediate)
        {
            Act(action);
        }
        var set = (treatment.ClearDeferred ? ActionSet.Empty : actionSet).Write(treatment.Deferred);
        if (treatment.BadGoto is { } badGoto)
        {
            CannotJudge(DiagnosticCatalogue.Codes.OnosCannotFollow, badGoto, packets, notes, place);
            return;
        }
        if (treatment.GotoTable is { } next)
        {
            if (rewritten is not null)
            {
                CannotJudge(DiagnosticCatalogue.Codes.OnosCannotFollow, rewritten, packets, notes, place);
                return;
            }
            Lookup(place, next, packets, notes, set);
            return;
        }
        if (set.Other is { } other)
        {
            sent = true;
            CannotJudge(DiagnosticCatalogue.Codes.OnosCannotFollow, other, packets, notes, place);
        }
        else if (set.Output is { } output)
        {
            rewritten ??= set.Rewrite;
            Act(output);
        }
        if (!sent)
        {
            End(Ending.BlackHole, packets, notes, place, place.Device.Name, dropped ?? $"the rule at {rule.Location.Display} drops them");
        }
    }

    /// <summary>Every port of a device the topology knows: node attachments and link ends.</summary>
    private IEnumerable<long> Ports(NetworkDevice device) =>
        topology.NodesByDevice.GetValueOrDefault(device.Name, []).Select(n => (long)n.Port)
            .Concat(topology.OutgoingOf(device.Name).Select(l => (long)l.FromPort)).Distinct().Order();

    private void Emit(Place place, long port, HeaderSet packets, ImmutableList<string> notes, OnosRule rule)
    {
        var device = place.Device;
        if (topology.NodesByDevice.GetValueOrDefault(device.Name, []).FirstOrDefault(n => n.Port == port) is { } node)
        {
            if (node.Name == to.Name)
            {
                End(Ending.Delivered, packets, notes, place, null, string.Empty);
            }
            else
            {
                End(Ending.Misdelivered, packets, notes, place, device.Name, $"the rule at {rule.Location.Display} sends them out of port {port} to node '{node.Name}', not '{to.Name}'");
            }
        }
        else if (topology.OutgoingOf(device.Name).Where(l => l.FromPort == port).Select(l => (DirectedLink?)l).FirstOrDefault() is { } link)
        {
            var next = topology.FindDevice(link.To)!;
            Enter(next, link.ToPort, packets, notes, place.Devices, place.Hops.Add(new Hop(link.From, link.FromPort, link.To, link.ToPort)), place.Seen);
        }
        else
        {
            End(Ending.BlackHole, packets, notes, place, device.Name, $"the rule at {rule.Location.Display} sends them out of port {port} of '{device.Name}', where there is no link and no node");
        }
    }
}
