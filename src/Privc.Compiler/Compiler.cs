using System.Collections.Immutable;
using Privc.Artifacts;
using Privc.Diagnostics;
using Privc.Parsing;
using Privc.Semantics;
using Privc.Topology;
using Privc.Verification;
using Privc.Verification.Solving;

namespace Privc.Compiler;

/// <summary>What a compile may spend and whether it optimises.</summary>
/// <param name="Solver">Options of every solver session (timeout per query, seed, path).</param>
/// <param name="Budget">Wall-clock budget for the whole verification.</param>
/// <param name="Optimise">Optimise the program's objectives (when false they are ignored: satisfiability only).</param>
public sealed record CompileOptions(SolverOptions Solver, TimeSpan Budget, bool Optimise = true)
{
    /// <summary>How much of each input file is read, and how long reading it may take.</summary>
    public InputLimits Limits { get; init; } = InputLimits.Default;

    /// <summary>Which solver path verifies: the decomposed solver (the default) or the monolithic encoding (the reference).</summary>
    public VerificationStrategy Strategy { get; init; } = VerificationStrategy.Decomposed;

    /// <summary>
    /// The implicit tie-breaker after the program's objectives: short routes (fewest hops, then least latency; the
    /// default) or none. Applied only when optimising (specs/semantics.md section 6.1).
    /// </summary>
    public RoutePreference RoutePreference { get; init; } = RoutePreference.Hops;

    /// <summary>
    /// The most candidate replica pairs over all flows for which the short-route tie-breaker is attempted (see
    /// <see cref="ShortRouteStage"/>); above it the tie-breaker is reported as not attempted.
    /// </summary>
    public long TieBreakerPairLimit { get; init; } = ShortRouteStage.DefaultMaxReplicaPairs;

    /// <summary>Told the name of each stage as it starts (the CLI's progress line); null for silence.</summary>
    public Action<string>? StageStarted { get; init; }

    /// <summary>Where long solves report their stage and best bound (stderr in the CLI); null for silence.</summary>
    public TextWriter? Progress { get; init; }

    /// <summary>How many single failures every route must survive: 0 or 1 (specs/semantics.md section 9).</summary>
    public int Resilience { get; init; }

    public static CompileOptions WithTimeout(TimeSpan budget, string? solverPath = null) =>
        new(new SolverOptions { Timeout = budget, SolverPath = solverPath, Seed = 0 }, budget);
}

/// <summary>
/// The compile driver: load -> bind -> verify (encode, solve, extract, independent check, optimise or minimise the
/// core) -> emit (plan, certificate, Kubernetes manifests, ONOS flow rules) -> self-check (the artifacts read back as
/// <c>privc check</c> reads them and judged again). Stages are timed. Writing the bundle is the caller's choice
/// (<see cref="Artifacts.Emit.OutputFolder"/>), so a compile never leaves anything partial behind.
/// </summary>
public sealed class Compiler
{
    private readonly ISmtSolverFactory solvers;
    private readonly CompileOptions options;
    private readonly TimeProvider time;

    public Compiler(ISmtSolverFactory solvers, CompileOptions options, TimeProvider? time = null)
    {
        this.solvers = solvers;
        this.options = options;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>Reads the intent files and the topology, then compiles.</summary>
    public CompileResult Compile(IEnumerable<string> intentFiles, string topologyPath)
    {
        // The first solver session's spare process starts before the inputs are read, so that its set-up overlaps
        // reading and type-checking; it is ended with the verification.
        using var first = solvers.KeepWarm(Verifier.SessionKinds(null, VerifierOptions(options.Budget)));
        var stages = ImmutableArray.CreateBuilder<StageTiming>();
        var inputs = Timed(stages, "load and type-check", () => Inputs.Load(intentFiles, topologyPath, options.Limits));
        return inputs.Compilation is { } compilation
            ? Compile(compilation.Program!, compilation.Topology, inputs.Diagnostics, stages, first)
            : new CompileResult.Invalid(inputs.Diagnostics, stages.ToImmutable());
    }

    /// <summary>Compiles a type-checked compilation (its diagnostics, warnings only, are carried along).</summary>
    public CompileResult Compile(Compilation compilation) =>
        compilation.Program is { } program
            ? Compile(program, compilation.Topology, compilation.Diagnostics, ImmutableArray.CreateBuilder<StageTiming>())
            : new CompileResult.Invalid(compilation.Diagnostics, []);

    /// <summary>Compiles a bound program against a topology.</summary>
    public CompileResult Compile(BoundProgram program, TopologyModel topology) =>
        Compile(program, topology, [], ImmutableArray.CreateBuilder<StageTiming>());

    private CompileResult Compile(BoundProgram program, TopologyModel topology, ImmutableArray<Diagnostic> diagnostics, ImmutableArray<StageTiming>.Builder stages, IDisposable? first = null)
    {
        if (Artifacts.Onos.PodNetworkPolicy.Refusal(topology) is { } refusal)
        {
            // Refused before solving: no plan on this network could be pinned by flow rules.
            return new CompileResult.Invalid(diagnostics.Add(refusal), stages.ToImmutable());
        }
        var plain = options.Optimise ? program : program with { Objectives = [] };
        var goal = options.Optimise ? ShortRoutes.Apply(program, options.RoutePreference) : plain;
        VerificationResult verification;
        // The sessions verification will start, in order: the plain program's, then the tie-breaker's. The spares end
        // with the verification: emitting and self-checking start no solver.
        var sessions = Verifier.SessionKinds(plain, VerifierOptions(options.Budget))
            .Concat(ReferenceEquals(goal, plain) ? [] : Verifier.SessionKinds(goal, VerifierOptions(options.Budget)))
            .Skip(first is null ? 0 : 1)
            .ToArray();
        using (first)
        using (solvers.KeepWarm(sessions))
        {
            verification = Timed(stages, "verify", () => ReferenceEquals(goal, plain)
                ? Verify(plain, topology, options.Budget)
                : new ShortRouteStage(plain, goal, topology, options.Budget, options.TieBreakerPairLimit, time, (p, b) => Verify(p, topology, b)).Run());
        }
        switch (verification)
        {
            case VerificationResult.Proven proven:
                options.StageStarted?.Invoke("emit and self-check");
                var output = DeploymentArtifacts.Build(goal, topology, proven, (stage, elapsed) => stages.Add(new StageTiming(stage, elapsed)));
                var all = diagnostics.AddRange(output.Diagnostics);
                return output.Bundle is { } bundle
                    ? new CompileResult.Proven(goal, topology, proven, bundle, all, stages.ToImmutable())
                    : new CompileResult.Rejected(output.Rejection!, all, stages.ToImmutable());
            case VerificationResult.Unsatisfiable unsat:
                return new CompileResult.Unsatisfiable(goal, topology, unsat, diagnostics, stages.ToImmutable());
            case VerificationResult.Undecided undecided:
                return new CompileResult.Undecided(undecided, diagnostics, stages.ToImmutable());
            case VerificationResult.Rejected rejected:
                return new CompileResult.Rejected(rejected.Problem, diagnostics, stages.ToImmutable());
            default:
                throw new InvalidOperationException($"privc bug: unhandled verification result {verification.GetType().Name}");
        }
    }

    private VerificationResult Verify(BoundProgram goal, TopologyModel topology, TimeSpan budget) =>
        // The per-query timeout stays the user's: only the deadline moves, so the SMT text is the same whatever time is left.
        new Verifier(goal, topology, solvers, VerifierOptions(budget), () => time.GetUtcNow().UtcDateTime).Verify();

    private VerifierOptions VerifierOptions(TimeSpan budget) =>
        new(options.Solver, budget) { Strategy = options.Strategy, Progress = options.Progress, Resilience = options.Resilience };

    private T Timed<T>(ImmutableArray<StageTiming>.Builder stages, string stage, Func<T> run)
    {
        options.StageStarted?.Invoke(stage);
        var start = time.GetTimestamp();
        var result = run();
        stages.Add(new StageTiming(stage, time.GetElapsedTime(start)));
        return result;
    }
}
