using System.Collections.Immutable;
using Privc.Checking;
using Privc.Semantics;
using Privc.Topology;
using Privc.Verification;
using Privc.Verification.Encoding;

namespace Privc.Compiler;

/// <summary>
/// The short-route tie-breaker as a second stage (specs/encoding.md section 15.2, "Staging"). The program is first
/// verified with the user's objectives alone, exactly as with <c>--route-preference none</c>: that plan and its proven
/// optima never depend on the tie-breaker. Then, with the time left, the program with the tie-breaker appended is
/// verified again; its plan replaces the first when it is optimal on the user's objectives with the same values. When
/// the second stage cannot run (too large) or ends without such a plan (time, or no answer), the first plan stands
/// and the tie-breaker's objectives are reported with that plan's values, marked not proven, with the reason. So the
/// tie-breaker can make a compile slower only up to its budget, and never makes it fail or weakens a user optimum.
/// </summary>
internal sealed class ShortRouteStage(BoundProgram plain, BoundProgram withTieBreaker, TopologyModel topology, TimeSpan budget,
    long maxReplicaPairs, TimeProvider time, Func<BoundProgram, TimeSpan, VerificationResult> verify)
{
    /// <summary>
    /// The most replica pairs (over every flow, candidate source node times candidate target node) for which the
    /// tie-breaker is attempted. Its master terms have one entry per pair and per tie-breaker objective: the Geant
    /// example has about 2,300 and proves both levels in about a second, the 50-service benchmark on the same network
    /// has over 200,000 and its first master query did not finish in two minutes. The limit is a count, not a time, so
    /// whether the tie-breaker runs does not depend on the machine.
    /// </summary>
    public const long DefaultMaxReplicaPairs = 20_000;

    /// <summary>
    /// The second stage's time: at most this many times what the first stage took, and never less than
    /// <see cref="MinimumShare"/> (or the time left, if less). A tie-breaker that does not finish within it leaves the
    /// first plan standing; without the share it would spend the whole rest of the budget (the 100-device benchmark's
    /// first tie-breaker query did not return within a minute, after a first stage of a few seconds).
    /// </summary>
    public const int ShareOfFirstStage = 3;

    /// <summary>The least time the second stage gets: the Geant and hospital examples prove both levels in about a second.</summary>
    public static readonly TimeSpan MinimumShare = TimeSpan.FromSeconds(10);

    public VerificationResult Run()
    {
        var start = time.GetTimestamp();
        var first = verify(plain, budget);
        if (first is not VerificationResult.Proven { OptimalityProven: true } proven)
        {
            // The user's optima are not proven (or there is no plan): the tie-breaker would rank plans it cannot compare.
            return first is VerificationResult.Proven unproven ? Unbroken(unproven, "the optima of the objectives before it are not proven") : first;
        }
        var pairs = ReplicaPairs();
        if (pairs > maxReplicaPairs)
        {
            return Unbroken(proven, $"not attempted: {pairs} candidate replica pairs, more than the {maxReplicaPairs} the tie-breaker is tried on (--route-preference none skips it)");
        }
        var firstStage = time.GetElapsedTime(start);
        var left = budget - firstStage;
        if (left < TimeSpan.FromSeconds(1))
        {
            return Unbroken(proven, "the time limit ran out before it could run (raise --timeout, or --route-preference none to skip it)");
        }
        var share = firstStage * ShareOfFirstStage > MinimumShare ? firstStage * ShareOfFirstStage : MinimumShare;
        var second = verify(withTieBreaker, share < left ? share : left);
        switch (second)
        {
            case VerificationResult.Proven better when SameUserOptima(proven, better):
                return better;
            case VerificationResult.Rejected rejected:
                return rejected;
            default:
                return Unbroken(proven, share < left
                    ? $"its time share ran out before it was proven ({ShareOfFirstStage}x the {firstStage.TotalSeconds:0.0} s the plan took, at least {MinimumShare.TotalSeconds:0} s; --route-preference none skips it)"
                    : "the time limit ran out before it was proven (raise --timeout, or --route-preference none to skip it)");
        }
    }

    /// <summary>The second plan counts only when every user objective is proven at the first stage's optimum.</summary>
    private static bool SameUserOptima(VerificationResult.Proven first, VerificationResult.Proven second) =>
        first.Objectives.Length <= second.Objectives.Length
        && first.Objectives.Select((o, k) => second.Objectives[k].Proven && second.Objectives[k].Value == o.Value && second.Objectives[k].Objective.Name == o.Objective.Name).All(x => x);

    /// <summary>The first plan, with the tie-breaker's objectives at that plan's values, not proven, and why.</summary>
    private VerificationResult.Proven Unbroken(VerificationResult.Proven proven, string reason)
    {
        var values = ObjectiveEvaluator.Evaluate(withTieBreaker, topology, proven.Plan);
        var added = withTieBreaker.Objectives.Skip(proven.Objectives.Length)
            .Select((o, i) => new ObjectiveResult(o, (long)values[proven.Objectives.Length + i].Value, false) { Unproven = reason });
        return proven with { Objectives = proven.Objectives.AddRange(added) };
    }

    private long ReplicaPairs()
    {
        var facts = new StaticFacts(plain, topology, plain.Intents);
        return plain.Flows.Sum(f => (long)facts.Candidates[f.Source].Length * facts.Candidates[f.Target].Length);
    }
}
