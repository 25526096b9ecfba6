using System.Collections.Concurrent;
using Privc.Cli;
using Privc.Solving;

namespace Privc.Tests.Infrastructure;

/// <summary>What one in-process run of privc printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error, IReadOnlyList<TimeSpan> Delays);

/// <summary>Runs the privc command line in-process with a scripted environment and a delay that records instead of sleeping.</summary>
public static class CliRunner
{
    public static CliRun Run(IReadOnlyDictionary<string, string>? environment, params string[] args) => Run(environment, null, args);

    public static CliRun Run(IReadOnlyDictionary<string, string>? environment, ISmtSolverFactory? solvers, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var delays = new ConcurrentQueue<TimeSpan>();
        var context = new CliContext(output, error, name => environment?.GetValueOrDefault(name))
        {
            Delay = (span, _) =>
            {
                delays.Enqueue(span);
                return Task.CompletedTask;
            },
            Solvers = solvers,
        };
        var exit = CliApplication.Run(args, context);
        return new CliRun(exit, output.ToString(), error.ToString(), delays.ToList());
    }
}
