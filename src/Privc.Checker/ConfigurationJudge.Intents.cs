using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Checking;

internal sealed partial class ConfigurationJudge
{
    /// <summary>The conditions of intents on placements: place, keep (nodes), separate, colocate, dedicate, spread.</summary>
    private void CheckPlacementIntents()
    {
        var check = new PlacementConditions(this);
        foreach (var intent in Program.Intents)
        {
            intent.Accept(check);
        }
    }

    /// <summary>
    /// The checker's own reading of each intent kind's placement condition; a new kind fails the build here until the
    /// checker judges it.
    /// </summary>
    private sealed class PlacementConditions(ConfigurationJudge judge) : IIntentVisitor<bool>
    {
        public bool VisitPlace(PlacementIntent intent)
        {
            judge.CheckPlace(intent);
            return true;
        }

        public bool VisitKeep(KeepIntent intent)
        {
            judge.CheckKeepNodes(intent);
            return true;
        }

        public bool VisitSeparate(SeparateIntent intent)
        {
            judge.CheckSeparate(intent);
            return true;
        }

        public bool VisitColocate(ColocateIntent intent)
        {
            judge.CheckColocate(intent);
            return true;
        }

        public bool VisitDedicate(DedicateIntent intent)
        {
            judge.CheckDedicate(intent);
            return true;
        }

        public bool VisitSpread(SpreadIntent intent)
        {
            judge.CheckSpread(intent);
            return true;
        }

        /// <summary>Route intents are judged per route (CheckRouteConditions).</summary>
        public bool VisitRoute(RouteIntent intent) => false;

        /// <summary>A typing rule: its condition on configurations is true.</summary>
        public bool VisitDeclassify(DeclassifyIntent intent) => false;
    }

    private void CheckPlace(PlacementIntent intent)
    {
        var text = PredicatePrinter.Print(intent.On);
        foreach (var service in intent.Services)
        {
            foreach (var node in Place(service).Where(n => !PredicateSemantics.Holds(intent.On, n)))
            {
                Report(intent.Name, ViolationKind.NodeFailsPredicate,
                    $"a replica of {Quote(service)} runs on node {Quote(node.Name)}, which does not satisfy {text}{Unknown(intent.On, node)}",
                    new Witness { Service = service, Node = node.Name });
            }
        }
    }

    private void CheckKeepNodes(KeepIntent intent)
    {
        var text = PredicatePrinter.Print(intent.Within);
        foreach (var service in rules.Hold[intent.Name].Order(StringComparer.Ordinal))
        {
            foreach (var node in Place(service).Where(n => !PredicateSemantics.Holds(intent.Within, n)))
            {
                Report(intent.Name, ViolationKind.KeepNodeOutside,
                    $"{Quote(service)} holds {DataText(intent)} on node {Quote(node.Name)}, which does not satisfy {text}{Unknown(intent.Within, node)}",
                    new Witness { Service = service, Node = node.Name });
            }
        }
    }

    /// <summary>scope_k(n): the node itself, or the value of attribute k (null when n lacks k).</summary>
    private static AttributeValue? ScopeOf(Scope scope, ComputeNode node) =>
        scope.Kind == SeparationScope.Node
            ? new AttributeValue.Text(node.Name)
            : node.Attributes.TryGetValue(scope.Key!, out var value) ? value : null;

    /// <summary>Two nodes share a scope when it is defined on both and equal.</summary>
    private static bool Share(Scope scope, ComputeNode m, ComputeNode n) =>
        ScopeOf(scope, m) is { } a && ScopeOf(scope, n) is { } b && a.Equals(b);

    /// <summary>
    /// Two nodes are separated by a scope when it is defined on both and differs. Section 5 words the condition as
    /// "do not share", but adds that an undefined scope does not separate; the checker follows that sentence, the
    /// conservative reading (an unknown zone is never trusted to be a different zone, as in section 2).
    /// </summary>
    private static bool Separated(Scope scope, ComputeNode m, ComputeNode n) =>
        ScopeOf(scope, m) is { } a && ScopeOf(scope, n) is { } b && !a.Equals(b);

    private void CheckSeparate(SeparateIntent intent)
    {
        // The pair (a on m, b on n) and its mirror are one violation when both services are on both sides.
        var reported = new HashSet<(string, string, string, string)>();
        void Violate(string a, ComputeNode m, string b, ComputeNode n)
        {
            var first = string.CompareOrdinal(a + "\0" + m.Name, b + "\0" + n.Name) <= 0;
            var key = first ? (a, m.Name, b, n.Name) : (b, n.Name, a, m.Name);
            if (!reported.Add(key))
            {
                return;
            }
            var where = intent.Scope.Kind == SeparationScope.Node
                ? $"on the same node {Quote(m.Name)}"
                : ScopeOf(intent.Scope, m) is null || ScopeOf(intent.Scope, n) is null
                    ? $"on nodes {Quote(m.Name)} and {Quote(n.Name)}, not both of which have a {intent.Scope.Key}, so they are not separated"
                    : $"on nodes {Quote(m.Name)} and {Quote(n.Name)} with the same {intent.Scope.Key} ({ScopeOf(intent.Scope, m)})";
            Report(intent.Name, ViolationKind.ScopeShared, $"{Quote(key.Item1)} and {Quote(key.Item3)} run {where}",
                new Witness { Service = key.Item1, Node = key.Item2, OtherService = key.Item3, OtherNode = key.Item4 });
        }
        foreach (var a in intent.Left)
        {
            foreach (var b in intent.Right.Where(b => b != a))
            {
                foreach (var m in Place(a))
                {
                    foreach (var n in Place(b).Where(n => !Separated(intent.Scope, m, n)))
                    {
                        Violate(a, m, b, n);
                    }
                }
            }
        }
        foreach (var s in intent.Left.Intersect(intent.Right, StringComparer.Ordinal))
        {
            var nodes = Place(s);
            for (var i = 0; i < nodes.Length; i++)
            {
                for (var j = i + 1; j < nodes.Length; j++)
                {
                    if (!Separated(intent.Scope, nodes[i], nodes[j]))
                    {
                        Violate(s, nodes[i], s, nodes[j]);
                    }
                }
            }
        }
    }

    private void CheckColocate(ColocateIntent intent)
    {
        foreach (var a in intent.Left)
        {
            foreach (var b in intent.Right.Where(b => b != a))
            {
                foreach (var m in Place(a).Where(m => !Place(b).Any(n => Share(intent.Scope, m, n))))
                {
                    var why = intent.Scope.Kind == SeparationScope.Node
                        ? $"no replica of {Quote(b)} runs on that node"
                        : ScopeOf(intent.Scope, m) is { } value
                            ? $"no replica of {Quote(b)} runs on a node with {intent.Scope.Key} {value}"
                            : $"the node has no {intent.Scope.Key}, so it shares it with no replica of {Quote(b)}";
                    Report(intent.Name, ViolationKind.NotColocated, $"the replica of {Quote(a)} on node {Quote(m.Name)} is not colocated with {Quote(b)}: {why}",
                        new Witness { Service = a, Node = m.Name, OtherService = b });
                }
            }
        }
    }

    private void CheckDedicate(DedicateIntent intent)
    {
        foreach (var s in intent.Services)
        {
            var tenant = rules.ServicesByName[s].Tenant;
            foreach (var n in Place(s))
            {
                foreach (var t in Program.Services.Where(t => t.Tenant != tenant && Place(t.Name).Contains(n)))
                {
                    Report(intent.Name, ViolationKind.DedicatedNodeShared,
                        $"node {Quote(n.Name)} hosts {Quote(s)} (tenant {tenant}) and {Quote(t.Name)} of another tenant ({t.Tenant})",
                        new Witness { Service = s, Node = n.Name, OtherService = t.Name });
                }
            }
        }
    }

    private void CheckSpread(SpreadIntent intent)
    {
        foreach (var s in intent.Services)
        {
            var distinct = Place(s).Select(n => n.Attributes.TryGetValue(intent.Key, out var v) ? v : null).OfType<AttributeValue>().Distinct().Count();
            if (distinct < intent.MinDistinct)
            {
                Report(intent.Name, ViolationKind.SpreadTooNarrow,
                    $"the replicas of {Quote(s)} cover {Number(distinct)} distinct value(s) of {intent.Key}, fewer than {Number(intent.MinDistinct)}",
                    new Witness { Service = s, Quantity = $"distinct {intent.Key} values", Measured = distinct, Bound = intent.MinDistinct });
            }
        }
    }
}
