using System.Collections.Immutable;
using System.Globalization;
using Privc.Diagnostics;
using Privc.Syntax;
using Privc.Text;
using Privc.Topology;
using Privc.TypeSystem;

namespace Privc.Semantics;

internal sealed partial class Binder
{
    /// <summary>
    /// Types a predicate for the element kinds it ranges over (nodes, devices, links, or nodes and devices for
    /// data residency). Keys must exist on at least one of those kinds; literals must fit the key's type.
    /// </summary>
    /// <param name="syntax">The predicate as written.</param>
    /// <param name="source">The file it is written in, for diagnostics.</param>
    /// <param name="kinds">The element kinds the predicate ranges over.</param>
    /// <param name="avoid">The predicate says what to avoid (`avoid ... where P`): an element passes only where P is known false.</param>
    private Predicate BindPredicate(PredicateSyntax syntax, SourceText source, ElementKind kinds, bool avoid = false) =>
        BindPredicate(syntax, source, kinds, new PredicateContext(avoid, UnderNot: false));

    /// <summary>
    /// Where a test sits, for PRIV2032: the three-valued reading (specs/semantics.md section 2) rules an element with
    /// a missing label out of every intent, which a reader may not expect under `not`, in a negative test, or in
    /// `avoid`; there, a label some elements lack is worth a warning.
    /// </summary>
    private readonly record struct PredicateContext(bool Avoid, bool UnderNot);

    private Predicate BindPredicate(PredicateSyntax syntax, SourceText source, ElementKind kinds, PredicateContext context) => syntax switch
    {
        ConstantPredicateSyntax c => new Predicate.Constant(c.Value),
        NotPredicateSyntax n => new Predicate.Not(BindPredicate(n.Operand, source, kinds, context with { UnderNot = true })),
        AndPredicateSyntax a => new Predicate.And(BindPredicate(a.Left, source, kinds, context), BindPredicate(a.Right, source, kinds, context)),
        OrPredicateSyntax o => new Predicate.Or(BindPredicate(o.Left, source, kinds, context), BindPredicate(o.Right, source, kinds, context)),
        FlagPredicateSyntax f => BindFlag(f, source, kinds, context),
        InPredicateSyntax i => BindMember(i, source, kinds, context),
        ComparePredicateSyntax c => BindCompare(c, source, kinds, context),
        _ => throw new InvalidOperationException($"privc bug: the binder does not know predicate syntax {syntax.GetType().Name}"),
    };

    /// <param name="attribute">The key as written.</param>
    /// <param name="test">The atomic test the key is in, whose text a hint repeats in the construct that fits.</param>
    /// <param name="source">The file it is written in, for diagnostics.</param>
    /// <param name="kinds">The element kinds the key must exist on (at least one of them).</param>
    private AttributeInfo? ResolveAttribute(AttributeSyntax attribute, PredicateSyntax test, SourceText source, ElementKind kinds)
    {
        var info = topology.Schema.Find(attribute.Key);
        if (info is not null && (info.PresentOn & kinds) != 0)
        {
            return info;
        }
        if (info is not null && WrongElementHint.For(kinds, info.PresentOn, source.ToString(test.Span)) is var (owners, fix))
        {
            diagnostics.Add(DiagnosticCatalogue.AttributeOnOtherElements(Loc(source, attribute), attribute.Key, KindsName(kinds), owners, fix));
            return null;
        }
        var suggestion = Suggestions.Nearest(attribute.Key, topology.Schema.KeysOn(kinds));
        diagnostics.Add(DiagnosticCatalogue.UnknownAttribute(Loc(source, attribute), attribute.Key, KindsName(kinds), suggestion));
        return null;
    }

    private static string KindsName(ElementKind kinds) => kinds switch
    {
        ElementKind.Node => "nodes",
        ElementKind.Device => "devices",
        ElementKind.Link => "links",
        _ => "nodes or devices",
    };

    private Predicate BindFlag(FlagPredicateSyntax flag, SourceText source, ElementKind kinds, PredicateContext context)
    {
        var info = ResolveAttribute(flag.Attribute, flag, source, kinds);
        if (info is null)
        {
            return Predicate.False;
        }
        if (info.Kind != AttributeKind.Flag)
        {
            diagnostics.Add(DiagnosticCatalogue.WrongAttributeType(Loc(source, flag), info.Key, KindName(info), "true; compare it with a value"));
            return Predicate.False;
        }
        if (context.Avoid || context.UnderNot)
        {
            WarnIfMissing(info, kinds, flag, source, context);
        }
        return new Predicate.Flag(info.Key);
    }

    private Predicate BindMember(InPredicateSyntax member, SourceText source, ElementKind kinds, PredicateContext context)
    {
        var info = ResolveAttribute(member.Attribute, member, source, kinds);
        if (info is null)
        {
            return Predicate.False;
        }
        var values = member.Values.Select(v => BindValue(info, v, source, kinds)).OfType<AttributeValue>().ToImmutableArray();
        if (member.Negated || context.Avoid || context.UnderNot)
        {
            WarnIfMissing(info, kinds, member, source, context);
        }
        return new Predicate.Member(info.Key, values, member.Negated);
    }

    private Predicate BindCompare(ComparePredicateSyntax compare, SourceText source, ElementKind kinds, PredicateContext context)
    {
        var info = ResolveAttribute(compare.Attribute, compare, source, kinds);
        if (info is null)
        {
            return Predicate.False;
        }
        var ordering = compare.Operator is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual);
        if (ordering && info.Kind is AttributeKind.Text or AttributeKind.Flag)
        {
            diagnostics.Add(DiagnosticCatalogue.UnorderedComparison(Loc(source, compare), info.Key, KindName(info)));
            return Predicate.False;
        }
        var value = BindValue(info, compare.Value, source, kinds);
        if (value is null)
        {
            return Predicate.False;
        }
        if (compare.Operator == ComparisonOperator.NotEqual || context.Avoid || context.UnderNot)
        {
            WarnIfMissing(info, kinds, compare, source, context);
        }
        return compare.Operator switch
        {
            ComparisonOperator.Equal => new Predicate.Member(info.Key, [value], Negated: false),
            ComparisonOperator.NotEqual => new Predicate.Member(info.Key, [value], Negated: true),
            _ => new Predicate.Compare(info.Key, compare.Operator, value),
        };
    }

    /// <summary>
    /// A test on a key some elements lack is unknown on them (three-valued reading); in a negative test, under `not`
    /// or in `avoid`, what that does to those elements can surprise: warn with the count and the consequence.
    /// </summary>
    private void WarnIfMissing(AttributeInfo info, ElementKind kinds, SyntaxNode at, SourceText source, PredicateContext context)
    {
        if (info.BuiltIn)
        {
            return;
        }
        var elements = new List<IAttributed>();
        if ((kinds & ElementKind.Node) != 0)
        {
            elements.AddRange(topology.Nodes);
        }
        if ((kinds & ElementKind.Device) != 0)
        {
            elements.AddRange(topology.Devices);
        }
        if ((kinds & ElementKind.Link) != 0)
        {
            elements.AddRange(topology.Links);
        }
        var missing = elements.Count(e => !e.Attributes.ContainsKey(info.Key));
        if (missing > 0)
        {
            diagnostics.Add(DiagnosticCatalogue.MissingLabel(Loc(source, at), info.Key, missing, KindsName(kinds), context.Avoid));
        }
    }

    private static string KindName(AttributeInfo info) => info.Kind switch
    {
        AttributeKind.Text => "text",
        AttributeKind.Flag => "a true/false flag",
        AttributeKind.Number => "a number",
        AttributeKind.Level => $"a level ({string.Join(" < ", info.Scale)})",
        AttributeKind.Latency => "a latency",
        AttributeKind.Bandwidth => "a bandwidth",
        AttributeKind.Cpu => "a CPU quantity",
        _ => "a memory quantity",
    };

    /// <summary>Converts a literal to the attribute's type, checking it against the topology's vocabulary.</summary>
    private AttributeValue? BindValue(AttributeInfo info, ValueSyntax value, SourceText source, ElementKind kinds)
    {
        var location = Loc(source, value);
        switch (info.Kind)
        {
            case AttributeKind.Text:
                if (value.Kind is not (ValueKind.Name or ValueKind.String or ValueKind.Number))
                {
                    diagnostics.Add(DiagnosticCatalogue.WrongAttributeType(location, info.Key, KindName(info), Describe(value)));
                    return null;
                }
                var known = KnownTextValues(info, kinds).Distinct().Order(StringComparer.Ordinal).ToList();
                if (!known.Contains(value.Text))
                {
                    diagnostics.Add(DiagnosticCatalogue.UnknownAttributeValue(location, info.Key, value.Text, known, scale: false, Suggestions.Nearest(value.Text, known)));
                    return null;
                }
                return new AttributeValue.Text(info.Key == "device" ? topology.FindDevice(value.Text)!.Name : value.Text);
            case AttributeKind.Flag:
                if (value.Text is "true" or "false" && value.Kind is ValueKind.Boolean or ValueKind.Name or ValueKind.String)
                {
                    return new AttributeValue.Flag(value.Text == "true");
                }
                diagnostics.Add(DiagnosticCatalogue.WrongAttributeType(location, info.Key, KindName(info), Describe(value)));
                return null;
            case AttributeKind.Number:
                if (value.Kind == ValueKind.Number && decimal.TryParse(value.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                {
                    return new AttributeValue.Number(number);
                }
                diagnostics.Add(DiagnosticCatalogue.WrongAttributeType(location, info.Key, KindName(info), Describe(value)));
                return null;
            case AttributeKind.Level:
                if (value.Kind is not (ValueKind.Name or ValueKind.String))
                {
                    diagnostics.Add(DiagnosticCatalogue.WrongAttributeType(location, info.Key, KindName(info), Describe(value)));
                    return null;
                }
                var rank = info.Scale.IndexOf(value.Text);
                if (rank < 0)
                {
                    diagnostics.Add(DiagnosticCatalogue.UnknownAttributeValue(location, info.Key, value.Text, info.Scale, scale: true, Suggestions.Nearest(value.Text, info.Scale)));
                    return null;
                }
                return new AttributeValue.Level(value.Text, rank);
            default:
                var dimension = info.Kind switch
                {
                    AttributeKind.Latency => Dimension.Latency,
                    AttributeKind.Bandwidth => Dimension.Bandwidth,
                    AttributeKind.Cpu => Dimension.Cpu,
                    _ => Dimension.Memory,
                };
                if (value.Kind is not (ValueKind.Quantity or ValueKind.Number))
                {
                    diagnostics.Add(DiagnosticCatalogue.WrongAttributeType(location, info.Key, KindName(info), Describe(value)));
                    return null;
                }
                if (value.Kind == ValueKind.Number && dimension is Dimension.Latency or Dimension.Bandwidth)
                {
                    diagnostics.Add(DiagnosticCatalogue.MissingUnit(location, $"'{info.Key}'", dimension, value.Text));
                    return null;
                }
                var amount = ExpectQuantity(value, source, $"'{info.Key}'", dimension);
                return amount is null ? null : new AttributeValue.Measure(new Quantity(dimension, amount.Value));
        }
    }

    private IEnumerable<string> KnownTextValues(AttributeInfo info, ElementKind kinds) => info.Key switch
    {
        "name" => ((kinds & ElementKind.Node) != 0 ? topology.Nodes.Select(n => n.Name) : [])
            .Concat((kinds & ElementKind.Device) != 0 ? topology.Devices.Select(d => d.Name) : []),
        "id" => topology.Devices.Select(d => d.Id),
        "device" => topology.Devices.Select(d => d.Name).Concat(topology.Devices.Select(d => d.Id)),
        _ => info.Values,
    };
}
