using System.Text;

namespace Privc.Verification.Encoding;

/// <summary>An SMT-LIB2 script being written: declarations and assertions in a fixed order, with section comments.</summary>
internal sealed class SmtScript
{
    private readonly StringBuilder text = new();
    private readonly StringBuilder definitionsOnly = new();
    private readonly HashSet<string> declared = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, List<string>>? definitions;

    /// <param name="defineGuards">
    /// Collect each guard's assertions instead of writing them as implications; <see cref="WriteGuardDefinitions"/>
    /// then makes every guard equivalent to the conjunction of its assertions, so that a guard can also be negated.
    /// </param>
    public SmtScript(bool defineGuards = false)
    {
        definitions = defineGuards ? new SortedDictionary<string, List<string>>(StringComparer.Ordinal) : null;
    }

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
            definitionsOnly.Append("(declare-const ").Append(symbol).Append(' ').Append(sort).Append(")\n");
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
        AssertDefinition(Smt.Eq(symbol, definition));
        return symbol;
    }

    public string DefineInt(string symbol, string definition)
    {
        if (declared.Contains(symbol))
        {
            return symbol;
        }
        Declare(symbol, "Int");
        AssertDefinition(Smt.Eq(symbol, definition));
        return symbol;
    }

    /// <summary>
    /// The declarations and definitions alone (named subterms and, in define-guards mode, the guards), without the
    /// structural constraints: the conditions as functions of the configuration variables, over every assignment.
    /// </summary>
    public string DefinitionsOnly => definitionsOnly.ToString();

    private void AssertDefinition(string term)
    {
        Assert(term);
        definitionsOnly.Append("(assert ").Append(term).Append(")\n");
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
    public void Assert(string term, string? guard)
    {
        if (guard is not null && definitions is not null)
        {
            if (!definitions.TryGetValue(guard, out var terms))
            {
                definitions[guard] = terms = new List<string>();
            }
            if (term != Smt.True)
            {
                terms.Add(term);
            }
            return;
        }
        Assert(guard is null ? term : Smt.Implies(guard, term));
    }

    /// <summary>
    /// In define-guards mode: asserts <c>(= guard (and ...))</c> for every given guard, in name order. A guard with no
    /// assertion is defined as true (its intent constrains nothing here).
    /// </summary>
    public void WriteGuardDefinitions(IEnumerable<string> guards)
    {
        if (definitions is null)
        {
            throw new InvalidOperationException("privc bug: guard definitions requested from a script that does not collect them");
        }
        foreach (var guard in guards.Order(StringComparer.Ordinal))
        {
            AssertDefinition(Smt.Eq(guard, Smt.And(definitions.TryGetValue(guard, out var terms) ? terms : [])));
        }
    }

    public void Raw(string command) => text.Append(command).Append('\n');

    public override string ToString() => text.ToString();
}
