using FsCheck.Xunit;
using Privc.Tests.Infrastructure;
using Privc.Topology;
using static Privc.Tests.Topology.TopologyTestSource;

namespace Privc.Tests.Topology;

/// <summary>Every malformed or inconsistent topology gives a diagnostic at its YAML position, never an exception.</summary>
public class TopologyDiagnosticTests
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

    private static string Node(string name = "n1", string ip = "10.0.0.1", int port = 10, string extra = "") =>
        $"  - {{name: {name}, ip: {ip}, capacity: {{cpu: 4, memory: 8Gi}}, attach: {{device: s1, port: {port}}}{extra}}}\n";

    [Fact]
    public void Load_ValidSource_HasNoDiagnostics() => Reports(Valid);

    // ---- YAML ----

    [Fact]
    [CoversDiagnostic("PRIV3001")]
    public void Load_UnclosedFlowSequence_IsNotYaml() => Reports("devices: «[»{id: s1}\nnodes:\n", "PRIV3001");

    [Fact]
    [CoversDiagnostic("PRIV3001")]
    public void Load_UnterminatedQuote_IsNotYaml() => Reports("name: «»\"small\n", "PRIV3001");

    [Fact]
    [CoversDiagnostic("PRIV3001")]
    public void Load_DuplicateKey_IsNotYaml() => Reports("name: a\n«name»: b\n", "PRIV3001");

    [Fact]
    [CoversDiagnostic("PRIV3001")]
    public void Load_Aliases_AreRejected() => Reports("name: «&n» small\nother: *n\n", "PRIV3001");

    [Fact]
    [CoversDiagnostic("PRIV3001")]
    public void Load_DocumentThatIsNotAMapping_IsRejected() => Reports("«- a»\n- b\n", "PRIV3001");

    [Fact]
    [CoversDiagnostic("PRIV3001")]
    public void Load_EmptyFile_IsRejected() => Reports("«»", "PRIV3001");

    [Fact]
    [CoversDiagnostic("PRIV3001")]
    public void Load_TwoDocuments_AreRejected() => Reports("name: a\n---\n«name»: b\n", "PRIV3001");

    [Fact]
    [CoversDiagnostic("PRIV0005")]
    public void Load_DeepNesting_IsTooDeep()
    {
        var yaml = string.Concat(Enumerable.Repeat("- ", 40)) + "x\n";
        var diagnostic = Assert.Single(Load(yaml).Diagnostics);
        Assert.Equal("PRIV0005", diagnostic.Code);
        Assert.Equal((1, 65), diagnostic.Location!.Value.Start);
    }

    [Fact]
    [CoversDiagnostic("PRIV0005")]
    public void Load_HundredThousandOpenBrackets_IsTooDeep() =>
        Assert.Equal("PRIV0005", Assert.Single(Load(new string('[', 100_000)).Diagnostics).Code);

    // ---- fields ----

    [Fact]
    [CoversDiagnostic("PRIV3002")]
    public void Load_NodeWithoutAttachment_IsMissingAField() =>
        Reports(Devices + "nodes:\n  - «{name: n1, ip: 10.0.0.1, capacity: {cpu: 1, memory: 1Gi}}»\n", "PRIV3002");

    [Fact]
    [CoversDiagnostic("PRIV3002")]
    public void Load_NodeWithoutIpOrCapacity_ReportsBoth() =>
        Reports(Devices + "nodes:\n  - «»«»{name: n1, attach: {device: s1, port: 1}}\n", "PRIV3002", "PRIV3002");

    [Fact]
    [CoversDiagnostic("PRIV3002")]
    public void Load_LinkWithoutLatency_IsMissingAField() =>
        Reports(Devices + "nodes:\n" + Node() + Link.Replace("latency: 1ms, ", string.Empty).Replace("  - {a:", "  - «»{a:"), "PRIV3002");

    [Fact]
    [CoversDiagnostic("PRIV3002")]
    public void Load_DeviceWithoutIdOrName_IsMissingAField() => Reports("devices:\n  - «»{labels: {a: b}}\nnodes:\n  - {name: n1, ip: 10.0.0.1, capacity: {cpu: 4, memory: 8Gi}, attach: {device: «s1», port: 10}}\n", "PRIV3002", "PRIV3005");

    [Fact]
    [CoversDiagnostic("PRIV3003")]
    public void Load_NodesNotAList_IsABadValue() => Reports("nodes: «5»\n", "PRIV3003");

    [Theory]
    [CoversDiagnostic("PRIV3003")]
    [InlineData("port: «x»")]
    [InlineData("port: «0»")]
    public void Load_BadPort_IsABadValue(string port) =>
        Reports(Devices + "nodes:\n  - {name: n1, ip: 10.0.0.1, capacity: {cpu: 1, memory: 1Gi}, attach: {device: s1, " + port + "}}\n", "PRIV3003");

    [Theory]
    [CoversDiagnostic("PRIV3003")]
    [InlineData("cpu: «lots», memory: 1Gi")]
    [InlineData("cpu: «10ms», memory: 1Gi")]
    [InlineData("cpu: 1, memory: «1Gbps»")]
    public void Load_BadCapacity_IsABadValue(string capacity) =>
        Reports(Devices + "nodes:\n  - {name: n1, ip: 10.0.0.1, capacity: {" + capacity + "}, attach: {device: s1, port: 1}}\n", "PRIV3003");

    [Fact]
    [CoversDiagnostic("PRIV3003")]
    public void Load_NonNumericCost_IsABadValue() => Reports(Devices + "nodes:\n" + Node(extra: ", cost: «cheap»"), "PRIV3003");

    [Fact]
    [CoversDiagnostic("PRIV3003")]
    public void Load_LabelsNotAMapping_IsABadValue() => Reports(Devices + "nodes:\n" + Node(extra: ", labels: «[a, b]»"), "PRIV3003");

    [Fact]
    [CoversDiagnostic("PRIV3003")]
    public void Load_LabelWithNestedValue_IsABadValue() => Reports(Devices + "nodes:\n" + Node(extra: ", labels: {zone: «{a: b}»}"), "PRIV3003");

    [Fact]
    [CoversDiagnostic("PRIV3003")]
    public void Load_LabelNamedLikeABuiltIn_IsABadValue() => Reports(Devices + "nodes:\n" + Node(extra: ", labels: {«cpu»: 9}"), "PRIV3003");

    [Fact]
    [CoversDiagnostic("PRIV3003")]
    public void Load_ScaleListingAValueTwice_IsABadValue() => Reports("scales:\n  trust: «[low, low]»\n" + Devices + "nodes:\n" + Node(), "PRIV3003");

    [Fact]
    [CoversDiagnostic("PRIV3003")]
    public void Load_ScaleKeyThatIsNotAName_IsABadValueNotACrash() => Reports("scales: {«[a, b]»: [x, y]}\n" + Devices + "nodes:\n" + Node(), "PRIV3003");

    [Fact]
    [CoversDiagnostic("PRIV3003")]
    public void Load_ScaleOnABuiltIn_IsABadValue() => Reports("scales: {«cost»: [x, y]}\n" + Devices + "nodes:\n" + Node(), "PRIV3003");

    [Fact]
    [CoversDiagnostic("PRIV3008")]
    public void Load_UnknownTopLevelField_SuggestsTheNearest()
    {
        var diagnostic = Assert.Single(Reports(Devices + "nodes:\n" + Node() + "«lnks»: []\n", "PRIV3008"));
        Assert.EndsWith("did you mean 'links'?", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV3008")]
    public void Load_UnknownNodeField_IsReported() => Reports(Devices + "nodes:\n" + Node(extra: ", «lables»: {a: b}"), "PRIV3008");

    [Fact]
    [CoversDiagnostic("PRIV3008")]
    public void Load_UnknownCapacityField_IsReported() =>
        Reports(Devices + "nodes:\n  - {name: n1, ip: 10.0.0.1, capacity: {cpu: 1, memory: 1Gi, «gpu»: 1}, attach: {device: s1, port: 1}}\n", "PRIV3008");

    // ---- consistency ----

    [Fact]
    [CoversDiagnostic("PRIV3004")]
    public void Load_DuplicateNodeName_PointsAtTheSecond() =>
        Reports(Devices + "nodes:\n" + Node() + "  - {name: «n1», ip: 10.0.0.2, capacity: {cpu: 4, memory: 8Gi}, attach: {device: s1, port: 11}}\n", "PRIV3004");

    [Fact]
    [CoversDiagnostic("PRIV3004")]
    public void Load_DuplicateDeviceName_PointsAtTheSecond() =>
        Reports("devices:\n  - {id: \"of:1\", name: s1}\n  - {id: \"of:2\", name: «s1»}\nnodes:\n" + Node(), "PRIV3004");

    [Fact]
    [CoversDiagnostic("PRIV3004")]
    public void Load_DuplicateDeviceId_PointsAtTheSecond() =>
        Reports("devices:\n  - {id: \"of:1\", name: s1}\n  - {id: «\"of:1\"», name: s2}\nnodes:\n" + Node(), "PRIV3004");

    [Fact]
    [CoversDiagnostic("PRIV3004")]
    public void Load_DuplicateIpAddress_PointsAtTheSecond() =>
        Reports(Devices + "nodes:\n" + Node() + "  - {name: n2, ip: «10.0.0.1», capacity: {cpu: 4, memory: 8Gi}, attach: {device: s1, port: 11}}\n", "PRIV3004");

    [Fact]
    [CoversDiagnostic("PRIV3005")]
    public void Load_AttachmentToUnknownDevice_SuggestsTheNearest()
    {
        var diagnostic = Assert.Single(Reports(Devices + "nodes:\n  - {name: n1, ip: 10.0.0.1, capacity: {cpu: 1, memory: 1Gi}, attach: {device: «s3», port: 1}}\n", "PRIV3005"));
        Assert.Contains("did you mean", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV3005")]
    public void Load_LinkToUnknownDevice_IsReported() =>
        Reports(Devices + "nodes:\n" + Node() + "links:\n  - {a: {device: s1, port: 1}, b: {device: «s9», port: 1}, latency: 1ms, bandwidth: 1Gbps}\n", "PRIV3005");

    [Fact]
    [CoversDiagnostic("PRIV3006")]
    public void Load_PortUsedByNodeAndLink_PointsAtTheSecondUse()
    {
        var diagnostic = Assert.Single(Reports(Devices + "nodes:\n" + Node(port: 1) + "links:\n  - {a: {device: s1, port: «1»}, b: {device: s2, port: 1}, latency: 1ms, bandwidth: 1Gbps}\n", "PRIV3006"));
        Assert.Equal("port 1 of device 's1' is already used by node 'n1'", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV3006")]
    public void Load_PortUsedByTwoNodes_IsReported() =>
        Reports(Devices + "nodes:\n" + Node() + "  - {name: n2, ip: 10.0.0.2, capacity: {cpu: 4, memory: 8Gi}, attach: {device: s1, port: «10»}}\n", "PRIV3006");

    [Theory]
    [CoversDiagnostic("PRIV3007")]
    [InlineData("latency: «0ms», bandwidth: 1Gbps")]
    [InlineData("latency: «-1ms», bandwidth: 1Gbps")]
    [InlineData("latency: 1ms, bandwidth: «0bps»")]
    [InlineData("latency: 1ms, bandwidth: «-5Gbps»")]
    public void Load_NonPositiveLatencyOrBandwidth_IsReported(string measures) =>
        Reports(Devices + "nodes:\n" + Node() + "links:\n  - {a: {device: s1, port: 1}, b: {device: s2, port: 1}, " + measures + "}\n", "PRIV3007");

    [Theory]
    [CoversDiagnostic("PRIV3007")]
    [InlineData("cpu: «0», memory: 1Gi")]
    [InlineData("cpu: «-2», memory: 1Gi")]
    [InlineData("cpu: 1, memory: «-1Gi»")]
    public void Load_NonPositiveCapacity_IsReported(string capacity) =>
        Reports(Devices + "nodes:\n  - {name: n1, ip: 10.0.0.1, capacity: {" + capacity + "}, attach: {device: s1, port: 1}}\n", "PRIV3007");

    [Fact]
    [CoversDiagnostic("PRIV3009")]
    public void Load_LabelOffItsScale_ListsTheScale()
    {
        var diagnostic = Assert.Single(Reports(Valid.Replace("labels: {trust: low}", "labels: {trust: «medium»}"), "PRIV3009"));
        Assert.Equal("'medium' is not on the scale of 'trust' (low < high)", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV3010")]
    public void Load_LinkFromADeviceToItself_IsReported() =>
        Reports(Devices + "nodes:\n" + Node() + "links:\n  - «{a: {device: s1, port: 1}, b: {device: \"of:1\", port: 2}, latency: 1ms, bandwidth: 1Gbps}»\n", "PRIV3010");

    [Theory]
    [CoversDiagnostic("PRIV3011")]
    [InlineData("«10.0.0.256»")]
    [InlineData("«10.0.0»")]
    [InlineData("«host.local»")]
    [InlineData("«::1»")]
    [InlineData("«10.0.0.01x»")]
    public void Load_InvalidIpv4Address_IsReported(string ip) => Reports(Devices + "nodes:\n" + Node(ip: ip), "PRIV3011");

    [Fact]
    [CoversDiagnostic("PRIV3012")]
    public void Load_PrivacyLabelUnderKubeletPrefix_WarnsButLoads()
    {
        var diagnostics = Reports(Devices + "nodes:\n" + Node(extra: ", labels: {«topology.kubernetes.io/region»: au}") + Link, "PRIV3012");
        Assert.False(Assert.Single(diagnostics).IsError);
    }

    [Fact]
    [CoversDiagnostic("PRIV3013")]
    public void Load_NoNodes_IsEmpty() => Reports(Devices + "«nodes»: []\n", "PRIV3013");

    [Fact]
    [CoversDiagnostic("PRIV3013")]
    public void Load_NoNodesKeyAtAll_IsEmpty() => Reports("«»name: nothing\n", "PRIV3013");

    [Fact]
    [CoversDiagnostic("PRIV3014")]
    public void Load_DisconnectedDevices_WarnAtTheFirstCutOffDevice()
    {
        var diagnostics = Reports("devices:\n  - {id: \"of:1\", name: s1}\n  - «{id: \"of:2\", name: s2}»\nnodes:\n" + Node(), "PRIV3014");
        Assert.Contains("2 disconnected parts", Assert.Single(diagnostics).Message);
    }

    [Fact]
    public void Load_ManyErrors_AreAllReportedInOneRun()
    {
        var result = Load(Devices + "nodes:\n" + Node(ip: "1.2.3.999") + Node(ip: "10.0.0.2", port: 10) + "links:\n  - {a: {device: s1, port: 1}, b: {device: s2, port: 1}, latency: 0ms, bandwidth: 1Gbps}\n  - {a: {device: s1, port: 2}, b: {device: s7, port: 1}, latency: 1ms, bandwidth: 1Gbps}\nextra: 1\n");
        Assert.Null(result.Topology);
        Assert.Equal(["PRIV3004", "PRIV3005", "PRIV3006", "PRIV3007", "PRIV3008", "PRIV3011"], result.Diagnostics.Select(d => d.Code).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_MissingFile_IsNotReadable()
    {
        var result = TopologyLoader.LoadFile(Path.Combine(Path.GetTempPath(), "privc-no-such-topology.yaml"));
        Assert.Equal("PRIV0001", Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Load_BinaryFile_IsRejectedBeforeYaml()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0x6E, 0x3A, 0x00, 0x01]);
            Assert.Equal("PRIV0003", Assert.Single(TopologyLoader.LoadFile(path).Diagnostics).Code);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("nodes:\n  - 5\n")]
    [InlineData("nodes:\n  - [a]\n")]
    [InlineData("nodes: {a: b}\n")]
    [InlineData("devices: 3\nnodes: []\n")]
    [InlineData("links: [3]\n")]
    [InlineData("nodes:\n  - {name: [a], attach: x}\n")]
    [InlineData("nodes:\n  - {name: n, attach: {device: [s], port: {p: 1}}}\n")]
    [InlineData("nodes:\n  - {name: n, ip: [1], capacity: 3, attach: {device: s, port: 1}, cost: [1]}\n")]
    [InlineData("? [complex]\n: key\n")]
    [InlineData("scales: 3\n")]
    [InlineData("scales: {a: [[x]]}\n")]
    [InlineData("nodes:\n  - {name: n, labels: {[k]: v}}\n")]
    [InlineData("devices: [{id: [x]}]\n")]
    [InlineData("devices: [{id: \"\"}]\n")]
    [InlineData("name: [a, b]\n")]
    [InlineData("!!binary aGVsbG8=\n")]
    [InlineData("nodes: !!str hello\n")]
    [InlineData("%YAML 1.1\n---\nname: x\n")]
    [InlineData("\t- tab\n")]
    [InlineData("nodes:\n  - {name: n, capacity: {cpu: 99999999999999999, memory: 99999999999999999999Ti}, attach: {device: s, port: 1}}\n")]
    public void Load_WrongShapes_GiveDiagnosticsNotExceptions(string yaml)
    {
        var result = Load(yaml);
        Assert.Null(result.Topology);
        Assert.NotEmpty(result.Diagnostics);
        Assert.All(result.Diagnostics, d => Assert.True(d.Location is not null || d.Path is not null));
    }

    [Property(MaxTest = 300)]
    public void Load_AnySequenceOfYamlPieces_GivesATopologyOrDiagnostics(FsCheck.NonEmptyArray<int> picks)
    {
        string[] pieces =
        [
            "name:", "nodes:", "devices:", "links:", "scales:", "labels:", "capacity:", "attach:", "device:", "port:", "id:",
            "ip:", "latency:", "bandwidth:", "cpu:", "memory:", "a:", "b:", "- ", "  ", "\n", "[", "]", "{", "}", ",", ":", "? ",
            "&x", "*x", "!!str", "\"", "'", "#", "---", "...", "s1", "n1", "10.0.0.1", "1ms", "1Gbps", "4", "8Gi", "-1", "true", "|", ">",
        ];
        var yaml = string.Concat(picks.Get.Select(p => pieces[(int)((uint)p % (uint)pieces.Length)] + (p % 3 == 0 ? " " : string.Empty)));
        var result = Load(yaml);
        Assert.Equal(result.Diagnostics.Any(d => d.IsError), result.Topology is null);
    }

    [Property(MaxTest = 200)]
    public void Load_AnyText_GivesATopologyOrDiagnostics(string? text)
    {
        var result = Load(text ?? string.Empty);
        Assert.Equal(result.Diagnostics.Any(d => d.IsError), result.Topology is null);
    }
}
