using System.Globalization;
using System.Text;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// Writes the Kubernetes objects <see cref="KubernetesEmitter"/> builds as multi-document YAML, byte for byte as
/// KubernetesClient's <c>KubernetesYaml.SerializeAll</c> writes them, without its reflection serializer (built on first
/// use, and no ahead-of-time compilation removes that set-up; specs/benchmarks/results.md).
/// <para>
/// It feeds YamlDotNet's event emitter (the part of YamlDotNet that writes the text, free of reflection) the events
/// KubernetesYaml's serializer feeds it: every model's non-null properties in declaration order (the models declare
/// them sorted by JSON name), dictionaries in their enumeration order, and each scalar with the style, tag and
/// implicitness that serializer's event emitters give it (<see cref="Text"/>). It knows only the properties the
/// emitter sets; the tests compare it with KubernetesYaml on every example, on generated plans and on strings chosen
/// to need quoting, so a property the emitter starts to set without this writer knowing it fails them.
/// </para>
/// </summary>
internal sealed partial class ManifestYamlWriter
{
    private static readonly TagName StringTag = new("tag:yaml.org,2002:str");
    private static readonly TagName IntegerTag = new("tag:yaml.org,2002:int");
    private static readonly TagName BooleanTag = new("tag:yaml.org,2002:bool");

    private readonly IEmitter emitter;

    private ManifestYamlWriter(IEmitter emitter) => this.emitter = emitter;

    /// <summary>The objects as YAML documents separated by <c>---</c>, as <c>KubernetesYaml.SerializeAll</c> gives them.</summary>
    public static string WriteAll(IEnumerable<object> objects)
    {
        var text = new StringBuilder();
        using var output = new StringWriter(text, CultureInfo.InvariantCulture);
        var emitter = new Emitter(output);
        var writer = new ManifestYamlWriter(emitter);
        // The same event sequence as SerializeAll, which never emits StreamEnd: DocumentEnd flushes each document.
        emitter.Emit(new StreamStart());
        foreach (var value in objects)
        {
            emitter.Emit(new DocumentStart());
            writer.Object(value);
            emitter.Emit(new DocumentEnd(true));
        }
        return text.ToString();
    }

    private void Object(object value)
    {
        switch (value)
        {
            case V1Namespace ns:
                Begin();
                Head(ns.ApiVersion, ns.Kind, ns.Metadata);
                End();
                break;
            case V1NetworkPolicy policy:
                Begin();
                Head(policy.ApiVersion, policy.Kind, policy.Metadata);
                Map("spec", policy.Spec, NetworkPolicySpec);
                End();
                break;
            case V1Node node:
                Begin();
                Head(node.ApiVersion, node.Kind, node.Metadata);
                Map("spec", node.Spec, spec => List("taints", spec.Taints, Taint));
                End();
                break;
            case V1Deployment deployment:
                Begin();
                Head(deployment.ApiVersion, deployment.Kind, deployment.Metadata);
                Map("spec", deployment.Spec, DeploymentSpec);
                End();
                break;
            case V1Service service:
                Begin();
                Head(service.ApiVersion, service.Kind, service.Metadata);
                Map("spec", service.Spec, ServiceSpec);
                End();
                break;
            default:
                // A kind the emitter does not build: a privc bug, caught by the tests before it reaches an output.
                throw new InvalidOperationException($"ManifestYamlWriter does not know {value.GetType().Name}");
        }
    }

    private void Head(string apiVersion, string kind, V1ObjectMeta? metadata)
    {
        String("apiVersion", apiVersion);
        String("kind", kind);
        Map("metadata", metadata, ObjectMeta);
    }

    private void ObjectMeta(V1ObjectMeta metadata)
    {
        Strings("annotations", metadata.Annotations);
        Strings("labels", metadata.Labels);
        String("name", metadata.Name);
        String("namespace", metadata.NamespaceProperty);
    }

    private void Taint(V1Taint taint)
    {
        String("effect", taint.Effect);
        String("key", taint.Key);
        String("value", taint.Value);
    }

    private void ServiceSpec(V1ServiceSpec spec)
    {
        List("ports", spec.Ports, port =>
        {
            String("name", port.Name);
            Integer("port", port.Port);
            String("protocol", port.Protocol);
            IntOrString("targetPort", port.TargetPort);
        });
        Strings("selector", spec.Selector);
        String("type", spec.Type);
    }

    private void NetworkPolicySpec(V1NetworkPolicySpec spec)
    {
        List("egress", spec.Egress, rule =>
        {
            List("ports", rule.Ports, NetworkPolicyPort);
            List("to", rule.To, NetworkPolicyPeer);
        });
        List("ingress", spec.Ingress, rule =>
        {
            List("from", rule.FromProperty, NetworkPolicyPeer);
            List("ports", rule.Ports, NetworkPolicyPort);
        });
        Map("podSelector", spec.PodSelector, LabelSelector);
        Strings("policyTypes", spec.PolicyTypes);
    }

    private void NetworkPolicyPeer(V1NetworkPolicyPeer peer)
    {
        Map("ipBlock", peer.IpBlock, block =>
        {
            String("cidr", block.Cidr);
            Strings("except", block.Except);
        });
        Map("namespaceSelector", peer.NamespaceSelector, LabelSelector);
        Map("podSelector", peer.PodSelector, LabelSelector);
    }

    private void NetworkPolicyPort(V1NetworkPolicyPort port)
    {
        Integer("endPort", port.EndPort);
        IntOrString("port", port.Port);
        String("protocol", port.Protocol);
    }

    private void LabelSelector(V1LabelSelector selector)
    {
        List("matchExpressions", selector.MatchExpressions, requirement =>
        {
            String("key", requirement.Key);
            String("operator", requirement.OperatorProperty);
            Strings("values", requirement.Values);
        });
        Strings("matchLabels", selector.MatchLabels);
    }

    private void DeploymentSpec(V1DeploymentSpec spec)
    {
        Integer("replicas", spec.Replicas);
        Map("selector", spec.Selector, LabelSelector);
        Map("strategy", spec.Strategy, strategy =>
        {
            Map("rollingUpdate", strategy.RollingUpdate, update =>
            {
                IntOrString("maxSurge", update.MaxSurge);
                IntOrString("maxUnavailable", update.MaxUnavailable);
            });
            String("type", strategy.Type);
        });
        Map("template", spec.Template, template =>
        {
            Map("metadata", template.Metadata, ObjectMeta);
            Map("spec", template.Spec, PodSpec);
        });
    }

    private void PodSpec(V1PodSpec spec)
    {
        Map("affinity", spec.Affinity, Affinity);
        Boolean("automountServiceAccountToken", spec.AutomountServiceAccountToken);
        List("containers", spec.Containers, Container);
        Map("securityContext", spec.SecurityContext, context =>
        {
            Boolean("runAsNonRoot", context.RunAsNonRoot);
            Map("seccompProfile", context.SeccompProfile, profile => String("type", profile.Type));
        });
        String("serviceAccountName", spec.ServiceAccountName);
        List("tolerations", spec.Tolerations, toleration =>
        {
            String("effect", toleration.Effect);
            String("key", toleration.Key);
            String("operator", toleration.OperatorProperty);
            String("value", toleration.Value);
        });
        List("topologySpreadConstraints", spec.TopologySpreadConstraints, constraint =>
        {
            Map("labelSelector", constraint.LabelSelector, LabelSelector);
            Integer("maxSkew", constraint.MaxSkew);
            Integer("minDomains", constraint.MinDomains);
            String("topologyKey", constraint.TopologyKey);
            String("whenUnsatisfiable", constraint.WhenUnsatisfiable);
        });
        List("volumes", spec.Volumes, volume =>
        {
            Map("configMap", volume.ConfigMap, source => String("name", source.Name));
            Map("emptyDir", volume.EmptyDir, _ => { });
            String("name", volume.Name);
            Map("secret", volume.Secret, source => String("secretName", source.SecretName));
        });
    }

    private void Affinity(V1Affinity affinity)
    {
        Map("nodeAffinity", affinity.NodeAffinity, node =>
            Map("requiredDuringSchedulingIgnoredDuringExecution", node.RequiredDuringSchedulingIgnoredDuringExecution, selector =>
                List("nodeSelectorTerms", selector.NodeSelectorTerms, term =>
                    List("matchExpressions", term.MatchExpressions, requirement =>
                    {
                        String("key", requirement.Key);
                        String("operator", requirement.OperatorProperty);
                        Strings("values", requirement.Values);
                    }))));
        Map("podAntiAffinity", affinity.PodAntiAffinity, anti =>
            List("requiredDuringSchedulingIgnoredDuringExecution", anti.RequiredDuringSchedulingIgnoredDuringExecution, term =>
            {
                Map("labelSelector", term.LabelSelector, LabelSelector);
                Strings("namespaces", term.Namespaces);
                String("topologyKey", term.TopologyKey);
            }));
    }

    private void Container(V1Container container)
    {
        Strings("args", container.Args);
        Strings("command", container.Command);
        List("env", container.Env, variable =>
        {
            String("name", variable.Name);
            String("value", variable.Value);
            Map("valueFrom", variable.ValueFrom, source =>
                Map("secretKeyRef", source.SecretKeyRef, secret =>
                {
                    String("key", secret.Key);
                    String("name", secret.Name);
                }));
        });
        String("image", container.Image);
        Map("livenessProbe", container.LivenessProbe, Probe);
        String("name", container.Name);
        List("ports", container.Ports, port =>
        {
            Integer("containerPort", port.ContainerPort);
            String("name", port.Name);
            String("protocol", port.Protocol);
        });
        Map("readinessProbe", container.ReadinessProbe, Probe);
        Map("resources", container.Resources, resources =>
        {
            Quantities("limits", resources.Limits);
            Quantities("requests", resources.Requests);
        });
        Map("securityContext", container.SecurityContext, context =>
        {
            Boolean("allowPrivilegeEscalation", context.AllowPrivilegeEscalation);
            Map("capabilities", context.Capabilities, capabilities =>
            {
                Strings("add", capabilities.Add);
                Strings("drop", capabilities.Drop);
            });
            Boolean("readOnlyRootFilesystem", context.ReadOnlyRootFilesystem);
        });
        List("volumeMounts", container.VolumeMounts, mount =>
        {
            String("mountPath", mount.MountPath);
            String("name", mount.Name);
            Boolean("readOnly", mount.ReadOnlyProperty);
        });
    }

    private void Probe(V1Probe probe)
    {
        Map("httpGet", probe.HttpGet, action =>
        {
            String("path", action.Path);
            IntOrString("port", action.Port);
        });
        Map("tcpSocket", probe.TcpSocket, action => IntOrString("port", action.Port));
    }
}
