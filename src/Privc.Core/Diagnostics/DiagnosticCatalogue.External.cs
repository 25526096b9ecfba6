using Privc.Text;

namespace Privc.Diagnostics;

// Binding external endpoints (PRIV2037-PRIV2045): parties outside the program that flows may name
// (specs/language.md, "external").
public static partial class DiagnosticCatalogue
{
    public static partial class Codes
    {
        public static readonly DiagnosticDescriptor InvalidExternal = new("PRIV2037", Severity.Error, "Malformed external endpoint");
        public static readonly DiagnosticDescriptor InvalidCidr = new("PRIV2038", Severity.Error, "Malformed CIDR block");
        public static readonly DiagnosticDescriptor DnsNameNotEnforceable = new("PRIV2039", Severity.Error, "External endpoint given by DNS name");
        public static readonly DiagnosticDescriptor ExternalToExternal = new("PRIV2040", Severity.Error, "Flow between two external endpoints");
        public static readonly DiagnosticDescriptor ExternalClearanceViolation = new("PRIV2041", Severity.Error, "Flow carries data above an external endpoint's clearance");
        public static readonly DiagnosticDescriptor RouteOnExternalFlow = new("PRIV2042", Severity.Error, "Route condition on a flow to or from an external endpoint");
        public static readonly DiagnosticDescriptor KeepAcrossExternal = new("PRIV2043", Severity.Error, "Kept data crosses an external endpoint");
        public static readonly DiagnosticDescriptor UnusedExternal = new("PRIV2044", Severity.Warning, "External endpoint named by no flow");
    }

    public static Diagnostic InvalidExternal(SourceLocation location, string why) =>
        At(Codes.InvalidExternal, location, $"{why}; an external endpoint is `namespace NS;` with an optional `pods LABEL-TESTS;`, or `cidr \"A.B.C.D/N\", ...;`, and an optional `clearance LEVEL;`");

    public static Diagnostic InvalidCidr(SourceLocation location, string text, string why) =>
        At(Codes.InvalidCidr, location, $"\"{text}\" is not a CIDR block: {why}");

    public static Diagnostic DnsNameNotEnforceable(SourceLocation location, string external) =>
        At(Codes.DnsNameNotEnforceable, location,
            $"external endpoint '{external}' is given by DNS name, which a NetworkPolicy cannot enforce (it allows addresses, and a name's addresses change without the policy knowing); "
            + "give the addresses the name resolves to as `cidr \"A.B.C.D/N\"`, or route the traffic through an egress gateway declared as a service");

    public static Diagnostic ExternalToExternal(SourceLocation location, string flow) =>
        At(Codes.ExternalToExternal, location, $"flow '{flow}' joins two external endpoints; a flow has at least one end among the program's services");

    public static Diagnostic ExternalClearanceViolation(SourceLocation location, string flow, string data, string level, string external, string clearance) =>
        At(Codes.ExternalClearanceViolation, location,
            $"flow '{flow}' sends '{data}' ({level}) to external endpoint '{external}', whose clearance is only {clearance}; declassify '{data}' through a named service before it leaves, or raise the endpoint's clearance");

    public static Diagnostic RouteOnExternalFlow(SourceLocation location, string what, string external) =>
        At(Codes.RouteOnExternalFlow, location,
            $"{what} is a flow to or from external endpoint '{external}', which is outside the topology: privc neither routes it nor reserves bandwidth for it, so no route condition can hold of it");

    public static Diagnostic KeepAcrossExternal(SourceLocation location, string intent, string data, string flow, string external) =>
        At(Codes.KeepAcrossExternal, location,
            $"intent '{intent}' keeps '{data}', which flow '{flow}' carries undeclassified to or from external endpoint '{external}', outside the topology, where no placement or route can keep it; declassify it first or remove the flow");

    public static Diagnostic UnusedExternal(SourceLocation location, string external) =>
        At(Codes.UnusedExternal, location, $"external endpoint '{external}' is named by no flow, so nothing is allowed to or from it");
}
