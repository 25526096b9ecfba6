using System.Collections.Immutable;
using Privc.Text;
using Privc.Topology;

namespace Privc.Artifacts.Onos;

/// <summary>Whether a rule is certainly in the switch whenever a packet arrives.</summary>
internal enum RulePresence
{
    /// <summary>Permanent, and either a POST body rule (no <c>state</c>) or <c>"state": "ADDED"</c>.</summary>
    Installed,

    /// <summary><c>isPermanent</c> false: ONOS removes it when its timeout runs out, so it may or may not be there.</summary>
    Temporary,

    /// <summary><c>state</c> PENDING_ADD, PENDING_REMOVE, REMOVED or FAILED: it may or may not be in the switch (and a POST body's <c>state</c> is ignored by ONOS).</summary>
    Unsettled,
}

/// <summary>Something privc does not follow, where it is written, and why (a cannot-judge finding when packets reach it).</summary>
internal sealed record Unjudgeable(string What, SourceLocation Location);

/// <summary>An action of a rule's instruction list, as the tracer follows it.</summary>
internal abstract record RuleAction
{
    /// <summary>OUTPUT to a port of the device (a node's attachment or a link), or to the port the packet came in by (<c>IN_PORT</c>).</summary>
    public sealed record Output(long Port, bool ToInPort) : RuleAction;

    /// <summary>OUTPUT to ALL or FLOOD: every port of the device but the one the packet came in by.</summary>
    public sealed record Everywhere(string Name) : RuleAction;

    /// <summary>A header rewrite (L0-L4 modification): later outputs carry a header privc does not model.</summary>
    public sealed record Rewrite(Unjudgeable Why) : RuleAction;

    /// <summary>
    /// A copy privc cannot follow: OUTPUT to CONTROLLER, LOCAL, NORMAL, TABLE or ANY (<paramref name="IsOutput"/>,
    /// which a later output replaces in an action set), a GROUP, an extension or protocol-independent action.
    /// </summary>
    /// <remarks><paramref name="GroupId"/> is set for a GROUP instruction: with the groups file, the failover tracer replaces it by the live bucket's actions.</remarks>
    public sealed record Elsewhere(Unjudgeable Why, bool IsOutput, long? GroupId = null) : RuleAction;
}

/// <summary>
/// A rule's treatment as ONOS's OpenFlow driver installs it (FlowModBuilderVer13): the apply-actions list, the
/// write-actions list, clear-actions, and goto-table. A NOACTION anywhere in a list empties that list, as the driver
/// does. <see cref="Key"/> compares treatments.
/// </summary>
internal sealed record Treatment(ImmutableArray<RuleAction> Immediate, ImmutableArray<RuleAction> Deferred, bool ClearDeferred, int? GotoTable, Unjudgeable? BadGoto)
{
    public string Key { get; } = string.Join(";", Immediate.Select(a => a.ToString())) + "|" + string.Join(";", Deferred.Select(a => a.ToString()))
        + "|" + ClearDeferred + "|" + GotoTable + "|" + BadGoto?.What;
}

/// <summary>
/// One flow rule read from an ONOS flows file. <see cref="Table"/> is null when ONOS would place the rule in a
/// protocol-independent table (a <c>tableId</c> that is not a whole number) or one OpenFlow does not have.
/// <see cref="Match"/> is the set of IPv4 headers its criteria accept, or null when it accepts none (another ether
/// type, contradictory criteria). <see cref="UnknownMatch"/> says why the rule may accept other packets than
/// <see cref="Match"/> says (a criterion privc does not model, a missing OpenFlow prerequisite); the match is then
/// an over-approximation used only to tell which packets it may concern.
/// </summary>
internal sealed record OnosRule(
    int Index,
    NetworkDevice Device,
    int Priority,
    int? Table,
    Unjudgeable? UnknownTable,
    long? InPort,
    Cube? Match,
    Unjudgeable? UnknownMatch,
    Treatment Treatment,
    RulePresence Presence,
    string? PresenceText,
    SourceLocation Location)
{
    /// <summary>A clause for messages about packets that pass this rule by when it is not in the switch.</summary>
    public string Absent => Presence == RulePresence.Temporary
        ? $"the temporary rule at {Location.Display} has timed out"
        : $"the rule at {Location.Display} ({PresenceText}) is not in the switch";

    /// <summary>A clause for messages about packets this rule forwards while it is (perhaps) there.</summary>
    public string Present => Presence == RulePresence.Temporary
        ? $"while the temporary rule at {Location.Display} is installed"
        : $"while the rule at {Location.Display} ({PresenceText}) is in the switch";
}
