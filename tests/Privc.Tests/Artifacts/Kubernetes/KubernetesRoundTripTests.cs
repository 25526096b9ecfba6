using System.Collections.Immutable;
using Privc.Artifacts;
using Privc.Artifacts.Kubernetes;
using Privc.Checking;
using Privc.Text;

namespace Privc.Tests.Artifacts.Kubernetes;

/// <summary>
/// Emitting a proven example's plan and reading the manifests back gives the plan's placements and allowed flows,
/// which the checker accepts; tampering with the manifests is caught by the checker.
/// </summary>
[Collection(ProvenExamplesCollection.Name)]
public class KubernetesRoundTripTests(ProvenExamples examples)
{
    private static List<SourceText> Sources(IEnumerable<ArtifactFile> files) =>
        files.Select(f => new SourceText(f.Path, f.Content)).ToList();

    private static string Show(IEnumerable<Placement> placements) =>
        string.Join("; ", placements.Select(p => $"{p.Service}: {string.Join(",", p.Nodes)}"));

    private static string Show(IEnumerable<AllowedFlow> allowed) =>
        string.Join("; ", allowed.Select(a => $"{a.Source}->{a.Target}:{a.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "*"}"));

    [Z3Theory]
    [MemberData(nameof(ProvenExamples.Names), MemberType = typeof(ProvenExamples))]
    public void EmittedManifests_ReadBack_ToThePlanAndTheCheckerAcceptsThem(string name)
    {
        var example = examples[name];
        var files = KubernetesEmitter.Emit(example.Program, example.Topology, example.Plan, example.Digest);
        var reading = KubernetesReader.Read(Sources(files), example.Topology, example.Program);

        Assert.Empty(reading.Diagnostics);
        Assert.Empty(reading.Undetermined);
        Assert.Equal(Show(example.Plan.Placements.OrderBy(p => p.Service, StringComparer.Ordinal)), Show(reading.Placements));
        var planAllowed = example.Plan.Allowed.Distinct()
            .OrderBy(a => a.Source, StringComparer.Ordinal).ThenBy(a => a.Target, StringComparer.Ordinal).ThenBy(a => a.Port ?? 0);
        Assert.Equal(Show(planAllowed), Show(reading.Allowed));
        var report = ConfigurationChecker.Check(example.Program, example.Topology, new Configuration(reading.Placements, example.Plan.Routes, reading.Allowed));
        Assert.True(report.Compliant, string.Join("\n", report.Violations));
    }

    [Z3Theory]
    [MemberData(nameof(ProvenExamples.Names), MemberType = typeof(ProvenExamples))]
    public void Emit_IsByteIdentical_AcrossRunsAndInputOrder(string name)
    {
        var example = examples[name];
        var first = KubernetesEmitter.Emit(example.Program, example.Topology, example.Plan, example.Digest);
        var second = KubernetesEmitter.Emit(example.Program, example.Topology, example.Plan, example.Digest);
        var shuffled = new Configuration(
            example.Plan.Placements.Reverse().Select(p => p with { Nodes = p.Nodes.Reverse().ToImmutableArray() }).ToImmutableArray(),
            example.Plan.Routes.Reverse().ToImmutableArray(),
            example.Plan.Allowed.Reverse().ToImmutableArray());
        var third = KubernetesEmitter.Emit(example.Program, example.Topology, shuffled, example.Digest);
        Assert.Equal(first.Select(f => f.Path), second.Select(f => f.Path));
        foreach (var (a, b) in first.Zip(second).Concat(first.Zip(third)))
        {
            Assert.Equal(a.Path, b.Path);
            Assert.Equal(a.Content, b.Content);
        }
        Assert.All(first, f => Assert.DoesNotContain("\r", f.Content, StringComparison.Ordinal));
        Assert.All(first, f => Assert.DoesNotContain("nodeName", f.Content, StringComparison.Ordinal));
    }

    [Z3Fact]
    public void Tampering_AffinityMovedToANodeAbroad_TheCheckerReportsTheResidencyIntent()
    {
        var example = examples["hospital-au"];
        var files = KubernetesEmitter.Emit(example.Program, example.Topology, example.Plan, example.Digest);
        var original = example.Plan.NodesOf("triage")[0];
        var abroad = example.Topology.Nodes.First(n => n.Labels.GetValueOrDefault("jurisdiction") != "AU").Name;
        var tampered = files.Select(f => f.Path == "kubernetes/triage.yaml"
            ? f with { Content = f.Content.Replace($"                - {original}\n", $"                - {abroad}\n", StringComparison.Ordinal) }
            : f).ToList();
        Assert.NotEqual(files, tampered);

        var reading = KubernetesReader.Read(Sources(tampered), example.Topology, example.Program);
        Assert.Empty(reading.Diagnostics);
        Assert.Contains(abroad, reading.Placements.Single(p => p.Service == "triage").Nodes);
        var report = ConfigurationChecker.Check(example.Program, example.Topology, new Configuration(reading.Placements, example.Plan.Routes, reading.Allowed));
        var violation = Assert.Single(report.Violations, v => v.Intent == "vitals_stay_in_au" && v.Witness.Node == abroad);
        Assert.Equal("triage", violation.Witness.Service);
    }

    [Z3Fact]
    public void Tampering_PolicyWidened_TheCheckerReportsAnUndeclaredFlow()
    {
        var example = examples["hospital-au"];
        var files = KubernetesEmitter.Emit(example.Program, example.Topology, example.Plan, example.Digest).ToList();
        files.Add(new ArtifactFile("kubernetes/zz-debug.yaml", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: research-open, namespace: default}
            spec:
              podSelector: {matchLabels: {privc.io/service: research}}
              ingress: [{}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: anonymiser-out, namespace: default}
            spec:
              podSelector: {matchLabels: {app.kubernetes.io/name: anonymiser}}
              policyTypes: [Egress]
              egress: [{}]
            """));

        var reading = KubernetesReader.Read(Sources(files), example.Topology, example.Program);
        Assert.Empty(reading.Diagnostics);
        Assert.Contains(new AllowedFlow("anonymiser", "research", null), reading.Allowed);
        var report = ConfigurationChecker.Check(example.Program, example.Topology, new Configuration(reading.Placements, example.Plan.Routes, reading.Allowed));
        var violation = Assert.Single(report.Violations);
        Assert.Equal(ViolationKind.UndeclaredFlowAllowed, violation.Kind);
        Assert.Equal(("anonymiser", "research", "*"), (violation.Witness.Service, violation.Witness.OtherService, violation.Witness.Port));
    }
}
