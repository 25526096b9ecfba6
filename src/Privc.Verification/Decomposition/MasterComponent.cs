using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Verification.Solving;
using Privc.Verification.Encoding;

namespace Privc.Verification.Decomposition;

/// <summary>
/// One independent part of the master (specs/encoding.md section 11, "Components"): services that share no
/// candidate node, relation, flow or nogood with the rest, with their own master problem and solver session. Every
/// constraint of the master lies inside one component, so the components' models together are a master model, and
/// an unsat component is an unsat master.
/// </summary>
public sealed class MasterComponent : IDisposable
{
    private readonly HashSet<Nogood> sent = new();
    private readonly HashSet<LinkCut> sentLinkCuts = new();
    private readonly List<string> fixes = new();
    private readonly SortedDictionary<int, long> fixedValues = new();
    private int boundLiterals;
    private int sentCuts;

    public MasterComponent(int id, ImmutableSortedSet<string> services, MasterProblem master, ISmtSession session)
    {
        Id = id;
        Services = services;
        Master = master;
        Session = session;
        session.Send(master.Script);
    }

    public int Id { get; }

    public ImmutableSortedSet<string> Services { get; }

    public MasterProblem Master { get; }

    public ISmtSession Session { get; }

    /// <summary>Optimality cuts of this component (valid while the earlier objectives are at their optima).</summary>
    public List<string> Cuts { get; } = new();

    /// <summary>Earlier objectives fixed at their optima in this component, as asserted terms.</summary>
    public IReadOnlyList<string> Fixes => fixes;

    /// <summary>Sends the nogoods and cuts learnt since the last check that apply here.</summary>
    public void SendLearnt(NogoodStore store)
    {
        foreach (var nogood in store.Nogoods.Where(n => !sent.Contains(n) && Applies(n)))
        {
            Session.Send(Master.Assertion(nogood));
            sent.Add(nogood);
        }
        foreach (var cut in store.Cuts.Where(c => !sentLinkCuts.Contains(c)))
        {
            sentLinkCuts.Add(cut);
            if (Master.Assertion(cut) is { } assertion)
            {
                Session.Send(assertion);
            }
        }
        for (; sentCuts < Cuts.Count; sentCuts++)
        {
            Session.Send(Cuts[sentCuts]);
        }
    }

    /// <summary>The capacity cuts that constrain this component (the others cannot bind here).</summary>
    public IEnumerable<LinkCut> ApplicableCuts(NogoodStore store) => store.Cuts.Where(c => Master.Assertion(c) is not null);

    /// <summary>A nogood applies here when its intents are encoded and it speaks about this component's services.</summary>
    public bool Applies(Nogood nogood) => Master.Applies(nogood.Intents) && nogood.Hosts.Any(h => Services.Contains(h.Service));

    /// <summary>The nogoods and cuts that hold here, as assertions, in the order learnt (for obligations).</summary>
    public string LearntAssertions(NogoodStore store) =>
        string.Concat(store.Nogoods.Where(Applies).Select(n => Master.Assertion(n) + "\n"))
        + string.Concat(store.Cuts.Select(Master.Assertion).OfType<string>().Select(a => a + "\n"))
        + string.Concat(Cuts.Select(c => c + "\n"));

    public IEnumerable<Nogood> ApplicableNogoods(NogoodStore store) => store.Nogoods.Where(Applies);

    /// <summary>A fresh literal that, assumed, asserts <paramref name="term"/> in this component's session.</summary>
    public string BoundLiteral(string term)
    {
        var literal = Smt.Symbol("bound", boundLiterals++);
        Session.Send($"(declare-const {literal} Bool)\n(assert (=> {literal} {term}))");
        return literal;
    }

    /// <summary>Objective <paramref name="objective"/> of this component fixed at its proven optimum.</summary>
    public void Fix(int objective, long value)
    {
        var term = Master.Objectives[objective].IsRoute
            ? Smt.Le(Master.Objectives[objective].Term, Smt.Int(value))
            : Smt.Eq(Master.Objectives[objective].Term, Smt.Int(value));
        fixedValues[objective] = value;
        fixes.Add(term);
        Session.Send($"(assert {term})");
    }

    /// <summary>The optima fixed so far, by objective index (a merged component fixes their sums).</summary>
    public IReadOnlyDictionary<int, long> FixedValues => fixedValues;

    /// <summary>
    /// A self-contained script of this component: its master, the nogoods and cuts that hold, its fixes, every
    /// assumption asserted, the extra assertions, and a check.
    /// </summary>
    public string Obligation(NogoodStore store, IEnumerable<string> extra) =>
        Master.Script + LearntAssertions(store)
        + string.Concat(fixes.Concat(Master.Assumptions).Concat(extra).Select(a => $"(assert {a})\n"))
        + "(check-sat)\n";

    public void Dispose() => Session.Dispose();

    /// <summary>
    /// The components of a program: services joined when they appear in one relation intent, are the two ends of a
    /// flow, meet in a nogood or in <paramref name="couplings"/> (services found together on an overloaded or
    /// wrongly shared node), or (with a nodes objective, which counts shared nodes once) share a candidate node.
    /// Capacity and dedication are otherwise left to each component over its own services: a relaxation, which
    /// <see cref="DecomposedRun"/> makes exact by checking every combined placement and merging the components a
    /// violated capacity or dedication joins. With a route objective (whose cuts speak about whole placements) or an
    /// objective that is not a sum over services, everything is one component.
    /// </summary>
    public static List<ImmutableSortedSet<string>> Partition(BoundProgram program, StaticFacts facts, IEnumerable<Nogood> nogoods, IEnumerable<IEnumerable<string>> couplings)
    {
        var names = program.Services.Select(s => s.Name).ToList();
        if (program.Objectives.Any(o => MasterObjective.IsRouteMetric(o.Metric)))
        {
            return [names.ToImmutableSortedSet(StringComparer.Ordinal)];
        }
        var parent = names.ToDictionary(n => n, n => n, StringComparer.Ordinal);
        string Find(string x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }
        void Union(string a, string b)
        {
            var (x, y) = (Find(a), Find(b));
            if (x != y)
            {
                if (string.CompareOrdinal(x, y) < 0)
                {
                    parent[y] = x;
                }
                else
                {
                    parent[x] = y;
                }
            }
        }
        void UnionAll(IEnumerable<string> services)
        {
            string? first = null;
            foreach (var service in services.Where(parent.ContainsKey))
            {
                if (first is null)
                {
                    first = service;
                }
                else
                {
                    Union(first, service);
                }
            }
        }
        if (program.Objectives.Any(o => o.Metric == ObjectiveMetric.Nodes))
        {
            foreach (var group in program.Services.SelectMany(s => facts.Candidates[s.Name].Select(n => (Node: n.Name, Service: s.Name))).GroupBy(p => p.Node))
            {
                UnionAll(group.Select(p => p.Service));
            }
        }
        foreach (var coupling in couplings)
        {
            UnionAll(coupling);
        }
        foreach (var intent in program.Intents)
        {
            if (intent is SeparateIntent or ColocateIntent)
            {
                UnionAll(ProgramSlice.ServicesOf(program, intent));
            }
        }
        foreach (var flow in program.Flows)
        {
            Union(flow.Source, flow.Target);
        }
        foreach (var nogood in nogoods)
        {
            UnionAll(nogood.Hosts.Select(h => h.Service));
        }
        return names.GroupBy(Find).Select(g => g.ToImmutableSortedSet(StringComparer.Ordinal)).OrderBy(g => g.Min, StringComparer.Ordinal).ToList();
    }
}
