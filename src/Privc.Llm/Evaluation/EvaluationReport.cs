using System.Collections.Immutable;

namespace Privc.Llm.Evaluation;

/// <summary>What the pipeline made of one case's answer.</summary>
public enum CaseOutcome
{
    Proven,
    Unsatisfiable,
    /// <summary>No answer type-checked, or the model declined.</summary>
    Invalid,
    /// <summary>The solver could not decide, or rejected its own plan.</summary>
    Undecided,
    /// <summary>The endpoint failed, or the case itself is broken (its gold or context does not compile).</summary>
    Error,
}

public sealed record CaseResult(
    string Id,
    string Domain,
    string Difficulty,
    string Scenario,
    ExpectedOutcome Expected,
    CaseOutcome Outcome,
    string? Equivalence,
    string Explanation,
    bool Correct,
    int Rounds,
    int Requests,
    long PromptTokens,
    long CompletionTokens,
    long LatencyMs,
    string? Answer,
    ImmutableArray<string> Diagnostics)
{
    public BenchmarkSplit Split { get; init; }

    /// <summary>Which acceptable reading the answer matched: "gold", or "reading N" of the case's other readings.</summary>
    public string? Reading { get; init; }

    /// <summary>
    /// The answer passed every check translate makes (it type-checks, constrains something, weakens nothing) and would
    /// have been written, yet it is not correct: the wrong translations that matter.
    /// </summary>
    public bool PastChecks { get; init; }
}

/// <summary>Counts over a group of cases.</summary>
public sealed record GroupSummary(string Domain, string Difficulty, int Cases, int Correct, double Accuracy, double MeanRounds, double MeanTokens, double MeanLatencySeconds);

/// <summary>
/// The result of one `privc eval` run. Deterministic for deterministic answers: cases in benchmark order, no
/// timestamps (latencies are the model's, and zero in gold mode).
/// </summary>
public sealed record EvaluationReport(string Mode, string Model, string Endpoint, ImmutableArray<CaseResult> Cases)
{
    public ImmutableArray<GroupSummary> Groups
    {
        get
        {
            var groups = ImmutableArray.CreateBuilder<GroupSummary>();
            foreach (var domain in Benchmark.Domains.Append("all"))
            {
                foreach (var difficulty in Benchmark.Difficulties.Append("all"))
                {
                    var cases = Cases.Where(c => (domain == "all" || c.Domain == domain) && (difficulty == "all" || c.Difficulty == difficulty)).ToList();
                    if (cases.Count > 0)
                    {
                        groups.Add(Summarise(domain, difficulty, cases));
                    }
                }
            }
            return groups.ToImmutable();
        }
    }

    public GroupSummary Overall => Summarise("all", "all", Cases);

    private static GroupSummary Summarise(string domain, string difficulty, IReadOnlyCollection<CaseResult> cases)
    {
        var n = Math.Max(1, cases.Count);
        return new GroupSummary(domain, difficulty, cases.Count, cases.Count(c => c.Correct),
            cases.Count(c => c.Correct) / (double)n,
            cases.Sum(c => c.Rounds) / (double)n,
            cases.Sum(c => c.PromptTokens + c.CompletionTokens) / (double)n,
            cases.Sum(c => c.LatencyMs) / 1000.0 / n);
    }
}
