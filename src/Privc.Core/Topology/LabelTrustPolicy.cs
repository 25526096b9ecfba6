using Privc.Diagnostics;

namespace Privc.Topology;

/// <summary>
/// Which node labels may carry privacy facts. A kubelet may set labels on its own node under several Kubernetes
/// prefixes (formats.md, "Label trust"), so a compromised node could claim a jurisdiction or trust level; labels under
/// <c>node-restriction.kubernetes.io/</c> (or privc's own keys) cannot be self-assigned. Taking a fact from a
/// self-assignable label is PRIV3012, a warning at the label's key.
/// </summary>
internal static class LabelTrustPolicy
{
    /// <summary>Label prefixes a kubelet may set on its own node.</summary>
    private static readonly string[] SelfAssignablePrefixes =
        ["kubernetes.io/", "k8s.io/", "topology.kubernetes.io/", "beta.kubernetes.io/", "node.kubernetes.io/"];

    public static bool IsSelfAssignable(string key) =>
        SelfAssignablePrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Warns at every node label a node's own kubelet could have set.</summary>
    public static void Check(TopologyDocument document, TopologySourceMap map, DiagnosticBag diagnostics)
    {
        for (var i = 0; i < document.Nodes.Length; i++)
        {
            foreach (var key in document.Nodes[i].Labels.Keys.Where(IsSelfAssignable))
            {
                diagnostics.Add(DiagnosticCatalogue.TopologySelfAssignableLabel(map.Nodes[i].Labels.Keys[key], key));
            }
        }
    }
}
