using Antlr4.Runtime;
using Privc.Parsing.Generated;
using Privc.Text;

namespace Privc.Parsing;

/// <summary>
/// ANTLR's recovery, plus one repair: where exactly one keyword can follow and the input has a name close to it
/// (<c>at lest 2</c>), the name is reported once as a misspelling and then read as that keyword. Without this, ANTLR
/// inserts the keyword, takes the misspelt word for the value after it and reports a second, misleading error.
/// </summary>
internal sealed class KeywordRecoveryStrategy : DefaultErrorStrategy
{
    /// <summary>The message prefix <see cref="SyntaxErrorListener"/> recognises; the keyword's literal follows it.</summary>
    public const string MisspeltPrefix = "misspelt ";

    public override IToken RecoverInline(Parser recognizer)
    {
        var current = recognizer.CurrentToken;
        if (current.Type == PrivcLexer.IDENT && SingleExpectedKeyword(recognizer) is { } keyword
            && Suggestions.Nearest(current.Text, [keyword]) is not null)
        {
            if (!InErrorRecoveryMode(recognizer))
            {
                BeginErrorCondition(recognizer);
                recognizer.NotifyErrorListeners(current, MisspeltPrefix + keyword, null);
            }
            ReportMatch(recognizer);
            recognizer.Consume();
            return current;
        }
        return base.RecoverInline(recognizer);
    }

    private static string? SingleExpectedKeyword(Parser recognizer)
    {
        var expected = recognizer.GetExpectedTokens().ToList();
        if (expected.Count != 1)
        {
            return null;
        }
        var literal = PrivcLexer.DefaultVocabulary.GetLiteralName(expected[0]);
        // Only words: punctuation such as ';' is never "misspelt" as a name.
        return literal is { Length: > 2 } && char.IsAsciiLetter(literal[1]) ? literal.Trim('\'') : null;
    }
}
