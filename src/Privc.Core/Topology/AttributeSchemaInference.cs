using System.Collections.Immutable;
using System.Globalization;
using Privc.Diagnostics;
using Privc.Text;

namespace Privc.Topology;

/// <summary>
/// Types every label key across a whole topology (specs/language.md, "Label types"): a key declared under
/// <c>scales</c> is an ordered level and each of its values must be on the scale (PRIV3009); otherwise all values
/// true/false make a flag, all numbers a number, and anything else text. Built-in attributes are added as they are.
/// </summary>
internal static class AttributeSchemaInference
{
    private const NumberStyles NumberLabel = NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign;

    public static AttributeSchema Infer(TopologyDocument document, TopologySourceMap map, DiagnosticBag diagnostics)
    {
        var values = new SortedDictionary<string, List<(string Value, SourceLocation Location, ElementKind Kind)>>(StringComparer.Ordinal);
        void Collect(ImmutableSortedDictionary<string, string> labels, LabelSource source, ElementKind kind)
        {
            foreach (var (key, value) in labels)
            {
                if (!values.TryGetValue(key, out var list))
                {
                    values[key] = list = [];
                }
                list.Add((value, source.Values[key], kind));
            }
        }
        for (var i = 0; i < document.Nodes.Length; i++)
        {
            Collect(document.Nodes[i].Labels, map.Nodes[i].Labels, ElementKind.Node);
        }
        for (var i = 0; i < document.Devices.Length; i++)
        {
            Collect(document.Devices[i].Labels, map.Devices[i].Labels, ElementKind.Device);
        }
        for (var i = 0; i < document.Links.Length; i++)
        {
            Collect(document.Links[i].Labels, map.Links[i].Labels, ElementKind.Link);
        }

        var result = ImmutableSortedDictionary.CreateBuilder<string, AttributeInfo>(StringComparer.Ordinal);
        foreach (var (key, (kind, on)) in AttributeSchema.BuiltIns)
        {
            result[key] = new AttributeInfo(key, kind, on, [], [], BuiltIn: true);
        }
        foreach (var (key, list) in values)
        {
            var present = list.Aggregate(ElementKind.None, (acc, v) => acc | v.Kind);
            var seen = list.Select(v => v.Value).ToImmutableSortedSet(StringComparer.Ordinal);
            var scale = document.Scales.GetValueOrDefault(key);
            if (!scale.IsDefault)
            {
                foreach (var (value, location, _) in list.Where(v => !scale.Contains(v.Value)))
                {
                    diagnostics.Add(DiagnosticCatalogue.TopologyScaleValue(location, key, value, scale));
                }
            }
            var attributeKind = !scale.IsDefault ? AttributeKind.Level
                : seen.All(v => v is "true" or "false") ? AttributeKind.Flag
                : seen.All(v => decimal.TryParse(v, NumberLabel, CultureInfo.InvariantCulture, out _)) ? AttributeKind.Number
                : AttributeKind.Text;
            result[key] = new AttributeInfo(key, attributeKind, present, scale.IsDefault ? [] : scale, seen, BuiltIn: false);
        }
        foreach (var (key, scale) in document.Scales.Where(s => !result.ContainsKey(s.Key)))
        {
            result[key] = new AttributeInfo(key, AttributeKind.Level, ElementKind.None, scale, [], BuiltIn: false);
        }
        return new AttributeSchema(result.ToImmutable());
    }

    /// <summary>A label's raw text as a value of its key's type in the schema.</summary>
    public static AttributeValue Typed(AttributeInfo info, string raw) => info.Kind switch
    {
        AttributeKind.Level => new AttributeValue.Level(raw, info.Scale.IndexOf(raw)),
        AttributeKind.Flag => new AttributeValue.Flag(raw == "true"),
        AttributeKind.Number => new AttributeValue.Number(decimal.Parse(raw, NumberLabel, CultureInfo.InvariantCulture)),
        _ => new AttributeValue.Text(raw),
    };
}
