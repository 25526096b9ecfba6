namespace Privc.Cli;

/// <summary>
/// What a command may touch besides files named on its command line: its output streams and the environment.
/// Tests pass string writers and a dictionary, and run every command in-process.
/// </summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, Func<string, string?> Environment);
