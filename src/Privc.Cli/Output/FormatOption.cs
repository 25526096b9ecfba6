using System.CommandLine;

namespace Privc.Cli.Output;

/// <summary>
/// The <c>--format</c> option every reporting command has (specs/output.md). Commands never read its value:
/// <see cref="CliApplication"/> does, once, and writes the machine formats after the command has run.
/// </summary>
internal static class FormatOption
{
    /// <summary>text or json; <paramref name="what"/> says what the JSON result holds.</summary>
    public static Option<string> Create(string what) =>
        Create($"Output on stdout: text or json ({what}, with the diagnostics, in a versioned envelope).", "text", "json");

    /// <summary>A <c>--format</c> accepting <paramref name="formats"/> (text first, the default).</summary>
    public static Option<string> Create(string description, params string[] formats)
    {
        var format = new Option<string>("--format") { Description = description, DefaultValueFactory = _ => formats[0] };
        format.AcceptOnlyFromAmong(formats);
        return format;
    }
}
