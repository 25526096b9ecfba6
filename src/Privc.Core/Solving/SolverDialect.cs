using System.Globalization;
using System.Text.RegularExpressions;

namespace Privc.Solving;

/// <summary>What differs between SMT-LIB2 solvers: how to start them, their version, and the options they accept.</summary>
public sealed partial record SolverDialect(
    string Name,
    string EnvironmentVariable,
    string[] Arguments,
    string VersionArgument,
    Regex VersionPattern,
    Version Minimum,
    Func<SolverOptions, IReadOnlyList<string>> Preamble,
    Func<long, string> TimeoutOption)
{
    /// <summary>
    /// z3 reads SMT-LIB2 from stdin with <c>-smt2 -in</c>. Seeds for both the SMT core and the SAT solver make
    /// answers reproducible; <c>:timeout</c> is per check, <c>:rlimit</c> a deterministic resource budget.
    /// </summary>
    public static SolverDialect Z3 { get; } = new(
        "z3",
        "PRIVC_Z3",
        ["-smt2", "-in"],
        "-version",
        Z3Version(),
        new Version(4, 8),
        options =>
        {
            var lines = new List<string>
            {
                $"(set-option :produce-models {Bool(options.ProduceModels)})",
                $"(set-option :produce-unsat-cores {Bool(options.ProduceUnsatCores)})",
                $"(set-option :smt.random_seed {options.Seed.ToString(CultureInfo.InvariantCulture)})",
                $"(set-option :sat.random_seed {options.Seed.ToString(CultureInfo.InvariantCulture)})",
                $"(set-option :timeout {Millis(options.Timeout)})",
            };
            if (options.ResourceLimit > 0)
            {
                lines.Add($"(set-option :rlimit {options.ResourceLimit.ToString(CultureInfo.InvariantCulture)})");
            }
            return lines;
        },
        ms => $"(set-option :timeout {ms.ToString(CultureInfo.InvariantCulture)})");

    /// <summary>cvc5 in incremental mode; used as an independent second opinion on unsatisfiability.</summary>
    public static SolverDialect Cvc5 { get; } = new(
        "cvc5",
        "PRIVC_CVC5",
        ["--lang=smt2", "--incremental"],
        "--version",
        Cvc5Version(),
        new Version(1, 0),
        options =>
        {
            var lines = new List<string>
            {
                "(set-logic ALL)",
                $"(set-option :produce-models {Bool(options.ProduceModels)})",
                $"(set-option :produce-unsat-cores {Bool(options.ProduceUnsatCores)})",
                $"(set-option :seed {options.Seed.ToString(CultureInfo.InvariantCulture)})",
                $"(set-option :tlimit-per {Millis(options.Timeout)})",
            };
            if (options.ResourceLimit > 0)
            {
                lines.Add($"(set-option :rlimit-per {options.ResourceLimit.ToString(CultureInfo.InvariantCulture)})");
            }
            return lines;
        },
        ms => $"(set-option :tlimit-per {ms.ToString(CultureInfo.InvariantCulture)})");

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Millis(TimeSpan span) => Math.Max(1, (long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Z3 version (\d+)\.(\d+)(?:\.(\d+))?")]
    private static partial Regex Z3Version();

    [GeneratedRegex(@"cvc5 version (\d+)\.(\d+)(?:\.(\d+))?")]
    private static partial Regex Cvc5Version();

    /// <summary>Maps a solver's reason for "unknown" to an outcome (strings observed from z3 4.8.12 and cvc5 1.0.3).</summary>
    public static SolverOutcome OutcomeOfReason(string reason)
    {
        var r = reason.ToLowerInvariant();
        if (r.Contains("timeout", StringComparison.Ordinal) || r.Contains("canceled", StringComparison.Ordinal) || r.Contains("time limit", StringComparison.Ordinal) || r == "interrupted")
        {
            return SolverOutcome.Timeout;
        }
        if (r.Contains("resource", StringComparison.Ordinal))
        {
            return SolverOutcome.ResourceOut;
        }
        if (r.Contains("memout", StringComparison.Ordinal) || r.Contains("memory", StringComparison.Ordinal))
        {
            return SolverOutcome.MemoryOut;
        }
        return SolverOutcome.Unknown;
    }
}
