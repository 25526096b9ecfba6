using System.Diagnostics;
using Privc.Semantics;
using Privc.Topology;
using Privc.Verification;
using Privc.Verification.Solving;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Verification;

/// <summary>
/// Unsat cores on a generated instance where the whole program under a core's few intents is large
/// (specs/encoding.md section 16.1): slices and extensions decide every deletion test, and the deadline is honoured
/// when they are switched off and the whole program has to be solved.
/// </summary>
public class CoreAtScaleTests
{
    private static (BoundProgram Program, TopologyModel Topology) Instance(int devices, int services)
    {
        var topology = TestSources.LoadTopology(ScaleInstance.Topology(devices));
        var compilation = TestSources.Compile(ScaleInstance.Program(services, ScaleInstance.Conflict), topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        return (compilation.Program!, topology);
    }

    private static VerifierOptions Options(TimeSpan budget, bool slices) =>
        new(new SolverOptions { Timeout = TimeSpan.FromSeconds(60), Seed = 0 }, budget) { CoreSlices = slices };

    [Fact]
    public void DecomposedSolver_CoreAtScale_SlicesAndExtensionsDecideEveryDeletionTest()
    {
        var (program, topology) = Instance(devices: 300, services: 200);
        var result = Assert.IsType<VerificationResult.Unsatisfiable>(new Verifier(program, topology, TestSolvers.Z3, Options(TimeSpan.FromMinutes(5), slices: true)).Verify());
        Assert.True(result.Minimal);
        Assert.Equal(["apart", "together"], result.Core.Select(i => i.Name).Order());
        // Each intent was shown necessary by a checked plan of the whole program (the slice's plan extended), and the
        // core's confirmation by its slice: the whole program under one intent was never solved.
        Assert.Equal(0, result.Decomposition!.CoreWholeSolves);
        Assert.True(result.Decomposition.CoreSliceVerdicts >= 2, $"{result.Decomposition.CoreSliceVerdicts} slice verdicts");
        Assert.Equal("unsat", Assert.Single(result.Obligations, o => o.Name == "unsatisfiable").Expected);
    }

    [Fact]
    public void DecomposedSolver_WholeProgramCoreTestsPastTheBudget_StopWithinSecondsOfTheDeadline()
    {
        // Without slices every deletion test solves the whole program under a few intents: a master of 300 services
        // on 600 nodes in 60 components and solver sessions, which takes far longer than the budget to build. A 5 s
        // budget (past the compile itself, so the core tests start) must end the run a few seconds later, undecided
        // or with a core not proven minimal.
        var (program, topology) = Instance(devices: 600, services: 300);
        var budget = TimeSpan.FromSeconds(5);
        var watch = Stopwatch.StartNew();
        var result = new Verifier(program, topology, TestSolvers.Z3, Options(budget, slices: false)).Verify();
        watch.Stop();
        Assert.True(watch.Elapsed < budget + TimeSpan.FromSeconds(8), $"the run took {watch.Elapsed.TotalSeconds:0.0} s on a budget of {budget.TotalSeconds} s");
        switch (result)
        {
            case VerificationResult.Undecided undecided:
                Assert.Equal(SolverOutcome.Timeout, undecided.Result.Outcome);
                break;
            case VerificationResult.Unsatisfiable unsat:
                Assert.False(unsat.Minimal);
                break;
            default:
                Assert.Fail($"unexpected {result.GetType().Name}");
                break;
        }
    }
}
