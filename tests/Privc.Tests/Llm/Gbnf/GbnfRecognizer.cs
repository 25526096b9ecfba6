using System.Globalization;
using Privc.Llm.Constrained;

namespace Privc.Tests.Llm.Gbnf;

/// <summary>
/// Decides whether a text belongs to the language of a GBNF grammar, as llama.cpp reads one: rules `name ::= expr`,
/// alternatives, groups, `? * +`, string literals and character classes with escapes, `#` comments. An Earley
/// recogniser over characters (with the nullable-completion fix of Aycock and Horspool), so that ambiguity and any
/// rule shape are fine. Test-side only: it checks the grammar privc generates, independently of the generator.
/// </summary>
public sealed class GbnfRecognizer
{
    private abstract record Symbol;

    private sealed record Nonterminal(int Id) : Symbol;

    private sealed record Terminal(CharClass Chars) : Symbol;

    private readonly List<(int Head, Symbol[] Body)> productions = [];
    private readonly Dictionary<string, int> names = new(StringComparer.Ordinal);
    private readonly List<List<int>> byHead = [];
    private bool[] nullable = [];
    private readonly int root;

    public GbnfRecognizer(string grammar)
    {
        var rules = Parse(grammar);
        foreach (var (name, expression) in rules)
        {
            var head = Id(name);
            foreach (var alternative in expression)
            {
                Add(head, alternative);
            }
        }
        foreach (var (name, id) in names)
        {
            if (!rules.Any(r => r.Name == name) && byHead[id].Count == 0 && !name.StartsWith(' '))
            {
                throw new FormatException($"the grammar uses rule '{name}' but never defines it");
            }
        }
        root = names["root"];
        ComputeNullable();
    }

    public bool Accepts(string text)
    {
        var sets = new List<HashSet<(int Production, int Dot, int Origin)>>();
        var agenda = new List<List<(int Production, int Dot, int Origin)>>();
        var waiting = new List<Dictionary<int, List<(int Production, int Dot, int Origin)>>>();
        for (var i = 0; i <= text.Length; i++)
        {
            sets.Add([]);
            agenda.Add([]);
            waiting.Add([]);
        }
        void Add(int position, (int Production, int Dot, int Origin) item)
        {
            if (!sets[position].Add(item))
            {
                return;
            }
            agenda[position].Add(item);
            var body = productions[item.Production].Body;
            if (item.Dot < body.Length && body[item.Dot] is Nonterminal n)
            {
                if (!waiting[position].TryGetValue(n.Id, out var list))
                {
                    waiting[position][n.Id] = list = [];
                }
                list.Add(item);
            }
        }
        foreach (var p in byHead[root])
        {
            Add(0, (p, 0, 0));
        }
        for (var i = 0; i <= text.Length; i++)
        {
            var work = agenda[i];
            for (var k = 0; k < work.Count; k++)
            {
                var (production, dot, origin) = work[k];
                var body = productions[production].Body;
                if (dot == body.Length)
                {
                    if (waiting[origin].TryGetValue(productions[production].Head, out var parents))
                    {
                        // The list may grow while it is read (origin == i): index, do not enumerate.
                        for (var j = 0; j < parents.Count; j++)
                        {
                            Add(i, (parents[j].Production, parents[j].Dot + 1, parents[j].Origin));
                        }
                    }
                    continue;
                }
                switch (body[dot])
                {
                    case Nonterminal n:
                        foreach (var p in byHead[n.Id])
                        {
                            Add(i, (p, 0, i));
                        }
                        if (nullable[n.Id])
                        {
                            Add(i, (production, dot + 1, origin));
                        }
                        break;
                    case Terminal t when i < text.Length && t.Chars.Contains(text[i]):
                        Add(i + 1, (production, dot + 1, origin));
                        break;
                }
            }
            if (i < text.Length && sets[i + 1].Count == 0)
            {
                return false;
            }
        }
        return sets[text.Length].Any(item => item.Origin == 0 && productions[item.Production].Head == root && item.Dot == productions[item.Production].Body.Length);
    }

    private int Id(string name)
    {
        if (!names.TryGetValue(name, out var id))
        {
            id = names.Count;
            names[name] = id;
            byHead.Add([]);
        }
        return id;
    }

    private void Add(int head, Symbol[] body)
    {
        byHead[head].Add(productions.Count);
        productions.Add((head, body));
    }

    private void ComputeNullable()
    {
        nullable = new bool[names.Count];
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (head, body) in productions)
            {
                if (!nullable[head] && body.All(s => s is Nonterminal n && nullable[n.Id]))
                {
                    nullable[head] = changed = true;
                }
            }
        }
    }

    // ---- Reading GBNF: each expression is a list of alternatives, each a sequence of symbols. ----

    private List<(string Name, List<Symbol[]> Alternatives)> Parse(string grammar)
    {
        var rules = new List<(string, List<Symbol[]>)>();
        var i = 0;
        while (true)
        {
            SkipSpace(grammar, ref i, newlines: true);
            if (i >= grammar.Length)
            {
                return rules;
            }
            var name = ReadName(grammar, ref i);
            SkipSpace(grammar, ref i, newlines: true);
            if (!grammar.AsSpan(i).StartsWith("::="))
            {
                throw new FormatException($"expected '::=' after '{name}' at {i}");
            }
            i += 3;
            rules.Add((name, Alternatives(grammar, ref i, nested: false)));
        }
    }

    private List<Symbol[]> Alternatives(string g, ref int i, bool nested)
    {
        var result = new List<Symbol[]>();
        var current = new List<Symbol>();
        while (true)
        {
            SkipSpace(g, ref i, newlines: nested);
            if (i >= g.Length || g[i] == '\n' || (nested && g[i] == ')'))
            {
                if (nested && i < g.Length && g[i] == ')')
                {
                    i++;
                }
                result.Add([.. current]);
                return result;
            }
            if (g[i] == '|')
            {
                i++;
                result.Add([.. current]);
                current = [];
                continue;
            }
            List<Symbol[]> item;
            if (g[i] == '(')
            {
                i++;
                item = Alternatives(g, ref i, nested: true);
            }
            else if (g[i] == '"')
            {
                item = [[.. ReadLiteral(g, ref i).Select(c => (Symbol)new Terminal(CharClass.Of(c)))]];
            }
            else if (g[i] == '[')
            {
                item = [[new Terminal(ReadClass(g, ref i))]];
            }
            else
            {
                item = [[new Nonterminal(Id(ReadName(g, ref i)))]];
            }
            var suffix = i < g.Length && g[i] is '?' or '*' or '+' ? g[i++] : '\0';
            current.Add(Group(item, suffix));
        }
    }

    /// <summary>A group or a repeated item as a fresh nonterminal (names starting with a space cannot clash).</summary>
    private Symbol Group(List<Symbol[]> alternatives, char suffix)
    {
        if (suffix == '\0' && alternatives.Count == 1 && alternatives[0].Length == 1)
        {
            return alternatives[0][0];
        }
        var group = Id(" group" + names.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var alternative in alternatives)
        {
            Add(group, alternative);
        }
        if (suffix == '\0')
        {
            return new Nonterminal(group);
        }
        var repeat = Id(" repeat" + names.Count.ToString(CultureInfo.InvariantCulture));
        switch (suffix)
        {
            case '?':
                Add(repeat, []);
                Add(repeat, [new Nonterminal(group)]);
                break;
            case '*':
                Add(repeat, []);
                Add(repeat, [new Nonterminal(group), new Nonterminal(repeat)]);
                break;
            default:
                var star = Id(" star" + names.Count.ToString(CultureInfo.InvariantCulture));
                Add(star, []);
                Add(star, [new Nonterminal(group), new Nonterminal(star)]);
                Add(repeat, [new Nonterminal(group), new Nonterminal(star)]);
                break;
        }
        return new Nonterminal(repeat);
    }

    private static void SkipSpace(string g, ref int i, bool newlines)
    {
        while (i < g.Length)
        {
            if (g[i] == '#')
            {
                while (i < g.Length && g[i] != '\n')
                {
                    i++;
                }
            }
            else if (g[i] is ' ' or '\t' or '\r' || (newlines && g[i] == '\n'))
            {
                i++;
            }
            else
            {
                return;
            }
        }
    }

    private static string ReadName(string g, ref int i)
    {
        var start = i;
        while (i < g.Length && (char.IsAsciiLetterOrDigit(g[i]) || g[i] == '-'))
        {
            i++;
        }
        if (i == start)
        {
            throw new FormatException($"expected a rule name at {i}: '{g[i..Math.Min(g.Length, i + 20)]}'");
        }
        return g[start..i];
    }

    private static List<int> ReadLiteral(string g, ref int i)
    {
        var result = new List<int>();
        i++;
        while (g[i] != '"')
        {
            result.Add(ReadChar(g, ref i));
        }
        i++;
        return result;
    }

    private static CharClass ReadClass(string g, ref int i)
    {
        i++;
        var negated = g[i] == '^';
        if (negated)
        {
            i++;
        }
        var ranges = new List<(int, int)>();
        while (g[i] != ']')
        {
            var low = ReadChar(g, ref i);
            var high = low;
            if (g[i] == '-' && g[i + 1] != ']')
            {
                i++;
                high = ReadChar(g, ref i);
            }
            ranges.Add((low, high));
        }
        i++;
        var set = CharClass.Of(ranges);
        return negated ? set.Complement() : set;
    }

    private static int ReadChar(string g, ref int i)
    {
        if (g[i] != '\\')
        {
            return g[i++];
        }
        var escape = g[i + 1];
        i += 2;
        int Hex(int digits, ref int at)
        {
            var value = int.Parse(g.AsSpan(at, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            at += digits;
            return value;
        }
        return escape switch
        {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'x' => Hex(2, ref i),
            'u' => Hex(4, ref i),
            'U' => Hex(8, ref i),
            _ => escape,
        };
    }
}
