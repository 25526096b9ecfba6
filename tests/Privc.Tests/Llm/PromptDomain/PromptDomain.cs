using Privc.Semantics;
using Privc.Tests.Infrastructure;
using Privc.Text;
using Privc.Topology;

namespace Privc.Tests.Llm;

/// <summary>The prompt's example domain (an energy utility in New Zealand), which no benchmark scenario uses.</summary>
public static class PromptDomain
{
    private static string Folder => Path.Combine(TestPaths.RepositoryRoot, "tests", "Privc.Tests", "Llm", "PromptDomain");

    public static TopologyModel Topology { get; } = TopologyLoader.LoadFile(Path.Combine(Folder, "utility.yaml")).Topology!;

    public static SourceText Context { get; } = new("utility.priv", File.ReadAllText(Path.Combine(Folder, "utility.priv")));

    public static BoundProgram Bind(string text)
    {
        var compilation = new Compilation([Context, new SourceText("example.priv", text)], Topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        return compilation.Program!;
    }
}
