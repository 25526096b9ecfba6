using Privc.Artifacts.Onos;
using Privc.Text;

namespace Privc.Tests.Resilience;

/// <summary>
/// Compile's self-check accepts lost packets per (flow, failure) (specs/onos.md, "Fast-failover groups"): on the ring
/// with a two-hop bound the packets already at the middle switch cannot turn back, so the planner warns (PRIV4020)
/// for exactly those failures; the failure cases that lose packets are those, and the same loss on another failure
/// of the same flow is not tolerated.
/// </summary>
public class FailoverToleranceTests
{
    [Fact]
    public void Tolerated_LostPacketsOnlyOnTheFailuresThePlannerWarnedAbout()
    {
        var (program, topology, plan) = ArpFailoverTests.Prove(FailoverGroupTests.Topology, FailoverGroupTests.Program + "intent short: route f hops <= 2;\n");
        var emission = OnosEmitter.Build(program, topology, plan, "digest", failover: true);
        Assert.True(emission.Succeeded, string.Join("\n", emission.Diagnostics));
        Assert.Contains(emission.Diagnostics, d => d.Code == "PRIV4020");
        Assert.NotEmpty(emission.Unprotected);
        // Not every failure of the flow is unprotected: the first switch still has a local detour.
        var trace = FailoverTracer.Trace(new SourceText("flows.json", emission.Files.Single(f => f.Path == OnosEmitter.FlowsPath).Content),
            new SourceText("groups.json", emission.Files.Single(f => f.Path == OnosEmitter.GroupsPath).Content), topology, program, plan.Placements);
        Assert.True(trace.Failures > emission.Unprotected.Length, $"{trace.Failures} failure cases, {emission.Unprotected.Length} unprotected");

        var lost = trace.Violations.Where(v => v.Intent == FailoverTracer.Condition).ToList();
        Assert.NotEmpty(lost);
        Assert.All(lost, v => Assert.True(FailoverTolerance.Tolerated(v, emission.Unprotected), v.ToString()));
        Assert.Empty(trace.Violations.Except(lost));

        // The same loss named on a failure the planner did not warn about is a privc bug, not a tolerated drop.
        var protectedCable = topology.Links.Select(l => "cable " + l.DisplayName)
            .First(c => !emission.Unprotected.Any(u => u.Element == c) && !c.Contains("s6", StringComparison.Ordinal));
        var moved = lost[0] with { Witness = lost[0].Witness with { Link = protectedCable["cable ".Length..] } };
        Assert.False(FailoverTolerance.Tolerated(moved, emission.Unprotected), moved.ToString());
        var otherFlow = lost[0] with { Witness = lost[0].Witness with { Flow = "another" } };
        Assert.False(FailoverTolerance.Tolerated(otherFlow, emission.Unprotected));
    }
}
