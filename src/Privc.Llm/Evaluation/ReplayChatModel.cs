using Privc.Llm.Client;

namespace Privc.Llm.Evaluation;

/// <summary>
/// `eval --replay`: answers with a recording's answers, in order, with their recorded tokens and latency. The
/// requests are not compared with the recorded ones: a replay re-judges the recorded answers with today's checks.
/// A translation that asks for more rounds than were recorded gets PRIV7022, and the case is an error.
/// </summary>
public sealed class ReplayChatModel(CaseRecording recording, string path) : IChatModel
{
    private int next;

    public string Name => recording.Model;

    public Task<ChatOutcome> CompleteAsync(IReadOnlyList<ChatTurn> messages, CancellationToken cancellationToken)
    {
        var index = Interlocked.Increment(ref next) - 1;
        if (index >= recording.Exchanges.Length)
        {
            return Task.FromResult(new ChatOutcome(null, TokenUsage.Zero, 0, TimeSpan.Zero,
                LlmDiagnostics.RecordingInvalid(path, $"the translation asked for round {index + 1}, the recording has {recording.Exchanges.Length}")));
        }
        var exchange = recording.Exchanges[index];
        var failure = exchange.Failure is null ? null : LlmDiagnostics.RecordingInvalid(path, "the recorded request failed: " + exchange.Failure);
        return Task.FromResult(new ChatOutcome(exchange.Answer, exchange.Usage, exchange.Attempts, TimeSpan.FromTicks(exchange.LatencyTicks), failure));
    }
}
