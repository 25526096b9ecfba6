using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Privc.Diagnostics;
using Privc.Text;

namespace Privc.Cli;

/// <summary>
/// Strict command-line reading on top of System.CommandLine: a word that looks like an option but is none is an
/// error (not an input file), unknown commands and options get a "did you mean", and values that do not parse get
/// privc's own message instead of a .NET type name.
/// </summary>
internal static partial class UsageErrors
{
    public static List<Diagnostic> Find(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var optionNames = OptionNames(command).ToList();
        var messages = new List<string>();
        var suggested = new HashSet<string>(StringComparer.Ordinal);
        // Words taken as input files or as values of a many-valued option (--manifests A B) that look like options.
        var swallowed = parse.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens)
            .Concat(parse.CommandResult.Children.OfType<OptionResult>().Where(o => o.Option.Arity.MaximumNumberOfValues > 1).SelectMany(o => o.Tokens));
        foreach (var token in swallowed.Select(t => t.Value).Where(LooksLikeOption))
        {
            var name = token.Split('=', 2)[0];
            var suggestion = Suggestions.Nearest(name, optionNames);
            if (suggestion is not null)
            {
                suggested.Add(suggestion);
            }
            messages.Add($"'{command.Name}' has no option '{name}'{Did(suggestion)}");
        }
        var unrecognized = false;
        foreach (var error in parse.Errors)
        {
            var message = error.Message;
            if (Required().Match(message) is { Success: true } required && suggested.Contains(required.Groups["option"].Value))
            {
                continue; // the misspelt option was meant; its "required" error is noise
            }
            if (Unrecognized().IsMatch(message))
            {
                if (unrecognized)
                {
                    continue; // after one unknown word, the rest are most likely its arguments
                }
                unrecognized = true;
            }
            messages.Add(Rewrite(message, parse, optionNames));
        }
        if (unrecognized)
        {
            messages.RemoveAll(m => m == "Required command was not provided.");
        }
        return messages.Select(DiagnosticCatalogue.Usage).ToList();
    }

    /// <summary>`-` alone is standard input; a negative number is a value; anything else starting with `-` is meant as an option.</summary>
    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && !char.IsDigit(token[1]) && token[1] != '.';

    private static string Rewrite(string message, ParseResult parse, List<string> optionNames)
    {
        if (CannotParse().Match(message) is { Success: true } value)
        {
            var option = value.Groups["option"].Value;
            var what = value.Groups["type"].Value switch
            {
                "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" => "a whole number",
                "System.Double" or "System.Decimal" => "a number",
                "System.Boolean" => "true or false",
                var other => other,
            };
            return $"{option} expects {what}, not '{value.Groups["value"].Value}'";
        }
        if (Unrecognized().Match(message) is { Success: true } unknown)
        {
            var word = unknown.Groups["word"].Value;
            var command = parse.CommandResult.Command;
            if (LooksLikeOption(word))
            {
                return $"'{command.Name}' has no option '{word}'{Did(Suggestions.Nearest(word.Split('=', 2)[0], optionNames))}";
            }
            var subcommands = command.Subcommands.Select(c => c.Name).ToList();
            if (subcommands.Count > 0)
            {
                var what = command is RootCommand ? "a privc command" : $"a '{command.Name}' command";
                return $"'{word}' is not {what}{Did(Suggestions.Nearest(word, subcommands))} (the commands are {string.Join(", ", subcommands)})";
            }
            return $"'{command.Name}' does not take '{word}'";
        }
        return message;
    }

    private static IEnumerable<string> OptionNames(Command command) =>
        command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal));

    private static string Did(string? suggestion) => suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?";

    [GeneratedRegex("^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']+)' as expected type '(?<type>[^']+)'")]
    private static partial Regex CannotParse();

    [GeneratedRegex("^Option '(?<option>[^']+)' is required")]
    private static partial Regex Required();

    [GeneratedRegex("^Unrecognized command or argument '(?<word>.*)'")]
    private static partial Regex Unrecognized();
}
