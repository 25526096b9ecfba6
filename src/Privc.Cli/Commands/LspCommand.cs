using System.CommandLine;

namespace Privc.Cli.Commands;

/// <summary>
/// <c>privc lsp [--stdio]</c>: the language server, speaking JSON-RPC with LSP framing on standard input and output
/// (the only transport; <c>--stdio</c> is accepted because editors pass it). Diagnostics go to the editor, never to
/// standard output outside a message.
/// </summary>
internal static class LspCommand
{
    public static Command Create(CliContext context)
    {
        var stdio = new Option<bool>("--stdio") { Description = "Use standard input and output (the default and only transport)." };
        var command = new Command("lsp", "Run the language server for intent files over standard input and output (used by the VS Code extension).")
        {
            stdio,
        };
        command.SetAction(_ =>
        {
            using var input = context.OpenInput();
            using var output = context.OpenOutput();
            return new LanguageServer.LanguageServer(new LanguageServer.LspConnection(input, output)).Run();
        });
        return command;
    }
}
