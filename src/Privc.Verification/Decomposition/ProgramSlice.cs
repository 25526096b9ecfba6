using System.Collections.Immutable;
using Privc.Semantics;

namespace Privc.Verification.Decomposition;

/// <summary>
/// The part of a program that concerns a set of services (specs/encoding.md section 16): those services, the flows
/// between them, and every intent restricted to them. A slice drops constraints and never adds one, so it is a
/// relaxation: when the slice with some intents is unsatisfiable, so is the whole program with them.
/// </summary>
public static class ProgramSlice
{
    public static BoundProgram Restrict(BoundProgram program, IReadOnlySet<string> services)
    {
        var flows = program.Flows.Where(f => services.Contains(f.Source) && services.Contains(f.Target)).ToImmutableArray();
        var flowNames = flows.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        ImmutableArray<string> S(ImmutableArray<string> names) => names.Where(services.Contains).ToImmutableArray();
        ImmutableArray<string> F(ImmutableArray<string> names) => names.Where(flowNames.Contains).ToImmutableArray();
        var intents = ImmutableArray.CreateBuilder<Intent>();
        foreach (var intent in program.Intents)
        {
            Intent? restricted = intent switch
            {
                PlacementIntent p => S(p.Services) is { Length: > 0 } s ? p with { Services = s } : null,
                KeepIntent k => (S(k.Services), F(k.Flows)) is var (s, f) && (s.Length > 0 || f.Length > 0) ? k with { Services = s, Flows = f } : null,
                SeparateIntent s => (S(s.Left), S(s.Right)) is var (l, r) && l.Length > 0 && r.Length > 0 ? s with { Left = l, Right = r } : null,
                ColocateIntent c => (S(c.Left), S(c.Right)) is var (l, r) && l.Length > 0 && r.Length > 0 ? c with { Left = l, Right = r } : null,
                DedicateIntent d => S(d.Services) is { Length: > 0 } s ? d with { Services = s } : null,
                SpreadIntent s => S(s.Services) is { Length: > 0 } kept ? s with { Services = kept } : null,
                RouteIntent r => F(r.Flows) is { Length: > 0 } f ? r with { Flows = f } : null,
                DeclassifyIntent d => d,
                _ => throw new InvalidOperationException($"privc bug: intent kind {intent.Kind} has no slice"),
            };
            if (restricted is not null)
            {
                intents.Add(restricted);
            }
        }
        return program with
        {
            Services = program.Services.Where(s => services.Contains(s.Name)).ToImmutableArray(),
            Flows = flows,
            Intents = intents.ToImmutable(),
            Objectives = [],
        };
    }

    /// <summary>The services an intent's condition speaks about (the endpoints of the flows it constrains included).</summary>
    public static IEnumerable<string> ServicesOf(BoundProgram program, Intent intent)
    {
        IEnumerable<string> Endpoints(IEnumerable<string> flows) =>
            flows.Select(program.Flow).SelectMany(f => new[] { f.Source, f.Target });
        return intent switch
        {
            PlacementIntent p => p.Services,
            KeepIntent k => k.Services.Concat(Endpoints(k.Flows)),
            SeparateIntent s => s.Left.Concat(s.Right),
            ColocateIntent c => c.Left.Concat(c.Right),
            DedicateIntent d => d.Services,
            SpreadIntent s => s.Services,
            RouteIntent r => Endpoints(r.Flows),
            DeclassifyIntent => [],
            _ => throw new InvalidOperationException($"privc bug: intent kind {intent.Kind} has no slice"),
        };
    }
}
