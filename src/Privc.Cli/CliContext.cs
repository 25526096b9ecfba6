using Privc.Solving;

namespace Privc.Cli;

/// <summary>
/// What a command may touch besides files named on its command line: its output streams and the environment.
/// Tests pass string writers and a dictionary, and run every command in-process.
/// </summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, Func<string, string?> Environment)
{
    /// <summary>HTTP for the natural-language front end (translate, eval); null uses the platform's handler.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>Waits between retries of LLM requests; tests pass one that returns at once.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = static (span, token) => Task.Delay(span, token);

    /// <summary>The clock for latencies and Retry-After dates.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The SMT solver for eval; null starts z3 from PATH.</summary>
    public ISmtSolverFactory? Solvers { get; init; }
}
