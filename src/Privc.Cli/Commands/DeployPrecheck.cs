using Privc.Checking;
using Privc.Artifacts.Checking;
using Privc.Artifacts.Onos;
using Privc.Diagnostics;
using Privc.Live;
using Privc.Parsing;
using Privc.Text;

namespace Privc.Cli.Commands;

/// <summary>
/// What <c>privc deploy</c> does before any request: <c>privc check</c> on the folder itself, against the intents and
/// topology given, reading the files exactly as compile's self-check reads them (the manifests of kubernetes/ outside
/// operator/, operator/ as cluster state, onos/flows.json). The digest check proves the artifacts belong to the
/// certificate; only this proves they still say what it proved (an edited <c>replicas</c> keeps the annotation).
/// </summary>
internal static class DeployPrecheck
{
    private const string OperatorFolder = "kubernetes/operator/";

    /// <summary>Null when check passes; else the exit code (1 unreadable input, 4 violations, 5 not everything judged), after reporting why.</summary>
    public static int? Run(CliContext context, string folder, IReadOnlyList<string> intents, string topology)
    {
        var limits = InputLimits.FromEnvironment(context.Environment);
        var front = FrontEnd.Load(intents, topology, limits);
        var diagnostics = new List<Diagnostic>(front.Diagnostics);
        var manifests = new List<SourceText>();
        var clusterState = new List<SourceText>();
        var root = Path.Combine(folder, "kubernetes");
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            if (relative == Privc.Artifacts.Kubernetes.KustomizationFile.Path)
            {
                continue; // for kubectl apply -k; deploy applies the objects itself and skips it too (DeployFolder)
            }
            var (text, error) = SourceReader.ReadFile(file, limits);
            if (text is null)
            {
                diagnostics.Add(error!);
                continue;
            }
            (relative.StartsWith(OperatorFolder, StringComparison.Ordinal) ? clusterState : manifests).Add(text);
        }
        var (flows, flowsError) = SourceReader.ReadFile(Path.Combine(folder, OnosEmitter.FlowsPath), limits);
        if (flowsError is not null)
        {
            diagnostics.Add(flowsError);
        }
        if (front.Compilation is not { Program: { } program } compilation || diagnostics.Any(d => d.IsError))
        {
            Report(context, diagnostics);
            context.Error.WriteLine("nothing was deployed");
            return ExitCodes.InputError;
        }
        var groupsPath = Path.Combine(folder, OnosEmitter.GroupsPath);
        SourceText? groups = null;
        if (File.Exists(groupsPath))
        {
            (groups, var groupsError) = SourceReader.ReadFile(groupsPath, limits);
            if (groupsError is not null)
            {
                Report(context, [.. diagnostics, groupsError]);
                context.Error.WriteLine("nothing was deployed");
                return ExitCodes.InputError;
            }
        }
        var verdict = ArtifactChecker.Check(program, compilation.Topology, new ArtifactInputs(manifests, flows)
        {
            ClusterState = clusterState,
            IntentFiles = intents,
            Groups = groups,
        });
        // A failure case whose packets are dropped (no fast-failover group bypasses it; compile warned with PRIV4020)
        // stops traffic as plain flow rules do; every other failure-case violation still refuses the deploy.
        verdict = verdict with { Violations = [.. verdict.Violations.Where(v => !(v.Intent == ArtifactChecker.FailoverCondition && v.Kind == ViolationKind.MissingRoute))] };
        if (verdict.Compliant)
        {
            Report(context, diagnostics.Concat(verdict.Diagnostics).Where(d => !d.IsError));
            context.Out.WriteLine($"check: the folder's manifests and flow rules satisfy every intent of {string.Join(", ", intents)} on {topology}");
            return null;
        }
        var outcome = verdict.Status switch
        {
            ArtifactStatus.Violations => $"finds {verdict.Violations.Length} violation(s) of {string.Join(", ", verdict.ViolatedIntents)}",
            ArtifactStatus.NotJudged => "cannot judge every intent",
            _ => "cannot read the artifacts",
        };
        Report(context, diagnostics.Concat(verdict.Diagnostics).Append(LiveDiagnostics.DeployCheckFailed(folder, outcome)));
        foreach (var violation in verdict.Violations)
        {
            context.Error.WriteLine($"  violated: {violation}");
        }
        context.Error.WriteLine("nothing was deployed");
        return verdict.Status switch
        {
            ArtifactStatus.Violations => ExitCodes.Violations,
            ArtifactStatus.NotJudged => ExitCodes.NotJudged,
            _ => ExitCodes.InputError,
        };
    }

    private static void Report(CliContext context, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics.Distinct().Order())
        {
            context.Error.WriteLine(DiagnosticFormatter.Format(diagnostic, withSource: false));
        }
    }
}
