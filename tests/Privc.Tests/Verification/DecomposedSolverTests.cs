using Privc.Semantics;
using Privc.Topology;
using Privc.Verification;
using Privc.Verification.Solving;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Verification;

/// <summary>
/// The decomposed solver (specs/encoding.md, Part II) on the examples and on small cases where one level decides,
/// beside the monolithic encoding, through the real z3. The property suite compares the two on generated instances.
/// </summary>
public class DecomposedSolverTests
{
    private const string Contended = """
        data Records: restricted tags PII;
        service front { image "r/front:1"; replicas 2; cpu 500m; memory 256Mi; ports 8080; tenant clinic; clearance restricted; handles Records; }
        service store { image "r/store:1"; replicas 1; cpu 1; memory 1Gi; ports 5432; tenant clinic; clearance restricted; }
        flow save: front -> store carries Records bandwidth 600Mbps port 5432;
        flow audit: front -> store bandwidth 600Mbps port 5432;
        intent front_at_edge: place front on tier == edge;
        intent store_in_cloud: place store on tier == cloud;
        intent trusted_path: route * avoid devices where trust == untrusted;
        intent store_tee: place store on tee;
        """;

    private static VerifierOptions Options(VerificationStrategy strategy, TextWriter? progress = null) =>
        new(new SolverOptions { Timeout = TimeSpan.FromSeconds(30) }, TimeSpan.FromHours(24)) { Strategy = strategy, Progress = progress };

    private static (BoundProgram Program, TopologyModel Topology) Example(string name, string file)
    {
        var topology = TestSources.ExampleTopology(name);
        var compilation = new Compilation([new Privc.Text.SourceText(file, File.ReadAllText(Path.Combine(TestPaths.Examples, name, file)))], topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        return (compilation.Program!, topology);
    }

    private static (BoundProgram Program, TopologyModel Topology) Lab(string program)
    {
        var topology = TestSources.LoadTopology(LabTopology.Yaml);
        var compilation = TestSources.Compile(program, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        return (compilation.Program!, topology);
    }

    [Fact]
    public void DecomposedSolver_HospitalExample_ProvesTheMonolithicOptimumWithRouteFacts()
    {
        var (program, topology) = Example("hospital-au", "hospital.priv");
        var decomposed = Assert.IsType<VerificationResult.Proven>(new Verifier(program, topology, TestSolvers.Z3, Options(VerificationStrategy.Decomposed)).Verify());
        var monolithic = Assert.IsType<VerificationResult.Proven>(new Verifier(program, topology, TestSolvers.Z3, Options(VerificationStrategy.Monolithic)).Verify());
        Assert.True(decomposed.OptimalityProven && monolithic.OptimalityProven);
        Assert.Equal(monolithic.Objectives.Select(o => o.Exact), decomposed.Objectives.Select(o => o.Exact));
        Assert.Equal(4m, decomposed.Objectives.Single().Exact);
        // The master's obligations assert the static route facts; the certificate carries them for certify.
        Assert.NotNull(decomposed.RouteFacts);
        Assert.Contains("no-single-device-route", decomposed.RouteFacts, StringComparison.Ordinal);
        Assert.Equal("unsat", Assert.Single(decomposed.Obligations, o => o.Name.StartsWith("bound-cheap", StringComparison.Ordinal)).Expected);
    }

    [Fact]
    public void DecomposedSolver_ContradictoryExample_FindsTheMonolithicMinimalCore()
    {
        var (program, topology) = Example("contradictory", "contradictory.priv");
        var decomposed = Assert.IsType<VerificationResult.Unsatisfiable>(new Verifier(program, topology, TestSolvers.Z3, Options(VerificationStrategy.Decomposed)).Verify());
        var monolithic = Assert.IsType<VerificationResult.Unsatisfiable>(new Verifier(program, topology, TestSolvers.Z3, Options(VerificationStrategy.Monolithic)).Verify());
        Assert.True(decomposed.Minimal);
        Assert.Equal(monolithic.Core.Select(i => i.Name).Order(), decomposed.Core.Select(i => i.Name).Order());
        Assert.Equal(["analytics_cheap_region", "residency"], decomposed.Core.Select(i => i.Name).Order());
    }

    [Fact]
    public void DecomposedSolver_BandwidthBindsOnTheOnlyTrustedPath_CoreNamesThePlacementsAndTheRoute()
    {
        // The front replicas sit on s1 (edge), the store behind s4 or s5 (cloud); avoiding the untrusted transit
        // leaves s1-s2 (1Gbps) for two flows of 600Mbps each: W4 fails for every placement. The routing subproblem proves
        // it, the nogood names the placements, and the core drops the irrelevant TEE intent of the store.
        var (program, topology) = Lab(Contended);
        var decomposed = Assert.IsType<VerificationResult.Unsatisfiable>(new Verifier(program, topology, TestSolvers.Z3, Options(VerificationStrategy.Decomposed)).Verify());
        var monolithic = Assert.IsType<VerificationResult.Unsatisfiable>(new Verifier(program, topology, TestSolvers.Z3, Options(VerificationStrategy.Monolithic)).Verify());
        Assert.True(decomposed.Minimal);
        Assert.Equal(["front_at_edge", "store_in_cloud", "trusted_path"], decomposed.Core.Select(i => i.Name).Order());
        Assert.Equal(monolithic.Core.Select(i => i.Name).Order(), decomposed.Core.Select(i => i.Name).Order());
        Assert.Contains(decomposed.Obligations, o => o.Name == "unsatisfiable" && o.Expected == "unsat");
    }

    [Fact]
    public void DecomposedSolver_WithoutTheRouteRestriction_RoutesAroundTheContention()
    {
        var (program, topology) = Lab(Contended.Replace("intent trusted_path: route * avoid devices where trust == untrusted;\n", string.Empty, StringComparison.Ordinal));
        var decomposed = Assert.IsType<VerificationResult.Proven>(new Verifier(program, topology, TestSolvers.Z3, Options(VerificationStrategy.Decomposed)).Verify());
        Assert.Equal(2, decomposed.Plan.Routes.Count(r => r.Flow == "save"));
        Assert.IsType<VerificationResult.Proven>(new Verifier(program, topology, TestSolvers.Z3, Options(VerificationStrategy.Monolithic)).Verify());
    }

    [Fact]
    public void DecomposedSolver_LongSolve_ReportsStageAndBestBoundOnTheInjectedWriter()
    {
        // A clock that advances 1.5 s a reading makes every stage "long"; the lines go to the writer, never Console.
        var (program, topology) = Example("hospital-au", "hospital.priv");
        var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var progress = new StringWriter();
        var result = new Verifier(program, topology, TestSolvers.Z3, Options(VerificationStrategy.Decomposed, progress), () => now = now.AddSeconds(1.5)).Verify();
        Assert.IsType<VerificationResult.Proven>(result);
        var lines = progress.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.StartsWith("privc: ", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("bounding objective cheap", StringComparison.Ordinal) && l.Contains("cheap: best", StringComparison.Ordinal));
    }

    [Fact]
    public void DecomposedSolver_QuickSolve_StaysSilent()
    {
        var (program, topology) = Example("hospital-au", "hospital.priv");
        var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var progress = new StringWriter();
        new Verifier(program, topology, TestSolvers.Z3, Options(VerificationStrategy.Decomposed, progress), () => now).Verify();
        Assert.Equal(string.Empty, progress.ToString());
    }
}
