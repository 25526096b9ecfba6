using System.CommandLine;

namespace Privc.Cli.Output;

/// <summary>The <c>--format</c> option of commands whose machine output is the JSON envelope (specs/output.md).</summary>
internal static class FormatOption
{
    public static Option<string> Create(string what)
    {
        var format = new Option<string>("--format") { Description = $"Output on stdout: text or json ({what}, with the diagnostics, in a versioned envelope).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        return format;
    }
}
