using Privc.Text;

namespace Privc.Diagnostics;

/// <summary>
/// 4020-4024: fast-failover groups for resilient plans (specs/onos.md, "Fast-failover groups"): emitted by
/// <c>privc compile --resilience 1</c> into <c>onos/groups.json</c>, and read back by <c>privc check --groups</c>.
/// </summary>
public static partial class DiagnosticCatalogue
{
    public static partial class Codes
    {
        public static readonly DiagnosticDescriptor FailoverNotLocal = new("PRIV4020", Severity.Warning, "A failure on a proven route cannot be bypassed by a fast-failover group");
        public static readonly DiagnosticDescriptor OnosGroupInvalid = new("PRIV4021", Severity.Error, "ONOS group is not valid");
        public static readonly DiagnosticDescriptor OnosGroupIdTaken = new("PRIV4022", Severity.Error, "ONOS holds another group under a fast-failover group's id");
        public static readonly DiagnosticDescriptor ArpDetourNotFollowed = new("PRIV4023", Severity.Warning, "ARP cannot follow a fast-failover detour");
    }

    public static Diagnostic FailoverNotLocal(SourceLocation location, string flow, string route, string element, string detector) =>
        At(Codes.FailoverNotLocal, location,
            $"flow '{flow}': no compliant detour continues its route {route} from '{detector}' around the failure of {element} without contradicting another rule, so no fast-failover group is emitted there and the switches drop these packets on that failure until the plan is replanned (R1 still proves that a compliant route around it exists from the first device)");

    public static Diagnostic ArpDetourNotFollowed(SourceLocation location, string flow, string route, string element, string detour, string reason) =>
        At(Codes.ArpDetourNotFollowed, location,
            $"flow '{flow}': when {element} fails its packets from {route} fail over along {detour}, but its ARP cannot follow them there: {reason}; ARP keeps to the proven routes and is dropped on that failure, so once the nodes' neighbour entries expire (tens of seconds) the flow stops on that failure until the plan is replanned");

    public static Diagnostic OnosGroupInvalid(SourceLocation location, string problem) =>
        At(Codes.OnosGroupInvalid, location, problem);

    public static Diagnostic OnosGroupIdTaken(string deviceId, long groupId, string cookie, string holder) =>
        Codes.OnosGroupIdTaken.AtFile(null,
            $"group {groupId} on '{deviceId}' (cookie {cookie}) cannot be installed: ONOS already holds group {groupId} there with cookie {holder}; delete that group or recompile (nothing was changed)");
}
