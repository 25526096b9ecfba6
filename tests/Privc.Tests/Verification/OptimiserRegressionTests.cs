using Privc.Semantics;
using Privc.Verification;
using Privc.Verification.Solving;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Verification;

/// <summary>
/// Found by the optimality property (specs/properties.md, seed 1146): z3 4.8.12's lexicographic optimiser answers
/// a non-optimal value for a later objective when an earlier one is constant over all plans. privc used to report
/// that value as "optimal, proven"; the bound check that refutes it now sends the verifier to bisection.
/// </summary>
public class OptimiserRegressionTests
{
    private const string Topology = """
        name: generated
        devices:
          - {id: "of:0000000000000001", name: s1, labels: {jurisdiction: US}}
          - {id: "of:0000000000000002", name: s2, labels: {jurisdiction: AU}}
        nodes:
          - {name: cloud-1, labels: {tier: cloud}, capacity: {cpu: 3, memory: 4Gi}, ip: 10.0.1.1, cost: 2, attach: {device: s1, port: 102}}
          - {name: edge-2, labels: {tier: edge}, capacity: {cpu: 1, memory: 4Gi}, ip: 10.0.2.2, cost: 5, attach: {device: s2, port: 103}}
        links: []
        """;

    private const string Program = """
        service web { image "registry.example.org/web:1"; replicas 1; cpu 1; memory 256Mi; ports 8000; tenant t1; }
        objective o1: prefer memory >= 2Gi and cost <= 1;
        objective o2: minimize cost;
        """;

    [Fact]
    public void Optimise_EarlierObjectiveConstant_LaterObjectiveIsTheTrueOptimum()
    {
        var topology = TestSources.LoadTopology(Topology);
        var compilation = TestSources.Compile(Program, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        var result = new Verifier(compilation.Program!, topology, TestSolvers.Z3,
            new VerifierOptions(new SolverOptions { Timeout = TimeSpan.FromSeconds(20) }, TimeSpan.FromSeconds(60)) { Strategy = VerificationStrategy.Monolithic }).Verify();
        var proven = Assert.IsType<VerificationResult.Proven>(result);
        Assert.Equal<string>(["cloud-1"], proven.Plan.NodesOf("web"));
        Assert.Equal([1m, 2m], proven.Objectives.Select(o => o.Exact));
        Assert.True(proven.OptimalityProven);
        // The optimiser's wrong claim is not in the certificate; the optimum of o2 is proven by an unsat bound.
        Assert.DoesNotContain(proven.Obligations, o => o.Name == "optimal");
        Assert.Contains(proven.Obligations, o => o.Name == "optimal-o2" && o.Expected == "unsat");
    }

    [Fact]
    public void DecomposedOptimise_EarlierObjectiveConstant_LaterObjectiveProvenByItsBound()
    {
        // The decomposed solver never asks z3's optimiser: each optimum is the incumbent plus an unsat bound one below it.
        var topology = TestSources.LoadTopology(Topology);
        var compilation = TestSources.Compile(Program, topology);
        var result = new Verifier(compilation.Program!, topology, TestSolvers.Z3,
            new VerifierOptions(new SolverOptions { Timeout = TimeSpan.FromSeconds(20) }, TimeSpan.FromSeconds(60)) { Strategy = VerificationStrategy.Decomposed }).Verify();
        var proven = Assert.IsType<VerificationResult.Proven>(result);
        Assert.Equal<string>(["cloud-1"], proven.Plan.NodesOf("web"));
        Assert.Equal([1m, 2m], proven.Objectives.Select(o => o.Exact));
        Assert.True(proven.OptimalityProven);
        Assert.Contains(proven.Obligations, o => o.Name.StartsWith("bound-o2", StringComparison.Ordinal) && o.Expected == "unsat");
        Assert.DoesNotContain(proven.Obligations, o => o.Script.Contains("(minimize", StringComparison.Ordinal));
    }
}
