using System.Text;

namespace Privc.SmtEncoding;

/// <summary>An SMT-LIB2 script being written: declarations and assertions in a fixed order, with section comments.</summary>
public sealed class SmtScript
{
    private readonly StringBuilder text = new();
    private readonly HashSet<string> declared = new(StringComparer.Ordinal);

    public int AssertionCount { get; private set; }

    public int DeclarationCount => declared.Count;

    public void Comment(string comment)
    {
        foreach (var line in comment.Split('\n'))
        {
            text.Append("; ").Append(line).Append('\n');
        }
    }

    public void Declare(string symbol, string sort)
    {
        if (declared.Add(symbol))
        {
            text.Append("(declare-const ").Append(symbol).Append(' ').Append(sort).Append(")\n");
        }
    }

    public bool IsDeclared(string symbol) => declared.Contains(symbol);

    /// <summary>Declares a Boolean and asserts it equal to a definition (a named subterm the model can report).</summary>
    public string DefineBool(string symbol, string definition)
    {
        if (declared.Contains(symbol))
        {
            return symbol;
        }
        Declare(symbol, "Bool");
        Assert(Smt.Eq(symbol, definition));
        return symbol;
    }

    public string DefineInt(string symbol, string definition)
    {
        if (declared.Contains(symbol))
        {
            return symbol;
        }
        Declare(symbol, "Int");
        Assert(Smt.Eq(symbol, definition));
        return symbol;
    }

    public void Assert(string term)
    {
        if (term == Smt.True)
        {
            return;
        }
        AssertionCount++;
        text.Append("(assert ").Append(term).Append(")\n");
    }

    /// <summary>An assertion that holds only while its intent's guard literal is assumed (unsat cores name intents).</summary>
    public void Assert(string term, string? guard) => Assert(guard is null ? term : Smt.Implies(guard, term));

    public void Raw(string command) => text.Append(command).Append('\n');

    public override string ToString() => text.ToString();
}
