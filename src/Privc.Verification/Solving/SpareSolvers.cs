namespace Privc.Verification.Solving;

/// <summary>
/// The spare solver processes of one <see cref="ProcessSolverFactory"/>. A lease names the sessions expected, in
/// order, by kind (solver path and initial options); one spare runs ahead of them: the spare for the first expected
/// session starts with the lease, and each session that takes a spare starts the spare for the next expected one.
/// One at a time, because the machine privc runs on may have two cores: a spare's set-up must overlap privc waiting
/// for the solver, not compete with privc's own work. A spare has been sent its initial options and the dialect's
/// warm-up, and nothing else, so taking one is the same as starting a fresh process and sending the same options; only
/// the solver's set-up has already run. A lease's end, or privc's exit (which closes their standard input), ends the
/// spares nobody took.
/// </summary>
internal sealed class SpareSolvers(SolverDialect dialect)
{
    private static readonly TimeSpan WriteLimit = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    // A spare is started on the thread pool (starting a process costs the caller several milliseconds), so each kind
    // maps to the task that starts it; taking a spare waits for that task, which is short and bounded.
    private readonly Dictionary<string, Task<Spare?>> spares = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, string Path, SolverOptions Options)> expected = new();
    private int leases;

    /// <summary>A started process and the text it was sent (for the session's transcript).</summary>
    internal sealed record Spare(ISolverChannel Channel, string Sent);

    /// <summary>The process ids of the spares started and waiting now (tests check that none outlives its lease).</summary>
    internal IReadOnlyList<int> ProcessIds
    {
        get
        {
            lock (gate)
            {
                return spares.Values.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result?.Channel.ProcessId).OfType<int>().Order().ToArray();
            }
        }
    }

    /// <summary>Expects sessions of these kinds, in this order, until the lease is disposed; starts the first spare.</summary>
    public IDisposable Lease(IReadOnlyList<(string Path, SolverOptions Options)> sessions)
    {
        lock (gate)
        {
            leases++;
            foreach (var (path, options) in sessions)
            {
                expected.Enqueue((Key(path, options), path, options));
            }
            if (spares.Count == 0)
            {
                StartNext();
            }
        }
        return new SpareLease(this);
    }

    /// <summary>Takes the spare of this kind, if there is one; then starts the spare for the next expected session.</summary>
    public Spare? Take(string path, SolverOptions options)
    {
        if (dialect.WarmUp is null)
        {
            return null;
        }
        Task<Spare?>? taken;
        lock (gate)
        {
            spares.Remove(Key(path, options), out taken);
            if (leases > 0)
            {
                StartNext();
            }
        }
        return taken?.Result;
    }

    /// <summary>Starts the spare for the next expected session whose kind has none waiting (under the gate).</summary>
    private void StartNext()
    {
        while (expected.TryDequeue(out var next))
        {
            if (!spares.ContainsKey(next.Key))
            {
                spares[next.Key] = Task.Run(() => Spawn(next.Path, next.Options));
                return;
            }
        }
    }

    private Spare? Spawn(string path, SolverOptions options)
    {
        var channel = ProcessChannel.Start(path, dialect.Arguments, out _);
        if (channel is null)
        {
            return null;
        }
        var sent = string.Concat(dialect.InitialOptions(options).Select(line => line + "\n")) + dialect.WarmUp + "\n";
        if (channel.Write(sent, WriteLimit) != ChannelStatus.Ok)
        {
            channel.Dispose();
            return null;
        }
        return new Spare(channel, sent);
    }

    private void Release()
    {
        Task<Spare?>[] ended;
        lock (gate)
        {
            if (--leases > 0)
            {
                return;
            }
            expected.Clear();
            ended = [.. spares.Values];
            spares.Clear();
        }
        foreach (var spare in ended)
        {
            // Ended in the background: the channel asks the solver to exit and reaps it, which the caller need not wait for.
            spare.ContinueWith(t => t.Result?.Channel.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    private string Key(string path, SolverOptions options) => path + "\n" + string.Join("\n", dialect.InitialOptions(options));

    private sealed class SpareLease(SpareSolvers owner) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Release();
            }
        }
    }
}
