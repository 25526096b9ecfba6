using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Privc.Verification.Solving;

/// <summary>
/// One conversation with a solver over SMT-LIB2 (the Boogie/Dafny way): commands go to the solver's standard input,
/// and after every command that answers, privc sends <c>(echo "privc-sync-N")</c> and reads standard output up to
/// that marker, so the end of each answer is explicit. Every request is bounded by the wall-clock limit; past it the
/// process tree is killed. Misbehaviour (death, errors, garbage, silence) becomes <see cref="Failure"/>, never an
/// exception, and every later request returns the same failure.
/// </summary>
internal sealed partial class SmtProcessSession : ISmtSession
{
    private const int MaxAnswerChars = 64 * 1024 * 1024;
    private const string MarkerPrefix = "privc-sync-";

    private readonly ISolverChannel channel;
    private readonly SolverDialect dialect;
    private readonly SolverOptions options;
    private readonly TimeSpan wallClock;
    private readonly TimeProvider time;
    private readonly StringBuilder transcript = new();
    private readonly Lock gate = new();
    private int markers;
    private SolverOutcome? lastCheck;
    private bool lastCheckHadAssumptions;
    private bool disposed;

    internal SmtProcessSession(ISolverChannel channel, SolverDialect dialect, SolverOptions options, string solverName, TimeProvider? time = null)
    {
        Validate(options);
        this.channel = channel;
        this.dialect = dialect;
        this.options = options;
        this.time = time ?? TimeProvider.System;
        wallClock = options.WallClock ?? options.Timeout + TimeSpan.FromSeconds(10);
        SolverName = solverName;
    }

    public string SolverName { get; }

    public CheckResult? Failure { get; private set; }

    public string Transcript
    {
        get
        {
            lock (gate)
            {
                return transcript.ToString();
            }
        }
    }

    /// <summary>The solver's process id (tests use it to check that nothing is left running).</summary>
    internal int? ProcessId => channel.ProcessId;

    /// <summary>Starts a solver process and opens a session on it; used by the factories and by shell-script fakes.</summary>
    internal static SolverStart StartProcess(
        string path, IEnumerable<string> arguments, SolverDialect dialect, SolverOptions options, string solverName, TimeProvider? time = null)
    {
        Validate(options);
        var channel = ProcessChannel.Start(path, arguments, out var problem);
        return channel is null
            ? new SolverStart(null, new CheckResult(SolverOutcome.Unavailable, $"{solverName}: {problem}"))
            : Open(channel, dialect, options, solverName, time);
    }

    /// <summary>Opens a session on a started channel: sends the option preamble and waits until the solver took it.</summary>
    internal static SolverStart Open(ISolverChannel channel, SolverDialect dialect, SolverOptions options, string solverName, TimeProvider? time = null)
    {
        var session = new SmtProcessSession(channel, dialect, options, solverName, time);
        lock (session.gate)
        {
            var answer = session.Exchange(string.Join("\n", dialect.Preamble(options)), "the option preamble");
            if (answer is { Length: > 0 })
            {
                session.Fail(SolverOutcome.ProtocolError, $"{solverName} answered the option preamble with unexpected output: {Describe(answer.Value)}");
            }
        }
        if (session.Failure is { } failure)
        {
            session.Dispose();
            return new SolverStart(null, failure);
        }
        return new SolverStart(session, null);
    }

    /// <summary>
    /// Opens a session on a spare process that was sent <paramref name="sentAtStart"/> (the initial options and the
    /// dialect's warm-up) when it started: sends the limits and checks that the warm-up's answer, and nothing else,
    /// came back. A spare that died or printed anything else yields its failure, and the caller starts a fresh process.
    /// </summary>
    internal static SolverStart OpenWarm(ISolverChannel channel, string sentAtStart, SolverDialect dialect, SolverOptions options, string solverName, TimeProvider? time = null)
    {
        var session = new SmtProcessSession(channel, dialect, options, solverName, time);
        lock (session.gate)
        {
            session.transcript.Append(sentAtStart);
            var answer = session.Exchange(string.Join("\n", dialect.LimitOptions(options)), "the option preamble");
            if (answer is { } printed && !(printed is [SAtom { Kind: SAtomKind.Symbol } only] && only.Value == dialect.WarmUpAnswer))
            {
                session.Fail(SolverOutcome.ProtocolError, $"{solverName} answered its warm-up and option preamble with {Describe(printed)}; expected '{dialect.WarmUpAnswer}'");
            }
        }
        if (session.Failure is { } failure)
        {
            session.Dispose();
            return new SolverStart(null, failure);
        }
        return new SolverStart(session, null);
    }

    public void Send(string commands)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (Failure is not null || commands.Length == 0)
            {
                return;
            }
            // Assertions and declarations end the model or core of the previous check (SMT-LIB 2.6, 4.2.4).
            lastCheck = null;
            var text = commands.EndsWith('\n') ? commands : commands + "\n";
            transcript.Append(text);
            // Nothing to wait for: an (error ...) these commands cause is read with the next answer.
            switch (channel.Write(text, wallClock))
            {
                case ChannelStatus.TimedOut:
                    WallClockExpired("commands");
                    break;
                case ChannelStatus.Closed:
                    Closed(new StringBuilder(), "commands");
                    break;
            }
        }
    }

    public CheckResult CheckSat(IReadOnlyList<string>? assumptions = null)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            lastCheck = null;
            if (Failure is { } failure)
            {
                return failure;
            }
            var assuming = assumptions is { Count: > 0 };
            var command = assuming ? $"(check-sat-assuming ({string.Join(" ", assumptions!)}))" : "(check-sat)";
            var started = time.GetTimestamp();
            // Messages name the check by its size, not its text: at scale the assumption list runs to thousands of names.
            var what = assuming ? $"(check-sat-assuming ...) over {assumptions!.Count} assumption(s)" : command;
            var answer = Exchange(command, what, tolerate: IsCanceledError);
            if (answer is null)
            {
                return Failure!;
            }
            var elapsed = time.GetElapsedTime(started);
            CheckResult result;
            if (SolverError(answer.Value) is { } canceled)
            {
                // z3's optimiser sometimes answers a check cut short by its limits with (error "... push canceled")
                // instead of unknown, and goes on working: it is an unknown, not a broken solver.
                var reason = WithoutPosition(canceled);
                result = new CheckResult(UnknownReason.Classify(reason, elapsed, options), reason);
            }
            else if (answer is not [SAtom { Kind: SAtomKind.Symbol, Value: "sat" or "unsat" or "unknown" } verdict])
            {
                return Fail(SolverOutcome.ProtocolError, $"{SolverName} answered {what} with {Describe(answer.Value)}; expected sat, unsat or unknown");
            }
            else if (verdict.Value == "unknown")
            {
                var reason = ReasonUnknown();
                if (reason is null)
                {
                    return Failure!;
                }
                result = new CheckResult(UnknownReason.Classify(reason, elapsed, options), reason);
            }
            else
            {
                result = new CheckResult(verdict.Value == "sat" ? SolverOutcome.Sat : SolverOutcome.Unsat);
            }
            lastCheck = result.Outcome;
            lastCheckHadAssumptions = assuming;
            return result;
        }
    }

    public ImmutableDictionary<string, string>? GetValues(IReadOnlyList<string> terms)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var afterUndecided = lastCheck is not (null or SolverOutcome.Sat or SolverOutcome.Unsat) && dialect.KeepsModelAfterUnknown;
            if (Failure is not null || !options.ProduceModels || (lastCheck != SolverOutcome.Sat && !afterUndecided))
            {
                return null;
            }
            if (terms.Count == 0)
            {
                return ImmutableDictionary<string, string>.Empty;
            }
            var command = $"(get-value ({string.Join(" ", terms)}))";
            // After an undecided check there may be no model ("model is not available"): that is an answer, not a fault.
            var answer = Exchange(command, "(get-value ...)", tolerate: afterUndecided ? a => SolverError(a) is not null : null);
            if (answer is null || SolverError(answer.Value) is not null)
            {
                return null;
            }
            if (answer is not [SList { Items: var pairs }] || pairs.Length != terms.Count
                || pairs.Any(p => p is not SList { Items.Length: 2 }))
            {
                Fail(SolverOutcome.ProtocolError, $"{SolverName} answered (get-value ...) for {terms.Count} term(s) with {Describe(answer.Value)}");
                return null;
            }
            var values = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < terms.Count; i++)
            {
                // Positions, not the echoed terms, pair values with terms: solvers reprint terms in their own way.
                values[terms[i]] = ((SList)pairs[i]).Items[1].ToCanonical();
            }
            return values.ToImmutable();
        }
    }

    public ImmutableArray<string>? GetUnsatCore()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (Failure is not null || lastCheck != SolverOutcome.Unsat || !options.ProduceUnsatCores)
            {
                return null;
            }
            var core = ReadNameList("(get-unsat-core)");
            if (core is null)
            {
                return null;
            }
            if (dialect.ReportsAssumptionsSeparately && lastCheckHadAssumptions)
            {
                var assumptions = ReadNameList("(get-unsat-assumptions)");
                if (assumptions is null)
                {
                    return null;
                }
                core = core.Value.AddRange(assumptions.Value);
            }
            return core.Value.Distinct().Order(StringComparer.Ordinal).ToImmutableArray();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }
            disposed = true;
            channel.Dispose();
        }
    }

    private static void Validate(SolverOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero, nameof(options.Timeout));
        if (options.WallClock is { } wall)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(wall, TimeSpan.Zero, nameof(options.WallClock));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(options.ResourceLimit, nameof(options.ResourceLimit));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Seed, nameof(options.Seed));
    }

    private ImmutableArray<string>? ReadNameList(string command)
    {
        var answer = Exchange(command, command);
        if (answer is null)
        {
            return null;
        }
        if (answer is not [SList { Items: var names }])
        {
            Fail(SolverOutcome.ProtocolError, $"{SolverName} answered {command} with {Describe(answer.Value)}; expected a list of names");
            return null;
        }
        return names.Select(n => n.ToCanonical()).ToImmutableArray();
    }

    private string? ReasonUnknown()
    {
        const string command = "(get-info :reason-unknown)";
        var answer = Exchange(command, command);
        if (answer is null)
        {
            return null;
        }
        // z3 prints (:reason-unknown "timeout"), cvc5 (:reason-unknown timeout); z3 may also nest a list.
        if (answer is not [SList { Items: [SAtom { Kind: SAtomKind.Keyword, Value: ":reason-unknown" }, var reason] }])
        {
            Fail(SolverOutcome.ProtocolError, $"{SolverName} answered {command} with {Describe(answer.Value)}");
            return null;
        }
        return reason is SAtom atom ? atom.Value : reason.ToCanonical();
    }

    /// <summary>
    /// Sends one command (logged in the transcript) followed by the end marker, reads the answer up to the marker and
    /// reads it as S-expressions. Returns null when the session failed (then <see cref="Failure"/> says how).
    /// </summary>
    private ImmutableArray<SExpr>? Exchange(string command, string during, Func<ImmutableArray<SExpr>, bool>? tolerate = null)
    {
        if (Failure is not null)
        {
            return null;
        }
        transcript.Append(command).Append('\n');
        var marker = MarkerPrefix + (++markers).ToString(CultureInfo.InvariantCulture);
        // The marker shares the command's line, so line numbers in the solver's errors match the transcript.
        var started = time.GetTimestamp();
        switch (channel.Write($"{command} (echo \"{marker}\")\n", wallClock))
        {
            case ChannelStatus.TimedOut:
                WallClockExpired(during);
                return null;
            case ChannelStatus.Closed:
                Closed(new StringBuilder(), during);
                return null;
        }
        var answer = new StringBuilder();
        while (true)
        {
            var remaining = wallClock - time.GetElapsedTime(started);
            string? line = null;
            var status = remaining <= TimeSpan.Zero ? ChannelStatus.TimedOut : channel.ReadLine(remaining, out line);
            if (status == ChannelStatus.TimedOut)
            {
                WallClockExpired(during);
                return null;
            }
            if (status == ChannelStatus.Closed)
            {
                Closed(answer, during);
                return null;
            }
            if (EndsWithMarker(line!, marker, out var before))
            {
                answer.Append(before);
                break;
            }
            answer.Append(line).Append('\n');
            if (answer.Length > MaxAnswerChars)
            {
                channel.Kill();
                Fail(SolverOutcome.ProtocolError, $"{SolverName} printed more than {MaxAnswerChars / (1024 * 1024)} MiB in answer to {during} without finishing; privc stopped it");
                return null;
            }
        }
        return Interpret(answer.ToString(), during, tolerate);
    }

    /// <summary>z3 echoes the marker bare, cvc5 as a string literal; anything printed before it on the line is answer.</summary>
    private static bool EndsWithMarker(string line, string marker, out string before)
    {
        var trimmed = line.TrimEnd();
        foreach (var form in (ReadOnlySpan<string>)[marker, "\"" + marker + "\""])
        {
            if (trimmed.EndsWith(form, StringComparison.Ordinal))
            {
                before = trimmed[..^form.Length];
                return true;
            }
        }
        before = string.Empty;
        return false;
    }

    private ImmutableArray<SExpr>? Interpret(string answer, string during, Func<ImmutableArray<SExpr>, bool>? tolerate)
    {
        var items = SExprReader.TryReadAll(answer, out var readError);
        if (items is not null && tolerate is not null && tolerate(items.Value))
        {
            return items;
        }
        if (items is null)
        {
            if (ErrorMessageOf(answer) is { } raw)
            {
                FailWithSolverError(raw, during);
                return null;
            }
            Fail(SolverOutcome.ProtocolError, $"{SolverName} answered {during} with text that is not SMT-LIB ({readError}): {Snippet(answer)}");
            return null;
        }
        foreach (var item in items.Value)
        {
            if (item is SList { Items: [SAtom { Value: "error" }, ..] } error)
            {
                FailWithSolverError(error.Items.Length > 1 && error.Items[1] is SAtom { Kind: SAtomKind.String } message ? message.Value : error.ToCanonical(), during);
                return null;
            }
            if (item is SAtom { Kind: SAtomKind.Symbol, Value: "unsupported" })
            {
                Fail(SolverOutcome.ProtocolError, $"{SolverName} answered 'unsupported' to a command sent before or with {during}; privc sent a command or option this solver does not know");
                return null;
            }
        }
        return items;
    }

    /// <summary>The message of an answer that is exactly one <c>(error "...")</c>.</summary>
    private static string? SolverError(ImmutableArray<SExpr> answer) =>
        answer is [SList { Items: [SAtom { Kind: SAtomKind.Symbol, Value: "error" }, SAtom { Kind: SAtomKind.String } message] }] ? message.Value : null;

    private static bool IsCanceledError(ImmutableArray<SExpr> answer) =>
        SolverError(answer) is { } message && message.Contains("canceled", StringComparison.OrdinalIgnoreCase);

    /// <summary>"line 13 column 10: push canceled" -> "push canceled": the position is the transcript's, not a reason.</summary>
    private static string WithoutPosition(string message) => PositionPrefix().Replace(message, string.Empty).Trim();

    [GeneratedRegex(@"^line \d+ column \d+: ", RegexOptions.CultureInvariant)]
    private static partial Regex PositionPrefix();

    /// <summary>cvc5 does not escape quotes inside its error messages, so an (error ...) may not read as SMT-LIB.</summary>
    private static string? ErrorMessageOf(string answer)
    {
        var text = answer.Trim();
        if (!text.StartsWith("(error", StringComparison.Ordinal))
        {
            return null;
        }
        var first = text.IndexOf('"');
        var last = text.LastIndexOf('"');
        return first >= 0 && last > first ? text[(first + 1)..last] : text;
    }

    private void FailWithSolverError(string message, string during)
    {
        var outcome = message.Contains("out of memory", StringComparison.OrdinalIgnoreCase) ? SolverOutcome.MemoryOut : SolverOutcome.ProtocolError;
        channel.Kill();
        Fail(outcome, $"{SolverName} reported an error (at or before {during}): {Shorten(message.Trim(), 2000)}");
    }

    private void WallClockExpired(string during)
    {
        channel.Kill();
        Fail(SolverOutcome.Timeout, $"{SolverName} gave no complete answer to {during} within the wall-clock limit of {Seconds(wallClock)}; privc killed it");
    }

    /// <summary>The solver closed its output: an (error ...) it printed first explains why; otherwise it crashed.</summary>
    private void Closed(StringBuilder answer, string during)
    {
        // Collect what is still in the pipe (cvc5 prints its error and exits, which the next write may see first).
        while (channel.ReadLine(TimeSpan.FromSeconds(1), out var line) == ChannelStatus.Ok && answer.Length < MaxAnswerChars)
        {
            answer.Append(line).Append('\n');
        }
        var text = answer.ToString();
        var items = SExprReader.TryReadAll(text, out _);
        var error = items?.OfType<SList>().FirstOrDefault(l => l.Items is [SAtom { Value: "error" }, ..]);
        var message = error is { Items: [_, SAtom { Kind: SAtomKind.String } m, ..] } ? m.Value : ErrorMessageOf(text);
        if (message is not null)
        {
            FailWithSolverError(message, during);
            return;
        }
        var end = channel.DescribeEnd();
        channel.Kill();
        var partial = text.Trim().Length > 0 ? $" after printing {Snippet(text)}" : string.Empty;
        Fail(SolverOutcome.Crashed, $"{SolverName} {end} while answering {during}{partial}");
    }

    private CheckResult Fail(SolverOutcome outcome, string reason)
    {
        Failure ??= new CheckResult(outcome, reason);
        return Failure;
    }

    private static string Describe(ImmutableArray<SExpr> answer) =>
        answer.IsEmpty ? "nothing" : Snippet(string.Join(" ", answer.Select(a => a.ToCanonical())));

    private static string Snippet(string text) => "'" + Shorten(text.Trim().ReplaceLineEndings(" "), 200) + "'";

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + "...";

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
