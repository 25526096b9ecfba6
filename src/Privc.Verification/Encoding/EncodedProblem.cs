using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Verification.Encoding;

/// <summary>The SMT variables of one service: one Int per replica, holding the index of its node.</summary>
public sealed record ServiceVariables(string Service, ImmutableArray<string> Replicas);

/// <summary>
/// The route variables of one (flow, source replica, target replica): one Bool per usable directed link.
/// </summary>
public sealed record PairVariables(string Flow, int SourceReplica, int TargetReplica, ImmutableArray<(string Symbol, DirectedLink Link)> Links, string? Latency);

/// <summary>An objective as an SMT term to minimise; the term's value divided by <see cref="Scale"/> is the objective's exact value.</summary>
public sealed record ObjectiveTerm(Objective Objective, string Term, long Scale);

public sealed record EncodingStatistics(int BoolVariables, int IntVariables, int Assertions, int CandidatePlacements, int RouteLinkVariables, int PrunedNodes, int PrunedLinks);

/// <summary>
/// The output of the encoder: a deterministic SMT-LIB2 script (declarations and assertions, no check-sat), plus
/// everything needed to read a model back into a configuration and to map an unsat core to intents.
/// </summary>
public sealed record EncodedProblem(
    string Script,
    ImmutableArray<ComputeNode> Nodes,
    ImmutableArray<ServiceVariables> Services,
    ImmutableArray<PairVariables> Pairs,
    ImmutableSortedDictionary<string, string> Guards,
    ImmutableArray<ObjectiveTerm> Objectives,
    ImmutableSortedSet<string> PruningIntents,
    ImmutableSortedSet<string> ActiveIntents,
    EncodingStatistics Statistics)
{
    /// <summary>
    /// The script's declarations and definitions without its structural constraints (W1-W4): with
    /// <see cref="EncodingOptions.DefineGuards"/>, the intents' conditions as functions of the configuration variables.
    /// </summary>
    public string Definitions { get; init; } = string.Empty;

    /// <summary>Every symbol whose value the plan extractor needs.</summary>
    public ImmutableArray<string> ModelTerms =>
        Services.SelectMany(s => s.Replicas).Concat(Pairs.SelectMany(p => p.Links.Select(l => l.Symbol))).ToImmutableArray();

    /// <summary>Maps guard literals in an unsat core back to intent names.</summary>
    public string? IntentOfGuard(string literal) => Guards.FirstOrDefault(g => g.Value == literal || g.Value == $"|{literal}|").Key;
}
