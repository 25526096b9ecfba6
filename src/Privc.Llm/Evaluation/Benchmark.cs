using System.Collections.Immutable;

namespace Privc.Llm.Evaluation;

/// <summary>The outcome a case expects from compiling its intents with its context over its topology.</summary>
public enum ExpectedOutcome
{
    /// <summary>The intents type-check and a compliant plan exists (the verifier proves one).</summary>
    Proven,
    /// <summary>The intents type-check but no configuration satisfies them together with the context.</summary>
    Unsatisfiable,
    /// <summary>The request names something this topology or context lacks: a faithful answer does not type-check.</summary>
    Invalid,
    /// <summary>The language cannot state the request at all (data at rest, retention, who may read): the model should decline.</summary>
    Unsupported,
}

/// <summary>Which cases may inform prompt tuning: <see cref="Tuning"/> ones may, <see cref="HeldOut"/> ones never do.</summary>
public enum BenchmarkSplit
{
    Tuning,
    HeldOut,
}

/// <summary>
/// One benchmark case: an English request in a scenario, the gold DSL that states it, and the expected outcome.
/// <see cref="Background"/> holds intents already in force (part of the context, not of the answer).
/// <see cref="Readings"/> are the other acceptable readings of an ambiguous request: an answer is correct when it
/// means what the gold or one of them means. <see cref="Accept"/> are answers written differently that the judge
/// must find equivalent to the gold, <see cref="Reject"/> near misses it must not find equivalent to any reading,
/// and <see cref="TopologyOnly"/> answers equivalent to the gold on this topology only: `privc eval --gold` checks
/// all of them, testing the judge itself. A case that expects <see cref="ExpectedOutcome.Unsupported"/> has no gold.
/// </summary>
public sealed record BenchmarkCase(
    string Id,
    string Domain,
    string Difficulty,
    string Scenario,
    string Intent,
    string Gold,
    ExpectedOutcome Expect,
    string? Background,
    ImmutableArray<string> Accept,
    ImmutableArray<string> Reject,
    string File)
{
    public ImmutableArray<string> Readings { get; init; } = [];

    public ImmutableArray<string> TopologyOnly { get; init; } = [];

    public BenchmarkSplit Split { get; init; } = BenchmarkSplit.Tuning;

    /// <summary>The case this one rephrases (its `base`), or its own id: a family is never split between tuning and held out.</summary>
    public string Family { get; init; } = Id;

    /// <summary>The request asks for a declassification, so the operator would pass `--allow-declassify`.</summary>
    public bool AllowDeclassify { get; init; }

    /// <summary>Whether a faithful answer type-checks: false when the request cannot be stated here.</summary>
    public bool ExpectsIntents => Expect is ExpectedOutcome.Proven or ExpectedOutcome.Unsatisfiable;
}

/// <summary>A topology and the declarations cases refer to (paths relative to the benchmark folder).</summary>
public sealed record BenchmarkScenario(string Name, string Topology, ImmutableArray<string> Context);

public sealed record Benchmark(string Root, ImmutableSortedDictionary<string, BenchmarkScenario> Scenarios, ImmutableArray<BenchmarkCase> Cases)
{
    public static readonly ImmutableArray<string> Domains = ["computing", "networking", "hybrid"];

    public static readonly ImmutableArray<string> Difficulties = ["simple", "compound"];

    /// <summary>The fraction of each domain's cases held out of prompt tuning (README of the benchmark).</summary>
    public const double HeldOutFraction = 0.3;
}
