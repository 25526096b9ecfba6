using System.Collections.Immutable;
using System.Globalization;

namespace Privc.Verification.Solving;

/// <summary>
/// What differs between the solvers privc drives: how to find and start them, their oldest supported version, and
/// the options each accepts (checked against z3 4.8.12 and cvc5 1.0.3; see specs/solver.md). Sending an option a
/// solver does not know is a protocol error (z3 answers <c>(error ...)</c>, cvc5 <c>unsupported</c>), so each
/// dialect sends only its own.
/// </summary>
internal sealed class SolverDialect
{
    public static SolverDialect Z3 { get; } = new(
        name: "z3",
        environmentVariable: "PRIVC_Z3",
        flag: "--z3",
        arguments: ["-smt2", "-in"],
        versionArguments: ["-version"],
        minimumVersion: new SolverVersion(4, 8, 0),
        reportsAssumptionsSeparately: false,
        keepsModelAfterUnknown: true,
        warmUp: "(display true)",
        initialOptions: Z3InitialOptions,
        limitOptions: Z3LimitOptions);

    public static SolverDialect Cvc5 { get; } = new(
        name: "cvc5",
        environmentVariable: "PRIVC_CVC5",
        flag: "--cvc5",
        arguments: ["--lang=smt2", "--incremental"],
        versionArguments: ["--version"],
        minimumVersion: new SolverVersion(1, 0, 0),
        reportsAssumptionsSeparately: true,
        keepsModelAfterUnknown: false,
        warmUp: null,
        initialOptions: Cvc5InitialOptions,
        limitOptions: Cvc5LimitOptions);

    private readonly Func<SolverOptions, IEnumerable<string>> initialOptions;
    private readonly Func<SolverOptions, IEnumerable<string>> limitOptions;

    private SolverDialect(
        string name,
        string environmentVariable,
        string flag,
        ImmutableArray<string> arguments,
        ImmutableArray<string> versionArguments,
        SolverVersion minimumVersion,
        bool reportsAssumptionsSeparately,
        bool keepsModelAfterUnknown,
        string? warmUp,
        Func<SolverOptions, IEnumerable<string>> initialOptions,
        Func<SolverOptions, IEnumerable<string>> limitOptions)
    {
        Name = name;
        EnvironmentVariable = environmentVariable;
        Flag = flag;
        Arguments = arguments;
        VersionArguments = versionArguments;
        MinimumVersion = minimumVersion;
        ReportsAssumptionsSeparately = reportsAssumptionsSeparately;
        KeepsModelAfterUnknown = keepsModelAfterUnknown;
        WarmUp = warmUp;
        this.initialOptions = initialOptions;
        this.limitOptions = limitOptions;
    }

    /// <summary>The program name, also the Debian package name.</summary>
    public string Name { get; }

    public string EnvironmentVariable { get; }

    /// <summary>The privc command-line flag that names the binary.</summary>
    public string Flag { get; }

    public ImmutableArray<string> Arguments { get; }

    public ImmutableArray<string> VersionArguments { get; }

    public SolverVersion MinimumVersion { get; }

    /// <summary>
    /// cvc5 leaves check-sat-assuming literals out of (get-unsat-core) and reports them with (get-unsat-assumptions);
    /// z3 puts them in the core.
    /// </summary>
    public bool ReportsAssumptionsSeparately { get; }

    /// <summary>
    /// z3's optimiser keeps the best model found before a limit stopped it, so (get-value ...) after unknown may
    /// answer (or say "model is not available"). cvc5 exits on any error, so privc does not ask it.
    /// </summary>
    public bool KeepsModelAfterUnknown { get; }

    /// <summary>
    /// A command that makes the solver build its term manager and solver without declaring or asserting anything,
    /// and whose only output is <see cref="WarmUpAnswer"/>; null when the dialect has none. z3 4.8.12 spends about
    /// 60 ms of its first declaration on that set-up (measured: a script of one <c>(declare-const ...)</c> takes
    /// 70 ms, one of <c>(echo ...)</c> 10 ms), so a spare process that has already done it answers sooner
    /// (<see cref="ProcessSolverFactory.KeepWarm"/>). <c>(display true)</c> prints a term z3 creates with its
    /// manager, so no new term exists afterwards and the session's answers are the same as a cold one's.
    /// </summary>
    public string? WarmUp { get; }

    /// <summary>What the solver prints for <see cref="WarmUp"/>.</summary>
    public string WarmUpAnswer => "true";

    /// <summary>The set-option commands that open every session, one per line: the initial options, then the limits.</summary>
    public ImmutableArray<string> Preamble(SolverOptions options) => [.. initialOptions(options), .. limitOptions(options)];

    /// <summary>
    /// The options that must be set before the solver's set-up (models, cores, seeds, arithmetic engine, resource
    /// limit): two sessions whose initial options are equal can be served by the same kind of spare process.
    /// </summary>
    public ImmutableArray<string> InitialOptions(SolverOptions options) => initialOptions(options).ToImmutableArray();

    /// <summary>The options a spare process takes after its set-up: the per-query time limit.</summary>
    public ImmutableArray<string> LimitOptions(SolverOptions options) => limitOptions(options).ToImmutableArray();

    public static long Milliseconds(TimeSpan span) =>
        (long)Math.Clamp(Math.Ceiling(span.TotalMilliseconds), 1, uint.MaxValue - 1.0);

    private static IEnumerable<string> Z3InitialOptions(SolverOptions options)
    {
        if (options.ProduceModels)
        {
            yield return "(set-option :produce-models true)";
        }
        if (options.ProduceUnsatCores)
        {
            yield return "(set-option :produce-unsat-cores true)";
        }
        yield return Invariant($"(set-option :smt.random_seed {options.Seed})");
        yield return Invariant($"(set-option :sat.random_seed {options.Seed})");
        // privc's queries are linear arithmetic over small difference constraints (route orders) and bounded sums;
        // z3 4.8.12's older simplex-based solver (2) decides them several times faster than its default (6):
        // specs/benchmarks/results.md has the figures.
        yield return "(set-option :smt.arith.solver 2)";
        if (options.ResourceLimit > 0)
        {
            yield return Invariant($"(set-option :rlimit {options.ResourceLimit})");
        }
    }

    /// <summary>z3 reads :timeout at every check, so it may be set after the set-up (checked: a 300 ms limit set after the warm-up stops a hard check at 0.38 s).</summary>
    private static IEnumerable<string> Z3LimitOptions(SolverOptions options)
    {
        yield return Invariant($"(set-option :timeout {Milliseconds(options.Timeout)})");
    }

    private static IEnumerable<string> Cvc5InitialOptions(SolverOptions options)
    {
        // :incremental is also on the command line; repeating it here lets `cvc5 FILE` replay the transcript.
        yield return "(set-option :incremental true)";
        if (options.ProduceModels)
        {
            yield return "(set-option :produce-models true)";
        }
        if (options.ProduceUnsatCores)
        {
            yield return "(set-option :produce-unsat-cores true)";
            yield return "(set-option :produce-unsat-assumptions true)";
        }
        yield return Invariant($"(set-option :seed {options.Seed})");
        yield return Invariant($"(set-option :sat-random-seed {options.Seed})");
        if (options.ResourceLimit > 0)
        {
            yield return Invariant($"(set-option :rlimit-per {options.ResourceLimit})");
        }
    }

    private static IEnumerable<string> Cvc5LimitOptions(SolverOptions options)
    {
        yield return Invariant($"(set-option :tlimit-per {Milliseconds(options.Timeout)})");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
