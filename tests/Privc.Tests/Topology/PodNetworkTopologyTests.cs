using Privc.Tests.Infrastructure;
using Privc.Topology;
using static Privc.Tests.Topology.TopologyTestSource;

namespace Privc.Tests.Topology;

/// <summary>Pod CIDRs on nodes and the CNI mode of the network: read, checked at their YAML position, written back.</summary>
public class PodNetworkTopologyTests
{
    private const string Devices = """
        devices:
          - {id: "of:1", name: s1}
          - {id: "of:2", name: s2}

        """;

    private const string Link = """
        links:
          - {a: {device: s1, port: 1}, b: {device: s2, port: 1}, latency: 1ms, bandwidth: 1Gbps}

        """;

    private static string Node(string name, string ip, int port, string? podCidr) =>
        $"  - {{name: {name}, ip: {ip}, capacity: {{cpu: 4, memory: 8Gi}}, attach: {{device: s1, port: {port}}}{(podCidr is null ? string.Empty : $", podCidr: {podCidr}")}}}\n";

    [Fact]
    public void Load_PodCidrsAndRoutedCni_AreOnTheModel()
    {
        var result = Load("network: {cni: routed}\n" + Devices + "nodes:\n" + Node("n1", "10.0.0.1", 10, "10.244.1.0/24") + Node("n2", "10.0.0.2", 11, null) + Link);
        Assert.Empty(result.Diagnostics);
        var topology = result.Topology!;
        Assert.Equal(new Ipv4Prefix(0x0af40100, 24), topology.FindNode("n1")!.PodCidr);
        Assert.Equal("10.244.1.0/24", topology.FindNode("n1")!.PodAddresses.ToString());
        Assert.Null(topology.FindNode("n2")!.PodCidr);
        Assert.Equal("10.0.0.2/32", topology.FindNode("n2")!.PodAddresses.ToString());
        Assert.Equal("routed", topology.Network!.Cni);
        Assert.False(topology.Network.Encapsulates);
    }

    [Fact]
    public void Write_PodCidrAndCni_LoadBackTheSame()
    {
        var topology = Load("network: {cni: vxlan}\n" + Devices + "nodes:\n" + Node("n1", "10.0.0.1", 10, "10.244.1.0/24") + Link).Topology!;
        var written = TopologyWriter.Write(topology);
        Assert.Contains("network: {cni: vxlan}\n", written);
        Assert.Contains("    podCidr: 10.244.1.0/24\n", written);
        var again = Load(written).Topology!;
        Assert.Equal(written, TopologyWriter.Write(again));
        Assert.True(again.Network!.Encapsulates);
    }

    [Theory]
    [CoversDiagnostic("PRIV3015")]
    [InlineData("10.244.1.0")]
    [InlineData("10.244.1.1/24")]
    [InlineData("10.244.1.0/33")]
    [InlineData("10.244.01.0/24")]
    [InlineData("fd00::/64")]
    [InlineData("\"10.244.1.0/024\"")]
    public void Load_InvalidPodCidr_IsReportedAtTheValue(string cidr)
    {
        var diagnostic = Assert.Single(Reports(Devices + "nodes:\n" + Node("n1", "10.0.0.1", 10, "«" + cidr + "»") + Link, "PRIV3015"));
        Assert.StartsWith("pod CIDR '", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PodCidrWithHostBits_NamesTheNetwork() =>
        Assert.Contains("the network is 10.244.1.0/24", Assert.Single(Reports(Devices + "nodes:\n" + Node("n1", "10.0.0.1", 10, "«10.244.1.7/24»") + Link, "PRIV3015")).Message);

    [Fact]
    [CoversDiagnostic("PRIV3016")]
    public void Load_NestedPodCidrs_AreReportedAtTheLaterNode()
    {
        var diagnostic = Assert.Single(Reports(Devices + "nodes:\n" + Node("n1", "10.0.0.1", 10, "10.244.0.0/16") + Node("n2", "10.0.0.2", 11, "«10.244.2.0/24»") + Link, "PRIV3016"));
        Assert.Equal("the pod addresses of node 'n2' (pod CIDR 10.244.2.0/24) overlap those of node 'n1' (pod CIDR 10.244.0.0/16); flow rules match packets by these addresses, so two nodes' pods must not share any", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV3016")]
    public void Load_NodeAddressInsideAnotherNodesPodCidr_IsAnOverlap() =>
        Reports(Devices + "nodes:\n" + Node("n1", "10.0.0.1", 10, "10.244.1.0/24") + Node("n2", "«10.244.1.9»", 11, null) + Link, "PRIV3016");

    [Fact]
    public void Load_AdjacentPodCidrs_DoNotOverlap() =>
        Reports(Devices + "nodes:\n" + Node("n1", "10.0.0.1", 10, "10.244.0.0/24") + Node("n2", "10.0.0.2", 11, "10.244.1.0/24") + Node("n3", "10.0.0.3", 12, "10.244.2.0/23") + Link);

    [Fact]
    [CoversDiagnostic("PRIV3017")]
    public void Load_UnknownCni_ListsTheModes()
    {
        var diagnostic = Assert.Single(Reports("network: {cni: «flannel»}\n" + Devices + "nodes:\n" + Node("n1", "10.0.0.1", 10, null) + Link, "PRIV3017"));
        Assert.Contains("'geneve', 'ipip', 'ipsec', 'routed', 'vxlan', 'wireguard'", diagnostic.Message);
    }

    [Fact]
    public void Load_NetworkWithoutCniOrWithUnknownField_IsReported() =>
        Reports("network: «{»«mode»: routed}\n" + Devices + "nodes:\n" + Node("n1", "10.0.0.1", 10, null) + Link, "PRIV3002", "PRIV3008");
}
