using System.Collections.Immutable;
using System.Globalization;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Checking;

/// <summary>
/// One check of one configuration. The conditions are split by theme: placement and capacity (W1, W2), routes
/// (W3 and every per-route intent condition), bandwidth and isolation (W4, W5), and the placement intents.
/// Malformed parts of the configuration are reported once, under the structural condition they break, and left
/// out of the intent conditions (an unknown node has no attributes to judge); a route whose hops are partly
/// unknown is still judged on the devices and links it does name, so a deployed path through a forbidden switch is
/// reported even when its flow rules are also inconsistent.
/// </summary>
internal sealed partial class ConfigurationJudge
{
    private readonly CheckRules rules;
    private readonly Configuration configuration;
    private readonly CheckMode mode;
    private readonly List<Violation> violations = new();

    /// <summary>place(s) as a set of known nodes, sorted by name, for every program service the configuration places.</summary>
    private readonly Dictionary<string, ImmutableArray<ComputeNode>> placed = new(StringComparer.Ordinal);

    public ConfigurationJudge(CheckRules rules, Configuration configuration, CheckMode mode)
    {
        this.rules = rules;
        this.configuration = configuration;
        this.mode = mode;
    }

    private BoundProgram Program => rules.Program;

    private TopologyModel Topology => rules.Topology;

    public List<Violation> Run()
    {
        CheckPlacements();
        CheckCapacity();
        if (mode == CheckMode.WithoutRoutes)
        {
            CheckIsolation();
        }
        if (mode == CheckMode.Full)
        {
            var routes = CheckRoutes();
            CheckDistinguishable(routes);
            CheckBandwidth(routes);
            CheckIsolation();
            foreach (var route in routes)
            {
                CheckRouteConditions(route);
            }
        }
        CheckPlacementIntents();
        return violations;
    }

    private ImmutableArray<ComputeNode> Place(string service) =>
        placed.TryGetValue(service, out var nodes) ? nodes : ImmutableArray<ComputeNode>.Empty;

    private void Report(string intent, ViolationKind kind, string message, Witness witness) =>
        violations.Add(new Violation(intent, kind, message, witness));

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string? text) => $"'{text}'";

    private static string PathText(ImmutableArray<string> devices) =>
        devices.IsDefaultOrEmpty ? "the empty route" : "path " + string.Join(" -> ", devices);
}
