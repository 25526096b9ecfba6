using System.Collections.Immutable;

namespace Privc.Checking;

/// <summary>The names under which the structural conditions of specs/semantics.md section 5 are reported.</summary>
public static class StructuralCondition
{
    public const string Placement = "W1 placement";
    public const string Capacity = "W2 capacity";
    public const string Routing = "W3 routing";
    public const string Bandwidth = "W4 bandwidth";
    public const string Isolation = "W5 isolation";

    /// <summary>The five conditions in the spec's order.</summary>
    public static ImmutableArray<string> All { get; } = [Placement, Capacity, Routing, Bandwidth, Isolation];
}

/// <summary>
/// One failed condition: the intent it belongs to (its name, or a <see cref="StructuralCondition"/>), what failed,
/// a sentence for people and a structured <see cref="Witness"/> for tools.
/// </summary>
public sealed record Violation(string Intent, ViolationKind Kind, string Message, Witness Witness)
{
    public override string ToString() => $"{Intent}: {Message}";
}

/// <summary>The checker's verdict on one configuration: every violation, in a deterministic order.</summary>
public sealed record CheckReport(ImmutableArray<Violation> Violations)
{
    public bool Compliant => Violations.IsEmpty;

    /// <summary>The names of the violated intents and structural conditions, each once, in report order.</summary>
    public ImmutableArray<string> ViolatedIntents => Violations.Select(v => v.Intent).Distinct(StringComparer.Ordinal).ToImmutableArray();
}
