using Privc.Semantics;
using Privc.Verification;
using Privc.Parsing;
using Privc.Tests.Infrastructure;
using Privc.Topology;

namespace Privc.Tests.Import;

/// <summary>specs/examples/gdpr-geant2012: an imported topology with a GDPR residency scenario on top.</summary>
public class GdprGeantExampleTests
{
    private static string Folder => Path.Combine(TestPaths.Examples, "gdpr-geant2012");

    [Fact]
    public void Example_TopologyIsCurrentImporterOutput()
    {
        // Regenerate with: privc topology import ../shared/data/topologyzoo/Geant2012.graphml --tiers edge,cloud
        //   --out specs/examples/gdpr-geant2012/topology.yaml
        var result = ZooFiles.Import("Geant2012.graphml", "edge", "cloud");
        var expected = TopologyWriter.Write(result.Document!, result.Header);
        Assert.Equal(expected, File.ReadAllText(Path.Combine(Folder, "topology.yaml")));
    }

    [Fact]
    public void Example_IntentsTypeCheckWithoutDiagnostics()
    {
        var topology = TopologyLoader.LoadFile(Path.Combine(Folder, "topology.yaml"));
        Assert.True(topology.Succeeded, string.Join("\n", topology.Diagnostics));
        var sources = Directory.GetFiles(Folder, "*.priv").Order(StringComparer.Ordinal).Select(f => SourceReader.ReadFile(f).Value!).ToList();
        var compilation = new Compilation(sources, topology.Topology!);
        Assert.Empty(compilation.Diagnostics);
        var program = compilation.Program!;
        Assert.Equal(5, program.Services.Length);
        Assert.Equal("proven", File.ReadAllText(Path.Combine(Folder, "expect")).Trim());
    }
}
