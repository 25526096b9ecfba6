using Privc.Diagnostics;
using Privc.Llm.Client;

namespace Privc.Llm.Evaluation;

/// <summary>Passes requests to a model and keeps every exchange, in order, for `eval --record`.</summary>
public sealed class RecordingChatModel(IChatModel inner, string caseId) : IChatModel
{
    private readonly List<RecordedExchange> exchanges = [];

    public string Name => inner.Name;

    public CaseRecording Recording
    {
        get
        {
            lock (exchanges)
            {
                return new CaseRecording(caseId, inner.Name, [.. exchanges]);
            }
        }
    }

    public async Task<ChatOutcome> CompleteAsync(IReadOnlyList<ChatTurn> messages, CancellationToken cancellationToken)
    {
        var outcome = await inner.CompleteAsync(messages, cancellationToken).ConfigureAwait(false);
        lock (exchanges)
        {
            exchanges.Add(new RecordedExchange([.. messages], outcome.Text, outcome.Usage, outcome.Latency.Ticks, outcome.Attempts,
                outcome.Failure is null ? null : DiagnosticFormatter.FormatHeader(outcome.Failure)));
        }
        return outcome;
    }
}
