using System.Collections.Immutable;

namespace Privc.Verification.Decomposition;

/// <summary>
/// The static constants one flow contributes to a sum route objective of the master (specs/encoding.md section 15.2):
/// for every pair of candidate nodes (source service's, target service's), the least number of links (<see cref="Hops"/>)
/// or the least latency of a compliant route between their devices, null where there is none. The certificate records
/// them so that <c>privc certify</c> re-derives each one and checks the obligations' pair terms and implied linear bounds
/// against them, instead of taking them on privc's word.
/// </summary>
public sealed record PairBoundRecord(
    string Objective,
    bool Hops,
    string Flow,
    int Class,
    string Source,
    string Target,
    int SourceReplicas,
    int TargetReplicas,
    ImmutableArray<(string From, string To, long? Bound)> Pairs);
