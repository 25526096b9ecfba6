using System.Collections.Frozen;
using Privc.Parsing.Generated;

namespace Privc.Parsing;

/// <summary>
/// What the lexer takes for a name, for code that writes the language back (printers, prompts): a word that is a
/// name may stand bare, anything else (a reserved word, a key such as <c>node-restriction.kubernetes.io/zone</c>)
/// must be quoted.
/// </summary>
public static class Lexicon
{
    /// <summary>Keywords that can never be names (specs/language.md, "Names"), read off the lexer's vocabulary.</summary>
    private static readonly FrozenSet<string> Reserved = Enumerable.Range(1, PrivcLexer.ERROR_CHAR)
        .Where(type => !SyntaxErrorListener.IsContextualKeyword(type))
        .Select(type => PrivcLexer.DefaultVocabulary.GetLiteralName(type)?.Trim('\''))
        .OfType<string>()
        .Where(literal => literal.Length > 0 && literal.All(char.IsAsciiLetterLower))
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Whether the text is one name token: letters, digits, '_', and '-' or '.' inside, and not reserved.</summary>
    public static bool IsName(string text) =>
        text.Length > 0
        && (char.IsAsciiLetter(text[0]) || text[0] == '_')
        && (text.Length == 1 || char.IsAsciiLetterOrDigit(text[^1]) || text[^1] == '_')
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
        && !Reserved.Contains(text);

    public static IReadOnlySet<string> ReservedWords => Reserved;

    /// <summary>Every keyword of the language, reserved or contextual, for completion in editors.</summary>
    public static IReadOnlySet<string> Keywords { get; } = Enumerable.Range(1, PrivcLexer.ERROR_CHAR)
        .Select(type => PrivcLexer.DefaultVocabulary.GetLiteralName(type)?.Trim('\''))
        .OfType<string>()
        .Where(literal => literal.Length > 0 && literal.All(char.IsAsciiLetterLower))
        .ToFrozenSet(StringComparer.Ordinal);
}
