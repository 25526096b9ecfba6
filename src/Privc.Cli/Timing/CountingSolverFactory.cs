using Privc.Verification.Solving;

namespace Privc.Cli.Timing;

/// <summary>
/// Counts the solver sessions a command starts (each is one solver process) for <c>--timings</c>: process starts
/// cost more than most of the hospital example's queries, so their number is the first thing to look at.
/// </summary>
internal sealed class CountingSolverFactory(ISmtSolverFactory inner) : ISmtSolverFactory
{
    public int Sessions { get; private set; }

    public SolverStart Start(SolverOptions options)
    {
        var start = inner.Start(options);
        if (start.Session is not null)
        {
            Sessions++;
        }
        return start;
    }

    public IDisposable KeepWarm(IReadOnlyList<SolverOptions> kinds) => inner.KeepWarm(kinds);
}
