using System.CommandLine;
using Privc.Artifacts.Emit;
using Privc.Diagnostics;
using Privc.Llm.Constrained;

namespace Privc.Cli.Commands;

/// <summary>
/// <c>privc grammar [--root program|answer] [--out FILE]</c>: the language as a GBNF grammar for grammar-constrained
/// sampling (llama.cpp), generated from grammar/Privc.g4; what translate --constrained sends.
/// </summary>
internal static class GrammarCommand
{
    public static Command Create(CliContext context)
    {
        var root = new Option<string>("--root") { Description = "program: a whole intent file; answer: intents and objectives only (what translate asks for with --context).", DefaultValueFactory = _ => "program" };
        var output = new Option<string?>("--out") { Description = "Write the grammar to this file instead of standard output (replaced only with --force)." };
        var force = new Option<bool>("--force") { Description = "Replace --out when it exists." };
        var command = new Command("grammar", "Print the language as a GBNF grammar (for llama.cpp's grammar-constrained sampling), generated from the parser's grammar.")
        {
            root, output, force,
        };
        command.SetAction(parse => Run(context, parse.GetValue(root)!, parse.GetValue(output), parse.GetValue(force)));
        return command;
    }

    private static int Run(CliContext context, string root, string? output, bool force)
    {
        if (root is not ("program" or "answer"))
        {
            context.Error.WriteLine(DiagnosticFormatter.Format(DiagnosticCatalogue.Usage($"--root must be program or answer, not '{root}'")));
            return ExitCodes.InputError;
        }
        var grammar = LanguageGrammar.Gbnf(root == "program" ? GbnfRoot.Program : GbnfRoot.Answer);
        if (output is null)
        {
            context.Out.Write(grammar);
            return ExitCodes.Success;
        }
        if (File.Exists(output) && !force)
        {
            context.Error.WriteLine(DiagnosticFormatter.Format(DiagnosticCatalogue.OutputFileExists(output)));
            return ExitCodes.InputError;
        }
        if (AtomicFile.Write(output, grammar) is { } error)
        {
            context.Error.WriteLine(DiagnosticFormatter.Format(DiagnosticCatalogue.OutputNotWritable(output, error)));
            return ExitCodes.InputError;
        }
        context.Out.WriteLine($"wrote {output}");
        return ExitCodes.Success;
    }
}
