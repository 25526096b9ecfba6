using System.Collections.Immutable;
using System.Globalization;
using Privc.Checking;
using Privc.Semantics;
using Privc.Text;
using k8s.Models;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// The flows NetworkPolicies allow among the pods the manifests run (Kubernetes' semantics: a pod no policy of a
/// direction selects is unrestricted in that direction; otherwise some rule of a selecting policy must admit the
/// peer and the port, and a flow needs the source's egress and the target's ingress). Every answer is
/// three-valued: a selector on a label whose value a controller chooses (pod-template-hash), or a namespace label no
/// Namespace object gives, is unknown, and so is whether policies apply to a hostNetwork pod (undefined by
/// Kubernetes: the network plugin decides). <see cref="Allowed"/> holds what is surely allowed among program
/// services on TCP; <see cref="PossiblyAllowed"/> what only may be. Allowances with parties outside the program
/// and on UDP or SCTP are judged by <see cref="OutsideParties"/>.
/// </summary>
internal sealed class PolicyEvaluator
{
    public const int MinPort = 1;
    public const int MaxPort = 65535;

    private readonly BoundProgram program;
    private readonly List<Workload> pods;
    private readonly List<Policy> policies;
    private readonly ClusterFacts facts;
    private readonly bool skipClosedPairs;

    private readonly Dictionary<Workload, List<Policy>> egressPolicies = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Workload, List<Policy>> ingressPolicies = new(ReferenceEqualityComparer.Instance);

    /// <summary>Why answers were unknown: where, and what privc did not know.</summary>
    private List<(SourceLocation At, string Why)>? causes;

    public PolicyEvaluator(BoundProgram program, IEnumerable<Workload> pods, IEnumerable<Policy> policies, ClusterFacts facts, bool skipClosedPairs = true)
    {
        this.skipClosedPairs = skipClosedPairs;
        this.program = program;
        this.pods = pods.OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Kind, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        this.policies = policies.ToList();
        this.facts = facts;
        flowsFrom = program.Flows.ToLookup(f => f.Source, StringComparer.Ordinal);
    }

    /// <summary>The program's flows by source service (asked per pod pair: scanning every flow made it cubic).</summary>
    private readonly ILookup<string, Flow> flowsFrom;

    public ImmutableArray<AllowedFlow> Allowed { get; private set; } = [];

    public ImmutableArray<AllowedFlow> PossiblyAllowed { get; private set; } = [];

    /// <summary>For every surely allowed flow, the rules (or unrestricted workloads) that allow it, in both directions.</summary>
    public Dictionary<AllowedFlow, SortedSet<SourceLocation>> Evidence { get; } = new();

    /// <summary>Every place an unknown fact decided a flow, with what privc did not know.</summary>
    public SortedSet<(SourceLocation At, string Why)> Uncertain { get; } = new(Comparer<(SourceLocation At, string Why)>.Create((a, b) =>
    {
        var byAt = a.At.CompareTo(b.At);
        return byAt != 0 ? byAt : string.CompareOrdinal(a.Why, b.Why);
    }));

    public IReadOnlyList<Workload> Pods => pods;

    public IReadOnlyList<Policy> Policies => policies;

    /// <summary>Computes the allowed flows among program services on TCP.</summary>
    public void Evaluate()
    {
        var sure = new SortedSet<AllowedFlow>(FlowOrder.Instance);
        var possible = new SortedSet<AllowedFlow>(FlowOrder.Instance);
        foreach (var source in pods.Where(p => p.IsProgram))
        {
            foreach (var target in pods.Where(p => p.IsProgram && !ReferenceEquals(p, source)))
            {
                var pairs = source.Services.SelectMany(a => target.Services.Where(b => b != a).Select(b => (a, b))).ToList();
                if (pairs.Count == 0 || SurelyClosed(source, target))
                {
                    continue;
                }
                foreach (int? port in CandidatePorts(source, target).Cast<int?>().Prepend(null))
                {
                    var verdict = Judge(() => Allows(source, target, "TCP", port));
                    foreach (var (a, b) in pairs)
                    {
                        var flow = new AllowedFlow(a, b, port);
                        if (verdict == Tri.True)
                        {
                            sure.Add(flow);
                            Record(flow, source, target, "TCP", port);
                        }
                        else if (verdict == Tri.Unknown)
                        {
                            possible.Add(flow);
                        }
                    }
                    if (port is null && verdict == Tri.True)
                    {
                        break; // every port is allowed; the numbered ones add nothing
                    }
                }
            }
        }
        possible.ExceptWith(sure);
        // (a, b, *) allowed makes every numbered triple of the pair redundant.
        var sureAll = sure.Where(f => f.Port is null).ToHashSet();
        var possibleAll = possible.Where(f => f.Port is null).ToHashSet();
        Allowed = [.. sure.Where(f => f.Port is null || !sureAll.Contains(f with { Port = null }))];
        PossiblyAllowed = [.. possible.Where(f => !sureAll.Contains(f with { Port = null }) && (f.Port is null || !possibleAll.Contains(f with { Port = null })))];
    }

    /// <summary>Evaluates one question, keeping the causes of an unknown answer.</summary>
    internal Tri Judge(Func<Tri> question)
    {
        causes = [];
        var answer = question();
        if (answer == Tri.Unknown)
        {
            foreach (var cause in causes)
            {
                Uncertain.Add(cause);
            }
        }
        causes = null;
        return answer;
    }

    private void Cause(SourceLocation at, string why) => causes?.Add((at, why));

    /// <summary>
    /// Ports worth asking about: the allowed set is a union of intervals whose ends are ports the rules name, so if
    /// it holds a port no declared flow uses, it holds a rule's end, or the port next to a declared one.
    /// </summary>
    private SortedSet<int> CandidatePorts(Workload source, Workload target)
    {
        var ports = new SortedSet<int> { MinPort, MaxPort };
        var declared = source.Services.SelectMany(s => flowsFrom[s]).Where(f => target.Services.Contains(f.Target) && f.Port is not null).Select(f => f.Port!.Value)
            .Concat(ContainerPorts(target).Select(p => p.Number));
        foreach (var port in declared)
        {
            ports.Add(port);
            ports.Add(port - 1);
            ports.Add(port + 1);
        }
        // Only rules of policies that may select the source (egress) or the target (ingress) bound the pair's allowed
        // set: Direction skips every other policy, so their ports are no interval ends of it (specs/check.md,
        // "NetworkPolicy ports"). Asking every policy's ports made the self-check grow with services cubed.
        var rules = Relevant(source, egress: true).SelectMany(p => p.Rules(true)).Concat(Relevant(target, egress: false).SelectMany(p => p.Rules(false)));
        foreach (var entry in rules.SelectMany(r => r.Ports))
        {
            if (Number(entry.Port) is { } number)
            {
                ports.Add(number);
            }
            if (entry.EndPort is { } end)
            {
                ports.Add(end);
            }
        }
        ports.RemoveWhere(p => p < MinPort || p > MaxPort);
        return ports;
    }

    /// <summary>
    /// Whether the pair is closed on every protocol and port, whatever the rules' ports say: one side is surely
    /// isolated in its direction and no rule of a policy that may select it admits the other side as a peer. Then
    /// <see cref="Direction"/> is False for every protocol and port (isolated is True, admitted is False because every
    /// rule's peers are), so skipping the pair changes no answer and records no cause (a False answer keeps none).
    /// Port-independent, it spares the quadratic pair loops the ports asked about (specs/check.md section 8).
    /// </summary>
    internal bool SurelyClosed(Workload source, Workload target) =>
        skipClosedPairs && (Closed(source, target, egress: true) || Closed(source, target, egress: false));

    private bool Closed(Workload source, Workload target, bool egress)
    {
        var subject = egress ? source : target;
        var peer = egress ? target : source;
        if (subject.Spec.HostNetwork == true)
        {
            return false; // Direction answers Unknown for such a pod rather than False
        }
        var saved = causes;
        causes = null; // a pre-filter is no question: causes are recorded when Direction asks
        try
        {
            var isolated = Tri.False;
            foreach (var policy in Relevant(subject, egress))
            {
                var selects = subject.PodLabels.Matches(policy.Spec.PodSelector);
                isolated = isolated.Or(selects);
                if (selects != Tri.False && policy.Rules(egress).Any(rule => Peers(rule, peer) != Tri.False))
                {
                    return false;
                }
            }
            return isolated == Tri.True;
        }
        finally
        {
            causes = saved;
        }
    }

    public Tri Allows(Workload source, Workload target, string protocol, int? port) =>
        Direction(source, target, protocol, port, egress: true).And(Direction(source, target, protocol, port, egress: false));

    private Tri Direction(Workload source, Workload target, string protocol, int? port, bool egress)
    {
        var subject = egress ? source : target;
        var peer = egress ? target : source;
        var isolated = Tri.False;
        var admitted = Tri.False;
        foreach (var policy in Relevant(subject, egress))
        {
            var selects = Selects(policy, subject);
            if (selects == Tri.False)
            {
                continue;
            }
            isolated = isolated.Or(selects);
            admitted = admitted.Or(selects.And(policy.Rules(egress).Any(rule =>
                Peers(rule, peer).And(PortsAdmit(rule.Ports, target, protocol, port)))));
        }
        var allowed = isolated.Not().Or(admitted);
        if (subject.Spec.HostNetwork == true && allowed != Tri.True)
        {
            // Kubernetes leaves NetworkPolicy on hostNetwork pods undefined: a plugin may not apply it at all.
            Cause(subject.At("spec", "hostNetwork"), $"{subject.Display} uses the host's network, and whether NetworkPolicies apply to it depends on the network plugin");
            return Tri.Unknown;
        }
        return allowed;
    }

    /// <summary>
    /// The policies of a direction that may select the pod (in its namespace, restricting that direction, selecting it
    /// or unknown), in declaration order; computed once per pod and direction. Direction still asks Selects of each,
    /// so an unknown answer keeps its cause.
    /// </summary>
    private List<Policy> Relevant(Workload subject, bool egress)
    {
        var cache = egress ? egressPolicies : ingressPolicies;
        if (!cache.TryGetValue(subject, out var relevant))
        {
            var saved = causes;
            causes = null; // a cache fill is no question: causes are recorded when Direction asks
            relevant = [.. policies.Where(p => p.Namespace == subject.Namespace && p.Restricts(egress) && Selects(p, subject) != Tri.False)];
            causes = saved;
            cache[subject] = relevant;
        }
        return relevant;
    }

    public Tri Selects(Policy policy, Workload pod)
    {
        var selects = pod.PodLabels.Matches(policy.Spec.PodSelector);
        if (selects == Tri.Unknown)
        {
            Cause(policy.Object.At("spec", "podSelector"), UnknownLabels(policy.Spec.PodSelector, pod));
        }
        return selects;
    }

    /// <summary>No peers admit every pod; otherwise some peer must (namespace and pod selectors; an ipBlock admits no pod by selector).</summary>
    private Tri Peers(PolicyRule rule, Workload peer)
    {
        if (rule.Peers.Count == 0)
        {
            return Tri.True;
        }
        return rule.Peers.Select((p, i) => (p, i)).Any(item => Peer(rule, item.i, item.p, peer));
    }

    public Tri Peer(PolicyRule rule, int index, V1NetworkPolicyPeer p, Workload peer)
    {
        if (p.IpBlock is not null || (p.PodSelector is null && p.NamespaceSelector is null))
        {
            return Tri.False; // an ipBlock is judged as a party outside the program (OutsideParties)
        }
        // Where the peer is written, looked up only for a cause: the lookup walks the manifest and most answers need none.
        SourceLocation At() => rule.Policy.Object.At("spec", rule.Egress ? "egress" : "ingress", rule.Index, rule.Egress ? "to" : "from", index);
        Tri inNamespace;
        if (p.NamespaceSelector is null)
        {
            inNamespace = TriLogic.Of(peer.Namespace == rule.Policy.Namespace);
        }
        else
        {
            inNamespace = facts.Namespace(peer.Namespace).Matches(p.NamespaceSelector);
            if (inNamespace == Tri.Unknown)
            {
                Cause(At(), $"the namespaceSelector asks for labels of namespace '{peer.Namespace}' that no Namespace object gives (pass the cluster's Namespace objects with --nodes)");
            }
        }
        var podMatch = Tri.True;
        if (p.PodSelector is not null)
        {
            podMatch = peer.PodLabels.Matches(p.PodSelector);
            if (podMatch == Tri.Unknown)
            {
                Cause(At(), UnknownLabels(p.PodSelector, peer));
            }
        }
        var result = inNamespace.And(podMatch);
        if (peer.Spec.HostNetwork == true && result != Tri.False)
        {
            // Traffic of a hostNetwork pod carries its node's address; a plugin may or may not match it by selector.
            Cause(peer.At("spec", "hostNetwork"), $"{peer.Display} uses the host's network, and whether a pod selector matches its traffic depends on the network plugin");
            return Tri.Unknown;
        }
        return result;
    }

    private static string UnknownLabels(V1LabelSelector selector, Workload pod)
    {
        var keys = (selector.MatchLabels?.Keys ?? []).Concat((selector.MatchExpressions ?? []).Select(e => e.Key ?? string.Empty))
            .Where(k => pod.PodLabels.Get(k) is (Tri.True, null) or (Tri.Unknown, _)).Distinct().Order(StringComparer.Ordinal);
        return $"the selector asks for label(s) {string.Join(", ", keys)} of {pod.Display}'s pods, whose value(s) the {pod.Kind} controller chooses at run time";
    }

    /// <summary>
    /// No ports admit every port of every protocol. An entry admits its protocol (TCP when absent): without a port
    /// every port, a number that port (up to endPort), a name the target's container port of that name and protocol
    /// (declared by any container, init and sidecar containers included). A null <paramref name="port"/> stands for
    /// a port no entry names.
    /// </summary>
    public static Tri PortsAdmit(IList<V1NetworkPolicyPort> entries, Workload target, string protocol, int? port)
    {
        if (entries.Count == 0)
        {
            return Tri.True;
        }
        return TriLogic.Of(entries.Any(entry =>
        {
            if ((entry.Protocol ?? "TCP") != protocol)
            {
                return false;
            }
            if (entry.Port is null)
            {
                return true;
            }
            if (port is not { } p)
            {
                return false;
            }
            if (Number(entry.Port) is { } number)
            {
                return entry.EndPort is { } end ? number <= p && p <= end : number == p;
            }
            return ContainerPorts(target).Any(c => c.Name == entry.Port.Value && c.Protocol == protocol && c.Number == p);
        }));
    }

    /// <summary>Every port a pod's containers declare, init containers (sidecars among them) included.</summary>
    public static IEnumerable<(string? Name, string Protocol, int Number)> ContainerPorts(Workload workload) =>
        workload.AllContainers.SelectMany(c => c.Ports ?? []).Select(p => ((string?)p.Name, p.Protocol ?? "TCP", p.ContainerPort));

    public static int? Number(IntOrString? value) =>
        value is not null && int.TryParse(value.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>Records why a surely allowed flow is allowed: the admitting rule of each direction, or the unrestricted workload.</summary>
    private void Record(AllowedFlow flow, Workload source, Workload target, string protocol, int? port)
    {
        if (!Evidence.TryGetValue(flow, out var at))
        {
            at = Evidence[flow] = new SortedSet<SourceLocation>();
        }
        foreach (var egress in new[] { true, false })
        {
            var subject = egress ? source : target;
            var peer = egress ? target : source;
            var selecting = Relevant(subject, egress).Where(p => subject.PodLabels.Matches(p.Spec.PodSelector) == Tri.True).ToList();
            if (selecting.Count == 0)
            {
                at.Add(subject.Object.Location);
                continue;
            }
            foreach (var rule in selecting.SelectMany(p => p.Rules(egress)))
            {
                if (rule.Peers.Count == 0 || rule.Peers.Select((p, i) => Peer(rule, i, p, peer)).Any(t => t == Tri.True))
                {
                    if (PortsAdmit(rule.Ports, target, protocol, port) == Tri.True)
                    {
                        at.Add(rule.Location);
                    }
                }
            }
        }
    }

    internal sealed class FlowOrder : IComparer<AllowedFlow>
    {
        public static FlowOrder Instance { get; } = new();

        public int Compare(AllowedFlow? x, AllowedFlow? y)
        {
            if (x is null || y is null)
            {
                return x is null ? (y is null ? 0 : -1) : 1;
            }
            var bySource = string.CompareOrdinal(x.Source, y.Source);
            if (bySource != 0)
            {
                return bySource;
            }
            var byTarget = string.CompareOrdinal(x.Target, y.Target);
            return byTarget != 0 ? byTarget : Nullable.Compare(x.Port, y.Port);
        }
    }
}
