using System.Collections.Immutable;

namespace Privc.Llm.Constrained;

/// <summary>
/// A lexer rule as a deterministic automaton over character classes: used to find the keywords a token would
/// otherwise match (an identifier `on` is lexed as the keyword), and to write the token without them. Built by
/// Thompson's construction from the rule (fragments inlined) and the subset construction over the atoms of the
/// alphabet (maximal intervals no class boundary splits). Non-greedy loops are read as plain loops: for the language
/// of one token on its own they mean the same.
/// </summary>
public sealed class TokenAutomaton
{
    private readonly List<List<(CharClass? On, int To)>> nfa = [];
    private readonly int start;
    private readonly int accept;

    public TokenAutomaton(AntlrRule rule, IReadOnlyDictionary<string, AntlrRule> rules)
    {
        start = State();
        accept = State();
        Alternatives(rule.Alternatives, start, accept, rules, 0);
    }

    /// <summary>Whether the token matches exactly <paramref name="text"/>.</summary>
    public bool Matches(string text)
    {
        var current = Closure([start]);
        foreach (var c in text)
        {
            current = Closure(current.SelectMany(s => nfa[s].Where(e => e.On is { } on && on.Contains(c)).Select(e => e.To)).ToHashSet());
            if (current.Count == 0)
            {
                return false;
            }
        }
        return current.Contains(accept);
    }

    /// <summary>
    /// The minimal deterministic automaton of the token's strings minus <paramref name="excluded"/>: states with their
    /// edges (disjoint classes) and whether they accept. State 0 is the start; the others are numbered breadth-first.
    /// </summary>
    public ImmutableArray<(ImmutableArray<(CharClass On, int To)> Edges, bool Accepts)> Without(IReadOnlyCollection<string> excluded)
    {
        var atoms = Atoms(excluded);
        var states = new List<(HashSet<int> Nfa, string? Prefix)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var transitions = new List<int[]>();
        var accepting = new List<bool>();
        int Intern(HashSet<int> set, string? prefix)
        {
            // A prefix that no excluded word extends can no longer become one: drop it, so those states merge.
            if (prefix is not null && !excluded.Any(w => w.StartsWith(prefix, StringComparison.Ordinal)))
            {
                prefix = null;
            }
            var key = string.Join(",", set.Order()) + "|" + (prefix ?? "\u0001");
            if (!index.TryGetValue(key, out var id))
            {
                id = states.Count;
                index[key] = id;
                states.Add((set, prefix));
            }
            return id;
        }
        Intern(Closure([start]), string.Empty);
        for (var i = 0; i < states.Count; i++)
        {
            var (set, prefix) = states[i];
            var row = new int[atoms.Count];
            for (var a = 0; a < atoms.Count; a++)
            {
                var atom = atoms[a];
                var target = Closure(set.SelectMany(s => nfa[s].Where(e => e.On is { } on && on.Contains(atom.Low)).Select(e => e.To)).ToHashSet());
                // Excluded words' characters are atoms of their own, so a prefix grows by whole atoms only.
                row[a] = target.Count == 0 ? -1 : Intern(target, prefix is not null && atom.Low == atom.High ? prefix + (char)atom.Low : null);
            }
            transitions.Add(row);
            accepting.Add(set.Contains(accept) && !(prefix is not null && excluded.Contains(prefix)));
        }
        return Minimise(transitions, accepting, atoms);
    }

    /// <summary>Moore's partition refinement, then states renumbered breadth-first from the start.</summary>
    private static ImmutableArray<(ImmutableArray<(CharClass On, int To)> Edges, bool Accepts)> Minimise(List<int[]> transitions, List<bool> accepting, List<(int Low, int High)> atoms)
    {
        var block = accepting.Select(a => a ? 1 : 0).ToArray();
        while (true)
        {
            var signatures = new Dictionary<string, int>(StringComparer.Ordinal);
            var next = new int[block.Length];
            for (var s = 0; s < block.Length; s++)
            {
                var signature = block[s] + ":" + string.Join(",", transitions[s].Select(t => t < 0 ? -1 : block[t]));
                if (!signatures.TryGetValue(signature, out var id))
                {
                    signatures[signature] = id = signatures.Count;
                }
                next[s] = id;
            }
            var stable = signatures.Count == block.Distinct().Count();
            block = next;
            if (stable)
            {
                break;
            }
        }
        var order = new Dictionary<int, int> { [block[0]] = 0 };
        var queue = new Queue<int>([0]);
        var representative = new List<int> { 0 };
        while (queue.Count > 0)
        {
            foreach (var t in transitions[queue.Dequeue()].Where(t => t >= 0))
            {
                if (order.TryAdd(block[t], order.Count))
                {
                    representative.Add(t);
                    queue.Enqueue(t);
                }
            }
        }
        return [.. representative.Select(s =>
        {
            var edges = transitions[s].Select((t, a) => (Target: t, Atom: atoms[a])).Where(e => e.Target >= 0)
                .GroupBy(e => order[block[e.Target]])
                .OrderBy(g => g.Key)
                .Select(g => (CharClass.Of(g.Select(e => e.Atom)), g.Key))
                .ToImmutableArray();
            return (edges, accepting[s]);
        })];
    }

    /// <summary>Maximal intervals no class boundary splits, with every excluded word's characters singled out.</summary>
    private List<(int Low, int High)> Atoms(IReadOnlyCollection<string> excluded)
    {
        var cuts = new SortedSet<int> { 0, CharClass.MaxChar + 1 };
        foreach (var (low, high) in nfa.SelectMany(s => s).Where(e => e.On is not null).SelectMany(e => e.On!.Ranges))
        {
            cuts.Add(low);
            cuts.Add(high + 1);
        }
        foreach (var c in excluded.SelectMany(w => w))
        {
            cuts.Add(c);
            cuts.Add(c + 1);
        }
        var list = cuts.ToList();
        return list.Zip(list.Skip(1), (a, b) => (a, b - 1)).ToList();
    }

    private int State()
    {
        nfa.Add([]);
        return nfa.Count - 1;
    }

    private HashSet<int> Closure(HashSet<int> states)
    {
        var result = new HashSet<int>(states);
        var stack = new Stack<int>(states);
        while (stack.Count > 0)
        {
            foreach (var (on, to) in nfa[stack.Pop()])
            {
                if (on is null && result.Add(to))
                {
                    stack.Push(to);
                }
            }
        }
        return result;
    }

    private void Alternatives(ImmutableArray<AntlrAlternative> alternatives, int from, int to, IReadOnlyDictionary<string, AntlrRule> rules, int depth)
    {
        foreach (var alternative in alternatives)
        {
            var current = from;
            foreach (var element in alternative.Elements)
            {
                var next = State();
                Element(element, current, next, rules, depth);
                current = next;
            }
            nfa[current].Add((null, to));
        }
    }

    private void Element(AntlrElement element, int from, int to, IReadOnlyDictionary<string, AntlrRule> rules, int depth)
    {
        var inner = State();
        var after = State();
        switch (element.Suffix)
        {
            case "?":
                nfa[from].Add((null, inner));
                nfa[from].Add((null, to));
                break;
            case "*":
                nfa[from].Add((null, inner));
                nfa[from].Add((null, to));
                nfa[after].Add((null, inner));
                break;
            case "+":
                nfa[from].Add((null, inner));
                nfa[after].Add((null, inner));
                break;
            default:
                nfa[from].Add((null, inner));
                break;
        }
        nfa[after].Add((null, to));
        switch (element)
        {
            case AntlrElement.Literal literal:
                var current = inner;
                foreach (var c in literal.Text)
                {
                    var next = State();
                    nfa[current].Add((CharClass.Of(c), next));
                    current = next;
                }
                nfa[current].Add((null, after));
                break;
            case AntlrElement.CharSet set:
                var chars = CharClass.FromAntlr(set.Body);
                nfa[inner].Add((set.Negated ? chars.Complement() : chars, after));
                break;
            case AntlrElement.NotLiteral not:
                nfa[inner].Add((CharClass.Of(not.Text[0]).Complement(), after));
                break;
            case AntlrElement.Any:
                nfa[inner].Add((CharClass.All, after));
                break;
            case AntlrElement.Group group:
                Alternatives(group.Alternatives, inner, after, rules, depth + 1);
                break;
            case AntlrElement.Reference reference when rules.TryGetValue(reference.Name, out var rule) && rule.IsLexer && depth < 32:
                Alternatives(rule.Alternatives, inner, after, rules, depth + 1);
                break;
            default:
                throw new InvalidOperationException($"privc bug: a lexer rule refers to '{element}', which the automaton cannot follow");
        }
    }
}
