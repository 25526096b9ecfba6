using Privc.Semantics;
using Privc.Verification.Replanning;

namespace Privc.Verification.Encoding;

public sealed partial class Encoder
{
    /// <summary>
    /// moved = sum over shared services of min(|ref(s)|, replicas(s)) - sum over reference nodes n of hosts(s, n)
    /// (specs/encoding.md section 7.1). A reference node that is no longer a candidate contributes hosts = false.
    /// </summary>
    private string MovedTerm(Objective objective)
    {
        var reference = objective.Reference!;
        var terms = program.Services.Where(s => reference.Placements.ContainsKey(s.Name)).Select(s =>
        {
            var old = reference.NodesOf(s.Name);
            var kept = facts.Candidates[s.Name].Where(n => old.Contains(n.Name)).Select(n => Smt.Indicator(Hosts(s.Name, n)));
            return Smt.Minus(Smt.Int(Math.Min(old.Count, s.Replicas)), Smt.Sum(kept));
        });
        return DefineInt(Smt.Symbol("objective", objective.Name), Smt.Sum(terms));
    }

    /// <summary>
    /// disturbed = the number of measured reference routes r = (f, a, b, P) not kept, where kept(r) holds when some
    /// source replica i of f is on a and some target replica j on b and the route of (f, i, j) uses every link of P.
    /// The used links of a pair are exactly one simple path from dev(a) to dev(b) (section 3), and P is one too, so
    /// using all of P's links means taking exactly P. A link of P outside the pair's usable network makes r unkeepable.
    /// </summary>
    private string DisturbedTerm(Objective objective)
    {
        var reference = objective.Reference!;
        var terms = new List<string>();
        foreach (var route in DisruptionMeasure.MeasuredRoutes(program, reference))
        {
            var flow = program.Flow(route.Flow);
            var ways = new List<string>();
            if (nodeIndex.TryGetValue(route.SourceNode, out var a) && nodeIndex.TryGetValue(route.TargetNode, out var b)
                && facts.Candidates[flow.Source].Any(n => n.Name == route.SourceNode) && facts.Candidates[flow.Target].Any(n => n.Name == route.TargetNode))
            {
                foreach (var pair in pairs.Where(p => p.Flow == flow.Name))
                {
                    var links = route.Hops.Select(h => pair.Links.FirstOrDefault(l => l.Link.From == h.From && l.Link.FromPort == h.FromPort && l.Link.To == h.To && l.Link.ToPort == h.ToPort).Symbol).ToList();
                    if (links.Any(l => l is null))
                    {
                        continue;
                    }
                    ways.Add(Smt.And(new[] { Smt.Eq(ReplicaSymbol(flow.Source, pair.SourceReplica), Smt.Int(a)), Smt.Eq(ReplicaSymbol(flow.Target, pair.TargetReplica), Smt.Int(b)) }.Concat(links!)));
                }
            }
            terms.Add(Smt.Ite(Smt.Or(ways), "0", "1"));
        }
        return DefineInt(Smt.Symbol("objective", objective.Name), Smt.Sum(terms));
    }
}
