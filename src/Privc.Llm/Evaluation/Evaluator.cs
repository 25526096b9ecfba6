using System.Collections.Concurrent;
using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Verification;
using Privc.Compiler;
using Privc.Diagnostics;
using Privc.Llm.Client;
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
/// <param name="CheckJudge">Also judge each case's accept and reject answers against its gold (gold mode does).</param>
public sealed record EvaluationOptions(int MaxRounds, SolverOptions Solver, TimeSpan VerifyBudget, int Parallelism = 1, bool CheckJudge = false);

/// <summary>
/// Runs benchmark cases: translate the request (or take the gold as the answer), compile the answer with the
/// scenario's context and prove or refute it, and judge it. An answer is correct when its outcome is the expected
/// one and, unless the case expects an invalid request, its intents are equivalent to the gold's over the topology
/// (<see cref="IntentEquivalence"/>): a configuration satisfies one set exactly when it satisfies the other.
/// Textual differences (`== AU` against `in {AU}`, one intent against two) do not count; meaning does.
/// </summary>
public sealed class Evaluator
{
    public const string GoldPath = "gold.priv";
    public const string BackgroundPath = "background.priv";

    private readonly Func<BenchmarkCase, IChatModel> models;
    private readonly ISmtSolverFactory solvers;
    private readonly EvaluationOptions options;
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

        var translation = await new Translator(models(item)).TranslateAsync(new TranslationRequest(item.Intent, context, topology, options.MaxRounds), cancellationToken).ConfigureAwait(false);
        var outcome = CaseOutcome.Invalid;
        string? equivalence = null;
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
                explanation = $"no answer type-checked in {translation.Rounds.Length} round(s)";
                break;
            case TranslationStatus.Translated:
                (outcome, explanation) = Verify(translation.Program!, topology);
                if (item.Expect != ExpectedOutcome.Invalid)
                {
                    var gold = new Compilation(context.Add(new SourceText(GoldPath, item.Gold)), topology);
                    if (gold.HasErrors)
                    {
                        return Broken(item, "the gold answer does not type-check", gold.Diagnostics.Where(d => d.IsError));
                    }
                    var verdict = new IntentEquivalence(topology, solvers, options.Solver).Compare(
                        IntentSet.FromSource(translation.Program!, translation.Dsl!.Path),
                        IntentSet.FromSource(gold.Program!, GoldPath),
                        "answer", "gold");
                    equivalence = verdict.Verdict.ToString();
                    explanation = $"{explanation}; {verdict.Explanation}";
                    if (options.CheckJudge)
                    {
                        judgeProblems.AddRange(CheckJudge(item, context, topology, gold.Program!));
                    }
                }
                break;
        }
        var correct = item.Expect == ExpectedOutcome.Invalid
            ? outcome == CaseOutcome.Invalid
            : outcome == Expected(item.Expect) && equivalence == nameof(EquivalenceVerdict.Equivalent);
        if (judgeProblems.Count > 0)
        {
            correct = false;
            explanation = $"{explanation}; the judge disagrees with the case: {string.Join("; ", judgeProblems)}";
        }
        if (item.Expect == ExpectedOutcome.Invalid && outcome == CaseOutcome.Invalid)
        {
            explanation = "the request cannot be stated here, and no answer type-checked";
        }
        return new CaseResult(item.Id, item.Domain, item.Difficulty, item.Scenario, item.Expect, outcome, equivalence, explanation, correct,
            translation.Rounds.Length, translation.Rounds.Sum(r => r.Attempts), translation.Usage.Prompt, translation.Usage.Completion,
            (long)translation.Latency.TotalMilliseconds,
            translation.Dsl?.Text ?? translation.Rounds.LastOrDefault()?.Answer, diagnostics);
    }

    /// <summary>Every accepted answer must be judged equivalent to the gold, and every rejected one not.</summary>
    private IEnumerable<string> CheckJudge(BenchmarkCase item, ImmutableArray<SourceText> context, TopologyModel topology, Semantics.BoundProgram gold)
    {
        const string path = "alternative.priv";
        var judge = new IntentEquivalence(topology, solvers, options.Solver);
        foreach (var (text, accepted, index) in item.Accept.Select((a, i) => (a, true, i + 1)).Concat(item.Reject.Select((r, i) => (r, false, i + 1))))
        {
            var name = $"{(accepted ? "accept" : "reject")} #{index}";
            var compilation = new Compilation(context.Add(new SourceText(path, text)), topology);
            if (compilation.HasErrors)
            {
                yield return $"{name} does not type-check ({DiagnosticFormatter.FormatHeader(compilation.Diagnostics.First(d => d.IsError))})";
                continue;
            }
            var verdict = judge.Compare(IntentSet.FromSource(compilation.Program!, path), IntentSet.FromSource(gold, GoldPath), "alternative", "gold");
            if (verdict.IsEquivalent != accepted)
            {
                yield return $"{name} is judged {verdict.Verdict} ({verdict.Explanation})";
            }
        }
    }

    /// <summary>
    /// Whether a compliant plan exists, and whether its artifacts pass <c>privc check</c>: the plan's Kubernetes
    /// manifests and ONOS flow rules are emitted and read back as deployed artifacts are (what compile does before it
    /// writes anything). Objectives are left out: they do not change that, eval compares them with the gold's
    /// directly, and proving an optimum would cost most of the run.
    /// </summary>
    private (CaseOutcome Outcome, string Explanation) Verify(Semantics.BoundProgram program, TopologyModel topology)
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

    private static CaseOutcome Expected(ExpectedOutcome expected) => expected switch
    {
        ExpectedOutcome.Proven => CaseOutcome.Proven,
        ExpectedOutcome.Unsatisfiable => CaseOutcome.Unsatisfiable,
        _ => CaseOutcome.Invalid,
    };

    private static CaseResult Broken(BenchmarkCase item, string problem, IEnumerable<Diagnostic> diagnostics) =>
        new(item.Id, item.Domain, item.Difficulty, item.Scenario, item.Expect, CaseOutcome.Error, null, problem, false, 0, 0, 0, 0, 0, null,
            diagnostics.Select(d => DiagnosticFormatter.FormatHeader(d)).ToImmutableArray());

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
