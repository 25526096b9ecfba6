using System.Collections.Concurrent;
using System.Text;
using Privc.Diagnostics;

namespace Privc.Verification.Solving;

/// <summary>
/// Starts solver processes: finds the binary (flag, environment variable, PATH), checks its version once per binary
/// and factory, and opens an <see cref="SmtProcessSession"/>. Missing or unusable solvers are reported as
/// <see cref="SolverOutcome.Unavailable"/> with a message that says how to fix it.
/// </summary>
public abstract class ProcessSolverFactory : ISmtSolverFactory
{
    private static readonly TimeSpan VersionLimit = TimeSpan.FromSeconds(10);

    private readonly SolverDialect dialect;
    private readonly Func<string, string?> environment;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, Lazy<VersionCheck>> versions = new(StringComparer.Ordinal);
    private readonly SpareSolvers spares;

    internal ProcessSolverFactory(SolverDialect dialect, Func<string, string?> environment, TimeProvider? time)
    {
        this.dialect = dialect;
        this.environment = environment;
        this.time = time ?? TimeProvider.System;
        spares = new SpareSolvers(dialect);
    }

    public SolverStart Start(SolverOptions options)
    {
        var check = Probe(options);
        if (check.Path is null || check.Version is null)
        {
            return new SolverStart(null, check.Failure);
        }
        var name = $"{dialect.Name} {check.Version}";
        if (spares.Take(check.Path, options) is { } spare)
        {
            var warm = SmtProcessSession.OpenWarm(spare.Channel, spare.Sent, dialect, options, name, time);
            if (warm.Session is not null)
            {
                return warm;
            }
            // A spare that died or misbehaved is not the session's failure: a fresh process decides that.
        }
        return SmtProcessSession.StartProcess(check.Path, dialect.Arguments, dialect, options, name, time);
    }

    /// <summary>The spare processes waiting now (for tests).</summary>
    internal IReadOnlyList<int> SpareProcessIds => spares.ProcessIds;

    /// <summary>
    /// Runs one spare solver process ahead of the sessions <paramref name="kinds"/> names, in order, while the lease
    /// lasts (<see cref="SpareSolvers"/>): started, sent its initial options and the dialect's warm-up, so the
    /// solver's set-up (about 60 ms for z3 4.8.12) overlaps privc's own work or its wait for another solver.
    /// <see cref="Start"/> takes a spare of the session's kind when there is one. Disposing the lease ends the spares
    /// nobody took. The version probe also starts here, in the background. Dialects without a warm-up (cvc5) keep
    /// no spares.
    /// </summary>
    public IDisposable KeepWarm(IReadOnlyList<SolverOptions> kinds)
    {
        if (dialect.WarmUp is null || kinds.Count == 0)
        {
            return NoPreparation.Lease;
        }
        var located = new List<(string Path, SolverOptions Options)>();
        foreach (var options in kinds)
        {
            if (SolverLocator.Find(dialect, options.SolverPath, environment, out _) is { } path)
            {
                located.Add((path, options));
            }
        }
        if (located.Count == 0)
        {
            return NoPreparation.Lease;
        }
        var first = kinds.First();
        _ = Task.Run(() => Probe(first));
        return spares.Lease(located);
    }

    /// <summary>
    /// Finds the solver and checks its version without starting a session: the version, or why it is unavailable
    /// (for <c>privc --version</c>-style reports and for skipping optional second opinions).
    /// </summary>
    public Result<SolverVersion, CheckResult> FindVersion(SolverOptions options)
    {
        var check = Probe(options);
        return new Result<SolverVersion, CheckResult>(check.Version, check.Failure);
    }

    private VersionCheck Probe(SolverOptions options)
    {
        var path = SolverLocator.Find(dialect, options.SolverPath, environment, out var problem);
        if (path is null)
        {
            return new VersionCheck(null, null, Unavailable(problem!));
        }
        return versions.GetOrAdd(path, p => new Lazy<VersionCheck>(() => CheckVersion(p))).Value;
    }

    private VersionCheck CheckVersion(string path)
    {
        var command = $"'{path} {string.Join(" ", dialect.VersionArguments)}'";
        using var channel = ProcessChannel.Start(path, dialect.VersionArguments, out var problem);
        if (channel is null)
        {
            return new VersionCheck(path, null, Unavailable($"{dialect.Name} at '{path}' cannot be used: {problem}"));
        }
        var output = new StringBuilder();
        var started = time.GetTimestamp();
        while (true)
        {
            var remaining = VersionLimit - time.GetElapsedTime(started);
            string? line = null;
            var status = remaining <= TimeSpan.Zero ? ChannelStatus.TimedOut : channel.ReadLine(remaining, out line);
            if (status == ChannelStatus.TimedOut)
            {
                channel.Kill();
                return new VersionCheck(path, null, Unavailable($"{command} did not finish within {VersionLimit.TotalSeconds:0} s; is this {dialect.Name}?"));
            }
            if (status == ChannelStatus.Closed)
            {
                break;
            }
            output.AppendLine(line);
        }
        var end = channel.DescribeEnd();
        var version = SolverVersion.TryParse(output.ToString());
        if (version is null)
        {
            var printed = output.ToString().Trim();
            var what = printed.Length == 0 ? "printed no version" : $"printed no version ('{(printed.Length > 120 ? printed[..120] + "..." : printed)}')";
            return new VersionCheck(path, null, Unavailable($"{command} {what} and {end}; is this {dialect.Name}?"));
        }
        if (version.CompareTo(dialect.MinimumVersion) < 0)
        {
            return new VersionCheck(path, null, Unavailable(
                $"{dialect.Name} {version} at '{path}' is too old: privc needs {dialect.Name} {dialect.MinimumVersion.Major}.{dialect.MinimumVersion.Minor} or newer (`apt-get install {dialect.Name}`, or pass {dialect.Flag} PATH / set {dialect.EnvironmentVariable})"));
        }
        return new VersionCheck(path, version, null);
    }

    private static CheckResult Unavailable(string reason) => new(SolverOutcome.Unavailable, reason);

    private sealed record VersionCheck(string? Path, SolverVersion? Version, CheckResult? Failure);
}

/// <summary>Starts <c>z3 -smt2 -in</c> sessions (z3 4.8 or newer).</summary>
public sealed class Z3SolverFactory(Func<string, string?> environment, TimeProvider? time = null)
    : ProcessSolverFactory(SolverDialect.Z3, environment, time);

/// <summary>
/// Starts <c>cvc5 --lang=smt2 --incremental</c> sessions (cvc5 1.0 or newer): an independent second opinion on the
/// same SMT-LIB2 text. cvc5 has no (minimize)/(maximize); strip objectives before sending them.
/// </summary>
public sealed class Cvc5SolverFactory(Func<string, string?> environment, TimeProvider? time = null)
    : ProcessSolverFactory(SolverDialect.Cvc5, environment, time);

/// <summary>The real process environment, for the composition root (the CLI); everything below takes a function.</summary>
internal static class SolverEnvironment
{
    public static Func<string, string?> Process { get; } = Environment.GetEnvironmentVariable;
}
