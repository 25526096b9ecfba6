using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;
using Privc.Verification.Restrictions;

namespace Privc.Llm.Equivalence;

/// <summary>
/// Builds a program's <see cref="NormalForm"/> from what its intents restrict (<see cref="IntentRestrictions"/>), then
/// closes it under the implications of specs/equivalence.md section 3. Every rule adds a fact the program already
/// implies, or drops one implied by the rest, so the normal form means what the program means. Rules that need an
/// implication between label conditions use <see cref="LabelSpace"/> and apply only when it proves one.
/// </summary>
public sealed class NormalFormBuilder
{
    private readonly LabelSpace space;
    private readonly AttributeSchema schema;

    public NormalFormBuilder(AttributeSchema schema)
    {
        this.schema = schema;
        space = new LabelSpace(schema);
    }

    public NormalForm Build(BoundProgram program) => new State(program, space, schema).Build();

    private sealed class State : IRestrictionVisitor<bool>
    {
        private static readonly ImmutableSortedSet<string> NoOrigins = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

        private readonly BoundProgram program;
        private readonly LabelSpace space;
        private readonly AttributeSchema schema;
        private readonly SortedDictionary<string, Condition> nodes = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, FlowState> flows = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, Relation> separations = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, Relation> colocations = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, SpreadForm> spreads = new(StringComparer.Ordinal);
        private string origin = string.Empty;

        public State(BoundProgram program, LabelSpace space, AttributeSchema schema)
        {
            this.program = program;
            this.space = space;
            this.schema = schema;
            foreach (var service in program.Services)
            {
                nodes[service.Name] = Condition.True;
            }
            foreach (var flow in program.Flows)
            {
                flows[flow.Name] = new FlowState();
            }
        }

        private sealed class FlowState
        {
            public Condition Devices { get; set; } = Condition.True;

            public Condition Links { get; set; } = Condition.True;

            public long? Latency { get; set; }

            public int? Hops { get; set; }

            public ImmutableSortedSet<string> BoundOrigins { get; set; } = NoOrigins;

            public List<Chain> Chains { get; } = [];
        }

        public NormalForm Build()
        {
            foreach (var intent in program.Intents)
            {
                origin = intent.Name;
                foreach (var restriction in IntentRestrictions.Of(intent))
                {
                    restriction.Accept(this);
                }
            }
            Close();
            return new NormalForm(
                nodes.ToImmutableSortedDictionary(StringComparer.Ordinal),
                flows.ToImmutableSortedDictionary(f => f.Key, f => FlowForm(f.Key, f.Value), StringComparer.Ordinal),
                separations.ToImmutableSortedDictionary(StringComparer.Ordinal),
                colocations.ToImmutableSortedDictionary(StringComparer.Ordinal),
                spreads.ToImmutableSortedDictionary(StringComparer.Ordinal),
                program.Intents.OfType<DeclassifyIntent>()
                    .GroupBy(d => $"{d.Data} to {d.Level} via {d.Via}", StringComparer.Ordinal)
                    .ToImmutableSortedDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal),
                program.Objectives.Select(o => new ObjectiveForm(o.Name, o.Metric, o.Prefer)).ToImmutableArray());
        }

        public bool VisitNode(NodeRestriction restriction)
        {
            nodes[restriction.Service] = nodes[restriction.Service].And(restriction.Condition, origin);
            return true;
        }

        public bool VisitRouteDevices(RouteDeviceRestriction restriction)
        {
            var flow = flows[restriction.Flow];
            flow.Devices = flow.Devices.And(restriction.Avoid ? new Predicate.Not(restriction.Condition) : restriction.Condition, origin);
            return true;
        }

        public bool VisitRouteLinks(RouteLinkRestriction restriction)
        {
            var flow = flows[restriction.Flow];
            flow.Links = flow.Links.And(restriction.Avoid ? new Predicate.Not(restriction.Condition) : restriction.Condition, origin);
            return true;
        }

        public bool VisitLatency(LatencyRestriction restriction)
        {
            var flow = flows[restriction.Flow];
            flow.Latency = flow.Latency is { } bound ? Math.Min(bound, restriction.Micros) : restriction.Micros;
            flow.BoundOrigins = flow.BoundOrigins.Add(origin);
            return true;
        }

        public bool VisitHops(HopRestriction restriction)
        {
            var flow = flows[restriction.Flow];
            flow.Hops = flow.Hops is { } bound ? Math.Min(bound, restriction.Hops) : restriction.Hops;
            flow.BoundOrigins = flow.BoundOrigins.Add(origin);
            return true;
        }

        /// <summary>A waypoint needs a device, so the route is never empty: the flow's endpoints never share a node (rule R4).</summary>
        public bool VisitWaypoints(WaypointRestriction restriction)
        {
            flows[restriction.Flow].Chains.Add(new Chain(restriction.Chain, NoOrigins.Add(origin)));
            var flow = program.Flow(restriction.Flow);
            Separate(flow.Source, flow.Target, Relation.Node, NoOrigins.Add(origin));
            return true;
        }

        /// <summary>
        /// Pairs of different services, one from each side; a service on both sides keeps its own replicas apart,
        /// which by node is W1 itself and by a label is a spread over all its replicas (rule R2).
        /// </summary>
        public bool VisitSeparation(SeparationRestriction restriction)
        {
            var scope = ScopeOf(restriction.Scope);
            foreach (var a in restriction.Left)
            {
                foreach (var b in restriction.Right.Where(b => b != a))
                {
                    Separate(a, b, scope, NoOrigins.Add(origin));
                }
            }
            if (scope != Relation.Node)
            {
                foreach (var service in restriction.Left.Intersect(restriction.Right).Select(program.Service).Where(s => s.Replicas >= 2))
                {
                    Spread(service.Name, scope, service.Replicas, NoOrigins.Add(origin));
                }
            }
            return true;
        }

        public bool VisitColocation(ColocationRestriction restriction)
        {
            var scope = ScopeOf(restriction.Scope);
            foreach (var a in restriction.Left)
            {
                foreach (var b in restriction.Right.Where(b => b != a))
                {
                    Colocate(a, b, scope, NoOrigins.Add(origin));
                }
            }
            return true;
        }

        /// <summary>A dedicated service shares no node with any service of another tenant: node separations (rule R1).</summary>
        public bool VisitDedication(DedicationRestriction restriction)
        {
            foreach (var dedicated in restriction.Dedicated.Select(program.Service))
            {
                foreach (var other in program.Services.Where(t => t.Tenant != dedicated.Tenant))
                {
                    Separate(dedicated.Name, other.Name, Relation.Node, NoOrigins.Add(origin));
                }
            }
            return true;
        }

        public bool VisitSpread(SpreadRestriction restriction)
        {
            Spread(restriction.Service, restriction.Label, restriction.MinDistinct, NoOrigins.Add(origin));
            return true;
        }

        private static string ScopeOf(Scope scope) => scope.Kind == SeparationScope.Node ? Relation.Node : scope.Key!;

        /// <summary>Separation by a label needs the label on both nodes and different values, so it implies separation by node (rule R3).</summary>
        private void Separate(string a, string b, string scope, ImmutableSortedSet<string> origins)
        {
            var (first, second) = string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
            var relation = new Relation(first, second, scope, origins);
            separations[relation.Key] = separations.TryGetValue(relation.Key, out var known) ? known with { Origins = known.Origins.Union(origins) } : relation;
            if (scope != Relation.Node)
            {
                Separate(a, b, Relation.Node, origins);
                Require(a, Condition.Defined(scope), origins);
                Require(b, Condition.Defined(scope), origins);
            }
        }

        /// <summary>Colocation by a label needs it on the left service's nodes and on some right replica's (rule R5).</summary>
        private void Colocate(string a, string b, string scope, ImmutableSortedSet<string> origins)
        {
            var relation = new Relation(a, b, scope, origins);
            colocations[relation.Key] = colocations.TryGetValue(relation.Key, out var known) ? known with { Origins = known.Origins.Union(origins) } : relation;
            if (scope != Relation.Node)
            {
                Require(a, Condition.Defined(scope), origins);
                Spread(b, scope, 1, origins);
            }
        }

        /// <summary>Covering as many values as there are replicas gives every replica a value of its own (rule R2).</summary>
        private void Spread(string service, string label, int atLeast, ImmutableSortedSet<string> origins)
        {
            var key = $"{service} {label}";
            spreads[key] = spreads.TryGetValue(key, out var known)
                ? known with { AtLeast = Math.Max(known.AtLeast, atLeast), Origins = known.Origins.Union(origins) }
                : new SpreadForm(service, label, atLeast, origins);
            if (atLeast >= program.Service(service).Replicas)
            {
                Require(service, Condition.Defined(label), origins);
            }
        }

        private void Require(string service, Predicate condition, ImmutableSortedSet<string> origins)
        {
            var current = nodes[service];
            nodes[service] = new Condition(current.Conjuncts.SetItem(Condition.Print(condition), condition), current.Origins.Union(origins));
        }

        private void Close()
        {
            // Rules R5 and R6 feed each other (a colocated service inherits conditions, which may define a label that
            // turns a node colocation into a label colocation), so they run to a fixpoint; each step only adds.
            var changed = true;
            while (changed)
            {
                changed = false;
                foreach (var relation in colocations.Values.ToList())
                {
                    if (relation.Scope == Relation.Node)
                    {
                        var inherited = nodes[relation.A].And(nodes[relation.B]);
                        if (inherited.Conjuncts.Count != nodes[relation.A].Conjuncts.Count)
                        {
                            nodes[relation.A] = inherited;
                            changed = true;
                        }
                        foreach (var key in schema.KeysOn(ElementKind.Node).Where(k => !colocations.ContainsKey($"{relation.A} {relation.B} {k}")))
                        {
                            if (space.Implies(nodes[relation.A].Predicate, Condition.Defined(key), ElementKind.Node).Implies)
                            {
                                Colocate(relation.A, relation.B, key, relation.Origins);
                                changed = true;
                            }
                        }
                    }
                    foreach (var next in colocations.Values.Where(n => n.A == relation.B && n.Scope == relation.Scope && n.B != relation.A).ToList())
                    {
                        if (!colocations.ContainsKey($"{relation.A} {next.B} {relation.Scope}"))
                        {
                            Colocate(relation.A, next.B, relation.Scope, relation.Origins.Union(next.Origins));
                            changed = true;
                        }
                    }
                }
            }
            // A spread over at most one value is implied when every node of the service has the label (rule R2).
            foreach (var spread in spreads.Values.ToList())
            {
                if (spread.AtLeast <= 0
                    || (spread.AtLeast == 1 && space.Implies(nodes[spread.Service].Predicate, Condition.Defined(spread.Label), ElementKind.Node).Implies))
                {
                    spreads.Remove(spread.Key);
                }
            }
        }

        /// <summary>
        /// (Rule R7, every link has a latency of at least 1 us so a latency bound of L us also bounds hops by L, is
        /// applied where bounds are compared: <see cref="FlowForm.Hops"/> keeps the explicit bound.)
        /// Rule R8: waypoints meet the device condition; a chain embedded in another is implied by it; a one-waypoint
        /// chain whose waypoint the device condition already implies holds on every non-empty route (R4 keeps the route
        /// non-empty), so it adds nothing.
        /// </summary>
        private FlowForm FlowForm(string name, FlowState flow)
        {
            var device = flow.Devices.Predicate;
            var chains = flow.Chains
                .Select(c => c with { Waypoints = c.Waypoints.Select(w => flow.Devices.IsTrue ? w : new Predicate.And(w, device)).ToImmutableArray() })
                .ToList();
            var kept = new List<Chain>();
            for (var i = 0; i < chains.Count; i++)
            {
                var chain = chains[i];
                var redundant = (chain.Waypoints.Length == 1 && space.Implies(device, chain.Waypoints[0], ElementKind.Device).Implies)
                    || chains.Where((other, j) => j != i && Embeds(other, chain) && (!Embeds(chain, other) || j < i)).Any();
                if (!redundant)
                {
                    kept.Add(chain);
                }
            }
            return new FlowForm(name, flow.Devices, flow.Links, flow.Latency, flow.Hops, [.. kept], flow.BoundOrigins);
        }

        /// <summary>Whether <paramref name="outer"/> holding implies <paramref name="inner"/> holds (greedy subsequence embedding).</summary>
        private bool Embeds(Chain outer, Chain inner) => ChainOrder.Embeds(space, outer, inner);
    }
}

/// <summary>Implication between waypoint chains.</summary>
public static class ChainOrder
{
    /// <summary>
    /// A route that passes <paramref name="outer"/>'s waypoints in order also passes <paramref name="inner"/>'s when
    /// each inner waypoint is implied by a distinct outer one, in the same order. Matching each inner waypoint to the
    /// earliest outer one that implies it finds such an embedding whenever one exists.
    /// </summary>
    public static bool Embeds(LabelSpace space, Chain outer, Chain inner)
    {
        var j = 0;
        foreach (var waypoint in inner.Waypoints)
        {
            while (j < outer.Waypoints.Length && !space.Implies(outer.Waypoints[j], waypoint, ElementKind.Device).Implies)
            {
                j++;
            }
            if (j == outer.Waypoints.Length)
            {
                return false;
            }
            j++;
        }
        return true;
    }
}
