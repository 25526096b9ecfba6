using System.CommandLine;

namespace Privc.Cli.Output;

/// <summary>
/// The <c>--quiet</c> option of every command that prints progress. Like <see cref="FormatOption"/>, commands never
/// read it: <see cref="CliApplication"/> does, and <see cref="CliContext.ProgressWriter"/> then gives no progress.
/// </summary>
internal static class QuietOption
{
    public static Option<bool> Create() => new("--quiet", "-q") { Description = "Print no progress on stderr (diagnostics and the result are still printed)." };
}
