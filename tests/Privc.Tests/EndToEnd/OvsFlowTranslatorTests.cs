using System.Text.Json.Nodes;

namespace Privc.Tests.EndToEnd;

/// <summary>The test-only ONOS → ovs-ofctl translator: the criteria privc emits, and a loud failure on anything else.</summary>
public class OvsFlowTranslatorTests
{
    private static JsonObject Rule(string criteria, string instructions = """[{"type":"OUTPUT","port":"2"}]""", string deferred = "[]") =>
        JsonNode.Parse($$$"""
            {"priority":40001,"timeout":0,"isPermanent":true,"deviceId":"of:0000000000000001","appId":"io.privc",
             "treatment":{"instructions":{{{instructions}}},"deferred":{{{deferred}}}},"selector":{"criteria":{{{criteria}}}}}
            """)!.AsObject();

    private const string TcpRequest = """
        [{"type":"IN_PORT","port":10},{"type":"ETH_TYPE","ethType":"0x0800"},{"type":"IPV4_SRC","ip":"10.0.0.1/32"},
         {"type":"IPV4_DST","ip":"10.0.0.2/32"},{"type":"IP_PROTO","protocol":6},{"type":"TCP_DST","tcpPort":5432}]
        """;

    [Fact]
    public void EmittedCriteria_BecomeTheOvsMatch()
    {
        var rule = OvsFlowTranslator.Translate(Rule(TcpRequest));
        Assert.Equal("of:0000000000000001", rule.DeviceId);
        Assert.Equal("priority=40001,in_port=10,ip,nw_src=10.0.0.1/32,nw_dst=10.0.0.2/32,tcp,tp_dst=5432,actions=output:2", rule.Flow);

        var reply = OvsFlowTranslator.Translate(Rule(TcpRequest.Replace("TCP_DST", "TCP_SRC", StringComparison.Ordinal)));
        Assert.Contains(",tcp,tp_src=5432,", reply.Flow, StringComparison.Ordinal);
    }

    [Fact]
    public void DscpCriterion_BecomesTheTosByte()
    {
        var rule = OvsFlowTranslator.Translate(Rule("""[{"type":"ETH_TYPE","ethType":"0x0800"},{"type":"IP_DSCP","ipDscp":46}]"""));
        Assert.Equal("priority=40001,ip,nw_tos=184,actions=output:2", rule.Flow);
    }

    [Fact]
    public void ArpRule_BecomesAnArpFlowWithOneOutputPerPort()
    {
        var rule = OvsFlowTranslator.Translate(Rule("""[{"type":"IN_PORT","port":1},{"type":"ETH_TYPE","ethType":"0x0806"}]""",
            """[{"type":"OUTPUT","port":"10"},{"type":"OUTPUT","port":"11"}]"""));
        Assert.Equal("priority=40001,in_port=1,arp,actions=output:10,output:11", rule.Flow);
    }

    [Theory]
    [InlineData("""[{"type":"ETH_TYPE","ethType":"0x0800"},{"type":"UDP_DST","udpPort":53}]""")]
    [InlineData("""[{"type":"IP_DSCP","ipDscp":46}]""")]
    [InlineData("""[{"type":"ETH_TYPE","ethType":"0x86dd"}]""")]
    [InlineData("""[{"type":"IPV4_SRC","ip":"10.0.0.1/32"}]""")]
    [InlineData("""[{"type":"ETH_TYPE","ethType":"0x0800"},{"type":"TCP_DST","tcpPort":80}]""")]
    [InlineData("""[{"type":"ETH_TYPE","ethType":"0x0800"},{"type":"IPV4_DST","ip":"10.0.0.1"}]""")]
    public void CriteriaPrivcDoesNotEmit_Throw(string criteria) =>
        Assert.Throws<NotSupportedException>(() => OvsFlowTranslator.Translate(Rule(criteria)));

    [Theory]
    [InlineData("""[{"type":"OUTPUT","port":"CONTROLLER"}]""", "[]")]
    [InlineData("[]", "[]")]
    [InlineData("""[{"type":"OUTPUT","port":"1"},{"type":"OUTPUT","port":"FLOOD"}]""", "[]")]
    [InlineData("""[{"type":"L2MODIFICATION","subtype":"VLAN_PUSH"}]""", "[]")]
    [InlineData("""[{"type":"OUTPUT","port":"1"}]""", """[{"type":"OUTPUT","port":"3"}]""")]
    public void TreatmentsPrivcDoesNotEmit_Throw(string instructions, string deferred) =>
        Assert.Throws<NotSupportedException>(() => OvsFlowTranslator.Translate(Rule(TcpRequest, instructions, deferred)));
}
