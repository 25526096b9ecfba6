using Privc.Diagnostics;
using Privc.Llm;
using Privc.Llm.Translation;

namespace Privc.Cli.Commands;

/// <summary>
/// The two decisions translate leaves to a person: which reading of an ambiguous request is meant (--samples), and
/// whether the reviewed result may be written. A question is asked only when a person can answer it: standard input
/// is a terminal and --non-interactive is absent. Answers piped in were written before the question and its review
/// were shown, so they are not a confirmation; a script says so with --yes. Where a question cannot be asked the
/// command stops with a stable code instead (PRIV7019 for the choice, PRIV7023 for the confirmation, exit 6); a
/// person's no is PRIV7021, exit 6. --yes answers the confirmation only: it never chooses a reading.
/// </summary>
internal sealed class TranslateConsent
{
    private readonly Questions? questions;
    private readonly bool yes;

    public TranslateConsent(CliContext context, bool yes, bool nonInteractive)
    {
        this.yes = yes;
        if (nonInteractive)
        {
            WhyNotAsked = "--non-interactive";
        }
        else if (!context.InputIsTerminal())
        {
            WhyNotAsked = "standard input is not a terminal";
        }
        else
        {
            questions = new Questions(context);
        }
    }

    /// <summary>Why no question can be asked, or null when one can.</summary>
    public string? WhyNotAsked { get; }

    /// <summary>Whether the review is followed by a question (so, with JSON on standard output, it goes to standard error).</summary>
    public bool WillAskToConfirm => !yes && questions is not null;

    /// <summary>The reading the person chose among <paramref name="choices"/> (numbered from 1, as shown), or why none was.</summary>
    public Result<TranslationResult> Choose(IReadOnlyList<TranslationResult> choices, int readings, int samples, string outputPath)
    {
        if (questions is null)
        {
            return Result<TranslationResult>.Fail(LlmDiagnostics.SamplesDisagree(readings, samples));
        }
        var answer = questions.Choose("which reading does the request mean?", choices.Count);
        return answer.Kind == AnswerKind.Given
            ? Result<TranslationResult>.Ok(choices[answer.Choice - 1])
            : Result<TranslationResult>.Fail(LlmDiagnostics.NotConfirmed(outputPath, answer.Kind == AnswerKind.InputEnded ? answer.Why : "no reading was chosen"));
    }

    /// <summary>Null when the file may be written (--yes, or the person said yes); otherwise the reason it may not.</summary>
    public Diagnostic? Confirm(string outputPath)
    {
        if (yes)
        {
            return null;
        }
        if (questions is null)
        {
            return LlmDiagnostics.ConfirmationNeeded(outputPath, WhyNotAsked!);
        }
        var answer = questions.Confirm($"write {outputPath}?");
        return answer.IsYes ? null : LlmDiagnostics.NotConfirmed(outputPath, answer.Why);
    }
}
