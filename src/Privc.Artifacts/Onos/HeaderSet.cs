namespace Privc.Artifacts.Onos;

/// <summary>The walk built more decision-diagram nodes than its budget allows; the packets left are not judged.</summary>
internal sealed class HeaderSpaceExhaustedException(int limit) : Exception($"more than {limit} decision-diagram nodes")
{
    public int Limit { get; } = limit;
}

/// <summary>
/// Reduced ordered binary decision diagrams over the 256 header bits of <see cref="Cube"/> (as Batfish represents
/// header spaces): each set of headers has one canonical node, so unions, intersections and differences of the
/// many ternary matches of hundreds of flow rules stay small, where unions of cubes split combinatorially. Variables
/// run word by word from each word's most significant bit, so a field's bits are adjacent, high to low. Node 0 is
/// the empty set and node 1 every header. One instance serves one walk; it is not shared between threads.
/// </summary>
internal sealed class HeaderBdd(int maxNodes)
{
    private int limit = maxNodes;

    public const int Variables = 256;

    private const int And = 0, Or = 1, AndNot = 2;

    private readonly List<(int Var, int Low, int High)> nodes = [(Variables, 0, 0), (Variables, 1, 1)];
    private readonly Dictionary<(int, int, int), int> unique = [];
    private readonly Dictionary<(int, int, int), int> memo = [];
    private readonly Dictionary<Cube, int> cubes = [];
    private readonly Dictionary<int, double> counts = [];

    public int NodeCount => nodes.Count;

    /// <summary>Lifts the budget once the walk is over: describing and merging its results takes few nodes.</summary>
    public void EndBudget() => limit = int.MaxValue;

    private int Var(int node) => nodes[node].Var;

    private int Make(int variable, int low, int high)
    {
        if (low == high)
        {
            return low;
        }
        if (unique.TryGetValue((variable, low, high), out var existing))
        {
            return existing;
        }
        if (nodes.Count >= limit)
        {
            throw new HeaderSpaceExhaustedException(limit);
        }
        nodes.Add((variable, low, high));
        unique.Add((variable, low, high), nodes.Count - 1);
        return nodes.Count - 1;
    }

    private int Apply(int op, int a, int b)
    {
        switch (op)
        {
            case And when a == 0 || b == 0:
                return 0;
            case And when a == 1 || a == b:
                return b;
            case And when b == 1:
                return a;
            case Or when a == 1 || b == 1:
                return 1;
            case Or when a == 0 || a == b:
                return b;
            case Or when b == 0:
                return a;
            case AndNot when a == 0 || b == 1 || a == b:
                return 0;
            case AndNot when b == 0:
                return a;
            case AndNot when a == 1 && Var(b) == Variables:
                return b == 0 ? 1 : 0;
        }
        if (memo.TryGetValue((op, a, b), out var known))
        {
            return known;
        }
        var variable = Math.Min(Var(a), Var(b));
        var (a0, a1) = Var(a) == variable ? (nodes[a].Low, nodes[a].High) : (a, a);
        var (b0, b1) = Var(b) == variable ? (nodes[b].Low, nodes[b].High) : (b, b);
        var result = Make(variable, Apply(op, a0, b0), Apply(op, a1, b1));
        memo[(op, a, b)] = result;
        return result;
    }

    public int Intersect(int a, int b) => Apply(And, a, b);

    public int Union(int a, int b) => Apply(Or, a, b);

    public int Subtract(int a, int b) => Apply(AndNot, a, b);

    /// <summary>The node of a cube: the conjunction of its fixed bits.</summary>
    public int Of(Cube cube)
    {
        if (cubes.TryGetValue(cube, out var node))
        {
            return node;
        }
        node = 1;
        for (var variable = Variables - 1; variable >= 0; variable--)
        {
            var (word, bit) = (variable / 64, 63 - (variable % 64));
            if (((cube.Care(word) >> bit) & 1) != 0)
            {
                node = ((cube.Value(word) >> bit) & 1) != 0 ? Make(variable, 0, node) : Make(variable, node, 0);
            }
        }
        cubes[cube] = node;
        return node;
    }

    /// <summary>How many headers a node holds (up to 2^256, as a double).</summary>
    public double Count(int node)
    {
        if (node <= 1)
        {
            return node == 0 ? 0 : Math.Pow(2, Variables);
        }
        return CountBelow(node) * Math.Pow(2, Var(node));
    }

    /// <summary>Headers of the variables from the node's own variable down.</summary>
    private double CountBelow(int node)
    {
        if (node <= 1)
        {
            return node;
        }
        if (counts.TryGetValue(node, out var count))
        {
            return count;
        }
        var (variable, low, high) = nodes[node];
        count = (CountBelow(low) * Math.Pow(2, Var(low) - variable - 1)) + (CountBelow(high) * Math.Pow(2, Var(high) - variable - 1));
        counts[node] = count;
        return count;
    }

    /// <summary>Whether the node holds the header whose bits are the cube's values (its open bits read as 0).</summary>
    public bool Contains(int node, Cube header)
    {
        while (node > 1)
        {
            var (variable, low, high) = nodes[node];
            node = ((header.Value(variable / 64) >> (63 - (variable % 64))) & 1) != 0 ? high : low;
        }
        return node == 1;
    }

    /// <summary>One cube inside a non-empty node: a path to node 1, its variables fixed, every other bit open.</summary>
    public Cube AnyCube(int node)
    {
        Span<ulong> value = stackalloc ulong[4];
        Span<ulong> care = stackalloc ulong[4];
        while (node > 1)
        {
            var (variable, low, high) = nodes[node];
            var (word, bit) = (variable / 64, 63 - (variable % 64));
            care[word] |= 1UL << bit;
            if (low != 0)
            {
                node = low;
            }
            else
            {
                value[word] |= 1UL << bit;
                node = high;
            }
        }
        return new Cube(value[0], value[1], value[2], value[3], care[0], care[1], care[2], care[3]);
    }
}

/// <summary>A set of headers: a node of a <see cref="HeaderBdd"/>. Sets of one walk share its diagram.</summary>
internal readonly record struct HeaderSet(HeaderBdd Space, int Node)
{
    public bool IsEmpty => Node == 0;

    public static HeaderSet Of(HeaderBdd space, IEnumerable<Cube> cubes) =>
        new(space, cubes.Aggregate(0, (node, cube) => space.Union(node, space.Of(cube))));

    public HeaderSet Intersect(Cube cube) => this with { Node = Space.Intersect(Node, Space.Of(cube)) };

    public HeaderSet Intersect(HeaderSet other) => this with { Node = Space.Intersect(Node, other.Node) };

    public HeaderSet Subtract(Cube cube) => this with { Node = Space.Subtract(Node, Space.Of(cube)) };

    public HeaderSet Union(HeaderSet other) => this with { Node = Space.Union(Node, other.Node) };

    /// <summary>How many headers the set holds, for choosing the path most packets take.</summary>
    public double Weight => Space.Count(Node);
}
