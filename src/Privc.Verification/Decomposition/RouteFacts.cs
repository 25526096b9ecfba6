using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Verification.Encoding;
using Privc.Topology;

namespace Privc.Verification.Decomposition;

/// <summary>
/// Level 0 of the decomposed solver (specs/encoding.md section 10): for every flow its <see cref="RouteCondition"/>,
/// and, per flow class and pair of attachment devices, whether a compliant route exists. Answers are computed on
/// demand per (class, source device) and kept, so flows with the same condition share them.
/// </summary>
public sealed partial class RouteFacts
{
    private readonly NetworkIndex index;
    private readonly RouteSearch search;
    private readonly Dictionary<(int Class, int Source), long[]> bounds = new();
    private readonly Dictionary<(int Class, int Source), int[]> hopBounds = new();
    private readonly Dictionary<(int Class, int Source, int Target), RouteAnswer> decided = new();
    private readonly Dictionary<string, int> classOfKey = new(StringComparer.Ordinal);
    private readonly List<RouteCondition> classes = new();

    public RouteFacts(BoundProgram program, StaticFacts facts, NetworkIndex index, RouteSearch search, int resilience = 0)
    {
        this.index = index;
        this.search = search;
        Resilience = resilience;
        var conditions = ImmutableDictionary.CreateBuilder<string, RouteCondition>(StringComparer.Ordinal);
        var classOf = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        // Flows that share one computed network (StaticFacts computes each distinct one once) and the same shaping
        // intents have the same condition: built once, not once per flow.
        var shared = new Dictionary<(object Devices, string Intents), RouteCondition>();
        foreach (var flow in program.Flows)
        {
            var network = facts.Networks[flow.Name];
            var shaping = ShapingIntents(program, flow).ToList();
            var key = ((object)network.AllowedDevices, string.Join("\n", shaping));
            if (!shared.TryGetValue(key, out var condition))
            {
                condition = shared[key] = RouteCondition.FromNetwork(index, network, shaping);
            }
            conditions[flow.Name] = condition;
            classOf[flow.Name] = ClassOf(condition);
        }
        Conditions = conditions.ToImmutable();
        FlowClass = classOf.ToImmutable();
    }

    /// <summary>The route condition of every flow.</summary>
    public ImmutableDictionary<string, RouteCondition> Conditions { get; }

    /// <summary>The class of every flow: flows with equal conditions share one.</summary>
    public ImmutableDictionary<string, int> FlowClass { get; }

    public IReadOnlyList<RouteCondition> Classes => classes;

    /// <summary>The intents whose conditions restrict the routes of a flow: its keep and route intents.</summary>
    public static IEnumerable<string> ShapingIntents(BoundProgram program, Flow flow) =>
        program.Intents.Where(i => i switch
        {
            KeepIntent keep => keep.Flows.Contains(flow.Name),
            RouteIntent route => route.Flows.Contains(flow.Name),
            _ => false,
        }).Select(i => i.Name);

    /// <summary>The class of a condition (of a flow or of a W3 coincidence class), registering it when new.</summary>
    public int ClassOf(RouteCondition condition)
    {
        if (!classOfKey.TryGetValue(condition.Key, out var id))
        {
            id = classes.Count;
            classes.Add(condition);
            classOfKey[condition.Key] = id;
        }
        return id;
    }

    /// <summary>
    /// Whether a route of class <paramref name="classId"/> from device <paramref name="source"/> to device
    /// <paramref name="target"/> exists, for two distinct nodes attached there (a single-device route when the devices
    /// are equal). Unknown only for waypoint chains the bounded search could not settle.
    /// </summary>
    public RouteStatus Status(int classId, int source, int target)
    {
        var condition = classes[classId];
        if (source == target)
        {
            return SingleDevice(condition, source) ? RouteStatus.Feasible : RouteStatus.Infeasible;
        }
        if (LowerBound(classId, source, target) == RouteSearch.Unreachable)
        {
            return RouteStatus.Infeasible;
        }
        return condition.HasChains ? Decide(classId, source, target).Status : RouteStatus.Feasible;
    }

    /// <summary>A lower bound of the latency of every compliant route (exact without waypoints); Unreachable when none.</summary>
    public long LowerBound(int classId, int source, int target)
    {
        if (source == target)
        {
            return SingleDevice(classes[classId], source) ? 0 : RouteSearch.Unreachable;
        }
        if (!bounds.TryGetValue((classId, source), out var row))
        {
            bounds[(classId, source)] = row = search.LowerBounds(source, classes[classId]);
        }
        return row[target];
    }

    /// <summary>
    /// A lower bound of the number of links of every compliant route: the fewest links from source to target over the
    /// class's devices and links, bounds and waypoints ignored (exact when they do not bind); 0 on one device.
    /// </summary>
    public long HopLowerBound(int classId, int source, int target)
    {
        if (source == target)
        {
            return 0;
        }
        if (!hopBounds.TryGetValue((classId, source), out var row))
        {
            hopBounds[(classId, source)] = row = search.Reach(source, classes[classId], forward: true).Hops;
        }
        return row[target] == int.MaxValue ? RouteSearch.Unreachable : row[target];
    }

    /// <summary>The answer of the exact search for one pair (kept: facts and routing ask the same questions).</summary>
    public RouteAnswer Decide(int classId, int source, int target)
    {
        if (!decided.TryGetValue((classId, source, target), out var answer))
        {
            var condition = classes[classId];
            if (source == target)
            {
                answer = SingleDevice(condition, source) ? new RouteAnswer(RouteStatus.Feasible, [], 0, true) : new RouteAnswer(RouteStatus.Infeasible, [], 0, true);
            }
            else if (LowerBound(classId, source, target) == RouteSearch.Unreachable)
            {
                answer = new RouteAnswer(RouteStatus.Infeasible, [], 0, true);
            }
            else
            {
                answer = search.Find(source, target, condition);
            }
            decided[(classId, source, target)] = answer;
        }
        return answer;
    }

    /// <summary>The route of two distinct nodes on one device is that device alone: allowed, and every chain met there.</summary>
    public static bool SingleDevice(RouteCondition condition, int device) =>
        condition.Devices[device] && condition.Chains.All(c => c.Length == 0 || (c.Length == 1 && c[0][device]));

    public NetworkIndex Index => index;
}
