using Privc.Semantics;
using Privc.Verification;
using Privc.Checking;
using Privc.Verification.Solving;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Verification;

/// <summary>Every intent kind, satisfiable and unsatisfiable, through the real encoder, Z3 and the checker.</summary>
public class VerifierTests
{
    private static (BoundProgram Program, VerificationResult Result) Verify(string intents, string? services = null)
    {
        var topology = TestSources.LoadTopology(LabTopology.Yaml);
        var compilation = TestSources.Compile((services ?? LabTopology.Services) + intents, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        var verifier = new Verifier(compilation.Program!, topology, TestSolvers.Z3, new VerifierOptions(new SolverOptions { Timeout = TimeSpan.FromSeconds(20) }, TimeSpan.FromSeconds(60)));
        return (compilation.Program!, verifier.Verify());
    }

    private static Configuration Proven(VerificationResult result)
    {
        var proven = Assert.IsType<VerificationResult.Proven>(result);
        return proven.Plan;
    }

    private static void AssertCore(VerificationResult result, params string[] intents)
    {
        var unsat = Assert.IsType<VerificationResult.Unsatisfiable>(result);
        Assert.Equal(intents.Order(), unsat.Core.Select(i => i.Name).Order());
        Assert.True(unsat.Minimal);
        Assert.NotEmpty(unsat.Reasons);
    }

    [Fact]
    public void Place_TeeAtTheEdge_PlacesOnTheOnlyMatchingNode()
    {
        var (_, result) = Verify("intent tee_edge: place front on tier == edge and tee;");
        Assert.Equal<string>(["edge-1"], Proven(result).NodesOf("front"));
    }

    [Fact]
    public void Place_NoNodeMatches_CoreIsTheIntent()
    {
        var (_, result) = Verify("intent impossible: place store on tier == edge and jurisdiction == SG;");
        AssertCore(result, "impossible");
    }

    [Fact]
    public void Keep_DataInAustralia_NodesAndRoutesStayInAustralia()
    {
        var (_, result) = Verify("intent au: keep Records within jurisdiction == AU;\nintent far: place store on tier == cloud;");
        var plan = Proven(result);
        Assert.DoesNotContain("cloud-sg", plan.NodesOf("store"));
        Assert.All(plan.Routes, r => Assert.DoesNotContain("s5", r.Devices));
    }

    [Fact]
    public void Keep_OverEncryptedLinks_AvoidsTheUnencryptedTransit()
    {
        var (_, result) = Verify("intent enc: keep Records within jurisdiction == AU over links where encrypted;\nintent split: place front on tier == edge;\nintent cloud: place store on tier == cloud;");
        var route = Assert.Single(Proven(result).Routes);
        Assert.Equal<string>(["s1", "s2", "s4"], route.Devices);
    }

    [Fact]
    public void Keep_ConflictsWithPlacementAbroad_CoreNamesBoth()
    {
        var (_, result) = Verify("intent au: keep Records within jurisdiction == AU;\nintent sg: place front on jurisdiction == SG;\nintent harmless: place store on tier == cloud;");
        AssertCore(result, "au", "sg");
    }

    [Fact]
    public void Route_AvoidUntrusted_TakesTheFirewallPath()
    {
        var (_, result) = Verify("intent a: place front on tier == edge;\nintent b: place store on tier == cloud and jurisdiction == AU;\nintent safe: route save avoid devices where trust < medium;");
        Assert.Equal<string>(["s1", "s2", "s4"], Assert.Single(Proven(result).Routes).Devices);
    }

    [Fact]
    public void Route_AvoidAndLatencyTooTight_IsUnsatisfiableWithReason()
    {
        var (_, result) = Verify("intent a: place front on tier == edge;\nintent b: place store on tier == cloud;\nintent safe: route save avoid s3, latency <= 3ms;");
        var unsat = Assert.IsType<VerificationResult.Unsatisfiable>(result);
        Assert.Contains(unsat.Core, i => i.Name == "safe");
        Assert.Contains(unsat.Reasons, r => r.Contains("4ms", StringComparison.Ordinal) && r.Contains("3ms", StringComparison.Ordinal));
    }

    [Fact]
    public void Route_Waypoint_PassesTheFirewall()
    {
        var (_, result) = Verify("intent a: place front on tier == edge;\nintent b: place store on tier == cloud;\nintent fw: route save through devices where role == firewall;");
        Assert.Contains("s2", Assert.Single(Proven(result).Routes).Devices);
    }

    [Fact]
    public void Route_WaypointsInOrder_RespectsTheOrder()
    {
        var (_, result) = Verify("intent a: place front on tier == edge;\nintent b: place store on jurisdiction == SG;\nintent order: route save through s2 then s4;");
        Assert.Equal<string>(["s1", "s2", "s4", "s5"], Assert.Single(Proven(result).Routes).Devices);
    }

    [Fact]
    public void Route_WaypointsInImpossibleOrder_IsUnsatisfiable()
    {
        var (_, result) = Verify("intent a: place front on tier == edge;\nintent b: place store on jurisdiction == SG;\nintent order: route save through s4 then s2;");
        // Any route into s5 ends with s4 -> s5, so nothing can follow s4; 'a' is not needed for the conflict.
        AssertCore(result, "b", "order");
    }

    [Fact]
    public void Route_WaypointWithColocatedReplicas_ForcesDistinctNodes()
    {
        // An empty route (same node) passes no waypoint, so the two services must not share a node.
        var (_, result) = Verify("intent fw: route save through s1;\nintent both_edge: place front, store on tier == edge;");
        var plan = Proven(result);
        Assert.NotEqual(plan.NodesOf("front")[0], plan.NodesOf("store")[0]);
    }

    [Fact]
    public void Route_HopBound_ExcludesLongerPaths()
    {
        var (_, result) = Verify("intent a: place front on tier == edge;\nintent b: place store on jurisdiction == SG;\nintent short: route save hops <= 2;");
        AssertCore(result, "a", "b", "short");
    }

    [Fact]
    public void Route_WithinJurisdiction_IsUnsatisfiableWhenTheTargetIsAbroad()
    {
        var (_, result) = Verify("intent a: place front on tier == edge;\nintent sg: place store on jurisdiction == SG;\nintent au_path: route save within jurisdiction == AU;");
        AssertCore(result, "a", "au_path", "sg");
    }

    [Fact]
    public void Separate_ByZone_PutsServicesInDifferentZones()
    {
        var (_, result) = Verify("intent apart: separate front from store by zone;\nintent au: place front, store on jurisdiction == AU;");
        var plan = Proven(result);
        var zone = (string node) => node switch { "edge-1" or "cloud-a" => "a", _ => "b" };
        Assert.NotEqual(zone(plan.NodesOf("front")[0]), zone(plan.NodesOf("store")[0]));
    }

    [Fact]
    public void Colocate_ByNode_SharesTheNode()
    {
        var (_, result) = Verify("intent together: colocate front with store;\nintent edge: place store on tier == edge;");
        var plan = Proven(result);
        Assert.Equal<string>(plan.NodesOf("store"), plan.NodesOf("front"));
        Assert.Empty(Assert.Single(plan.Routes).Devices);
    }

    [Fact]
    public void Dedicate_KeepsOtherTenantsOff()
    {
        var services = LabTopology.Services + "service guest { image \"g:1\"; replicas 4; cpu 100m; tenant visitors; }\n";
        var (_, result) = Verify("intent own: dedicate front;", services);
        var plan = Proven(result);
        Assert.DoesNotContain(plan.NodesOf("front")[0], plan.NodesOf("guest"));
    }

    [Fact]
    public void Dedicate_NoNodeLeft_CoreIsTheIntent()
    {
        var services = LabTopology.Services + "service guest { image \"g:1\"; replicas 5; cpu 100m; tenant visitors; }\n";
        var (_, result) = Verify("intent own: dedicate front;", services);
        AssertCore(result, "own");
    }

    [Fact]
    public void Spread_AcrossZones_CoversTwoZones()
    {
        var services = LabTopology.Services.Replace("service store { image \"r/store:1\"; replicas 1;", "service store { image \"r/store:1\"; replicas 2;", StringComparison.Ordinal);
        var (_, result) = Verify("intent ha: spread store across zone at least 2;\nintent cloud: place store on tier == cloud and jurisdiction == AU;", services);
        Assert.Equal<string>(["cloud-a", "cloud-b"], Proven(result).NodesOf("store"));
    }

    [Fact]
    public void Spread_NotEnoughZones_ExplainsTheCount()
    {
        var services = LabTopology.Services.Replace("service store { image \"r/store:1\"; replicas 1;", "service store { image \"r/store:1\"; replicas 2;", StringComparison.Ordinal);
        var (_, result) = Verify("intent ha: spread store across jurisdiction at least 2;\nintent au: place store on jurisdiction == AU;", services);
        AssertCore(result, "au", "ha");
    }

    [Fact]
    public void Objective_MinimiseCost_ChoosesTheCheapestNodesAndProvesIt()
    {
        var (_, result) = Verify("objective cheap: minimize cost;");
        var proven = Assert.IsType<VerificationResult.Proven>(result);
        Assert.Equal<string>(["cloud-sg"], proven.Plan.NodesOf("front"));
        Assert.Equal<string>(["cloud-sg"], proven.Plan.NodesOf("store"));
        var objective = Assert.Single(proven.Objectives);
        Assert.True(objective.Proven);
        Assert.Equal(2m, objective.Exact);
        Assert.Equal(["satisfiable", "bound-cheap"], proven.Obligations.Select(o => o.Name));
        Assert.Equal("unsat", proven.Obligations[1].Expected);
    }

    [Fact]
    public void Objective_MinimiseLatencyThenCost_IsLexicographic()
    {
        var (_, result) = Verify("intent edge: place front on tier == edge;\nobjective fast: minimize latency;\nobjective cheap: minimize cost;");
        var proven = Assert.IsType<VerificationResult.Proven>(result);
        // Latency 0 needs store on front's device s1: an edge node (cost 2) rather than cloud (cost >= 3).
        Assert.Equal([0m, 4m], proven.Objectives.Select(o => o.Exact));
        Assert.All(proven.Objectives, o => Assert.True(o.Proven));
    }

    [Fact]
    public void Capacity_TooManyReplicas_StructuralCoreIsEmpty()
    {
        var services = LabTopology.Services.Replace("replicas 1; cpu 1;", "replicas 6; cpu 1;", StringComparison.Ordinal);
        var (_, result) = Verify(string.Empty, services);
        var unsat = Assert.IsType<VerificationResult.Unsatisfiable>(result);
        Assert.Empty(unsat.Core);
        Assert.Contains(unsat.Reasons, r => r.Contains("store", StringComparison.Ordinal));
    }

    [Fact]
    public void Core_WithIrrelevantIntents_IsMinimal()
    {
        var (_, result) = Verify(
            "intent a: place front on tier == edge;\nintent b: place store on tier == cloud;\nintent c: route save latency <= 1ms;\nintent d: keep Records within jurisdiction == AU;\nintent e: place front on tee;");
        AssertCore(result, "a", "b", "c");
    }

    private const string BackAndForth = LabTopology.Services + "flow back: store -> front bandwidth 1Mbps;\n"
        + "intent front_edge: place front on tier == edge;\nintent store_cloud: place store on tier == cloud and jurisdiction == AU;\n";

    [Fact]
    public void Route_PortlessFlowBack_RetracesTheRequestsPath()
    {
        // back has no port, so its packets from store to front look like replies of save: the switches can only
        // carry both if back takes save's path in reverse (W3).
        var (_, result) = Verify("intent via_transit: route save through s3;", BackAndForth);
        var plan = Proven(result);
        var save = Assert.Single(plan.Routes, r => r.Flow == "save");
        var back = Assert.Single(plan.Routes, r => r.Flow == "back");
        Assert.Equal<string>(["s1", "s3", "s4"], save.Devices);
        Assert.Equal(save.Devices.Reverse(), back.Devices);
        Assert.Equal(save.Hops.Select(h => (h.To, h.ToPort, h.From, h.FromPort)).Reverse(), back.Hops.Select(h => (h.From, h.FromPort, h.To, h.ToPort)));
    }

    [Fact]
    public void Route_PortlessFlowBackMustAvoidTheRequestsPath_IsUnsatisfiable()
    {
        var (_, result) = Verify("intent via_transit: route save through s3;\nintent back_safe: route back avoid devices where trust < high;", BackAndForth);
        var unsat = Assert.IsType<VerificationResult.Unsatisfiable>(result);
        Assert.Equal(["back_safe", "via_transit"], unsat.Core.Select(i => i.Name).Order());
        Assert.True(unsat.Minimal);
        Assert.Equal(["flow 'back' has no port, so switches cannot tell its packets from those of 'save' going the other way: between the same two nodes one must take the other's path in reverse (W3), and the intents on both (back_safe, via_transit) rule every such path out; a port on 'back' would let it go its own way"],
            unsat.Reasons.ToArray(), StringComparer.Ordinal);

        // With a port of its own, back's packets are told apart and it may take the firewall path.
        var ported = BackAndForth.Replace("bandwidth 1Mbps;", "bandwidth 1Mbps port 8080;", StringComparison.Ordinal);
        var (_, separate) = Verify("intent via_transit: route save through s3;\nintent back_safe: route back avoid devices where trust < high;", ported);
        Assert.Equal<string>(["s4", "s2", "s1"], Assert.Single(Proven(separate).Routes, r => r.Flow == "back").Devices);
    }
}
