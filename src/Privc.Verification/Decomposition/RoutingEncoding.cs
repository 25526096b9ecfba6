using System.Collections.Immutable;
using System.Globalization;
using Privc.Verification.Encoding;

namespace Privc.Verification.Decomposition;

/// <summary>The links each class may use in a routing script, and the symbols that say whether it uses them.</summary>
public sealed record RoutingScript(string Text, ImmutableDictionary<int, string> ClassLiterals, ImmutableDictionary<int, ImmutableArray<(int Link, string Symbol)>> LinkSymbols);

/// <summary>
/// The SMT routing problem of specs/encoding.md section 12: the encoding of sections 3 and 4 for a set of coincidence
/// classes whose endpoints are fixed (so the source and target devices are constants), one route per class, and W4
/// over the links they can use, optionally on top of a background load. Each class's constraints are guarded by
/// <c>|class!k|</c>, so an unsat core names the classes that cannot be routed together.
/// </summary>
public static class RoutingEncoding
{
    public const string TotalSymbol = "|route-latency-total|";

    public const string MaxSymbol = "|route-latency-max|";

    public const string HopsSymbol = "|route-hops-total|";

    /// <param name="classes">The coincidence classes to route, one route each.</param>
    /// <param name="index">The network the routes run over.</param>
    /// <param name="search">The links and bounds each class's route may use.</param>
    /// <param name="background">Bandwidth already reserved per link by routes outside the script, per flow.</param>
    /// <param name="objectives">Also define the total and maximum route latency terms for the objectives.</param>
    public static RoutingScript Encode(IReadOnlyList<CoincidenceClass> classes, NetworkIndex index, RouteSearch search,
        IReadOnlyDictionary<int, IReadOnlyDictionary<string, long>>? background = null, bool objectives = false)
    {
        var script = new SmtScript();
        script.Comment("privc routing subproblem for fixed replica pairs; see specs/encoding.md section 12");
        var literals = ImmutableDictionary.CreateBuilder<int, string>();
        var linkSymbols = ImmutableDictionary.CreateBuilder<int, ImmutableArray<(int, string)>>();
        var latencyTerms = new List<string>();
        var classLatencies = new List<string>();
        var hopTerms = new List<string>();
        foreach (var routeClass in classes)
        {
            var literal = Smt.Symbol("class", routeClass.Id);
            script.Declare(literal, "Bool");
            literals[routeClass.Id] = literal;
            var (symbols, latency) = EncodeClass(script, routeClass, index, search, literal);
            linkSymbols[routeClass.Id] = symbols;
            if (latency is not null)
            {
                latencyTerms.AddRange(routeClass.Items.Select(_ => latency));
                classLatencies.Add(latency);
                // Every item of the class takes the class's route, so each counts its links.
                var links = Smt.Sum(symbols.Select(s => Smt.Indicator(s.Item2)));
                hopTerms.AddRange(routeClass.Items.Select(_ => links));
            }
        }
        EncodeBandwidth(script, classes, linkSymbols, index, background);
        if (objectives)
        {
            script.Comment("route objectives: total latency and total links over every replica pair, and an upper bound of the largest latency");
            script.DefineInt(TotalSymbol, Smt.Sum(latencyTerms));
            script.DefineInt(HopsSymbol, Smt.Sum(hopTerms));
            script.Declare(MaxSymbol, "Int");
            script.Assert(Smt.Ge(MaxSymbol, "0"));
            foreach (var latency in classLatencies)
            {
                script.Assert(Smt.Ge(MaxSymbol, latency));
            }
        }
        return new RoutingScript(script.ToString(), literals.ToImmutable(), linkSymbols.ToImmutable());
    }

    private static (ImmutableArray<(int, string)> Symbols, string? Latency) EncodeClass(SmtScript script, CoincidenceClass routeClass, NetworkIndex index, RouteSearch search, string guard)
    {
        var condition = routeClass.Condition;
        var a = index.Device(routeClass.From.Device);
        var b = index.Device(routeClass.To.Device);
        script.Comment($"class {routeClass.Id}: {routeClass.From.Name} -> {routeClass.To.Name} ({string.Join(", ", routeClass.Items.Select(i => (i.Forward ? "" : "reverse of ") + i.Item.Flow.Name))})");
        if (a == b)
        {
            // The single-device route: no link to choose; it complies or it does not.
            script.Assert(RouteFacts.SingleDevice(condition, a) ? Smt.True : Smt.False, guard);
            return ([], "0");
        }
        if (!condition.Devices[a] || !condition.Devices[b])
        {
            script.Assert(Smt.False, guard);
            return ([], null);
        }
        // Only links on some walk from a to b within the bounds can be on a compliant route (section 1's argument).
        var (fromA, hopsFromA) = search.Reach(a, condition, forward: true);
        var (toB, hopsToB) = search.Reach(b, condition, forward: false);
        var maxLatency = condition.MaxLatency ?? long.MaxValue / 4;
        var maxHops = condition.MaxHops ?? int.MaxValue / 4;
        var links = Enumerable.Range(0, index.LinkCount).Where(e =>
            condition.Links[e]
            && fromA[index.LinkFrom[e]] != RouteSearch.Unreachable && toB[index.LinkTo[e]] != RouteSearch.Unreachable
            && fromA[index.LinkFrom[e]] + index.LinkLatency[e] + toB[index.LinkTo[e]] <= maxLatency
            && (long)hopsFromA[index.LinkFrom[e]] + 1 + hopsToB[index.LinkTo[e]] <= maxHops).ToList();
        var symbols = links.Select(e => (e, Smt.Symbol("r", routeClass.Id, e))).ToImmutableArray();
        foreach (var (_, symbol) in symbols)
        {
            script.Declare(symbol, "Bool");
        }
        var symbolOf = symbols.ToDictionary(s => s.Item1, s => s.Item2);
        var devices = links.SelectMany(e => new[] { index.LinkFrom[e], index.LinkTo[e] }).Append(a).Append(b).Distinct().Order().ToList();
        var ins = new Dictionary<int, string>();
        foreach (var d in devices)
        {
            var outgoing = index.Outgoing[d].Where(symbolOf.ContainsKey).Select(e => symbolOf[e]).ToList();
            var incoming = index.Incoming[d].Where(symbolOf.ContainsKey).Select(e => symbolOf[e]).ToList();
            AtMostOne(script, outgoing, guard);
            AtMostOne(script, incoming, guard);
            var (inAny, outAny) = (Smt.Or(incoming), Smt.Or(outgoing));
            ins[d] = inAny;
            if (d == a)
            {
                script.Assert(Smt.And(Smt.Not(inAny), outAny), guard);
            }
            else if (d == b)
            {
                script.Assert(Smt.And(Smt.Not(outAny), inAny), guard);
            }
            else
            {
                script.Assert(Smt.Eq(inAny, outAny), guard);
            }
        }
        string Order(int d) => Smt.Symbol("o", routeClass.Id, d);
        foreach (var d in devices)
        {
            script.Declare(Order(d), "Int");
        }
        foreach (var (e, symbol) in symbols)
        {
            script.Assert(Smt.Implies(symbol, Smt.Lt(Order(index.LinkFrom[e]), Order(index.LinkTo[e]))), guard);
        }
        var latency = Smt.Sum(symbols.Select(s => Smt.Ite(s.Item2, Smt.Int(index.LinkLatency[s.Item1]), "0")));
        if (condition.MaxLatency is { } bound)
        {
            script.Assert(Smt.Le(latency, Smt.Int(bound)), guard);
        }
        if (condition.MaxHops is { } hopBound)
        {
            script.Assert(Smt.Le(Smt.Sum(symbols.Select(s => Smt.Indicator(s.Item2))), Smt.Int(hopBound)), guard);
        }
        // A device is on the route when it is the source or a link enters it (the route is not empty: a != b).
        string On(int d) => d == a ? Smt.True : ins.GetValueOrDefault(d, Smt.False);
        for (var c = 0; c < condition.Chains.Length; c++)
        {
            var chain = condition.Chains[c];
            string? previous = null;
            for (var k = 0; k < chain.Length; k++)
            {
                var matching = devices.Where(d => chain[k][d]).ToList();
                if (chain.Length == 1)
                {
                    script.Assert(Smt.Or(matching.Select(On)), guard);
                    break;
                }
                var position = Smt.Symbol("waypoint", routeClass.Id, c, k);
                script.Declare(position, "Int");
                script.Assert(Smt.Or(matching.Select(d => Smt.And(On(d), Smt.Eq(position, Order(d))))), guard);
                if (previous is not null)
                {
                    script.Assert(Smt.Lt(previous, position), guard);
                }
                previous = position;
            }
        }
        var latencySymbol = Smt.Symbol("latency", routeClass.Id);
        script.DefineInt(latencySymbol, latency);
        return (symbols, latencySymbol);
    }

    private static void AtMostOne(SmtScript script, List<string> literals, string guard)
    {
        if (literals.Count <= 1)
        {
            return;
        }
        if (literals.Count > 8)
        {
            script.Assert(Smt.Le(Smt.Sum(literals.Select(Smt.Indicator)), "1"), guard);
            return;
        }
        for (var x = 0; x < literals.Count; x++)
        {
            for (var y = x + 1; y < literals.Count; y++)
            {
                script.Assert(Smt.Not(Smt.And(literals[x], literals[y])), guard);
            }
        }
    }

    /// <summary>W4 over the links these classes may use: each flow counts once per link (semantics W4).</summary>
    private static void EncodeBandwidth(SmtScript script, IReadOnlyList<CoincidenceClass> classes,
        IReadOnlyDictionary<int, ImmutableArray<(int Link, string Symbol)>> linkSymbols, NetworkIndex index,
        IReadOnlyDictionary<int, IReadOnlyDictionary<string, long>>? background)
    {
        var uses = new SortedDictionary<int, SortedDictionary<string, List<string>>>();
        var bandwidth = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var routeClass in classes)
        {
            var symbols = linkSymbols[routeClass.Id];
            foreach (var (item, forward) in routeClass.Items)
            {
                if (item.Flow.BandwidthBps == 0)
                {
                    continue;
                }
                bandwidth[item.Flow.Name] = item.Flow.BandwidthBps;
                foreach (var (link, symbol) in symbols)
                {
                    var used = forward ? link : index.Reverse[link];
                    if (!uses.TryGetValue(used, out var flows))
                    {
                        uses[used] = flows = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
                    }
                    if (!flows.TryGetValue(item.Flow.Name, out var list))
                    {
                        flows[item.Flow.Name] = list = new List<string>();
                    }
                    if (!list.Contains(symbol))
                    {
                        list.Add(symbol);
                    }
                }
            }
        }
        var first = true;
        foreach (var (link, flows) in uses)
        {
            var reserved = background?.GetValueOrDefault(link);
            var extra = flows.Where(f => reserved is null || !reserved.ContainsKey(f.Key)).ToList();
            var available = index.LinkBandwidth[link] - (reserved?.Values.Sum() ?? 0);
            if (extra.Sum(f => bandwidth[f.Key]) <= available)
            {
                continue;
            }
            if (first)
            {
                script.Comment("bandwidth: the flows using a directed link fit what is left of its capacity (W4)");
                first = false;
            }
            script.Assert(Smt.Le(Smt.Sum(extra.Select(f => Smt.Ite(Smt.Or(f.Value), Smt.Int(bandwidth[f.Key]), "0"))), Smt.Int(Math.Max(available, -1))));
        }
    }

    public static string Describe(long value) => value.ToString(CultureInfo.InvariantCulture);
}
