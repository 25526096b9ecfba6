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

/// <summary>
/// Counts over a group of cases: accuracy with its 95% Wilson interval, and the wrong translations that got past
/// translate's checks (answers privc would have written). <see cref="Dimension"/> names how the group was formed
/// ("domain", "expect", "split" or "all") and <see cref="Value"/> its value.
/// </summary>
public sealed record GroupSummary(string Dimension, string Value, string Difficulty, int Cases, int Correct, double Accuracy, double Low, double High,
    int PastChecks, double MeanRounds, double MeanTokens, double MeanLatencySeconds)
{
    public string Domain => Dimension == "domain" ? Value : "all";
}

/// <summary>
/// The result of one `privc eval` run. Deterministic for deterministic answers: cases in benchmark order, no
/// timestamps (latencies are the model's, and zero in gold mode).
/// </summary>
public sealed record EvaluationReport(string Mode, string Model, string Endpoint, ImmutableArray<CaseResult> Cases)
{
    /// <summary>By domain and difficulty, then every domain ("all"), as the paper reports them.</summary>
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
                        groups.Add(Summarise(domain == "all" ? "all" : "domain", domain, difficulty, cases));
                    }
                }
            }
            return groups.ToImmutable();
        }
    }

    /// <summary>By what the case expects (proven, unsatisfiable, invalid, unsupported) and by split (tuning, held out).</summary>
    public ImmutableArray<GroupSummary> Categories =>
    [
        .. Enum.GetValues<ExpectedOutcome>()
            .Select(e => (Value: ReportWriter.Snake(e.ToString()), Cases: Cases.Where(c => c.Expected == e).ToList()))
            .Where(g => g.Cases.Count > 0)
            .Select(g => Summarise("expect", g.Value, "all", g.Cases)),
        .. Enum.GetValues<BenchmarkSplit>()
            .Select(s => (Value: ReportWriter.Snake(s.ToString()), Cases: Cases.Where(c => c.Split == s).ToList()))
            .Where(g => g.Cases.Count > 0)
            .Select(g => Summarise("split", g.Value, "all", g.Cases)),
    ];

    public GroupSummary Overall => Summarise("all", "all", "all", Cases);

    /// <summary>The one-sided 95% lower bound on the accuracy over all cases (Clopper-Pearson).</summary>
    public double LowerBound => Proportion.ClopperPearsonLower(Cases.Count(c => c.Correct), Cases.Length);

    private static GroupSummary Summarise(string dimension, string value, string difficulty, IReadOnlyCollection<CaseResult> cases)
    {
        var n = Math.Max(1, cases.Count);
        var correct = cases.Count(c => c.Correct);
        var (low, high) = Proportion.Wilson(correct, cases.Count);
        return new GroupSummary(dimension, value, difficulty, cases.Count, correct, correct / (double)n, low, high,
            cases.Count(c => c.PastChecks),
            cases.Sum(c => c.Rounds) / (double)n,
            cases.Sum(c => c.PromptTokens + c.CompletionTokens) / (double)n,
            cases.Sum(c => c.LatencyMs) / 1000.0 / n);
    }
}
