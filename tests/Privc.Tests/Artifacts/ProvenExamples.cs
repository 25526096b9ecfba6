using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Verification;
using Privc.Artifacts.Emit;
using Privc.Text;
using Privc.Checking;
using Privc.Verification.Solving;
using Privc.Tests.Artifacts.Onos;
using Privc.Tests.Infrastructure;
using Privc.Topology;

namespace Privc.Tests.Artifacts;

/// <summary>A proven example of specs/examples: its program, topology, plan and certificate digest.</summary>
public sealed record ProvenExample(string Name, BoundProgram Program, TopologyModel Topology, Configuration Plan, string Digest);

/// <summary>
/// Solves every example whose `expect` says proven once (real z3, as `privc compile` does) and shares the plans
/// between the artifact and check test classes (one collection, so z3 solves each example once).
/// </summary>
public sealed class ProvenExamples
{
    private readonly Lazy<ImmutableArray<ProvenExample>> examples = new(Solve);

    public ImmutableArray<ProvenExample> All => examples.Value;

    public ProvenExample this[string name] => All.Single(e => e.Name == name);

    /// <summary>The program, topology and plan of one example, for tests that take them apart.</summary>
    public ProvenPlan Get(string name)
    {
        var example = this[name];
        return new ProvenPlan(example.Program, example.Topology, example.Plan);
    }

    public static TheoryData<string> Names() => new(ExampleNames());

    private static IEnumerable<string> ExampleNames() =>
        Directory.GetDirectories(TestPaths.Examples).Order(StringComparer.Ordinal)
            .Where(folder => File.ReadAllText(Path.Combine(folder, "expect")).Trim() == "proven")
            .Select(folder => Path.GetFileName(folder));

    private static ImmutableArray<ProvenExample> Solve() => ExampleNames().Select(Solve).ToImmutableArray();

    private static ProvenExample Solve(string name)
    {
        var folder = Path.Combine(TestPaths.Examples, name);
        var topology = TestSources.ExampleTopology(name);
        var sources = Directory.GetFiles(folder, "*.priv").Order(StringComparer.Ordinal).Select(p => new SourceText(p, File.ReadAllText(p)));
        var compilation = new Compilation(sources, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        var verifier = new Verifier(compilation.Program!, topology, TestSolvers.Z3,
            new VerifierOptions(new SolverOptions { Timeout = TimeSpan.FromSeconds(120) }, TimeSpan.FromSeconds(300)));
        var proven = Assert.IsType<VerificationResult.Proven>(verifier.Verify());
        var digest = CertificateWriter.Digest(ArtifactBuilder.Build(compilation.Program!, topology, proven));
        return new ProvenExample(name, compilation.Program!, topology, proven.Plan, digest);
    }
}

[CollectionDefinition(Name)]
public sealed class ProvenExamplesCollection : ICollectionFixture<ProvenExamples>
{
    public const string Name = "proven examples";
}
