using Privc.Text;

namespace Privc.Diagnostics;

public static partial class DiagnosticCatalogue
{
    public static Diagnostic TopologySyntax(SourceLocation location, string problem) =>
        At(Codes.TopologySyntax, location, $"the topology is not well-formed YAML: {problem}");

    public static Diagnostic TopologyMissingField(SourceLocation location, string what, string field) =>
        At(Codes.TopologyMissingField, location, $"{what} has no '{field}'");

    public static Diagnostic TopologyBadValue(SourceLocation location, string field, string problem) =>
        At(Codes.TopologyBadValue, location, $"'{field}' {problem}");

    public static Diagnostic TopologyDuplicate(SourceLocation location, string what, string name) =>
        At(Codes.TopologyDuplicate, location, $"{what} '{name}' is declared more than once");

    public static Diagnostic TopologyUnknownDevice(SourceLocation location, string name, string? suggestion) =>
        At(Codes.TopologyUnknownDevice, location, $"no device is named '{name}'{Suggest(suggestion)}") with { Fix = FixHint.Suggestion(suggestion) };

    public static Diagnostic TopologyDuplicatePort(SourceLocation location, string device, int port, string firstUse) =>
        At(Codes.TopologyDuplicatePort, location, $"port {port} of device '{device}' is already used by {firstUse}");

    public static Diagnostic TopologyNegative(SourceLocation location, string field, string value) =>
        At(Codes.TopologyNegative, location, $"'{field}' must be positive, not {value}");

    public static Diagnostic TopologyUnknownField(SourceLocation location, string field, string where, string? suggestion) =>
        At(Codes.TopologyUnknownField, location, $"unknown field '{field}' in {where}{Suggest(suggestion)}") with { Fix = FixHint.Suggestion(suggestion) };

    public static Diagnostic TopologyScaleValue(SourceLocation location, string key, string value, IEnumerable<string> scale) =>
        At(Codes.TopologyScaleValue, location, $"'{value}' is not on the scale of '{key}' ({string.Join(" < ", scale)})");

    public static Diagnostic TopologySelfLoop(SourceLocation location, string device) =>
        At(Codes.TopologySelfLoop, location, $"link connects device '{device}' to itself");

    public static Diagnostic TopologyBadAddress(SourceLocation location, string value) =>
        At(Codes.TopologyBadAddress, location, $"'{value}' is not an IPv4 address (a.b.c.d)");

    public static Diagnostic TopologySelfAssignableLabel(SourceLocation location, string key) =>
        At(Codes.TopologySelfAssignableLabel, location,
            $"label '{key}' can be set by the node's own kubelet; keep privacy facts under 'node-restriction.kubernetes.io/' or privc's own keys");

    public static Diagnostic TopologyEmpty(SourceLocation location) =>
        At(Codes.TopologyEmpty, location, "the topology declares no compute nodes, so nothing can be placed");

    public static Diagnostic TopologyDisconnected(SourceLocation location, int components, string example) =>
        At(Codes.TopologyDisconnected, location, $"the network has {components} disconnected parts (for example '{example}' is cut off); flows between them cannot be routed");
}
