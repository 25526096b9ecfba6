using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Privc.Artifacts.Kubernetes;

/// <summary>The events themselves: mappings, sequences and scalars as KubernetesYaml's serializer emits them.</summary>
internal sealed partial class ManifestYamlWriter
{
    private void Begin() => emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, false, MappingStyle.Any));

    private void End() => emitter.Emit(new MappingEnd());

    /// <summary>A property holding an object; left out when null (KubernetesYaml omits null properties).</summary>
    private void Map<T>(string key, T? value, Action<T> body)
        where T : class
    {
        if (value is null)
        {
            return;
        }
        Text(key);
        Begin();
        body(value);
        End();
    }

    private void List<T>(string key, IList<T>? items, Action<T> body)
        where T : class
    {
        if (items is null)
        {
            return;
        }
        Text(key);
        emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, false, SequenceStyle.Any));
        foreach (var item in items)
        {
            Begin();
            body(item);
            End();
        }
        emitter.Emit(new SequenceEnd());
    }

    private void Strings(string key, IList<string>? items)
    {
        if (items is null)
        {
            return;
        }
        Text(key);
        emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, false, SequenceStyle.Any));
        foreach (var item in items)
        {
            Text(item);
        }
        emitter.Emit(new SequenceEnd());
    }

    /// <summary>A string map in its enumeration order (the emitter fills its maps sorted).</summary>
    private void Strings(string key, IDictionary<string, string>? map) => Entries(key, map, Text);

    /// <summary>Quantities go through KubernetesClient's converter, which emits a bare scalar of their canonical text.</summary>
    private void Quantities(string key, IDictionary<string, ResourceQuantity>? map) =>
        Entries(key, map, quantity => emitter.Emit(new Scalar(quantity.ToString())));

    private void Entries<T>(string key, IDictionary<string, T>? map, Action<T> value)
    {
        if (map is null)
        {
            return;
        }
        Text(key);
        Begin();
        foreach (var (name, item) in map)
        {
            Text(name);
            value(item);
        }
        End();
    }

    private void String(string key, string? value)
    {
        if (value is null)
        {
            return;
        }
        Text(key);
        Text(value);
    }

    private void Integer(string key, int? value)
    {
        if (value is not { } number)
        {
            return;
        }
        Text(key);
        emitter.Emit(new Scalar(AnchorName.Empty, IntegerTag, number.ToString(CultureInfo.InvariantCulture), ScalarStyle.Plain, true, false));
    }

    private void Boolean(string key, bool? value)
    {
        if (value is not { } flag)
        {
            return;
        }
        Text(key);
        emitter.Emit(new Scalar(AnchorName.Empty, BooleanTag, flag ? "true" : "false", ScalarStyle.Plain, true, false));
    }

    /// <summary>IntOrString goes through KubernetesClient's converter, which emits a bare scalar of its value.</summary>
    private void IntOrString(string key, IntOrString? value)
    {
        if (value is null)
        {
            return;
        }
        Text(key);
        emitter.Emit(new Scalar(value.Value));
    }

    /// <summary>
    /// A string (a value or a key), styled as KubernetesClient's StringQuotingEmitter and YamlDotNet's
    /// TypeAssigningEventEmitter style it: double quotes for what YAML 1.1 would read as null, a boolean or a number
    /// (the empty string included), a literal block for text with a line break, otherwise left to the emitter, which
    /// writes it plain where YAML allows and quoted where not.
    /// </summary>
    private void Text(string value)
    {
        var style = SpecialString().IsMatch(value) ? ScalarStyle.DoubleQuoted
            : value.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : ScalarStyle.Any;
        emitter.Emit(new Scalar(AnchorName.Empty, StringTag, value, style, true, false));
    }

    // KubernetesClient's StringQuotingEmitter.QuotedRegex, verbatim (it matches the empty string too).
    [GeneratedRegex(@"^(\~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|on|On|ON|n|N|no|No|NO|off|Off|OFF|-?(0|[0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?)?$")]
    private static partial Regex SpecialString();
}
