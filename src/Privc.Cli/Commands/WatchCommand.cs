using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using Privc.Artifacts.Checking;
using Privc.Artifacts.Onos;
using Privc.Compiler;
using Privc.Compiler.Replanning;
using Privc.Diagnostics;
using Privc.Live;
using Privc.Parsing;
using Privc.Report;
using Privc.Semantics;
using Privc.Text;
using Privc.Topology;
using Privc.Verification.Replanning;

namespace Privc.Cli.Commands;

/// <summary>
/// <c>privc watch FILE... --topology TOPO --onos URL [--kubeconfig K] [--context C] [--interval S] [--max-polls N |
/// --once] [--replan OLD_OUT]</c>: polls the live state and judges it with <c>privc check</c>'s checker on every
/// poll (specs/live.md, "privc watch"). It writes nothing: a proposed replan is printed, never applied or saved.
/// </summary>
internal static class WatchCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "Intent files (.priv)." };
        var topology = new Option<string>("--topology") { Required = true, Description = "Topology file (YAML) the intents were compiled for; links ONOS no longer lists count as down." };
        var onos = new Option<string>("--onos") { Required = true, Description = "ONOS base URL, e.g. http://onos:8181." };
        var user = new Option<string?>("--onos-user") { Description = "ONOS user (default: ONOS_USER, else onos)." };
        var password = new Option<string?>("--onos-password") { Description = "ONOS password (default: ONOS_PASSWORD, else rocks)." };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Kubeconfig file (default: KUBECONFIG, else ~/.kube/config)." };
        var kubeContext = new Option<string?>("--context") { Description = "Kubeconfig context (default: its current context)." };
        var interval = new Option<int>("--interval") { Description = "Seconds between polls (default: 10).", DefaultValueFactory = _ => 10 };
        var maxPolls = new Option<int?>("--max-polls") { Description = "Stop after this many polls (default: until interrupted)." };
        var once = new Option<bool>("--once") { Description = "Poll once (--max-polls 1)." };
        var replan = new Option<string?>("--replan") { Description = "When the live state is not compliant, replan from this output folder on the live topology and print the proposed change (never applied, nothing written)." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each server answer, and for a proposed replan's solver (default: 30).", DefaultValueFactory = _ => 30 };
        var command = new Command("watch", "Poll Kubernetes and ONOS, judge the live state against the intents on every poll, and report drift the moment it appears.")
        {
            files, topology, onos, user, password, kubeconfig, kubeContext, interval, maxPolls, once, replan, timeout,
        };
        command.SetAction((parse, token) => RunAsync(context, token, new Options(
            parse.GetValue(files)!, parse.GetValue(topology)!, parse.GetValue(onos)!, parse.GetValue(user), parse.GetValue(password),
            parse.GetValue(kubeconfig), parse.GetValue(kubeContext), parse.GetValue(interval),
            parse.GetValue(once) ? 1 : parse.GetValue(maxPolls), parse.GetValue(replan), parse.GetValue(timeout))));
        return command;
    }

    private sealed record Options(string[] Files, string Topology, string Onos, string? User, string? Password, string? Kubeconfig, string? Context,
        int Interval, int? MaxPolls, string? Replan, int Timeout);

    private static async Task<int> RunAsync(CliContext context, CancellationToken cancel, Options options)
    {
        if (context.NativeBuild)
        {
            context.Report.Report(context.Error, LiveDiagnostics.NeedsPortableBuild("watch"));
            return ExitCodes.InputError;
        }
        if (options.Interval < 0 || options.Timeout < 1 || options.MaxPolls is < 1)
        {
            context.Report.Report(context.Error, DiagnosticCatalogue.Usage("--interval must be at least 0, --timeout and --max-polls at least 1"));
            return ExitCodes.InputError;
        }
        var inputs = Inputs.Load(options.Files, options.Topology, InputLimits.FromEnvironment(context.Environment));
        context.Report.Report(context.Error, inputs.Diagnostics);
        if (inputs.Compilation is not { Program: { } program } compilation)
        {
            return ExitCodes.InputError;
        }
        if (OnosClient.ApiRoot(options.Onos) is not { } onosRoot)
        {
            context.Report.Report(context.Error, LiveDiagnostics.OnosInvalidUrl(options.Onos));
            return ExitCodes.InputError;
        }
        Reference? reference = null;
        if (options.Replan is not null)
        {
            var (reading, problems) = OutputReader.Read(options.Replan, compilation.Topology);
            if (reading is null)
            {
                context.Report.Report(context.Error, problems);
                return ExitCodes.InputError;
            }
            reference = new Reference(reading, new SourceLocation(new SourceText(Path.Combine(options.Replan, "plan.json"), reading.Files.Files.GetValueOrDefault("plan.json") ?? string.Empty), new TextSpan(0, 0)));
        }
        var timeout = TimeSpan.FromSeconds(options.Timeout);
        var (target, kubeError) = KubernetesConnection.Connect(options.Kubeconfig, options.Context, context.Environment, timeout);
        if (target is null)
        {
            context.Report.Report(context.Error, kubeError!);
            return ExitCodes.InputError;
        }
        using (target)
        {
            using var onos = new OnosClient(onosRoot, options.User ?? context.Environment("ONOS_USER") ?? "onos",
                options.Password ?? context.Environment("ONOS_PASSWORD") ?? "rocks", context.HttpHandler, timeout);
            context.Out.WriteLine($"watching Kubernetes at {target.Server} and ONOS at {onos.Server} against {string.Join(", ", options.Files)} (every {options.Interval}s)");
            var watch = new Watch(context, program, compilation.Topology, options, reference);
            var poll = 0;
            while (!cancel.IsCancellationRequested && (options.MaxPolls is not { } max || poll < max))
            {
                poll++;
                try
                {
                    watch.Judge(poll, await LiveSnapshot.ReadAsync(onos, OnosEmitter.AppId, target, cancel));
                }
                catch (LiveException e)
                {
                    watch.Failed(poll, e.Diagnostic);
                }
                catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                {
                    break;
                }
                if (options.MaxPolls is { } last && poll >= last)
                {
                    break;
                }
                try
                {
                    await context.Delay(TimeSpan.FromSeconds(options.Interval), cancel);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            context.Out.WriteLine($"stopped after {poll} poll(s): {watch.Summary}");
            return watch.ExitCode;
        }
    }

    private sealed record Reference(OutputReading Reading, SourceLocation At);

    /// <summary>One watch: judges each snapshot and remembers the worst outcome for the exit code.</summary>
    private sealed class Watch(CliContext context, BoundProgram program, TopologyModel topology, Options options, Reference? reference)
    {
        private int violated;
        private int notJudged;
        private int failed;
        private string? previous;

        public string Summary => $"{violated} with violations, {notJudged} not judged, {failed} failed";

        /// <summary>4 when some poll found a violation, else 5 when one could not judge, else 1 when one failed to read, else 0.</summary>
        public int ExitCode => violated > 0 ? ExitCodes.Violations : notJudged > 0 ? ExitCodes.NotJudged : failed > 0 ? ExitCodes.InputError : ExitCodes.Success;

        public void Failed(int poll, Diagnostic diagnostic)
        {
            failed++;
            context.Out.WriteLine($"poll {poll}: could not read the live state");
            context.Report.Report(context.Error, diagnostic);
        }

        public void Judge(int poll, LiveSnapshot snapshot)
        {
            var down = topology.Links.Where(l => !Up(l, snapshot)).ToList();
            var live = down.Count == 0 ? topology
                : new TopologyModel(topology.Name, topology.Nodes, topology.Devices, [.. topology.Links.Except(down)], topology.Scales, topology.Schema, topology.Source);
            var manifests = snapshot.Kubernetes.Length == 0 ? new List<SourceText>() : [new SourceText("live:kubernetes", snapshot.Kubernetes)];
            var verdict = ArtifactChecker.Check(program, live, new ArtifactInputs(manifests, new SourceText("live:onos/flows", snapshot.Flows))
            {
                ClusterState = snapshot.Nodes.Length == 0 ? [] : [new SourceText("live:nodes", snapshot.Nodes)],
                IntentFiles = options.Files,
            });
            var lines = new List<string>();
            lines.AddRange(down.Select(l => $"  link down: {l.DeviceA}:{l.PortA.ToString(CultureInfo.InvariantCulture)} - {l.DeviceB}:{l.PortB.ToString(CultureInfo.InvariantCulture)}"));
            lines.AddRange(verdict.Violations.Select(v => $"  violated: {v}"));
            lines.AddRange(verdict.Diagnostics.Where(d => d.IsError || DiagnosticCatalogue.IsCannotJudge(d)).Select(d => $"  {DiagnosticFormatter.FormatHeader(d)}"));
            var status = verdict.HasErrors ? "cannot read the live state" : verdict.Status switch
            {
                ArtifactStatus.Compliant => "compliant",
                ArtifactStatus.Violations => "DRIFT: not compliant",
                _ => "not judged",
            };
            if (verdict.Status == ArtifactStatus.Violations)
            {
                violated++;
            }
            else if (verdict.HasErrors)
            {
                failed++;
            }
            else if (verdict.Status != ArtifactStatus.Compliant)
            {
                notJudged++;
            }
            var text = status + "\n" + string.Join("\n", lines);
            var changed = text != previous;
            previous = text;
            context.Out.WriteLine($"poll {poll}: {status}{(changed ? string.Empty : " (unchanged)")}");
            if (!changed)
            {
                return;
            }
            foreach (var line in lines)
            {
                context.Out.WriteLine(line);
            }
            if (reference is not null && (verdict.Status != ArtifactStatus.Compliant || down.Count > 0))
            {
                Propose(live, reference);
            }
        }

        /// <summary>A cable is up while ONOS lists it in either direction (ONOS drops both when a cable fails).</summary>
        private bool Up(NetworkLink link, LiveSnapshot snapshot)
        {
            var (a, b) = (Id(link.DeviceA), Id(link.DeviceB));
            var (pa, pb) = (link.PortA.ToString(CultureInfo.InvariantCulture), link.PortB.ToString(CultureInfo.InvariantCulture));
            return snapshot.Links.Contains(LiveSnapshot.LinkKey(a, pa, b, pb)) || snapshot.Links.Contains(LiveSnapshot.LinkKey(b, pb, a, pa));
        }

        private string Id(string device) => topology.FindDevice(device)?.Id ?? device;

        /// <summary>Replans from the reference on the live topology and prints the change; nothing is written or applied.</summary>
        private void Propose(TopologyModel live, Reference reference)
        {
            var budget = CompileOptions.WithTimeout(TimeSpan.FromSeconds(options.Timeout));
            var result = new Replanner(context.Solvers("z3"), budget, context.Time)
                .Replan(program, live, [], DisruptionMeasure.ReferenceOf(reference.Reading.Plan), reference.Reading.Files, reference.At);
            if (result.Result is CompileResult.Proven proven)
            {
                context.Out.WriteLine("  proposed replan (not applied; run privc replan to write it):");
                foreach (var line in ChangeListWriter.Text(result.Changes!, proven.Verification, result.WhyMoved).TrimEnd('\n').Split('\n'))
                {
                    context.Out.WriteLine("    " + line);
                }
            }
            else
            {
                context.Out.WriteLine($"  no replan proposed: {result.Result switch { CompileResult.Unsatisfiable => "the intents cannot hold on the live topology", CompileResult.Undecided => "the solver could not decide", _ => "replan failed" }}");
            }
        }
    }
}
