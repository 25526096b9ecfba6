using Privc.Semantics;
using Privc.Verification;
using Privc.Parsing;
using Privc.Text;
using Privc.Topology;

namespace Privc.Tests.Infrastructure;

/// <summary>Builds sources, topologies and compilations for focused tests.</summary>
public static class TestSources
{
    public static SourceText Source(string text, string path = "test.priv") => new(path, text);

    public static ParseResult Parse(string text) => SyntaxParser.Parse(Source(text));

    public static TopologyModel LoadTopology(string yaml)
    {
        var result = TopologyLoader.Load(new SourceText("topology.yaml", yaml));
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Topology!;
    }

    public static TopologyModel ExampleTopology(string example) =>
        TopologyLoader.LoadFile(Path.Combine(TestPaths.Examples, example, "topology.yaml")).Topology
        ?? throw new InvalidOperationException($"example topology {example} does not load");

    public static Compilation Compile(string text, TopologyModel topology) => new([Source(text)], topology);
}
