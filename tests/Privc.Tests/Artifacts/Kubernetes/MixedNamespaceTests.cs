using System.Collections.Immutable;
using System.Globalization;
using Privc.Artifacts.Kubernetes;
using Privc.Checking;
using Privc.Semantics;
using Privc.Text;

namespace Privc.Tests.Artifacts.Kubernetes;

/// <summary>
/// privc's NetworkPolicies select only privc's pods (<c>app.kubernetes.io/managed-by: privc</c>): a workload privc did
/// not write, in a namespace privc uses, keeps its traffic, and privc's own services stay isolated from it. Judged by
/// check's NetworkPolicy model (the same reader `privc check` runs) on every proven example's manifests.
/// </summary>
[Collection(ProvenExamplesCollection.Name)]
public class MixedNamespaceTests(ProvenExamples examples)
{
    [Z3Theory]
    [MemberData(nameof(ProvenExamples.Names), MemberType = typeof(ProvenExamples))]
    public void ForeignWorkloads_InPrivcNamespaces_StayReachable_AndPrivcStaysCompliant(string name)
    {
        var example = examples[name];
        var files = KubernetesEmitter.Emit(example.Program, example.Topology, example.Plan, example.Digest);
        var namespaces = example.Program.Services.Select(s => s.Namespace).Distinct().Order(StringComparer.Ordinal).ToList();
        var foreign = namespaces.Select((ns, i) => (Namespace: ns, A: $"foreign-a{i}", B: $"foreign-b{i}")).ToList();
        var manifests = files.Where(f => !f.Path.Contains("/operator/", StringComparison.Ordinal)).Select(f => new SourceText(f.Path, f.Content))
            .Append(new SourceText("foreign.yaml", string.Join("---\n", foreign.SelectMany(f => new[] { Foreign(f.A, f.Namespace), Foreign(f.B, f.Namespace) }))))
            .ToList();

        // The program's own verdict is unchanged by its neighbours.
        var reading = KubernetesReader.Read(manifests, example.Topology, example.Program);
        Assert.False(reading.HasErrors, string.Join("\n", reading.Diagnostics));
        Assert.Empty(reading.Undetermined);
        Assert.Empty(reading.Findings);
        var report = ConfigurationChecker.Check(example.Program, example.Topology, new Configuration(reading.Placements, example.Plan.Routes, reading.Allowed));
        Assert.True(report.Compliant, string.Join("\n", report.Violations));

        // The same manifests read for a program that also names the foreign workloads: check's policy evaluation
        // then says what traffic they have. Each pair of neighbours talks on every port; none reaches privc's pods.
        var probe = example.Program with
        {
            Services = example.Program.Services.AddRange(foreign.SelectMany(f => new[] { Probe(example.Program, f.A, f.Namespace), Probe(example.Program, f.B, f.Namespace) })),
        };
        var probed = KubernetesReader.Read(manifests, example.Topology, probe);
        Assert.False(probed.HasErrors, string.Join("\n", probed.Diagnostics));
        var names = foreign.SelectMany(f => new[] { f.A, f.B }).ToHashSet(StringComparer.Ordinal);
        foreach (var (_, a, b) in foreign)
        {
            Assert.Contains(new AllowedFlow(a, b, null), probed.Allowed);
            Assert.Contains(new AllowedFlow(b, a, null), probed.Allowed);
        }
        var crossing = probed.Allowed.Concat(probed.PossiblyAllowed).Where(f => names.Contains(f.Source) != names.Contains(f.Target)).ToList();
        Assert.True(crossing.Count == 0, "privc's pods and foreign pods exchange traffic: " + string.Join(", ", crossing));
    }

    private static Service Probe(BoundProgram program, string name, string ns) =>
        program.Services[0] with
        {
            Name = name,
            Image = $"example.org/foreign/{name}:1",
            Replicas = 1,
            Ports = [8080],
            Namespace = ns,
            Tenant = "foreign",
            DeclaredHandles = [],
            Holds = [],
        };

    private static string Foreign(string name, string ns) => string.Create(CultureInfo.InvariantCulture, $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
              - name: web
                image: example.org/foreign/{name}:1
                ports:
                - containerPort: 8080

        """);
}
