using System.Collections.Immutable;

namespace Privc.Semantics;

/// <summary>Whether privc breaks ties between plans equal on the user's objectives by preferring short routes.</summary>
public enum RoutePreference
{
    /// <summary>Fewest total hops, then lowest total latency, after the user's objectives (the default).</summary>
    Hops,

    /// <summary>No preference: any plan optimal for the user's objectives (faster on large instances).</summary>
    None,
}

/// <summary>
/// The implicit short-route tie-breaker (specs/semantics.md section 6.1): two objectives appended after the user's,
/// total hops and then total latency, so that among plans equal on the user's objectives the one with the fewest
/// links, and then the least latency, is chosen and proven like any objective. They only order compliant plans: they
/// never add or remove one.
/// </summary>
public static class ShortRoutes
{
    /// <summary>The name of the implicit hops objective (not an identifier of the language, so it never clashes).</summary>
    public const string HopsName = "short-routes-hops";

    /// <summary>The name of the implicit latency objective.</summary>
    public const string LatencyName = "short-routes-latency";

    /// <summary>
    /// The program with the tie-breakers appended: nothing for <see cref="RoutePreference.None"/> or a program without
    /// flows (no routes to order); the latency tie-breaker is left out when the user already minimises total latency,
    /// since a later objective equal to an earlier one cannot change the order. Their location is the first flow's,
    /// where a warning about them (an optimum not proven) points.
    /// </summary>
    public static BoundProgram Apply(BoundProgram program, RoutePreference preference)
    {
        if (preference == RoutePreference.None || program.Flows.IsEmpty || IsImplicit(program.Objectives))
        {
            return program;
        }
        var location = program.Flows.Select(f => f.Location).Min();
        var added = ImmutableArray.CreateBuilder<Objective>();
        added.Add(new Objective(HopsName, location, ObjectiveMetric.TotalHops, null));
        if (!program.Objectives.Any(o => o.Metric == ObjectiveMetric.TotalLatency))
        {
            added.Add(new Objective(LatencyName, location, ObjectiveMetric.TotalLatency, null));
        }
        return program with { Objectives = program.Objectives.AddRange(added) };
    }

    /// <summary>Whether an objective is one of the implicit tie-breakers rather than the user's.</summary>
    public static bool IsImplicit(Objective objective) => objective.Name is HopsName or LatencyName;

    private static bool IsImplicit(ImmutableArray<Objective> objectives) => objectives.Any(IsImplicit);
}
