using System.CommandLine;
using System.Globalization;
using Privc.Artifacts.Kubernetes;
using Privc.Artifacts.Onos;
using Privc.Diagnostics;
using Privc.Live;

namespace Privc.Cli.Commands;

/// <summary>
/// <c>privc deploy DIR [--kubeconfig PATH] [--context NAME] [--onos URL] [--onos-user U] [--onos-password P]
/// [--label-nodes] [--dry-run] [--timeout SECONDS]</c> (specs/live.md): refuses a folder whose artifacts do not cite
/// its own certificate (exit 4) before any request; then server-side applies every Kubernetes object as a dry run,
/// and only when all pass, for real; then replaces privc's ONOS flow rules. Exit 0 deployed, 1 bad input or a
/// server that is unreachable or refused something, 4 tampered or stale artifacts.
/// </summary>
internal static class DeployCommand
{
    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("DIR") { Description = "A privc compile output folder (plan.json, certificate/, kubernetes/, onos/)." };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Kubeconfig file (default: KUBECONFIG, else ~/.kube/config)." };
        var kubeContext = new Option<string?>("--context") { Description = "Kubeconfig context (default: its current context)." };
        var onos = new Option<string?>("--onos") { Description = "ONOS base URL, e.g. http://onos:8181; without it no flow rule is installed." };
        var user = new Option<string?>("--onos-user") { Description = "ONOS user (default: ONOS_USER, else onos)." };
        var password = new Option<string?>("--onos-password") { Description = "ONOS password (default: ONOS_PASSWORD, else rocks)." };
        var labelNodes = new Option<bool>("--label-nodes") { Description = "Also apply kubernetes/operator/node-setup.yaml (labels and taints on existing Node objects)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only the Kubernetes dry run (dryRun=All); print what ONOS would receive." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each server answer (default: 30).", DefaultValueFactory = _ => 30 };
        var command = new Command("deploy", "Deploy a compile output: Kubernetes server-side apply (dry run first) and ONOS flow rules, after checking the artifacts cite their certificate.")
        {
            folder, kubeconfig, kubeContext, onos, user, password, labelNodes, dryRun, timeout,
        };
        command.SetAction((parse, token) => RunAsync(context, token, new Options(
            parse.GetValue(folder)!, parse.GetValue(kubeconfig), parse.GetValue(kubeContext), parse.GetValue(onos),
            parse.GetValue(user), parse.GetValue(password), parse.GetValue(labelNodes), parse.GetValue(dryRun), parse.GetValue(timeout))));
        return command;
    }

    private sealed record Options(string Folder, string? Kubeconfig, string? Context, string? Onos, string? User, string? Password, bool LabelNodes, bool DryRun, int Timeout);

    private static async Task<int> RunAsync(CliContext context, CancellationToken cancellationToken, Options options)
    {
        if (options.Timeout < 1)
        {
            return Fail(context, DiagnosticCatalogue.Usage("--timeout must be at least 1 second"));
        }
        var read = DeployFolderReader.Read(options.Folder);
        if (read.Folder is not { } folder)
        {
            Report(context, read.Diagnostics);
            context.Error.WriteLine("nothing was deployed");
            return read.Tampered ? ExitCodes.Violations : ExitCodes.InputError;
        }
        Uri? onosRoot = null;
        if (options.Onos is not null && (onosRoot = OnosClient.ApiRoot(options.Onos)) is null)
        {
            return Fail(context, LiveDiagnostics.OnosInvalidUrl(options.Onos));
        }
        var timeout = TimeSpan.FromSeconds(options.Timeout);
        var (target, kubeError) = KubernetesConnection.Connect(options.Kubeconfig, options.Context, context.Environment, timeout);
        if (target is null)
        {
            return Fail(context, kubeError!);
        }
        using (target)
        {
            using var onosClient = onosRoot is null ? null : new OnosClient(onosRoot,
                options.User ?? context.Environment("ONOS_USER") ?? "onos",
                options.Password ?? context.Environment("ONOS_PASSWORD") ?? "rocks",
                context.HttpHandler, timeout);
            return await Deploy(context, options, folder, target, onosClient, cancellationToken);
        }
    }

    private static async Task<int> Deploy(CliContext context, Options options, DeployFolder folder, KubernetesTarget target, OnosClient? onos, CancellationToken cancellationToken)
    {
        var output = context.Out;
        output.WriteLine($"deploying {folder.Path} (certificate {folder.Digest}) to Kubernetes at {target.Server}{(onos is null ? string.Empty : " and ONOS at " + onos.Server)}");
        var diagnostics = new List<Diagnostic>();
        var objects = folder.Objects.ToList();
        if (options.LabelNodes)
        {
            var namespaces = objects.Count(o => o.Kind == "Namespace");
            objects.InsertRange(namespaces, folder.NodeSetup);
        }
        else if (folder.NodeSetup.Length > 0)
        {
            diagnostics.Add(LiveDiagnostics.NodeSetupSkipped(KubernetesEmitter.NodeSetupFile, folder.NodeSetup.Length));
        }

        // ONOS is asked first, read-only, so that a wrong URL or password stops the deploy before Kubernetes changes.
        var previous = 0;
        if (onos is not null)
        {
            try
            {
                using var existing = await onos.GetAsync("flows/application/" + OnosEmitter.AppId, cancellationToken);
                previous = existing.RootElement.TryGetProperty("flows", out var flows) && flows.ValueKind == System.Text.Json.JsonValueKind.Array ? flows.GetArrayLength() : 0;
            }
            catch (LiveException e)
            {
                diagnostics.Add(e.Diagnostic);
                return Finish(context, diagnostics, "nothing was deployed");
            }
        }

        var report = await new KubernetesApplier(target).ApplyAsync(objects, options.DryRun, cancellationToken);
        foreach (var item in report.DryRun)
        {
            output.WriteLine($"  dry run  {item.Object.Display}: {(item.Outcome == ApplyOutcome.Created ? "would be created" : "would be configured")} ({item.Object.File})");
        }
        foreach (var item in report.Applied)
        {
            output.WriteLine($"  applied  {item.Object.Display}: {item.Outcome.ToString().ToLowerInvariant()}");
        }
        diagnostics.AddRange(report.Diagnostics);
        if (!report.Succeeded)
        {
            return Finish(context, diagnostics, report.Applied.IsEmpty ? "nothing was deployed (every dry run must pass before anything is applied)" : "the deploy stopped part way; ONOS was not changed");
        }
        if (options.DryRun)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dry run passed for {report.DryRun.Length} Kubernetes object(s); nothing was applied"));
            if (onos is not null)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"ONOS would receive: DELETE /onos/v1/flows/application/{OnosEmitter.AppId} (removing its {previous} rule(s)), then POST /onos/v1/flows?appId={OnosEmitter.AppId} with the {folder.FlowCount} rule(s) of {OnosEmitter.FlowsPath}:"));
                output.Write(folder.FlowsJson);
            }
            return Finish(context, diagnostics, null);
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Kubernetes: {report.Applied.Length} object(s) applied ({Count(report, ApplyOutcome.Created)} created, {Count(report, ApplyOutcome.Configured)} configured, {Count(report, ApplyOutcome.Unchanged)} unchanged)"));
        if (onos is null)
        {
            output.WriteLine("ONOS: no --onos given; no flow rule was installed");
            return Finish(context, diagnostics, null);
        }
        try
        {
            await onos.DeleteApplicationFlowsAsync(OnosEmitter.AppId, cancellationToken);
            var accepted = await onos.PostFlowsAsync(folder.FlowsJson, OnosEmitter.AppId, cancellationToken);
            if (accepted != folder.FlowCount)
            {
                diagnostics.Add(LiveDiagnostics.OnosFlowCountMismatch(onos.Server, folder.FlowCount, accepted));
                return Finish(context, diagnostics, null);
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ONOS: replaced {previous} rule(s) of {OnosEmitter.AppId} with {accepted} rule(s)"));
        }
        catch (LiveException e)
        {
            diagnostics.Add(e.Diagnostic);
            return Finish(context, diagnostics, "Kubernetes was deployed; the ONOS flow rules were not (all) installed");
        }
        return Finish(context, diagnostics, null);
    }

    private static int Count(ApplyReport report, ApplyOutcome outcome) => report.Applied.Count(a => a.Outcome == outcome);

    private static int Finish(CliContext context, List<Diagnostic> diagnostics, string? failure)
    {
        Report(context, diagnostics);
        if (diagnostics.Any(d => d.IsError))
        {
            if (failure is not null)
            {
                context.Error.WriteLine(failure);
            }
            return ExitCodes.InputError;
        }
        return ExitCodes.Success;
    }

    private static int Fail(CliContext context, Diagnostic diagnostic)
    {
        Report(context, [diagnostic]);
        context.Error.WriteLine("nothing was deployed");
        return ExitCodes.InputError;
    }

    private static void Report(CliContext context, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            context.Error.WriteLine(DiagnosticFormatter.Format(diagnostic, withSource: false));
        }
    }
}
