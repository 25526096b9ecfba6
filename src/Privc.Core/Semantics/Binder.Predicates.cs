using System.Collections.Immutable;
using System.Globalization;
using Privc.Diagnostics;
using Privc.Syntax;
using Privc.Text;
using Privc.Topology;
using Privc.TypeSystem;

namespace Privc.Semantics;

public sealed partial class Binder
{
    /// <summary>
    /// Types a predicate for the element kinds it ranges over (nodes, devices, links, or nodes and devices for
    /// data residency). Keys must exist on at least one of those kinds; literals must fit the key's type.
    /// </summary>
    private Predicate BindPredicate(PredicateSyntax syntax, SourceText source, ElementKind kinds) => syntax switch
    {
        ConstantPredicateSyntax c => new Predicate.Constant(c.Value),
        NotPredicateSyntax n => new Predicate.Not(BindPredicate(n.Operand, source, kinds)),
        AndPredicateSyntax a => new Predicate.And(BindPredicate(a.Left, source, kinds), BindPredicate(a.Right, source, kinds)),
        OrPredicateSyntax o => new Predicate.Or(BindPredicate(o.Left, source, kinds), BindPredicate(o.Right, source, kinds)),
        FlagPredicateSyntax f => BindFlag(f, source, kinds),
        InPredicateSyntax i => BindMember(i, source, kinds),
        ComparePredicateSyntax c => BindCompare(c, source, kinds),
        _ => Predicate.False,
    };

    /// <param name="test">The atomic test the key is in, whose text a hint repeats in the construct that fits.</param>
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

    private Predicate BindFlag(FlagPredicateSyntax flag, SourceText source, ElementKind kinds)
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
        return new Predicate.Flag(info.Key);
    }

    private Predicate BindMember(InPredicateSyntax member, SourceText source, ElementKind kinds)
    {
        var info = ResolveAttribute(member.Attribute, member, source, kinds);
        if (info is null)
        {
            return Predicate.False;
        }
        var values = member.Values.Select(v => BindValue(info, v, source, kinds)).OfType<AttributeValue>().ToImmutableArray();
        if (member.Negated)
        {
            WarnIfMissing(info, kinds, member, source);
        }
        return new Predicate.Member(info.Key, values, member.Negated);
    }

    private Predicate BindCompare(ComparePredicateSyntax compare, SourceText source, ElementKind kinds)
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
        if (compare.Operator == ComparisonOperator.NotEqual)
        {
            WarnIfMissing(info, kinds, compare, source);
        }
        return compare.Operator switch
        {
            ComparisonOperator.Equal => new Predicate.Member(info.Key, [value], Negated: false),
            ComparisonOperator.NotEqual => new Predicate.Member(info.Key, [value], Negated: true),
            _ => new Predicate.Compare(info.Key, compare.Operator, value),
        };
    }

    /// <summary>
    /// A negative test (!=, not in) is false on elements that lack the key, which can surprise: warn with the count.
    /// </summary>
    private void WarnIfMissing(AttributeInfo info, ElementKind kinds, SyntaxNode at, SourceText source)
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
            diagnostics.Add(DiagnosticCatalogue.MissingLabel(Loc(source, at), info.Key, missing, KindsName(kinds)));
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
