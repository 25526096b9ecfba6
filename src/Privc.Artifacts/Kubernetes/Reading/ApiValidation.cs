using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;
using Privc.Diagnostics;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// The parts of the Kubernetes API server's validation (k8s.io/kubernetes pkg/apis/*/validation) that decide whether
/// an object privc reads exists at all. An object the API server would reject is never applied: a rejected
/// NetworkPolicy, for instance, restricts nothing. privc cannot tell which of several rejected objects matter, so
/// each is an error (exit 1) at its field, never silently read as if it had been applied.
/// </summary>
internal sealed partial class ApiValidation(ManifestObject manifest, List<Diagnostic> diagnostics)
{
    private static readonly string[] Protocols = ["TCP", "UDP", "SCTP"];

    public bool Failed { get; private set; }

    private void Error(string problem, params object[] path)
    {
        Failed = true;
        diagnostics.Add(DiagnosticCatalogue.ManifestMalformedObject(manifest.At(path), manifest.Kind, manifest.DisplayName,
            $"{string.Join('.', path.Select(p => p is int i ? $"[{i}]" : p.ToString())).Replace(".[", "[", StringComparison.Ordinal)}: {problem}; the API server rejects the object"));
    }

    public void Metadata(V1ObjectMeta? metadata, params object[] at)
    {
        if (at.Length == 0 && string.IsNullOrEmpty(metadata?.Name))
        {
            Error("kubectl apply needs a name (generateName is for kubectl create)", "metadata");
        }
        Labels(metadata?.Labels, [.. at, "metadata", "labels"]);
    }

    public void Labels(IDictionary<string, string>? labels, object[] at)
    {
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            if (!IsQualifiedName(key))
            {
                Error($"'{key}' is not a valid label key", [.. at, key]);
            }
            if (!IsLabelValue(value ?? string.Empty))
            {
                Error($"'{value}' is not a valid label value (at most 63 characters: letters, digits, '-', '_', '.', starting and ending with a letter or digit)", [.. at, key]);
            }
        }
    }

    public void Selector(V1LabelSelector? selector, params object[] at)
    {
        if (selector is null)
        {
            return;
        }
        Labels(selector.MatchLabels, [.. at, "matchLabels"]);
        for (var i = 0; i < (selector.MatchExpressions?.Count ?? 0); i++)
        {
            var requirement = selector.MatchExpressions![i];
            object[] path = [.. at, "matchExpressions", i];
            if (!IsQualifiedName(requirement.Key ?? string.Empty))
            {
                Error($"'{requirement.Key}' is not a valid label key", [.. path, "key"]);
            }
            var count = requirement.Values?.Count ?? 0;
            switch (requirement.OperatorProperty)
            {
                case "In" or "NotIn" when count == 0:
                    Error($"operator {requirement.OperatorProperty} needs values", path);
                    break;
                case "Exists" or "DoesNotExist" when count > 0:
                    Error($"operator {requirement.OperatorProperty} takes no values", path);
                    break;
                case "In" or "NotIn" or "Exists" or "DoesNotExist":
                    break;
                default:
                    Error($"'{requirement.OperatorProperty}' is not an operator of label selectors (In, NotIn, Exists, DoesNotExist)", [.. path, "operator"]);
                    break;
            }
            foreach (var value in requirement.Values ?? [])
            {
                if (!IsLabelValue(value ?? string.Empty))
                {
                    Error($"'{value}' is not a valid label value", [.. path, "values"]);
                }
            }
        }
    }

    /// <summary>A pod template or pod: labels, node selection, tolerations, container ports.</summary>
    public void PodTemplate(V1ObjectMeta? metadata, V1PodSpec spec, object[] at)
    {
        Labels(metadata?.Labels, [.. at, "metadata", "labels"]);
        object[] specPath = [.. at, "spec"];
        Labels(spec.NodeSelector, [.. specPath, "nodeSelector"]);
        var terms = spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        object[] affinity = [.. specPath, "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution"];
        if (spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution is not null && (terms is null || terms.Count == 0))
        {
            Error("nodeSelectorTerms must have at least one term", affinity);
        }
        for (var t = 0; t < (terms?.Count ?? 0); t++)
        {
            var term = terms![t];
            for (var r = 0; r < (term.MatchExpressions?.Count ?? 0); r++)
            {
                NodeRequirement(term.MatchExpressions![r], fields: false, [.. affinity, "nodeSelectorTerms", t, "matchExpressions", r]);
            }
            for (var r = 0; r < (term.MatchFields?.Count ?? 0); r++)
            {
                NodeRequirement(term.MatchFields![r], fields: true, [.. affinity, "nodeSelectorTerms", t, "matchFields", r]);
            }
        }
        var antiAffinity = spec.Affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? [];
        for (var i = 0; i < antiAffinity.Count; i++)
        {
            object[] path = [.. specPath, "affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution", i];
            if (string.IsNullOrEmpty(antiAffinity[i].TopologyKey))
            {
                Error("topologyKey is required", path);
            }
            Selector(antiAffinity[i].LabelSelector, [.. path, "labelSelector"]);
            Selector(antiAffinity[i].NamespaceSelector, [.. path, "namespaceSelector"]);
        }
        for (var i = 0; i < (spec.Tolerations?.Count ?? 0); i++)
        {
            Toleration(spec.Tolerations![i], [.. specPath, "tolerations", i]);
        }
        foreach (var (list, name) in new[] { (spec.Containers, "containers"), (spec.InitContainers, "initContainers") })
        {
            for (var c = 0; c < (list?.Count ?? 0); c++)
            {
                for (var p = 0; p < (list![c].Ports?.Count ?? 0); p++)
                {
                    ContainerPort(list[c].Ports![p], [.. specPath, name, c, "ports", p]);
                }
            }
        }
    }

    private void NodeRequirement(V1NodeSelectorRequirement requirement, bool fields, object[] path)
    {
        var values = requirement.Values ?? [];
        if (fields)
        {
            if (requirement.Key != "metadata.name")
            {
                Error($"'{requirement.Key}' is not a supported field selector (only metadata.name)", [.. path, "key"]);
            }
            if (requirement.OperatorProperty is not ("In" or "NotIn") || values.Count != 1)
            {
                Error("a metadata.name field requirement takes In or NotIn with exactly one value", path);
            }
            return;
        }
        if (!IsQualifiedName(requirement.Key ?? string.Empty))
        {
            Error($"'{requirement.Key}' is not a valid label key", [.. path, "key"]);
        }
        switch (requirement.OperatorProperty)
        {
            case "In" or "NotIn" when values.Count == 0:
                Error($"operator {requirement.OperatorProperty} needs values", path);
                break;
            case "Exists" or "DoesNotExist" when values.Count > 0:
                Error($"operator {requirement.OperatorProperty} takes no values", path);
                break;
            case "Gt" or "Lt" when values.Count != 1 || !long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                Error($"operator {requirement.OperatorProperty} takes exactly one integer value", path);
                break;
            case "In" or "NotIn" or "Exists" or "DoesNotExist" or "Gt" or "Lt":
                break;
            default:
                Error($"'{requirement.OperatorProperty}' is not a node selector operator (In, NotIn, Exists, DoesNotExist, Gt, Lt)", [.. path, "operator"]);
                break;
        }
        foreach (var value in values)
        {
            if (!IsLabelValue(value ?? string.Empty))
            {
                Error($"'{value}' is not a valid label value", [.. path, "values"]);
            }
        }
    }

    private void Toleration(V1Toleration toleration, object[] path)
    {
        var op = string.IsNullOrEmpty(toleration.OperatorProperty) ? "Equal" : toleration.OperatorProperty;
        if (op is not ("Equal" or "Exists"))
        {
            Error($"'{toleration.OperatorProperty}' is not a toleration operator (Equal, Exists)", [.. path, "operator"]);
        }
        if (op == "Exists" && !string.IsNullOrEmpty(toleration.Value))
        {
            Error("a toleration with operator Exists takes no value", [.. path, "value"]);
        }
        if (string.IsNullOrEmpty(toleration.Key) && op != "Exists")
        {
            Error("a toleration without a key needs operator Exists", path);
        }
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect is not ("NoSchedule" or "PreferNoSchedule" or "NoExecute"))
        {
            Error($"'{toleration.Effect}' is not a taint effect", [.. path, "effect"]);
        }
    }

    private void ContainerPort(V1ContainerPort port, object[] path)
    {
        if (port.ContainerPort is < 1 or > 65535)
        {
            Error($"containerPort {port.ContainerPort} is not between 1 and 65535", [.. path, "containerPort"]);
        }
        if (port.Protocol is { } protocol && !Protocols.Contains(protocol))
        {
            Error($"'{protocol}' is not a protocol (TCP, UDP, SCTP)", [.. path, "protocol"]);
        }
        if (port.Name is { } name && !IsPortName(name))
        {
            Error($"'{name}' is not a valid port name (at most 15 lowercase letters, digits and '-', with a letter)", [.. path, "name"]);
        }
    }

    public void Taints(IList<V1Taint>? taints, object[] at)
    {
        for (var i = 0; i < (taints?.Count ?? 0); i++)
        {
            var taint = taints![i];
            if (!IsQualifiedName(taint.Key ?? string.Empty))
            {
                Error($"'{taint.Key}' is not a valid taint key", [.. at, i, "key"]);
            }
            if (taint.Effect is not ("NoSchedule" or "PreferNoSchedule" or "NoExecute"))
            {
                Error($"'{taint.Effect}' is not a taint effect", [.. at, i, "effect"]);
            }
        }
    }

    /// <summary>NetworkPolicy: selectors, peers (exactly one kind when ipBlock is used), ports, CIDRs and policyTypes.</summary>
    public void NetworkPolicy(V1NetworkPolicySpec spec)
    {
        Selector(spec.PodSelector, "spec", "podSelector");
        foreach (var (rules, direction, peersName) in new[]
        {
            ((spec.Ingress ?? []).Select(r => (r.FromProperty, r.Ports)).ToList(), "ingress", "from"),
            ((spec.Egress ?? []).Select(r => (FromProperty: r.To, r.Ports)).ToList(), "egress", "to"),
        })
        {
            for (var r = 0; r < rules.Count; r++)
            {
                var (peers, ports) = rules[r];
                for (var p = 0; p < (ports?.Count ?? 0); p++)
                {
                    PolicyPort(ports![p], ["spec", direction, r, "ports", p]);
                }
                for (var p = 0; p < (peers?.Count ?? 0); p++)
                {
                    var peer = peers![p];
                    object[] path = ["spec", direction, r, peersName, p];
                    var kinds = (peer.PodSelector is null ? 0 : 1) + (peer.NamespaceSelector is null ? 0 : 1) + (peer.IpBlock is null ? 0 : 1);
                    if (kinds == 0)
                    {
                        Error("a peer must give podSelector, namespaceSelector or ipBlock", path);
                    }
                    else if (kinds > 1 && peer.IpBlock is not null)
                    {
                        Error("a peer may not give both ipBlock and a selector", path);
                    }
                    Selector(peer.PodSelector, [.. path, "podSelector"]);
                    Selector(peer.NamespaceSelector, [.. path, "namespaceSelector"]);
                    if (peer.IpBlock is { } block)
                    {
                        IpBlock(block, [.. path, "ipBlock"]);
                    }
                }
            }
        }
        if ((spec.PolicyTypes?.Count ?? 0) > 2)
        {
            Error("policyTypes may not have more than two entries", "spec", "policyTypes");
        }
        for (var i = 0; i < (spec.PolicyTypes?.Count ?? 0); i++)
        {
            if (spec.PolicyTypes![i] is not ("Ingress" or "Egress"))
            {
                Error($"'{spec.PolicyTypes[i]}' is not a policy type (Ingress, Egress)", "spec", "policyTypes", i);
            }
        }
    }

    private void PolicyPort(V1NetworkPolicyPort port, object[] path)
    {
        if (port.Protocol is { } protocol && !Protocols.Contains(protocol))
        {
            Error($"'{protocol}' is not a protocol (TCP, UDP, SCTP)", [.. path, "protocol"]);
        }
        // IntOrString keeps only the text: read the written value to tell 9000 from "9000" as the API server does.
        var node = ManifestDocuments.Find(manifest.Root, [.. path, "port"]);
        if (node is ManifestScalar { Kind: ScalarKind.Number } number)
        {
            if (!int.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value is < 1 or > 65535)
            {
                Error($"port {number.Text} is not between 1 and 65535", [.. path, "port"]);
            }
            else if (port.EndPort is { } end && (end < value || end > 65535))
            {
                Error($"endPort {end} must be between port {value} and 65535", [.. path, "endPort"]);
            }
        }
        else if (node is ManifestScalar { Kind: ScalarKind.String } name)
        {
            if (!IsPortName(name.Text))
            {
                Error($"'{name.Text}' is not a valid port name (a string port must be a name: at most 15 lowercase letters, digits and '-', with a letter)", [.. path, "port"]);
            }
            if (port.EndPort is not null)
            {
                Error("endPort may not be given with a named port", [.. path, "endPort"]);
            }
        }
        else if (node is null && port.EndPort is not null)
        {
            Error("endPort may not be given without port", [.. path, "endPort"]);
        }
    }

    private void IpBlock(V1IPBlock block, object[] path)
    {
        if (!IpRange.TryParseCidr(block.Cidr ?? string.Empty, out var cidr))
        {
            Error($"'{block.Cidr}' is not a CIDR", [.. path, "cidr"]);
            return;
        }
        for (var i = 0; i < (block.Except?.Count ?? 0); i++)
        {
            if (!IpRange.TryParseCidr(block.Except![i] ?? string.Empty, out var except))
            {
                Error($"'{block.Except[i]}' is not a CIDR", [.. path, "except", i]);
            }
            else if (!cidr.StrictlyContains(except))
            {
                Error($"'{block.Except[i]}' must be a strict subset of '{block.Cidr}'", [.. path, "except", i]);
            }
        }
    }

    /// <summary>A label key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters.</summary>
    public static bool IsQualifiedName(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length == 0 || prefix.Length > 253 || !DnsSubdomain().IsMatch(prefix))
            {
                return false;
            }
        }
        return name.Length is > 0 and <= 63 && LabelName().IsMatch(name);
    }

    public static bool IsLabelValue(string value) => value.Length == 0 || (value.Length <= 63 && LabelName().IsMatch(value));

    /// <summary>IANA_SVC_NAME: 1-15 characters, lowercase letters, digits and '-', a letter somewhere, no '--', no '-' at an end.</summary>
    public static bool IsPortName(string name) =>
        name.Length is > 0 and <= 15 && PortName().IsMatch(name) && name.Any(char.IsAsciiLetterLower) && !name.Contains("--", StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelName();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex PortName();
}
