using System.Collections.Immutable;
using k8s.Models;
using Privc.Diagnostics;
using Privc.Checking;
using Privc.Semantics;
using static Privc.Artifacts.Kubernetes.KubernetesNames;

namespace Privc.Artifacts.Kubernetes;

/// <summary>Kubernetes label selectors: every matchLabels pair and every matchExpressions requirement holds.</summary>
internal static class LabelSelectors
{
    public static bool Matches(V1LabelSelector selector, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }
        return (selector.MatchExpressions ?? []).All(r =>
        {
            var present = labels.TryGetValue(r.Key ?? string.Empty, out var value);
            var values = r.Values ?? [];
            return r.OperatorProperty switch
            {
                "In" => present && values.Contains(value!),
                "NotIn" => !present || !values.Contains(value!),
                "Exists" => present,
                "DoesNotExist" => !present,
                _ => false,
            };
        });
    }
}

/// <summary>
/// The flows among program services that NetworkPolicies allow. A flow a -> b on TCP port p is allowed when a's
/// egress allows it and b's ingress allows it; a pod that no policy of a direction selects is unrestricted in that
/// direction, otherwise some rule of some selecting policy must admit the peer and the port (Kubernetes' semantics).
/// </summary>
internal sealed class PolicyEvaluator(
    BoundProgram program,
    List<Workload> workloads,
    List<Policy> policies,
    Dictionary<string, Dictionary<string, string>> namespaceLabels,
    List<Diagnostic> diagnostics)
{
    private const int MinPort = 1;
    private const int MaxPort = 65535;

    public ImmutableArray<AllowedFlow> Allowed()
    {
        foreach (var policy in policies.Where(HasIpBlock))
        {
            diagnostics.Add(DiagnosticCatalogue.ManifestIpBlockIgnored(policy.Document.Location, policy.Name));
        }
        var result = new List<AllowedFlow>();
        var pods = workloads.OrderBy(w => w.Service, StringComparer.Ordinal).ToList();
        foreach (var source in pods)
        {
            foreach (var target in pods.Where(t => t.Service != source.Service))
            {
                // "Any other port": a port no rule names, admitted only by rules without ports or with a port-less entry.
                if (Allows(source, target, null))
                {
                    result.Add(new AllowedFlow(source.Service, target.Service, null));
                    continue;
                }
                foreach (var port in CandidatePorts(source, target))
                {
                    if (Allows(source, target, port))
                    {
                        result.Add(new AllowedFlow(source.Service, target.Service, port));
                    }
                }
            }
        }
        return result.ToImmutableArray();
    }

    /// <summary>
    /// Ports worth asking about: the allowed set is a union of intervals whose ends are ports the rules name, so
    /// if it holds a port no declared flow uses, it holds a rule's end, or the port next to a declared one.
    /// </summary>
    private SortedSet<int> CandidatePorts(Workload source, Workload target)
    {
        var declared = program.Flows.Where(f => f.Source == source.Service && f.Target == target.Service && f.Port is not null).Select(f => f.Port!.Value)
            .Concat(ContainerPorts(target).Select(p => p.Number))
            .ToList();
        var ports = new SortedSet<int> { MinPort, MaxPort };
        foreach (var port in declared)
        {
            ports.Add(port);
            ports.Add(port - 1);
            ports.Add(port + 1);
        }
        foreach (var policy in policies)
        {
            var entries = (policy.Spec.Ingress ?? []).SelectMany(r => r.Ports ?? [])
                .Concat((policy.Spec.Egress ?? []).SelectMany(r => r.Ports ?? []));
            foreach (var entry in entries)
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
        }
        ports.RemoveWhere(p => p < MinPort || p > MaxPort);
        return ports;
    }

    private bool Allows(Workload source, Workload target, int? port) =>
        DirectionAllows(source, target, port, egress: true) && DirectionAllows(source, target, port, egress: false);

    private bool DirectionAllows(Workload source, Workload target, int? port, bool egress)
    {
        var subject = egress ? source : target;
        var peer = egress ? target : source;
        var selecting = policies.Where(p => p.Namespace == subject.Namespace && Restricts(p, egress) && LabelSelectors.Matches(p.Spec.PodSelector, subject.Labels)).ToList();
        if (selecting.Count == 0)
        {
            return true;
        }
        return selecting.Any(policy =>
        {
            var rules = egress
                ? (policy.Spec.Egress ?? []).Select(r => (Peers: r.To, r.Ports))
                : (policy.Spec.Ingress ?? []).Select(r => (Peers: r.FromProperty, r.Ports));
            return rules.Any(rule => PeersAdmit(rule.Peers, peer, policy.Namespace) && PortsAdmit(rule.Ports, target, port));
        });
    }

    /// <summary>policyTypes, or when absent: Ingress always, Egress when the policy has egress rules.</summary>
    private static bool Restricts(Policy policy, bool egress)
    {
        var types = policy.Spec.PolicyTypes;
        if (types is null || types.Count == 0)
        {
            return !egress || (policy.Spec.Egress?.Count ?? 0) > 0;
        }
        return types.Contains(egress ? "Egress" : "Ingress");
    }

    /// <summary>
    /// No peers admit every pod. A peer without namespaceSelector means the policy's own namespace; a
    /// namespaceSelector is matched against <c>kubernetes.io/metadata.name</c> and the labels of Namespace objects in
    /// the manifests. An ipBlock admits no pod (privc does not know pod addresses; PRIV5007 says so).
    /// </summary>
    private bool PeersAdmit(IList<V1NetworkPolicyPeer>? peers, Workload peer, string policyNamespace)
    {
        if (peers is null || peers.Count == 0)
        {
            return true;
        }
        return peers.Any(p =>
        {
            if (p.IpBlock is not null || (p.PodSelector is null && p.NamespaceSelector is null))
            {
                return false;
            }
            var namespaceAdmits = p.NamespaceSelector is null
                ? peer.Namespace == policyNamespace
                : LabelSelectors.Matches(p.NamespaceSelector, NamespaceLabels(peer.Namespace));
            return namespaceAdmits && (p.PodSelector is null || LabelSelectors.Matches(p.PodSelector, peer.Labels));
        });
    }

    private Dictionary<string, string> NamespaceLabels(string ns)
    {
        var labels = namespaceLabels.TryGetValue(ns, out var declared)
            ? new Dictionary<string, string>(declared, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        labels[NamespaceNameLabel] = ns;
        return labels;
    }

    /// <summary>
    /// No ports admit every port. An entry admits TCP only (flows are TCP; a missing protocol means TCP): a port-less
    /// entry every port, a number that port (up to endPort), a name the target container port of that name. A null
    /// <paramref name="port"/> stands for a port no entry names.
    /// </summary>
    private static bool PortsAdmit(IList<V1NetworkPolicyPort>? entries, Workload target, int? port)
    {
        if (entries is null || entries.Count == 0)
        {
            return true;
        }
        return entries.Any(entry =>
        {
            if ((entry.Protocol ?? "TCP") != "TCP")
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
            var name = entry.Port.Value;
            return ContainerPorts(target).Any(c => c.Name == name && c.Number == p);
        });
    }

    private static IEnumerable<(string? Name, int Number)> ContainerPorts(Workload workload) =>
        workload.Spec.Containers?.SelectMany(c => c.Ports ?? []).Where(p => (p.Protocol ?? "TCP") == "TCP").Select(p => ((string?)p.Name, p.ContainerPort))
        ?? [];

    private static int? Number(IntOrString? value) =>
        value is not null && int.TryParse(value.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : null;

    private static bool HasIpBlock(Policy policy) =>
        (policy.Spec.Ingress ?? []).SelectMany(r => r.FromProperty ?? []).Concat((policy.Spec.Egress ?? []).SelectMany(r => r.To ?? []))
            .Any(p => p.IpBlock is not null);
}
