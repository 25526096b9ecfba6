namespace Privc.Verification.Solving;

internal enum ChannelStatus
{
    Ok,
    /// <summary>The solver closed its end: it exited or crashed.</summary>
    Closed,
    /// <summary>The time limit passed first.</summary>
    TimedOut,
}

/// <summary>
/// The pipe to one solver: text in, lines out. <see cref="SmtProcessSession"/> keeps the protocol; the channel only
/// moves bytes, so in-process fakes can stand in for the process and still run the real protocol code.
/// </summary>
internal interface ISolverChannel : IDisposable
{
    /// <summary>The operating-system process id, when the solver is a process.</summary>
    int? ProcessId { get; }

    ChannelStatus Write(string text, TimeSpan limit);

    /// <summary>The next line of the solver's standard output (without its line break).</summary>
    ChannelStatus ReadLine(TimeSpan limit, out string? line);

    /// <summary>Ends the solver at once (the whole process tree) and reaps it.</summary>
    void Kill();

    /// <summary>After <see cref="ChannelStatus.Closed"/>: how the solver ended, e.g. "exited with code 1; stderr: ...".</summary>
    string DescribeEnd();
}
