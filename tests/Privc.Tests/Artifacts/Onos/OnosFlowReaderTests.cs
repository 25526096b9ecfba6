using System.Text.Json.Nodes;
using Privc.Artifacts.Onos;
using Privc.Diagnostics;
using Privc.Tests.Verification;
using Privc.Text;
using Privc.Topology;

namespace Privc.Tests.Artifacts.Onos;

/// <summary>
/// The flows file is read as ONOS reads it (FlowRuleCodec, DecodeCriterionCodecHelper, DecodeInstructionCodecHelper
/// on Jackson 2.11, and the OpenFlow driver), or refused with the reason: every case below quotes what ONOS does with
/// the value.
/// </summary>
public class OnosFlowReaderTests
{
    private static readonly TopologyModel Topology = TestSources.LoadTopology(LabTopology.Yaml);

    private static (List<OnosRule> Rules, List<Diagnostic> Diagnostics) Read(string json)
    {
        var diagnostics = new List<Diagnostic>();
        var rules = OnosFlowReader.Read(new SourceText("flows.json", json), Topology, diagnostics);
        return ([.. rules], diagnostics);
    }

    /// <summary>One rule on s1 with the given fields spliced in (as JSON text, so that any form can be written).</summary>
    private static string Rule(string criteria = "{\"type\": \"ETH_TYPE\", \"ethType\": \"0x0800\"}", string instructions = "{\"type\": \"OUTPUT\", \"port\": \"1\"}", string fields = "\"priority\": 40000, \"isPermanent\": true") =>
        "{\"flows\": [{" + fields + ", \"deviceId\": \"of:0000000000000001\", \"selector\": {\"criteria\": [" + criteria + "]}, \"treatment\": {\"instructions\": [" + instructions + "]}}]}";

    private static Diagnostic Single(string json, string code)
    {
        var (rules, diagnostics) = Read(json);
        var diagnostic = Assert.Single(diagnostics);
        Assert.True(diagnostic.Code == code, diagnostic.ToString());
        Assert.Empty(rules);
        return diagnostic;
    }

    [Theory]
    [CoversDiagnostic("PRIV5027")]
    [InlineData("{\"flows\": [{\"priority\": 1, \"priority\": 40000}]}", 28, "'priority'")]
    [InlineData("{\"flows\": [], \"flows\": [{\"priority\": 1}]}", 15, "'flows'")]
    [InlineData("{\"flows\": [{\"selector\": {\"criteria\": [{\"type\": \"IPV4_DST\", \"ip\": \"10.0.4.1/32\", \"ip\": \"10.0.5.1/32\"}]}}]}", 81, "'ip'")]
    public void DuplicateKey_AtAnyDepth_RefusedAtTheSecondKey(string json, int column, string key)
    {
        var diagnostic = Single(json, "PRIV5027");
        Assert.Equal((1, column), diagnostic.Location!.Value.Start);
        Assert.Contains(key, diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("keeps the last one", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [CoversDiagnostic("PRIV5020")]
    [InlineData("{\"flows\": [{\"deviceId\": \"of:\\ud800\"}]}", 25, "unpaired UTF-16 surrogate")]
    [InlineData("{\"flows\": [{\"\\udc00\": 1}]}", 13, "unpaired UTF-16 surrogate")]
    [InlineData("{\"flows\": []} {\"flows\": []}", 15, "after a single JSON value")]
    public void MalformedText_JsonSyntaxDiagnostic_NoCrash(string json, int column, string expected)
    {
        var diagnostic = Single(json, "PRIV5020");
        Assert.Equal((1, column), diagnostic.Location!.Value.Start);
        Assert.Contains(expected, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepNesting_RefusedWithALocation_NoStackOverflow()
    {
        var json = "{\"flows\": [" + new string('[', 100_000) + new string(']', 100_000) + "]}";
        var diagnostic = Single(json, "PRIV5020");
        Assert.Equal(1, diagnostic.Location!.Value.Start.Line);
        Assert.Contains("depth", diagnostic.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void HugeNumbers_RefusedWithWhatOnosWouldRead()
    {
        var diagnostic = Single(Rule(fields: "\"priority\": 123456789012345678901234567890, \"isPermanent\": true"), "PRIV5026");
        Assert.Contains("keeps only its low 32 bits", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [CoversDiagnostic("PRIV5026")]
    // Jackson's asInt parses strings in decimal only: "0x50" is 0, so the rule would match TCP port 0.
    [InlineData("{\"type\": \"ETH_TYPE\", \"ethType\": 2048}, {\"type\": \"IP_PROTO\", \"protocol\": 6}, {\"type\": \"TCP_DST\", \"tcpPort\": \"0x50\"}", null, null, "reads it as 0")]
    // A long that does not fit an int: Jackson's asInt keeps the low 32 bits, 2^32 + 80 is port 80.
    [InlineData("{\"type\": \"ETH_TYPE\", \"ethType\": 2048}, {\"type\": \"IP_PROTO\", \"protocol\": 6}, {\"type\": \"TCP_DST\", \"tcpPort\": 4294967376}", null, null, "reads 80")]
    [InlineData("{\"type\": \"ETH_TYPE\", \"ethType\": 2048}, {\"type\": \"IP_PROTO\", \"protocol\": 6}, {\"type\": \"TCP_DST\", \"tcpPort\": 80.0}", null, null, "not a whole number")]
    // The priority 2^32 + 40000 is read as 40000.
    [InlineData(null, null, "\"priority\": 4294007296, \"isPermanent\": true", "reads -960000")]
    [InlineData(null, null, "\"priority\": 4295007296, \"isPermanent\": true", "reads 40000")]
    [InlineData(null, null, "\"priority\": \"4e4\", \"isPermanent\": true", "reads it as 40000")]
    // EthType keeps the low 16 bits of what Integer.decode gives: 0x10800 is IPv4.
    [InlineData("{\"type\": \"ETH_TYPE\", \"ethType\": \"0x10800\"}", null, null, "reads 0x0800")]
    [InlineData(null, null, "\"priority\": 40000, \"isPermanent\": 1", "reads 1 as true")]
    // The OpenFlow driver casts ports to 32 bits: 2^32 + 2 is port 2.
    [InlineData(null, "{\"type\": \"OUTPUT\", \"port\": \"4294967298\"}", null, "uses port 2")]
    [InlineData(null, "{\"type\": \"OUTPUT\", \"port\": 4294967298}", null, "uses port 2")]
    // Guava's InetAddresses reads the IPv4-mapped IPv6 form as an IPv4 address; Java's split drops a trailing "/".
    [InlineData("{\"type\": \"ETH_TYPE\", \"ethType\": 2048}, {\"type\": \"IPV4_DST\", \"ip\": \"::ffff:10.0.4.1/32\"}", null, null, "would still accept it")]
    [InlineData("{\"type\": \"ETH_TYPE\", \"ethType\": 2048}, {\"type\": \"IPV4_DST\", \"ip\": \"10.0.4.1/32/\"}", null, null, "would still accept it")]
    // The selector builder keeps one criterion per type.
    [InlineData("{\"type\": \"ETH_TYPE\", \"ethType\": 2048}, {\"type\": \"IPV4_DST\", \"ip\": \"10.0.4.1/32\"}, {\"type\": \"IPV4_DST\", \"ip\": \"10.0.5.1/32\"}", null, null, "keeps only the last one")]
    public void ValueOnosReadsOtherwise_Refused(string? criteria, string? instructions, string? fields, string expected)
    {
        var json = criteria is null && instructions is null && fields is not null ? Rule(fields: fields)
            : criteria is not null ? Rule(criteria: criteria) : Rule(instructions: instructions!);
        var diagnostic = Single(json, "PRIV5026");
        Assert.Contains(expected, diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("privc refuses to read it otherwise than ONOS would", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SelectorNotAnObject_Refused_OnosWouldMatchEverything()
    {
        var json = "{\"flows\": [{\"priority\": 1, \"isPermanent\": true, \"deviceId\": \"of:0000000000000001\", \"selector\": [{\"type\": \"ETH_TYPE\", \"ethType\": 2048}]}]}";
        Assert.Contains("matches every packet", Single(json, "PRIV5026").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"0x0800\"")]
    [InlineData("\"0x800\"")]
    [InlineData("\"2048\"")]
    [InlineData("\"04000\"")] // Integer.decode: a leading zero means octal
    [InlineData("\"#800\"")]
    [InlineData("\"+2048\"")]
    [InlineData("2048")]
    public void EthTypeForms_IntegerDecode_AllMeanIpv4(string ethType)
    {
        var (rules, diagnostics) = Read(Rule(criteria: $"{{\"type\": \"ETH_TYPE\", \"ethType\": {ethType}}}"));
        Assert.Empty(diagnostics);
        Assert.NotNull(Assert.Single(rules).Match);
    }

    [Theory]
    [InlineData("\"2054\"")]
    [InlineData("\"0x806\"")]
    [InlineData("\"04006\"")]
    public void EthTypeArp_MatchesNoIpv4Packet(string ethType)
    {
        var (rules, diagnostics) = Read(Rule(criteria: $"{{\"type\": \"ETH_TYPE\", \"ethType\": {ethType}}}"));
        Assert.Empty(diagnostics);
        Assert.Null(Assert.Single(rules).Match);
    }

    [Theory]
    [InlineData("\"2\"", 2L, null)]
    [InlineData("\"010\"", 8L, null)] // Guava's UnsignedLongs.decode: octal
    [InlineData("\"0x10\"", 16L, null)]
    [InlineData("\"[eth2](2)\"", 2L, null)]
    [InlineData("2", 2L, null)]
    [InlineData("\"CONTROLLER\"", null, "OUTPUT to CONTROLLER")]
    [InlineData("-3", null, "OUTPUT to CONTROLLER")]
    [InlineData("4294967293", null, "OUTPUT to CONTROLLER")]
    [InlineData("\"LOCAL\"", null, "OUTPUT to LOCAL")]
    [InlineData("\"NORMAL\"", null, "OUTPUT to NORMAL")]
    public void OutputPortForms_ReadAsOnosDecodesThem(string port, long? number, string? elsewhere)
    {
        var (rules, diagnostics) = Read(Rule(instructions: $"{{\"type\": \"OUTPUT\", \"port\": {port}}}"));
        Assert.Empty(diagnostics);
        var action = Assert.Single(Assert.Single(rules).Treatment.Immediate);
        if (number is not null)
        {
            Assert.Equal(new RuleAction.Output(number.Value, false), action);
        }
        else
        {
            Assert.Equal(elsewhere, Assert.IsType<RuleAction.Elsewhere>(action).Why.What);
        }
    }

    [Theory]
    [CoversDiagnostic("PRIV5021")]
    [InlineData("{\"type\": \"ETH_TYPE\", \"ethType\": \"0xZZ\"}", null, null, "Integer.decode")]
    [InlineData("{\"type\": \"ARP_OP\", \"arpOp\": 1}", null, null, "does not know criterion type 'ARP_OP'")]
    [InlineData(null, "{\"type\": \"METADATA\", \"metadata\": 1}", null, "does not support instruction type 'METADATA'")]
    [InlineData(null, null, "\"priority\": 70000, \"isPermanent\": true", "outside 0..65535")]
    [InlineData(null, null, "\"priority\": 1", "'isPermanent'")]
    [InlineData(null, null, "\"priority\": 1, \"isPermanent\": false", "'timeout'")]
    [InlineData(null, null, "\"priority\": 1, \"isPermanent\": true, \"state\": \"DELETED\"", "flow entry states")]
    [InlineData("{\"type\": \"VLAN_VID\", \"vlanId\": 5000}", null, null, "not a VLAN id")]
    [InlineData(null, "{\"type\": \"OUTPUT\", \"port\": 0}", null, "port 0")]
    [InlineData(null, "{\"type\": \"OUTPUT\", \"port\": \"SOMEWHERE\"}", null, "logical port")]
    public void ValueOnosRefuses_InvalidRule(string? criteria, string? instructions, string? fields, string expected)
    {
        var json = fields is not null ? Rule(fields: fields) : criteria is not null ? Rule(criteria: criteria) : Rule(instructions: instructions!);
        var diagnostic = Single(json, "PRIV5021");
        Assert.Contains(expected, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV5022")]
    public void DeviceGivenByName_RefusedWithTheId()
    {
        var json = Rule().Replace("of:0000000000000001", "s1", StringComparison.Ordinal);
        var diagnostic = Single(json, "PRIV5022");
        Assert.Contains("is a device's name, not its ONOS id", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("write 'of:0000000000000001'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(json.IndexOf("\"s1\"", StringComparison.Ordinal), diagnostic.Location!.Value.Span.Start);
        // DeviceId is compared exactly, as ONOS does.
        Assert.Contains("not the ONOS id", Single(Rule().Replace("of:0000000000000001", "OF:0000000000000001", StringComparison.Ordinal), "PRIV5022").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("\"0\"", 0)]
    [InlineData("\"+0\"", 0)] // Integer.parseInt accepts a sign
    [InlineData("3", 3)]
    [InlineData("\"0x0\"", null)] // not an int: ONOS makes it a protocol-independent table name
    [InlineData("\"table0\"", null)]
    [InlineData("4294967296", null)]
    [InlineData("255", null)] // OpenFlow tables are 0..254
    [InlineData("1.0", null)]
    public void TableId_ReadAsOnosParsesIt(string tableId, int? table)
    {
        var (rules, diagnostics) = Read(Rule(fields: $"\"priority\": 1, \"isPermanent\": true, \"tableId\": {tableId}"));
        Assert.Empty(diagnostics);
        var rule = Assert.Single(rules);
        Assert.Equal(table, rule.Table);
        Assert.Equal(table is null, rule.UnknownTable is not null);
    }

    [Theory]
    [InlineData("\"isPermanent\": true", "Installed")]
    [InlineData("\"isPermanent\": \"true\"", "Installed")] // Jackson's asBoolean reads the string
    [InlineData("\"isPermanent\": true, \"state\": \"ADDED\"", "Installed")]
    [InlineData("\"isPermanent\": \"false\", \"timeout\": 10", "Temporary")]
    [InlineData("\"isPermanent\": true, \"state\": \"PENDING_ADD\"", "Unsettled")]
    [InlineData("\"isPermanent\": true, \"state\": \"PENDING_REMOVE\"", "Unsettled")]
    [InlineData("\"isPermanent\": true, \"state\": \"REMOVED\"", "Unsettled")]
    [InlineData("\"isPermanent\": true, \"state\": \"FAILED\"", "Unsettled")]
    public void StateAndPermanence_DecideWhetherTheRuleIsCertainlyInstalled(string fields, string presence)
    {
        var (rules, diagnostics) = Read(Rule(fields: "\"priority\": 1, " + fields));
        Assert.Empty(diagnostics);
        Assert.Equal(presence, Assert.Single(rules).Presence.ToString());
    }

    [Theory]
    [InlineData("criteria-flow.json")]
    [InlineData("instructions-flow.json")]
    [InlineData("simple-flow.json")]
    [InlineData("simple-flow-entry.json")]
    [InlineData("post-flow.json")]
    public void OnosCodecFixtures_ReadWithoutDiagnostics(string fixture)
    {
        var rule = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.SharedData, "onos", "examples", fixture)))!.AsObject();
        rule["deviceId"] ??= "of:0000000000000001";
        var (rules, diagnostics) = Read(new JsonObject { ["flows"] = new JsonArray(rule) }.ToJsonString());
        Assert.Empty(diagnostics);
        Assert.Single(rules);
    }

    [Fact]
    public void CriteriaFixture_BothInPortsAndArpType_MatchesNoIpv4Packet()
    {
        var rule = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.SharedData, "onos", "examples", "criteria-flow.json")))!.AsObject();
        var (rules, _) = Read(new JsonObject { ["flows"] = new JsonArray(rule) }.ToJsonString());
        // ETH_TYPE 0x806 (ARP): whatever else it says, no IPv4 packet matches it.
        Assert.Null(Assert.Single(rules).Match);
    }

    [Fact]
    public void NoActionInAList_EmptiesTheList_AsTheOpenFlowDriverDoes()
    {
        var (rules, diagnostics) = Read(Rule(instructions: "{\"type\": \"OUTPUT\", \"port\": \"1\"}, {\"type\": \"NOACTION\"}"));
        Assert.Empty(diagnostics);
        Assert.Empty(Assert.Single(rules).Treatment.Immediate);
    }
}
