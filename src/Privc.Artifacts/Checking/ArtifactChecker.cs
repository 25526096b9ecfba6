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
/// What one check reads: the manifests in the order kubectl applies them, the cluster state (Node, Namespace and
/// RuntimeClass objects, not applied), the ONOS flow rules when given, and how much the caller asks to be judged.
/// </summary>
public sealed record ArtifactInputs(IReadOnlyList<SourceText> Manifests, SourceText? Flows)
{
    public IReadOnlyList<SourceText> ClusterState { get; init; } = [];

    /// <summary>ONOS groups (privc's onos/groups.json or GET /onos/v1/groups): GROUP instructions are then evaluated and every single failure on the flows' paths judged.</summary>
    public SourceText? Groups { get; init; }

    /// <summary>Judge placements and network policy only: intents' network conditions are not judged and that is not reported as a gap.</summary>
    public bool PlacementOnly { get; init; }

    /// <summary>The namespace of objects that name none (kubectl's context namespace).</summary>
    public string DefaultNamespace { get; init; } = "default";

    /// <summary>The intent files, to locate "no intent to judge".</summary>
    public IReadOnlyList<string> IntentFiles { get; init; } = [];

    /// <summary>
    /// Whether a program without intents is fine. For <c>check</c> it is not (nothing was judged, PRIV5101); for
    /// compile's re-reading of its own artifacts it is, since a program may consist of an objective alone.
    /// </summary>
    public bool AllowNoIntents { get; init; }

    /// <summary>What the caller found while choosing the inputs (a kustomization in a folder): cannot-judge warnings that belong to the verdict.</summary>
    public IReadOnlyList<Diagnostic> InputFindings { get; init; } = [];
}

/// <summary>Reads Kubernetes manifests (and ONOS flow rules, when given) back into a configuration and judges it.</summary>
public static class ArtifactChecker
{
    /// <summary>The condition under which failure cases of fast-failover groups that stop or split a flow are reported.</summary>
    public const string FailoverCondition = FailoverTracer.Condition;

    /// <summary>
    /// Judges the artifacts. Without flow rules the network paths are not judged (W3, W4 and route intents are out
    /// of scope and <see cref="ArtifactVerdict.RoutesJudged"/> is false). Errors in the artifacts (diagnostics) mean
    /// nothing was judged: the violations are then empty.
    /// </summary>
    public static ArtifactVerdict Check(BoundProgram program, TopologyModel topology, IReadOnlyList<SourceText> manifests, SourceText? flows) =>
        Check(program, topology, new ArtifactInputs(manifests, flows));

    public static ArtifactVerdict Check(BoundProgram program, TopologyModel topology, ArtifactInputs inputs)
    {
        var reading = KubernetesReader.Read(new KubernetesInputs(inputs.Manifests, inputs.ClusterState) { DefaultNamespace = inputs.DefaultNamespace }, topology, program);
        var diagnostics = new List<Diagnostic>(reading.Diagnostics.Concat(inputs.InputFindings));
        FlowTrace? trace = null;
        var failureViolations = ImmutableArray<Violation>.Empty;
        if (inputs.Flows is { } flows && !reading.HasErrors)
        {
            if (inputs.Groups is { } groups)
            {
                var failover = FailoverTracer.Trace(flows, groups, topology, program, reading.Placements);
                trace = failover.Normal;
                failureViolations = failover.Violations;
            }
            else
            {
                trace = FlowTracer.Trace(flows, topology, program, reading.Placements);
            }
            diagnostics.AddRange(trace.Diagnostics);
        }
        else if (inputs.Flows is { } malformed)
        {
            // Still report malformed flow rules in the same run; without placements there is nothing to trace.
            diagnostics.AddRange(FlowTracer.Trace(malformed, topology, program, []).Diagnostics.Where(d => d.IsError));
        }
        var routesJudged = trace is not null;
        var notJudged = NotJudgedIntents(program, routesJudged);
        if (!routesJudged && !inputs.PlacementOnly && inputs.Flows is null)
        {
            foreach (var (intent, what) in notJudged)
            {
                diagnostics.Add(DiagnosticCatalogue.CheckRoutesNotJudged(intent.Location, intent.Name, what));
            }
        }
        if (!inputs.AllowNoIntents && !program.Intents.Any(i => i is not DeclassifyIntent))
        {
            diagnostics.Add(DiagnosticCatalogue.CheckNothingToJudge(inputs.IntentFiles.FirstOrDefault() ?? "privc"));
        }
        var configuration = new Configuration(reading.Placements, trace?.Routes ?? [], reading.Allowed);
        var sorted = diagnostics.Distinct().Order().ToImmutableArray();
        var notJudgedNames = notJudged.Select(n => n.Intent.Name).ToImmutableArray();
        if (sorted.Any(d => d.IsError))
        {
            return new ArtifactVerdict(configuration, [], sorted, routesJudged) { NotJudged = notJudgedNames };
        }
        var report = trace is null
            ? ConfigurationChecker.CheckWithoutRoutes(program, topology, configuration)
            : ConfigurationChecker.Check(program, topology, configuration);
        var locations = new Dictionary<Violation, ImmutableArray<SourceLocation>>();
        var violations = report.Violations
            .Where(v => !Uncertain(v, reading))
            .Concat(reading.Undetermined.Select(service => new Violation(
                StructuralCondition.Placement,
                ViolationKind.WrongReplicaCount,
                $"the manifests leave the placement of service '{service}' to the scheduler, so no proof covers where its replicas run; pin it with required node affinity on kubernetes.io/hostname",
                new Witness { Service = service, Quantity = "replicas", Measured = reading.Placements.FirstOrDefault(p => p.Service == service)?.Nodes.Length, Bound = program.Services.FirstOrDefault(s => s.Name == service)?.Replicas })))
            .Concat(trace?.Problems.Select(p => p.ToViolation()) ?? [])
            .Concat(failureViolations)
            .ToList();
        foreach (var finding in reading.Findings)
        {
            violations.Add(finding.Violation);
            locations[finding.Violation] = finding.At;
        }
        var ordered = ConfigurationChecker.Sort(program, violations);
        foreach (var violation in ordered.Where(v => !locations.ContainsKey(v)))
        {
            locations[violation] = ViolationLocator.Locate(violation, reading, inputs.Flows);
        }
        return new ArtifactVerdict(configuration, ordered, sorted, routesJudged)
        {
            NotJudged = notJudgedNames,
            Locations = locations.ToImmutableDictionary(),
            PlacementOnly = inputs.PlacementOnly && !routesJudged,
            Reading = reading,
        };
    }

    /// <summary>
    /// Intents with conditions on routes, which are judged only with flow rules: route intents, and keep intents
    /// whose data a flow carries (the devices and links of its routes).
    /// </summary>
    private static List<(Intent Intent, string What)> NotJudgedIntents(BoundProgram program, bool routesJudged)
    {
        if (routesJudged)
        {
            return [];
        }
        var result = new List<(Intent, string)>();
        foreach (var intent in program.Intents)
        {
            switch (intent)
            {
                case RouteIntent route when !route.Flows.IsEmpty:
                    result.Add((intent, "its route conditions"));
                    break;
                case KeepIntent keep when !keep.Flows.IsEmpty:
                    result.Add((intent, "the devices and links its data crosses (its nodes are judged)"));
                    break;
            }
        }
        return result;
    }

    /// <summary>A W5 "declared flow not allowed" that only unknown facts decide is a cannot-judge (PRIV5106), not a violation.</summary>
    private static bool Uncertain(Violation violation, KubernetesReading reading) =>
        violation.Kind == ViolationKind.FlowNotAllowed
        && violation.Witness is { Service: { } source, OtherService: { } target }
        && reading.PossiblyAllowed.Any(f => f.Source == source && f.Target == target && (f.Port is null || f.Port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) == violation.Witness.Port));
}
