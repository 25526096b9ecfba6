using Privc.Llm.Client;

namespace Privc.Llm.Evaluation;

/// <summary>
/// `privc eval --gold`: a "model" that answers with the case's gold DSL, in a fenced block like a real model would,
/// so that the gold goes through the same extraction, type-checking, compiling and judging as any answer.
/// </summary>
public sealed class GoldModel : IChatModel
{
    private readonly string gold;

    public GoldModel(string gold)
    {
        this.gold = gold;
    }

    public string Name => "gold";

    public Task<ChatOutcome> CompleteAsync(IReadOnlyList<ChatTurn> messages, CancellationToken cancellationToken) =>
        Task.FromResult(new ChatOutcome($"```priv\n{gold.TrimEnd()}\n```\n", TokenUsage.Zero, 1, TimeSpan.Zero, null));
}
