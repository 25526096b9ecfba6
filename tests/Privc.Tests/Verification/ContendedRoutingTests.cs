using Privc.Semantics;
using Privc.Topology;
using Privc.Verification;
using Privc.Verification.Decomposition;
using Privc.Verification.Solving;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Verification;

/// <summary>
/// Where bandwidth binds (specs/encoding.md sections 13.1 and 13.2, 14.1): the local capacity cuts, nogoods lifted
/// from nodes to devices, and their proofs replayed by a second solver, through the real z3 and cvc5.
/// </summary>
public class ContendedRoutingTests
{
    // Two flows of 600Mbps from the edge switch s1 to the cloud switch s4, and only the 1Gbps trusted path between
    // them: no placement of front on s1 and store on s4 can be routed, whichever nodes of the two switches they use.
    private const string Contended = """
        data Records: restricted tags PII;
        service front { image "r/front:1"; replicas 1; cpu 500m; memory 256Mi; ports 8080; tenant clinic; clearance restricted; handles Records; }
        service store { image "r/store:1"; replicas 1; cpu 1; memory 1Gi; ports 5432; tenant clinic; clearance restricted; }
        flow save: front -> store carries Records bandwidth 600Mbps port 5432;
        flow audit: front -> store bandwidth 600Mbps port 5432;
        intent front_at_edge: place front on tier == edge;
        intent store_in_cloud: place store on jurisdiction == AU and tier == cloud;
        intent trusted_path: route * avoid devices where trust == untrusted;
        """;

    private static VerifierOptions Options(VerificationStrategy strategy) =>
        new(new SolverOptions { Timeout = TimeSpan.FromSeconds(30) }, TimeSpan.FromHours(24)) { Strategy = strategy };

    private static (BoundProgram Program, TopologyModel Topology) Lab(string program)
    {
        var topology = TestSources.LoadTopology(LabTopology.Yaml);
        var compilation = TestSources.Compile(program, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        return (compilation.Program!, topology);
    }

    [Fact]
    public void CapacityCuts_LabTopology_EachCutCarriesItsBorderCapacity()
    {
        var index = new NetworkIndex(TestSources.LoadTopology(LabTopology.Yaml));
        var local = CapacityCuts.Local(index).ToList();
        // Every device and every cable's two devices, leaving and entering: 2 x (5 + 5).
        Assert.Equal(20, local.Count);
        // s1 leaves over s1-s2 (1Gbps) and s1-s3 (10Gbps); {s1, s2} over s2-s4 (1Gbps) and s1-s3 (10Gbps).
        Assert.Equal(11_000_000_000, Assert.Single(local, c => c.Devices.SequenceEqual(["s1"]) && !c.Inward).Capacity);
        Assert.Equal(11_000_000_000, Assert.Single(local, c => c.Devices.SequenceEqual(["s1", "s2"]) && c.Inward).Capacity);
        // s5 hangs off s4 alone.
        Assert.Equal(10_000_000_000, Assert.Single(local, c => c.Devices.SequenceEqual(["s5"]) && c.Inward).Capacity);
        Assert.Equal(local.Count, local.Select(c => (string.Join(",", c.Devices), c.Inward)).Distinct().Count());
    }

    [Fact]
    public void DecomposedSolver_ConflictBetweenTwoSwitches_LearnsOneNogoodOnDevicesForEveryNodeThere()
    {
        // front may go on edge-1 or edge-2 (both on s1), store on cloud-a or cloud-b (both on s4): four placements with
        // one cause. A nogood over nodes excludes one of them; the nogood on devices excludes all four, so the master
        // needs one conflict, and the decomposed solver agrees with the monolithic encoding that nothing is routable.
        var (program, topology) = Lab(Contended);
        var decomposed = Assert.IsType<VerificationResult.Unsatisfiable>(new Verifier(program, topology, TestSolvers.Z3, Options(VerificationStrategy.Decomposed)).Verify());
        Assert.IsType<VerificationResult.Unsatisfiable>(new Verifier(program, topology, TestSolvers.Z3, Options(VerificationStrategy.Monolithic)).Verify());
        var statistics = decomposed.Decomposition!;
        var learnt = statistics.LearntNogoods.First();
        Assert.Equal("devices", learnt.Kind);
        Assert.Equal(2, learnt.Hosts);
        Assert.Contains(statistics.RoutingProblems, p => p.Question == "devices" && p.Answer == "unsat");
        Assert.True(decomposed.Minimal);
        Assert.Equal(["front_at_edge", "store_in_cloud", "trusted_path"], decomposed.Core.Select(i => i.Name).Order());
    }

    [Fact]
    public void DecomposedSolver_NogoodOnDevices_ItsProofIsReplayedUnsatByCvc5()
    {
        var (program, topology) = Lab(Contended);
        var decomposed = Assert.IsType<VerificationResult.Unsatisfiable>(new Verifier(program, topology, TestSolvers.Z3, Options(VerificationStrategy.Decomposed)).Verify());
        var proofs = decomposed.Obligations.Where(o => o.Name.StartsWith("nogood-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(proofs);
        foreach (var proof in proofs)
        {
            var replay = ObligationReplay.Replay(proof.Script, proof.Expected, TestSolvers.Cvc5, new SolverOptions { Timeout = TimeSpan.FromSeconds(60) }, allowExtensions: false);
            Assert.Equal(ReplayStatus.Agree, replay.Status);
        }
    }

    [Fact]
    public void DecomposedSolver_RoomOnTheUntrustedPath_PlansAroundTheConflictWithTheCutsAndNogoodsItLearnt()
    {
        // Without the route restriction both flows fit the 10Gbps transit: the plan is checked and optimal.
        var (program, topology) = Lab(Contended.Replace("intent trusted_path: route * avoid devices where trust == untrusted;", string.Empty, StringComparison.Ordinal));
        var decomposed = Assert.IsType<VerificationResult.Proven>(new Verifier(program, topology, TestSolvers.Z3, Options(VerificationStrategy.Decomposed)).Verify());
        Assert.Equal(2, decomposed.Plan.Routes.Count(r => r.Flow is "save" or "audit"));
        Assert.IsType<VerificationResult.Proven>(new Verifier(program, topology, TestSolvers.Z3, Options(VerificationStrategy.Monolithic)).Verify());
    }
}
