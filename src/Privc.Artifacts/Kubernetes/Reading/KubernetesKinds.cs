namespace Privc.Artifacts.Kubernetes;

/// <summary>What <c>check</c> does with an object of a given kind (specs/check.md, "Kinds").</summary>
internal enum KindRole
{
    /// <summary>Runs pods: its pod template (or the pod itself) is judged.</summary>
    Workload,

    /// <summary>networking.k8s.io/v1 NetworkPolicy: decides the allowed flows.</summary>
    NetworkPolicy,

    /// <summary>Node, Namespace and RuntimeClass: facts placements and policies depend on.</summary>
    Fact,

    /// <summary>Read, and known to change neither where pods run nor which traffic is allowed.</summary>
    Inert,

    /// <summary>A kustomize Kustomization: the folder needs rendering first.</summary>
    Kustomization,

    /// <summary>Anything else: it may change placements or traffic in ways privc does not model.</summary>
    NotJudged,
}

/// <summary>
/// The closed list of kinds <c>check</c> knows (Kubernetes 1.30 API groups). A kind outside it, or a known kind
/// in an apiVersion the 1.30 API server does not serve, is reported as not judged rather than skipped.
/// </summary>
internal static class KubernetesKinds
{
    private static readonly Dictionary<(string ApiVersion, string Kind), KindRole> Served = new()
    {
        [("apps/v1", "Deployment")] = KindRole.Workload,
        [("apps/v1", "StatefulSet")] = KindRole.Workload,
        [("apps/v1", "DaemonSet")] = KindRole.Workload,
        [("apps/v1", "ReplicaSet")] = KindRole.Workload,
        [("v1", "ReplicationController")] = KindRole.Workload,
        [("batch/v1", "Job")] = KindRole.Workload,
        [("batch/v1", "CronJob")] = KindRole.Workload,
        [("v1", "Pod")] = KindRole.Workload,
        [("networking.k8s.io/v1", "NetworkPolicy")] = KindRole.NetworkPolicy,
        [("v1", "Node")] = KindRole.Fact,
        [("v1", "Namespace")] = KindRole.Fact,
        [("node.k8s.io/v1", "RuntimeClass")] = KindRole.Fact,

        // Inert: configuration, identity, access control, storage and service discovery objects. None of them
        // moves a pod or opens a port: NetworkPolicy applies to pods whatever Services or Ingresses point at them,
        // and a pod's volumes are judged on the pod. Their own effects (RBAC, quotas) are outside privc's model.
        [("v1", "Service")] = KindRole.Inert,
        [("v1", "ConfigMap")] = KindRole.Inert,
        [("v1", "Secret")] = KindRole.Inert,
        [("v1", "ServiceAccount")] = KindRole.Inert,
        [("v1", "Endpoints")] = KindRole.Inert,
        [("v1", "PersistentVolumeClaim")] = KindRole.Inert,
        [("v1", "PersistentVolume")] = KindRole.Inert,
        [("v1", "LimitRange")] = KindRole.Inert,
        [("v1", "ResourceQuota")] = KindRole.Inert,
        [("v1", "Event")] = KindRole.Inert,
        [("v1", "PodTemplate")] = KindRole.Inert,
        [("apps/v1", "ControllerRevision")] = KindRole.Inert,
        [("rbac.authorization.k8s.io/v1", "Role")] = KindRole.Inert,
        [("rbac.authorization.k8s.io/v1", "RoleBinding")] = KindRole.Inert,
        [("rbac.authorization.k8s.io/v1", "ClusterRole")] = KindRole.Inert,
        [("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")] = KindRole.Inert,
        [("policy/v1", "PodDisruptionBudget")] = KindRole.Inert,
        [("networking.k8s.io/v1", "Ingress")] = KindRole.Inert,
        [("networking.k8s.io/v1", "IngressClass")] = KindRole.Inert,
        [("discovery.k8s.io/v1", "EndpointSlice")] = KindRole.Inert,
        [("storage.k8s.io/v1", "StorageClass")] = KindRole.Inert,
        [("storage.k8s.io/v1", "CSIDriver")] = KindRole.Inert,
        [("scheduling.k8s.io/v1", "PriorityClass")] = KindRole.Inert,
        [("coordination.k8s.io/v1", "Lease")] = KindRole.Inert,
        [("events.k8s.io/v1", "Event")] = KindRole.Inert,
        [("apiextensions.k8s.io/v1", "CustomResourceDefinition")] = KindRole.Inert,
        [("certificates.k8s.io/v1", "CertificateSigningRequest")] = KindRole.Inert,
    };

    /// <summary>Kinds that exist only without a namespace; kubectl drops metadata.namespace on them.</summary>
    private static readonly HashSet<string> ClusterScoped = new(StringComparer.Ordinal)
    {
        "Node", "Namespace", "RuntimeClass", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "IngressClass",
        "StorageClass", "CSIDriver", "PriorityClass", "CustomResourceDefinition", "CertificateSigningRequest",
        "AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
        "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding",
        "APIService",
    };

    public static KindRole Role(string apiVersion, string kind)
    {
        if (Served.TryGetValue((apiVersion, kind), out var role))
        {
            return role;
        }
        return kind == "Kustomization" && apiVersion.StartsWith("kustomize.config.k8s.io/", StringComparison.Ordinal)
            ? KindRole.Kustomization
            : KindRole.NotJudged;
    }

    public static bool IsClusterScoped(string kind) => ClusterScoped.Contains(kind);

    /// <summary>Why a kind is not judged, for the diagnostic: the known kinds with effects privc does not model, then the rest.</summary>
    public static string WhyNotJudged(string apiVersion, string kind)
    {
        if (Served.Keys.Any(k => k.Kind == kind) && !Served.ContainsKey((apiVersion, kind)))
        {
            var served = Served.Keys.First(k => k.Kind == kind).ApiVersion;
            return $"Kubernetes 1.30 serves {kind} as {served}, not {apiVersion}; the API server rejects it (convert it to {served})";
        }
        return kind switch
        {
            "AdminNetworkPolicy" or "BaselineAdminNetworkPolicy" =>
                "cluster-wide admin network policies take precedence over (or fill in under) NetworkPolicies, and privc does not model them",
            "HorizontalPodAutoscaler" => "it changes the replica count of a workload at run time, and privc judges a fixed count",
            "MutatingWebhookConfiguration" or "MutatingAdmissionPolicy" or "MutatingAdmissionPolicyBinding" =>
                "admission mutation can rewrite pods (node selectors, tolerations) after privc has read them",
            "ValidatingWebhookConfiguration" or "ValidatingAdmissionPolicy" or "ValidatingAdmissionPolicyBinding" =>
                "admission control can refuse objects, such as the NetworkPolicies privc counts on",
            _ => $"privc does not know what {apiVersion} {kind} does; custom resources (for example CNI policies or service meshes) may move pods or allow traffic",
        };
    }
}
