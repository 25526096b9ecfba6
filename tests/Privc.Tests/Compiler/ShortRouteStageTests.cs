using Privc.Compiler;
using Privc.Semantics;
using Privc.Verification;
using Privc.Verification.Solving;

namespace Privc.Tests.Compiler;

/// <summary>
/// The tie-breaker's second stage gets a share of the time, not the whole rest of the budget (specs/encoding.md
/// section 15.2, "Staging"): three times what the first stage took, at least 10 s, at most what is left. The stages
/// are the real verifier on the hospital example; only the clock is stepped, so the shares are exact.
/// </summary>
public class ShortRouteStageTests
{
    private sealed class SteppedTime : TimeProvider
    {
        private long ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => ticks;

        public void Advance(TimeSpan by) => ticks += by.Ticks;
    }

    [Theory]
    [InlineData(1, 300, 10)]
    [InlineData(20, 300, 60)]
    [InlineData(50, 60, 10)]
    [InlineData(5, 12, 7)]
    public void SecondStage_GetsItsShareOfTheBudget(int firstSeconds, int budgetSeconds, int expectedShareSeconds)
    {
        var (plain, goal, topology) = Hospital();
        var time = new SteppedTime();
        var budgets = new List<TimeSpan>();
        VerificationResult Verify(BoundProgram program, TimeSpan budget)
        {
            budgets.Add(budget);
            var result = new Verifier(program, topology, TestSolvers.Z3, new VerifierOptions(new SolverOptions { Timeout = budget, Seed = 0 }, budget)).Verify();
            if (budgets.Count == 1)
            {
                time.Advance(TimeSpan.FromSeconds(firstSeconds));
            }
            return result;
        }

        var result = new ShortRouteStage(plain, goal, topology, TimeSpan.FromSeconds(budgetSeconds), ShortRouteStage.DefaultMaxReplicaPairs, time, Verify).Run();

        Assert.Equal([TimeSpan.FromSeconds(budgetSeconds), TimeSpan.FromSeconds(expectedShareSeconds)], budgets);
        var proven = Assert.IsType<VerificationResult.Proven>(result);
        Assert.All(proven.Objectives, o => Assert.True(o.Proven, o.Objective.Name));
    }

    [Fact]
    public void SecondStage_RunningOutOfItsShare_LeavesTheFirstPlanAndSaysWhy()
    {
        var (plain, goal, topology) = Hospital();
        var time = new SteppedTime();
        var calls = 0;
        VerificationResult? first = null;
        VerificationResult Verify(BoundProgram program, TimeSpan budget)
        {
            if (++calls == 1)
            {
                first = new Verifier(program, topology, TestSolvers.Z3, new VerifierOptions(new SolverOptions { Timeout = budget, Seed = 0 }, budget)).Verify();
                time.Advance(TimeSpan.FromSeconds(4));
                return first;
            }
            return new VerificationResult.Undecided(new CheckResult(SolverOutcome.Timeout, "timeout"), "bounding objective short-routes-hops");
        }

        var result = new ShortRouteStage(plain, goal, topology, TimeSpan.FromSeconds(300), ShortRouteStage.DefaultMaxReplicaPairs, time, Verify).Run();

        var proven = Assert.IsType<VerificationResult.Proven>(result);
        Assert.Equal(((VerificationResult.Proven)first!).Plan, proven.Plan);
        var tieBreaker = proven.Objectives.Skip(plain.Objectives.Length).ToList();
        Assert.Equal(2, tieBreaker.Count);
        Assert.All(tieBreaker, o =>
        {
            Assert.False(o.Proven);
            Assert.Contains("its time share ran out before it was proven (3x the 4.0 s the plan took, at least 10 s", o.Unproven, StringComparison.Ordinal);
        });
    }

    private static (BoundProgram Plain, BoundProgram Goal, Privc.Topology.TopologyModel Topology) Hospital()
    {
        var example = Path.Combine(TestPaths.Examples, "hospital-au");
        var inputs = Inputs.Load([Path.Combine(example, "hospital.priv")], Path.Combine(example, "topology.yaml"));
        var compilation = inputs.Compilation!;
        var plain = compilation.Program!;
        return (plain, ShortRoutes.Apply(plain, RoutePreference.Hops), compilation.Topology);
    }
}
