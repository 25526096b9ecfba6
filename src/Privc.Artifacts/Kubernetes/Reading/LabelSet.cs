using k8s.Models;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// The labels of a pod, node or namespace as far as privc knows them: keys with known values, keys that are present
/// with a value privc cannot know (<see cref="UnknownValues"/>, such as the <c>pod-template-hash</c> the Deployment
/// controller adds), and, unless <see cref="Complete"/>, keys privc has no word on at all. A key that is neither
/// known nor unknown is absent when the set is complete and unknown otherwise.
/// </summary>
internal sealed class LabelSet
{
    public LabelSet(IEnumerable<KeyValuePair<string, string>> known, IEnumerable<string> unknownValues, bool complete)
    {
        // Go's JSON decoding turns a null label value into the empty string.
        Known = known.ToDictionary(p => p.Key, p => p.Value ?? string.Empty, StringComparer.Ordinal);
        UnknownValues = new HashSet<string>(unknownValues.Where(k => !Known.ContainsKey(k)), StringComparer.Ordinal);
        Complete = complete;
    }

    public Dictionary<string, string> Known { get; }

    public HashSet<string> UnknownValues { get; }

    /// <summary>Whether every key the object has is in <see cref="Known"/> or <see cref="UnknownValues"/>.</summary>
    public bool Complete { get; }

    /// <summary>Keys privc knows nothing about beyond these: only for incomplete sets (node labels, namespace labels).</summary>
    public Func<string, bool> KnownAbsent { get; init; } = _ => false;

    /// <summary>The value of a key: known, absent (null with True), or unknown (Unknown).</summary>
    public (Tri Present, string? Value) Get(string key)
    {
        if (Known.TryGetValue(key, out var value))
        {
            return (Tri.True, value);
        }
        if (UnknownValues.Contains(key))
        {
            return (Tri.True, null);
        }
        return Complete || KnownAbsent(key) ? (Tri.False, null) : (Tri.Unknown, null);
    }

    /// <summary>Whether the key's value is one of <paramref name="values"/>.</summary>
    public Tri ValueIn(string key, IEnumerable<string> values)
    {
        var (present, value) = Get(key);
        if (present == Tri.False)
        {
            return Tri.False;
        }
        if (value is null)
        {
            return Tri.Unknown;
        }
        return TriLogic.Of(values.Contains(value, StringComparer.Ordinal));
    }

    /// <summary>Kubernetes label selector semantics over this set: matchLabels and every matchExpressions requirement.</summary>
    public Tri Matches(V1LabelSelector selector) =>
        (selector.MatchLabels ?? new Dictionary<string, string>()).All(pair => ValueIn(pair.Key, [pair.Value]))
            .And((selector.MatchExpressions ?? []).All(Requirement));

    private Tri Requirement(V1LabelSelectorRequirement requirement)
    {
        var key = requirement.Key ?? string.Empty;
        var values = requirement.Values ?? [];
        return requirement.OperatorProperty switch
        {
            "In" => ValueIn(key, values),
            "NotIn" => ValueIn(key, values).Not(),
            "Exists" => Get(key).Present,
            "DoesNotExist" => Get(key).Present.Not(),
            _ => Tri.False,
        };
    }
}
