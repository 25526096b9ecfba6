using System.Collections.Immutable;
using Privc.Checking;

namespace Privc.Tests.Reference;

/// <summary>Bounds on the instances the exhaustive search accepts and on the work it may do.</summary>
public sealed record SearchOptions
{
    public static SearchOptions Default { get; } = new();

    public int MaxNodes { get; init; } = 6;

    public int MaxDevices { get; init; } = 8;

    public int MaxServices { get; init; } = 3;

    public int MaxFlows { get; init; } = 3;

    /// <summary>Search steps (candidate placements, path extensions, routing choices) before giving up as too large.</summary>
    public long WorkLimit { get; init; } = 2_000_000;

    /// <summary>Find the lexicographic optimum (true) or stop at the first compliant configuration (false).</summary>
    public bool Optimise { get; init; } = true;
}

public enum SearchOutcome
{
    /// <summary>A compliant configuration exists; with objectives and <see cref="SearchOptions.Optimise"/> the one returned is optimal.</summary>
    Satisfiable,

    /// <summary>No configuration satisfies the structural conditions and the intents.</summary>
    Unsatisfiable,

    /// <summary>The instance exceeds the size bounds or the work limit; nothing was decided.</summary>
    TooLarge,
}

/// <summary>
/// The answer of <see cref="ExhaustiveSearch"/>. <see cref="Configuration"/> is the optimum (or the first compliant
/// configuration found when not optimising); when the search ran out of work it is the best found so far, if any,
/// and proves nothing about optimality.
/// </summary>
public sealed record SearchResult(SearchOutcome Outcome, Configuration? Configuration, ImmutableArray<ObjectiveValue> Objectives, long Work, string Reason);
