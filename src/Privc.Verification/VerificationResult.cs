using System.Collections.Immutable;
using Privc.Checking;
using Privc.Semantics;
using Privc.Verification.Solving;

namespace Privc.Verification;

/// <summary>One SMT-LIB2 obligation of a certificate: a self-contained script and the answer the solver gave.</summary>
public sealed record Obligation(string Name, string Purpose, string Script, string Expected, string Answer);

/// <summary>
/// The value an objective reached, and whether it was proven optimal. <see cref="Value"/> is in the encoding's units:
/// <see cref="Exact"/> divides it by <see cref="Scale"/> (a power of ten for cost, 1 otherwise).
/// </summary>
public sealed record ObjectiveResult(Objective Objective, long Value, bool Proven, long Scale = 1)
{
    /// <summary>Why an unproven optimum is unproven, when it is not the time limit (the short-route tie-breaker skipped).</summary>
    public string? Unproven { get; init; }

    public decimal Exact => (decimal)Value / Scale;
}

/// <summary>What the verifier concluded.</summary>
public abstract record VerificationResult
{
    public ImmutableArray<Obligation> Obligations { get; init; } = [];

    public string SolverName { get; init; } = string.Empty;

    /// <summary>
    /// Single failures every route was required to survive (0 or 1, specs/semantics.md section 9). A proven plan with 1
    /// passed the independent checker's resilience check (<see cref="Privc.Checking.ResilienceChecker"/>).
    /// </summary>
    public int Resilience { get; init; }

    /// <summary>The route facts the obligations assert (certificate/route-facts.json), from the decomposed solver.</summary>
    public string? RouteFacts { get; init; }

    /// <summary>Stage times and counts of the decomposed solver (null for the monolithic path).</summary>
    public Decomposition.DecompositionStatistics? Decomposition { get; init; }

    /// <summary>A compliant plan, accepted by the independent checker.</summary>
    public sealed record Proven(Configuration Plan, ImmutableArray<ObjectiveResult> Objectives, string CheckerVerdict) : VerificationResult
    {
        public bool OptimalityProven => Objectives.All(o => o.Proven);
    }

    /// <summary>No configuration satisfies the intents; <see cref="Core"/> is a conflicting subset.</summary>
    public sealed record Unsatisfiable(ImmutableArray<Intent> Core, bool Minimal, ImmutableArray<string> Reasons) : VerificationResult
    {
        /// <summary>
        /// Under <c>--resilience 1</c>, the flows of the conflict's master that have device pairs without a route
        /// surviving a single failure: per flow, the first such pair, the element every compliant route passes, and how
        /// many other pairs are unprotected.
        /// </summary>
        public ImmutableArray<UnprotectedFlow> Unprotected { get; init; } = [];
    }

    /// <summary>The solver could not decide (timeout, unknown, missing, crashed).</summary>
    public sealed record Undecided(CheckResult Result, string Stage) : VerificationResult;

    /// <summary>The solver's model did not pass extraction or the independent checker: a privc bug, never emitted.</summary>
    public sealed record Rejected(string Problem, Configuration? Plan) : VerificationResult;
}

/// <summary>A flow whose replicas, on devices <see cref="From"/> and <see cref="To"/>, have no route surviving the failure of <see cref="Failed"/>.</summary>
public sealed record UnprotectedFlow(string Flow, string From, string To, string Failed, int MorePairs, Privc.Text.SourceLocation Location);
