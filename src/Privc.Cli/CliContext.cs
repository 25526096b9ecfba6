using Privc.Verification.Solving;

namespace Privc.Cli;

/// <summary>
/// What a command may touch besides files named on its command line: its output streams, the environment and
/// the solvers. Tests pass string writers, a dictionary and fake solvers, and run every command in-process.
/// </summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, Func<string, string?> Environment)
{
    /// <summary>Makes the solver factory for "z3" or "cvc5"; by default the real solver process (flag, env, PATH).</summary>
    public Func<string, ISmtSolverFactory> Solvers { get; init; } = name => name == "cvc5"
        ? new Cvc5SolverFactory(Environment)
        : new Z3SolverFactory(Environment);

    /// <summary>HTTP for the natural-language front end (translate, eval) and ONOS (deploy, topology pull); null uses the platform's handler.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>Waits between retries of LLM requests; tests pass one that returns at once.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = static (span, token) => Task.Delay(span, token);

    /// <summary>
    /// Whether long solves report their stage and best bound on <see cref="Error"/> (timed lines, so they depend on
    /// the machine's speed; tests that compare stderr turn them off).
    /// </summary>
    public bool Progress { get; init; } = true;

    /// <summary>Whether stderr is a terminal, where progress is one live line; tests say either.</summary>
    public Func<bool> ErrorIsTerminal { get; init; } = static () => !Console.IsErrorRedirected;

    /// <summary>
    /// Where a long command reports its stages, or null: none when progress is off, under <c>--quiet</c>, or with a
    /// machine <c>--format</c> (json, sarif, junit), whose readers want stderr to hold diagnostics only.
    /// </summary>
    public Output.ProgressLine? ProgressWriter() =>
        Progress && !Report.Quiet && Report.IsText ? new Output.ProgressLine(Error, ErrorIsTerminal(), Time) : null;

    /// <summary>Opens standard input, for an input given as '-' and for <c>privc lsp</c>; tests pass a stream of their own.</summary>
    public Func<Stream> OpenInput { get; init; } = Console.OpenStandardInput;

    /// <summary>
    /// Whether standard input is a terminal, where a person can answer a question (translate's confirmation); a
    /// question is never asked on redirected input, whose answers were written before the question was shown.
    /// Tests that script answers say it is.
    /// </summary>
    public Func<bool> InputIsTerminal { get; init; } = static () => !Console.IsInputRedirected;

    /// <summary>Opens standard output as bytes, for <c>privc lsp</c>'s framed messages; tests pass a stream of their own.</summary>
    public Func<Stream> OpenOutput { get; init; } = Console.OpenStandardOutput;

    /// <summary>What this invocation reports for machine output; <see cref="CliApplication.Run"/> gives each invocation its own.</summary>
    public Output.CommandReport Report { get; init; } = new();

    /// <summary>
    /// Whether this is the native (ahead-of-time compiled) build, which cannot generate code at run time. The live
    /// commands refuse to run there (PRIV9034): KubernetesClient reads kubeconfigs and YAML with a reflection-built
    /// serialiser that needs it. Tests say either.
    /// </summary>
    public bool NativeBuild { get; init; } = !System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>The clock for latencies and Retry-After dates.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
