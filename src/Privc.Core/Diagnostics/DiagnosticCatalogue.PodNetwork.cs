using Privc.Text;

namespace Privc.Diagnostics;

/// <summary>
/// Pod addresses and the CNI mode in the topology (3015-3017, front end: specs/language.md, "Topology files"), and
/// what the ONOS emission refuses because of them (8013-8014: specs/onos.md, "Pod addresses and CNI modes").
/// </summary>
public static partial class DiagnosticCatalogue
{
    public static partial class Codes
    {
        public static readonly DiagnosticDescriptor TopologyBadPodCidr = new("PRIV3015", Severity.Error, "Invalid pod CIDR");
        public static readonly DiagnosticDescriptor TopologyOverlappingPodCidr = new("PRIV3016", Severity.Error, "Pod CIDRs or node addresses of two nodes overlap");
        public static readonly DiagnosticDescriptor TopologyUnknownCni = new("PRIV3017", Severity.Error, "Unknown CNI mode");
        public static readonly DiagnosticDescriptor OnosEncapsulatingCni = new("PRIV8013", Severity.Error, "Flow rules cannot see pod traffic under an encapsulating CNI");
        public static readonly DiagnosticDescriptor OnosArpLoop = new("PRIV8014", Severity.Error, "ARP rules along the proven paths would loop");
        public static readonly DiagnosticDescriptor OnosFlowsUnderEncapsulation = new("PRIV8015", Severity.Error, "Flow rules cannot be judged under an encapsulating CNI");
    }

    public static Diagnostic TopologyBadPodCidr(SourceLocation location, string value, string problem) =>
        At(Codes.TopologyBadPodCidr, location, $"pod CIDR '{value}' {problem}");

    public static Diagnostic TopologyOverlappingPodCidr(SourceLocation location, string node, string range, string otherNode, string otherRange) =>
        At(Codes.TopologyOverlappingPodCidr, location,
            $"the pod addresses of node '{node}' ({range}) overlap those of node '{otherNode}' ({otherRange}); flow rules match packets by these addresses, so two nodes' pods must not share any");

    public static Diagnostic TopologyUnknownCni(SourceLocation location, string value, IEnumerable<string> known) =>
        At(Codes.TopologyUnknownCni, location, $"unknown CNI mode '{value}'; the modes are {List(known)} (routed: pod packets cross the switches unencapsulated)");

    public static Diagnostic OnosEncapsulatingCni(SourceLocation location, string cni) =>
        At(Codes.OnosEncapsulatingCni, location,
            $"the topology declares CNI mode '{cni}', which wraps pod packets in node-to-node tunnels (or encrypts them), so switches see neither pod addresses nor TCP ports and privc's flow rules could not pin the proven routes; use a routed CNI mode (Calico BGP without IPIP/VXLAN, kube-router, Cilium native routing) or compile without ONOS rules. Nothing was written");

    public static Diagnostic OnosFlowsUnderEncapsulation(SourceLocation location, string cni) =>
        At(Codes.OnosFlowsUnderEncapsulation, location,
            $"the topology declares CNI mode '{cni}', which wraps pod packets in node-to-node tunnels (or encrypts them): switches match the tunnel packets, not the pods' addresses and ports the flow rules are judged on, so privc cannot judge them; check without --flows (--placement-only), or declare the routed mode the cluster really uses");

    public static Diagnostic OnosArpLoop(SourceLocation location, string device, int port) =>
        At(Codes.OnosArpLoop, location,
            $"the ARP rules that follow every proven path would send ARP back into device '{device}' by port {port}, a loop (ARP rules cannot match ARP addresses in ONOS's codec, so they forward by in port alone). Nothing was written");
}
