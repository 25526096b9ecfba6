using System.Text.Json.Serialization;
using k8s.Models;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// Compile-time System.Text.Json metadata for the KubernetesClient models the manifest reader turns objects into
/// (<see cref="ManifestDocuments.Deserialize{T}"/>): the reflection resolver builds the same metadata on first use
/// with Reflection.Emit and then JIT-compiles it, which made reading privc's own output back the larger part of a
/// compile's self-check (specs/benchmarks/results.md). Names, converters (the models' own IntOrString and quantity
/// converters, KubernetesClient's date converters from the options) and strictness are unchanged: the options in
/// <see cref="ManifestDocuments"/> still refuse unknown fields. A kind the reader deserialises must be listed here,
/// or reading it throws (a privc bug the reader tests catch), never a silent fallback.
/// </summary>
[JsonSerializable(typeof(V1Node))]
[JsonSerializable(typeof(V1Namespace))]
[JsonSerializable(typeof(V1RuntimeClass))]
[JsonSerializable(typeof(V1NetworkPolicy))]
[JsonSerializable(typeof(V1Deployment))]
[JsonSerializable(typeof(V1StatefulSet))]
[JsonSerializable(typeof(V1DaemonSet))]
[JsonSerializable(typeof(V1ReplicaSet))]
[JsonSerializable(typeof(V1ReplicationController))]
[JsonSerializable(typeof(V1Job))]
[JsonSerializable(typeof(V1CronJob))]
[JsonSerializable(typeof(V1Pod))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
