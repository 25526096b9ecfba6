using System.Collections.Immutable;
using Privc.Checking;
using Privc.Diagnostics;
using Privc.Semantics;
using Privc.Text;
using Privc.Topology;
using k8s.Models;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// Reads Kubernetes manifests back into what they decide of a configuration: placements (from every kind that runs
/// pods) and allowed flows (from NetworkPolicies), as a cluster would apply them (specs/check.md): the files in
/// kubectl's order, YAML read by kubectl's rules, same-name objects replacing earlier ones, owned pods counted with
/// their controller, and any kind or field whose effect privc does not model reported as not judged.
/// </summary>
public static class KubernetesReader
{
    /// <summary>The problems kubectl's reading of one manifest file finds (syntax, nesting, aliases, duplicate keys, tags).</summary>
    public static ImmutableArray<Diagnostic> Parse(SourceText file)
    {
        var diagnostics = new List<Diagnostic>();
        ManifestDocuments.Split(file, diagnostics);
        return [.. diagnostics];
    }

    /// <summary>Reads manifests without separate cluster state, in the order given.</summary>
    public static KubernetesReading Read(IReadOnlyList<SourceText> files, TopologyModel topology, BoundProgram program) =>
        Read(new KubernetesInputs(files, []), topology, program);

    public static KubernetesReading Read(KubernetesInputs inputs, TopologyModel topology, BoundProgram program) =>
        Read(inputs, topology, program, skipClosedPairs: true);

    /// <summary>
    /// Reads with or without the closed-pair pre-filter (<see cref="PolicyEvaluator.SurelyClosed"/>); without it is the
    /// reference path the tests compare the fast one with.
    /// </summary>
    internal static KubernetesReading Read(KubernetesInputs inputs, TopologyModel topology, BoundProgram program, bool skipClosedPairs)
    {
        var diagnostics = new List<Diagnostic>();
        var split = inputs.Manifests.SelectMany(f => ManifestDocuments.Split(f, diagnostics)).Select((o, i) => o with { Order = i }).ToList();
        var applied = ApplySet.Resolve(split, inputs.DefaultNamespace, diagnostics);

        var facts = new ClusterFacts(topology);
        foreach (var manifest in inputs.ClusterState.SelectMany(f => ManifestDocuments.Split(f, diagnostics)))
        {
            AddFact(manifest, live: true);
        }
        var workloadReader = new WorkloadReader(program, inputs.DefaultNamespace, diagnostics);
        var workloads = new List<Workload>();
        var policies = new List<Policy>();
        var inert = new SortedDictionary<string, int>(StringComparer.Ordinal);
        // Facts first: placements and selectors depend on Node, Namespace and RuntimeClass objects wherever they are.
        foreach (var manifest in applied.Objects.Where(o => KubernetesKinds.Role(o.ApiVersion, o.Kind) == KindRole.Fact))
        {
            AddFact(manifest, live: false);
        }
        foreach (var manifest in applied.Objects)
        {
            switch (KubernetesKinds.Role(manifest.ApiVersion, manifest.Kind))
            {
                case KindRole.Workload:
                    if (workloadReader.Read(manifest) is { } workload)
                    {
                        workloads.Add(workload);
                    }
                    break;
                case KindRole.NetworkPolicy:
                    if (ReadPolicy(manifest, inputs.DefaultNamespace, diagnostics) is { } policy)
                    {
                        policies.Add(policy);
                    }
                    break;
                case KindRole.Fact:
                    break;
                case KindRole.Inert:
                    inert[manifest.Kind] = inert.GetValueOrDefault(manifest.Kind) + 1;
                    if (manifest.Name is null)
                    {
                        diagnostics.Add(DiagnosticCatalogue.ManifestMalformedObject(manifest.At("metadata"), manifest.Kind, manifest.DisplayName, "kubectl apply needs metadata.name"));
                    }
                    break;
                case KindRole.Kustomization:
                    diagnostics.Add(DiagnosticCatalogue.CheckKustomization(manifest.Location, manifest.Source.Path));
                    break;
                case KindRole.NotJudged:
                    diagnostics.Add(DiagnosticCatalogue.CheckKindNotJudged(manifest.Location, manifest.ApiVersion, manifest.Kind, manifest.DisplayName,
                        KubernetesKinds.WhyNotJudged(manifest.ApiVersion, manifest.Kind)));
                    break;
            }
        }

        var placement = new Placer(facts, diagnostics).Place(workloads);
        var evaluator = new PolicyEvaluator(program, workloads, policies, facts, skipClosedPairs);
        evaluator.Evaluate();
        var outside = new OutsideParties(evaluator, program);
        var findings = placement.Findings.Concat(outside.Judge()).ToList();
        foreach (var (at, why) in evaluator.Uncertain)
        {
            diagnostics.Add(DiagnosticCatalogue.CheckPolicyUnknown(at, why));
        }
        // Traffic with external endpoints joins the allowed triples, so the checker judges it against the declared flows.
        var allowed = new SortedSet<AllowedFlow>(evaluator.Allowed.Concat(outside.ExternalAllowed.Select(a => a.Flow)), PolicyEvaluator.FlowOrder.Instance);
        var possibly = new SortedSet<AllowedFlow>(evaluator.PossiblyAllowed.Concat(outside.ExternalPossiblyAllowed), PolicyEvaluator.FlowOrder.Instance);
        possibly.ExceptWith(allowed);
        var allowedBy = evaluator.Evidence.ToDictionary(p => p.Key, p => p.Value.ToList());
        foreach (var (flow, at) in outside.ExternalAllowed)
        {
            (allowedBy.TryGetValue(flow, out var list) ? list : allowedBy[flow] = []).Add(at);
        }
        return new KubernetesReading(placement.Placements, [.. allowed], diagnostics.Distinct().Order().ToImmutableArray())
        {
            Undetermined = placement.Undetermined,
            PossiblyAllowed = [.. possibly],
            Findings = [.. findings],
            Sources = placement.Sources,
            AllowedBy = allowedBy.ToImmutableDictionary(p => p.Key, p => p.Value.Distinct().Order().ToImmutableArray()),
            Inert = inert.ToImmutableSortedDictionary(StringComparer.Ordinal),
            Objects = applied.Objects.Count,
        };

        void AddFact(ManifestObject manifest, bool live)
        {
            switch (manifest.TypeName)
            {
                case "v1/Node":
                    if (ManifestDocuments.Deserialize<V1Node>(manifest, diagnostics) is { } node)
                    {
                        var validation = new ApiValidation(manifest, diagnostics);
                        validation.Metadata(node.Metadata);
                        validation.Taints(node.Spec?.Taints, ["spec", "taints"]);
                        if (!validation.Failed)
                        {
                            facts.AddNode(manifest, node, live, diagnostics);
                        }
                    }
                    break;
                case "v1/Namespace":
                    if (ManifestDocuments.Deserialize<V1Namespace>(manifest, diagnostics) is { } ns)
                    {
                        var validation = new ApiValidation(manifest, diagnostics);
                        validation.Metadata(ns.Metadata);
                        if (!validation.Failed)
                        {
                            facts.AddNamespace(manifest, ns, live);
                        }
                    }
                    break;
                case "node.k8s.io/v1/RuntimeClass":
                    if (ManifestDocuments.Deserialize<V1RuntimeClass>(manifest, diagnostics) is { Metadata.Name: { } name } runtimeClass)
                    {
                        facts.RuntimeClasses[name] = runtimeClass;
                    }
                    break;
                default:
                    if (live)
                    {
                        diagnostics.Add(DiagnosticCatalogue.CheckClusterStateKind(manifest.Location, manifest.ApiVersion, manifest.Kind));
                    }
                    break;
            }
        }
    }

    private static Policy? ReadPolicy(ManifestObject manifest, string defaultNamespace, List<Diagnostic> diagnostics)
    {
        if (ManifestDocuments.Deserialize<V1NetworkPolicy>(manifest, diagnostics) is not { } policy)
        {
            return null;
        }
        var validation = new ApiValidation(manifest, diagnostics);
        validation.Metadata(policy.Metadata);
        if (policy.Spec is null)
        {
            diagnostics.Add(DiagnosticCatalogue.ManifestMalformedObject(manifest.Location, manifest.Kind, manifest.DisplayName, "it has no spec; the API server rejects it"));
            return null;
        }
        // An absent podSelector is the empty selector (every pod of the namespace), as the API server defaults it.
        var spec = policy.Spec.PodSelector is null ? CopyWithSelector(policy.Spec) : policy.Spec;
        validation.NetworkPolicy(spec);
        if (validation.Failed)
        {
            return null;
        }
        var ns = string.IsNullOrEmpty(policy.Metadata?.NamespaceProperty) ? defaultNamespace : policy.Metadata.NamespaceProperty;
        return new Policy(manifest, manifest.DisplayName, ns, spec);
    }

    private static V1NetworkPolicySpec CopyWithSelector(V1NetworkPolicySpec spec) => new()
    {
        PodSelector = new V1LabelSelector(),
        Ingress = spec.Ingress,
        Egress = spec.Egress,
        PolicyTypes = spec.PolicyTypes,
    };

    /// <summary>
    /// The program service a workload runs by its labels: the first of its pod labels <c>privc.io/service</c>,
    /// <c>app.kubernetes.io/name</c> and <c>app</c> that is present, else the object's name.
    /// </summary>
    internal static string? ServiceName(IDictionary<string, string> labels, string? objectName)
    {
        foreach (var key in WorkloadReader.ClaimKeys)
        {
            if (labels.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value))
            {
                return value;
            }
        }
        return objectName;
    }
}
