using System.Collections.Immutable;
using Privc.Artifacts.Checking;
using Privc.Artifacts.Kubernetes;
using Privc.Artifacts.Onos;
using Privc.Checking;
using Privc.Semantics;
using Privc.Verification;
using Privc.Diagnostics;
using Privc.Artifacts.Emit;
using Privc.Text;
using Privc.Topology;

namespace Privc.Artifacts;

/// <summary>
/// What <c>privc compile</c> writes for a proven plan (with the emitters' warnings), or, as <see cref="Rejection"/>,
/// the privc bug that stopped it writing anything.
/// </summary>
public sealed record DeploymentOutput(OutputBundle? Bundle, ImmutableArray<Diagnostic> Diagnostics, string? Rejection)
{
    public bool Succeeded => Bundle is not null;
}

/// <summary>
/// Every output of a successful compile: plan.json and certificate/ (Privc.Core), then the Kubernetes manifests and
/// ONOS flow rules stamped with the certificate's digest. Before anything is returned the artifacts are read back
/// exactly as <c>privc check</c> reads deployed ones and judged by the independent checker: what privc writes is
/// what it proved, at the level of the YAML and JSON, not only of the plan. A failure there is a privc bug
/// (<see cref="DeploymentOutput.Rejection"/>) and nothing is written.
/// </summary>
public static class DeploymentArtifacts
{
    /// <summary>Where compile records the re-check of its own artifacts (not covered by the digest, which it follows).</summary>
    public const string ArtifactCheckFile = "certificate/artifacts-check.json";

    private const string KubernetesFolder = "kubernetes/";
    private const string OperatorFolder = "kubernetes/operator/";

    /// <summary>Builds and self-checks the artifacts; <paramref name="stage"/>, when given, hears how long emitting and self-checking took.</summary>
    public static DeploymentOutput Build(BoundProgram program, TopologyModel topology, VerificationResult.Proven proven, Action<string, TimeSpan>? stage = null)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var bundle = ArtifactBuilder.Build(program, topology, proven);
        // The digest covers a resilient plan's groups, so it is taken once the emitter knows them.
        var proof = bundle;
        var onos = OnosEmitter.Build(program, topology, proven.Plan,
            groups => CertificateWriter.Digest(groups is null ? proof : proof.With(OnosEmitter.GroupsPath, groups)), failover: proven.Resilience > 0);
        if (!onos.Succeeded)
        {
            // W3 (specs/semantics.md) makes every proven plan expressible as flow rules, so this is a privc bug.
            return new DeploymentOutput(null, [], "the proven routes cannot be installed as ONOS flow rules, which W3 rules out: "
                + string.Join("; ", onos.Diagnostics.Select(d => DiagnosticFormatter.FormatHeader(d))));
        }
        var digest = onos.CertificateDigest!;
        var kubernetes = KubernetesEmitter.Emit(program, topology, proven.Plan, digest);
        var files = kubernetes.Append(KustomizationFile.For(kubernetes, digest)).Concat(onos.Files).ToList();
        foreach (var file in files)
        {
            bundle = bundle.With(file.Path, file.Content);
        }

        // Read back as the README's recipe checks a deployment: kubectl apply -f kubernetes/ applies the files of
        // kubernetes/ itself, and kubernetes/operator/ is cluster state the operator applies once (--nodes).
        // The kustomization lists exactly these files, so `kubectl apply -k kubernetes/` applies the same objects.
        var manifests = files.Where(f => f.Path.StartsWith(KubernetesFolder, StringComparison.Ordinal) && !f.Path.StartsWith(OperatorFolder, StringComparison.Ordinal)
                && f.Path != KustomizationFile.Path)
            .OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => new SourceText(f.Path, f.Content)).ToList();
        var clusterState = files.Where(f => f.Path.StartsWith(OperatorFolder, StringComparison.Ordinal))
            .OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => new SourceText(f.Path, f.Content)).ToList();
        var flows = files.Single(f => f.Path == OnosEmitter.FlowsPath);
        var groups = files.SingleOrDefault(f => f.Path == OnosEmitter.GroupsPath);
        stage?.Invoke("emit", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        started = System.Diagnostics.Stopwatch.GetTimestamp();
        var verdict = ArtifactChecker.Check(program, topology, new ArtifactInputs(manifests, new SourceText(flows.Path, flows.Content))
        {
            ClusterState = clusterState,
            AllowNoIntents = true,
            Groups = groups is null ? null : new SourceText(groups.Path, groups.Content),
        });
        stage?.Invoke("self-check", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        // A failure the emitter warned it cannot bypass (PRIV4020) stops those packets, as it would without groups;
        // anything else the failure cases show (a detour that leaks, loops or misdelivers) is still a privc bug.
        verdict = verdict with
        {
            Violations = [.. verdict.Violations.Where(v => !FailoverTolerance.Tolerated(v, onos.Unprotected))],
        };
        if (!verdict.Compliant)
        {
            var problems = verdict.Diagnostics.Where(d => d.IsError || DiagnosticCatalogue.IsCannotJudge(d)).Select(d => DiagnosticFormatter.FormatHeader(d))
                .Concat(verdict.Violations.Select(v => v.ToString()));
            return new DeploymentOutput(null, [], "the emitted artifacts, read back, do not satisfy the intents: " + string.Join("; ", problems));
        }
        bundle = bundle.With(ArtifactCheckFile, JsonText.Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("checker", "privc independent checker on the configuration read back from the emitted artifacts (as privc check reads them)");
            json.WriteString("certificate", digest);
            json.WriteString("verdict", "passed");
            json.WriteStartArray("manifests");
            foreach (var file in manifests)
            {
                json.WriteStringValue(file.Path);
            }
            json.WriteEndArray();
            json.WriteStartArray("clusterState");
            foreach (var file in clusterState)
            {
                json.WriteStringValue(file.Path);
            }
            json.WriteEndArray();
            json.WriteString("flows", flows.Path);
            if (groups is not null)
            {
                json.WriteString("groups", groups.Path);
            }
            json.WriteNumber("placements", verdict.Configuration.Placements.Length);
            json.WriteNumber("routes", verdict.Configuration.Routes.Length);
            json.WriteNumber("allowedFlows", verdict.Configuration.Allowed.Length);
            json.WriteEndObject();
        }));
        return new DeploymentOutput(bundle, onos.Diagnostics, null);
    }
}
