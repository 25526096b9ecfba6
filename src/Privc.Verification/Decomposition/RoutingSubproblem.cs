using System.Collections.Immutable;
using Privc.Checking;
using Privc.Semantics;
using Privc.Verification.Solving;
using Privc.Topology;

namespace Privc.Verification.Decomposition;

/// <summary>What routing one placement gave: routes for every replica pair, nogoods that exclude it, or no answer.</summary>
public abstract record RoutingOutcome
{
    /// <summary>
    /// Routes for every item. <see cref="LeastLatency"/>: every class took its least-latency compliant route and nothing
    /// was contended, so the routing is the least for every route objective at once.
    /// </summary>
    public sealed record Routed(ImmutableArray<Route> Routes, ImmutableArray<RouteItem> Items, ImmutableArray<CoincidenceClass> Classes, ImmutableDictionary<int, ImmutableArray<int>> ClassRoutes, bool LeastLatency) : RoutingOutcome;

    /// <summary>Nogoods that exclude the placement, and the capacity cuts the conflict suggests (specs/encoding.md section 13).</summary>
    public sealed record Conflict(ImmutableArray<Nogood> Nogoods, ImmutableArray<LinkCut> Cuts) : RoutingOutcome;

    public sealed record Undecided(CheckResult Result, string Stage) : RoutingOutcome;
}

/// <summary>
/// Level 2 of the decomposed solver (specs/encoding.md section 12): routes a fixed placement exactly. Items are
/// grouped into W3 coincidence classes, each class gets a least-latency compliant route by graph search, and only the
/// classes that overload a link (W4) or whose waypoints the search could not settle go to an SMT routing problem,
/// first on top of the other classes' load, then alone (a relaxation whose unsat core becomes a nogood).
/// </summary>
public sealed partial class RoutingSubproblem
{
    private readonly BoundProgram program;
    private readonly RouteFacts facts;
    private readonly RouteSearch search;
    private readonly SolverRunner solver;
    private readonly NetworkIndex index;

    public RoutingSubproblem(BoundProgram program, RouteFacts facts, RouteSearch search, SolverRunner solver)
    {
        this.program = program;
        this.facts = facts;
        this.search = search;
        this.solver = solver;
        index = facts.Index;
    }

    /// <summary>
    /// Replan's routes to keep: for a class, the links of a reference route it may take again, or null (then the least
    /// compliant route is searched as usual). Null when not replanning.
    /// </summary>
    public Func<CoincidenceClass, ImmutableArray<int>?>? Pinned { get; init; }

    /// <summary>Where each SMT routing problem's figures go (the benchmark and <c>--timings</c>); null: nowhere.</summary>
    public Action<RoutingProblemRecord>? Record { get; init; }

    /// <summary>How many SMT routing problems were solved (the contended case).</summary>
    public int SmtProblems { get; private set; }

    /// <summary>How many contended routings the capacity-aware repair settled without an SMT problem.</summary>
    public int RepairedProblems { get; private set; }

    public RoutingOutcome Route(IReadOnlyDictionary<string, ImmutableArray<ComputeNode>> placement)
    {
        var items = Items(placement);
        var classes = CoincidenceClass.Build(items, facts);
        var routes = new Dictionary<int, ImmutableArray<int>>();
        var open = new SortedSet<int>();
        var impossible = new List<CoincidenceClass>();
        var least = true;
        var unprotected = new List<(CoincidenceClass Class, BackupAnswer Backup)>();
        foreach (var routeClass in classes)
        {
            if (Pinned?.Invoke(routeClass) is { } kept)
            {
                // Replan: the reference route is still compliant for this class; take it again (section 15.1).
                routes[routeClass.Id] = kept;
                least = false;
                continue;
            }
            var answer = facts.Decide(routeClass.ConditionClass, index.Device(routeClass.From.Device), index.Device(routeClass.To.Device));
            if (facts.Resilience > 0 && answer.Status != RouteStatus.Infeasible)
            {
                // Resilience is a property of the class and its two devices, not of the primary route chosen (any
                // compliant primary survives every single failure, or none does), so it is settled here, before routing.
                var backup = facts.Backup(routeClass.ConditionClass, index.Device(routeClass.From.Device), index.Device(routeClass.To.Device));
                if (backup.Status == RouteStatus.Unknown)
                {
                    return new RoutingOutcome.Undecided(new CheckResult(SolverOutcome.Unknown, "the route search reached its work limit"), "deciding whether a route survives every single failure");
                }
                if (backup.Status == RouteStatus.Infeasible && backup.ReducedClass is { } reduced)
                {
                    unprotected.Add((routeClass, backup));
                    continue;
                }
            }
            switch (answer.Status)
            {
                case RouteStatus.Feasible:
                    routes[routeClass.Id] = answer.Links;
                    least &= answer.Optimal;
                    break;
                case RouteStatus.Infeasible:
                    impossible.Add(routeClass);
                    break;
                default:
                    open.Add(routeClass.Id);
                    break;
            }
        }
        if (impossible.Count > 0)
        {
            // A class no route can serve (its items' conditions contradict): each is a nogood on its own.
            var nogoods = ImmutableArray.CreateBuilder<Nogood>();
            foreach (var routeClass in impossible)
            {
                var learnt = Learn([routeClass]);
                if (learnt.Nogood is null)
                {
                    return learnt.Failure!;
                }
                nogoods.Add(learnt.Nogood);
            }
            return new RoutingOutcome.Conflict(nogoods.ToImmutable(), []);
        }
        if (unprotected.Count > 0)
        {
            // A class whose routes all pass one element (a device or cable whose failure leaves no compliant route):
            // its nogood is proven by the routing problem of the class without that element.
            var nogoods = ImmutableArray.CreateBuilder<Nogood>();
            foreach (var (routeClass, backup) in unprotected)
            {
                var without = routeClass with { Condition = facts.Classes[backup.ReducedClass!.Value], ConditionClass = backup.ReducedClass.Value };
                var learnt = Learn([without], $"the replica pairs {Pairs([routeClass])} have no compliant route around {backup.Failed!.Value.Describe(index)}, so none survives its failure");
                if (learnt.Nogood is null)
                {
                    return learnt.Failure!;
                }
                nogoods.Add(learnt.Nogood);
            }
            return new RoutingOutcome.Conflict(nogoods.ToImmutable(), []);
        }
        var overloaded = Overloaded(classes, routes);
        open.UnionWith(ClassesOn(overloaded, classes, routes));
        return open.Count == 0 ? Assemble(items, classes, routes, least) : Contended(items, classes, routes, open, overloaded.Order().ToImmutableArray());
    }

    /// <summary>
    /// The least routing of a routed placement for a route objective, under caps on route objectives (earlier ones
    /// fixed at their optima): every class in one routing problem, minimised by bisection. Null routes when no routing
    /// meets the caps. The value is in microseconds (<paramref name="minimise"/> null: only the caps are met).
    /// </summary>
    public (RoutingOutcome? Outcome, long? Value) Optimise(RoutingOutcome.Routed routed, IReadOnlyList<(ObjectiveMetric Metric, long Cap)> caps, ObjectiveMetric? minimise)
    {
        SmtProblems++;
        var classes = routed.Classes.ToList();
        var encoded = RoutingEncoding.Encode(classes, index, search, null, objectives: true);
        var (session, failure) = solver.Start(models: true, cores: false);
        if (session is null)
        {
            return (new RoutingOutcome.Undecided(failure!, "starting the solver for route objectives"), null);
        }
        using (session)
        {
            session.Send(encoded.Text);
            foreach (var (metric, cap) in caps)
            {
                session.Send($"(assert (<= {Term(metric)} {cap.ToString(System.Globalization.CultureInfo.InvariantCulture)}))");
            }
            var literals = classes.Select(c => encoded.ClassLiterals[c.Id]).ToList();
            RoutingOutcome.Routed? best = null;
            long? value = null;
            var bound = 0;
            while (true)
            {
                var assumptions = literals.ToList();
                if (value is { } current)
                {
                    var literal = $"|improve!{bound++}|";
                    session.Send($"(declare-const {literal} Bool)\n(assert (=> {literal} (<= {Term(minimise!.Value)} {(current - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)})))");
                    assumptions.Add(literal);
                }
                var result = solver.Check(session, assumptions);
                if (result.Outcome == SolverOutcome.Unsat)
                {
                    return (best, value);
                }
                if (result.Outcome != SolverOutcome.Sat)
                {
                    return (new RoutingOutcome.Undecided(result, "minimising a route objective"), null);
                }
                var symbols = classes.SelectMany(c => encoded.LinkSymbols[c.Id].Select(x => x.Symbol)).ToList();
                IReadOnlyDictionary<string, string>? values = symbols.Count == 0 ? new Dictionary<string, string>() : solver.Timed(() => session.GetValues(symbols));
                if (values is null)
                {
                    return (new RoutingOutcome.Undecided(session.Failure ?? new CheckResult(SolverOutcome.ProtocolError, "the solver gave no model"), "reading the routing model"), null);
                }
                var routes = new Dictionary<int, ImmutableArray<int>>();
                foreach (var routeClass in classes)
                {
                    var chosen = encoded.LinkSymbols[routeClass.Id].Where(x => values.TryGetValue(x.Symbol, out var v) && v == "true").Select(x => x.Link).ToList();
                    if (Walk(routeClass, chosen) is not { } path)
                    {
                        return (new RoutingOutcome.Undecided(new CheckResult(SolverOutcome.ProtocolError, $"the routing model's links for class {routeClass.Id} are not one path"), "reading the routing model"), null);
                    }
                    routes[routeClass.Id] = path;
                }
                best = Assemble(routed.Items, routed.Classes, routes, false);
                if (minimise is not { } metric)
                {
                    return (best, null);
                }
                value = Latency(best, metric);
                if (value == 0)
                {
                    return (best, value);
                }
            }
        }
    }

    private void Report(string question, IReadOnlyCollection<CoincidenceClass> group, RoutingScript encoded, TimeSpan before, string answer) =>
        Record?.Invoke(new RoutingProblemRecord(0, question, group.Count, group.Sum(c => c.Items.Length), encoded.LinkSymbols.Values.Sum(l => l.Length),
            encoded.Text.Length, (solver.SolverTime - before).TotalMilliseconds, answer));

    /// <summary>Runs an action when disposed: records a problem's figures on every way out of it.</summary>
    private sealed class Deferred(Action action) : IDisposable
    {
        public void Dispose() => action();
    }

    private static string Term(ObjectiveMetric metric) => metric switch
    {
        ObjectiveMetric.MaxLatency => RoutingEncoding.MaxSymbol,
        ObjectiveMetric.TotalLatency => RoutingEncoding.TotalSymbol,
        ObjectiveMetric.TotalHops => RoutingEncoding.HopsSymbol,
        _ => throw new InvalidOperationException($"privc bug: {metric} is not a route objective"),
    };

    /// <summary>
    /// Whether every class's route has the fewest links any route over the class's devices and links can have (bounds
    /// and waypoints ignored, so this is a lower bound that the route meets). Together with
    /// <see cref="RoutingOutcome.Routed.LeastLatency"/> each route is then least in (links, latency) and in latency
    /// alone, so the routing is least for every route objective at once, hops included (specs/encoding.md section 15.2).
    /// </summary>
    public bool FewestLinks(RoutingOutcome.Routed routed) =>
        routed.Classes.All(c =>
        {
            var (a, b) = (index.Device(c.From.Device), index.Device(c.To.Device));
            if (a == b)
            {
                return true;
            }
            var least = search.Reach(a, c.Condition, forward: true).Hops[b];
            return routed.ClassRoutes.TryGetValue(c.Id, out var links) && links.Length == least;
        });

    /// <summary>
    /// The routing of a routed placement that is least in (total links, total latency), when every class can take its
    /// own least route in (links, latency) (<see cref="RouteSearch.FewestLinksThenLatency"/>) and together they
    /// overload no link; null otherwise (waypoints, contention: the routing SMT problem decides). Least per class is
    /// least overall: every routing of the placement gives each class a compliant route, so its total links are at
    /// least the sum of the classes' fewest, and at equal totals each class has its fewest links and at least its
    /// least latency among those (specs/encoding.md section 15.2).
    /// </summary>
    public RoutingOutcome.Routed? FewestLinksRouting(RoutingOutcome.Routed routed)
    {
        var routes = new Dictionary<int, ImmutableArray<int>>();
        foreach (var routeClass in routed.Classes)
        {
            var (a, b) = (index.Device(routeClass.From.Device), index.Device(routeClass.To.Device));
            if (a == b)
            {
                routes[routeClass.Id] = routed.ClassRoutes[routeClass.Id];
                continue;
            }
            if (search.FewestLinksThenLatency(a, b, routeClass.Condition) is not { } least)
            {
                return null;
            }
            routes[routeClass.Id] = least.Links;
        }
        return Overloaded(routed.Classes, routes).Count == 0 ? Assemble(routed.Items, routed.Classes, routes, false) : null;
    }

    /// <summary>
    /// The value of a route metric for a routing, over every replica pair: the total or largest latency in
    /// microseconds, or the total number of links.
    /// </summary>
    public long Latency(RoutingOutcome.Routed routed, ObjectiveMetric metric)
    {
        if (metric == ObjectiveMetric.TotalHops)
        {
            return routed.Routes.Sum(r => (long)r.Hops.Length);
        }
        var latencies = routed.Routes.Select(r => r.Hops.Sum(h => index.Topology.DirectedLinks.First(l => l.From == h.From && l.FromPort == h.FromPort && l.To == h.To && l.ToPort == h.ToPort).Link.LatencyMicros)).ToList();
        return metric == ObjectiveMetric.MaxLatency ? latencies.DefaultIfEmpty(0).Max() : latencies.Sum();
    }

    /// <summary>
    /// The capacity cuts an overloaded directed link u -> v suggests: traffic leaving u, traffic entering v, and, when
    /// its cable is a bridge of the topology, traffic leaving u's side of it (specs/encoding.md section 13).
    /// </summary>
    public IEnumerable<LinkCut> CutsAround(int link)
    {
        var u = index.LinkFrom[link];
        var v = index.LinkTo[link];
        yield return Cut([u], inward: false);
        yield return Cut([v], inward: true);
        // The side of u without this cable: everything reachable from u over other cables.
        var side = new HashSet<int> { u };
        var queue = new Queue<int>([u]);
        while (queue.TryDequeue(out var device))
        {
            foreach (var next in index.Outgoing[device].Where(l => l != link && l != index.Reverse[link]).Select(l => index.LinkTo[l]))
            {
                if (side.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }
        if (!side.Contains(v) && side.Count > 1)
        {
            yield return Cut(side, inward: false);
        }
    }

    /// <summary>
    /// The cut of least capacity between the source and the target devices of a conflict's replica pairs (max-flow
    /// over link capacities): when those pairs cannot cross it together, the master learns it for every placement
    /// that puts the same flows on the same sides. Null when the sources and targets overlap.
    /// </summary>
    private LinkCut? CutBetween(IReadOnlyList<CoincidenceClass> conflicting)
    {
        var oriented = conflicting.SelectMany(c => c.Items).Select(i => (Source: index.Device(i.Item.Source.Device), Target: index.Device(i.Item.Target.Device))).ToList();
        var sources = oriented.Select(p => p.Source).ToHashSet();
        var targets = oriented.Select(p => p.Target).ToHashSet();
        if (sources.Overlaps(targets))
        {
            return null;
        }
        // Edmonds-Karp from all sources to all targets; the source side is what stays reachable in the residual graph.
        var flow = new long[index.LinkCount];
        HashSet<int> Reachable(out int[] via)
        {
            via = Enumerable.Repeat(-1, index.DeviceCount).ToArray();
            var seen = sources.ToHashSet();
            var queue = new Queue<int>(sources.Order());
            while (queue.TryDequeue(out var device))
            {
                foreach (var link in index.Outgoing[device])
                {
                    var next = index.LinkTo[link];
                    if (!seen.Contains(next) && index.LinkBandwidth[link] - flow[link] + flow[index.Reverse[link]] > 0)
                    {
                        seen.Add(next);
                        via[next] = link;
                        queue.Enqueue(next);
                    }
                }
            }
            return seen;
        }
        for (var round = 0; round < 4 * index.DeviceCount; round++)
        {
            var seen = Reachable(out var via);
            var reached = targets.Where(seen.Contains).Order().FirstOrDefault(-1);
            if (reached < 0)
            {
                return Cut(seen, inward: false);
            }
            var path = new List<int>();
            for (var device = reached; !sources.Contains(device); device = index.LinkFrom[via[device]])
            {
                path.Add(via[device]);
            }
            var push = path.Min(l => index.LinkBandwidth[l] - flow[l] + flow[index.Reverse[l]]);
            foreach (var link in path)
            {
                var undo = Math.Min(push, flow[index.Reverse[link]]);
                flow[index.Reverse[link]] -= undo;
                flow[link] += push - undo;
            }
        }
        return null;
    }

    private LinkCut Cut(IEnumerable<int> devices, bool inward) => CapacityCuts.Of(index, devices, inward);

    private List<RouteItem> Items(IReadOnlyDictionary<string, ImmutableArray<ComputeNode>> placement)
    {
        var items = new List<RouteItem>();
        foreach (var flow in program.Flows)
        {
            foreach (var m in placement[flow.Source])
            {
                foreach (var n in placement[flow.Target])
                {
                    items.Add(new RouteItem(flow, m, n));
                }
            }
        }
        return items;
    }

    /// <summary>The SMT part: see the class summary and specs/encoding.md section 12.</summary>
    private RoutingOutcome Contended(List<RouteItem> items, ImmutableArray<CoincidenceClass> classes, Dictionary<int, ImmutableArray<int>> routes, SortedSet<int> open, ImmutableArray<int> overloaded)
    {
        while (true)
        {
            var group = classes.Where(c => open.Contains(c.Id)).ToList();
            var others = routes.Where(r => !open.Contains(r.Key)).ToDictionary(r => r.Key, r => r.Value);
            // (0) The capacity-aware repair (section 12.1): used only when it succeeds and nothing is overloaded.
            if (Repair(classes, others, group) is { } repaired)
            {
                var candidate = new Dictionary<int, ImmutableArray<int>>(routes);
                foreach (var (id, links) in repaired)
                {
                    candidate[id] = links;
                }
                if (Overloaded(classes, candidate).Count == 0)
                {
                    RepairedProblems++;
                    return Assemble(items, classes, candidate, false);
                }
            }
            // (1) The open classes on top of the others' load: a model completes the routing.
            var withLoad = Solve(group, Loads(classes, others), cores: false);
            if (withLoad.Failure is { } failure)
            {
                return failure;
            }
            if (withLoad.Routes is { } fitted)
            {
                foreach (var (id, links) in fitted)
                {
                    routes[id] = links;
                }
                return Assemble(items, classes, routes, false);
            }
            // (2) The open classes alone: unsat proves the placement unroutable; its core is the nogood.
            var alone = Solve(group, null, cores: true);
            if (alone.Failure is { } aloneFailure)
            {
                return aloneFailure;
            }
            if (alone.Core is { } core)
            {
                var conflicting = group.Where(c => core.Contains(c.Id)).ToList();
                // The nogood lifted to devices when its proof goes through, else the one over these nodes (section 13.2).
                var learnt = LearnOnDevices(conflicting) ?? Learn(conflicting);
                // The local cuts too (section 13.1): a bandwidth conflict says the network binds, so the master should know
                // every device's and cable's capacity before it tries another placement (the store keeps each cut once).
                var cuts = overloaded.SelectMany(CutsAround).Concat(CutBetween(conflicting) is { } between ? [between] : []).Concat(CapacityCuts.Local(index)).ToImmutableArray();
                return learnt.Nogood is { } nogood ? new RoutingOutcome.Conflict([nogood], cuts) : learnt.Failure!;
            }
            foreach (var (id, links) in alone.Routes!)
            {
                routes[id] = links;
            }
            var grow = ClassesOn(Overloaded(classes, routes), classes, routes).Where(id => !open.Contains(id)).ToList();
            if (grow.Count == 0)
            {
                return Assemble(items, classes, routes, false);
            }
            open.UnionWith(grow);
        }
    }

    private sealed record SolveResult(Dictionary<int, ImmutableArray<int>>? Routes, HashSet<int>? Core, RoutingOutcome.Undecided? Failure);

    private SolveResult Solve(List<CoincidenceClass> group, IReadOnlyDictionary<int, IReadOnlyDictionary<string, long>>? background, bool cores)
    {
        SmtProblems++;
        var encoded = RoutingEncoding.Encode(group, index, search, background);
        var (session, failure) = solver.Start(models: true, cores: cores);
        if (session is null)
        {
            return new SolveResult(null, null, new RoutingOutcome.Undecided(failure!, "starting the solver for the routing subproblem"));
        }
        var before = solver.SolverTime;
        var answer = "unknown";
        using var recording = new Deferred(() => Report(background is null ? "alone" : "with load", group, encoded, before, answer));
        using (session)
        {
            session.Send(encoded.Text);
            var literals = group.Select(c => encoded.ClassLiterals[c.Id]).ToList();
            var result = solver.Check(session, literals);
            switch (result.Outcome)
            {
                case SolverOutcome.Sat:
                    answer = "sat";
                    var symbols = group.SelectMany(c => encoded.LinkSymbols[c.Id].Select(s => s.Symbol)).ToList();
                    IReadOnlyDictionary<string, string>? values = symbols.Count == 0 ? new Dictionary<string, string>() : solver.Timed(() => session.GetValues(symbols));
                    if (values is null)
                    {
                        return new SolveResult(null, null, new RoutingOutcome.Undecided(session.Failure ?? new CheckResult(SolverOutcome.ProtocolError, "the solver gave no model"), "reading the routing model"));
                    }
                    var routes = new Dictionary<int, ImmutableArray<int>>();
                    foreach (var routeClass in group)
                    {
                        var chosen = encoded.LinkSymbols[routeClass.Id].Where(s => values.TryGetValue(s.Symbol, out var v) && v == "true").Select(s => s.Link).ToList();
                        if (Walk(routeClass, chosen) is not { } path)
                        {
                            return new SolveResult(null, null, new RoutingOutcome.Undecided(new CheckResult(SolverOutcome.ProtocolError, $"the routing model's links for class {routeClass.Id} are not one path"), "reading the routing model"));
                        }
                        routes[routeClass.Id] = path;
                    }
                    return new SolveResult(routes, null, null);
                case SolverOutcome.Unsat when cores:
                    var core = solver.Timed(() => session.GetUnsatCore()) ?? [];
                    var ids = group.Where(c => core.Contains(encoded.ClassLiterals[c.Id]) || core.Contains(encoded.ClassLiterals[c.Id].Trim('|'))).Select(c => c.Id).ToList();
                    var minimal = Minimise(session, group, encoded, ids.Count == 0 ? group.Select(c => c.Id).ToList() : ids);
                    answer = $"unsat, core {ids.Count} -> {minimal.Count} classes";
                    return new SolveResult(null, minimal, null);
                case SolverOutcome.Unsat:
                    answer = "unsat";
                    return new SolveResult(null, null, null);
                default:
                    return new SolveResult(null, null, new RoutingOutcome.Undecided(result, "routing replica pairs that compete for bandwidth"));
            }
        }
    }

    /// <summary>
    /// Shrinks the core's classes in the same session: the core of the core while it shrinks, then deletion when few
    /// classes are left (each check costs a solve; a smaller core is a stronger nogood, a larger one is still valid).
    /// </summary>
    private HashSet<int> Minimise(ISmtSession session, List<CoincidenceClass> group, RoutingScript encoded, List<int> core)
    {
        var kept = core.ToList();
        for (var round = 0; round < 3; round++)
        {
            if (solver.Check(session, kept.Select(k => encoded.ClassLiterals[k]).ToList()).Outcome != SolverOutcome.Unsat)
            {
                break;
            }
            var again = solver.Timed(() => session.GetUnsatCore()) ?? [];
            var smaller = kept.Where(k => again.Contains(encoded.ClassLiterals[k]) || again.Contains(encoded.ClassLiterals[k].Trim('|'))).ToList();
            if (smaller.Count == 0 || smaller.Count >= kept.Count)
            {
                break;
            }
            kept = smaller;
        }
        if (kept.Count > 8)
        {
            return kept.ToHashSet();
        }
        foreach (var id in kept.ToList())
        {
            var trial = kept.Where(k => k != id).ToList();
            if (trial.Count == 0)
            {
                break;
            }
            if (solver.Check(session, trial.Select(k => encoded.ClassLiterals[k]).ToList()).Outcome == SolverOutcome.Unsat)
            {
                kept = trial;
            }
        }
        return kept.ToHashSet();
    }

    private sealed record Learnt(Nogood? Nogood, RoutingOutcome.Undecided? Failure);

    /// <summary>
    /// The nogood of an unroutable set of classes, with its proof: their routing problem alone, every class asserted,
    /// answered unsat by a fresh session (specs/encoding.md section 13).
    /// </summary>
    private Learnt Learn(IReadOnlyList<CoincidenceClass> core, string? purpose = null)
    {
        var encoded = RoutingEncoding.Encode(core, index, search);
        var proof = encoded.Text + string.Concat(core.Select(c => $"(assert {encoded.ClassLiterals[c.Id]})\n")) + "(check-sat)\n";
        var before = solver.SolverTime;
        var answer = solver.CheckScript(proof);
        Report("proof", core, encoded, before, answer.Outcome.ToString().ToLowerInvariant());
        if (answer.Outcome != SolverOutcome.Unsat)
        {
            var outcome = answer.Outcome == SolverOutcome.Sat
                ? new CheckResult(SolverOutcome.ProtocolError, "privc bug: a routing conflict found by search or core was refuted by its own proof obligation")
                : answer;
            return new Learnt(null, new RoutingOutcome.Undecided(outcome, "proving a routing conflict"));
        }
        var hosts = core.SelectMany(c => c.Hosts).Distinct().OrderBy(h => h.Service, StringComparer.Ordinal).ThenBy(h => h.Node, StringComparer.Ordinal).ToImmutableArray();
        var intents = core.Aggregate(ImmutableSortedSet.Create<string>(StringComparer.Ordinal), (set, c) => set.Union(c.Condition.Intents));
        return new Learnt(new Nogood(hosts, intents, proof, purpose ?? $"the replica pairs {Pairs(core)} cannot all be routed"), null);
    }

    private static string Pairs(IEnumerable<CoincidenceClass> classes) =>
        string.Join("; ", classes.SelectMany(c => c.Items).Select(i => $"{i.Item.Flow.Name} {i.Item.Source.Name} -> {i.Item.Target.Name}"));

    /// <summary>The links of one route from the class's source device to its target device, or null when they are not one path.</summary>
    private ImmutableArray<int>? Walk(CoincidenceClass routeClass, List<int> chosen)
    {
        var a = index.Device(routeClass.From.Device);
        var b = index.Device(routeClass.To.Device);
        var path = new List<int>();
        var remaining = chosen.ToHashSet();
        var current = a;
        while (current != b)
        {
            var next = remaining.Where(l => index.LinkFrom[l] == current).Order().FirstOrDefault(-1);
            if (next < 0)
            {
                return null;
            }
            remaining.Remove(next);
            path.Add(next);
            current = index.LinkTo[next];
        }
        return remaining.Count == 0 ? path.ToImmutableArray() : null;
    }

    /// <summary>Reserved bandwidth per directed link and flow (a flow counts once per link, semantics W4).</summary>
    private Dictionary<int, IReadOnlyDictionary<string, long>> Loads(ImmutableArray<CoincidenceClass> classes, IReadOnlyDictionary<int, ImmutableArray<int>> routes)
    {
        var loads = new Dictionary<int, Dictionary<string, long>>();
        foreach (var routeClass in classes)
        {
            if (!routes.TryGetValue(routeClass.Id, out var links))
            {
                continue;
            }
            foreach (var (item, forward) in routeClass.Items)
            {
                if (item.Flow.BandwidthBps == 0)
                {
                    continue;
                }
                foreach (var link in links)
                {
                    var used = forward ? link : index.Reverse[link];
                    if (!loads.TryGetValue(used, out var flows))
                    {
                        loads[used] = flows = new Dictionary<string, long>(StringComparer.Ordinal);
                    }
                    flows[item.Flow.Name] = item.Flow.BandwidthBps;
                }
            }
        }
        return loads.ToDictionary(l => l.Key, l => (IReadOnlyDictionary<string, long>)l.Value);
    }

    private HashSet<int> Overloaded(ImmutableArray<CoincidenceClass> classes, IReadOnlyDictionary<int, ImmutableArray<int>> routes) =>
        Loads(classes, routes).Where(l => l.Value.Values.Sum() > index.LinkBandwidth[l.Key]).Select(l => l.Key).ToHashSet();

    /// <summary>The classes whose current routes use any of the links (in either orientation of their items).</summary>
    private IEnumerable<int> ClassesOn(HashSet<int> links, ImmutableArray<CoincidenceClass> classes, IReadOnlyDictionary<int, ImmutableArray<int>> routes)
    {
        if (links.Count == 0)
        {
            yield break;
        }
        foreach (var routeClass in classes)
        {
            if (routes.TryGetValue(routeClass.Id, out var path)
                && routeClass.Items.Any(i => i.Item.Flow.BandwidthBps > 0 && path.Any(l => links.Contains(i.Forward ? l : index.Reverse[l]))))
            {
                yield return routeClass.Id;
            }
        }
    }

    private RoutingOutcome.Routed Assemble(IReadOnlyList<RouteItem> items, ImmutableArray<CoincidenceClass> classes, Dictionary<int, ImmutableArray<int>> routes, bool least)
    {
        var result = new List<Route>();
        foreach (var item in items.Where(i => i.Source.Name == i.Target.Name))
        {
            result.Add(new Route(item.Flow.Name, item.Source.Name, item.Target.Name, [], []));
        }
        foreach (var routeClass in classes)
        {
            var links = routes[routeClass.Id];
            foreach (var (item, forward) in routeClass.Items)
            {
                var oriented = forward ? links : links.Reverse().Select(l => index.Reverse[l]).ToImmutableArray();
                var devices = ImmutableArray.CreateBuilder<string>();
                devices.Add(item.Source.Device);
                var hops = ImmutableArray.CreateBuilder<Hop>();
                foreach (var id in oriented)
                {
                    var link = index.Link(id);
                    hops.Add(new Hop(link.From, link.FromPort, link.To, link.ToPort));
                    devices.Add(link.To);
                }
                result.Add(new Route(item.Flow.Name, item.Source.Name, item.Target.Name, devices.ToImmutable(), hops.ToImmutable()));
            }
        }
        var ordered = result.OrderBy(r => r.Flow, StringComparer.Ordinal).ThenBy(r => r.SourceNode, StringComparer.Ordinal).ThenBy(r => r.TargetNode, StringComparer.Ordinal).ToImmutableArray();
        return new RoutingOutcome.Routed(ordered, items.ToImmutableArray(), classes, routes.ToImmutableDictionary(), least);
    }
}
