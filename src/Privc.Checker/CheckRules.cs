using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Checking;

/// <summary>
/// What the checker derives from the program and the topology alone, before it looks at any configuration: the
/// sets Hold(X') and Carry(X') of every keep intent (recomputed from the data levels, section 3), the intents that
/// constrain each flow's routes, and lookups into lambda. Built once and shared by every check of one instance
/// (the exhaustive search checks thousands of candidate configurations against the same rules).
/// </summary>
internal sealed class CheckRules
{
    public CheckRules(BoundProgram program, TopologyModel topology)
    {
        Program = program;
        Topology = topology;
        ServicesByName = program.Services.ToImmutableDictionary(s => s.Name, StringComparer.Ordinal);
        FlowsByName = program.Flows.ToImmutableDictionary(f => f.Name, StringComparer.Ordinal);
        IntentOrder = program.Intents.Select((intent, index) => (intent.Name, index))
            .ToImmutableDictionary(p => p.Name, p => p.index, StringComparer.Ordinal);
        var ownRank = program.Data.ToImmutableDictionary(d => d.Name, d => d.Rank, StringComparer.Ordinal);

        var holders = ImmutableDictionary.CreateBuilder<string, ImmutableHashSet<string>>(StringComparer.Ordinal);
        var carriers = ImmutableDictionary.CreateBuilder<string, ImmutableHashSet<string>>(StringComparer.Ordinal);
        foreach (var keep in program.Intents.OfType<KeepIntent>())
        {
            var selected = keep.Data.ToHashSet(StringComparer.Ordinal);
            // Undeclassified = held or carried at the data's own level (section 3).
            bool Undeclassified(string data, int rank) => selected.Contains(data) && ownRank.TryGetValue(data, out var own) && rank >= own;
            holders[keep.Name] = program.Services.Where(s => s.Holds.Any(h => Undeclassified(h.Data, h.Rank)))
                .Select(s => s.Name).ToImmutableHashSet(StringComparer.Ordinal);
            carriers[keep.Name] = program.Flows.Where(f => f.Carries.Any(c => Undeclassified(c.Data, c.Rank)))
                .Select(f => f.Name).ToImmutableHashSet(StringComparer.Ordinal);
        }
        Hold = holders.ToImmutable();
        Carry = carriers.ToImmutable();

        KeepsOnFlow = program.Flows.ToImmutableDictionary(
            f => f.Name,
            f => program.Intents.OfType<KeepIntent>().Where(k => Carry[k.Name].Contains(f.Name)).ToImmutableArray(),
            StringComparer.Ordinal);
        RoutesIntentsOnFlow = program.Flows.ToImmutableDictionary(
            f => f.Name,
            f => program.Intents.OfType<RouteIntent>().Where(r => r.Flows.Contains(f.Name)).ToImmutableArray(),
            StringComparer.Ordinal);
    }

    public BoundProgram Program { get; }

    public TopologyModel Topology { get; }

    public ImmutableDictionary<string, Service> ServicesByName { get; }

    public ImmutableDictionary<string, Flow> FlowsByName { get; }

    /// <summary>Position of each intent in the program, for report order.</summary>
    public ImmutableDictionary<string, int> IntentOrder { get; }

    /// <summary>Hold(X') per keep intent name.</summary>
    public ImmutableDictionary<string, ImmutableHashSet<string>> Hold { get; }

    /// <summary>Carry(X') per keep intent name.</summary>
    public ImmutableDictionary<string, ImmutableHashSet<string>> Carry { get; }

    /// <summary>The keep intents whose Carry(X') contains the flow.</summary>
    public ImmutableDictionary<string, ImmutableArray<KeepIntent>> KeepsOnFlow { get; }

    /// <summary>The route intents that name the flow.</summary>
    public ImmutableDictionary<string, ImmutableArray<RouteIntent>> RoutesIntentsOnFlow { get; }

    /// <summary>The directed link leaving <paramref name="from"/> by a port and entering <paramref name="to"/> by a port, if the topology has it.</summary>
    public DirectedLink? FindLink(string from, int fromPort, string to, int toPort)
    {
        foreach (var link in Topology.OutgoingOf(from))
        {
            if (link.FromPort == fromPort && link.To == to && link.ToPort == toPort)
            {
                return link;
            }
        }
        return null;
    }
}
