using System.Text.Json.Nodes;
using Privc.Cli;
using Privc.Topology;

namespace Privc.Tests.Live;

/// <summary>
/// <c>privc topology pull</c> against a local fake ONOS (answers in the shapes of ONOS's swagger models, hosts built
/// from the real codec fixture simple-host.json) and a local fake Kubernetes API server (a real-looking NodeList).
/// </summary>
public sealed class TopologyPullTests
{
    private static readonly string OnosData = Path.Combine(TestPaths.SharedData, "onos");

    private static JsonObject Device(string id, string? name, params (string Key, string Value)[] annotations)
    {
        var notes = new JsonObject { ["channelId"] = "172.17.0.1:51234", ["managementAddress"] = "172.17.0.1", ["protocol"] = "OF_13" };
        if (name is not null)
        {
            notes["name"] = name;
        }
        foreach (var (key, value) in annotations)
        {
            notes[key] = value;
        }
        return new JsonObject
        {
            ["id"] = id, ["type"] = "SWITCH", ["available"] = true, ["role"] = "MASTER", ["mfr"] = "Nicira, Inc.", ["hw"] = "Open vSwitch",
            ["sw"] = "2.17.9", ["serial"] = "None", ["driver"] = "ovs", ["chassisId"] = id[^1..], ["lastUpdate"] = "1767607964000",
            ["humanReadableLastUpdate"] = "connected 4m ago", ["annotations"] = notes,
        };
    }

    private static JsonObject Link(string src, string srcPort, string dst, string dstPort, params (string Key, string Value)[] annotations)
    {
        var link = new JsonObject
        {
            ["src"] = new JsonObject { ["port"] = srcPort, ["device"] = src },
            ["dst"] = new JsonObject { ["port"] = dstPort, ["device"] = dst },
            ["type"] = "DIRECT",
            ["state"] = "ACTIVE",
        };
        if (annotations.Length > 0)
        {
            var notes = new JsonObject();
            foreach (var (key, value) in annotations)
            {
                notes[key] = value;
            }
            link["annotations"] = notes;
        }
        return link;
    }

    /// <summary>A host as ONOS's codec writes it, from the real fixture simple-host.json with this host's addresses.</summary>
    private static JsonObject Host(string mac, string ip, string device, string port)
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(OnosData, "examples", "simple-host.json")))!.AsObject();
        host["id"] = mac + "/None";
        host["mac"] = mac;
        host["ipAddresses"] = new JsonArray(ip);
        host["locations"] = new JsonArray(new JsonObject { ["elementId"] = device, ["port"] = port });
        return host;
    }

    private static JsonObject Ports(string device, params string[] ports) => new()
    {
        ["id"] = device, ["type"] = "SWITCH", ["available"] = true, ["role"] = "MASTER", ["mfr"] = "Nicira, Inc.", ["hw"] = "Open vSwitch",
        ["sw"] = "2.17.9", ["serial"] = "None", ["driver"] = "ovs", ["chassisId"] = device[^1..],
        ["annotations"] = new JsonObject { ["channelId"] = "172.17.0.1:51234", ["managementAddress"] = "172.17.0.1", ["protocol"] = "OF_13" },
        ["ports"] = new JsonArray(ports.Select(p => (JsonNode)new JsonObject
        {
            ["element"] = device, ["port"] = p, ["isEnabled"] = true, ["type"] = "copper", ["portSpeed"] = 10000,
            ["annotations"] = new JsonObject { ["adminState"] = "enabled", ["portMac"] = "ee:e1:4b:7d:31:0" + p, ["portName"] = "s-eth" + p },
        }).ToArray()),
    };

    private const string S1 = "of:0000000000000001";
    private const string S2 = "of:0000000000000002";
    private const string S3 = "of:0000000000000003";

    /// <summary>Three switches in a line (s1 - s2 - s3) plus a one-way link, two attached Kubernetes nodes and one stray.</summary>
    private static (FakeOnos Onos, FakeKubernetes Kubernetes) Network()
    {
        var onos = new FakeOnos();
        onos.Devices = new JsonObject { ["devices"] = new JsonArray(
            Device(S1, "s1", ("jurisdiction", "AU"), ("trust", "high")),
            Device(S2, "s2", ("jurisdiction", "AU"), ("trust", "low")),
            Device(S3, null, ("jurisdiction", "SG"), ("trust", "high"))) };
        onos.Links = new JsonObject { ["links"] = new JsonArray(
            Link(S1, "2", S2, "1", ("latency", "2.5"), ("encrypted", "true"), ("durable", "true")),
            Link(S2, "1", S1, "2", ("latency", "3"), ("encrypted", "true")),
            Link(S2, "2", S3, "1", ("latency", "fast")),
            Link(S3, "1", S2, "2"),
            Link(S1, "3", S3, "3")) };
        onos.Hosts = new JsonObject { ["hosts"] = new JsonArray(
            Host("46:E4:3C:A4:17:C8", "10.0.0.1", S1, "1"),
            Host("46:E4:3C:A4:17:C9", "10.0.0.3", S3, "2")) };
        onos.Ports[S1] = Ports(S1, "1", "2", "3");
        onos.Ports[S2] = Ports(S2, "1", "2");
        onos.Ports[S3] = Ports(S3, "1", "2", "3");
        var kubernetes = new FakeKubernetes();
        kubernetes.AddNode("edge-1", "10.0.0.1", "3900m", "16281924Ki", new Dictionary<string, string>
        {
            ["node-restriction.kubernetes.io/jurisdiction"] = "AU",
            ["topology.kubernetes.io/region"] = "au-east",
            ["node-role.kubernetes.io/worker"] = "",
            ["privc.io/tier"] = "edge",
            ["gpu"] = "false",
        });
        kubernetes.AddNode("cloud-1", "10.0.0.3", "16", "64Gi", new Dictionary<string, string>
        {
            ["node-restriction.kubernetes.io/jurisdiction"] = "SG",
            ["privc.io/jurisdiction"] = "AU",
            ["node-restriction.kubernetes.io/tier"] = "cloud",
            ["gpu"] = "true",
        });
        kubernetes.AddNode("stray-1", "10.0.0.99", "2", "4Gi", new Dictionary<string, string>());
        return (onos, kubernetes);
    }

    private static CliRunner.Result Pull(FakeOnos onos, FakeKubernetes kubernetes, string output, params string[] extra) =>
        LiveTestSupport.Run(["topology", "pull", "--onos", onos.Url, "--kubeconfig", kubernetes.WriteKubeconfig(CliRunner.TempFolder()), "--out", output, .. extra]);

    [Fact]
    [CoversDiagnostic("PRIV9017")]
    [CoversDiagnostic("PRIV9018")]
    [CoversDiagnostic("PRIV9019")]
    [CoversDiagnostic("PRIV9020")]
    [CoversDiagnostic("PRIV9021")]
    public void Pull_BuildsATopologyThatLoads()
    {
        var (onos, kubernetes) = Network();
        using var o = onos;
        using var k = kubernetes;
        var output = Path.Combine(CliRunner.TempFolder(), "live.yaml");

        var result = Pull(onos, kubernetes, output, "--name", "testbed");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        var loaded = TopologyLoader.LoadFile(output);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        Assert.DoesNotContain(loaded.Diagnostics, d => d.IsError);
        var topology = loaded.Topology!;
        Assert.Equal("testbed", topology.Name);

        // Devices: named from the 'name' annotation (else the id), labels from the non-ONOS annotations.
        Assert.Equal(["of:0000000000000003", "s1", "s2"], topology.Devices.Select(d => d.Name));
        var s1 = topology.FindDevice(S1)!;
        Assert.Equal("s1", s1.Name);
        Assert.Equal(new Dictionary<string, string> { ["jurisdiction"] = "AU", ["trust"] = "high" }, s1.Labels);

        // Links: the two directions paired; the larger latency; annotation labels; port speed for bandwidth.
        Assert.Equal(2, topology.Links.Length);
        var s1s2 = topology.Links.Single(l => l.DeviceA == "s1" || l.DeviceB == "s1");
        Assert.Equal(3000, s1s2.LatencyMicros);
        Assert.Equal(10_000_000_000, s1s2.BandwidthBps);
        Assert.Equal(new Dictionary<string, string> { ["encrypted"] = "true" }, s1s2.Labels);
        var s2s3 = topology.Links.Single(l => l != s1s2);
        Assert.Equal(TopologyPullDefaults.LatencyMicros, s2s3.LatencyMicros);
        Assert.Contains("info PRIV9019: 1 of 2 link(s) have no 'latency' annotation (milliseconds) and get the default latency 1ms", result.Error, StringComparison.Ordinal);
        Assert.Contains("warning PRIV9021: annotation latency='fast' of link of:0000000000000002/2 -> of:0000000000000003/1 is not a positive number of milliseconds; it is ignored", result.Error, StringComparison.Ordinal);
        Assert.Contains("warning PRIV9020: ONOS reports link of:0000000000000001/3 -> of:0000000000000003/3 but not its reverse direction", result.Error, StringComparison.Ordinal);

        // Compute nodes: Kubernetes nodes attached where the ONOS host with their InternalIP is.
        Assert.Equal(["cloud-1", "edge-1"], topology.Nodes.Select(n => n.Name));
        var edge = topology.FindNode("edge-1")!;
        Assert.Equal(("s1", 1, "10.0.0.1"), (edge.Device, edge.Port, edge.Ip));
        Assert.Equal(3900, edge.CpuMillis);
        Assert.Equal(16281924L * 1024, edge.MemoryBytes);
        Assert.Equal(new Dictionary<string, string> { ["gpu"] = "false", ["jurisdiction"] = "AU", ["region"] = "au-east", ["tier"] = "edge" }, edge.Labels);
        var cloud = topology.FindNode("cloud-1")!;
        Assert.Equal(("of:0000000000000003", 2, 16000L, 64L << 30), (cloud.Device, cloud.Port, cloud.CpuMillis, cloud.MemoryBytes));
        // node-restriction.kubernetes.io/ wins over a self-assignable label for the same key.
        Assert.Equal("SG", cloud.Labels["jurisdiction"]);
        Assert.Equal("cloud", cloud.Labels["tier"]);
        Assert.Contains("warning PRIV9017: node 'edge-1': 'region' is read from label 'topology.kubernetes.io/region'", result.Error, StringComparison.Ordinal);
        Assert.Contains("warning PRIV9017: node 'edge-1': 'tier' is read from label 'privc.io/tier'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("'jurisdiction' is read from", result.Error, StringComparison.Ordinal);
        Assert.Contains("warning PRIV9018: no ONOS host has the address 10.0.0.99 of Kubernetes node 'stray-1'", result.Error, StringComparison.Ordinal);
        Assert.Contains($"pulled topology 'testbed' into '{output}': 3 devices, 2 links, 2 compute nodes", result.Out, StringComparison.Ordinal);

        // The requests: ONOS reads with Basic auth, each device's ports, and one node list from Kubernetes.
        Assert.Equal(
            ["GET /onos/v1/devices", "GET /onos/v1/links", "GET /onos/v1/hosts", $"GET /onos/v1/devices/{S1}/ports", $"GET /onos/v1/devices/{S2}/ports", $"GET /onos/v1/devices/{S3}/ports"],
            onos.Calls.Select(c => $"{c.Method} {c.Target}"));
        Assert.All(onos.Calls, c => Assert.Equal(onos.Authorization, c.Headers["Authorization"]));
        Assert.Equal(["GET /api/v1/nodes"], kubernetes.Calls.Select(c => $"{c.Method} {c.Path}"));
    }

    [Fact]
    [CoversDiagnostic("PRIV9023")]
    public void Pull_LinkWithoutBandwidthOrPortSpeeds_GetsTheDefault()
    {
        var (onos, kubernetes) = Network();
        using var o = onos;
        using var k = kubernetes;
        onos.Ports[S3] = Ports(S3);
        var output = Path.Combine(CliRunner.TempFolder(), "live.yaml");

        var result = Pull(onos, kubernetes, output);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.Contains("info PRIV9023: 1 of 2 link(s) have neither a 'bandwidth' annotation (Mbps) nor a port speed on both ends and get the default bandwidth 1Gbps", result.Error, StringComparison.Ordinal);
        var topology = TopologyLoader.LoadFile(output).Topology!;
        Assert.Equal([1_000_000_000L, 10_000_000_000L], topology.Links.Select(l => l.BandwidthBps).Order());
    }

    [Fact]
    public void Pull_NodePodCidrs_AreWrittenAndLoaded()
    {
        var (onos, kubernetes) = Network();
        using var o = onos;
        using var k = kubernetes;
        var output = Path.Combine(CliRunner.TempFolder(), "live.yaml");

        var result = Pull(onos, kubernetes, output);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        // The fake's NodeList gives edge-1, cloud-1 and stray-1 the /24s 0, 1 and 2 of 10.244.0.0/16, in spec.podCIDR.
        Assert.Contains("    podCidr: 10.244.0.0/24\n", File.ReadAllText(output), StringComparison.Ordinal);
        var topology = TopologyLoader.LoadFile(output).Topology!;
        Assert.Equal("10.244.0.0/24", topology.FindNode("edge-1")!.PodCidr.ToString());
        Assert.Equal("10.244.1.0/24", topology.FindNode("cloud-1")!.PodCidr.ToString());
        Assert.Null(topology.Network);
    }

    [Fact]
    public void Pull_Ipv6OrMissingPodCidr_KeepsTheNodeAddress()
    {
        var (onos, kubernetes) = Network();
        using var o = onos;
        using var k = kubernetes;
        kubernetes.AddNode("edge-1", "10.0.0.1", "3900m", "16281924Ki", new Dictionary<string, string>(), podCidr: "fd00:10:244:1::/64");
        kubernetes.AddNode("cloud-1", "10.0.0.3", "16", "64Gi", new Dictionary<string, string>(), podCidr: "");
        var output = Path.Combine(CliRunner.TempFolder(), "live.yaml");

        var result = Pull(onos, kubernetes, output);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        Assert.Contains("warning PRIV9021: the pod CIDR 'fd00:10:244:1::/64' of node 'edge-1' is not an IPv4 prefix", result.Error, StringComparison.Ordinal);
        var topology = TopologyLoader.LoadFile(output).Topology!;
        Assert.Null(topology.FindNode("edge-1")!.PodCidr);
        Assert.Null(topology.FindNode("cloud-1")!.PodCidr);
        Assert.Equal("10.0.0.1/32", topology.FindNode("edge-1")!.PodAddresses.ToString());
    }

    [Fact]
    public void Pull_OverlappingPodCidrs_WritesNothing()
    {
        var (onos, kubernetes) = Network();
        using var o = onos;
        using var k = kubernetes;
        kubernetes.AddNode("cloud-1", "10.0.0.3", "16", "64Gi", new Dictionary<string, string>(), podCidr: "10.244.0.0/16");
        var output = Path.Combine(CliRunner.TempFolder(), "live.yaml");

        var result = Pull(onos, kubernetes, output);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("error PRIV3016: the pod addresses of node 'edge-1' (pod CIDR 10.244.0.0/24) overlap those of node 'cloud-1' (pod CIDR 10.244.0.0/16)", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Pull_IsDeterministic()
    {
        var (onos, kubernetes) = Network();
        using var o = onos;
        using var k = kubernetes;
        var first = Path.Combine(CliRunner.TempFolder(), "a.yaml");
        var second = Path.Combine(CliRunner.TempFolder(), "a.yaml");
        Assert.Equal(ExitCodes.Success, Pull(onos, kubernetes, first).ExitCode);
        Assert.Equal(ExitCodes.Success, Pull(onos, kubernetes, second).ExitCode);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.DoesNotContain("\r", File.ReadAllText(first), StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV9022")]
    public void Pull_NoAttachableNode_WritesNothing()
    {
        var (onos, kubernetes) = Network();
        using var o = onos;
        using var k = kubernetes;
        kubernetes.Nodes.Remove("edge-1");
        kubernetes.Nodes.Remove("cloud-1");
        var output = Path.Combine(CliRunner.TempFolder(), "live.yaml");

        var result = Pull(onos, kubernetes, output);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("error PRIV9022: the pulled topology has no compute nodes (none of the 1 Kubernetes node(s) could be attached to an ONOS host)", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Pull_OnosAnswerWithoutDevices_Malformed()
    {
        var (onos, kubernetes) = Network();
        using var o = onos;
        using var k = kubernetes;
        onos.Devices = new JsonObject { ["device"] = new JsonArray() };
        var output = Path.Combine(CliRunner.TempFolder(), "live.yaml");

        var result = Pull(onos, kubernetes, output);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains($"error PRIV9014: ONOS at {onos.Url} answered GET /onos/v1/devices with something privc cannot read: it has no \"devices\" array", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Pull_KubernetesRefuses_NoFile()
    {
        var (onos, kubernetes) = Network();
        using var o = onos;
        using var k = kubernetes;
        var output = Path.Combine(CliRunner.TempFolder(), "live.yaml");

        var result = LiveTestSupport.Run("topology", "pull", "--onos", onos.Url, "--kubeconfig", kubernetes.WriteKubeconfig(CliRunner.TempFolder(), token: "wrong"), "--out", output);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("error PRIV9006:", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    /// <summary>The fake's answers carry every field ONOS's swagger models require, so privc is tested on the real shapes.</summary>
    [Theory]
    [InlineData("DevicesGet.json", "devices")]
    [InlineData("LinksGet.json", "links")]
    [InlineData("DeviceGetPorts.json", "ports")]
    public void FakeAnswers_HaveEveryRequiredFieldOfTheOnosModel(string model, string what)
    {
        var (onos, kubernetes) = Network();
        using var o = onos;
        using var k = kubernetes;
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(OnosData, model)))!;
        JsonNode answer = what switch
        {
            "devices" => onos.Devices,
            "links" => onos.Links,
            _ => onos.Ports[S1],
        };
        var missing = new List<string>();
        Missing(schema, answer, "$", missing);
        Assert.True(missing.Count == 0, string.Join(", ", missing));
    }

    private static void Missing(JsonNode schema, JsonNode? value, string path, List<string> missing)
    {
        if (value is null)
        {
            return;
        }
        if (schema["required"] is JsonArray required && value is JsonObject obj)
        {
            foreach (var name in required.Select(r => (string)r!))
            {
                if (!obj.ContainsKey(name))
                {
                    missing.Add(path + "." + name);
                }
            }
        }
        if (schema["properties"] is JsonObject properties && value is JsonObject o)
        {
            foreach (var (name, sub) in properties)
            {
                Missing(sub!, o[name], path + "." + name, missing);
            }
        }
        if (schema["items"] is JsonNode items && value is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Missing(items, array[i], $"{path}[{i}]", missing);
            }
        }
    }
}

internal static class TopologyPullDefaults
{
    public const long LatencyMicros = Privc.Live.TopologyPuller.DefaultLatencyMicros;
}
