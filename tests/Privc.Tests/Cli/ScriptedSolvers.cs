using System.Collections.Immutable;
using Privc.Verification.Solving;

namespace Privc.Tests.Cli;

/// <summary>In-process solvers that misbehave on purpose (Boogie's fake provers, privc-sized).</summary>
public sealed class ScriptedSolverFactory(Func<ISmtSession> create) : ISmtSolverFactory
{
    public int Started { get; private set; }

    public SolverStart Start(SolverOptions options)
    {
        Started++;
        return new SolverStart(create(), null);
    }

    public static ScriptedSolverFactory AlwaysUnsat(params string[] core) => new(() => new ScriptedSession(new CheckResult(SolverOutcome.Unsat)) { Core = [.. core] });

    public static ScriptedSolverFactory AlwaysUnknown(string reason) => new(() => new ScriptedSession(new CheckResult(SolverOutcome.Unknown, reason)));

    public static ScriptedSolverFactory AlwaysTimeout() => new(() => new ScriptedSession(new CheckResult(SolverOutcome.Timeout, "timeout")));

    /// <summary>Says sat, then dies when asked for the model.</summary>
    public static ScriptedSolverFactory DiesMidAnswer() => new(() => new ScriptedSession(new CheckResult(SolverOutcome.Sat)) { DieOnModel = true });

    /// <summary>Says sat, then answers the model with values that describe no configuration.</summary>
    public static ScriptedSolverFactory Garbage() => new(() => new ScriptedSession(new CheckResult(SolverOutcome.Sat)) { GarbageModel = true });
}

public sealed class UnavailableSolverFactory(string reason) : ISmtSolverFactory
{
    public SolverStart Start(SolverOptions options) => new(null, new CheckResult(SolverOutcome.Unavailable, reason));
}

/// <summary>A session that answers every check-sat the same way and records what it was sent.</summary>
public sealed class ScriptedSession(CheckResult answer) : ISmtSession
{
    public ImmutableArray<string> Core { get; init; } = [];

    public bool DieOnModel { get; init; }

    public bool GarbageModel { get; init; }

    public List<string> Sent { get; } = new();

    public string SolverName => "fake 1.0";

    public CheckResult? Failure { get; private set; }

    public string Transcript => string.Join("\n", Sent);

    public void Send(string commands) => Sent.Add(commands);

    public CheckResult CheckSat(IReadOnlyList<string>? assumptions = null) => Failure ?? answer;

    public ImmutableDictionary<string, string>? GetValues(IReadOnlyList<string> terms)
    {
        if (DieOnModel)
        {
            Failure = new CheckResult(SolverOutcome.Crashed, "fake solver exited with code 139");
            return null;
        }
        return terms.ToImmutableDictionary(t => t, _ => GarbageModel ? "(- 99)" : "0");
    }

    public ImmutableArray<string>? GetUnsatCore() => Core;

    public void Dispose()
    {
    }
}

/// <summary>
/// Passes the first <c>decidedChecks</c> check-sats (over all sessions) to a real solver; every later check-sat
/// answers "timeout", as if the budget had run out.
/// </summary>
public sealed class BudgetedSolverFactory(ISmtSolverFactory inner, int decidedChecks) : ISmtSolverFactory
{
    private int remaining = decidedChecks;

    public SolverStart Start(SolverOptions options)
    {
        var start = inner.Start(options);
        return start.Session is null ? start : new SolverStart(new Session(start.Session, this), null);
    }

    private sealed class Session(ISmtSession inner, BudgetedSolverFactory owner) : ISmtSession
    {
        public string SolverName => inner.SolverName;

        public CheckResult? Failure => inner.Failure;

        public string Transcript => inner.Transcript;

        public void Send(string commands) => inner.Send(commands);

        public CheckResult CheckSat(IReadOnlyList<string>? assumptions = null) =>
            owner.remaining-- > 0 ? inner.CheckSat(assumptions) : new CheckResult(SolverOutcome.Timeout, "timeout");

        public ImmutableDictionary<string, string>? GetValues(IReadOnlyList<string> terms) => inner.GetValues(terms);

        public ImmutableArray<string>? GetUnsatCore() => inner.GetUnsatCore();

        public void Dispose() => inner.Dispose();
    }
}
