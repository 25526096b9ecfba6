using System.Collections.Immutable;
using k8s.Models;
using Privc.Checking;
using Privc.Semantics;
using static Privc.Artifacts.Kubernetes.KubernetesNames;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// Reads a NetworkPolicy peer as a declared external endpoint when it admits nothing beyond it (specs/check.md,
/// "External endpoints"): an ipBlock whose addresses, less its <c>except</c> blocks, lie within the endpoint's CIDR
/// blocks; or a selector peer that surely stays inside the endpoint's namespace and requires every one of its pod
/// label tests. The test is on what the peer is written to require, so it never needs a label privc does not know:
/// a peer it cannot show to be inside an endpoint stays a party outside the program (a W5 violation, as before).
/// Traffic a covered peer admits becomes allowed triples naming the endpoint, which the independent checker then
/// judges against the declared flows, ports included, like any other.
/// </summary>
internal sealed class ExternalPeerReader(BoundProgram program)
{
    private readonly ImmutableArray<(ExternalEndpoint Endpoint, ImmutableArray<IpRange> Blocks)> endpoints = program.Externals
        .Select(e => (e, e.Cidrs.Select(c => IpRange.TryParseCidr(c, out var r) ? r : default).Where(r => r != default).ToImmutableArray()))
        .ToImmutableArray();

    public bool Any => !endpoints.IsEmpty;

    /// <summary>
    /// The endpoint a peer of a rule stays inside, or null. When several contain it, one the pod's services have a
    /// declared flow with in the rule's direction is preferred: the peer is justified by either, and naming the one with
    /// a flow keeps the verdict from depending on declaration order.
    /// </summary>
    public ExternalEndpoint? Endpoint(PolicyRule rule, V1NetworkPolicyPeer peer, IReadOnlyCollection<string> services)
    {
        var candidates = endpoints.Where(e => Inside(rule, peer, e.Endpoint, e.Blocks)).Select(e => e.Endpoint).ToList();
        return candidates.FirstOrDefault(e => services.Any(s => HasFlow(s, e, rule.Egress))) ?? candidates.FirstOrDefault();
    }

    /// <summary>
    /// Whether a peer inside the endpoint also admits all of it: every address of its blocks, or every pod its tests
    /// admit. Only such a peer shows a declared flow allowed; one admitting part of the endpoint is justified by the
    /// flow but does not allow it.
    /// </summary>
    public bool Whole(V1NetworkPolicyPeer peer, ExternalEndpoint external)
    {
        if (peer.IpBlock is { } block)
        {
            var blocks = endpoints.First(e => e.Endpoint == external).Blocks;
            if (!IpRange.TryParseCidr(block.Cidr ?? string.Empty, out var cidr))
            {
                return false;
            }
            var excepts = (block.Except ?? []).Select(e => IpRange.TryParseCidr(e ?? string.Empty, out var x) ? x : default).Where(x => x != default).ToList();
            return blocks.All(b => cidr.Contains(b) && !excepts.Any(e => e.V6 == b.V6 && e.First <= b.Last && b.First <= e.Last));
        }
        var namespaceTerms = Terms(peer.NamespaceSelector).All(t => t.Key == NamespaceNameLabel && t.Operator == "In" && t.Values.Contains(external.Namespace!));
        return namespaceTerms && Terms(peer.PodSelector).All(t => Implied(external.Pods, t));
    }

    /// <summary>Endpoints the services have a declared flow with in a direction (egress: to it; ingress: from it).</summary>
    public IEnumerable<ExternalEndpoint> WithFlows(IReadOnlyCollection<string> services, bool egress) =>
        endpoints.Select(e => e.Endpoint).Where(e => services.Any(s => HasFlow(s, e, egress)));

    /// <summary>
    /// The ports of a rule as the triples' ports: a single TCP port is itself; no ports, a range, a named port or another
    /// protocol is read as every port (null), which only a declared flow without a port justifies.
    /// </summary>
    public static IEnumerable<int?> Ports(PolicyRule rule)
    {
        if (rule.Ports.Count == 0)
        {
            yield return null;
            yield break;
        }
        foreach (var entry in rule.Ports)
        {
            var number = PolicyEvaluator.Number(entry.Port);
            var single = (entry.Protocol ?? "TCP") == "TCP" && number is not null && (entry.EndPort is null || entry.EndPort == number);
            yield return single ? number : null;
        }
    }

    public static AllowedFlow Triple(string service, ExternalEndpoint external, bool egress, int? port) =>
        egress ? new AllowedFlow(service, external.Name, port) : new AllowedFlow(external.Name, service, port);

    private bool HasFlow(string service, ExternalEndpoint external, bool egress) =>
        program.ExternalFlows.Any(f => egress ? f.Source == service && f.Target == external.Name : f.Source == external.Name && f.Target == service);

    private static bool Inside(PolicyRule rule, V1NetworkPolicyPeer peer, ExternalEndpoint external, ImmutableArray<IpRange> blocks)
    {
        if (peer.IpBlock is { } block)
        {
            if (!external.ByAddress || !IpRange.TryParseCidr(block.Cidr ?? string.Empty, out var cidr))
            {
                return false;
            }
            var excepts = (block.Except ?? []).Select(e => IpRange.TryParseCidr(e ?? string.Empty, out var x) ? x : default).Where(x => x != default);
            // Inside when nothing of the block is left once its own excepts and the endpoint's blocks are taken out.
            return !IpRange.AnyLeft(cidr, excepts.Concat(blocks));
        }
        if (external.ByAddress)
        {
            return false;
        }
        var inNamespace = peer.NamespaceSelector is null
            ? rule.Policy.Namespace == external.Namespace
            : Requires(peer.NamespaceSelector, new LabelRequirement(NamespaceNameLabel, false, [external.Namespace!]));
        return inNamespace && external.Pods.All(r => Requires(peer.PodSelector, r));
    }

    /// <summary>A selector's terms: each matchLabels entry as <c>In</c> with one value, then its expressions.</summary>
    private static IEnumerable<(string Key, string Operator, List<string> Values)> Terms(V1LabelSelector? selector) =>
        (selector?.MatchLabels ?? new Dictionary<string, string>()).Select(p => (p.Key, "In", new List<string> { p.Value ?? string.Empty }))
            .Concat((selector?.MatchExpressions ?? []).Select(e => (e.Key ?? string.Empty, e.OperatorProperty ?? string.Empty, (e.Values ?? []).Select(v => v ?? string.Empty).ToList())));

    /// <summary>Whether every pod satisfying all the endpoint's tests satisfies the term.</summary>
    private static bool Implied(IEnumerable<LabelRequirement> requirements, (string Key, string Operator, List<string> Values) term) =>
        requirements.Where(r => r.Key == term.Key).Any(r => (term.Operator, r.Negated) switch
        {
            ("In", false) => r.Values.All(term.Values.Contains),
            ("Exists", false) => true,
            ("NotIn", false) => !r.Values.Any(term.Values.Contains),
            ("NotIn", true) => term.Values.All(r.Values.Contains),
            _ => false,
        });

    /// <summary>Whether every object a label selector admits satisfies the requirement, judged from the selector's own terms.</summary>
    private static bool Requires(V1LabelSelector? selector, LabelRequirement requirement)
    {
        if (selector is null)
        {
            return false;
        }
        var wanted = requirement.Values.ToHashSet(StringComparer.Ordinal);
        if (selector.MatchLabels?.TryGetValue(requirement.Key, out var value) == true)
        {
            if (wanted.Contains(value ?? string.Empty) != requirement.Negated)
            {
                return true;
            }
        }
        foreach (var expression in (selector.MatchExpressions ?? []).Where(e => e.Key == requirement.Key))
        {
            var values = (expression.Values ?? []).Select(v => v ?? string.Empty).ToList();
            var holds = (expression.OperatorProperty, requirement.Negated) switch
            {
                ("In", false) => values.Count > 0 && values.All(wanted.Contains),
                ("In", true) => values.Count > 0 && !values.Any(wanted.Contains),
                ("NotIn", true) => wanted.All(values.Contains),
                ("DoesNotExist", true) => true,
                _ => false,
            };
            if (holds)
            {
                return true;
            }
        }
        return false;
    }
}
