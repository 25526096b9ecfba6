using System.Globalization;
using Privc.Text;

namespace Privc.Diagnostics;

public static partial class DiagnosticCatalogue
{
    public static Diagnostic FileNotReadable(string path, string reason) =>
        AtFile(Codes.FileNotReadable, path, $"cannot read '{path}': {reason}");

    public static Diagnostic InvalidUtf8(SourceLocation location) =>
        At(Codes.InvalidUtf8, location, "the file is not valid UTF-8 (invalid byte sequence here)");

    public static Diagnostic BinaryFile(SourceLocation location) =>
        At(Codes.BinaryFile, location, "the file contains a NUL byte here and looks binary, not like text");

    public static Diagnostic FileTooLarge(string path, long size, long limit) =>
        AtFile(Codes.FileTooLarge, path, $"the file has {(size > limit + 1 ? size.ToString(CultureInfo.InvariantCulture) : $"more than {limit}")} bytes; privc reads at most {limit} bytes per file");

    public static Diagnostic TooDeep(SourceLocation location, string what, int limit) =>
        At(Codes.TooDeep, location, $"{what} exceeds the limit of {limit}; split the expression");

    public static Diagnostic Usage(string message) => AtFile(Codes.Usage, null, message);

    public static Diagnostic OutputNotWritable(string path, string reason) =>
        AtFile(Codes.OutputNotWritable, path, $"cannot write output '{path}': {reason}");

    public static Diagnostic OutputNotOwned(string path, int count, string listed) =>
        AtFile(Codes.OutputNotOwned, path,
            $"will not replace '{path}': it holds {count} file(s) privc did not write or that changed since ({listed}); choose a new or empty folder, or pass --force to replace it");

    public static Diagnostic OutputHoldsInputs(string path, string why) =>
        AtFile(Codes.OutputHoldsInputs, path, $"will not replace '{path}': {why}; choose another output folder (privc never replaces its inputs, even with --force)");

    public static Diagnostic OutputFileExists(string path) =>
        AtFile(Codes.OutputFileExists, path, $"'{path}' exists; pass --force to replace it, or choose another --out");

    public static Diagnostic OutputIsInput(string path, string role) =>
        AtFile(Codes.OutputHoldsInputs, path, $"will not overwrite '{path}': it is an input ({role}); choose another --out (privc never overwrites its inputs, even with --force)");

    public static Diagnostic NoIntentFiles() => AtFile(Codes.NoIntentFiles, null, "no intent files (.priv) were given");

    public static Diagnostic UnexpectedCharacter(SourceLocation location, string text) =>
        At(Codes.UnexpectedCharacter, location, $"unexpected character {Describe(text)}");

    /// <summary>A word holding a character no name can (<c>image registry/x:1</c>): one diagnostic for the word, with the fix.</summary>
    public static Diagnostic UnquotedWord(SourceLocation location, string character, string word, string what, string fix, string quoted) =>
        At(Codes.UnexpectedCharacter, location, $"unexpected character '{character}' in {word}; quote {what}: {fix}") with { Fix = new FixHint($"quote {what}", quoted) };

    /// <summary>A declared or referenced name holding a character names cannot hold; strings do not fit there.</summary>
    public static Diagnostic CharacterInName(SourceLocation location, string character, string word) =>
        At(Codes.UnexpectedCharacter, location, $"unexpected character '{character}' in {word}; a name holds only letters, digits, '_', and '-' or '.' inside");

    /// <summary>A lone '=', with what to write instead where it is.</summary>
    public static Diagnostic SingleEquals(SourceLocation location, string fix, string replacement) =>
        At(Codes.UnexpectedCharacter, location, $"unexpected character '='; {fix}") with { Fix = new FixHint(replacement.Length == 0 ? "remove '='" : $"write '{replacement}'", replacement) };

    public static Diagnostic UnterminatedString(SourceLocation location) =>
        At(Codes.UnterminatedString, location, "unterminated string: a closing '\"' is missing on this line");

    public static Diagnostic UnterminatedComment(SourceLocation location) =>
        At(Codes.UnterminatedComment, location, "unterminated block comment: '*/' is missing");

    public static Diagnostic SyntaxError(SourceLocation location, string found, string expected) =>
        At(Codes.SyntaxError, location, expected.Length == 0 ? $"unexpected {found}" : $"unexpected {found}; expected {expected}");

    public static Diagnostic SyntaxError(SourceLocation location, string found, string expected, string suggestion) =>
        At(Codes.SyntaxError, location, $"unexpected {found}; expected {expected}; did you mean '{suggestion}'?") with { Fix = FixHint.Suggestion(suggestion) };

    /// <summary>A name where only one keyword can stand, close enough to it to be that keyword misspelt.</summary>
    public static Diagnostic MisspeltKeyword(SourceLocation location, string found, string keyword) =>
        At(Codes.SyntaxError, location, $"unexpected {found}; did you mean '{keyword}'?") with { Fix = FixHint.Suggestion(keyword) };

    public static Diagnostic MissingToken(SourceLocation location, string missing, string before) =>
        At(Codes.MissingToken, location, $"missing {missing} before {before}");

    public static Diagnostic InvalidEscape(SourceLocation location, string escape) =>
        At(Codes.InvalidEscape, location, $"invalid escape sequence '{escape}' in string; use \\\", \\\\, \\n or \\t");

    private static string Describe(string text)
    {
        if (text.Length == 1 && (char.IsControl(text[0]) || char.IsWhiteSpace(text[0]) || char.IsSurrogate(text[0])))
        {
            return $"U+{(int)text[0]:X4}";
        }
        return $"'{text}'";
    }
}
