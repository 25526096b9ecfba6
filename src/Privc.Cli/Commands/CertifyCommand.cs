using System.CommandLine;
using Privc.Cli.Output;
using System.Text.Json.Nodes;
using System.Globalization;
using System.Text.Json;
using Privc.Semantics;
using Privc.Verification;
using Privc.Diagnostics;
using Privc.Parsing;
using Privc.Verification.Solving;

namespace Privc.Cli.Commands;

/// <summary>
/// <c>privc certify DIR [--solver cvc5|z3] [--cvc5 PATH] [--z3 PATH] [--timeout SECONDS]</c>: replays every
/// obligation of DIR/certificate with a chosen solver and reports, per obligation, agree, disagree, undecided or
/// not replayable, and checks that the certified files still digest to what compile stamped its artifacts with
/// (<see cref="CertifiedFiles"/>). Exit 0 when every obligation agrees, 4 on any disagreement (or changed certified
/// files, PRIV8017), 3 when any obligation was not
/// confirmed (undecided, not replayable, solver missing), 1 for a missing or malformed certificate.
/// </summary>
internal static class CertifyCommand
{
    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("DIR") { Description = "Output folder of privc compile (holds certificate/)." };
        var solver = new Option<string>("--solver") { Description = "Solver to replay with: cvc5 or z3 (default: cvc5).", DefaultValueFactory = _ => "cvc5" };
        solver.AcceptOnlyFromAmong("cvc5", "z3");
        var cvc5 = new Option<string?>("--cvc5") { Description = "Path of the cvc5 binary (else PRIVC_CVC5, else PATH)." };
        var z3 = new Option<string?>("--z3") { Description = "Path of the z3 binary (else PRIVC_Z3, else PATH)." };
        var timeout = new Option<int>("--timeout") { Description = "Time limit in seconds per obligation (default: 60).", DefaultValueFactory = _ => 60 };
        var format = FormatOption.Create("each obligation's answer");
        var command = new Command("certify", "Replay a certificate's SMT-LIB2 obligations with a second solver and compare its answers.")
        {
            folder, solver, cvc5, z3, timeout, format,
        };
        command.SetAction(parse =>
        {
            var name = parse.GetValue(solver)!;
            return Run(context, parse.GetValue(folder)!, name, name == "cvc5" ? parse.GetValue(cvc5) : parse.GetValue(z3), parse.GetValue(timeout));
        });
        return command;
    }

    private sealed record Entry(string Name, string File, string Expected);

    private static int Run(CliContext context, string folder, string solverName, string? solverPath, int timeoutSeconds)
    {
        if (timeoutSeconds < 1)
        {
            context.Report.Report(context.Error, DiagnosticCatalogue.Usage("--timeout must be at least 1 second"));
            return ExitCodes.InputError;
        }
        var certificate = Path.Combine(folder, "certificate");
        var answersPath = Path.Combine(certificate, "answers.json");
        if (!File.Exists(answersPath))
        {
            context.Report.Report(context.Error, DiagnosticCatalogue.CertificateNotFound(folder, "certificate/answers.json does not exist"));
            return ExitCodes.InputError;
        }
        var (entries, problem) = ReadAnswers(answersPath, certificate);
        if (entries is null)
        {
            context.Report.Report(context.Error, DiagnosticCatalogue.CertificateMalformed(answersPath, problem!));
            return ExitCodes.InputError;
        }

        // Read and parse every obligation before running any, so a malformed certificate is reported as such.
        var scripts = new List<(Entry Entry, string Path, string Script)>();
        foreach (var entry in entries)
        {
            var path = Path.Combine(certificate, entry.File);
            var (source, error) = SourceReader.ReadFile(path, InputLimits.FromEnvironment(context.Environment));
            if (source is null)
            {
                context.Report.Report(context.Error, DiagnosticCatalogue.CertificateMalformed(answersPath, $"obligation '{entry.Name}' names {entry.File}, which cannot be read ({error!.Message})"));
                return ExitCodes.InputError;
            }
            var text = source.Text;
            if (ObligationReplay.Commands(text, out var why) is null)
            {
                context.Report.Report(context.Error, DiagnosticCatalogue.CertificateMalformed(path, why!));
                return ExitCodes.InputError;
            }
            scripts.Add((entry, path, text));
        }

        var factory = context.Solvers(solverName);
        var options = new SolverOptions { Timeout = TimeSpan.FromSeconds(timeoutSeconds), SolverPath = solverPath, Seed = 0 };
        var counts = new Dictionary<ReplayStatus, int>();
        var replayed = new JsonArray();
        foreach (var (entry, path, script) in scripts)
        {
            var outcome = ObligationReplay.Replay(script, entry.Expected, factory, options, allowExtensions: solverName == "z3");
            counts[outcome.Status] = counts.GetValueOrDefault(outcome.Status) + 1;
            var status = outcome.Status switch
            {
                ReplayStatus.Agree => "agree",
                ReplayStatus.Disagree => "DISAGREE",
                ReplayStatus.Undecided => "undecided",
                _ => "skipped",
            };
            if (context.Report.IsText)
            {
                context.Out.WriteLine($"{entry.File}: {status} (expected {entry.Expected}; {outcome.Detail})");
            }
            replayed.Add((JsonNode)new JsonObject
            {
                ["name"] = entry.Name,
                ["file"] = entry.File,
                ["expected"] = entry.Expected,
                ["status"] = status.ToLowerInvariant(),
                ["detail"] = outcome.Detail,
            });
            var diagnostic = outcome.Status switch
            {
                ReplayStatus.Disagree => DiagnosticCatalogue.ObligationDisagrees(path, outcome.Detail),
                ReplayStatus.Undecided when outcome.Result is { Outcome: SolverOutcome.Unavailable } result => DiagnosticCatalogue.SolverUnavailable(result.Reason),
                ReplayStatus.Undecided => DiagnosticCatalogue.ObligationUndecided(path, outcome.Detail),
                ReplayStatus.NotReplayable => DiagnosticCatalogue.ObligationNotReplayable(path, solverName, outcome.Detail["not replayable by this solver: ".Length..]),
                _ => null,
            };
            if (diagnostic is not null)
            {
                context.Report.Report(context.Error, diagnostic);
            }
            if (outcome.Result is { Outcome: SolverOutcome.Unavailable })
            {
                break; // the same for every obligation
            }
        }
        var (factsExit, factsReplayed) = ReplayRouteFacts(context, answersPath, certificate, counts, scripts.Select(s => s.Script).ToList());
        if (factsExit is { } exit)
        {
            return exit;
        }
        // Not an obligation, so not in the counts: the files no longer being what the artifacts cite is a disagreement of its own.
        var filesChanged = false;
        if (CertifiedFiles.Mismatch(folder) is { } changed)
        {
            context.Report.Report(context.Error, changed);
            if (!changed.Code.Equals(DiagnosticCatalogue.Codes.CertifiedFilesChanged.Code, StringComparison.Ordinal))
            {
                return ExitCodes.InputError;
            }
            filesChanged = true;
        }
        string Count(ReplayStatus s) => counts.GetValueOrDefault(s).ToString(CultureInfo.InvariantCulture);
        context.Report.Result = new JsonObject
        {
            ["solver"] = solverName,
            ["obligations"] = replayed,
            ["agree"] = counts.GetValueOrDefault(ReplayStatus.Agree),
            ["disagree"] = counts.GetValueOrDefault(ReplayStatus.Disagree),
            ["undecided"] = counts.GetValueOrDefault(ReplayStatus.Undecided),
            ["notReplayable"] = counts.GetValueOrDefault(ReplayStatus.NotReplayable),
            ["routeFacts"] = factsReplayed,
            ["certifiedFilesChanged"] = filesChanged,
        };
        context.Report.Outcome = counts.GetValueOrDefault(ReplayStatus.Disagree) > 0 || filesChanged ? "disagree" : counts.GetValueOrDefault(ReplayStatus.Agree) == scripts.Count + (factsReplayed ? 1 : 0) ? "agree" : "undecided";
        if (context.Report.IsText)
        {
            context.Out.WriteLine($"{scripts.Count.ToString(CultureInfo.InvariantCulture)} obligation(s){(factsReplayed ? " and the route facts" : string.Empty)} replayed with {solverName}: {Count(ReplayStatus.Agree)} agree, {Count(ReplayStatus.Disagree)} disagree, {Count(ReplayStatus.Undecided)} undecided, {Count(ReplayStatus.NotReplayable)} not replayable");
        }
        if (counts.GetValueOrDefault(ReplayStatus.Disagree) > 0 || filesChanged)
        {
            return ExitCodes.Violations;
        }
        return counts.GetValueOrDefault(ReplayStatus.Agree) == scripts.Count + (factsReplayed ? 1 : 0) ? ExitCodes.Success : ExitCodes.Undecided;
    }

    /// <summary>
    /// Re-derives the static route facts the obligations assert (certificate/route-facts.json, named by answers.json)
    /// with privc's own independent search (specs/encoding.md section 17). A refuted fact counts as a disagreement, a
    /// fact left open as undecided; a malformed file stops certify (exit 1).
    /// </summary>
    private static (int? Exit, bool Replayed) ReplayRouteFacts(CliContext context, string answersPath, string certificate, Dictionary<ReplayStatus, int> counts, IReadOnlyList<string> obligations)
    {
        string? file;
        using (var answers = JsonDocument.Parse(File.ReadAllText(answersPath)))
        {
            file = answers.RootElement.TryGetProperty("routeFacts", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        }
        if (file is null)
        {
            // Without route facts no pair bound is recorded, so no obligation may rest on one.
            var unrecorded = Privc.Certification.RouteFactReplay.ReplayPairTermsOnly(obligations);
            if (unrecorded.Refuted == 0)
            {
                return (null, false);
            }
            if (context.Report.IsText)
            {
                context.Out.WriteLine($"pair bounds: DISAGREE ({unrecorded.FirstProblem})");
            }
            counts[ReplayStatus.Disagree] = counts.GetValueOrDefault(ReplayStatus.Disagree) + 1;
            context.Report.Report(context.Error, DiagnosticCatalogue.RouteFactRefuted(answersPath, unrecorded.FirstProblem!));
            return (null, false);
        }
        var path = Path.Combine(certificate, file);
        if (Path.IsPathRooted(file) || !Path.GetFullPath(path).StartsWith(Path.GetFullPath(certificate) + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
        {
            context.Report.Report(context.Error, DiagnosticCatalogue.CertificateMalformed(answersPath, $"answers.json names the route facts {file}, which is not a file of the certificate"));
            return (ExitCodes.InputError, true);
        }
        var outcome = Privc.Certification.RouteFactReplay.Replay(File.ReadAllText(path), obligations);
        if (outcome.Malformed is { } malformed)
        {
            context.Report.Report(context.Error, DiagnosticCatalogue.CertificateMalformed(path, malformed));
            return (ExitCodes.InputError, true);
        }
        var total = outcome.Confirmed + outcome.Refuted + outcome.Undecided;
        var pairs = outcome.Pairs;
        var status = outcome.Refuted > 0 || pairs.Refuted > 0 ? "DISAGREE" : outcome.Undecided > 0 ? "undecided" : "agree";
        if (context.Report.IsText)
        {
            context.Out.WriteLine($"{file}: {status} ({outcome.Confirmed.ToString(CultureInfo.InvariantCulture)} of {total.ToString(CultureInfo.InvariantCulture)} route fact(s) re-derived{(outcome.FirstProblem is null ? string.Empty : "; " + outcome.FirstProblem)})");
            if (pairs.Confirmed + pairs.Refuted > 0)
            {
                context.Out.WriteLine($"{file}: pair bounds {(pairs.Refuted > 0 ? "DISAGREE" : "agree")} ({pairs.Confirmed.ToString(CultureInfo.InvariantCulture)} of {(pairs.Confirmed + pairs.Refuted).ToString(CultureInfo.InvariantCulture)} pair bound(s) and obligation constant(s) re-derived{(pairs.FirstProblem is null ? string.Empty : "; " + pairs.FirstProblem)})");
            }
        }
        if (outcome.Refuted > 0 || pairs.Refuted > 0)
        {
            counts[ReplayStatus.Disagree] = counts.GetValueOrDefault(ReplayStatus.Disagree) + 1;
            context.Report.Report(context.Error, DiagnosticCatalogue.RouteFactRefuted(path, outcome.Refuted > 0 ? outcome.FirstProblem! : pairs.FirstProblem!));
        }
        else if (outcome.Undecided > 0)
        {
            counts[ReplayStatus.Undecided] = counts.GetValueOrDefault(ReplayStatus.Undecided) + 1;
            context.Report.Report(context.Error, DiagnosticCatalogue.ObligationUndecided(path, outcome.FirstProblem!));
        }
        else
        {
            counts[ReplayStatus.Agree] = counts.GetValueOrDefault(ReplayStatus.Agree) + 1;
        }
        return (null, true);
    }

    private static (List<Entry>? Entries, string? Problem) ReadAnswers(string answersPath, string certificate)
    {
        JsonDocument document;
        var (answers, error) = SourceReader.ReadFile(answersPath);
        if (answers is null)
        {
            return (null, "answers.json cannot be read: " + error!.Message);
        }
        try
        {
            document = JsonDocument.Parse(answers.Text);
        }
        catch (JsonException e)
        {
            return (null, "answers.json is not JSON: " + e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, "answers.json cannot be read: " + e.Message);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("obligations", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return (null, "answers.json has no \"obligations\" array");
            }
            var entries = new List<Entry>();
            var root = Path.GetFullPath(certificate) + Path.DirectorySeparatorChar;
            foreach (var item in list.EnumerateArray())
            {
                string? Field(string key) => item.ValueKind == JsonValueKind.Object && item.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                var (name, file, expected) = (Field("name"), Field("file"), Field("expected"));
                var index = entries.Count.ToString(CultureInfo.InvariantCulture);
                if (name is null || file is null || expected is null)
                {
                    return (null, $"obligation {index} lacks a string \"name\", \"file\" or \"expected\"");
                }
                if (expected is not ("sat" or "unsat"))
                {
                    return (null, $"obligation '{name}' expects '{expected}'; only sat and unsat are answers");
                }
                if (Path.IsPathRooted(file) || !Path.GetFullPath(Path.Combine(certificate, file)).StartsWith(root, StringComparison.Ordinal))
                {
                    return (null, $"obligation '{name}' names {file}, outside the certificate folder");
                }
                entries.Add(new Entry(name, file, expected));
            }
            return entries.Count == 0 ? (null, "answers.json lists no obligation") : (entries, null);
        }
    }
}
