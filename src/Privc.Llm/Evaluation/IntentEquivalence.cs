using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Verification.Encoding;
using Privc.Verification.Solving;
using Privc.Topology;
using Privc.Verification.Restrictions;

namespace Privc.Llm.Evaluation;

/// <summary>How two sets of intents relate over a topology.</summary>
public enum EquivalenceVerdict
{
    /// <summary>Every configuration satisfies both sets or neither.</summary>
    Equivalent,
    /// <summary>The left set implies the right one, not conversely: left is stricter.</summary>
    LeftStronger,
    /// <summary>The right set implies the left one, not conversely: left is weaker.</summary>
    RightStronger,
    /// <summary>Neither implies the other.</summary>
    Incomparable,
    /// <summary>The programs declare different services, flows or data, so their intents do not speak of the same things.</summary>
    NotComparable,
    /// <summary>The solver could not decide.</summary>
    Undecided,
    /// <summary>
    /// Not equivalent on every topology, but equivalent on the one at hand: the sets differ only on elements or
    /// values this topology does not have. A weaker answer than <see cref="Equivalent"/>, reported as such.
    /// </summary>
    EquivalentOnTopology,
}

public sealed record EquivalenceResult(EquivalenceVerdict Verdict, string Explanation)
{
    public bool IsEquivalent => Verdict == EquivalenceVerdict.Equivalent;
}

/// <summary>
/// One side of a comparison: a bound program and the names of its intents and objectives that are compared. The
/// program's other intents are shared context (declassifications that shape the typing, say) and are not compared.
/// </summary>
internal sealed record IntentSet(BoundProgram Program, ImmutableSortedSet<string> Names)
{
    /// <summary>The intents and objectives declared in one source file of the program.</summary>
    public static IntentSet FromSource(BoundProgram program, string path) => new(program,
        program.Intents.Where(i => i.Location.Path == path).Select(i => i.Name)
            .Concat(program.Objectives.Where(o => o.Location.Path == path).Select(o => o.Name))
            .ToImmutableSortedSet(StringComparer.Ordinal));

    public ImmutableArray<Intent> Intents => Program.Intents.Where(i => Names.Contains(i.Name)).ToImmutableArray();

    public ImmutableArray<Objective> Objectives => Program.Objectives.Where(o => Names.Contains(o.Name)).ToImmutableArray();
}

/// <summary>
/// Decides whether two sets of intents mean the same over a topology: for every configuration C (of the declared
/// services and flows, meeting the structural conditions), C |= L exactly when C |= R. Both sets are encoded in one
/// SMT script over shared placement and route variables, with each intent's guard defined as equivalent to its
/// condition (<see cref="EncodingOptions.DefineGuards"/>), and two queries ask for a counterexample each way:
/// (and L) and (not (and R)), then the converse. Both unsat means equivalent. Declassifications are typing rules
/// with no condition on configurations, so they are compared as sets; objectives are compared in order, by metric and,
/// for `prefer`, by the nodes the predicate selects. When both sets are unsatisfiable on their own, every such pair
/// would be equivalent, so they are instead matched intent by intent.
/// </summary>
internal sealed class IntentEquivalence
{
    private const string LeftPrefix = "left/";
    private const string RightPrefix = "right/";

    private readonly TopologyModel topology;
    private readonly ISmtSolverFactory solvers;
    private readonly SolverOptions options;

    public IntentEquivalence(TopologyModel topology, ISmtSolverFactory solvers, SolverOptions options)
    {
        this.topology = topology;
        this.solvers = solvers;
        this.options = options with { ProduceModels = true, ProduceUnsatCores = false };
    }

    /// <param name="left">One intent set, bound against the same topology as the other.</param>
    /// <param name="right">The other intent set.</param>
    /// <param name="leftName">What explanations call the left side ("the answer", say).</param>
    /// <param name="rightName">What explanations call the right side.</param>
    public EquivalenceResult Compare(IntentSet left, IntentSet right, string leftName = "left", string rightName = "right")
    {
        if (Declarations.Difference(left.Program, right.Program) is { } difference)
        {
            return new EquivalenceResult(EquivalenceVerdict.NotComparable, difference);
        }
        var leftDeclassify = Declassifications(left);
        var rightDeclassify = Declassifications(right);
        if (!leftDeclassify.SetEquals(rightDeclassify))
        {
            return new EquivalenceResult(EquivalenceVerdict.Incomparable,
                $"the declassifications differ: {leftName} {{{string.Join("; ", leftDeclassify)}}}, {rightName} {{{string.Join("; ", rightDeclassify)}}}");
        }
        if (ObjectiveDifference(left.Objectives, right.Objectives, leftName, rightName) is { } objectives)
        {
            return new EquivalenceResult(EquivalenceVerdict.Incomparable, objectives);
        }

        var leftIntents = Conditions(left, LeftPrefix);
        var rightIntents = Conditions(right, RightPrefix);
        if (leftIntents.Select(Canonical).Order(StringComparer.Ordinal).SequenceEqual(rightIntents.Select(Canonical).Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            return new EquivalenceResult(EquivalenceVerdict.Equivalent, "the same intents, up to their names and order");
        }
        var merged = left.Program with { Intents = leftIntents.AddRange(rightIntents), Objectives = [] };
        var problem = Encoder.Encode(merged, topology, new EncodingOptions { PruneByIntents = false, DefineGuards = true });
        var leftGuards = leftIntents.Select(i => problem.Guards[i.Name]).ToList();
        var rightGuards = rightIntents.Select(i => problem.Guards[i.Name]).ToList();

        var start = solvers.Start(options);
        if (start.Session is not { } session)
        {
            return Undecided(start.Failure!);
        }
        using (session)
        {
            session.Send(problem.Script);
            var leftToRight = Implies(session, leftGuards, rightGuards, out var leftWitness);
            if (!leftToRight.IsDecided)
            {
                return Undecided(leftToRight);
            }
            var rightToLeft = Implies(session, rightGuards, leftGuards, out var rightWitness);
            if (!rightToLeft.IsDecided)
            {
                return Undecided(rightToLeft);
            }
            var forward = leftToRight.Outcome == SolverOutcome.Unsat;
            var backward = rightToLeft.Outcome == SolverOutcome.Unsat;
            if (forward && backward)
            {
                var leftAlone = Satisfiable(session, leftGuards);
                if (!leftAlone.IsDecided)
                {
                    return Undecided(leftAlone);
                }
                return leftAlone.Outcome == SolverOutcome.Sat || leftIntents.IsEmpty
                    ? new EquivalenceResult(EquivalenceVerdict.Equivalent, "every configuration satisfies both or neither")
                    : MatchUnsatisfiable(session, problem, leftIntents, rightIntents, leftGuards, rightGuards, leftName, rightName);
            }
            // A witness of "left and not right" makes some right guards false, and conversely.
            var violatedRight = Names(problem, leftWitness, RightPrefix);
            var violatedLeft = Names(problem, rightWitness, LeftPrefix);
            return (forward, backward) switch
            {
                (true, false) => new EquivalenceResult(EquivalenceVerdict.LeftStronger,
                    $"the {leftName} implies the {rightName}, but a configuration satisfies the {rightName} and violates {leftName} {violatedLeft}"),
                (false, true) => new EquivalenceResult(EquivalenceVerdict.RightStronger,
                    $"the {rightName} implies the {leftName}, but a configuration satisfies the {leftName} and violates {rightName} {violatedRight}"),
                _ => new EquivalenceResult(EquivalenceVerdict.Incomparable,
                    $"a configuration satisfies the {leftName} and violates {rightName} {violatedRight}; another satisfies the {rightName} and violates {leftName} {violatedLeft}"),
            };
        }
    }

    /// <summary>
    /// Both sides are unsatisfiable as wholes, so over configurations they are trivially equivalent. To still tell a
    /// faithful answer from an arbitrary contradiction, require one of two stronger, sound conditions: every intent on
    /// each side is equivalent to one on the other (the same conditions, grouped alike), or the two conjunctions are
    /// the same function of the configuration variables over every assignment, structural constraints dropped (the
    /// same conditions, grouped differently, such as one intent `hsm and zone == z` against two). The second is used
    /// only when the conjunction is satisfiable without the structure; otherwise it would be trivial again.
    /// </summary>
    private EquivalenceResult MatchUnsatisfiable(ISmtSession session, EncodedProblem problem, ImmutableArray<Intent> left, ImmutableArray<Intent> right,
        IReadOnlyList<string> leftGuards, IReadOnlyList<string> rightGuards, string leftName, string rightName)
    {
        bool Same(Intent a, Intent b)
        {
            var ga = new List<string> { problem.Guards[a.Name] };
            var gb = new List<string> { problem.Guards[b.Name] };
            return Implies(session, ga, gb, out _).Outcome == SolverOutcome.Unsat
                && Implies(session, gb, ga, out _).Outcome == SolverOutcome.Unsat;
        }
        var unmatched = left.Where(a => !right.Any(b => Same(a, b))).Select(a => $"{leftName} intent '{a.Name[LeftPrefix.Length..]}'")
            .Concat(right.Where(b => !left.Any(a => Same(a, b))).Select(b => $"{rightName} intent '{b.Name[RightPrefix.Length..]}'"))
            .ToList();
        if (session.Failure is { } failure)
        {
            return Undecided(failure);
        }
        if (unmatched.Count == 0)
        {
            return new EquivalenceResult(EquivalenceVerdict.Equivalent, "both are unsatisfiable, and they match intent by intent");
        }

        var start = solvers.Start(options);
        if (start.Session is not { } free)
        {
            return Undecided(start.Failure!);
        }
        using (free)
        {
            free.Send(problem.Definitions);
            // A conjunction that contradicts itself even without the structure says nothing more here.
            var alone = Satisfiable(free, leftGuards);
            if (alone.Outcome == SolverOutcome.Unsat)
            {
                return new EquivalenceResult(EquivalenceVerdict.Incomparable, $"both are unsatisfiable, but {string.Join(", ", unmatched)} matches nothing on the other side");
            }
            var forward = alone.IsDecided ? Implies(free, leftGuards, rightGuards, out _) : alone;
            var backward = forward.Outcome == SolverOutcome.Unsat ? Implies(free, rightGuards, leftGuards, out _) : forward;
            if (!forward.IsDecided || !backward.IsDecided)
            {
                return Undecided(forward.IsDecided ? backward : forward);
            }
            return forward.Outcome == SolverOutcome.Unsat && backward.Outcome == SolverOutcome.Unsat
                ? new EquivalenceResult(EquivalenceVerdict.Equivalent, "both are unsatisfiable, and they state the same conditions, grouped differently")
                : new EquivalenceResult(EquivalenceVerdict.Incomparable, $"both are unsatisfiable, but they state different conditions: {string.Join(", ", unmatched)} matches nothing on the other side");
        }
    }

    /// <summary>Asks for a configuration satisfying every premise and violating some conclusion; unsat means the premises imply the conclusions.</summary>
    private static CheckResult Implies(ISmtSession session, IReadOnlyList<string> premises, IReadOnlyList<string> conclusions, out ImmutableDictionary<string, string>? witness)
    {
        witness = null;
        session.Send("(push 1)");
        session.Send($"(assert {Smt.And(premises)})");
        session.Send($"(assert {Smt.Not(Smt.And(conclusions))})");
        var result = session.CheckSat();
        if (result.Outcome == SolverOutcome.Sat && conclusions.Count > 0)
        {
            witness = session.GetValues(conclusions);
        }
        session.Send("(pop 1)");
        return result;
    }

    private static CheckResult Satisfiable(ISmtSession session, IReadOnlyList<string> guards)
    {
        session.Send("(push 1)");
        session.Send($"(assert {Smt.And(guards)})");
        var result = session.CheckSat();
        session.Send("(pop 1)");
        return result;
    }

    /// <summary>The intents whose guards the witness makes false, by their own names.</summary>
    private static string Names(EncodedProblem problem, ImmutableDictionary<string, string>? witness, string prefix)
    {
        var violated = problem.Guards
            .Where(g => g.Key.StartsWith(prefix, StringComparison.Ordinal) && witness?.GetValueOrDefault(g.Value) == "false")
            .Select(g => $"'{g.Key[prefix.Length..]}'")
            .ToList();
        return violated.Count == 0 ? "some of them" : string.Join(", ", violated);
    }

    private static EquivalenceResult Undecided(CheckResult result) =>
        new(EquivalenceVerdict.Undecided, $"the solver could not decide ({result.Outcome}{(result.Reason is null ? string.Empty : ": " + result.Reason)})");

    /// <summary>The compared intents that constrain configurations, renamed apart so both sides fit in one script.</summary>
    private static ImmutableArray<Intent> Conditions(IntentSet set, string prefix) =>
        set.Intents.Where(i => i is not DeclassifyIntent).Select(i => i with { Name = prefix + i.Name }).ToImmutableArray();

    /// <summary>
    /// An intent as the sorted list of what it restricts, without its name: equal forms mean equal conditions, so no
    /// solver is needed (different forms may still be equivalent; the solver decides those).
    /// </summary>
    private static string Canonical(Intent intent) =>
        string.Join("; ", IntentRestrictions.Of(intent).Select(r => r.Canonical).Order(StringComparer.Ordinal));

    private static ImmutableSortedSet<string> Declassifications(IntentSet set) =>
        set.Intents.OfType<DeclassifyIntent>().Select(d => $"{d.Data} to {d.Level} via {d.Via}").ToImmutableSortedSet(StringComparer.Ordinal);

    private string? ObjectiveDifference(ImmutableArray<Objective> left, ImmutableArray<Objective> right, string leftName, string rightName)
    {
        if (left.Length != right.Length)
        {
            return $"the {leftName} has {left.Length} objective(s), the {rightName} {right.Length}";
        }
        for (var k = 0; k < left.Length; k++)
        {
            var (a, b) = (left[k], right[k]);
            if (a.Metric != b.Metric)
            {
                return $"objective {k + 1} is {a.Metric} in the {leftName} and {b.Metric} in the {rightName}";
            }
            if (a.Prefer is { } p && b.Prefer is { } q && !topology.Nodes.All(n => PredicateEvaluator.IsTrue(p, n) == PredicateEvaluator.IsTrue(q, n)))
            {
                return $"objective {k + 1} prefers different nodes ('{PredicatePrinter.Print(p)}' versus '{PredicatePrinter.Print(q)}')";
            }
        }
        return null;
    }
}
