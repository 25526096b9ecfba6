using System.Collections.Concurrent;
using Privc.Cli;

namespace Privc.Tests.Infrastructure;

/// <summary>What one in-process run of privc printed and returned, and the retry waits it asked for.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error, IReadOnlyList<TimeSpan> Delays);

/// <summary>
/// Runs the privc command line in-process for the natural-language commands: a scripted environment (so no real
/// OPENAI_* variable leaks in) and a delay that records instead of sleeping.
/// </summary>
public static class LlmCliRunner
{
    public static CliRun Run(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Run(environment, new ScriptedInput(string.Empty, isTerminal: false), args);

    /// <summary>A run whose standard input holds <paramref name="input"/>'s answers, as a terminal or as redirected input.</summary>
    public static CliRun Run(IReadOnlyDictionary<string, string>? environment, ScriptedInput input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var delays = new ConcurrentQueue<TimeSpan>();
        Func<string, string?> lookup = name => environment?.GetValueOrDefault(name) ?? (name == "PATH" ? Environment.GetEnvironmentVariable(name) : null);
        var context = new CliContext(output, error, lookup)
        {
            OpenInput = () => input.Open(),
            InputIsTerminal = () => input.IsTerminal,
            Delay = (span, _) =>
            {
                delays.Enqueue(span);
                return Task.CompletedTask;
            },
        };
        var exit = CliApplication.Run(args, context);
        return new CliRun(exit, output.ToString(), error.ToString(), delays.ToList());
    }
}
