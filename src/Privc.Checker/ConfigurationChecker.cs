using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Checking;

/// <summary>
/// The independent checker: decides C |=_lambda I (specs/semantics.md section 5) by evaluating every structural
/// condition and every intent's condition directly on the configuration. It never calls a solver and shares no code
/// with the SMT encoding, so a plan it accepts does not depend on trusting either the solver or the encoder.
/// </summary>
public static class ConfigurationChecker
{
    /// <summary>Every violation of the configuration, sorted: structural conditions W1-W5, then intents in program order.</summary>
    public static CheckReport Check(BoundProgram program, TopologyModel topology, Configuration configuration) =>
        Check(new CheckRules(program, topology), configuration, CheckMode.Full);

    /// <summary>
    /// C |=_lambda I without the network paths: placements, capacity, isolation and the placement intents, for
    /// deployed artifacts that say nothing about routing (<c>privc check</c> without <c>--flows</c>). Every violation
    /// reported is one of the full relation; compliance here does not imply compliance of the paths.
    /// </summary>
    public static CheckReport CheckWithoutRoutes(BoundProgram program, TopologyModel topology, Configuration configuration) =>
        Check(new CheckRules(program, topology), configuration, CheckMode.WithoutRoutes);

    /// <summary>One program on one topology, judged against many configurations: the rules are derived once.</summary>
    public static ProgramChecker For(BoundProgram program, TopologyModel topology) => new(new CheckRules(program, topology));

    internal static CheckReport Check(CheckRules rules, Configuration configuration, CheckMode mode)
    {
        var judge = new ConfigurationJudge(rules, configuration, mode);
        return new CheckReport(Sort(rules, judge.Run()));
    }

    private static ImmutableArray<Violation> Sort(CheckRules rules, IEnumerable<Violation> violations) =>
        Sort(rules.IntentOrder, violations);

    /// <summary>
    /// The report order, for violations gathered from the checker and elsewhere (the artifact readers): structural
    /// conditions W1-W5, then intents in program order, each deterministic within; duplicates removed.
    /// </summary>
    public static ImmutableArray<Violation> Sort(BoundProgram program, IEnumerable<Violation> violations) =>
        Sort(program.Intents.Select((intent, index) => (intent.Name, index)).ToImmutableDictionary(p => p.Name, p => p.index, StringComparer.Ordinal), violations);

    private static ImmutableArray<Violation> Sort(ImmutableDictionary<string, int> intentOrder, IEnumerable<Violation> violations)
    {
        int Group(Violation v)
        {
            var structural = StructuralCondition.All.IndexOf(v.Intent);
            return structural >= 0 ? structural : StructuralCondition.All.Length + intentOrder.GetValueOrDefault(v.Intent, int.MaxValue - StructuralCondition.All.Length);
        }
        return violations
            .Distinct()
            .OrderBy(Group)
            .ThenBy(v => v.Intent, StringComparer.Ordinal)
            .ThenBy(v => v.Kind)
            .ThenBy(v => v.Witness.SortKey, StringComparer.Ordinal)
            .ThenBy(v => v.Message, StringComparer.Ordinal)
            .ToImmutableArray();
    }
}

/// <summary>How much of a configuration to judge.</summary>
internal enum CheckMode
{
    /// <summary>The whole of C |=_lambda I.</summary>
    Full,

    /// <summary>Everything but W3, W4 and the route conditions of intents: the configuration carries no routes.</summary>
    WithoutRoutes,
}

/// <summary>
/// The checker for one program on one topology, for callers that judge many configurations (the reference search,
/// a sweep over plans): what the checker derives from the program alone is computed once.
/// </summary>
public sealed class ProgramChecker
{
    private readonly CheckRules rules;

    internal ProgramChecker(CheckRules rules)
    {
        this.rules = rules;
    }

    public BoundProgram Program => rules.Program;

    public TopologyModel Topology => rules.Topology;

    /// <summary>C |=_lambda I, every violation (as <see cref="ConfigurationChecker.Check(BoundProgram, TopologyModel, Configuration)"/>).</summary>
    public CheckReport Check(Configuration configuration) => ConfigurationChecker.Check(rules, configuration, CheckMode.Full);

    /// <summary>The objectives of section 6 on a configuration (as <see cref="ObjectiveEvaluator"/>).</summary>
    public ImmutableArray<ObjectiveValue> Objectives(Configuration configuration) => ObjectiveEvaluator.Evaluate(rules, configuration);
}
