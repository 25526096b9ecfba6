using System.Collections.Immutable;

namespace Privc.Verification.Solving;

/// <summary>
/// What a solver said about one query. Never a bool: "sat", "unsat" and the many ways of not deciding are
/// different outcomes with different exit codes (Boogie's ProverInterface.Outcome, privc-sized).
/// </summary>
public enum SolverOutcome
{
    Sat,
    Unsat,
    /// <summary>The solver answered unknown for a reason other than the limits below (incompleteness).</summary>
    Unknown,
    /// <summary>
    /// The per-query :timeout expired (z3 says "timeout", or "canceled" when no :rlimit was the cause), or privc's
    /// wall-clock limit killed the process. See <see cref="UnknownReason"/>.
    /// </summary>
    Timeout,
    /// <summary>The :rlimit resource budget ran out.</summary>
    ResourceOut,
    MemoryOut,
    /// <summary>The solver process exited or closed its output mid-session.</summary>
    Crashed,
    /// <summary>The solver answered something that is not SMT-LIB (or an (error ...)).</summary>
    ProtocolError,
    /// <summary>The solver binary could not be found or started, or its version is unsupported.</summary>
    Unavailable,
}

/// <summary>The answer to a check-sat: the outcome and, when not sat/unsat, the solver's reason in its own words.</summary>
public sealed record CheckResult(SolverOutcome Outcome, string? Reason = null)
{
    public bool IsDecided => Outcome is SolverOutcome.Sat or SolverOutcome.Unsat;
}

/// <summary>Per-session settings: every query is bounded and reproducible.</summary>
public sealed record SolverOptions
{
    /// <summary>Per check-sat time limit, passed as <c>:timeout</c> (milliseconds).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Hard wall-clock limit per request after which privc kills the process (default: Timeout + 10 s).</summary>
    public TimeSpan? WallClock { get; init; }

    /// <summary>Resource limit passed as <c>:rlimit</c>; 0 means none.</summary>
    public long ResourceLimit { get; init; }

    /// <summary>Fixed random seeds (smt.random_seed, sat.random_seed) so that answers are reproducible.</summary>
    public int Seed { get; init; }

    public bool ProduceModels { get; init; } = true;

    public bool ProduceUnsatCores { get; init; }

    /// <summary>Explicit solver path (flag); else the environment variable, else PATH.</summary>
    public string? SolverPath { get; init; }
}

/// <summary>
/// A live conversation with one solver process over SMT-LIB2: one request at a time, each answer read to its end.
/// Implementations never throw for solver misbehaviour: it is reported as an outcome, and after a failure every
/// later request reports the same failure.
/// </summary>
public interface ISmtSession : IDisposable
{
    /// <summary>The solver and its version, e.g. "z3 4.8.12".</summary>
    string SolverName { get; }

    /// <summary>The first failure seen, if any; once set, the session is dead.</summary>
    CheckResult? Failure { get; }

    /// <summary>
    /// Sends commands that produce no output (declarations, assertions, push/pop). Not waited for: an error they
    /// cause is reported by the next request that reads an answer.
    /// </summary>
    void Send(string commands);

    /// <summary>(check-sat) or, with assumptions, (check-sat-assuming (a1 a2 ...)). Unknown is followed by (get-info :reason-unknown).</summary>
    CheckResult CheckSat(IReadOnlyList<string>? assumptions = null);

    /// <summary>
    /// (get-value (t1 t2 ...)) right after a check: each term (the caller's text is the key) to its value as
    /// canonical SMT-LIB text (<c>true</c>, <c>42</c>, <c>(- 3)</c>; see <see cref="SmtValue"/>). After sat this is
    /// the model. After an undecided check (Timeout, Unknown, ...) z3's optimiser may still hold the best model found
    /// so far: then its values come back (the plan is not proven optimal, and the checker re-checks it), else null.
    /// Null, with nothing sent, after unsat, when commands were sent since the check, or when models are off; null
    /// after a failure.
    /// </summary>
    ImmutableDictionary<string, string>? GetValues(IReadOnlyList<string> terms);

    /// <summary>
    /// (get-unsat-core) right after an unsat answer: the names of the named assertions and the assumption literals
    /// in the core, as canonical SMT-LIB text (<c>n1</c>, <c>|intent 2|</c>, <c>(not a)</c>), sorted ordinally.
    /// Null, with nothing sent, when the last check was not unsat or cores are off; null after a failure.
    /// </summary>
    ImmutableArray<string>? GetUnsatCore();

    /// <summary>Everything sent to the solver so far, as one replayable SMT-LIB2 script (deterministic).</summary>
    string Transcript { get; }
}

/// <summary>Starts solver sessions. Injected everywhere a solver is needed; tests pass in-process fakes.</summary>
public interface ISmtSolverFactory
{
    /// <summary>Starts a session, or returns the reason it could not be started (missing binary, bad version).</summary>
    SolverStart Start(SolverOptions options);

    /// <summary>
    /// A hint that sessions with these options (their limits aside) will be started next, in this order: a factory
    /// may prepare for them (start spare solver processes) until the returned lease is disposed. Answers never depend
    /// on it; the default prepares nothing.
    /// </summary>
    IDisposable KeepWarm(IReadOnlyList<SolverOptions> kinds) => NoPreparation.Lease;
}

/// <summary>The lease of a factory that prepares nothing.</summary>
internal sealed class NoPreparation : IDisposable
{
    public static IDisposable Lease { get; } = new NoPreparation();

    public void Dispose()
    {
    }
}

/// <summary>Either a session or why there is none.</summary>
public sealed record SolverStart(ISmtSession? Session, CheckResult? Failure);
