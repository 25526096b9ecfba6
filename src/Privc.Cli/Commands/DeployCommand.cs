using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Privc.Artifacts.Onos;
using Privc.Diagnostics;
using Privc.Live;

namespace Privc.Cli.Commands;

/// <summary>
/// <c>privc deploy DIR --intents FILE... --topology TOPO [--kubeconfig PATH] [--context NAME] [--onos URL]
/// [--onos-user U] [--onos-password P] [--set NAME] [--label-nodes] [--dry-run] [--timeout SECONDS]</c>
/// (specs/live.md): refuses a folder whose artifacts do not cite its own certificate (exit 4) or that
/// <c>privc check</c> does not pass (exit 4 or 5) before any request; dry-runs every Kubernetes apply and prune;
/// then replaces privc's ONOS rules make-before-break around the Kubernetes apply (<see cref="DeployRun"/>).
/// Exit 0 deployed, 1 refused before any change, 4 tampered, stale or violating artifacts, 6 stopped part way with
/// the previous flow rules still installed.
/// </summary>
internal static partial class DeployCommand
{
    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("DIR") { Description = "A privc compile output folder (plan.json, certificate/, kubernetes/, onos/)." };
        var intents = new Option<string[]>("--intents")
        {
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
            Description = "The intent files the folder was compiled from: privc check must pass on the folder before anything is deployed.",
        };
        var topology = new Option<string>("--topology") { Required = true, Description = "The topology file the folder was compiled for." };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Kubeconfig file (default: KUBECONFIG, else ~/.kube/config)." };
        var kubeContext = new Option<string?>("--context") { Description = "Kubeconfig context (default: its current context)." };
        var onos = new Option<string?>("--onos") { Description = "ONOS base URL, e.g. http://onos:8181; without it no flow rule is installed." };
        var user = new Option<string?>("--onos-user") { Description = "ONOS user (default: ONOS_USER, else onos)." };
        var password = new Option<string?>("--onos-password") { Description = "ONOS password (default: ONOS_PASSWORD, else rocks)." };
        var set = new Option<string>("--set")
        {
            Description = "The deploy set (label privc.io/set): its Deployments, Services and NetworkPolicies that the new plan no longer has are deleted (default: privc).",
            DefaultValueFactory = _ => "privc",
        };
        var labelNodes = new Option<bool>("--label-nodes") { Description = "Also apply kubernetes/operator/node-setup.yaml (labels and taints on existing Node objects)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only the check and the Kubernetes dry run (dryRun=All, applies and prunes); print what ONOS would receive." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each server answer, and for ONOS to confirm new rules (default: 30).", DefaultValueFactory = _ => 30 };
        var command = new Command("deploy", "Deploy a compile output that privc check accepts: Kubernetes server-side apply and prune (dry run first) and ONOS flow rules replaced make-before-break.")
        {
            folder, intents, topology, kubeconfig, kubeContext, onos, user, password, set, labelNodes, dryRun, timeout,
        };
        command.SetAction((parse, token) => RunAsync(context, token, new DeployOptions(
            parse.GetValue(folder)!, parse.GetValue(intents)!, parse.GetValue(topology)!, parse.GetValue(kubeconfig), parse.GetValue(kubeContext), parse.GetValue(onos),
            parse.GetValue(user), parse.GetValue(password), parse.GetValue(set)!, parse.GetValue(labelNodes), parse.GetValue(dryRun), parse.GetValue(timeout))));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, CancellationToken cancellationToken, DeployOptions options)
    {
        if (context.NativeBuild)
        {
            return Fail(context, LiveDiagnostics.NeedsPortableBuild("deploy"));
        }
        if (options.Timeout < 1)
        {
            return Fail(context, DiagnosticCatalogue.Usage("--timeout must be at least 1 second"));
        }
        if (!LabelValue().IsMatch(options.Set))
        {
            return Fail(context, DiagnosticCatalogue.Usage($"--set '{options.Set}' is not a Kubernetes label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)"));
        }
        var read = DeployFolderReader.Read(options.Folder);
        if (read.Folder is not { } folder)
        {
            DeployRun.Report(context, read.Diagnostics);
            context.Error.WriteLine("nothing was deployed");
            return read.Tampered ? ExitCodes.Violations : ExitCodes.InputError;
        }
        if (DeployPrecheck.Run(context, folder.Path, options.Intents, options.Topology) is { } refused)
        {
            return refused;
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
            return await new DeployRun(context, options, folder, target, onosClient).RunAsync(cancellationToken);
        }
    }

    private static int Fail(CliContext context, Diagnostic diagnostic)
    {
        DeployRun.Report(context, [diagnostic]);
        context.Error.WriteLine("nothing was deployed");
        return ExitCodes.InputError;
    }

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}

/// <summary>What <c>privc deploy</c> was asked to do.</summary>
internal sealed record DeployOptions(
    string Folder, string[] Intents, string Topology, string? Kubeconfig, string? Context, string? Onos, string? User, string? Password,
    string Set, bool LabelNodes, bool DryRun, int Timeout);
