using k8s.Models;
using Privc.Text;

namespace Privc.Artifacts.Kubernetes;

/// <summary>A NetworkPolicy as applied: its namespace, spec and where it was written.</summary>
internal sealed record Policy(ManifestObject Object, string Name, string Namespace, V1NetworkPolicySpec Spec)
{
    public string Display => $"NetworkPolicy '{Name}'";

    /// <summary>policyTypes, or when absent: Ingress always, Egress when the policy has egress rules.</summary>
    public bool Restricts(bool egress)
    {
        var types = Spec.PolicyTypes;
        if (types is null || types.Count == 0)
        {
            return !egress || (Spec.Egress?.Count ?? 0) > 0;
        }
        return types.Contains(egress ? "Egress" : "Ingress");
    }

    /// <summary>The rules of a direction: their peers, ports and where each rule starts.</summary>
    public IEnumerable<PolicyRule> Rules(bool egress)
    {
        var direction = egress ? "egress" : "ingress";
        var rules = egress
            ? (Spec.Egress ?? []).Select(r => (Peers: r.To, r.Ports)).ToList()
            : (Spec.Ingress ?? []).Select(r => (Peers: r.FromProperty, r.Ports)).ToList();
        for (var i = 0; i < rules.Count; i++)
        {
            yield return new PolicyRule(this, egress, i, rules[i].Peers ?? [], rules[i].Ports ?? [], Object.At("spec", direction, i));
        }
    }
}

/// <summary>One ingress or egress rule of a policy.</summary>
internal sealed record PolicyRule(Policy Policy, bool Egress, int Index, IList<V1NetworkPolicyPeer> Peers, IList<V1NetworkPolicyPort> Ports, SourceLocation Location)
{
    public string Display => $"{Policy.Display} {(Egress ? "egress" : "ingress")} rule {Index + 1} ({Location.Display})";

    /// <summary>The ports for people: "*" for every port of every protocol, else "9000/TCP, 53/UDP, 8000-8100/TCP, http/TCP".</summary>
    public string PortsText => Ports.Count == 0
        ? "*"
        : string.Join(", ", Ports.Select(p => (p.Port is null ? "*" : p.Port.Value + (p.EndPort is { } end ? "-" + end.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty)) + "/" + (p.Protocol ?? "TCP")));
}
