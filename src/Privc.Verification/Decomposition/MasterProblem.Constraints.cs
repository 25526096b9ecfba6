using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Verification.Encoding;
using Privc.Topology;

namespace Privc.Verification.Decomposition;

public sealed partial class MasterProblem
{
    private readonly Dictionary<string, string> scopeTerms = new(StringComparer.Ordinal);
    private readonly List<RouteFactRecord> recorded = new();

    /// <summary>The route facts this master asserts, for the certificate (specs/encoding.md section 17).</summary>
    public IReadOnlyList<RouteFactRecord> RecordedFacts => recorded;

    private static string? ScopeOf(Scope scope, ComputeNode node) =>
        scope.Kind == SeparationScope.Node ? node.Name
        : node.Attributes.TryGetValue(scope.Key!, out var value) ? value.ToString() : null;

    /// <summary>`in(s, v)`: some replica of s is on a node whose scope value is v (defined once, then reused).</summary>
    private string InScope(string service, Scope scope, string value)
    {
        if (scope.Kind == SeparationScope.Node)
        {
            return Hosts(service, value);
        }
        var symbol = Smt.Symbol("in", service, scope.Key!, value);
        if (!scopeTerms.TryGetValue(symbol, out var term))
        {
            var members = facts.Candidates[service].Where(n => ScopeOf(scope, n) == value).Select(n => Hosts(service, n.Name)).ToList();
            term = members.Count <= 1 ? Smt.Or(members) : script.DefineBool(symbol, Smt.Or(members));
            scopeTerms[symbol] = term;
        }
        return term;
    }

    private IEnumerable<string> ScopeValues(IEnumerable<string> services, Scope scope) =>
        services.SelectMany(s => facts.Candidates[s]).Select(n => ScopeOf(scope, n)).OfType<string>()
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    /// <summary>Separation, colocation, dedication and spread, as in the monolithic encoding but over h(s, n).</summary>
    private void EncodeRelations()
    {
        foreach (var intent in active)
        {
            var guard = Guard(intent);
            switch (intent)
            {
                case SeparateIntent separate:
                    script.Comment($"intent {intent.Name}: separate by {separate.Scope}");
                    foreach (var a in separate.Left)
                    {
                        foreach (var b in separate.Right.Where(b => b != a))
                        {
                            foreach (var value in ScopeValues([a], separate.Scope).Intersect(ScopeValues([b], separate.Scope), StringComparer.Ordinal))
                            {
                                script.Assert(Smt.Not(Smt.And(InScope(a, separate.Scope, value), InScope(b, separate.Scope, value))), guard);
                            }
                        }
                    }
                    foreach (var s in separate.Left.Intersect(separate.Right).Where(s => separate.Scope.Kind == SeparationScope.Label))
                    {
                        foreach (var value in ScopeValues([s], separate.Scope))
                        {
                            var nodes = facts.Candidates[s].Where(n => ScopeOf(separate.Scope, n) == value).ToList();
                            if (nodes.Count > 1)
                            {
                                script.Assert(Smt.Le(Linear(nodes.Select(n => (s, n, 1L))), "1"), guard);
                            }
                        }
                    }
                    break;
                case ColocateIntent colocate:
                    script.Comment($"intent {intent.Name}: colocate by {colocate.Scope}");
                    foreach (var a in colocate.Left)
                    {
                        foreach (var b in colocate.Right.Where(b => b != a))
                        {
                            foreach (var node in facts.Candidates[a])
                            {
                                var value = ScopeOf(colocate.Scope, node);
                                script.Assert(Smt.Implies(Hosts(a, node.Name), value is null ? Smt.False : InScope(b, colocate.Scope, value)), guard);
                            }
                        }
                    }
                    break;
                case DedicateIntent dedicate:
                    EncodeDedicate(dedicate, guard);
                    break;
                case SpreadIntent spread:
                    script.Comment($"intent {intent.Name}: spread across {spread.Key} at least {spread.MinDistinct}");
                    var scope = new Scope(SeparationScope.Label, spread.Key);
                    foreach (var s in spread.Services)
                    {
                        var values = ScopeValues([s], scope).ToList();
                        script.Assert(Smt.Ge(Smt.Sum(values.Select(v => Smt.Indicator(InScope(s, scope, v)))), Smt.Int(spread.MinDistinct)), guard);
                    }
                    break;
            }
        }
    }

    /// <summary>
    /// Dedicated nodes, per node and tenant: if a dedicated service of tenant T runs on n, no service of another tenant
    /// does. Linear in the services per node, where pairwise exclusion would be quadratic.
    /// </summary>
    private void EncodeDedicate(DedicateIntent dedicate, string? guard)
    {
        script.Comment($"intent {dedicate.Name}: dedicated nodes");
        var dedicated = dedicate.Services.Select(program.Service).ToList();
        var nodes = dedicated.SelectMany(s => facts.Candidates[s.Name]).DistinctBy(n => n.Name).OrderBy(n => n.Name, StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var tenant in dedicated.Where(s => hosts.ContainsKey((s.Name, node.Name))).Select(s => s.Tenant).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var mine = Smt.Or(dedicated.Where(s => s.Tenant == tenant).Select(s => Hosts(s.Name, node.Name)));
                var others = program.Services.Where(t => t.Tenant != tenant).Select(t => Hosts(t.Name, node.Name)).Where(t => t != Smt.False).ToList();
                if (others.Count == 0)
                {
                    continue;
                }
                var symbol = Smt.Symbol("other", node.Name, tenant);
                var other = others.Count == 1 ? others[0] : script.DefineBool(symbol, Smt.Or(others));
                script.Assert(Smt.Implies(mine, Smt.Not(other)), guard);
            }
        }
    }

    /// <summary>
    /// Route facts (specs/encoding.md section 11): replica pairs of a flow that have no compliant route cannot both be
    /// placed. Guarded by the intents that shaped the flow's routes; clauses equal for several flows are written once.
    /// </summary>
    private void EncodeRouteFacts()
    {
        script.Comment("route facts: replica pairs without a compliant route (static, specs/encoding.md section 10)");
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var flow in program.Flows)
        {
            var classId = routes.FlowClass[flow.Name];
            var condition = routes.Classes[classId];
            var guard = Smt.And(condition.Intents.Select(GuardOrTrue));
            var sources = facts.Candidates[flow.Source];
            var targets = facts.Candidates[flow.Target];
            var index = routes.Index;
            var sourceDevices = sources.Select(n => n.Device).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var targetDevices = targets.Select(n => n.Device).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var forbidden = new List<(string Source, string Targets, List<string> TargetList)>();
            foreach (var a in sourceDevices)
            {
                var bad = targetDevices.Where(b => b != a && routes.Status(classId, index.Device(a), index.Device(b)) == RouteStatus.Infeasible).ToList();
                if (bad.Count > 0)
                {
                    forbidden.Add((a, string.Join(',', bad), bad));
                }
            }
            foreach (var group in forbidden.GroupBy(f => f.Targets, StringComparer.Ordinal))
            {
                var left = Smt.Or(group.Select(g => At(flow.Source, g.Source)));
                var bad = group.First().TargetList.ToHashSet(StringComparer.Ordinal);
                // Whichever is shorter: none of the target's replicas on a forbidden device, or all of them elsewhere.
                var allowedNodes = targets.Where(n => !bad.Contains(n.Device)).ToList();
                var right = allowedNodes.Count < bad.Count
                    ? Smt.Eq(Linear(allowedNodes.Select(n => (flow.Target, n, 1L))), Smt.Int(program.Service(flow.Target).Replicas))
                    : Smt.Not(Smt.Or(bad.Order(StringComparer.Ordinal).Select(b => At(flow.Target, b))));
                if (Fact(Smt.Implies(left, right)))
                {
                    recorded.Add(new RouteFactRecord(flow.Name, classId, RouteFactKind.NoRoute, group.Select(g => g.Source).ToImmutableArray(), group.First().TargetList.ToImmutableArray()));
                }
            }
            // Two distinct nodes on one device: the route is that device alone.
            foreach (var device in sourceDevices.Intersect(targetDevices, StringComparer.Ordinal))
            {
                if (RouteFacts.SingleDevice(condition, index.Device(device)))
                {
                    continue;
                }
                var any = false;
                foreach (var m in sources.Where(n => n.Device == device))
                {
                    foreach (var n in targets.Where(n => n.Device == device && n.Name != m.Name))
                    {
                        any |= Fact(Smt.Not(Smt.And(Hosts(flow.Source, m.Name), Hosts(flow.Target, n.Name))));
                    }
                }
                if (any)
                {
                    recorded.Add(new RouteFactRecord(flow.Name, classId, RouteFactKind.NoSingleDeviceRoute, [device], [device]));
                }
            }
            // One node: the route is empty, and an empty route passes no waypoint.
            if (condition.HasChains)
            {
                var shared = sources.Where(n => hosts.ContainsKey((flow.Target, n.Name))).ToList();
                foreach (var node in shared)
                {
                    Fact(Smt.Not(Smt.And(Hosts(flow.Source, node.Name), Hosts(flow.Target, node.Name))));
                }
                if (shared.Count > 0)
                {
                    recorded.Add(new RouteFactRecord(flow.Name, classId, RouteFactKind.EmptyRouteMissesWaypoint, shared.Select(n => n.Name).ToImmutableArray(), []));
                }
            }

            bool Fact(string clause)
            {
                var term = Smt.Implies(guard, clause);
                if (!written.Add(term))
                {
                    return false;
                }
                routeFacts++;
                script.Assert(term);
                return true;
            }
        }
    }

    /// <summary>`at(s, d)`: some replica of s runs on a node attached to d.</summary>
    private string At(string service, string device)
    {
        var symbol = Smt.Symbol("at", service, device);
        if (!scopeTerms.TryGetValue(symbol, out var term))
        {
            var members = facts.Candidates[service].Where(n => n.Device == device).Select(n => Hosts(service, n.Name)).ToList();
            term = members.Count <= 1 ? Smt.Or(members) : script.DefineBool(symbol, Smt.Or(members));
            scopeTerms[symbol] = term;
        }
        return term;
    }
}
