using Privc.Text;

namespace Privc.Diagnostics;

/// <summary>
/// 5020-5039: ONOS flow rules, emitted from a proven plan (<c>onos/flows.json</c>) and read back and traced by
/// <c>privc check</c> (specs/onos.md). 5150-5199: what the tracer cannot judge (warnings; <c>check</c> then does not
/// say "compliant"). PRIV5023 (unmodelled criterion traced as an unknown field) and PRIV5024 (packet classes
/// truncated to a typical packet) are retired: header-space tracing replaced both; their codes are never reused.
/// </summary>
public static partial class DiagnosticCatalogue
{
    public static partial class Codes
    {
        public static readonly DiagnosticDescriptor OnosJsonSyntax = new("PRIV5020", Severity.Error, "ONOS flows file is not well-formed JSON");
        public static readonly DiagnosticDescriptor OnosFlowInvalid = new("PRIV5021", Severity.Error, "ONOS flow rule is not valid");
        public static readonly DiagnosticDescriptor OnosUnknownDevice = new("PRIV5022", Severity.Error, "ONOS flow rule for a device not in the topology");
        public static readonly DiagnosticDescriptor OnosRoutesNotRealisable = new("PRIV5025", Severity.Error, "Proven routes cannot be expressed as ONOS flow rules");
        public static readonly DiagnosticDescriptor OnosValueReadDifferently = new("PRIV5026", Severity.Error, "ONOS would read a flow rule value differently from how it is written");
        public static readonly DiagnosticDescriptor OnosDuplicateKey = new("PRIV5027", Severity.Error, "A key appears twice in one object of the ONOS flows file");
        public static readonly DiagnosticDescriptor OnosCannotFollow = new("PRIV5150", Severity.Warning, "Cannot judge: a flow rule sends packets where privc cannot follow them");
        public static readonly DiagnosticDescriptor OnosUnknownMatch = new("PRIV5151", Severity.Warning, "Cannot judge: a flow rule that may match a flow's packets has a match privc does not model");
        public static readonly DiagnosticDescriptor OnosUnknownTable = new("PRIV5152", Severity.Warning, "Cannot judge: a flow rule that may match a flow's packets is in a table privc cannot place");
        public static readonly DiagnosticDescriptor OnosTraceTooLarge = new("PRIV5153", Severity.Warning, "Cannot judge: the flow rules split a flow's packets into more header classes than privc follows");
    }

    public static Diagnostic OnosJsonSyntax(SourceLocation location, string problem) =>
        At(Codes.OnosJsonSyntax, location, $"the ONOS flows file is not well-formed JSON: {problem}");

    public static Diagnostic OnosFlowInvalid(SourceLocation location, string problem) =>
        At(Codes.OnosFlowInvalid, location, problem);

    public static Diagnostic OnosUnknownDevice(SourceLocation location, string deviceId, string? idOfNamedDevice) =>
        At(Codes.OnosUnknownDevice, location, idOfNamedDevice is null
            ? $"flow rule for device '{deviceId}', which is not the ONOS id of a device of the topology"
            : $"flow rule for device '{deviceId}', which is a device's name, not its ONOS id: ONOS would look for a device with id '{deviceId}'; write '{idOfNamedDevice}'");

    public static Diagnostic OnosValueReadDifferently(SourceLocation location, string problem) =>
        At(Codes.OnosValueReadDifferently, location, $"{problem}; privc refuses to read it otherwise than ONOS would");

    public static Diagnostic OnosDuplicateKey(SourceLocation location, string problem) =>
        At(Codes.OnosDuplicateKey, location, problem);

    public static Diagnostic OnosCannotFollow(SourceLocation location, string what, string packets) =>
        At(Codes.OnosCannotFollow, location, $"cannot judge {packets}: the rule does {what}, which privc does not follow");

    public static Diagnostic OnosUnknownMatch(SourceLocation location, string what, string packets) =>
        At(Codes.OnosUnknownMatch, location, $"cannot judge {packets}: a rule that may match them has {what}");

    public static Diagnostic OnosUnknownTable(SourceLocation location, string what, string packets) =>
        At(Codes.OnosUnknownTable, location, $"cannot judge {packets}: a rule that may match them has {what}");

    public static Diagnostic OnosTraceTooLarge(SourceLocation location, string packets, string limit) =>
        At(Codes.OnosTraceTooLarge, location, $"cannot judge {packets}: {limit}");

    public static Diagnostic OnosRoutesNotRealisable(SourceLocation location, string flow, string problem) =>
        At(Codes.OnosRoutesNotRealisable, location, $"the proven routes of flow '{flow}' cannot be installed as ONOS flow rules: {problem}; declare the flow's TCP port ('port N') so that flow rules can tell its packets apart. Nothing was written");
}
