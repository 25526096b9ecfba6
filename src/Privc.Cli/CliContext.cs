using Privc.Solving;

namespace Privc.Cli;

/// <summary>
/// What a command may touch besides files named on its command line: its output streams, the environment and
/// the solvers. Tests pass string writers, a dictionary and fake solvers, and run every command in-process.
/// </summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, Func<string, string?> Environment)
{
    /// <summary>Makes the solver factory for a dialect; by default the real solver process found on PATH.</summary>
    public Func<SolverDialect, ISmtSolverFactory> Solvers { get; init; } = dialect => new ProcessSolverFactory(dialect, Environment);
}
