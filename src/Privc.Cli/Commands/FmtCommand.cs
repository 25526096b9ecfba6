using System.CommandLine;
using System.Text;
using Privc.Diagnostics;
using Privc.Parsing;
using Privc.Syntax;

namespace Privc.Cli.Commands;

/// <summary>
/// <c>privc fmt FILE... [--check]</c>: rewrites intent files in the canonical layout of <see cref="SyntaxFormatter"/>.
/// A folder stands for the .priv files below it. A file with syntax errors gets its diagnostics and is left as it
/// is; a rewrite goes to a temporary file beside the original and is moved over it, so a file is never half written.
/// </summary>
internal static class FmtCommand
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.ZeroOrMore, Description = "Intent files (.priv), or folders holding them." };
        var check = new Option<bool>("--check") { Description = "Change nothing; exit 1 when a file is not formatted." };
        var command = new Command("fmt", "Format intent files in place (one item per line, canonical spacing and parentheses, comments kept).")
        {
            files, check,
        };
        command.SetAction(parse => Run(context, parse.GetValue(files) ?? [], parse.GetValue(check)));
        return command;
    }

    private static int Run(CliContext context, string[] arguments, bool check)
    {
        var diagnostics = new List<Diagnostic>();
        var limits = InputLimits.FromEnvironment(context.Environment);
        var paths = Expand(arguments, diagnostics);
        if (paths.Count == 0 && !diagnostics.Any(d => d.IsError))
        {
            diagnostics.Add(DiagnosticCatalogue.NoIntentFiles());
        }
        var unformatted = 0;
        foreach (var path in paths)
        {
            var (source, error) = SourceReader.ReadFile(path, limits);
            if (source is null)
            {
                diagnostics.Add(error!);
                continue;
            }
            var parse = SyntaxParser.Parse(source);
            diagnostics.AddRange(parse.Diagnostics);
            if (parse.Program is null)
            {
                continue;
            }
            var formatted = SyntaxFormatter.Format(parse.Program);
            if (formatted == source.Text)
            {
                continue;
            }
            if (check)
            {
                context.Out.WriteLine($"{path}: not formatted");
                unformatted++;
            }
            else if (Rewrite(path, formatted) is { } failure)
            {
                diagnostics.Add(failure);
            }
            else
            {
                context.Out.WriteLine($"formatted {path}");
            }
        }
        FrontEnd.Report(context.Error, diagnostics.Order().ToList());
        return diagnostics.Any(d => d.IsError) || unformatted > 0 ? ExitCodes.InputError : ExitCodes.Success;
    }

    /// <summary>Files as given, folders as the .priv files below them (a folder that cannot be read is a diagnostic); each path once.</summary>
    private static List<string> Expand(IEnumerable<string> arguments, List<Diagnostic> diagnostics)
    {
        var paths = new List<string>();
        foreach (var argument in arguments)
        {
            if (Directory.Exists(argument))
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
