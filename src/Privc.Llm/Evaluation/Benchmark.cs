using System.Collections.Immutable;

namespace Privc.Llm.Evaluation;

/// <summary>The outcome a case expects from compiling its intents with its context over its topology.</summary>
public enum ExpectedOutcome
{
    /// <summary>The intents type-check and a compliant plan exists (the verifier proves one).</summary>
    Proven,
    /// <summary>The intents type-check but no configuration satisfies them together with the context.</summary>
    Unsatisfiable,
    /// <summary>The request cannot be stated over this topology and context: a faithful answer does not type-check.</summary>
    Invalid,
}

/// <summary>
/// One benchmark case: an English request in a scenario, the gold DSL that states it, and the expected outcome.
/// <see cref="Background"/> holds intents already in force (part of the context, not of the answer).
/// <see cref="Accept"/> are answers written differently that the judge must find equivalent to the gold, and
/// <see cref="Reject"/> near misses it must not: `privc eval --gold` checks both, testing the judge itself.
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
    string File);

/// <summary>A topology and the declarations cases refer to (paths relative to the benchmark folder).</summary>
public sealed record BenchmarkScenario(string Name, string Topology, ImmutableArray<string> Context);

public sealed record Benchmark(string Root, ImmutableSortedDictionary<string, BenchmarkScenario> Scenarios, ImmutableArray<BenchmarkCase> Cases)
{
    public static readonly ImmutableArray<string> Domains = ["computing", "networking", "hybrid"];

    public static readonly ImmutableArray<string> Difficulties = ["simple", "compound"];
}
