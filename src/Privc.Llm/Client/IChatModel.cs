using Privc.Diagnostics;

namespace Privc.Llm.Client;

public enum ChatRole
{
    System,
    User,
    Assistant,
}

public sealed record ChatTurn(ChatRole Role, string Content);

/// <summary>Tokens as the server's <c>usage</c> reports them (zero when it reports none).</summary>
public sealed record TokenUsage(long Prompt, long Completion)
{
    public static TokenUsage Zero { get; } = new(0, 0);

    public long Total => Prompt + Completion;

    public static TokenUsage operator +(TokenUsage a, TokenUsage b) => new(a.Prompt + b.Prompt, a.Completion + b.Completion);
}

/// <summary>
/// One chat completion: the assistant's text, or why there is none. <see cref="Attempts"/> counts HTTP requests
/// (retries included); <see cref="Latency"/> is the wall time of all of them, waits included.
/// </summary>
public sealed record ChatOutcome(string? Text, TokenUsage Usage, int Attempts, TimeSpan Latency, Diagnostic? Failure)
{
    public bool Succeeded => Failure is null;
}

/// <summary>A chat model privc can ask for DSL. The real one speaks HTTP; eval's gold mode answers with the gold DSL.</summary>
public interface IChatModel
{
    /// <summary>For reports and file headers; never contains credentials.</summary>
    string Name { get; }

    Task<ChatOutcome> CompleteAsync(IReadOnlyList<ChatTurn> messages, CancellationToken cancellationToken);
}
