namespace Privc.Tests.Infrastructure;

/// <summary>
/// Standard input for an in-process run: the answers a person would type (one per line) and whether it is a
/// terminal. <see cref="Reads"/> counts how often the command opened it, so a test can show a question was never asked.
/// </summary>
public sealed class ScriptedInput(string text, bool isTerminal)
{
    private int reads;

    public bool IsTerminal => isTerminal;

    public int Reads => reads;

    public Stream Open()
    {
        Interlocked.Increment(ref reads);
        return new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
    }
}
