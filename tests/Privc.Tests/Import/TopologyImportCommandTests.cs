using Privc.Cli;
using Privc.Topology;

namespace Privc.Tests.Import;

/// <summary>`privc topology import`, run in-process with captured streams and a scratch folder.</summary>
public sealed class TopologyImportCommandTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "privc-import-" + Guid.NewGuid().ToString("N"));

    public TopologyImportCommandTests()
    {
        Directory.CreateDirectory(folder);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Import_Geant2012_WritesLoadableTopologyAndSummary()
    {
        var output = Path.Combine(folder, "geant.yaml");
        var (code, stdout, stderr) = Run("topology", "import", Zoo("Geant2012.graphml"), "--out", output, "--tiers", "edge,cloud");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("40 devices, 61 links, 80 compute nodes (tiers: edge, cloud)", stdout, StringComparison.Ordinal);
        Assert.Matches(@"nodes without coordinates\s+3", stdout);
        Assert.Matches(@"nodes without a Country\s+3", stdout);
        Assert.Matches(@"links at default bandwidth\s+22", stdout);
        Assert.Contains("warning PRIV6007", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("error", stderr, StringComparison.Ordinal);
        var loaded = TopologyLoader.LoadFile(output);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        Assert.Equal(["geant.yaml"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Import_TwoRuns_ByteIdenticalFiles()
    {
        var first = Path.Combine(folder, "a.yaml");
        var second = Path.Combine(folder, "sub", "b.yaml");
        Assert.Equal(0, Run("topology", "import", Zoo("Kdl.graphml"), "--out", first, "--tiers", "edge,fog,cloud").Code);
        Assert.Equal(0, Run("topology", "import", Zoo("Kdl.graphml"), "--out", second, "--tiers", "edge,fog,cloud").Code);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public void Import_TierSpecAndOptions_Applied()
    {
        var output = Path.Combine(folder, "abilene.yaml");
        var (code, _, stderr) = Run("topology", "import", Zoo("Abilene.graphml"), "--out", output, "--tiers", "edge,gpu",
            "--tier-spec", "gpu=32,128Gi,5", "--tier-spec", "edge=500m,1Gi", "--default-bandwidth", "40Gbps", "--name", "abilene-lab");
        Assert.Equal(0, code);
        Assert.Contains("40Gbps", stderr, StringComparison.Ordinal);
        var topology = TopologyLoader.LoadFile(output).Topology!;
        Assert.Equal("abilene-lab", topology.Name);
        var gpu = topology.FindNode("chicago-gpu-1")!;
        Assert.Equal((32_000L, 128L << 30, 5m), (gpu.CpuMillis, gpu.MemoryBytes, gpu.Cost));
        var edge = topology.FindNode("chicago-edge-1")!;
        Assert.Equal((500L, 1L << 30, 0m), (edge.CpuMillis, edge.MemoryBytes, edge.Cost));
        Assert.All(topology.Links, l => Assert.Equal(40_000_000_000, l.BandwidthBps));
    }

    [Theory]
    [InlineData("not-xml.graphml", "this is not XML at all", "PRIV6001")]
    [InlineData("not-graphml.graphml", "<?xml version=\"1.0\"?><html><body/></html>", "PRIV6002")]
    [InlineData("empty.graphml", "", "PRIV6001")]
    [InlineData("no-nodes.graphml", "<graphml><graph edgedefault=\"undirected\"/></graphml>", "PRIV6003")]
    public void Import_MalformedInput_Exit1AndNothingWritten(string name, string content, string expected)
    {
        var input = Path.Combine(folder, name);
        File.WriteAllText(input, content);
        var output = Path.Combine(folder, "out", "topology.yaml");
        var (code, stdout, stderr) = Run("topology", "import", input, "--out", output);
        Assert.Equal(ExitCodes.InputError, code);
        Assert.Contains($"error {expected}", stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was written", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
        Assert.False(Directory.Exists(Path.Combine(folder, "out")));
        Assert.Equal([name], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Import_MissingFile_Exit1PRIV0001()
    {
        var output = Path.Combine(folder, "topology.yaml");
        var (code, _, stderr) = Run("topology", "import", Path.Combine(folder, "missing.graphml"), "--out", output);
        Assert.Equal(ExitCodes.InputError, code);
        Assert.Contains("error PRIV0001", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Import_FailureKeepsExistingOutputUntouched()
    {
        var output = Path.Combine(folder, "topology.yaml");
        File.WriteAllText(output, "previous");
        var input = Path.Combine(folder, "bad.graphml");
        File.WriteAllText(input, "<graphml>");
        Assert.Equal(ExitCodes.InputError, Run("topology", "import", input, "--out", output).Code);
        Assert.Equal("previous", File.ReadAllText(output));
        Assert.Equal(0, Run("topology", "import", Zoo("Abilene.graphml"), "--out", output).Code);
        Assert.StartsWith("# Imported by 'privc topology import' from Abilene.graphml", File.ReadAllText(output), StringComparison.Ordinal);
        Assert.Equal(["bad.graphml", "topology.yaml"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Import_OutputIsDirectory_Exit1PRIV0007()
    {
        var (code, _, stderr) = Run("topology", "import", Zoo("Abilene.graphml"), "--out", folder);
        Assert.Equal(ExitCodes.InputError, code);
        Assert.Contains("error PRIV0007", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--tiers", "Edge!")]
    [InlineData("--tiers", "edge,edge")]
    [InlineData("--tiers", "gpu")]
    [InlineData("--tiers", ",")]
    [InlineData("--default-bandwidth", "10ms")]
    [InlineData("--tier-spec", "edge=lots,16Gi")]
    [InlineData("--tier-spec", "cloud=8,16Gi")]
    public void Import_BadOptions_Exit1PRIV0006(string option, string value)
    {
        var output = Path.Combine(folder, "topology.yaml");
        var (code, _, stderr) = Run("topology", "import", Zoo("Abilene.graphml"), "--out", output, option, value);
        Assert.Equal(ExitCodes.InputError, code);
        Assert.Contains("error PRIV0006", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Import_WithoutOut_UsageError()
    {
        var (code, _, stderr) = Run("topology", "import", Zoo("Abilene.graphml"));
        Assert.Equal(ExitCodes.InputError, code);
        Assert.Contains("PRIV0006", stderr, StringComparison.Ordinal);
    }

    private static string Zoo(string file) => Path.Combine(ZooFiles.Folder, file);

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApplication.Run(args, new CliContext(stdout, stderr, _ => null));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
