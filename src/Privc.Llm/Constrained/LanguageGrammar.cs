using System.Text;

namespace Privc.Llm.Constrained;

/// <summary>The GBNF grammars of the language, generated once from the grammar/Privc.g4 this assembly embeds.</summary>
public static class LanguageGrammar
{
    private static readonly Lazy<string> Source = new(() =>
    {
        using var stream = typeof(LanguageGrammar).Assembly.GetManifestResourceStream("Privc.Llm.Privc.g4")
            ?? throw new InvalidOperationException("privc bug: the grammar resource is missing from Privc.Llm");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    private static readonly Lazy<string> ProgramGrammar = new(() => GbnfGenerator.Generate(Source.Value, GbnfRoot.Program));

    private static readonly Lazy<string> AnswerGrammar = new(() => GbnfGenerator.Generate(Source.Value, GbnfRoot.Answer));

    /// <summary>grammar/Privc.g4 as built into privc.</summary>
    public static string Antlr => Source.Value;

    public static string Gbnf(GbnfRoot root) => root == GbnfRoot.Program ? ProgramGrammar.Value : AnswerGrammar.Value;
}
