using Privc.Text;

namespace Privc.Diagnostics;

public static partial class DiagnosticCatalogue
{
    public static Diagnostic DuplicateDeclaration(SourceLocation location, string kind, string name, SourceLocation first) =>
        At(Codes.DuplicateDeclaration, location, $"{kind} '{name}' is already declared at {first.Display}");

    public static Diagnostic UnknownService(SourceLocation location, string name, string? suggestion) =>
        At(Codes.UnknownService, location, $"no service is named '{name}'{Suggest(suggestion)}") with { Fix = FixHint.Suggestion(suggestion) };

    public static Diagnostic UnknownData(SourceLocation location, string name, string? suggestion) =>
        At(Codes.UnknownData, location, $"no data class is named '{name}'{Suggest(suggestion)}") with { Fix = FixHint.Suggestion(suggestion) };

    public static Diagnostic UnknownFlow(SourceLocation location, string name, string? suggestion) =>
        At(Codes.UnknownFlow, location, $"no flow is named '{name}'{Suggest(suggestion)}") with { Fix = FixHint.Suggestion(suggestion) };

    public static Diagnostic UnknownLevel(SourceLocation location, string name, IEnumerable<string> levels, string? suggestion) =>
        At(Codes.UnknownLevel, location, $"'{name}' is not a sensitivity level ({string.Join(" < ", levels)}){Suggest(suggestion)}") with { Fix = FixHint.Suggestion(suggestion) };

    public static Diagnostic DuplicateLevels(SourceLocation location, SourceLocation first) =>
        At(Codes.DuplicateLevels, location, $"sensitivity levels are already declared at {first.Display}; a program has one lattice");

    public static Diagnostic UnknownProperty(SourceLocation location, string name, IEnumerable<string> known, string? suggestion) =>
        At(Codes.UnknownProperty, location, $"services have no property '{name}'{Suggest(suggestion)} (known: {string.Join(", ", known)})") with { Fix = FixHint.Suggestion(suggestion) };

    public static Diagnostic DuplicateProperty(SourceLocation location, string name) =>
        At(Codes.DuplicateProperty, location, $"property '{name}' is given twice");

    public static Diagnostic MissingProperty(SourceLocation location, string service, string property) =>
        At(Codes.MissingProperty, location, $"service '{service}' has no '{property}'");

    public static Diagnostic WrongValueKind(SourceLocation location, string what, string expected, string found) =>
        At(Codes.WrongValueKind, location, $"{what} expects {expected}, not {found}");

    public static Diagnostic UnitMismatch(SourceLocation location, string what, string expected, string found) =>
        At(Codes.UnitMismatch, location, $"{what} is a {expected}, but '{found}' is a {DimensionOf(found)}");

    /// <summary>A plain number where a latency or bandwidth is needed: the fix is the unit (<c>15</c> → <c>15ms</c>).</summary>
    public static Diagnostic MissingUnit(SourceLocation location, string what, TypeSystem.Dimension expected, string found)
    {
        var withUnit = found + (expected == TypeSystem.Dimension.Latency ? "ms" : "Mbps");
        return At(Codes.UnitMismatch, location,
            $"{what} is a {TypeSystem.Units.DimensionName(expected)}, but '{found}' is a number; add a unit, e.g. {withUnit}") with { Fix = new FixHint("add a unit", withUnit) };
    }

    public static Diagnostic UnknownUnit(SourceLocation location, string text, string unit, string? suggestion) =>
        At(Codes.UnknownUnit, location, $"'{text}' has an unknown unit '{unit}'{Suggest(suggestion)}") with { Fix = FixHint.Suggestion(suggestion) };

    public static Diagnostic ValueOutOfRange(SourceLocation location, string what, string value, string range) =>
        At(Codes.ValueOutOfRange, location, $"{what} must be {range}, not {value}");

    public static Diagnostic ClearanceViolation(SourceLocation location, string flow, string data, string level, string target, string clearance) =>
        At(Codes.ClearanceViolation, location,
            $"flow '{flow}' carries '{data}' ({level}) into '{target}', whose clearance is only {clearance}; raise the clearance or declassify '{data}' through a named service");

    public static Diagnostic HandlesAboveClearance(SourceLocation location, string service, string data, string level, string clearance) =>
        At(Codes.HandlesAboveClearance, location, $"service '{service}' handles '{data}' ({level}) but its clearance is only {clearance}");

    public static Diagnostic UnknownTag(SourceLocation location, string tag, string? suggestion) =>
        At(Codes.UnknownTag, location, $"no data class has the tag '{tag}'{Suggest(suggestion)}") with { Fix = FixHint.Suggestion(suggestion) };

    public static Diagnostic UnknownTenant(SourceLocation location, string tenant, string? suggestion) =>
        At(Codes.UnknownTenant, location, $"no service belongs to tenant '{tenant}'{Suggest(suggestion)}") with { Fix = FixHint.Suggestion(suggestion) };

    public static Diagnostic UnknownAttribute(SourceLocation location, string key, string on, string? suggestion) =>
        At(Codes.UnknownAttribute, location, $"the topology has no attribute '{key}' on {on}{Suggest(suggestion)}") with { Fix = FixHint.Suggestion(suggestion) };

    /// <summary>A key the elements in range lack although other kinds of element have it; the hint names the construct for those.</summary>
    public static Diagnostic AttributeOnOtherElements(SourceLocation location, string key, string on, string owners, string fix) =>
        At(Codes.UnknownAttribute, location, $"'{key}' is an attribute of {owners}, not of {on}; {fix}") with { Fix = new FixHint(fix) };

    /// <summary>A value the topology never has for the key, with the values it has (or the scale) so the fix is in sight.</summary>
    public static Diagnostic UnknownAttributeValue(SourceLocation location, string key, string value, IReadOnlyList<string> known, bool scale, string? suggestion)
    {
        const int shown = 12;
        var listed = scale ? $"the scale is {string.Join(" < ", known)}"
            : known.Count == 0 ? "it has no values"
            : "known values: " + string.Join(", ", known.Take(shown)) + (known.Count > shown ? $" and {known.Count - shown} more" : string.Empty);
        return At(Codes.UnknownAttributeValue, location, $"no element of the topology has {key} = '{value}' ({listed}){Suggest(suggestion)}") with { Fix = FixHint.Suggestion(suggestion) };
    }

    public static Diagnostic UnorderedComparison(SourceLocation location, string key, string kind) =>
        At(Codes.UnorderedComparison, location, $"'{key}' is {kind} and has no order; use ==, !=, in or not in, or declare a scale for it in the topology");

    public static Diagnostic UnknownDevice(SourceLocation location, string name, string? suggestion) =>
        At(Codes.UnknownDevice, location, $"the topology has no device '{name}'{Suggest(suggestion)}") with { Fix = FixHint.Suggestion(suggestion) };

    public static Diagnostic SelfFlow(SourceLocation location, string service) =>
        At(Codes.SelfFlow, location, $"a flow cannot go from service '{service}' to itself");

    public static Diagnostic InvalidDeclassification(SourceLocation location, string problem) =>
        At(Codes.InvalidDeclassification, location, problem);

    public static Diagnostic UnknownMetric(SourceLocation location, string metric, string? suggestion) =>
        At(Codes.UnknownMetric, location, $"'{metric}' is not an objective; use latency, max latency, cost or nodes{Suggest(suggestion)}") with { Fix = FixHint.Suggestion(suggestion) };

    public static Diagnostic SpreadExceedsReplicas(SourceLocation location, string service, int replicas, int k) =>
        At(Codes.SpreadExceedsReplicas, location, $"service '{service}' has {replicas} replica(s), so it cannot cover {k} distinct values");

    public static Diagnostic EmptySelection(SourceLocation location, string what, string? reason = null) =>
        At(Codes.EmptySelection, location, $"{what} selects nothing{(reason is null ? string.Empty : $" ({reason})")}, so this intent constrains nothing");

    public static Diagnostic UpperBoundOnly(SourceLocation location, string what) =>
        At(Codes.UpperBoundOnly, location, $"a {what} bound on a route is an upper bound; use < or <=");

    public static Diagnostic DuplicateLevel(SourceLocation location, string level) =>
        At(Codes.DuplicateLevel, location, $"level '{level}' is listed twice");

    public static Diagnostic PortNotExposed(SourceLocation location, string flow, int port, string target) =>
        At(Codes.PortNotExposed, location, $"flow '{flow}' uses port {port}, which service '{target}' does not expose");

    public static Diagnostic WrongAttributeType(SourceLocation location, string key, string kind, string found) =>
        At(Codes.WrongAttributeType, location, $"'{key}' is {kind}, so it cannot be compared with {found}");

    public static Diagnostic DuplicateFlowClause(SourceLocation location, string clause) =>
        At(Codes.DuplicateFlowClause, location, $"'{clause}' is given twice for this flow");

    public static Diagnostic MissingLabel(SourceLocation location, string key, int missing, string kinds, bool avoid) =>
        At(Codes.MissingLabel, location, avoid
            ? $"{missing} {kinds} have no '{key}', so this test is unknown on them; an unknown fact is never trusted, so 'avoid' keeps routes off them too"
            : $"{missing} {kinds} have no '{key}', so this test is unknown on them; an unknown fact is never trusted, so they never satisfy this intent");

    public static Diagnostic InvalidProbe(SourceLocation location, string why) =>
        At(Codes.InvalidProbe, location, $"{why}; a probe is `http \"/PATH\" port N` or `tcp port N`");

    public static Diagnostic InvalidEnvironment(SourceLocation location, string why) =>
        At(Codes.InvalidEnvironment, location, $"{why}; an environment variable is `NAME \"value\"` or `NAME secret \"SECRET\" \"KEY\"`");

    public static Diagnostic InvalidVolume(SourceLocation location, string why) =>
        At(Codes.InvalidVolume, location, $"{why}; a volume is `NAME emptydir at \"/PATH\"`, `NAME secret \"SECRET\" at \"/PATH\"` or `NAME configmap \"CONFIGMAP\" at \"/PATH\"`");

    public static Diagnostic InvalidKubernetesName(SourceLocation location, string name) =>
        At(Codes.InvalidKubernetesName, location, $"'{name}' is not a valid Kubernetes name: use lower-case letters, digits and '-', start and end with a letter or digit, at most 63 characters");

    private static string DimensionOf(string text)
    {
        var error = TypeSystem.Units.TryParse(text, out var quantity, out _, out _);
        return error == TypeSystem.Units.ParseError.None ? TypeSystem.Units.DimensionName(quantity.Dimension) : "value";
    }
}
