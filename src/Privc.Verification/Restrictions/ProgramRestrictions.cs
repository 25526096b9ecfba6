using System.Collections.Immutable;
using Privc.Semantics;

namespace Privc.Verification.Restrictions;

/// <summary>
/// The restrictions of a set of intents (by default all of a program's), indexed by the service or flow they
/// concern, in intent order. Built once per problem and shared by the stages that read it.
/// </summary>
public sealed class ProgramRestrictions
{
    private readonly ILookup<string, Restriction> byService;
    private readonly ILookup<string, Restriction> byFlow;

    public ProgramRestrictions(IEnumerable<Intent> intents)
    {
        Intents = intents.ToImmutableArray();
        All = Intents.SelectMany(i => IntentRestrictions.Of(i)).ToImmutableArray();
        byService = All.SelectMany(r => r.Services.Distinct(StringComparer.Ordinal).Select(s => (Service: s, Restriction: r)))
            .ToLookup(p => p.Service, p => p.Restriction, StringComparer.Ordinal);
        byFlow = All.SelectMany(r => r.Flows.Distinct(StringComparer.Ordinal).Select(f => (Flow: f, Restriction: r)))
            .ToLookup(p => p.Flow, p => p.Restriction, StringComparer.Ordinal);
    }

    public static ProgramRestrictions Of(BoundProgram program) => new(program.Intents);

    public ImmutableArray<Intent> Intents { get; }

    public ImmutableArray<Restriction> All { get; }

    /// <summary>The restrictions on a service's placement (node conditions and relations it takes part in).</summary>
    public IEnumerable<Restriction> OnService(string service) => byService[service];

    /// <summary>The restrictions on a flow's routes.</summary>
    public IEnumerable<Restriction> OnFlow(string flow) => byFlow[flow];

    /// <summary>The restrictions of one kind.</summary>
    public IEnumerable<T> Of<T>()
        where T : Restriction => All.OfType<T>();
}
