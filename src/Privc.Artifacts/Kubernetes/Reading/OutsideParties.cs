using System.Collections.Immutable;
using k8s.Models;
using Privc.Checking;
using Privc.Semantics;
using Privc.Text;
using static Privc.Artifacts.Kubernetes.KubernetesNames;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// W5 beyond the program's own services (specs/check.md, "Isolation"): a program service must exchange traffic
/// with nothing but the services its declared flows name. So a policy that lets a program pod talk to any address
/// (a rule without peers, or a pod no policy restricts), to an ipBlock (privc knows no address: a block stands for
/// whatever may hold its addresses, 0.0.0.0/0 for everything), or to pods a selector admits without requiring a
/// program service's label, allows an undeclared flow, and so does any UDP or SCTP allowance between program
/// services (declared flows are TCP; only a declared flow without a port allows every protocol). The one exception is
/// the cluster DNS privc's own manifests allow: egress to pods labelled k8s-app=kube-dns in kube-system on port 53.
/// </summary>
internal sealed class OutsideParties(PolicyEvaluator evaluator, BoundProgram program)
{
    private const string DnsNamespace = "kube-system";
    private const string DnsLabelKey = "k8s-app";
    private const string DnsLabelValue = "kube-dns";

    private readonly HashSet<string> services = program.Services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
    private readonly ExternalPeerReader externals = new(program);

    /// <summary>Traffic with declared external endpoints that the policies surely allow, each with the rule or workload allowing it.</summary>
    public List<(AllowedFlow Flow, SourceLocation At)> ExternalAllowed { get; } = [];

    /// <summary>Traffic with declared external endpoints allowed only under some reading of unknown labels.</summary>
    public List<AllowedFlow> ExternalPossiblyAllowed { get; } = [];

    // Triples some peer allows with the whole of its endpoint; the others reach only part of it (ExternalPeerReader.Whole).
    private readonly HashSet<AllowedFlow> wholeEndpoint = [];

    public List<ReaderFinding> Judge()
    {
        var findings = new List<ReaderFinding>();
        foreach (var pod in evaluator.Pods.Where(p => p.IsProgram))
        {
            foreach (var egress in new[] { false, true })
            {
                Direction(pod, egress, findings);
            }
        }
        NonTcp(findings);
        PartlyAllowed(findings);
        return findings;
    }

    /// <summary>
    /// W5's first half for external flows: a declared flow whose triple the policies allow only with part of the
    /// endpoint (a narrower block, a narrower pod selector) is not allowed. The checker sees the triple as allowed (it
    /// must still be justified), so the reader reports it.
    /// </summary>
    private void PartlyAllowed(List<ReaderFinding> findings)
    {
        foreach (var flow in program.ExternalFlows)
        {
            var partial = ExternalAllowed.Where(a => a.Flow.Source == flow.Source && a.Flow.Target == flow.Target && (a.Flow.Port is null || a.Flow.Port == flow.Port)).ToList();
            var whole = wholeEndpoint.Any(a => a.Source == flow.Source && a.Target == flow.Target && (a.Port is null || a.Port == flow.Port));
            if (partial.Count > 0 && !whole)
            {
                var port = flow.Port is { } p ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "*";
                findings.Add(new ReaderFinding(
                    new Violation(StructuralCondition.Isolation, ViolationKind.FlowNotAllowed,
                        $"declared flow '{flow.Name}' ({flow.Source} -> {flow.Target} on {port}) is allowed only with part of external endpoint '{(program.External(flow.Source) ?? program.External(flow.Target))!.Name}'",
                        new Witness { Flow = flow.Name, Service = flow.Source, OtherService = flow.Target, Port = port }),
                    [.. partial.Select(a => a.At).Distinct().Order()]));
            }
        }
    }

    private void Direction(Workload pod, bool egress, List<ReaderFinding> findings)
    {
        var verb = egress ? "send traffic to" : "receive traffic from";
        var selecting = new List<(Policy Policy, Tri Selects)>();
        var isolated = evaluator.Judge(() =>
        {
            var result = Tri.False;
            foreach (var policy in evaluator.Policies.Where(p => p.Namespace == pod.Namespace && p.Restricts(egress)))
            {
                var selects = evaluator.Selects(policy, pod);
                if (selects != Tri.False)
                {
                    selecting.Add((policy, selects));
                }
                result = result.Or(selects);
            }
            return result;
        });
        if (isolated == Tri.False)
        {
            // Unrestricted: every external endpoint is reachable too, on every port.
            foreach (var external in externals.WithFlows(pod.Services, egress))
            {
                foreach (var service in pod.Services)
                {
                    var flow = ExternalPeerReader.Triple(service, external, egress, null);
                    ExternalAllowed.Add((flow, pod.Object.Location));
                    wholeEndpoint.Add(flow);
                }
            }
            Report(findings, pod, $"no NetworkPolicy restricts the {(egress ? "egress" : "ingress")} of {pod.Display}, so service(s) {Services(pod)} may {verb} any pod and any address",
                "any address", "*", [pod.Object.Location]);
            return;
        }
        foreach (var (policy, selects) in selecting)
        {
            foreach (var rule in policy.Rules(egress))
            {
                Externals(pod, rule, selects);
                foreach (var (party, at) in Parties(rule, pod))
                {
                    if (selects == Tri.True)
                    {
                        Report(findings, pod, $"{rule.Display} lets service(s) {Services(pod)} ({pod.Display}) {verb} {party} on {rule.PortsText}; no declared flow covers that",
                            party, rule.PortsText, [at]);
                    }
                    else
                    {
                        evaluator.Uncertain.Add((policy.Object.At("spec", "podSelector"), $"whether {policy.Display} selects {pod.Display} decides whether its pods may {verb} {party}"));
                    }
                }
            }
        }
    }

    /// <summary>
    /// The traffic a rule of a policy that may select the pod allows with declared external endpoints: a peer inside an
    /// endpoint, or a rule without peers (which admits every endpoint). Surely allowed when the policy surely selects
    /// the pod, possibly allowed otherwise.
    /// </summary>
    private void Externals(Workload pod, PolicyRule rule, Tri selects)
    {
        if (!externals.Any)
        {
            return;
        }
        var reached = new List<(ExternalEndpoint Endpoint, bool Whole, SourceLocation At)>();
        if (rule.Peers.Count == 0)
        {
            reached.AddRange(externals.WithFlows(pod.Services, rule.Egress).Select(e => (e, true, rule.Location)));
        }
        for (var i = 0; i < rule.Peers.Count; i++)
        {
            if (externals.Endpoint(rule, rule.Peers[i], pod.Services) is { } external)
            {
                reached.Add((external, externals.Whole(rule.Peers[i], external), rule.Policy.Object.At("spec", rule.Egress ? "egress" : "ingress", rule.Index, rule.Egress ? "to" : "from", i)));
            }
        }
        foreach (var (external, whole, at) in reached)
        {
            foreach (var service in pod.Services)
            {
                foreach (var port in ExternalPeerReader.Ports(rule).Distinct())
                {
                    var flow = ExternalPeerReader.Triple(service, external, rule.Egress, port);
                    if (selects == Tri.True)
                    {
                        ExternalAllowed.Add((flow, at));
                        if (whole)
                        {
                            wholeEndpoint.Add(flow);
                        }
                    }
                    else
                    {
                        ExternalPossiblyAllowed.Add(flow);
                    }
                }
            }
        }
    }

    /// <summary>The parties outside the program a rule admits, each with where the rule (or peer) is written; peers inside a declared external endpoint are not among them.</summary>
    private IEnumerable<(string Party, SourceLocation At)> Parties(PolicyRule rule, Workload pod)
    {
        var peersPath = rule.Egress ? "to" : "from";
        if (rule.Peers.Count == 0)
        {
            yield return ("any pod and any address (the rule names no peer)", rule.Location);
            yield break;
        }
        for (var i = 0; i < rule.Peers.Count; i++)
        {
            var peer = rule.Peers[i];
            var at = rule.Policy.Object.At("spec", rule.Egress ? "egress" : "ingress", rule.Index, peersPath, i);
            if (externals.Any && externals.Endpoint(rule, peer, pod.Services) is not null)
            {
                continue; // judged as traffic with the endpoint (Externals)
            }
            if (peer.IpBlock is { } block)
            {
                if (IpRange.TryParseCidr(block.Cidr ?? string.Empty, out var cidr)
                    && IpRange.AnyLeft(cidr, (block.Except ?? []).Select(e => IpRange.TryParseCidr(e ?? string.Empty, out var x) ? x : default).Where(x => x != default)))
                {
                    var except = block.Except is { Count: > 0 } ex ? $" except {string.Join(", ", ex)}" : string.Empty;
                    yield return ($"the addresses of ipBlock {block.Cidr}{except} (privc knows no pod or outside address, so a block stands for whatever may hold its addresses)", at);
                }
                continue;
            }
            if (rule.Egress && IsClusterDns(peer) && DnsPortsOnly(rule.Ports))
            {
                continue;
            }
            if (!RequiresProgramLabel(peer.PodSelector))
            {
                var where = peer.NamespaceSelector is null ? $"namespace '{rule.Policy.Namespace}'" : "the namespaces its namespaceSelector admits";
                var examples = evaluator.Pods.Where(p => !p.IsProgram && evaluator.Peer(rule, i, peer, p) == Tri.True).Take(3).Select(p => p.DisplayAt).ToList();
                var example = examples.Count > 0 ? $", such as {string.Join(", ", examples)}" : string.Empty;
                yield return ($"pods of {where} that run no program service{example}", at);
            }
        }
    }

    /// <summary>A pod selector that only admits pods carrying a program service's name in one of the service labels.</summary>
    private bool RequiresProgramLabel(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return false;
        }
        var byLabels = (selector.MatchLabels ?? new Dictionary<string, string>())
            .Any(p => WorkloadReader.ClaimKeys.Contains(p.Key) && services.Contains(p.Value ?? string.Empty));
        var byExpressions = (selector.MatchExpressions ?? []).Any(e =>
            e.OperatorProperty == "In" && WorkloadReader.ClaimKeys.Contains(e.Key ?? string.Empty)
            && (e.Values ?? []).Count > 0 && (e.Values ?? []).All(v => services.Contains(v ?? string.Empty)));
        return byLabels || byExpressions;
    }

    private static bool IsClusterDns(V1NetworkPolicyPeer peer) =>
        peer.IpBlock is null
        && Requires(peer.NamespaceSelector, NamespaceNameLabel, DnsNamespace)
        && Requires(peer.PodSelector, DnsLabelKey, DnsLabelValue);

    private static bool Requires(V1LabelSelector? selector, string key, string value) =>
        selector is not null
        && ((selector.MatchLabels?.TryGetValue(key, out var v) == true && v == value)
            || (selector.MatchExpressions ?? []).Any(e => e.Key == key && e.OperatorProperty == "In" && e.Values is { Count: 1 } values && values[0] == value));

    private static bool DnsPortsOnly(IList<V1NetworkPolicyPort> ports) =>
        ports.Count > 0 && ports.All(p => p.EndPort is null && PolicyEvaluator.Number(p.Port) == 53 && (p.Protocol ?? "TCP") is "TCP" or "UDP");

    /// <summary>UDP and SCTP allowances between program services, unless a declared flow without a port covers the pair.</summary>
    private void NonTcp(List<ReaderFinding> findings)
    {
        var programPods = evaluator.Pods.Where(p => p.IsProgram).ToList();
        var allPorts = program.Flows.Where(f => f.Port is null).Select(f => (f.Source, f.Target)).ToHashSet();
        // The ports asked about depend on the protocol only: computed once, not per pair (per pair, reading back grew
        // with the cube of the number of services).
        var askedPorts = new[] { "UDP", "SCTP" }.ToDictionary(protocol => protocol, protocol => Ports(protocol).Cast<int?>().Prepend(null).ToList(), StringComparer.Ordinal);
        foreach (var source in programPods)
        {
            foreach (var target in programPods.Where(t => !ReferenceEquals(t, source)))
            {
                var pairs = source.Services.SelectMany(a => target.Services.Where(b => b != a).Select(b => (a, b)))
                    .Where(p => !allPorts.Contains((p.a, p.b))).ToList();
                if (pairs.Count == 0 || evaluator.SurelyClosed(source, target) || evaluator.Allows(source, target, "TCP", null) == Tri.True)
                {
                    continue; // every TCP port is open already: the checker reports that pair as a whole
                }
                foreach (var protocol in new[] { "UDP", "SCTP" })
                {
                    var ports = askedPorts[protocol];
                    var open = ports.Select(p => (Port: p, Verdict: evaluator.Judge(() => evaluator.Allows(source, target, protocol, p)))).ToList();
                    var sure = open.Where(o => o.Verdict == Tri.True).ToList();
                    if (sure.Count == 0)
                    {
                        continue;
                    }
                    var portText = sure.Any(s => s.Port is null) ? "*" : string.Join(", ", sure.Select(s => s.Port!.Value));
                    foreach (var (a, b) in pairs)
                    {
                        findings.Add(new ReaderFinding(
                            new Violation(StructuralCondition.Isolation, ViolationKind.UndeclaredFlowAllowed,
                                $"the NetworkPolicies allow {protocol} from '{a}' ({source.Display}) to '{b}' ({target.Display}) on port(s) {portText}; declared flows are TCP, so no declared flow covers it",
                                new Witness { Service = a, OtherService = b, Port = $"{portText}/{protocol}" }),
                            [.. RulesFor(source, target, protocol).Distinct()]));
                    }
                }
            }
        }
    }

    /// <summary>The rules of the source's egress and the target's ingress policies that admit the other side on the protocol.</summary>
    private IEnumerable<SourceLocation> RulesFor(Workload source, Workload target, string protocol)
    {
        foreach (var (subject, peer, egress) in new[] { (source, target, true), (target, source, false) })
        {
            foreach (var policy in evaluator.Policies.Where(p => p.Namespace == subject.Namespace && p.Restricts(egress) && subject.PodLabels.Matches(p.Spec.PodSelector) != Tri.False))
            {
                foreach (var rule in policy.Rules(egress))
                {
                    var peers = rule.Peers.Count == 0 || rule.Peers.Select((p, i) => evaluator.Peer(rule, i, p, peer)).Any(t => t != Tri.False);
                    if (peers && (rule.Ports.Count == 0 || rule.Ports.Any(e => e.Protocol == protocol)))
                    {
                        yield return rule.Location;
                    }
                }
            }
        }
    }

    private SortedSet<int> Ports(string protocol)
    {
        var ports = new SortedSet<int> { PolicyEvaluator.MinPort, PolicyEvaluator.MaxPort };
        foreach (var entry in evaluator.Policies.SelectMany(p => p.Rules(true).Concat(p.Rules(false))).SelectMany(r => r.Ports).Where(e => e.Protocol == protocol))
        {
            if (PolicyEvaluator.Number(entry.Port) is { } number)
            {
                ports.Add(number);
            }
            if (entry.EndPort is { } end)
            {
                ports.Add(end);
            }
        }
        foreach (var port in evaluator.Pods.SelectMany(PolicyEvaluator.ContainerPorts).Where(p => p.Protocol == protocol))
        {
            ports.Add(port.Number);
        }
        return ports;
    }

    private static string Services(Workload pod) => string.Join(", ", pod.Services.Select(s => $"'{s}'"));

    private static void Report(List<ReaderFinding> findings, Workload pod, string message, string party, string ports, ImmutableArray<SourceLocation> at)
    {
        foreach (var service in pod.Services)
        {
            findings.Add(new ReaderFinding(
                new Violation(StructuralCondition.Isolation, ViolationKind.UndeclaredFlowAllowed, message,
                    new Witness { Service = service, OtherService = party.Split(" (", 2)[0], Port = ports }),
                at));
        }
    }
}
