using System.Collections.Immutable;
using System.Globalization;
using Privc.Artifacts.Kubernetes;
using Privc.Artifacts.Onos;
using Privc.Diagnostics;
using Privc.Live;

namespace Privc.Cli.Commands;

/// <summary>
/// The requests of one <c>privc deploy</c>, in the order specs/live.md gives and for the reason it gives: nothing
/// changes until every read and dry run has passed (a failure there is exit 1); then the new flow rules are made
/// before anything is broken: installed above the old ones and confirmed, then Kubernetes applied and pruned, and
/// only last the old rules removed. A failure after the first change is exit 7: the old rules are all still
/// installed (or, when removing them is what failed, those not yet removed).
/// </summary>
internal sealed class DeployRun(CliContext context, DeployOptions options, DeployFolder folder, KubernetesTarget target, OnosClient? onos)
{
    private readonly List<Diagnostic> diagnostics = [];

    private TextWriter Output => context.Out;

    public async Task<int> RunAsync(CancellationToken cancel)
    {
        Output.WriteLine($"deploying {folder.Path} (certificate {folder.Digest}) to Kubernetes at {target.Server}{(onos is null ? string.Empty : " and ONOS at " + onos.Server)}");
        var objects = folder.Objects.ToList();
        if (options.LabelNodes)
        {
            objects.InsertRange(objects.Count(o => o.Kind == "Namespace"), folder.NodeSetup);
        }
        else if (folder.NodeSetup.Length > 0)
        {
            diagnostics.Add(LiveDiagnostics.NodeSetupSkipped(KubernetesEmitter.NodeSetupFile, folder.NodeSetup.Length));
        }
        var pruner = new KubernetesPruner(target, options.Set);
        objects.ForEach(pruner.Label);

        // Reads first: ONOS's current rules (so a wrong URL or password stops the deploy before anything changes).
        var rollout = onos is null ? null : new FlowRollout(onos, OnosEmitter.AppId);
        var previous = new FlowGeneration([], null);
        GroupRollout? groupRollout = null;
        ImmutableArray<(InstalledGroup Group, string Body)> wantedGroups = [];
        ImmutableArray<(InstalledGroup Group, string? State)> installedGroups = [];
        ImmutableArray<(InstalledGroup Group, string Body)> newGroups = [];
        var postedGroups = new List<InstalledGroup>();
        (string Body, int Lowest, int Highest)? raised = null;
        if (rollout is not null)
        {
            try
            {
                previous = await rollout.ReadAsync(cancel);
            }
            catch (LiveException e)
            {
                diagnostics.Add(e.Diagnostic);
                return Refused("nothing was deployed");
            }
            raised = FlowRollout.Raise(folder.FlowsJson, previous);
            if (raised is null)
            {
                diagnostics.Add(LiveDiagnostics.OnosPriorityExhausted(previous.HighestPriority ?? 0, FlowRollout.MaxPriority + 1));
                return Refused("nothing was deployed");
            }
            // Also without groups of its own: a plan that is no longer resilient leaves privc's earlier groups unused,
            // and they go after the old rules that still send to them (GroupRollout.Stale).
            groupRollout = new GroupRollout(onos!);
            wantedGroups = folder.GroupsJson is { } groupsJson ? GroupRollout.Wanted(groupsJson) : [];
            try
            {
                installedGroups = await groupRollout.ReadAsync(cancel);
            }
            catch (LiveException e)
            {
                diagnostics.Add(e.Diagnostic);
                return Refused("nothing was deployed");
            }
            var (missing, clash) = GroupRollout.Plan(wantedGroups, installedGroups);
            if (clash is { } c)
            {
                diagnostics.Add(DiagnosticCatalogue.OnosGroupIdTaken(c.Wanted.DeviceId, c.Wanted.Id, c.Wanted.AppCookie, c.Holder.AppCookie));
                return Refused("nothing was deployed");
            }
            newGroups = missing;
        }

        // Every Kubernetes change as a dry run: the applies, then the deletions of what the plan no longer has.
        var applier = new KubernetesApplier(target);
        var dry = await applier.DryRunAsync(objects, cancel);
        foreach (var item in dry.DryRun)
        {
            Output.WriteLine($"  dry run  {item.Object.Display}: {(item.Outcome == ApplyOutcome.Created ? "would be created" : "would be configured")} ({item.Object.File})");
        }
        diagnostics.AddRange(dry.Diagnostics);
        ImmutableArray<StaleObject> stale = [];
        if (dry.Succeeded)
        {
            try
            {
                stale = await pruner.FindStaleAsync(objects, cancel);
                diagnostics.AddRange(await pruner.DeleteAsync(stale, dryRun: true, cancel));
            }
            catch (LiveException e)
            {
                diagnostics.Add(e.Diagnostic);
            }
            foreach (var item in stale)
            {
                Output.WriteLine($"  dry run  {item.Display}: would be deleted (deploy set '{options.Set}', no longer in the plan)");
            }
        }
        if (diagnostics.Any(d => d.IsError))
        {
            return Refused("nothing was deployed (every dry run must pass before anything is applied)");
        }
        if (options.DryRun)
        {
            Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dry run passed for {dry.DryRun.Length} Kubernetes object(s) and {stale.Length} deletion(s); nothing was applied"));
            if (raised is { } plan)
            {
                Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"ONOS would receive: POST /onos/v1/flows?appId={OnosEmitter.AppId} with the {folder.FlowCount} rule(s) of {OnosEmitter.FlowsPath} at priority {Priorities(plan)} (above the {previous.Count} installed rule(s)), GET /onos/v1/flows/application/{OnosEmitter.AppId} until each is ADDED, and after the Kubernetes apply DELETE /onos/v1/flows for the {previous.Count} previous rule(s); the rules:"));
                Output.Write(plan.Body);
                if (groupRollout is not null && wantedGroups.Length > 0)
                {
                    Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"ONOS would first receive POST /onos/v1/groups/DEVICE for {newGroups.Length} of the {wantedGroups.Length} fast-failover group(s) of {OnosEmitter.GroupsPath} (the others are installed), and after the old rules are removed DELETE /onos/v1/groups/DEVICE/COOKIE for {GroupRollout.Stale(installedGroups, wantedGroups).Length} previous privc group(s)"));
                }
            }
            return Finish();
        }

        // Make: the new rules beside the old, confirmed by reading them back. On failure they are withdrawn.
        if (rollout is not null && raised is { } rules)
        {
            try
            {
                if (groupRollout is not null && wantedGroups.Length > 0)
                {
                    // Groups before the rules that send to them: a rule naming a missing group would drop its packets.
                    await groupRollout.InstallAsync(newGroups, postedGroups, cancel);
                    await groupRollout.VerifyAsync([.. wantedGroups.Select(w => w.Group)], TimeSpan.FromSeconds(options.Timeout), cancel);
                    Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"ONOS: installed {postedGroups.Count} fast-failover group(s) ({wantedGroups.Length - newGroups.Length} already installed); all confirmed ADDED"));
                }
                var fresh = await rollout.InstallAsync(rules.Body, folder.FlowCount, cancel);
                await rollout.VerifyAsync(rules.Body, fresh, TimeSpan.FromSeconds(options.Timeout), cancel);
                Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"ONOS: installed {fresh.Count} new rule(s) of {OnosEmitter.AppId} at priority {Priorities(rules)} beside the {previous.Count} previous rule(s); all confirmed ADDED"));
            }
            catch (LiveException e)
            {
                diagnostics.Add(e.Diagnostic);
                try
                {
                    var withdrawn = await rollout.RemoveAllButAsync(previous.Flows, cancel);
                    if (groupRollout is not null)
                    {
                        await groupRollout.RemoveAsync(postedGroups, cancel);
                    }
                    Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ONOS: withdrew {withdrawn} new rule(s) and {postedGroups.Count} new group(s)"));
                }
                catch (LiveException w)
                {
                    diagnostics.Add(w.Diagnostic);
                    return Incomplete("ONOS did not take the new rules and privc could not withdraw them: they may sit above the previous rules; Kubernetes was not changed");
                }
                return Incomplete("ONOS did not take the new rules, which were withdrawn; Kubernetes was not changed");
            }
        }

        var applied = await applier.ApplyAsync(objects, cancel);
        foreach (var item in applied.Applied)
        {
            Output.WriteLine($"  applied  {item.Object.Display}: {item.Outcome.ToString().ToLowerInvariant()}");
        }
        diagnostics.AddRange(applied.Diagnostics);
        if (!applied.Succeeded)
        {
            return Incomplete("the Kubernetes apply stopped part way; the new flow rules stay installed above the previous ones, so pods on old and new nodes are both routed");
        }
        Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Kubernetes: {applied.Applied.Length} object(s) applied ({Count(applied, ApplyOutcome.Created)} created, {Count(applied, ApplyOutcome.Configured)} configured, {Count(applied, ApplyOutcome.Unchanged)} unchanged)"));

        var pruned = await pruner.DeleteAsync(stale, dryRun: false, cancel);
        diagnostics.AddRange(pruned);
        if (pruned.Any(d => d.IsError))
        {
            return Incomplete("pruning stopped part way; the previous flow rules are still installed");
        }
        foreach (var item in stale)
        {
            Output.WriteLine($"  pruned   {item.Display}");
        }

        // Break: only now the old rules go.
        if (rollout is null)
        {
            Output.WriteLine("ONOS: no --onos given; no flow rule was installed");
            return Finish();
        }
        try
        {
            await rollout.RemoveAsync(previous.Flows, cancel);
        }
        catch (LiveException e)
        {
            diagnostics.Add(e.Diagnostic);
            return Incomplete("the previous flow rules could not be removed: they stay installed below the new ones, which carry every proven route");
        }
        Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ONOS: replaced {previous.Count} rule(s) of {OnosEmitter.AppId} with {folder.FlowCount} rule(s) (make-before-break)"));
        if (groupRollout is not null && (wantedGroups.Length > 0 || GroupRollout.Stale(installedGroups, wantedGroups).Length > 0))
        {
            var staleGroups = GroupRollout.Stale(installedGroups, wantedGroups);
            try
            {
                await groupRollout.RemoveAsync(staleGroups, cancel);
            }
            catch (LiveException e)
            {
                diagnostics.Add(e.Diagnostic);
                return Incomplete("the previous fast-failover groups could not all be removed; no rule sends to them any more");
            }
            Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ONOS: removed {staleGroups.Length} previous fast-failover group(s)"));
        }
        return Finish();
    }

    private static string Priorities((string Body, int Lowest, int Highest) rules) =>
        rules.Lowest == rules.Highest ? rules.Lowest.ToString(CultureInfo.InvariantCulture) : $"{rules.Lowest}-{rules.Highest}";

    private static int Count(ApplyReport report, ApplyOutcome outcome) => report.Applied.Count(a => a.Outcome == outcome);

    /// <summary>Stopped before any change: exit 1.</summary>
    private int Refused(string what)
    {
        Report(context, diagnostics);
        context.Error.WriteLine(what);
        return ExitCodes.InputError;
    }

    /// <summary>Stopped after a change: exit 7, saying what state the cluster and the network are left in.</summary>
    private int Incomplete(string state)
    {
        Report(context, diagnostics);
        context.Error.WriteLine($"the deploy stopped part way: {state}; deploy again to finish");
        return ExitCodes.DeployIncomplete;
    }

    private int Finish()
    {
        Report(context, diagnostics);
        return diagnostics.Any(d => d.IsError) ? ExitCodes.InputError : ExitCodes.Success;
    }

    public static void Report(CliContext context, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            context.Error.WriteLine(DiagnosticFormatter.Format(diagnostic, withSource: false));
        }
    }
}
