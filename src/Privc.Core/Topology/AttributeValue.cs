using System.Globalization;
using Privc.TypeSystem;

namespace Privc.Topology;

/// <summary>The typed value of one attribute of a node, device or link.</summary>
public abstract record AttributeValue
{
    public sealed record Text(string Value) : AttributeValue
    {
        public override string ToString() => Value;
    }

    public sealed record Flag(bool Value) : AttributeValue
    {
        public override string ToString() => Value ? "true" : "false";
    }

    public sealed record Number(decimal Value) : AttributeValue
    {
        public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A value of an ordered scale declared in the topology (trust: untrusted &lt; low &lt; high).</summary>
    public sealed record Level(string Name, int Rank) : AttributeValue
    {
        public override string ToString() => Name;
    }

    public sealed record Measure(Quantity Value) : AttributeValue
    {
        public override string ToString() => Units.Format(Value);
    }
}

/// <summary>How the values of one attribute key are typed across a topology.</summary>
public enum AttributeKind
{
    Text,
    Flag,
    Number,
    Level,
    Latency,
    Bandwidth,
    Cpu,
    Memory,
}

/// <summary>The kinds of topology element a predicate can range over.</summary>
[Flags]
public enum ElementKind
{
    None = 0,
    Node = 1,
    Device = 2,
    Link = 4,
}
