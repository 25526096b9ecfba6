using System.Collections.Immutable;
using Privc.Text;

namespace Privc.Semantics;

/// <summary>
/// One label test of an external endpoint's pod selector: the label <see cref="Key"/> has one of
/// <see cref="Values"/> (<c>app == "prometheus"</c>, <c>app in {a, b}</c>) or, when <see cref="Negated"/>, none of
/// them. It is a Kubernetes label selector requirement (<c>In</c>, <c>NotIn</c>), which is all a NetworkPolicy peer
/// can say about pods outside the program.
/// </summary>
public sealed record LabelRequirement(string Key, bool Negated, ImmutableArray<string> Values);

/// <summary>
/// A party outside the program that declared flows may name (specs/language.md, "external"): pods of another
/// namespace, optionally narrowed by labels (an ingress controller, a Prometheus scraper), or addresses outside the
/// cluster given as CIDR blocks (a payment gateway). privc neither places nor routes it: it only allows the declared
/// flows to and from it, and data-flow typing bounds what may reach it by <see cref="Clearance"/>.
/// </summary>
/// <param name="Name">The name flows use for it; unique among services and external endpoints.</param>
/// <param name="Namespace">The namespace of the pods, or null for an endpoint given by addresses.</param>
/// <param name="Pods">Label tests the pods satisfy, all of them (empty: every pod of the namespace).</param>
/// <param name="Cidrs">Canonical CIDR blocks, sorted; empty for an endpoint given by namespace.</param>
/// <param name="Clearance">The most sensitive level data may have on a flow to it (default: the lowest level).</param>
/// <param name="ClearanceRank">The clearance's position in the lattice.</param>
/// <param name="Location">Its name in the declaration.</param>
public sealed record ExternalEndpoint(
    string Name,
    string? Namespace,
    ImmutableArray<LabelRequirement> Pods,
    ImmutableArray<string> Cidrs,
    string Clearance,
    int ClearanceRank,
    SourceLocation Location)
{
    public bool ByAddress => Namespace is null;
}
