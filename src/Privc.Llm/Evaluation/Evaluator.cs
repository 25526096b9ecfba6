using System.Collections.Concurrent;
using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Verification;
using Privc.Compiler;
using Privc.Diagnostics;
using Privc.Llm.Client;
using Privc.Llm.Equivalence;
using Privc.Llm.Translation;
using Privc.Parsing;
using Privc.Verification.Solving;
using Privc.Text;
using Privc.Topology;

namespace Privc.Llm.Evaluation;

/// <param name="MaxRounds">Requests to the model per case, the first included, before giving up on an answer that does not type-check.</param>
/// <param name="Solver">How the solvers that verify each answer are found and limited.</param>
/// <param name="VerifyBudget">The time one answer's verification may take.</param>
/// <param name="Parallelism">Cases judged at once (each runs its own solver processes); results keep benchmark order.</param>
/// <param name="CheckJudge">Also check the case against the judge: its readings, accept, reject and topology-only answers (gold mode does).</param>
public sealed record EvaluationOptions(int MaxRounds, SolverOptions Solver, TimeSpan VerifyBudget, int Parallelism = 1, bool CheckJudge = false)
{
    /// <summary>Each translation, all rounds included, must finish by then (translate's --deadline); null for none.</summary>
    public TimeSpan? Deadline { get; init; }
}

/// <summary>
/// Runs benchmark cases: translate the request (or take the gold as the answer), compile the answer with the
/// scenario's context and prove or refute it, and judge it. An answer is correct when its outcome is the expected
/// one and its program means, on every topology, what the gold's or one of the case's other readings means
/// (<see cref="EquivalenceJudge"/>); for a request that cannot be stated, when no answer passes translate's checks
/// or the model declines. Textual differences (`== AU` against `in {AU}`, one intent against two) do not count;
/// meaning does, and "equivalent on this topology only" is reported but not counted as correct.
/// </summary>
public sealed class Evaluator
{
    public const string GoldPath = "gold.priv";
    public const string BackgroundPath = "background.priv";

    private readonly Func<BenchmarkCase, IChatModel> models;
    private readonly ISmtSolverFactory solvers;
    private readonly EvaluationOptions options;
    private readonly ConcurrentDictionary<string, Lazy<(CaseOutcome Outcome, string Explanation)>> verified = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<(TopologyModel? Topology, ImmutableArray<SourceText> Context, ImmutableArray<Diagnostic> Diagnostics)>> scenarios = new(StringComparer.Ordinal);

    public Evaluator(Func<BenchmarkCase, IChatModel> models, ISmtSolverFactory solvers, EvaluationOptions options)
    {
        this.models = models;
        this.solvers = solvers;
        this.options = options;
    }

    /// <summary>
    /// Runs the cases, <see cref="EvaluationOptions.Parallelism"/> at a time, and returns the results in case order.
    /// <paramref name="progress"/> sees each result in case order too, as soon as it and all before it are done.
    /// </summary>
    public async Task<ImmutableArray<CaseResult>> RunAsync(Benchmark benchmark, IReadOnlyList<BenchmarkCase> cases, Action<CaseResult>? progress, CancellationToken cancellationToken)
    {
        var results = new CaseResult?[cases.Count];
        var reported = 0;
        var gate = new object();
        await Parallel.ForEachAsync(Enumerable.Range(0, cases.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var result = await RunCaseAsync(benchmark, cases[index], token).ConfigureAwait(false);
                lock (gate)
                {
                    results[index] = result;
                    while (reported < results.Length && results[reported] is { } next)
                    {
                        progress?.Invoke(next);
                        reported++;
                    }
                }
            }).ConfigureAwait(false);
        return results.Select(r => r!).ToImmutableArray();
    }

    public async Task<CaseResult> RunCaseAsync(Benchmark benchmark, BenchmarkCase item, CancellationToken cancellationToken)
    {
        var (topology, scenarioContext, scenarioErrors) = Scenario(benchmark, item.Scenario);
        if (topology is null)
        {
            return Broken(item, "the scenario does not load", scenarioErrors);
        }
        var context = item.Background is null ? scenarioContext : scenarioContext.Add(new SourceText(BackgroundPath, item.Background));

        var request = new TranslationRequest(item.Intent, context, topology, options.MaxRounds) { AllowDeclassify = item.AllowDeclassify, Deadline = options.Deadline };
        var translation = await new Translator(models(item)).TranslateAsync(request, cancellationToken).ConfigureAwait(false);
        var outcome = CaseOutcome.Invalid;
        string? equivalence = null;
        string? reading = null;
        var explanation = string.Empty;
        var diagnostics = translation.Diagnostics.Where(d => d.IsError).Select(d => DiagnosticFormatter.FormatHeader(d)).ToImmutableArray();
        var judgeProblems = new List<string>();
        switch (translation.Status)
        {
            case TranslationStatus.Failed:
                outcome = CaseOutcome.Error;
                explanation = "the translation failed before an answer could be judged";
                break;
            case TranslationStatus.Declined:
                explanation = "the model declined the request";
                break;
            case TranslationStatus.Invalid:
                explanation = $"no answer passed privc's checks in {translation.Rounds.Length} round(s)";
                break;
            case TranslationStatus.Translated:
                (outcome, explanation) = Verify(item, translation.Dsl!.Text, translation.Program!, topology);
                if (item.ExpectsIntents)
                {
                    var readings = Readings(item, context, topology);
                    if (readings.Problem is { } broken)
                    {
                        return Broken(item, broken, readings.Diagnostics);
                    }
                    var judge = new EquivalenceJudge(topology, solvers, options.Solver);
                    var verdicts = readings.Programs
                        .Select((gold, index) => (Name: ReadingName(index), Verdict: judge.Compare(translation.Program!, translation.Dsl!.Path, gold, GoldPath, "answer", ReadingName(index))))
                        .ToList();
                    var best = verdicts.FirstOrDefault(v => v.Verdict.IsEquivalent);
                    best = best.Verdict is null ? verdicts.FirstOrDefault(v => v.Verdict.Verdict == EquivalenceVerdict.EquivalentOnTopology) : best;
                    best = best.Verdict is null ? verdicts[0] : best;
                    equivalence = best.Verdict.Verdict.ToString();
                    reading = best.Verdict.IsEquivalent ? best.Name : null;
                    explanation = $"{explanation}; {best.Verdict.Explanation}";
                    if (options.CheckJudge)
                    {
                        judgeProblems.AddRange(JudgeSelfCheck.Run(item, context, topology, readings.Programs, judge, this));
                    }
                }
                break;
        }
        var correct = item.ExpectsIntents
            ? outcome == Expected(item.Expect) && equivalence == nameof(EquivalenceVerdict.Equivalent)
            : outcome == CaseOutcome.Invalid;
        if (judgeProblems.Count > 0)
        {
            correct = false;
            explanation = $"{explanation}; the judge disagrees with the case: {string.Join("; ", judgeProblems)}";
        }
        if (!item.ExpectsIntents && outcome == CaseOutcome.Invalid)
        {
            explanation = translation.Status == TranslationStatus.Declined
                ? "the request cannot be stated here, and the model declined it"
                : "the request cannot be stated here, and no answer passed privc's checks";
        }
        return new CaseResult(item.Id, item.Domain, item.Difficulty, item.Scenario, item.Expect, outcome, equivalence, explanation, correct,
            translation.Rounds.Length, translation.Rounds.Sum(r => r.Attempts), translation.Usage.Prompt, translation.Usage.Completion,
            (long)translation.Latency.TotalMilliseconds,
            translation.Dsl?.Text ?? translation.Rounds.LastOrDefault()?.Answer, diagnostics)
        {
            Split = item.Split,
            Reading = reading,
            PastChecks = translation.Status == TranslationStatus.Translated && !correct,
        };
    }

    internal static string ReadingName(int index) => index == 0 ? "gold" : $"reading {index + 1}";

    /// <summary>The gold and the case's other readings, each type-checked with the context.</summary>
    internal static (ImmutableArray<BoundProgram> Programs, string? Problem, ImmutableArray<Diagnostic> Diagnostics) Readings(BenchmarkCase item, ImmutableArray<SourceText> context, TopologyModel topology)
    {
        var programs = ImmutableArray.CreateBuilder<BoundProgram>();
        foreach (var (text, index) in item.Readings.Prepend(item.Gold).Select((t, i) => (t, i)))
        {
            var compilation = new Compilation(context.Add(new SourceText(GoldPath, text)), topology);
            if (compilation.HasErrors)
            {
                return ([], $"the {ReadingName(index)} answer does not type-check", compilation.Diagnostics.Where(d => d.IsError).ToImmutableArray());
            }
            programs.Add(compilation.Program!);
        }
        return (programs.ToImmutable(), null, []);
    }

    /// <summary>
    /// Whether a compliant plan exists, and whether its artifacts pass <c>privc check</c>: the plan's Kubernetes
    /// manifests and ONOS flow rules are emitted and read back as deployed artifacts are (what compile does before it
    /// writes anything). Objectives are left out: they do not change that, eval compares them with the gold's
    /// directly, and proving an optimum would cost most of the run.
    /// </summary>
    internal (CaseOutcome Outcome, string Explanation) Verify(Semantics.BoundProgram program, TopologyModel topology)
    {
        var compiler = new Compiler.Compiler(solvers, new CompileOptions(options.Solver, options.VerifyBudget, Optimise: false));
        return compiler.Compile(program, topology) switch
        {
            CompileResult.Proven => (CaseOutcome.Proven, "a compliant plan exists and its manifests and flow rules pass privc check"),
            CompileResult.Unsatisfiable u => (CaseOutcome.Unsatisfiable, $"no plan: {string.Join(", ", u.Verification.Core.Select(i => i.Name))} conflict"),
            CompileResult.Undecided u => (CaseOutcome.Undecided, $"the solver could not decide ({u.Verification.Result.Outcome}) while {u.Verification.Stage}"),
            CompileResult.Rejected r => (CaseOutcome.Undecided, $"the plan or its artifacts were rejected: {r.Problem}"),
            var other => throw new InvalidOperationException($"privc bug: a bound program compiled to {other.GetType().Name}"),
        };
    }

    /// <summary>
    /// <see cref="Verify(Semantics.BoundProgram, TopologyModel)"/> once per scenario, background and answer text: a
    /// rephrased case answered like its base (always, in gold mode) is compiled once. Compiling is deterministic, so
    /// the cached outcome is the one a second compile would give.
    /// </summary>
    internal (CaseOutcome Outcome, string Explanation) Verify(BenchmarkCase item, string answer, Semantics.BoundProgram program, TopologyModel topology) =>
        verified.GetOrAdd(string.Join("\0", item.Scenario, item.Background ?? string.Empty, answer),
            _ => new Lazy<(CaseOutcome, string)>(() => Verify(program, topology))).Value;

    internal static CaseOutcome Expected(ExpectedOutcome expected) => expected switch
    {
        ExpectedOutcome.Proven => CaseOutcome.Proven,
        ExpectedOutcome.Unsatisfiable => CaseOutcome.Unsatisfiable,
        _ => CaseOutcome.Invalid,
    };

    private static CaseResult Broken(BenchmarkCase item, string problem, IEnumerable<Diagnostic> diagnostics) =>
        new(item.Id, item.Domain, item.Difficulty, item.Scenario, item.Expect, CaseOutcome.Error, null, problem, false, 0, 0, 0, 0, 0, null,
            diagnostics.Select(d => DiagnosticFormatter.FormatHeader(d)).ToImmutableArray())
        {
            Split = item.Split,
        };

    private (TopologyModel? Topology, ImmutableArray<SourceText> Context, ImmutableArray<Diagnostic> Diagnostics) Scenario(Benchmark benchmark, string name) =>
        scenarios.GetOrAdd(name, key => new Lazy<(TopologyModel?, ImmutableArray<SourceText>, ImmutableArray<Diagnostic>)>(() => LoadScenario(benchmark, key))).Value;

    private static (TopologyModel? Topology, ImmutableArray<SourceText> Context, ImmutableArray<Diagnostic> Diagnostics) LoadScenario(Benchmark benchmark, string name)
    {
        var scenario = benchmark.Scenarios[name];
        var diagnostics = new List<Diagnostic>();
        var topology = TopologyLoader.LoadFile(Path.Combine(benchmark.Root, scenario.Topology));
        diagnostics.AddRange(topology.Diagnostics.Where(d => d.IsError));
        var context = ImmutableArray.CreateBuilder<SourceText>();
        foreach (var file in scenario.Context)
        {
            var (source, error) = SourceReader.ReadFile(Path.Combine(benchmark.Root, file));
            if (source is null)
            {
                diagnostics.Add(error!);
            }
            else
            {
                // Paths as the benchmark names them, so diagnostics and reports do not depend on where it was run.
                context.Add(new SourceText(file, source.Text));
            }
        }
        return (diagnostics.Count == 0 ? topology.Topology : null, context.ToImmutable(), diagnostics.ToImmutableArray());
    }
}
