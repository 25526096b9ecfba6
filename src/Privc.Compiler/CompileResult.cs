using System.Collections.Immutable;
using Privc.Artifacts.Emit;
using Privc.Diagnostics;
using Privc.Semantics;
using Privc.Topology;
using Privc.Verification;

namespace Privc.Compiler;

/// <summary>How long one named stage of a compile took (OPA-style metrics: load, verify, emit...).</summary>
public sealed record StageTiming(string Stage, TimeSpan Elapsed);

/// <summary>
/// What a compile concluded. Every outcome carries the diagnostics gathered on the way (warnings included) and the
/// stage timings. Only <see cref="Proven"/> has something to write.
/// </summary>
public abstract record CompileResult(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<StageTiming> Stages)
{
    /// <summary>The sources or the topology have errors (exit 1); nothing was verified.</summary>
    public sealed record Invalid(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<StageTiming> Stages)
        : CompileResult(Diagnostics, Stages);

    /// <summary>A proven plan, re-checked by the independent checker, and everything compile writes for it, itself re-checked.</summary>
    public sealed record Proven(
        BoundProgram Program,
        TopologyModel Topology,
        VerificationResult.Proven Verification,
        OutputBundle Bundle,
        ImmutableArray<Diagnostic> Diagnostics,
        ImmutableArray<StageTiming> Stages) : CompileResult(Diagnostics, Stages);

    /// <summary>The intents cannot hold together (exit 2): a minimal core, with reasons and the unsat obligation.</summary>
    public sealed record Unsatisfiable(
        BoundProgram Program,
        TopologyModel Topology,
        VerificationResult.Unsatisfiable Verification,
        ImmutableArray<Diagnostic> Diagnostics,
        ImmutableArray<StageTiming> Stages) : CompileResult(Diagnostics, Stages);

    /// <summary>The solver could not decide (exit 3): missing, crashed, unknown, out of time.</summary>
    public sealed record Undecided(
        VerificationResult.Undecided Verification,
        ImmutableArray<Diagnostic> Diagnostics,
        ImmutableArray<StageTiming> Stages) : CompileResult(Diagnostics, Stages);

    /// <summary>
    /// A privc bug caught before anything was written (exit 3): the solver's plan failed extraction or the
    /// independent checker, or the emitted artifacts, read back, did not satisfy the intents.
    /// </summary>
    public sealed record Rejected(string Problem, ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<StageTiming> Stages)
        : CompileResult(Diagnostics, Stages);

    public TimeSpan Elapsed(string stage) => Stages.Where(s => s.Stage == stage).Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Elapsed);
}
