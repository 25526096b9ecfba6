using Privc.Text;

namespace Privc.Diagnostics;

/// <summary>
/// 5020-5039: ONOS flow rules, emitted from a proven plan (<c>onos/flows.json</c>) and read back and traced by
/// <c>privc check</c> (specs/onos.md).
/// </summary>
public static partial class DiagnosticCatalogue
{
    public static partial class Codes
    {
        public static readonly DiagnosticDescriptor OnosJsonSyntax = new("PRIV5020", Severity.Error, "ONOS flows file is not well-formed JSON");
        public static readonly DiagnosticDescriptor OnosFlowInvalid = new("PRIV5021", Severity.Error, "ONOS flow rule is not valid");
        public static readonly DiagnosticDescriptor OnosUnknownDevice = new("PRIV5022", Severity.Error, "ONOS flow rule for a device not in the topology");
        public static readonly DiagnosticDescriptor OnosUnknownCriterion = new("PRIV5023", Severity.Warning, "ONOS criterion type not modelled; traced as an unknown header field");
        public static readonly DiagnosticDescriptor OnosTraceTruncated = new("PRIV5024", Severity.Warning, "Too many packet classes; only the typical packet was traced");
        public static readonly DiagnosticDescriptor OnosRoutesNotRealisable = new("PRIV5025", Severity.Error, "Proven routes cannot be expressed as ONOS flow rules");
    }

    public static Diagnostic OnosJsonSyntax(SourceLocation location, string problem) =>
        At(Codes.OnosJsonSyntax, location, $"the ONOS flows file is not well-formed JSON: {problem}");

    public static Diagnostic OnosFlowInvalid(SourceLocation location, string problem) =>
        At(Codes.OnosFlowInvalid, location, problem);

    public static Diagnostic OnosUnknownDevice(SourceLocation location, string deviceId) =>
        At(Codes.OnosUnknownDevice, location, $"flow rule for device '{deviceId}', which is not a device of the topology (by ONOS id or name); the rule is ignored");

    public static Diagnostic OnosUnknownCriterion(SourceLocation location, string type) =>
        At(Codes.OnosUnknownCriterion, location,
            $"privc does not model criterion '{type}'; the trace treats it as an unknown header field and follows packets both with and without each value rules match on");

    public static Diagnostic OnosTraceTruncated(SourceLocation location, string flow, string source, string target, int classes, int limit) =>
        At(Codes.OnosTraceTruncated, location,
            $"the rules split the packets of flow '{flow}' from '{source}' to '{target}' into {classes} classes (more than {limit}); only the typical packet was traced, so other classes may take other paths");

    public static Diagnostic OnosRoutesNotRealisable(SourceLocation location, string flow, string problem) =>
        At(Codes.OnosRoutesNotRealisable, location, $"the proven routes of flow '{flow}' cannot be installed as ONOS flow rules: {problem}; declare the flow's TCP port ('port N') so that flow rules can tell its packets apart. Nothing was written");
}
