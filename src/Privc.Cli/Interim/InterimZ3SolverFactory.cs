using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Privc.Solving;

namespace Privc.Cli.Interim;

/// <summary>
/// A minimal `z3 -smt2 -in` session so that `privc eval` and the equivalence tests can run before the real solver
/// process layer lands from branch 'solver'. Deleted at that merge: the CLI then takes the real factory. It keeps
/// the ISmtSession contract (outcomes, never exceptions, for solver misbehaviour) but none of the real layer's
/// version checks, resource limits or transcript replay.
/// </summary>
internal sealed class InterimZ3SolverFactory : ISmtSolverFactory
{
    private readonly string executable;

    public InterimZ3SolverFactory(string? executable = null)
    {
        this.executable = executable ?? "z3";
    }

    public SolverStart Start(SolverOptions options)
    {
        Process process;
        try
        {
            var start = new ProcessStartInfo(options.SolverPath ?? executable, "-smt2 -in")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new SolverStart(null, new CheckResult(SolverOutcome.Unavailable, $"cannot start z3: {e.Message}; install it with 'apt-get install z3'"));
        }
        var session = new Session(process, options);
        return new SolverStart(session, null);
    }

    private sealed class Session : ISmtSession
    {
        private readonly Process process;
        private readonly SolverOptions options;
        private readonly StringBuilder transcript = new();

        public Session(Process process, SolverOptions options)
        {
            this.process = process;
            this.options = options;
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            var ms = ((long)options.Timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            Send($"(set-option :produce-models {(options.ProduceModels ? "true" : "false")})\n" +
                 $"(set-option :produce-unsat-cores {(options.ProduceUnsatCores ? "true" : "false")})\n" +
                 $"(set-option :smt.random_seed {options.Seed})\n(set-option :sat.random_seed {options.Seed})\n" +
                 $"(set-option :timeout {ms})");
        }

        public string SolverName => "z3";

        public CheckResult? Failure { get; private set; }

        public string Transcript => transcript.ToString();

        public void Send(string commands)
        {
            if (Failure is not null)
            {
                return;
            }
            transcript.Append(commands).Append('\n');
            try
            {
                process.StandardInput.Write(commands);
                process.StandardInput.Write('\n');
                process.StandardInput.Flush();
            }
            catch (IOException e)
            {
                Failure = new CheckResult(SolverOutcome.Crashed, e.Message);
            }
        }

        public CheckResult CheckSat(IReadOnlyList<string>? assumptions = null)
        {
            Send(assumptions is { Count: > 0 } ? $"(check-sat-assuming ({string.Join(' ', assumptions)}))" : "(check-sat)");
            var answer = ReadExpression();
            if (Failure is not null)
            {
                return Failure;
            }
            switch (answer)
            {
                case "sat":
                    return new CheckResult(SolverOutcome.Sat);
                case "unsat":
                    return new CheckResult(SolverOutcome.Unsat);
                case "unknown":
                    Send("(get-info :reason-unknown)");
                    var reason = ReadExpression() ?? string.Empty;
                    return new CheckResult(reason.Contains("timeout", StringComparison.Ordinal) || reason.Contains("canceled", StringComparison.Ordinal) ? SolverOutcome.Timeout : SolverOutcome.Unknown, reason);
                default:
                    return Fail(new CheckResult(SolverOutcome.ProtocolError, answer));
            }
        }

        public ImmutableDictionary<string, string>? GetValues(IReadOnlyList<string> terms)
        {
            if (terms.Count == 0)
            {
                return ImmutableDictionary<string, string>.Empty;
            }
            Send($"(get-value ({string.Join(' ', terms)}))");
            var text = ReadExpression();
            if (text is null || !text.StartsWith('('))
            {
                Fail(new CheckResult(SolverOutcome.ProtocolError, text));
                return null;
            }
            var pairs = SExpression.Children(text);
            var result = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            foreach (var pair in pairs)
            {
                var parts = SExpression.Children(pair);
                if (parts.Count != 2)
                {
                    Fail(new CheckResult(SolverOutcome.ProtocolError, pair));
                    return null;
                }
                result[parts[0]] = parts[1];
            }
            // Values come back in request order; the solver may print a symbol without its bars.
            for (var k = 0; k < terms.Count && k < pairs.Count; k++)
            {
                result[terms[k]] = SExpression.Children(pairs[k])[1];
            }
            return result.ToImmutable();
        }

        public ImmutableArray<string>? GetUnsatCore()
        {
            Send("(get-unsat-core)");
            var text = ReadExpression();
            if (text is null || !text.StartsWith('('))
            {
                Fail(new CheckResult(SolverOutcome.ProtocolError, text));
                return null;
            }
            return SExpression.Children(text).Select(s => s.StartsWith('|') ? s : $"|{s}|").ToImmutableArray();
        }

        private CheckResult Fail(CheckResult result)
        {
            Failure ??= result;
            return Failure;
        }

        /// <summary>
        /// Reads one atom or one balanced s-expression from the solver, within the wall-clock limit. The read blocks the
        /// calling thread (no thread-pool hop, so parallel callers cannot starve it); a timer kills the process when
        /// the limit passes, which ends the read.
        /// </summary>
        private string? ReadExpression()
        {
            var wall = options.WallClock ?? options.Timeout + TimeSpan.FromSeconds(10);
            var expired = false;
            string? text;
            using (new Timer(_ =>
            {
                expired = true;
                Kill();
            }, null, wall, System.Threading.Timeout.InfiniteTimeSpan))
            {
                try
                {
                    text = SExpression.Read(process.StandardOutput);
                }
                catch (IOException)
                {
                    text = null;
                }
            }
            if (expired)
            {
                Fail(new CheckResult(SolverOutcome.Timeout, "the solver did not answer within the wall-clock limit"));
                return null;
            }
            if (text is null)
            {
                Fail(new CheckResult(SolverOutcome.Crashed, "the solver closed its output"));
                return null;
            }
            if (text.StartsWith("(error", StringComparison.Ordinal))
            {
                Fail(new CheckResult(SolverOutcome.ProtocolError, text));
                return null;
            }
            return text;
        }

        private void Kill()
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        }

        public void Dispose()
        {
            try
            {
                if (!process.HasExited)
                {
                    process.StandardInput.Write("(exit)\n");
                    process.StandardInput.Flush();
                    process.StandardInput.Close();
                    if (!process.WaitForExit(2000))
                    {
                        Kill();
                    }
                }
            }
            catch (IOException)
            {
                Kill();
            }
            process.Dispose();
        }
    }
}

/// <summary>Reads and splits SMT-LIB s-expressions (atoms, |quoted| symbols, "strings", nested lists).</summary>
internal static class SExpression
{
    public static string? Read(TextReader reader)
    {
        var text = new StringBuilder();
        var depth = 0;
        var inString = false;
        var inQuoted = false;
        while (true)
        {
            var next = reader.Read();
            if (next < 0)
            {
                return text.Length > 0 && depth == 0 ? text.ToString().Trim() : null;
            }
            var c = (char)next;
            if (!inString && !inQuoted && depth == 0 && char.IsWhiteSpace(c))
            {
                if (text.Length > 0)
                {
                    return text.ToString();
                }
                continue;
            }
            text.Append(c);
            if (inString)
            {
                inString = c != '"';
                continue;
            }
            if (inQuoted)
            {
                inQuoted = c != '|';
                continue;
            }
            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '|':
                    inQuoted = true;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    if (depth == 0)
                    {
                        return text.ToString();
                    }
                    break;
            }
        }
    }

    /// <summary>The top-level elements of a list "(a (b c) |d e|)".</summary>
    public static List<string> Children(string list)
    {
        var result = new List<string>();
        var body = list.Trim();
        if (!body.StartsWith('(') || !body.EndsWith(')'))
        {
            return result;
        }
        body = body[1..^1];
        var i = 0;
        while (i < body.Length)
        {
            if (char.IsWhiteSpace(body[i]))
            {
                i++;
                continue;
            }
            var start = i;
            var depth = 0;
            var inString = false;
            var inQuoted = false;
            for (; i < body.Length; i++)
            {
                var c = body[i];
                if (inString)
                {
                    inString = c != '"';
                    continue;
                }
                if (inQuoted)
                {
                    inQuoted = c != '|';
                    continue;
                }
                if (c == '"')
                {
                    inString = true;
                }
                else if (c == '|')
                {
                    inQuoted = true;
                }
                else if (c == '(')
                {
                    depth++;
                }
                else if (c == ')')
                {
                    depth--;
                    if (depth == 0)
                    {
                        i++;
                        break;
                    }
                }
                else if (char.IsWhiteSpace(c) && depth == 0)
                {
                    break;
                }
            }
            result.Add(body[start..i]);
        }
        return result;
    }
}
