using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Privc.Solving;

/// <summary>
/// One solver process spoken to over SMT-LIB2 on stdin/stdout (the Boogie/Dafny way). Every request is followed by
/// <c>(echo "marker")</c> and the answer is read up to the marker, so the end of every response is explicit. A
/// request that gets no complete answer within the wall-clock limit kills the process. Solver misbehaviour is an
/// outcome (<see cref="Failure"/>), never an exception; after a failure every request reports it again.
/// </summary>
public sealed class SmtProcessSession : ISmtSession
{
    private const int MaxStderr = 4096;

    private readonly Process process;
    private readonly SolverDialect dialect;
    private readonly TimeSpan wallClock;
    private readonly BlockingCollection<string?> lines = new();
    private readonly StringBuilder stderr = new();
    private readonly StringBuilder transcript = new();
    private int markers;
    private bool disposed;

    private SmtProcessSession(Process process, SolverDialect dialect, string solverName, TimeSpan wallClock)
    {
        this.process = process;
        this.dialect = dialect;
        this.wallClock = wallClock;
        SolverName = solverName;
        var reader = new Thread(ReadOutput) { IsBackground = true, Name = "privc-solver-stdout" };
        reader.Start();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (stderr)
            {
                if (stderr.Length < MaxStderr)
                {
                    stderr.Append(e.Data).Append('\n');
                }
            }
        };
        process.BeginErrorReadLine();
    }

    public string SolverName { get; }

    public CheckResult? Failure { get; private set; }

    public string Transcript => transcript.ToString();

    /// <summary>Starts the solver binary with the dialect's arguments and sends the option preamble.</summary>
    public static SolverStart Start(string path, string solverName, SolverDialect dialect, SolverOptions options)
    {
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in dialect.Arguments)
        {
            info.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception("no process");
        }
        catch (Exception e) when (e is Win32Exception or IOException or UnauthorizedAccessException)
        {
            return new SolverStart(null, new CheckResult(SolverOutcome.Unavailable, $"{dialect.Name} could not be started from '{path}': {e.Message}"));
        }
        var session = new SmtProcessSession(process, dialect, solverName, options.WallClock ?? options.Timeout + TimeSpan.FromSeconds(10));
        session.Send(string.Join('\n', dialect.Preamble(options)), optionsOnly: true);
        return session.Failure is { } failure ? new SolverStart(null, failure) : new SolverStart(session, null);
    }

    private void ReadOutput()
    {
        try
        {
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null)
            {
                lines.Add(line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process went away; the end of the stream says so below.
        }
        finally
        {
            try
            {
                lines.Add(null);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    public void Send(string commands) => Send(commands, optionsOnly: false);

    private void Send(string commands, bool optionsOnly)
    {
        if (Failure is not null)
        {
            return;
        }
        var response = Request(commands);
        if (response is null)
        {
            return;
        }
        foreach (var line in response)
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed == "success")
            {
                continue;
            }
            // An option a solver does not know is not fatal: the preamble lists options for several versions.
            if (optionsOnly && (trimmed == "unsupported" || trimmed.StartsWith("(error", StringComparison.Ordinal) && trimmed.Contains("option", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            Fail(new CheckResult(SolverOutcome.ProtocolError, $"{dialect.Name} rejected a command: {Truncate(trimmed)}"));
            return;
        }
    }

    public CheckResult CheckSat(IReadOnlyList<string>? assumptions = null)
    {
        if (Failure is { } failure)
        {
            return failure;
        }
        var command = assumptions is { Count: > 0 } ? $"(check-sat-assuming ({string.Join(' ', assumptions)}))" : "(check-sat)";
        var response = Request(command);
        if (response is null)
        {
            return Failure!;
        }
        var answer = string.Join(' ', response).Trim();
        switch (answer)
        {
            case "sat":
                return new CheckResult(SolverOutcome.Sat);
            case "unsat":
                return new CheckResult(SolverOutcome.Unsat);
            case "unknown":
                var reason = ReasonUnknown();
                if (Failure is not null)
                {
                    return Failure;
                }
                var outcome = SolverDialect.OutcomeOfReason(reason);
                return new CheckResult(outcome, reason);
            default:
                return Fail(new CheckResult(SolverOutcome.ProtocolError, $"{dialect.Name} answered '{Truncate(answer)}' to {command.Split(' ')[0]})"));
        }
    }

    private string ReasonUnknown()
    {
        var response = Request("(get-info :reason-unknown)");
        if (response is null)
        {
            return "unknown";
        }
        var parsed = SExpression.ParseAll(string.Join('\n', response));
        if (parsed is { Length: 1 } && parsed.Value[0] is SExpression.List { Items.Length: 2 } list)
        {
            return SExpression.Unquote(SExpression.Print(list.Items[1]));
        }
        return "unknown";
    }

    public ImmutableDictionary<string, string>? GetValues(IReadOnlyList<string> terms)
    {
        if (Failure is not null)
        {
            return null;
        }
        if (terms.Count == 0)
        {
            return ImmutableDictionary<string, string>.Empty;
        }
        var response = Request($"(get-value ({string.Join(' ', terms)}))");
        if (response is null)
        {
            return null;
        }
        var parsed = SExpression.ParseAll(string.Join('\n', response));
        // Values come back in request order; pair them by position so the solver's printing of a term never matters.
        if (parsed is not { Length: 1 } || parsed.Value[0] is not SExpression.List list || list.Items.Length != terms.Count
            || list.Items.Any(i => i is not SExpression.List { Items.Length: 2 }))
        {
            Fail(new CheckResult(SolverOutcome.ProtocolError, $"{dialect.Name} answered get-value with '{Truncate(string.Join(' ', response))}'"));
            return null;
        }
        var result = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < terms.Count; i++)
        {
            result[terms[i]] = SExpression.Print(((SExpression.List)list.Items[i]).Items[1]);
        }
        return result.ToImmutable();
    }

    public ImmutableArray<string>? GetUnsatCore()
    {
        if (Failure is not null)
        {
            return null;
        }
        var response = Request("(get-unsat-core)");
        if (response is null)
        {
            return null;
        }
        var parsed = SExpression.ParseAll(string.Join('\n', response));
        if (parsed is not { Length: 1 } || parsed.Value[0] is not SExpression.List list || list.Items.Any(i => i is not SExpression.Atom))
        {
            Fail(new CheckResult(SolverOutcome.ProtocolError, $"{dialect.Name} answered get-unsat-core with '{Truncate(string.Join(' ', response))}'"));
            return null;
        }
        // |a!b| and a!b are the same symbol; solvers print either, so cores are returned without the bars.
        return list.Items.Select(i => ((SExpression.Atom)i).Text.Trim('|')).ToImmutableArray();
    }

    /// <summary>Sends one request and reads its whole answer (up to the marker), or fails the session.</summary>
    private List<string>? Request(string commands)
    {
        if (Failure is not null)
        {
            return null;
        }
        var marker = $"privc-end-{++markers}";
        transcript.Append(commands).Append('\n');
        try
        {
            process.StandardInput.Write(commands);
            process.StandardInput.Write($"\n(echo \"{marker}\")\n");
            process.StandardInput.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            Fail(Crashed($"writing to {dialect.Name} failed: {e.Message}"));
            return null;
        }
        var response = new List<string>();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var left = wallClock - deadline.Elapsed;
            if (left <= TimeSpan.Zero || !lines.TryTake(out var line, left))
            {
                Fail(new CheckResult(SolverOutcome.Timeout, $"{dialect.Name} gave no complete answer within {wallClock.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s and was stopped"));
                return null;
            }
            if (line is null)
            {
                Fail(Crashed($"{dialect.Name} exited{ExitDescription()}"));
                return null;
            }
            if (line == marker || line == $"\"{marker}\"")
            {
                return response;
            }
            response.Add(line);
        }
    }

    private string ExitDescription()
    {
        try
        {
            if (process.WaitForExit(2000))
            {
                return $" with code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}";
            }
        }
        catch (InvalidOperationException)
        {
        }
        return string.Empty;
    }

    private CheckResult Crashed(string message)
    {
        try
        {
            // Let the process finish and its stderr drain: the solver's last words are the useful part.
            if (process.WaitForExit(2000))
            {
                process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
        }
        string tail;
        lock (stderr)
        {
            tail = stderr.ToString().Trim();
        }
        return new CheckResult(SolverOutcome.Crashed, tail.Length == 0 ? message : $"{message}: {Truncate(tail)}");
    }

    private CheckResult Fail(CheckResult failure)
    {
        Failure ??= failure;
        Kill();
        return Failure;
    }

    private void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..297] + "...";

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        try
        {
            if (!process.HasExited)
            {
                process.StandardInput.Write("(exit)\n");
                process.StandardInput.Flush();
                process.StandardInput.Close();
                if (!process.WaitForExit(1000))
                {
                    Kill();
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            Kill();
        }
        process.Dispose();
    }
}
