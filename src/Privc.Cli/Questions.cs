using System.Globalization;
using System.Text;

namespace Privc.Cli;

/// <summary>A person's answer to a question, or why there is none.</summary>
internal enum AnswerKind
{
    /// <summary>Yes, or a reading chosen.</summary>
    Given,
    /// <summary>No, none, or an answer still not understood after <see cref="Questions.Attempts"/> tries.</summary>
    Refused,
    /// <summary>Standard input ended before an answer (Ctrl-D at a terminal).</summary>
    InputEnded,
}

/// <summary>An answer: its kind and, for a choice, the 1-based number chosen.</summary>
internal readonly record struct Answer(AnswerKind Kind, int Choice = 0)
{
    public bool IsYes => Kind == AnswerKind.Given;

    /// <summary>Why nothing was chosen, for the diagnostic: "the answer was no", "standard input ended".</summary>
    public string Why => Kind == AnswerKind.InputEnded ? "standard input ended before an answer" : "the answer was no";
}

/// <summary>
/// Questions one invocation asks the person at the terminal: the question goes to standard error (like a shell's
/// <c>read -p</c>, so standard output stays the command's record), the answer is one line of
/// <see cref="CliContext.OpenInput"/>. One reader serves every question of the invocation, so scripted answers are
/// read in order. Only a caller that decided a person can answer (see <see cref="CliContext.InputIsTerminal"/>)
/// creates one.
/// </summary>
internal sealed class Questions(CliContext context)
{
    /// <summary>Answers read for one question before a misunderstood answer counts as no.</summary>
    public const int Attempts = 3;

    private TextReader? reader;

    /// <summary>A yes/no question; no is the default (an empty line).</summary>
    public Answer Confirm(string question)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            context.Error.Write($"{question} [y/N] ");
            context.Error.Flush();
            var line = ReadLine();
            if (line is null)
            {
                context.Error.WriteLine();
                return new Answer(AnswerKind.InputEnded);
            }
            switch (line.Trim().ToLowerInvariant())
            {
                case "y" or "yes":
                    return new Answer(AnswerKind.Given);
                case "" or "n" or "no":
                    return new Answer(AnswerKind.Refused);
            }
            context.Error.WriteLine("please answer y or n");
        }
        return new Answer(AnswerKind.Refused);
    }

    /// <summary>A choice among <paramref name="count"/> numbered options; n (or an empty line) chooses none.</summary>
    public Answer Choose(string question, int count)
    {
        var range = count == 1 ? "1" : $"1-{count.ToString(CultureInfo.InvariantCulture)}";
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            context.Error.Write($"{question} [{range}, or n for none] ");
            context.Error.Flush();
            var line = ReadLine();
            if (line is null)
            {
                context.Error.WriteLine();
                return new Answer(AnswerKind.InputEnded);
            }
            var text = line.Trim().ToLowerInvariant();
            if (text is "" or "n" or "no" or "none")
            {
                return new Answer(AnswerKind.Refused);
            }
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var choice) && choice >= 1 && choice <= count)
            {
                return new Answer(AnswerKind.Given, choice);
            }
            context.Error.WriteLine($"please answer with a number from {range}, or n");
        }
        return new Answer(AnswerKind.Refused);
    }

    private string? ReadLine()
    {
        reader ??= new StreamReader(context.OpenInput(), Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1024, leaveOpen: true);
        return reader.ReadLine();
    }
}
