using Privc.Semantics;
using Privc.Verification;
using Privc.Text;
using Privc.Topology;

namespace Privc.Tests.Infrastructure;

/// <summary>The benchmark's scenarios (specs/benchmark) as test inputs.</summary>
public static class BenchmarkFiles
{
    public static string Root => Path.Combine(TestPaths.Specs, "benchmark");

    public static SourceText HospitalContext { get; } = new("hospital-au.priv", File.ReadAllText(Path.Combine(Root, "contexts", "hospital-au.priv")));

    public static TopologyModel HospitalTopology { get; } = TestSources.ExampleTopology("hospital-au");

    /// <summary>The hospital declarations plus one more source; fails the test when it does not type-check.</summary>
    public static BoundProgram BindWithHospital(string text, string path = "answer.priv")
    {
        var compilation = new Compilation([HospitalContext, new SourceText(path, text)], HospitalTopology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        return compilation.Program!;
    }
}
