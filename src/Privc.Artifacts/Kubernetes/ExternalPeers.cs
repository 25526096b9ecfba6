using k8s.Models;
using Privc.Semantics;
using static Privc.Artifacts.Kubernetes.KubernetesNames;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// The NetworkPolicy peers that admit exactly an external endpoint (specs/kubernetes.md, "External endpoints"): one
/// ipBlock per CIDR block, or the endpoint's namespace (by <c>kubernetes.io/metadata.name</c>, which the API server
/// sets on every namespace) with its pod label tests. <c>privc check</c> reads policies back with the same reading,
/// so what is written here is what check accepts as the declared endpoint and nothing wider.
/// </summary>
public static class ExternalPeers
{
    public static List<V1NetworkPolicyPeer> Of(ExternalEndpoint external)
    {
        if (external.ByAddress)
        {
            return external.Cidrs.Select(c => new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = c } }).ToList();
        }
        return
        [
            new V1NetworkPolicyPeer
            {
                NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [NamespaceNameLabel] = external.Namespace! } },
                // No pod tests: every pod of the namespace, which a namespaceSelector alone admits.
                PodSelector = external.Pods.IsEmpty ? null : PodSelector(external),
            },
        ];
    }

    /// <summary>Single-value <c>In</c> tests as matchLabels, the rest as matchExpressions, each sorted by key.</summary>
    private static V1LabelSelector PodSelector(ExternalEndpoint external)
    {
        var labels = external.Pods.Where(r => !r.Negated && r.Values.Length == 1).ToList();
        var expressions = external.Pods.Except(labels).ToList();
        return new V1LabelSelector
        {
            MatchLabels = labels.Count == 0 ? null : labels.ToDictionary(r => r.Key, r => r.Values[0], StringComparer.Ordinal),
            MatchExpressions = expressions.Count == 0
                ? null
                : expressions.Select(r => new V1LabelSelectorRequirement { Key = r.Key, OperatorProperty = r.Negated ? "NotIn" : "In", Values = r.Values.ToList() }).ToList(),
        };
    }
}
