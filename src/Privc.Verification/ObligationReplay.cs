using System.Collections.Immutable;
using Privc.Verification.Solving;

namespace Privc.Verification;

/// <summary>How a replayed obligation came out.</summary>
public enum ReplayStatus
{
    /// <summary>The solver gave the expected answer.</summary>
    Agree,

    /// <summary>The solver gave the opposite answer: one solver, or privc's encoding, is wrong.</summary>
    Disagree,

    /// <summary>The solver did not decide (timeout, unknown, crash, missing): nothing was confirmed.</summary>
    Undecided,

    /// <summary>The obligation uses commands the solver does not have; it was not run, so nothing was confirmed.</summary>
    NotReplayable,
}

/// <summary>The outcome of one replay: the status, the solver's result when it ran, and a sentence for the user.</summary>
public sealed record ReplayOutcome(ReplayStatus Status, CheckResult? Result, string Detail);

/// <summary>
/// Replays one SMT-LIB2 obligation of a certificate with a chosen solver: the commands before its last
/// <c>check-sat</c> / <c>check-sat-assuming</c> are sent as they are (re-printed canonically), the check is run, and
/// the answer is compared with the expected one. Obligations that use commands outside SMT-LIB 2.6 (z3's optimisation
/// extension: <c>minimize</c>, <c>maximize</c>, <c>assert-soft</c>, <c>get-objectives</c>) are not replayed by other
/// solvers; such a skip is reported as <see cref="ReplayStatus.NotReplayable"/>, never as agreement.
/// </summary>
public static class ObligationReplay
{
    private static readonly ImmutableHashSet<string> Standard = ImmutableHashSet.Create(StringComparer.Ordinal,
        "set-logic", "set-option", "set-info", "declare-const", "declare-fun", "define-fun", "define-funs-rec", "define-fun-rec",
        "declare-sort", "define-sort", "declare-datatype", "declare-datatypes", "assert", "push", "pop", "reset-assertions",
        "check-sat", "check-sat-assuming", "get-model", "get-value", "get-unsat-core", "get-unsat-assumptions", "get-info",
        "get-option", "get-assertions", "echo", "exit");

    private static readonly ImmutableHashSet<string> Optimisation = ImmutableHashSet.Create(StringComparer.Ordinal,
        "minimize", "maximize", "assert-soft", "get-objectives");

    /// <summary>The script's commands, or null with the reason when it is not SMT-LIB text with a check.</summary>
    public static ImmutableArray<SExpr>? Commands(string script, out string? problem)
    {
        var commands = SExprReader.TryReadAll(script, out var error);
        if (commands is null)
        {
            problem = "not SMT-LIB2 text: " + error;
            return null;
        }
        if (commands.Value.Any(c => c is not SList { Items: [SAtom { Kind: SAtomKind.Symbol }, ..] }))
        {
            problem = "a top-level form is not an SMT-LIB2 command";
            return null;
        }
        if (!commands.Value.Any(c => Head(c) is "check-sat" or "check-sat-assuming"))
        {
            problem = "no check-sat command";
            return null;
        }
        problem = null;
        return commands;
    }

    /// <summary>Why a solver other than z3 cannot run the script, or null when it is plain SMT-LIB 2.6.</summary>
    public static string? NonStandardFeature(ImmutableArray<SExpr> commands)
    {
        var heads = commands.Select(Head).Distinct(StringComparer.Ordinal).ToList();
        if (heads.FirstOrDefault(Optimisation.Contains) is { } optimisation)
        {
            return $"uses z3's optimisation extension ({optimisation})";
        }
        return heads.FirstOrDefault(h => !Standard.Contains(h)) is { } other ? $"uses the non-standard command {other}" : null;
    }

    /// <summary>
    /// Runs the script with <paramref name="solvers"/> and compares with <paramref name="expected"/> ("sat" or
    /// "unsat"). <paramref name="allowExtensions"/> is true for z3, which has the optimisation commands.
    /// </summary>
    public static ReplayOutcome Replay(string script, string expected, ISmtSolverFactory solvers, SolverOptions options, bool allowExtensions)
    {
        var commands = Commands(script, out var problem) ?? throw new ArgumentException(problem, nameof(script));
        if (!allowExtensions && NonStandardFeature(commands) is { } feature)
        {
            return new ReplayOutcome(ReplayStatus.NotReplayable, null, "not replayable by this solver: " + feature);
        }
        var last = commands.Select((c, i) => (c, i)).Last(p => Head(p.c) is "check-sat" or "check-sat-assuming");
        var assumptions = Head(last.c) == "check-sat-assuming" && ((SList)last.c).Items is [_, SList literals, ..]
            ? literals.Items.Select(l => l.ToCanonical()).ToList()
            : null;
        var start = solvers.Start(options with { ProduceModels = false, ProduceUnsatCores = false });
        if (start.Session is not { } session)
        {
            return new ReplayOutcome(ReplayStatus.Undecided, start.Failure, "the solver could not be started: " + (start.Failure?.Reason ?? start.Failure?.Outcome.ToString()));
        }
        using (session)
        {
            // Options of the script itself are dropped: the session's preamble sets the limits, and an option one
            // solver does not know is an error for the other.
            var prefix = commands.Take(last.i).Where(c => Head(c) is not ("set-option" or "get-objectives" or "get-model" or "get-value" or "echo" or "exit"));
            session.Send(string.Join("\n", prefix.Select(c => c.ToCanonical())) + "\n");
            var result = session.CheckSat(assumptions);
            var said = result.Outcome switch
            {
                SolverOutcome.Sat => "sat",
                SolverOutcome.Unsat => "unsat",
                _ => null,
            };
            if (said is null)
            {
                return new ReplayOutcome(ReplayStatus.Undecided, result, $"{session.SolverName} did not decide ({result.Outcome}{(result.Reason is null ? string.Empty : ": " + result.Reason)})");
            }
            return said == expected
                ? new ReplayOutcome(ReplayStatus.Agree, result, $"{session.SolverName} says {said}, as expected")
                : new ReplayOutcome(ReplayStatus.Disagree, result, $"{session.SolverName} says {said}, but the certificate expects {expected}");
        }
    }

    private static string Head(SExpr command) => command is SList { Items: [SAtom { Kind: SAtomKind.Symbol } head, ..] } ? head.Value : string.Empty;
}
