using Privc.Artifacts.Kubernetes;
using Privc.Checking;
using Privc.Text;

namespace Privc.Tests.Artifacts.Kubernetes;

/// <summary>
/// Traffic with external endpoints (specs/kubernetes.md, "External endpoints"; specs/check.md section 8): the
/// hospital-monitoring example's NetworkPolicies allow Prometheus's scrapes and the upload to the research registry,
/// check reads them back as exactly those endpoints, and every widening, narrowing or change of port is caught, by the
/// reader or by the independent checker's W5.
/// </summary>
[Collection(ProvenExamplesCollection.Name)]
public class ExternalTrafficTests(ProvenExamples examples)
{
    private const string Example = "hospital-monitoring";

    private (KubernetesReading Reading, CheckReport Report) Check(Func<string, string, string>? tamper = null, Func<Privc.Semantics.BoundProgram, Privc.Semantics.BoundProgram>? program = null)
    {
        var example = examples[Example];
        var files = KubernetesEmitter.Emit(example.Program, example.Topology, example.Plan, example.Digest);
        var manifests = files.Where(f => !f.Path.Contains("/operator/", StringComparison.Ordinal))
            .Select(f => new SourceText(f.Path, tamper is null ? f.Content : tamper(f.Path, f.Content)))
            .ToList();
        var bound = program is null ? example.Program : program(example.Program);
        var reading = KubernetesReader.Read(manifests, example.Topology, bound);
        Assert.False(reading.HasErrors, string.Join("\n", reading.Diagnostics));
        var report = ConfigurationChecker.Check(bound, example.Topology, new Configuration(reading.Placements, example.Plan.Routes, reading.Allowed));
        return (reading, report);
    }

    private static Func<string, string, string> Replace(string file, string from, string to) => (path, content) =>
    {
        if (path != $"kubernetes/{file}.yaml")
        {
            return content;
        }
        Assert.Contains(from, content);
        return content.Replace(from, to, StringComparison.Ordinal);
    };

    private static IEnumerable<(ViolationKind Kind, string Message)> Violations(KubernetesReading reading, CheckReport report) =>
        reading.Findings.Select(f => (f.Violation.Kind, f.Violation.Message)).Concat(report.Violations.Select(v => (v.Kind, v.Message)));

    [Z3Fact]
    public void Emitted_ExternalFlows_AreAllowedExactlyAndCompliant()
    {
        var (reading, report) = Check();
        Assert.Empty(reading.Findings);
        Assert.Contains(new AllowedFlow("research", "research-registry", 443), reading.Allowed);
        Assert.Contains(new AllowedFlow("prometheus", "triage", 9000), reading.Allowed);
        Assert.Contains(new AllowedFlow("prometheus", "anonymiser", 7000), reading.Allowed);
        Assert.True(report.Compliant, string.Join("\n", report.Violations));
    }

    [Z3Fact]
    public void WidenedIpBlock_AdmitsAddressesNoEndpointHas()
    {
        var (reading, report) = Check(Replace("research", "cidr: 203.0.113.0/24", "cidr: 203.0.0.0/16"));
        var violations = Violations(reading, report).ToList();
        Assert.Contains(violations, v => v.Kind == ViolationKind.UndeclaredFlowAllowed && v.Message.Contains("ipBlock 203.0.0.0/16", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Kind == ViolationKind.FlowNotAllowed && v.Message.Contains("registry_upload", StringComparison.Ordinal));
    }

    [Z3Fact]
    public void IpBlockWithExceptsInsideTheEndpoint_IsTheEndpoint()
    {
        var (reading, report) = Check(Replace("research", "cidr: 203.0.113.0/24", "cidr: 203.0.112.0/23\n        except:\n        - 203.0.112.0/24"));
        Assert.Empty(reading.Findings);
        Assert.True(report.Compliant, string.Join("\n", report.Violations));
    }

    [Z3Fact]
    public void NarrowedIpBlock_DoesNotAllowTheDeclaredFlow()
    {
        var (reading, report) = Check(Replace("research", "cidr: 203.0.113.0/24", "cidr: 203.0.113.128/25"));
        var violation = Assert.Single(Violations(reading, report));
        Assert.Equal(ViolationKind.FlowNotAllowed, violation.Kind);
        Assert.Contains("only with part of external endpoint 'research-registry'", violation.Message);
    }

    [Z3Fact]
    public void OtherPortToTheEndpoint_IsUndeclared()
    {
        var (reading, report) = Check(Replace("research", "port: 443", "port: 444"));
        Assert.Empty(reading.Findings);
        Assert.Contains(report.Violations, v => v.Kind == ViolationKind.UndeclaredFlowAllowed && v.Witness.OtherService == "research-registry" && v.Witness.Port == "444");
        Assert.Contains(report.Violations, v => v.Kind == ViolationKind.FlowNotAllowed && v.Witness.Flow == "registry_upload");
    }

    [Z3Fact]
    public void EndpointWithoutItsDeclaredFlow_IsUndeclaredTraffic()
    {
        var (_, report) = Check(program: p => p with { ExternalFlows = p.ExternalFlows.RemoveAll(f => f.Name == "registry_upload") });
        var violation = Assert.Single(report.Violations);
        Assert.Equal(ViolationKind.UndeclaredFlowAllowed, violation.Kind);
        Assert.Equal(("research", "research-registry", "443"), (violation.Witness.Service, violation.Witness.OtherService, violation.Witness.Port));
    }

    [Z3Theory]
    [InlineData("kubernetes.io/metadata.name: monitoring", "team: monitoring")]
    [InlineData("app.kubernetes.io/name: prometheus", "app.kubernetes.io/name: grafana")]
    public void SelectorPeerBeyondTheEndpoint_AdmitsPodsOutsideTheProgram(string from, string to)
    {
        var (reading, report) = Check(Replace("triage", from, to));
        var violations = Violations(reading, report).ToList();
        Assert.Contains(violations, v => v.Kind == ViolationKind.UndeclaredFlowAllowed && v.Message.Contains("run no program service", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Kind == ViolationKind.FlowNotAllowed && v.Message.Contains("scrape_triage", StringComparison.Ordinal));
    }

    [Z3Fact]
    public void NarrowerPodSelector_IsInsideButDoesNotAllowTheDeclaredFlow()
    {
        var (reading, report) = Check(Replace("triage", "app.kubernetes.io/name: prometheus\n", "app.kubernetes.io/name: prometheus\n          shard: \"0\"\n"));
        var violation = Assert.Single(Violations(reading, report));
        Assert.Equal(ViolationKind.FlowNotAllowed, violation.Kind);
        Assert.Contains("scrape_triage", violation.Message);
    }
}
