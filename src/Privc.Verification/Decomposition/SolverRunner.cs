using System.Diagnostics;
using Privc.Verification.Solving;

namespace Privc.Verification.Decomposition;

/// <summary>
/// Starts solver sessions for the decomposed solver with the time left in the verification's budget, and keeps the
/// figures the benchmark reports (calls, time spent inside the solver). Never throws for solver trouble: a session
/// that cannot start yields its failure as the result.
/// </summary>
public sealed class SolverRunner
{
    private readonly ISmtSolverFactory factory;
    private readonly SolverOptions options;
    private readonly Func<TimeSpan, TimeSpan> remaining;
    private readonly Stopwatch solverTime = new();

    public SolverRunner(ISmtSolverFactory factory, SolverOptions options, Func<TimeSpan, TimeSpan> remaining)
    {
        this.factory = factory;
        this.options = options;
        this.remaining = remaining;
    }

    public string SolverName { get; private set; } = string.Empty;

    public int Calls { get; private set; }

    public TimeSpan SolverTime => solverTime.Elapsed;

    /// <summary>A session with the remaining budget (at most <paramref name="cap"/>), or the reason there is none.</summary>
    public (ISmtSession? Session, CheckResult? Failure) Start(bool models, bool cores, TimeSpan? cap = null)
    {
        var start = factory.Start(options with
        {
            ProduceModels = models,
            ProduceUnsatCores = cores,
            Timeout = remaining(cap ?? options.Timeout),
            WallClock = null,
        });
        if (start.Session is { } session)
        {
            SolverName = session.SolverName;
        }
        return (start.Session, start.Failure);
    }

    /// <summary>A check, timed.</summary>
    public CheckResult Check(ISmtSession session, IReadOnlyList<string>? assumptions = null)
    {
        Calls++;
        solverTime.Start();
        try
        {
            return assumptions is null || assumptions.Count == 0 ? session.CheckSat() : session.CheckSat(assumptions);
        }
        finally
        {
            solverTime.Stop();
        }
    }

    /// <summary>Time spent in a solver answering anything else (models, cores), for the figures.</summary>
    public T Timed<T>(Func<T> read)
    {
        solverTime.Start();
        try
        {
            return read();
        }
        finally
        {
            solverTime.Stop();
        }
    }

    /// <summary>
    /// One self-contained script checked in a fresh session (obligations and their confirmation); a final
    /// <c>(check-sat)</c> in the script is the check itself.
    /// </summary>
    public CheckResult CheckScript(string script, TimeSpan? cap = null)
    {
        const string check = "(check-sat)\n";
        if (script.EndsWith(check, StringComparison.Ordinal))
        {
            script = script[..^check.Length];
        }
        var (session, failure) = Start(models: false, cores: false, cap);
        if (session is null)
        {
            return failure!;
        }
        using (session)
        {
            session.Send(script);
            return Check(session);
        }
    }
}
