using Privc.Checking;
using Privc.Semantics;
using Privc.Verification;
using Privc.Verification.Decomposition;
using Privc.Tests.Infrastructure;
using Privc.Tests.Properties.Generators;
using Xunit.Abstractions;
using static Privc.Tests.Properties.PropertyHarness;

namespace Privc.Tests.Properties;

/// <summary>
/// The affinity greedy of specs/encoding.md section 14.1 ("Where bandwidth binds") on generated instances where
/// bandwidth binds: it proves nothing, so every plan it gives must be a real one. The monolithic encoding (the
/// reference) must then find the instance satisfiable, the independent checker must accept the plan again, and its
/// cost can be no lower than the reference's proven optimum.
/// </summary>
[Trait("Category", "Property")]
public class AffinityGreedyProperties(ITestOutputHelper output)
{
    [Fact]
    public void AffinityGreedy_ContendedInstances_PlansAreCompliantAndNeverBelowTheMonolithicOptimum()
    {
        var (plans, compared) = (0, 0);
        var cases = PropertyRunner.Check("affinity-greedy", 15, instance =>
        {
            var topology = instance.Topology;
            var solver = new SolverRunner(TestSolvers.Z3, Options.Solver, cap => cap);
            using var run = new DecomposedRun(instance.Program, topology, new NetworkIndex(topology), null, solver,
                new NogoodStore(), new DecompositionStatistics(), () => false, _ => { });
            if (run.Starved is not null || run.Heuristic(affinity: true) is not RunOutcome.Plan plan)
            {
                return null; // stuck or refuted: a greedy's failure says nothing
            }
            plans++;
            var report = ConfigurationChecker.Check(instance.Program, topology, plan.Configuration);
            if (!report.Compliant)
            {
                return "the checker rejects the affinity greedy's plan: " + string.Join("; ", report.Violations);
            }
            var reference = new Verifier(instance.Program, topology, TestSolvers.Z3, Options with { Strategy = VerificationStrategy.Monolithic }).Verify();
            if (Unexpected(reference) is { } problem)
            {
                return problem;
            }
            if (reference is VerificationResult.Unsatisfiable)
            {
                return "the affinity greedy planned an instance the monolithic encoding proves unsatisfiable";
            }
            if (reference is VerificationResult.Proven proven && proven.OptimalityProven
                && instance.Program.Objectives.FirstOrDefault() is { Metric: ObjectiveMetric.Cost } && proven.Objectives.Length > 0)
            {
                var cost = plan.Placement.Values.SelectMany(nodes => nodes).Sum(n => n.Cost);
                if (cost < proven.Objectives[0].Exact)
                {
                    return $"the affinity greedy's plan costs {cost}, below the proven optimum {proven.Objectives[0].Exact}";
                }
                compared++;
            }
            return null;
        }, ContendedInstance.Generate);
        output.WriteLine($"affinity-greedy: {cases} cases, {plans} plans, {compared} compared with a proven optimum");
        Assert.True(plans > 0, "the affinity greedy planned no generated case");
    }
}
