using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Privc.Diagnostics;
using Privc.Syntax;
using Privc.Text;

namespace Privc.Semantics;

/// <summary>
/// Binding of the properties that say how a service's container runs (probes, environment, service account,
/// command, volumes, a writable root filesystem): specs/language.md, "Running a service".
/// </summary>
internal sealed partial class Binder
{
    /// <summary>Properties whose entries may be phrases of several values (<c>probe http "/" port 80</c>).</summary>
    private static readonly string[] PhraseProperties = ["env", "liveness", "probe", "readiness", "volume"];

    /// <summary>Properties that take several comma-separated entries.</summary>
    private static readonly string[] ListProperties = ["args", "command", "env", "handles", "ports", "volume"];

    /// <summary>Properties that may be given more than once, their entries adding up.</summary>
    private static readonly string[] RepeatableProperties = ["env", "volume"];

    private ServiceRuntime BindRuntime(Dictionary<string, PropertySyntax> properties, Dictionary<string, List<PropertySyntax>> repeated, SourceText source)
    {
        ServiceProbe? readiness = null;
        ServiceProbe? liveness = null;
        if (properties.TryGetValue("probe", out var probe))
        {
            readiness = liveness = BindProbe(probe, source);
            foreach (var key in new[] { "readiness", "liveness" }.Where(properties.ContainsKey))
            {
                diagnostics.Add(DiagnosticCatalogue.InvalidProbe(Loc(source, properties[key].Key),
                    $"'probe' already sets both the readiness and the liveness probe, so '{key}' would contradict it"));
            }
        }
        else
        {
            readiness = properties.TryGetValue("readiness", out var r) ? BindProbe(r, source) : null;
            liveness = properties.TryGetValue("liveness", out var l) ? BindProbe(l, source) : null;
        }

        string? account = null;
        if (properties.TryGetValue("serviceaccount", out var accountProperty) && ExpectText(accountProperty.Values[0], source, "'serviceaccount'", allowName: true) is { } name)
        {
            account = name;
            CheckKubernetesName(name, Loc(source, accountProperty.Values[0]));
        }

        var writable = false;
        if (properties.TryGetValue("filesystem", out var filesystem))
        {
            var value = filesystem.Values[0];
            if (value is { Kind: ValueKind.Name, Text: "writable" or "readonly" })
            {
                writable = value.Text == "writable";
            }
            else
            {
                diagnostics.Add(DiagnosticCatalogue.WrongValueKind(Loc(source, value), "'filesystem'", "'readonly' or 'writable'", Describe(value)));
            }
        }

        return new ServiceRuntime(
            readiness,
            liveness,
            BindEnvironment(repeated.GetValueOrDefault("env") ?? [], source),
            account,
            Strings(properties.GetValueOrDefault("command"), "'command'", source),
            Strings(properties.GetValueOrDefault("args"), "'args'", source),
            BindVolumes(repeated.GetValueOrDefault("volume") ?? [], source),
            writable);
    }

    private ImmutableArray<string> Strings(PropertySyntax? property, string what, SourceText source) =>
        property is null ? [] : property.Values.Select(v => ExpectText(v, source, what, allowName: false)).OfType<string>().ToImmutableArray();

    private ServiceProbe? BindProbe(PropertySyntax property, SourceText source)
    {
        var words = property.Phrases[0];
        var kind = words[0];
        switch (kind)
        {
            case { Kind: ValueKind.Name, Text: "http" }:
                if (words.Length != 4 || words[1].Kind != ValueKind.String || !IsWord(words[2], "port"))
                {
                    diagnostics.Add(DiagnosticCatalogue.InvalidProbe(Loc(source, property.Key), "an HTTP probe needs a path and a port"));
                    return null;
                }
                if (!words[1].Text.StartsWith('/'))
                {
                    diagnostics.Add(DiagnosticCatalogue.InvalidProbe(Loc(source, words[1]), $"the path \"{words[1].Text}\" does not start with '/'"));
                    return null;
                }
                return ExpectInteger(words[3], source, "a probe's port", 1, 65535) is { } httpPort ? new ServiceProbe(ProbeKind.Http, words[1].Text, httpPort) : null;
            case { Kind: ValueKind.Name, Text: "tcp" }:
                if (words.Length != 3 || !IsWord(words[1], "port"))
                {
                    diagnostics.Add(DiagnosticCatalogue.InvalidProbe(Loc(source, property.Key), "a TCP probe needs a port and nothing else"));
                    return null;
                }
                return ExpectInteger(words[2], source, "a probe's port", 1, 65535) is { } tcpPort ? new ServiceProbe(ProbeKind.Tcp, null, tcpPort) : null;
            default:
                diagnostics.Add(DiagnosticCatalogue.InvalidProbe(Loc(source, kind), $"{Describe(kind)} is not a kind of probe (http or tcp)"));
                return null;
        }
    }

    private ImmutableArray<EnvironmentVariable> BindEnvironment(List<PropertySyntax> properties, SourceText source)
    {
        var result = new List<EnvironmentVariable>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var words in properties.SelectMany(p => p.Phrases))
        {
            var name = words[0];
            if (name.Kind is not (ValueKind.Name or ValueKind.String) || !EnvironmentName().IsMatch(name.Text))
            {
                diagnostics.Add(DiagnosticCatalogue.InvalidEnvironment(Loc(source, name), $"{Describe(name)} is not a variable name (letters, digits and '_', not starting with a digit)"));
                continue;
            }
            if (!seen.Add(name.Text))
            {
                diagnostics.Add(DiagnosticCatalogue.InvalidEnvironment(Loc(source, name), $"'{name.Text}' is set twice"));
                continue;
            }
            if (words.Length == 2 && words[1].Kind == ValueKind.String)
            {
                result.Add(new EnvironmentVariable(name.Text, words[1].Text, null, null));
            }
            else if (words.Length == 4 && IsWord(words[1], "secret") && words[2].Kind is ValueKind.String or ValueKind.Name && words[3].Kind is ValueKind.String or ValueKind.Name)
            {
                CheckKubernetesName(words[2].Text, Loc(source, words[2]));
                if (!SecretKey().IsMatch(words[3].Text))
                {
                    diagnostics.Add(DiagnosticCatalogue.InvalidEnvironment(Loc(source, words[3]), $"\"{words[3].Text}\" is not a Secret key (letters, digits, '-', '_' and '.')"));
                    continue;
                }
                result.Add(new EnvironmentVariable(name.Text, null, words[2].Text, words[3].Text));
            }
            else
            {
                diagnostics.Add(DiagnosticCatalogue.InvalidEnvironment(Loc(source, words.Length > 1 ? words[1] : name), $"'{name.Text}' needs a string value or a Secret reference"));
            }
        }
        return [.. result];
    }

    private ImmutableArray<ServiceVolume> BindVolumes(List<PropertySyntax> properties, SourceText source)
    {
        var result = new List<ServiceVolume>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var words in properties.SelectMany(p => p.Phrases))
        {
            VolumeKind? kind = null;
            ValueSyntax? sourceName = null;
            var at = 0;
            if (words.Length == 4 && IsWord(words[1], "emptydir"))
            {
                (kind, at) = (VolumeKind.EmptyDir, 2);
            }
            else if (words.Length == 5 && (IsWord(words[1], "secret") || IsWord(words[1], "configmap")))
            {
                (kind, sourceName, at) = (words[1].Text == "secret" ? VolumeKind.Secret : VolumeKind.ConfigMap, words[2], 3);
            }
            if (kind is null || words[0].Kind is not (ValueKind.Name or ValueKind.String) || !IsWord(words[at], "at") || words[at + 1].Kind != ValueKind.String
                || sourceName is { Kind: not (ValueKind.Name or ValueKind.String) })
            {
                diagnostics.Add(DiagnosticCatalogue.InvalidVolume(Loc(source, words.Length > 1 ? words[1] : words[0]), $"'{string.Join(" ", words.Select(w => w.Text))}' is not a volume"));
                continue;
            }
            var name = words[0].Text;
            var path = words[at + 1].Text;
            CheckKubernetesName(name, Loc(source, words[0]));
            if (sourceName is not null)
            {
                CheckKubernetesName(sourceName.Text, Loc(source, sourceName));
            }
            if (!path.StartsWith('/'))
            {
                diagnostics.Add(DiagnosticCatalogue.InvalidVolume(Loc(source, words[at + 1]), $"the mount path \"{path}\" is not absolute"));
                continue;
            }
            if (!names.Add(name) || !paths.Add(path))
            {
                diagnostics.Add(DiagnosticCatalogue.InvalidVolume(Loc(source, words[0]), $"volume '{name}' at \"{path}\" reuses a name or a mount path"));
                continue;
            }
            result.Add(new ServiceVolume(name, kind.Value, sourceName?.Text, path));
        }
        return [.. result];
    }

    private static bool IsWord(ValueSyntax value, string word) => value.Kind == ValueKind.Name && value.Text == word;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentName();

    [GeneratedRegex("^[-._a-zA-Z0-9]{1,253}$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretKey();
}
