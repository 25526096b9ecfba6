using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Syntax;
using Privc.Topology;
using Privc.TypeSystem;

namespace Privc.Llm.Equivalence;

/// <summary>The labels of one imagined element: every key the compared predicates test, with a value or none.</summary>
public sealed record LabelAssignment(ElementKind Kind, ImmutableSortedDictionary<string, AttributeValue?> Values)
{
    /// <summary>A text value no predicate names: it stands for every such value (a jurisdiction added next year, say).</summary>
    public const string FreshText = "\u0001";

    public string Describe()
    {
        var what = Kind switch { ElementKind.Node => "a node", ElementKind.Device => "a device", _ => "a link" };
        if (Values.IsEmpty)
        {
            return what;
        }
        return what + " with " + string.Join(", ", Values.Select(v => v.Value switch
        {
            null => $"no {PredicatePrinter.Key(v.Key)} label",
            AttributeValue.Text { Value: FreshText } => $"{PredicatePrinter.Key(v.Key)} = a value neither side names",
            var value => $"{PredicatePrinter.Key(v.Key)} = {value}",
        }));
    }
}

/// <summary>The answer of a search: a distinguishing assignment, none, or too many combinations to try.</summary>
public sealed record LabelSearch(LabelAssignment? Witness, bool Exhausted)
{
    public bool Implies => Witness is null && Exhausted;
}

/// <summary>
/// Decides implication between conditions on one element over every topology with a given schema (label keys and
/// their types, scales in order): is there an element, with any labels of the right types or none, on which one
/// predicate is known true and the other is not? That is, for every topology, whether every element allowed by the
/// first is allowed by the second.
///
/// Exact by a region argument: each atom (`k == v`, `k in {..}`, `k &lt; v`, a flag) compares one key with constants,
/// so the values of a key fall into finitely many regions on which every atom over it has one truth value: the key
/// missing; each constant; for text, one value no predicate names; for ordered keys, each gap between consecutive
/// constants and beyond them (numbers are decimals, quantities integers in base units, scales their declared levels).
/// Elements of a topology label their keys independently, so trying one representative per region for every key
/// covers every element. The search assigns keys one at a time and prunes with a three-valued evaluation that treats
/// unassigned keys as "any outcome"; a witness it finds is confirmed with <see cref="Verification.Restrictions.PredicateEvaluator"/>,
/// the semantics' own evaluator. A search that would visit more than <see cref="MaxSteps"/> partial assignments gives
/// up (<see cref="LabelSearch.Exhausted"/> false), which the judge reports as undecided, never as equivalent.
/// </summary>
public sealed class LabelSpace
{
    public const int MaxSteps = 2_000_000;

    private const int T = 1;
    private const int F = 2;
    private const int U = 4;

    private readonly AttributeSchema schema;

    public LabelSpace(AttributeSchema schema)
    {
        this.schema = schema;
    }

    /// <summary>An element of <paramref name="kind"/> on which <paramref name="holds"/> is known true and <paramref name="fails"/> is not.</summary>
    public LabelSearch FindDifference(Predicate holds, Predicate fails, ElementKind kind)
    {
        var constants = new SortedDictionary<string, List<AttributeValue>>(StringComparer.Ordinal);
        Collect(holds, constants);
        Collect(fails, constants);
        var keys = constants.Keys.ToArray();
        var regions = keys.Select(k => Regions(k, constants[k], kind)).ToArray();
        var assigned = new AttributeValue?[keys.Length];
        var isAssigned = new bool[keys.Length];
        var index = keys.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
        var steps = 0;

        bool Search(int depth)
        {
            if (++steps > MaxSteps)
            {
                return false;
            }
            var h = Evaluate(holds);
            var f = Evaluate(fails);
            if ((h & T) == 0 || f == T)
            {
                return false;
            }
            if (h == T && (f & T) == 0)
            {
                return true;
            }
            if (depth == keys.Length)
            {
                return false;
            }
            isAssigned[depth] = true;
            foreach (var value in regions[depth])
            {
                assigned[depth] = value;
                if (Search(depth + 1))
                {
                    return true;
                }
            }
            isAssigned[depth] = false;
            assigned[depth] = null;
            return false;
        }

        int Evaluate(Predicate predicate) => predicate switch
        {
            Predicate.Constant c => c.Value ? T : F,
            Predicate.Not n => Swap(Evaluate(n.Operand)),
            Predicate.And a => Combine(Evaluate(a.Left), Evaluate(a.Right), Verification.Restrictions.Kleene.And),
            Predicate.Or o => Combine(Evaluate(o.Left), Evaluate(o.Right), Verification.Restrictions.Kleene.Or),
            Predicate.Flag flag => Atom(flag.Key, v => v is AttributeValue.Flag { Value: true } ? T : F),
            Predicate.Member m => Atom(m.Key, v => m.Values.Contains(v) != m.Negated ? T : F),
            // Values of different types do not compare: unknown, as the semantics' evaluator says (the binder never writes one).
            Predicate.Compare c => Atom(c.Key, v => Order(v, c.Value) is { } order ? (Holds(c.Operator, order) ? T : F) : U),
            _ => throw new InvalidOperationException($"privc bug: unknown predicate {predicate.GetType().Name}"),
        };

        int Atom(string key, Func<AttributeValue, int> test)
        {
            var i = index[key];
            if (!isAssigned[i])
            {
                return T | F | U;
            }
            return assigned[i] is { } value ? test(value) : U;
        }

        if (!Search(0))
        {
            return new LabelSearch(null, steps <= MaxSteps);
        }
        // Keys left unassigned do not matter; give them their first region so that the witness is a whole element.
        var values = ImmutableSortedDictionary.CreateBuilder<string, AttributeValue?>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            values[keys[i]] = isAssigned[i] ? assigned[i] : regions[i][0];
        }
        var witness = new LabelAssignment(kind, values.ToImmutable());
        Confirm(witness, holds, fails);
        return new LabelSearch(witness, true);
    }

    /// <summary>Whether [[a]](x) = true implies [[b]](x) = true for every element x of the kind, in every topology.</summary>
    public LabelSearch Implies(Predicate a, Predicate b, ElementKind kind) => FindDifference(a, b, kind);

    private static void Confirm(LabelAssignment witness, Predicate holds, Predicate fails)
    {
        var element = new ImaginedElement(witness.Kind, witness.Values
            .Where(v => v.Value is not null)
            .ToImmutableSortedDictionary(v => v.Key, v => v.Value!, StringComparer.Ordinal));
        if (!Verification.Restrictions.PredicateEvaluator.IsTrue(holds, element) || Verification.Restrictions.PredicateEvaluator.IsTrue(fails, element))
        {
            throw new InvalidOperationException($"privc bug: the label search's witness ({witness.Describe()}) does not separate '{PredicatePrinter.Print(holds)}' from '{PredicatePrinter.Print(fails)}'");
        }
    }

    private sealed record ImaginedElement(ElementKind Kind, ImmutableSortedDictionary<string, AttributeValue> Attributes) : IAttributed
    {
        public string DisplayName => "imagined";
    }

    private static void Collect(Predicate predicate, SortedDictionary<string, List<AttributeValue>> constants)
    {
        List<AttributeValue> Of(string key)
        {
            if (!constants.TryGetValue(key, out var list))
            {
                constants[key] = list = [];
            }
            return list;
        }
        switch (predicate)
        {
            case Predicate.Not n:
                Collect(n.Operand, constants);
                break;
            case Predicate.And a:
                Collect(a.Left, constants);
                Collect(a.Right, constants);
                break;
            case Predicate.Or o:
                Collect(o.Left, constants);
                Collect(o.Right, constants);
                break;
            case Predicate.Flag f:
                Of(f.Key);
                break;
            case Predicate.Member m:
                Of(m.Key).AddRange(m.Values);
                break;
            case Predicate.Compare c:
                Of(c.Key).Add(c.Value);
                break;
        }
    }

    private bool AlwaysDefined(string key, ElementKind kind) =>
        AttributeSchema.BuiltIns.TryGetValue(key, out var builtIn) && (builtIn.On & kind) != 0;

    /// <summary>One representative value per region of the key (see the class comment), the missing key first.</summary>
    private ImmutableArray<AttributeValue?> Regions(string key, List<AttributeValue> constants, ElementKind kind)
    {
        var result = ImmutableArray.CreateBuilder<AttributeValue?>();
        if (!AlwaysDefined(key, kind))
        {
            result.Add(null);
        }
        var info = schema.Find(key);
        var attributeKind = info?.Kind ?? KindOf(constants);
        switch (attributeKind)
        {
            case AttributeKind.Flag:
                result.Add(new AttributeValue.Flag(true));
                result.Add(new AttributeValue.Flag(false));
                break;
            case AttributeKind.Level:
                var scale = info?.Scale ?? [];
                result.AddRange(scale.Select((name, rank) => (AttributeValue?)new AttributeValue.Level(name, rank)));
                // Levels the binder resolved but the schema does not list (never expected) still get their own region.
                result.AddRange(constants.OfType<AttributeValue.Level>().Where(l => l.Rank < 0 || l.Rank >= scale.Length || scale[l.Rank] != l.Name).Distinct());
                break;
            case AttributeKind.Number:
                result.AddRange(NumberRegions(constants.OfType<AttributeValue.Number>().Select(n => n.Value)).Select(v => (AttributeValue?)new AttributeValue.Number(v)));
                break;
            case AttributeKind.Text:
                result.AddRange(constants.OfType<AttributeValue.Text>().Distinct());
                result.Add(new AttributeValue.Text(LabelAssignment.FreshText));
                break;
            default:
                var dimension = constants.OfType<AttributeValue.Measure>().Select(m => (Dimension?)m.Value.Dimension).FirstOrDefault() ?? DimensionOf(attributeKind);
                result.AddRange(IntegerRegions(constants.OfType<AttributeValue.Measure>().Select(m => m.Value.Value))
                    .Select(v => (AttributeValue?)new AttributeValue.Measure(new Quantity(dimension, v))));
                break;
        }
        return result.ToImmutable();
    }

    private static AttributeKind KindOf(List<AttributeValue> constants) => constants.FirstOrDefault() switch
    {
        AttributeValue.Flag or null => AttributeKind.Flag,
        AttributeValue.Level => AttributeKind.Level,
        AttributeValue.Number => AttributeKind.Number,
        AttributeValue.Text => AttributeKind.Text,
        _ => AttributeKind.Latency,
    };

    private static Dimension DimensionOf(AttributeKind kind) => kind switch
    {
        AttributeKind.Latency => Dimension.Latency,
        AttributeKind.Bandwidth => Dimension.Bandwidth,
        AttributeKind.Cpu => Dimension.Cpu,
        AttributeKind.Memory => Dimension.Memory,
        _ => Dimension.Scalar,
    };

    /// <summary>Decimals: each constant, a point in each gap between consecutive constants, and one beyond each end.</summary>
    internal static IEnumerable<decimal> NumberRegions(IEnumerable<decimal> constants)
    {
        var sorted = constants.Distinct().Order().ToList();
        if (sorted.Count == 0)
        {
            yield return 0m;
            yield break;
        }
        yield return sorted[0] - 1;
        for (var i = 0; i < sorted.Count; i++)
        {
            yield return sorted[i];
            if (i + 1 < sorted.Count)
            {
                yield return (sorted[i] + sorted[i + 1]) / 2;
            }
        }
        yield return sorted[^1] + 1;
    }

    /// <summary>
    /// Integers (quantities in base units): each constant, one integer in each gap that has one, and one beyond each
    /// end. Negative values are included although topologies hold none: a larger domain can only make the judge
    /// find more differences, never fewer.
    /// </summary>
    internal static IEnumerable<long> IntegerRegions(IEnumerable<long> constants)
    {
        var sorted = constants.Distinct().Order().ToList();
        if (sorted.Count == 0)
        {
            yield return 0;
            yield break;
        }
        yield return sorted[0] - 1;
        for (var i = 0; i < sorted.Count; i++)
        {
            yield return sorted[i];
            if (i + 1 < sorted.Count && sorted[i + 1] - sorted[i] >= 2)
            {
                yield return sorted[i] + 1;
            }
        }
        yield return sorted[^1] + 1;
    }

    private static int Swap(int mask) => (mask & U) | ((mask & T) != 0 ? F : 0) | ((mask & F) != 0 ? T : 0);

    private static int Combine(int left, int right, Func<Verification.Restrictions.Truth, Verification.Restrictions.Truth, Verification.Restrictions.Truth> op)
    {
        var result = 0;
        foreach (var a in Truths(left))
        {
            foreach (var b in Truths(right))
            {
                result |= op(a, b) switch
                {
                    Verification.Restrictions.Truth.True => T,
                    Verification.Restrictions.Truth.False => F,
                    _ => U,
                };
            }
        }
        return result;
    }

    private static IEnumerable<Verification.Restrictions.Truth> Truths(int mask)
    {
        if ((mask & T) != 0)
        {
            yield return Verification.Restrictions.Truth.True;
        }
        if ((mask & F) != 0)
        {
            yield return Verification.Restrictions.Truth.False;
        }
        if ((mask & U) != 0)
        {
            yield return Verification.Restrictions.Truth.Unknown;
        }
    }

    private static int? Order(AttributeValue left, AttributeValue right) => (left, right) switch
    {
        (AttributeValue.Number a, AttributeValue.Number b) => a.Value.CompareTo(b.Value),
        (AttributeValue.Level a, AttributeValue.Level b) => a.Rank.CompareTo(b.Rank),
        (AttributeValue.Measure a, AttributeValue.Measure b) when a.Value.Dimension == b.Value.Dimension => a.Value.Value.CompareTo(b.Value.Value),
        _ => null,
    };

    private static bool Holds(ComparisonOperator op, int order) => op switch
    {
        ComparisonOperator.Less => order < 0,
        ComparisonOperator.LessOrEqual => order <= 0,
        ComparisonOperator.Greater => order > 0,
        ComparisonOperator.GreaterOrEqual => order >= 0,
        ComparisonOperator.Equal => order == 0,
        _ => order != 0,
    };
}
