using System.Collections.Immutable;
using System.Globalization;
using Privc.Llm.Evaluation;
using Privc.Semantics;
using Privc.Topology;
using Privc.TypeSystem;

namespace Privc.Llm.Equivalence;

/// <summary>
/// One component on which two normal forms differ, and which way. <see cref="Restricts"/> is false for objectives,
/// which rank configurations but forbid none, so a difference there never lowers protection.
/// </summary>
public sealed record Difference(string Component, bool LeftImpliesRight, bool RightImpliesLeft, string Explanation, bool Restricts = true);

/// <summary>The topology-independent verdict, with every difference found.</summary>
public sealed record SymbolicResult(EquivalenceVerdict Verdict, ImmutableArray<Difference> Differences, string Explanation)
{
    public bool IsEquivalent => Verdict == EquivalenceVerdict.Equivalent;

    public EquivalenceResult ToResult() => new(Verdict, Explanation);
}

/// <summary>
/// Decides whether two programs over the same declarations mean the same on every topology with the given schema
/// (specs/equivalence.md): both are put in <see cref="NormalForm"/>, and the forms are compared component by
/// component. Label conditions are compared by <see cref="LabelSpace"/> (exactly, with the three-valued missing-key
/// rule), bounds as numbers, relations and spreads as closed sets, declassifications as sets, objectives in order.
/// Equal forms mean the same configurations satisfy both programs on every topology. Unsatisfiable programs are not
/// collapsed: they are compared by what they say, like any other. A left form at least as strict as the right on
/// every component implies it (LeftStronger); the explanation names, per differing component, an element or a
/// relation one side allows and the other does not.
/// </summary>
public sealed class SymbolicEquivalence
{
    private readonly LabelSpace space;
    private readonly NormalFormBuilder builder;

    public SymbolicEquivalence(AttributeSchema schema)
    {
        space = new LabelSpace(schema);
        builder = new NormalFormBuilder(schema);
    }

    public SymbolicResult Compare(BoundProgram left, BoundProgram right, string leftName = "left", string rightName = "right")
    {
        if (Declarations.Difference(left, right) is { } difference)
        {
            return new SymbolicResult(EquivalenceVerdict.NotComparable, [], difference);
        }
        return Compare(builder.Build(left), builder.Build(right), leftName, rightName);
    }

    public SymbolicResult Compare(NormalForm left, NormalForm right, string leftName, string rightName)
    {
        var differences = new List<Difference>();
        var undecided = new List<string>();
        var names = new Names(leftName, rightName);

        foreach (var service in left.Nodes.Keys.Union(right.Nodes.Keys).Order(StringComparer.Ordinal))
        {
            CompareConditions($"the nodes of service '{service}'", left.Nodes.GetValueOrDefault(service) ?? Condition.True,
                right.Nodes.GetValueOrDefault(service) ?? Condition.True, ElementKind.Node, names, differences, undecided);
        }
        foreach (var flow in left.Flows.Keys.Union(right.Flows.Keys).Order(StringComparer.Ordinal))
        {
            var l = left.Flows.GetValueOrDefault(flow) ?? Empty(flow);
            var r = right.Flows.GetValueOrDefault(flow) ?? Empty(flow);
            CompareConditions($"the devices on the routes of flow '{flow}'", l.Devices, r.Devices, ElementKind.Device, names, differences, undecided);
            CompareConditions($"the links on the routes of flow '{flow}'", l.Links, r.Links, ElementKind.Link, names, differences, undecided);
            CompareBound($"the latency bound of flow '{flow}'", l.LatencyMicros, r.LatencyMicros, v => Units.FormatMillis(v), l.BoundOrigins, r.BoundOrigins, names, differences);
            // A hop bound that only a latency bound implies (rule R7) moves with it; it is compared but not shown alone.
            var hops = new List<Difference>();
            CompareBound($"the hop bound of flow '{flow}'", Effective(l), Effective(r), v => v.ToString(CultureInfo.InvariantCulture), l.BoundOrigins, r.BoundOrigins, names, hops);
            differences.AddRange(hops.Where(_ => l.Hops is not null || r.Hops is not null || l.LatencyMicros == r.LatencyMicros));
            CompareChains(flow, l, r, names, differences);
        }
        CompareSets("separation", left.Separations, right.Separations, r => r.Scope == Relation.Node
            ? $"services '{r.A}' and '{r.B}' never share a node"
            : $"services '{r.A}' and '{r.B}' never share a value of {PredicatePrinter.Key(r.Scope)}", r => r.Origins, names, differences);
        CompareSets("colocation", left.Colocations, right.Colocations, r => r.Scope == Relation.Node
            ? $"every replica of '{r.A}' shares a node with a replica of '{r.B}'"
            : $"every replica of '{r.A}' shares its {PredicatePrinter.Key(r.Scope)} with a replica of '{r.B}'", r => r.Origins, names, differences);
        foreach (var key in left.Spreads.Keys.Union(right.Spreads.Keys).Order(StringComparer.Ordinal))
        {
            var l = left.Spreads.GetValueOrDefault(key);
            var r = right.Spreads.GetValueOrDefault(key);
            var (service, label) = l is null ? (r!.Service, r.Label) : (l.Service, l.Label);
            var lv = l?.AtLeast ?? 0;
            var rv = r?.AtLeast ?? 0;
            if (lv != rv)
            {
                differences.Add(new Difference($"the spread of '{service}' across {label}", lv > rv, rv > lv,
                    $"the spread of '{service}' across {PredicatePrinter.Key(label)}: {names.Left} at least {lv}{Origins(l?.Origins)}, {names.Right} at least {rv}{Origins(r?.Origins)}"));
            }
        }
        // A declassification lowers the level keep intents see, so a side with more of them is weaker.
        var leftOnly = left.Declassifications.Keys.Except(right.Declassifications.Keys).ToList();
        var rightOnly = right.Declassifications.Keys.Except(left.Declassifications.Keys).ToList();
        if (leftOnly.Count > 0 || rightOnly.Count > 0)
        {
            differences.Add(new Difference("the declassifications", leftOnly.Count == 0, rightOnly.Count == 0,
                string.Join("; ", leftOnly.Select(d => $"only the {names.Left} declassifies {d} ('{left.Declassifications[d]}')")
                    .Concat(rightOnly.Select(d => $"only the {names.Right} declassifies {d} ('{right.Declassifications[d]}')")))));
        }
        if (ObjectiveDifference(left.Objectives, right.Objectives, names) is { } objectives)
        {
            differences.Add(new Difference("the objectives", false, false, objectives, Restricts: false));
        }

        if (undecided.Count > 0)
        {
            return new SymbolicResult(EquivalenceVerdict.Undecided, [.. differences],
                $"too many label combinations to compare {string.Join(", ", undecided)} (more than {LabelSpace.MaxSteps} cases)");
        }
        if (differences.Count == 0)
        {
            return new SymbolicResult(EquivalenceVerdict.Equivalent, [], "the same conditions on every topology");
        }
        var forward = differences.All(d => d.LeftImpliesRight);
        var backward = differences.All(d => d.RightImpliesLeft);
        var verdict = (forward, backward) switch
        {
            (true, false) => EquivalenceVerdict.LeftStronger,
            (false, true) => EquivalenceVerdict.RightStronger,
            _ => EquivalenceVerdict.Incomparable,
        };
        var summary = verdict switch
        {
            EquivalenceVerdict.LeftStronger => $"the {names.Left} is stricter than the {names.Right}: ",
            EquivalenceVerdict.RightStronger => $"the {names.Left} is weaker than the {names.Right}: ",
            _ => $"the {names.Left} and the {names.Right} differ: ",
        };
        return new SymbolicResult(verdict, [.. differences], summary + string.Join("; ", differences.Select(d => d.Explanation)));
    }

    private sealed record Names(string Left, string Right);

    private static int? Effective(FlowForm flow) => flow.LatencyMicros is { } latency
        ? (int)Math.Min(flow.Hops ?? int.MaxValue, Math.Clamp(latency, int.MinValue, int.MaxValue))
        : flow.Hops;

    private static FlowForm Empty(string flow) => new(flow, Condition.True, Condition.True, null, null, [], ImmutableSortedSet<string>.Empty);

    private void CompareConditions(string component, Condition left, Condition right, ElementKind kind, Names names, List<Difference> differences, List<string> undecided)
    {
        if (left.Conjuncts.Keys.SequenceEqual(right.Conjuncts.Keys, StringComparer.Ordinal))
        {
            return;
        }
        // A witness of "left allows, right forbids" shows the left side is not stricter, and conversely.
        var leftAllows = space.FindDifference(left.Predicate, right.Predicate, kind);
        var rightAllows = space.FindDifference(right.Predicate, left.Predicate, kind);
        if (!leftAllows.Exhausted || !rightAllows.Exhausted)
        {
            undecided.Add(component);
            return;
        }
        if (leftAllows.Witness is null && rightAllows.Witness is null)
        {
            return;
        }
        var parts = new List<string>();
        if (leftAllows.Witness is { } lw)
        {
            parts.Add($"the {names.Left} allows {lw.Describe()}, which the {names.Right} does not");
        }
        if (rightAllows.Witness is { } rw)
        {
            parts.Add($"the {names.Right} allows {rw.Describe()}, which the {names.Left} does not");
        }
        differences.Add(new Difference(component, leftAllows.Witness is null, rightAllows.Witness is null,
            $"{component}: {string.Join(", and ", parts)} ({names.Left}: {left.Describe()}{Origins(left.Origins)}; {names.Right}: {right.Describe()}{Origins(right.Origins)})"));
    }

    private static void CompareBound<T>(string component, T? left, T? right, Func<T, string> show, ImmutableSortedSet<string> leftOrigins,
        ImmutableSortedSet<string> rightOrigins, Names names, List<Difference> differences)
        where T : struct, IComparable<T>
    {
        if (Nullable.Equals(left, right))
        {
            return;
        }
        var leftStricter = right is null || (left is { } l && l.CompareTo(right.Value) < 0);
        differences.Add(new Difference(component, leftStricter, !leftStricter,
            $"{component}: {names.Left} {(left is { } a ? show(a) : "none")}{Origins(leftOrigins)}, {names.Right} {(right is { } b ? show(b) : "none")}{Origins(rightOrigins)}"));
    }

    private void CompareChains(string flow, FlowForm left, FlowForm right, Names names, List<Difference> differences)
    {
        // Every chain of one side must follow from a chain of the other (ChainOrder); compared both ways.
        var leftMissing = right.Chains.Where(r => !left.Chains.Any(l => ChainOrder.Embeds(space, l, r))).ToList();
        var rightMissing = left.Chains.Where(l => !right.Chains.Any(r => ChainOrder.Embeds(space, r, l))).ToList();
        if (leftMissing.Count == 0 && rightMissing.Count == 0)
        {
            return;
        }
        var parts = rightMissing.Select(c => $"only the {names.Left} routes it through {c.Describe()}{Origins(c.Origins)}")
            .Concat(leftMissing.Select(c => $"only the {names.Right} routes it through {c.Describe()}{Origins(c.Origins)}"));
        differences.Add(new Difference($"the waypoints of flow '{flow}'", leftMissing.Count == 0, rightMissing.Count == 0,
            $"the waypoints of flow '{flow}': {string.Join("; ", parts)}"));
    }

    private static void CompareSets<T>(string what, ImmutableSortedDictionary<string, T> left, ImmutableSortedDictionary<string, T> right,
        Func<T, string> describe, Func<T, ImmutableSortedSet<string>> origins, Names names, List<Difference> differences)
    {
        var leftOnly = left.Keys.Except(right.Keys).Select(k => left[k]).ToList();
        var rightOnly = right.Keys.Except(left.Keys).Select(k => right[k]).ToList();
        if (leftOnly.Count == 0 && rightOnly.Count == 0)
        {
            return;
        }
        var parts = leftOnly.Select(r => $"only the {names.Left} requires that {describe(r)}{Origins(origins(r))}")
            .Concat(rightOnly.Select(r => $"only the {names.Right} requires that {describe(r)}{Origins(origins(r))}"));
        differences.Add(new Difference($"the {what}s", rightOnly.Count == 0, leftOnly.Count == 0, string.Join("; ", parts)));
    }

    private string? ObjectiveDifference(ImmutableArray<ObjectiveForm> left, ImmutableArray<ObjectiveForm> right, Names names)
    {
        if (left.Length != right.Length)
        {
            return $"the {names.Left} has {left.Length} objective(s), the {names.Right} {right.Length}";
        }
        for (var k = 0; k < left.Length; k++)
        {
            var (a, b) = (left[k], right[k]);
            if (a.Metric != b.Metric)
            {
                return $"objective {k + 1} is {a.Metric} in the {names.Left} ('{a.Name}') and {b.Metric} in the {names.Right} ('{b.Name}')";
            }
            if (a.Prefer is { } p && b.Prefer is { } q)
            {
                var one = space.FindDifference(p, q, ElementKind.Node);
                var two = space.FindDifference(q, p, ElementKind.Node);
                if (one.Witness is not null || two.Witness is not null || !one.Exhausted || !two.Exhausted)
                {
                    return $"objective {k + 1} prefers different nodes ('{PredicatePrinter.Print(p)}' versus '{PredicatePrinter.Print(q)}')";
                }
            }
        }
        return null;
    }

    private static string Origins(ImmutableSortedSet<string>? origins) =>
        origins is null || origins.IsEmpty ? string.Empty : $" [{string.Join(", ", origins.Select(o => $"'{o}'"))}]";
}
