using System.Collections.Immutable;
using Privc.Artifacts.Kubernetes;
using Privc.Artifacts.Onos;
using Privc.Checking;
using Privc.Diagnostics;
using Privc.Semantics;
using Privc.Text;
using Privc.Topology;

namespace Privc.Artifacts.Checking;

/// <summary>
/// The verdict on deployed artifacts (<c>privc check</c>, and compile's own re-reading of what it emits): the
/// configuration the artifacts describe, the independent checker's report on it, and what the readers found on the
/// way. <see cref="Violations"/> merges the checker's violations, every packet path the flow rules break (W3), and
/// every service whose placement the manifests leave to the scheduler (W1): each is a reason not to deploy.
/// </summary>
public sealed record ArtifactVerdict(
    Configuration Configuration,
    ImmutableArray<Violation> Violations,
    ImmutableArray<Diagnostic> Diagnostics,
    bool RoutesJudged)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>Whether something could not be judged (a cannot-judge warning, PRIV5150-5199): then the verdict is never "compliant".</summary>
    public bool HasUnjudged => Diagnostics.Any(CannotJudge.Is);

    public bool Compliant => !HasErrors && Violations.IsEmpty && !HasUnjudged;

    public ImmutableArray<string> ViolatedIntents => Violations.Select(v => v.Intent).Distinct(StringComparer.Ordinal).ToImmutableArray();
}

/// <summary>Reads Kubernetes manifests (and ONOS flow rules, when given) back into a configuration and judges it.</summary>
public static class ArtifactChecker
{
    /// <summary>
    /// Judges the artifacts. Without flow rules the network paths are not judged (W3, W4 and route intents are out
    /// of scope and <see cref="ArtifactVerdict.RoutesJudged"/> is false). Errors in the artifacts (diagnostics) mean
    /// nothing was judged: the violations are then empty.
    /// </summary>
    public static ArtifactVerdict Check(BoundProgram program, TopologyModel topology, IReadOnlyList<SourceText> manifests, SourceText? flows)
    {
        var reading = KubernetesReader.Read(manifests, topology, program);
        var diagnostics = new List<Diagnostic>(reading.Diagnostics);
        FlowTrace? trace = null;
        if (flows is not null && !reading.HasErrors)
        {
            trace = FlowTracer.Trace(flows, topology, program, reading.Placements);
            diagnostics.AddRange(trace.Diagnostics);
        }
        else if (flows is not null)
        {
            // Still report malformed flow rules in the same run; without placements there is nothing to trace.
            diagnostics.AddRange(FlowTracer.Trace(flows, topology, program, []).Diagnostics.Where(d => d.IsError));
        }
        var configuration = new Configuration(reading.Placements, trace?.Routes ?? [], reading.Allowed);
        var sorted = diagnostics.Distinct().Order().ToImmutableArray();
        if (sorted.Any(d => d.IsError))
        {
            return new ArtifactVerdict(configuration, [], sorted, trace is not null);
        }
        var report = trace is null
            ? ConfigurationChecker.CheckWithoutRoutes(program, topology, configuration)
            : ConfigurationChecker.Check(program, topology, configuration);
        var violations = report.Violations
            .Concat(reading.Undetermined.Select(service => new Violation(
                StructuralCondition.Placement,
                ViolationKind.WrongReplicaCount,
                $"the manifests leave the placement of service '{service}' to the scheduler, so no proof covers where its replicas run; pin it with required node affinity on kubernetes.io/hostname",
                new Witness { Service = service, Quantity = "replicas", Measured = reading.Placements.FirstOrDefault(p => p.Service == service)?.Nodes.Length, Bound = program.Services.FirstOrDefault(s => s.Name == service)?.Replicas })))
            .Concat(trace?.Problems.Select(p => p.ToViolation()) ?? []);
        return new ArtifactVerdict(configuration, ConfigurationChecker.Sort(program, violations), sorted, trace is not null);
    }
}
