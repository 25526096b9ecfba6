using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Privc.Diagnostics;
using Privc.Syntax;
using Privc.Text;

namespace Privc.Semantics;

/// <summary>
/// External endpoints (specs/language.md, "external"): parties outside the program, given by namespace and pod
/// labels or by CIDR blocks, that flows may name as source or target.
/// </summary>
internal sealed partial class Binder
{
    private static readonly string[] ExternalProperties = ["cidr", "clearance", "namespace", "pods"];

    // Words a user may reach for to name an endpoint by DNS name; each is refused with PRIV2039, never ignored.
    private static readonly string[] DnsProperties = ["dns", "domain", "fqdn", "host", "hostname"];

    private readonly Dictionary<string, ExternalEndpoint> externals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Flow> externalFlows = new(StringComparer.Ordinal);

    private void BindExternal(ExternalDeclSyntax item, SourceText source)
    {
        var name = item.Name.Text;
        var location = Loc(source, item.Name);
        if (externals.TryGetValue(name, out var existing))
        {
            diagnostics.Add(DiagnosticCatalogue.DuplicateDeclaration(location, "external endpoint", name, existing.Location));
            return;
        }
        if (services.TryGetValue(name, out var service))
        {
            // Flows name services and external endpoints alike, so the two share one namespace.
            diagnostics.Add(DiagnosticCatalogue.DuplicateDeclaration(location, "service or external endpoint", name, service.Location));
            return;
        }
        var properties = new Dictionary<string, PropertySyntax>(StringComparer.Ordinal);
        var errorsBefore = diagnostics.Count;
        foreach (var property in item.Properties)
        {
            var key = property.Key.Text;
            if (DnsProperties.Contains(key, StringComparer.Ordinal))
            {
                diagnostics.Add(DiagnosticCatalogue.DnsNameNotEnforceable(Loc(source, property.Key), name));
                continue;
            }
            if (!ExternalProperties.Contains(key, StringComparer.Ordinal))
            {
                var suggestion = Suggestions.Nearest(key, ExternalProperties);
                diagnostics.Add(DiagnosticCatalogue.InvalidExternal(Loc(source, property.Key),
                    $"external endpoints have no property '{key}'{(suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)")}"));
                continue;
            }
            if (!properties.TryAdd(key, property))
            {
                diagnostics.Add(DiagnosticCatalogue.DuplicateProperty(Loc(source, property.Key), key));
                continue;
            }
            if (key is "namespace" or "clearance" && property.Values.Length > 1)
            {
                diagnostics.Add(DiagnosticCatalogue.WrongValueKind(Loc(source, property.Values[1]), $"'{key}'", "one value", $"{property.Values.Length} values"));
            }
            if (key == "pods" && property.Selector is null)
            {
                // `pods 5;` is not a label test, so the parser read it as a plain property.
                diagnostics.Add(DiagnosticCatalogue.InvalidExternal(Loc(source, property.Key), "'pods' takes label tests such as `app == \"prometheus\"`"));
            }
        }

        string? ns = null;
        if (properties.TryGetValue("namespace", out var nsProperty) && ExpectText(nsProperty.Values[0], source, "'namespace'", allowName: true) is { } nsText)
        {
            ns = nsText;
            CheckKubernetesName(ns, Loc(source, nsProperty.Values[0]));
        }
        var pods = ImmutableArray<LabelRequirement>.Empty;
        if (properties.TryGetValue("pods", out var podsProperty) && podsProperty.Selector is { } selector)
        {
            pods = PodSelector(selector, source);
            if (!properties.ContainsKey("namespace"))
            {
                diagnostics.Add(DiagnosticCatalogue.InvalidExternal(Loc(source, podsProperty.Key),
                    $"external endpoint '{name}' selects pods without a namespace; say which namespace they run in (`namespace NS;`), as a pod selector alone would mean the namespace of each policy"));
            }
        }
        var cidrs = ImmutableArray<string>.Empty;
        if (properties.TryGetValue("cidr", out var cidrProperty))
        {
            cidrs = cidrProperty.Values.Select(v => Cidr(v, source)).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
            if (properties.ContainsKey("namespace") || properties.ContainsKey("pods"))
            {
                diagnostics.Add(DiagnosticCatalogue.InvalidExternal(Loc(source, cidrProperty.Key),
                    $"external endpoint '{name}' is given both by addresses and by namespace; declare two endpoints"));
            }
        }
        else if (!properties.ContainsKey("namespace") && diagnostics.Count == errorsBefore)
        {
            diagnostics.Add(DiagnosticCatalogue.InvalidExternal(location, $"external endpoint '{name}' says neither where its pods run nor its addresses"));
        }

        var (clearanceName, clearanceRank) = Clearance(properties, source);
        externals[name] = new ExternalEndpoint(name, cidrs.IsEmpty ? ns : null, pods, cidrs, clearanceName, clearanceRank, location);
    }

    /// <summary>
    /// A pod selector: the label tests a NetworkPolicy peer's podSelector can state, joined by <c>and</c>.
    /// <c>k == v</c> and <c>k in {...}</c> are <c>In</c>; <c>k != v</c> and <c>k not in {...}</c> are <c>NotIn</c>, which,
    /// as in Kubernetes, also admits pods without the label.
    /// </summary>
    private ImmutableArray<LabelRequirement> PodSelector(PredicateSyntax selector, SourceText source)
    {
        var requirements = ImmutableArray.CreateBuilder<LabelRequirement>();
        var pending = new Stack<PredicateSyntax>([selector]);
        var leaves = new List<PredicateSyntax>();
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (next is AndPredicateSyntax and)
            {
                pending.Push(and.Right);
                pending.Push(and.Left);
            }
            else
            {
                leaves.Add(next);
            }
        }
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var leaf in leaves)
        {
            (string Key, bool Negated, ImmutableArray<ValueSyntax> Values, TextSpan KeySpan)? test = leaf switch
            {
                ComparePredicateSyntax { Operator: ComparisonOperator.Equal or ComparisonOperator.NotEqual } c =>
                    (c.Attribute.Key, c.Operator == ComparisonOperator.NotEqual, [c.Value], c.Attribute.Span),
                InPredicateSyntax i => (i.Attribute.Key, i.Negated, i.Values, i.Attribute.Span),
                _ => null,
            };
            if (test is not { } t)
            {
                diagnostics.Add(DiagnosticCatalogue.InvalidExternal(Loc(source, leaf),
                    "a pod selector is label tests joined by `and`: `KEY == VALUE`, `KEY != VALUE`, `KEY in {V1, V2}` or `KEY not in {V1, V2}`, as a NetworkPolicy's label selector can state"));
                continue;
            }
            if (!LabelKey().IsMatch(t.Key) || t.Key.Length > 317)
            {
                diagnostics.Add(DiagnosticCatalogue.InvalidExternal(new SourceLocation(source, t.KeySpan), $"'{t.Key}' is not a Kubernetes label key"));
                continue;
            }
            if (!keys.Add(t.Key))
            {
                // Kubernetes keeps one matchLabels entry per key; one test per key also keeps the selector readable.
                diagnostics.Add(DiagnosticCatalogue.InvalidExternal(new SourceLocation(source, t.KeySpan), $"label '{t.Key}' is tested twice; use one test such as `{t.Key} in {{...}}`"));
                continue;
            }
            var values = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var value in t.Values)
            {
                if (value.Kind == ValueKind.Quantity || !LabelValue().IsMatch(value.Text))
                {
                    diagnostics.Add(DiagnosticCatalogue.InvalidExternal(Loc(source, value), $"{Describe(value)} is not a Kubernetes label value (at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)"));
                    continue;
                }
                values.Add(value.Text);
            }
            requirements.Add(new LabelRequirement(t.Key, t.Negated, values.ToImmutableArray()));
        }
        return requirements.OrderBy(r => r.Key, StringComparer.Ordinal).ThenBy(r => r.Negated).ToImmutableArray();
    }

    /// <summary>A CIDR block in canonical form; the address must be the block's first (no host bits), as written.</summary>
    private string? Cidr(ValueSyntax value, SourceText source)
    {
        if (value.Kind != ValueKind.String)
        {
            diagnostics.Add(DiagnosticCatalogue.WrongValueKind(Loc(source, value), "'cidr'", "a string such as \"203.0.113.0/24\"", Describe(value)));
            return null;
        }
        var text = value.Text;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            diagnostics.Add(DiagnosticCatalogue.InvalidCidr(Loc(source, value), text, "it has no prefix length; a single address is written A.B.C.D/32"));
            return null;
        }
        if (!IPAddress.TryParse(text[..slash], out var address) || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            || text[..slash].Contains('%', StringComparison.Ordinal))
        {
            diagnostics.Add(DiagnosticCatalogue.InvalidCidr(Loc(source, value), text, "the address is not an IPv4 or IPv6 address"));
            return null;
        }
        // IPAddress reads "010.0.0.1" as octal and "10.1" as 10.0.0.1; the API server reads neither so: only the canonical form is unambiguous.
        if (address.AddressFamily == AddressFamily.InterNetwork && address.ToString() != text[..slash])
        {
            diagnostics.Add(DiagnosticCatalogue.InvalidCidr(Loc(source, value), text, "write the address as four decimal numbers without leading zeros"));
            return null;
        }
        if (!IPNetwork.TryParse(text, out var network) || !network.BaseAddress.Equals(address))
        {
            var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
            var why = int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix) && prefix <= bits
                ? "the address has bits set beyond the prefix length; give the block's first address"
                : $"the prefix length is not a whole number from 0 to {bits}";
            diagnostics.Add(DiagnosticCatalogue.InvalidCidr(Loc(source, value), text, why));
            return null;
        }
        return network.ToString();
    }

    /// <summary>A service, or an external endpoint (null when the name is neither; reported).</summary>
    private (Service? Service, ExternalEndpoint? External) ResolveEndpoint(NameSyntax name, SourceText source)
    {
        if (services.TryGetValue(name.Text, out var service))
        {
            return (service, null);
        }
        if (externals.TryGetValue(name.Text, out var external))
        {
            return (null, external);
        }
        diagnostics.Add(DiagnosticCatalogue.UnknownService(Loc(source, name), name.Text, Suggestions.Nearest(name.Text, services.Keys.Concat(externals.Keys))));
        return (null, null);
    }

    /// <summary>The external endpoint a flow names, if any (a flow names at most one: PRIV2040).</summary>
    private ExternalEndpoint? ExternalOf(Flow flow) =>
        externals.TryGetValue(flow.Source, out var source) ? source : externals.GetValueOrDefault(flow.Target);

    private void WarnUnusedExternals()
    {
        // Every flow declaration counts, bound or not: a flow with an error still names the endpoint.
        var named = flowSyntax.Values.SelectMany(f => new[] { f.Syntax.Source.Text, f.Syntax.Target.Text }).ToHashSet(StringComparer.Ordinal);
        foreach (var external in externals.Values.Where(e => !named.Contains(e.Name)))
        {
            diagnostics.Add(DiagnosticCatalogue.UnusedExternal(external.Location, external.Name));
        }
    }

    /// <summary>PRIV2043: data a keep intent selects may not cross a flow to or from outside the topology undeclassified.</summary>
    private void CheckKeepAcrossExternals(string intent, SourceLocation location, IReadOnlySet<string> selected)
    {
        foreach (var flow in externalFlows.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            foreach (var carried in flow.Carries.Where(c => !c.Declassified && selected.Contains(c.Data)))
            {
                diagnostics.Add(DiagnosticCatalogue.KeepAcrossExternal(location, intent, carried.Data, flow.Name, ExternalOf(flow)!.Name));
            }
        }
    }

    // Kubernetes label keys (an optional DNS-subdomain prefix and '/') and values (apimachinery validation).
    [GeneratedRegex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex LabelKey();

    [GeneratedRegex("^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$")]
    private static partial Regex LabelValue();
}
