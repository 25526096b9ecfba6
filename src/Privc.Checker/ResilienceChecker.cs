using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Checking;

/// <summary>
/// The independent checker's reading of resilience (specs/semantics.md section 9): every single failure of an inner
/// device or a cable of a route leaves a route between the same devices that meets every route condition. Judged
/// apart from <see cref="ConfigurationChecker"/> because it is asked for (<c>--resilience 1</c>), not part of
/// C |=_lambda I; it enumerates the failures and searches each backup itself, with no solver and no encoder code.
/// </summary>
public static class ResilienceChecker
{
    /// <summary>The name under which violations of resilience are reported.</summary>
    public const string Condition = "R1 resilience";

    /// <summary>How many steps the backup search may take per failure before the failure is reported as not shown survivable.</summary>
    public const int DefaultWorkLimit = 200_000;

    /// <summary>Every failure some route of the configuration does not survive (well-formed routes only: W3 judges the rest).</summary>
    public static CheckReport Check(BoundProgram program, TopologyModel topology, Configuration configuration, int workLimit = DefaultWorkLimit)
    {
        var judge = new ConfigurationJudge(new CheckRules(program, topology), configuration, CheckMode.Full);
        var found = judge.CheckResilience(workLimit);
        return new CheckReport(found.Distinct().OrderBy(v => v.Witness.SortKey, StringComparer.Ordinal).ThenBy(v => v.Message, StringComparer.Ordinal).ToImmutableArray());
    }
}
