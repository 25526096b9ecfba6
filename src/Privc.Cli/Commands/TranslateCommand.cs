using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Text;
using Privc.Semantics;
using Privc.Verification;
using Privc.Diagnostics;
using Privc.Artifacts.Emit;
using Privc.Text;
using Privc.Verification.Explanation;
using Privc.Llm;
using Privc.Llm.Client;
using Privc.Llm.Translation;
using Privc.Parsing;
using Privc.Topology;

namespace Privc.Cli.Commands;

/// <summary>
/// <c>privc translate TEXT | --file FILE --topology TOPO [--context FILE...] [--endpoint URL] [--model NAME]
/// [--max-rounds N] [--yes | --non-interactive] --out FILE.priv</c>: English to type-checked intents through an
/// LLM, with repair rounds. The file is written, atomically, only when the answer type-checks, passes the answer
/// checks and is confirmed after a review of what it says and selects on the topology (<see cref="TranslateConsent"/>);
/// otherwise nothing is written and the exit code is 1 (no acceptable answer) or 6 (not confirmed).
/// </summary>
internal static class TranslateCommand
{
    public static Command Create(CliContext context)
    {
        var text = new Argument<string?>("TEXT") { Arity = ArgumentArity.ZeroOrOne, Description = "The privacy intent in English (or use --file)." };
        var file = new Option<string?>("--file") { Description = "Read the intent text from this file." };
        var topology = new Option<string>("--topology") { Required = true, Description = "Topology file (YAML)." };
        var contextFiles = new Option<string[]>("--context") { Description = "Intent files whose declarations (services, data, flows) the intents refer to.", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Required = true, Description = "The intent file to write (.priv); an existing file is replaced only with --force, and never an input." };
        var force = new Option<bool>("--force") { Description = "Replace --out when it exists (never a --context, --file or --topology file)." };
        var samples = new Option<int>("--samples") { Description = "Translate N times (sampling at temperature 0.7 unless --temperature is given) and accept only when every answer means the same on every topology.", DefaultValueFactory = _ => 1 };
        var allowDeclassify = new Option<bool>("--allow-declassify") { Description = "Accept an answer that declassifies data or lowers protection the context gives (only when the request asks for it)." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Write the result without asking for confirmation (the review is still printed)." };
        var nonInteractive = new Option<bool>("--non-interactive") { Description = "Never ask: where a question would be asked (confirmation, or a choice between --samples readings), exit 6 and write nothing. Implied when standard input is not a terminal." };
        var llm = new LlmOptions();
        var command = new Command("translate", "Translate a privacy intent from English into privc's language with an LLM, type-check it, and write it.")
        {
            text, file, topology, contextFiles, output, force, allowDeclassify, samples, yes, nonInteractive,
            Output.FormatOption.Create("the file written (or not, when unconfirmed), and per intent it adds one sentence and what it selects on the topology"),
        };
        foreach (var option in llm.All)
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, token) => Run(context, parse, llm, parse.GetValue(text), parse.GetValue(file), parse.GetValue(topology)!,
            parse.GetValue(contextFiles) ?? [], parse.GetValue(output)!, parse.GetValue(force), parse.GetValue(allowDeclassify), parse.GetValue(samples),
            new TranslateConsent(context, parse.GetValue(yes), parse.GetValue(nonInteractive)), token));
        return command;
    }

    private static async Task<int> Run(CliContext context, System.CommandLine.ParseResult parse, LlmOptions llm, string? text, string? file, string topologyPath,
        string[] contextPaths, string outputPath, bool force, bool allowDeclassify, int samples, TranslateConsent consent, CancellationToken cancellationToken)
    {
        void Report(IEnumerable<Diagnostic> diagnostics) => context.Report.Report(context.Error, diagnostics, summary: false);

        if ((text is null) == (file is null))
        {
            Report([DiagnosticCatalogue.Usage("give the intent either as TEXT or with --file FILE, not both and not neither")]);
            return ExitCodes.InputError;
        }
        if (samples is < 1 or > 10)
        {
            Report([DiagnosticCatalogue.Usage($"--samples must be from 1 to 10, not {samples}")]);
            return ExitCodes.InputError;
        }
        if (OutputFileRefusal(outputPath, force, file, topologyPath, contextPaths) is { } refusal)
        {
            Report([refusal]);
            return ExitCodes.InputError;
        }
        if (file is not null)
        {
            var (source, error) = SourceReader.ReadFile(file);
            if (source is null)
            {
                Report([error!]);
                return ExitCodes.InputError;
            }
            text = source.Text;
        }
        var diagnostics = new List<Diagnostic>();
        var sources = ImmutableArray.CreateBuilder<SourceText>();
        foreach (var path in contextPaths.Distinct(StringComparer.Ordinal))
        {
            var (source, error) = SourceReader.ReadFile(path);
            if (source is null)
            {
                diagnostics.Add(error!);
            }
            else
            {
                sources.Add(source);
            }
        }
        var topology = TopologyLoader.LoadFile(topologyPath);
        diagnostics.AddRange(topology.Diagnostics);
        var (settings, settingsError) = llm.Resolve(parse, context);
        if (settingsError is not null)
        {
            diagnostics.Add(settingsError);
        }
        if (topology.Topology is null || settings is null || diagnostics.Any(d => d.IsError))
        {
            Report(diagnostics.Order());
            return ExitCodes.InputError;
        }

        settings = llm.Constrain(parse, settings, withContext: contextPaths.Length > 0);
        if (samples > 1 && parse.GetResult(llm.Temperature) is null or { Implicit: true })
        {
            settings = settings with { Temperature = TranslationSamples.DefaultTemperature };
        }
        var request = new TranslationRequest(text!, sources.ToImmutable(), topology.Topology, parse.GetValue(llm.MaxRounds))
        {
            AllowDeclassify = allowDeclassify,
            Deadline = llm.DeadlineOf(parse),
        };
        var sampled = await TranslationSamples.RunAsync(samples, settings, s => llm.CreateModel(s, context), request, cancellationToken);
        var result = sampled.Result;
        var modelName = settings.Model;
        var usage = sampled.All.Aggregate(TokenUsage.Zero, (sum, r) => sum + r.Usage);
        var rounds = sampled.All.Sum(r => r.Rounds.Length);
        var latency = sampled.All.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Latency);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{rounds} round(s){(samples > 1 ? $" over {samples} samples" : string.Empty)} with model {modelName} at {settings.DisplayEndpoint}: {usage.Prompt} prompt + {usage.Completion} completion tokens, {latency.TotalSeconds:0.0} s");
        if (sampled.Disagreement is { } readings)
        {
            context.Error.Write(readings);
            var (chosen, notChosen) = consent.Choose(sampled.Choices, sampled.Readings, samples, outputPath);
            if (chosen is null)
            {
                Report([notChosen!]);
                context.Error.WriteLine("no file written; " + summary);
                context.Report.Outcome = "not confirmed";
                return ExitCodes.NotConfirmed;
            }
            result = chosen;
        }
        if (result.Status != TranslationStatus.Translated)
        {
            Report(result.Diagnostics);
            if (result.Rounds.LastOrDefault() is { Answer.Length: > 0 } last)
            {
                context.Error.WriteLine($"the model's last answer ({Translator.AnswerPath}):");
                context.Error.WriteLine(Indent(last.Answer));
            }
            if (result.Rounds.Length > 0)
            {
                context.Error.WriteLine("no file written; " + summary);
            }
            return ExitCodes.InputError;
        }

        // Check the exact bytes that will be written, header included, as the file they will become.
        var content = Header(text!, modelName, topologyPath, contextPaths) + result.Dsl!.Text.TrimEnd() + "\n";
        var final = new Compilation(sources.ToImmutable().Add(new SourceText(outputPath, content)), topology.Topology);
        Report(final.Diagnostics);
        if (final.HasErrors || final.Program is null)
        {
            return ExitCodes.InputError;
        }
        var added = final.Program.Intents.Count(i => i.Location.Path == outputPath) + final.Program.Objectives.Count(o => o.Location.Path == outputPath);
        var review = TranslationReview.Of(final.Program, topology.Topology, outputPath);
        context.Report.Result = review.Json(outputPath, summary, content);
        if (context.Report.IsText || consent.WillAskToConfirm)
        {
            // With JSON on standard output the review goes to standard error, and only when a person reads it now.
            var to = context.Report.IsText ? context.Out : context.Error;
            to.WriteLine($"translated in {summary}");
            to.WriteLine($"{outputPath} would add {added} intent(s) and objective(s); what they say, and what they select on the topology:");
            to.WriteLine();
            to.Write(review.Text);
            to.Flush();
        }
        if (consent.Confirm(outputPath) is { } unconfirmed)
        {
            Report([unconfirmed]);
            context.Report.Outcome = "not confirmed";
            return ExitCodes.NotConfirmed;
        }
        if (AtomicFile.Write(outputPath, content) is { } writeError)
        {
            Report([DiagnosticCatalogue.OutputNotWritable(outputPath, writeError)]);
            return ExitCodes.InputError;
        }
        context.Report.Outcome = "translated";
        context.Report.Result["written"] = true;
        if (context.Report.IsText)
        {
            context.Out.WriteLine($"wrote {outputPath}");
        }
        return ExitCodes.Success;
    }

    /// <summary>Checked before the model is asked: an input is never overwritten, an existing file only with --force.</summary>
    private static Diagnostic? OutputFileRefusal(string outputPath, bool force, string? file, string topologyPath, string[] contextPaths)
    {
        var target = OutputFolder.RealPath(outputPath);
        var inputs = contextPaths.Select(p => (Path: p, Role: "--context"))
            .Append((Path: topologyPath, Role: "--topology"))
            .Concat(file is null ? [] : [(Path: file, Role: "--file")]);
        foreach (var (path, role) in inputs)
        {
            if (OutputFolder.RealPath(path) == target)
            {
                return DiagnosticCatalogue.OutputIsInput(outputPath, role);
            }
        }
        return (File.Exists(target) || Directory.Exists(target)) && !force ? DiagnosticCatalogue.OutputFileExists(outputPath) : null;
    }

    /// <summary>Provenance for reviewers: the request, the model and what the result was checked against.</summary>
    private static string Header(string request, string model, string topology, IEnumerable<string> context)
    {
        var text = new StringBuilder();
        text.Append($"// Translated by privc translate with model {OneLine(model)} and type-checked against {OneLine(topology)}");
        var files = context.Distinct(StringComparer.Ordinal).ToList();
        text.Append(files.Count == 0 ? ".\n" : $" with {string.Join(", ", files.Select(OneLine))}.\n");
        text.Append("// Review it (privc explain) before compiling. The request:\n");
        foreach (var line in request.Trim().ReplaceLineEndings("\n").Split('\n'))
        {
            text.Append("//   ").Append(OneLine(line)).Append('\n');
        }
        return text.Append('\n').ToString();
    }

    private static string OneLine(string text) => new(text.Where(c => !char.IsControl(c)).ToArray());

    private static string Indent(string text) =>
        string.Join("\n", text.TrimEnd().ReplaceLineEndings("\n").Split('\n').Select(l => "  | " + l));
}
