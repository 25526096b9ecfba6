using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Verification;
using Privc.Diagnostics;
using Privc.Llm.Client;
using Privc.Llm.Prompting;
using Privc.Syntax;
using Privc.Text;
using Privc.Topology;

namespace Privc.Llm.Translation;

/// <summary>What to translate, against what, and how many rounds of repair to allow.</summary>
public sealed record TranslationRequest(string Text, ImmutableArray<SourceText> Context, TopologyModel Topology, int MaxRounds)
{
    /// <summary>The operator asks for a declassification (or accepts lower protection): `--allow-declassify`.</summary>
    public bool AllowDeclassify { get; init; }

    /// <summary>The whole translation, every round and retry included, ends by then; null for no deadline.</summary>
    public TimeSpan? Deadline { get; init; }
}

public enum TranslationStatus
{
    /// <summary>The answer type-checks with the context; <see cref="TranslationResult.Dsl"/> holds it.</summary>
    Translated,
    /// <summary>Every round's answer had errors.</summary>
    Invalid,
    /// <summary>The model said the request cannot be expressed.</summary>
    Declined,
    /// <summary>The request, the context or the endpoint failed before an answer could be judged.</summary>
    Failed,
}

/// <summary>One request to the model and what privc made of its answer.</summary>
public sealed record TranslationRound(int Number, string Answer, ImmutableArray<Diagnostic> Errors, TokenUsage Usage, TimeSpan Latency, int Attempts);

public sealed record TranslationResult(
    TranslationStatus Status,
    SourceText? Dsl,
    BoundProgram? Program,
    ImmutableArray<Diagnostic> Diagnostics,
    ImmutableArray<TranslationRound> Rounds,
    ImmutableArray<ChatTurn> Conversation)
{
    public TokenUsage Usage => Rounds.Aggregate(TokenUsage.Zero, (sum, r) => sum + r.Usage);

    public TimeSpan Latency => Rounds.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Latency);
}

/// <summary>
/// Natural language to type-checked DSL: ask the model, extract the DSL from its answer, parse and type-check it
/// together with the context files, and send the errors back for repair, for at most MaxRounds requests. The
/// model's text is only ever parsed as DSL: it is never executed, never used as a path, and bounded in size. With
/// context files, an answer may add intents and objectives only, never services, flows, data or levels, so a model
/// cannot introduce a workload (an image) that the operator did not declare. An answer must hold exactly one code
/// block, and a type-checked answer must also pass <see cref="AnswerChecks"/>: no intent that constrains nothing, no
/// declassification and no lowered protection unless the request allows it. All of these go back for repair.
/// </summary>
public sealed class Translator
{
    public const int MaxRequestChars = 16 * 1024;
    public const int MaxAnswerChars = 64 * 1024;
    public const int MaxRoundsLimit = 10;
    public const string AnswerPath = "answer.priv";

    private readonly IChatModel model;

    public Translator(IChatModel model)
    {
        this.model = model;
    }

    public async Task<TranslationResult> TranslateAsync(TranslationRequest request, CancellationToken cancellationToken)
    {
        var text = request.Text.Trim();
        if (text.Length == 0 || text.Length > MaxRequestChars)
        {
            return Failed(LlmDiagnostics.TranslationRequestInvalid(text.Length == 0
                ? "the text to translate is empty"
                : $"the text to translate has {text.Length} characters; privc sends at most {MaxRequestChars}"));
        }
        if (request.MaxRounds is < 1 or > MaxRoundsLimit)
        {
            return Failed(DiagnosticCatalogue.Usage($"--max-rounds must be from 1 to {MaxRoundsLimit}, not {request.MaxRounds}"));
        }
        BoundProgram? context = null;
        if (!request.Context.IsEmpty)
        {
            var compilation = new Compilation(request.Context, request.Topology);
            if (compilation.HasErrors)
            {
                return new TranslationResult(TranslationStatus.Failed, null, null, compilation.Diagnostics, [], []);
            }
            context = compilation.Program;
        }
        var answerPath = UniquePath(request.Context);
        var prompt = new PromptBuilder(request.Topology, context);
        var conversation = new List<ChatTurn>
        {
            new(ChatRole.System, prompt.SystemPrompt()),
            new(ChatRole.User, PromptBuilder.RequestMessage(text)),
        };
        var rounds = ImmutableArray.CreateBuilder<TranslationRound>();
        var errors = ImmutableArray<Diagnostic>.Empty;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (request.Deadline is { } limit)
        {
            deadline.CancelAfter(limit);
        }
        for (var round = 1; round <= request.MaxRounds; round++)
        {
            ChatOutcome reply;
            try
            {
                reply = await model.CompleteAsync(conversation.ToList(), deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var late = LlmDiagnostics.TranslationDeadline(request.Deadline!.Value, round);
                rounds.Add(new TranslationRound(round, string.Empty, [late], TokenUsage.Zero, request.Deadline.Value, 1));
                return new TranslationResult(TranslationStatus.Failed, null, null, [late], rounds.ToImmutable(), [.. conversation]);
            }
            if (!reply.Succeeded)
            {
                rounds.Add(new TranslationRound(round, string.Empty, [reply.Failure!], reply.Usage, reply.Latency, reply.Attempts));
                return new TranslationResult(TranslationStatus.Failed, null, null, [reply.Failure!], rounds.ToImmutable(), [.. conversation]);
            }
            var answer = reply.Text ?? string.Empty;
            var judged = Judge(answer, request, answerPath, context);
            rounds.Add(new TranslationRound(round, Bounded(answer), judged.Errors, reply.Usage, reply.Latency, reply.Attempts));
            conversation.Add(new ChatTurn(ChatRole.Assistant, Bounded(answer)));
            if (judged.Declined is { } reason)
            {
                return new TranslationResult(TranslationStatus.Declined, null, null, [LlmDiagnostics.LlmDeclined(reason)], rounds.ToImmutable(), [.. conversation]);
            }
            if (judged.Errors.IsEmpty)
            {
                return new TranslationResult(TranslationStatus.Translated, judged.Source, judged.Program, judged.Warnings, rounds.ToImmutable(), [.. conversation]);
            }
            errors = judged.Errors;
            if (round < request.MaxRounds)
            {
                conversation.Add(new ChatTurn(ChatRole.User, PromptBuilder.RepairMessage(round, request.MaxRounds, errors, judged.Source)));
            }
        }
        var diagnostics = errors.Add(LlmDiagnostics.TranslationFailed(request.MaxRounds, errors.Length));
        return new TranslationResult(TranslationStatus.Invalid, null, null, diagnostics, rounds.ToImmutable(), [.. conversation]);
    }

    private sealed record Judgement(SourceText? Source, BoundProgram? Program, ImmutableArray<Diagnostic> Errors, ImmutableArray<Diagnostic> Warnings, string? Declined);

    /// <summary>The one candidate, type-checked with the context, its shape checked, then <see cref="AnswerChecks"/>.</summary>
    private static Judgement Judge(string answer, TranslationRequest request, string answerPath, BoundProgram? context)
    {
        if (answer.Length > MaxAnswerChars)
        {
            return new Judgement(null, null, [LlmDiagnostics.LlmAnswerTooLarge(answer.Length, MaxAnswerChars)], [], null);
        }
        var extraction = AnswerExtractor.Extract(answer);
        if (extraction.Declined is { } reason)
        {
            return new Judgement(null, null, [], [], reason);
        }
        if (extraction.Candidates.IsEmpty)
        {
            return new Judgement(null, null, [LlmDiagnostics.LlmNoIntent(null)], [], null);
        }
        if (extraction.Candidates.Length > 1)
        {
            return new Judgement(null, null, [LlmDiagnostics.LlmSeveralBlocks(extraction.Candidates.Length)], [], null);
        }
        var source = new SourceText(answerPath, extraction.Candidates[0]);
        var compilation = new Compilation(request.Context.Add(source), request.Topology);
        var parse = compilation.ParseResults.First(p => ReferenceEquals(p.Source, source));
        var errors = compilation.Diagnostics.Where(d => d.IsError).ToImmutableArray();
        var warnings = compilation.Diagnostics.Where(d => !d.IsError).ToImmutableArray();
        if (parse.Program is { } syntax)
        {
            errors = errors.AddRange(Shape(syntax, source, context is not null));
        }
        if (errors.IsEmpty && compilation.Program is { } program && parse.Program is { } answerSyntax)
        {
            errors = errors
                .AddRange(AnswerChecks.Vacuous(program, warnings, source, answerSyntax, request.Topology.Schema))
                .AddRange(AnswerChecks.Weakening(context, program, source, request.AllowDeclassify, request.Topology.Schema));
        }
        return new Judgement(source, errors.IsEmpty ? compilation.Program : null, errors, warnings, null);
    }

    /// <summary>An answer must add at least one intent or objective and, given a context, nothing else.</summary>
    private static IEnumerable<Diagnostic> Shape(ProgramSyntax syntax, SourceText source, bool hasContext)
    {
        if (!syntax.Items.Any(i => i is IntentDeclSyntax or ObjectiveDeclSyntax))
        {
            yield return LlmDiagnostics.LlmNoIntent(new SourceLocation(source, new TextSpan(0, 0)));
        }
        if (!hasContext)
        {
            yield break;
        }
        foreach (var item in syntax.Items)
        {
            var declared = item switch
            {
                ServiceDeclSyntax s => $"service '{s.Name.Text}'",
                ExternalDeclSyntax e => $"external endpoint '{e.Name.Text}'",
                FlowDeclSyntax f => $"flow '{f.Name.Text}'",
                DataDeclSyntax d => $"data class '{d.Name.Text}'",
                LevelsDeclSyntax => "sensitivity levels",
                _ => null,
            };
            if (declared is not null)
            {
                yield return LlmDiagnostics.LlmDeclaresItems(new SourceLocation(source, item.Span), declared);
            }
        }
    }

    private static string UniquePath(ImmutableArray<SourceText> context)
    {
        var path = AnswerPath;
        for (var n = 2; context.Any(s => s.Path == path); n++)
        {
            path = $"answer-{n}.priv";
        }
        return path;
    }

    private static string Bounded(string answer) =>
        answer.Length <= MaxAnswerChars ? answer : answer[..MaxAnswerChars] + "\n[privc: the rest of this answer was cut]";

    private static TranslationResult Failed(Diagnostic diagnostic) => new(TranslationStatus.Failed, null, null, [diagnostic], [], []);
}
