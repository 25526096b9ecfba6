using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Privc.Cli.Output;
using Privc.Diagnostics;
using Privc.Parsing;
using Privc.Syntax;

namespace Privc.Cli.Commands;

/// <summary>
/// <c>privc fmt FILE... [--check | --diff] [--format text|json]</c>: rewrites intent files in the canonical layout of
/// <see cref="SyntaxFormatter"/>. A folder stands for the .priv files below it; <c>-</c> reads standard input and
/// writes the formatted text to standard output. A file with syntax errors gets its diagnostics and is left as it
/// is; a rewrite goes to a temporary file beside the original and is moved over it, so a file is never half written.
/// Exit 0: formatted (or already so); 4: <c>--check</c> or <c>--diff</c> found a file that is not formatted;
/// 1: a file could not be read or parsed (errors win over 4).
/// </summary>
internal static class FmtCommand
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.ZeroOrMore, Description = "Intent files (.priv), folders holding them, or - for standard input (formatted text to standard output)." };
        var check = new Option<bool>("--check") { Description = "Change nothing; exit 4 when a file is not formatted (1 when one cannot be read or parsed)." };
        var diff = new Option<bool>("--diff") { Description = "Change nothing; print a unified diff of what formatting would change, exit 4 when there is one." };
        var format = FormatOption.Create("each file's state");
        var command = new Command("fmt", "Format intent files in place (one item per line, canonical spacing and parentheses, comments kept).")
        {
            files, check, diff, format,
        };
        command.SetAction(parse => Run(context, parse.GetValue(files) ?? [], parse.GetValue(check), parse.GetValue(diff)));
        return command;
    }

    private static int Run(CliContext context, string[] arguments, bool check, bool diff)
    {
        var diagnostics = new List<Diagnostic>();
        var limits = InputLimits.FromEnvironment(context.Environment);
        var paths = Expand(arguments, diagnostics);
        if (paths.Count == 0 && !diagnostics.Any(d => d.IsError))
        {
            diagnostics.Add(DiagnosticCatalogue.NoIntentFiles());
        }
        var report = context.Report;
        var results = new JsonArray();
        var unformatted = 0;
        foreach (var path in paths)
        {
            var stdin = path == StandardInput;
            var (source, error) = stdin ? SourceReader.ReadStream(StandardInputName, context.OpenInput, limits) : SourceReader.ReadFile(path, limits);
            if (source is null)
            {
                diagnostics.Add(error!);
                results.Add(FileResult(path, "unreadable"));
                continue;
            }
            var parse = SyntaxParser.Parse(source);
            diagnostics.AddRange(parse.Diagnostics);
            if (parse.Program is null)
            {
                results.Add(FileResult(path, "invalid"));
                continue;
            }
            var formatted = SyntaxFormatter.Format(parse.Program);
            var changed = formatted != source.Text;
            unformatted += changed ? 1 : 0;
            if (diff)
            {
                results.Add(FileResult(path, changed ? "not formatted" : "formatted"));
                if (changed && report.IsText)
                {
                    context.Out.Write(UnifiedDiff.Write(stdin ? StandardInputName : path, source.Text, formatted));
                }
            }
            else if (check)
            {
                results.Add(FileResult(path, changed ? "not formatted" : "formatted"));
                if (changed && report.IsText)
                {
                    context.Out.WriteLine($"{path}: not formatted");
                }
            }
            else if (stdin)
            {
                results.Add(FileResult(path, changed ? "rewritten" : "formatted"));
                if (report.IsText)
                {
                    context.Out.Write(formatted);
                }
                else
                {
                    results[^1]!["text"] = formatted;
                }
            }
            else if (!changed)
            {
                results.Add(FileResult(path, "formatted"));
            }
            else if (Rewrite(path, formatted) is { } failure)
            {
                diagnostics.Add(failure);
                results.Add(FileResult(path, "unwritable"));
            }
            else
            {
                results.Add(FileResult(path, "rewritten"));
                if (report.IsText)
                {
                    context.Out.WriteLine($"formatted {path}");
                }
            }
        }
        report.Report(context.Error, diagnostics.Order().ToList());
        report.Result = new JsonObject { ["files"] = results };
        if (diagnostics.Any(d => d.IsError))
        {
            return ExitCodes.InputError;
        }
        report.Outcome = (check || diff) && unformatted > 0 ? "not formatted" : "formatted";
        return (check || diff) && unformatted > 0 ? ExitCodes.Violations : ExitCodes.Success;
    }

    /// <summary>The argument that stands for standard input, and the name its text goes by in diagnostics.</summary>
    internal const string StandardInput = "-";

    internal const string StandardInputName = "<stdin>";

    private static JsonNode FileResult(string path, string state) => new JsonObject { ["path"] = path == StandardInput ? StandardInputName : path, ["state"] = state };

    /// <summary>Files as given, folders as the .priv files below them (a folder that cannot be read is a diagnostic); each path once.</summary>
    private static List<string> Expand(IEnumerable<string> arguments, List<Diagnostic> diagnostics)
    {
        var paths = new List<string>();
        foreach (var argument in arguments)
        {
            if (argument != StandardInput && Directory.Exists(argument))
            {
                paths.AddRange(FolderWalker.Files(argument, recursive: true, f => f.EndsWith(".priv", StringComparison.Ordinal), diagnostics));
            }
            else
            {
                paths.Add(argument);
            }
        }
        return paths.Distinct(StringComparer.Ordinal).ToList();
    }

    private static Diagnostic? Rewrite(string path, string text)
    {
        // Rewrite the file a symbolic link points to, not the link.
        var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        var temporary = TemporaryPath(target);
        try
        {
            File.WriteAllText(temporary, text, Utf8);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(target));
            }
            File.Move(temporary, target, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
            return DiagnosticCatalogue.OutputNotWritable(path, e.Message);
        }
    }

    /// <summary>The temporary file a rewrite of <paramref name="target"/> goes through, in the same folder.</summary>
    internal static string TemporaryPath(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target) + ".privc-fmt.tmp");
}
