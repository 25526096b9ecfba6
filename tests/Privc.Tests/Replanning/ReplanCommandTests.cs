using System.Text.Json.Nodes;
using Privc.Cli;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Replanning;

/// <summary>
/// privc replan on the bundled examples, with the real z3 (and cvc5 for certify): a link cut or a node lost moves only
/// what must move, says what changed, writes only the changed artifacts, and proves the minimum.
/// </summary>
public class ReplanCommandTests
{
    private static readonly string Hospital = Path.Combine(TestPaths.Examples, "hospital-au");
    private static readonly string Geant = Path.Combine(TestPaths.Examples, "gdpr-geant2012");

    private static string Intents(string example) => Directory.GetFiles(example, "*.priv").Order(StringComparer.Ordinal).Single();

    private static string Compile(string example)
    {
        var output = Path.Combine(CliRunner.TempFolder(), "old");
        // The reference plans these cases were written against: without the short-route tie-breaker, which would put the
        // hospital's anonymiser on edge-syd-1 too (replan itself does not apply it).
        var result = CliRunner.Run("compile", Intents(example), "--topology", Path.Combine(example, "topology.yaml"), "--out", output, "--route-preference", "none");
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        return output;
    }

    private static (CliRunner.Result Result, string Output) Replan(string old, string example, string topologyText, string strategy = "decomposed", params string[] extra)
    {
        var folder = CliRunner.TempFolder();
        var topology = Path.Combine(folder, "topology.yaml");
        File.WriteAllText(topology, topologyText);
        var output = Path.Combine(folder, "new");
        var result = CliRunner.Run(["replan", old, Intents(example), "--topology", topology, "--out", output, "--strategy", strategy, .. extra]);
        return (result, output);
    }

    private static JsonNode Changes(string output) => JsonNode.Parse(File.ReadAllText(Path.Combine(output, "changes.json")))!;

    private static JsonNode Plan(string output) => JsonNode.Parse(File.ReadAllText(Path.Combine(output, "plan.json")))!;

    private static Dictionary<string, string[]> Placements(JsonNode plan) =>
        plan["placements"]!.AsArray().ToDictionary(p => (string)p!["service"]!, p => p!["nodes"]!.AsArray().Select(n => (string)n!).ToArray());

    private static long Moved(JsonNode changes) => (long)changes["disruption"]!["movedReplicas"]!["value"]!;

    private static long Disturbed(JsonNode changes) => (long)changes["disruption"]!["disturbedRoutes"]!["value"]!;

    private static bool Proven(JsonNode changes, string measure) => (bool)changes["disruption"]![measure]!["proven"]!;

    [Theory]
    [InlineData("decomposed")]
    [InlineData("monolithic")]
    public void Replan_NothingChanged_KeepsThePlanAndWritesNoArtifact(string strategy)
    {
        var old = Compile(Hospital);
        var (result, output) = Replan(old, Hospital, File.ReadAllText(Path.Combine(Hospital, "topology.yaml")), strategy);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.Contains("replan: 0 replicas moved (proven minimal), 0 routes disturbed (0 rerouted; proven minimal): nothing changes", result.Out, StringComparison.Ordinal);
        var changes = Changes(output);
        Assert.True((bool)changes["unchanged"]!);
        Assert.Empty(changes["files"]!.AsArray());
        Assert.Equal(Placements(Plan(old)), Placements(Plan(output)));
        Assert.Equal(Plan(old)["routes"]!.ToJsonString(), Plan(output)["routes"]!.ToJsonString());
        Assert.False(Directory.Exists(Path.Combine(output, "kubernetes")));
        Assert.False(Directory.Exists(Path.Combine(output, "onos")));
    }

    [Theory]
    [InlineData("decomposed")]
    [InlineData("monolithic")]
    public void Replan_HospitalNodeLost_MovesOnlyItsReplicasAndSaysWhy(string strategy)
    {
        var old = Compile(Hospital);
        var (result, output) = Replan(old, Hospital, TopologyEdits.WithoutNode(File.ReadAllText(Path.Combine(Hospital, "topology.yaml")), "edge-syd-1"), strategy);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        var changes = Changes(output);
        // ingest and triage had a replica on edge-syd-1: exactly those two move, proven minimal.
        Assert.Equal(2, Moved(changes));
        Assert.True(Proven(changes, "movedReplicas"));
        Assert.Equal(["ingest", "triage"], changes["moved"]!.AsArray().Select(m => (string)m!["service"]!).ToArray());
        Assert.All(changes["moved"]!.AsArray(), m => Assert.Equal("edge-syd-1", (string)m!["from"]!));
        var before = Placements(Plan(old));
        var after = Placements(Plan(output));
        foreach (var (service, nodes) in before)
        {
            Assert.Equal(nodes.Where(n => n != "edge-syd-1"), after[service].Intersect(nodes));
        }
        // Every dropped route had an end on the lost node; the minimal core says why the services could not stay.
        Assert.All(changes["disturbedRoutes"]!.AsArray(), r => Assert.Contains("edge-syd-1", new[] { (string)r!["sourceNode"]!, (string)r["targetNode"]! }));
        Assert.Contains("why the moves: a minimal conflicting set: keep:", result.Out, StringComparison.Ordinal);
        Assert.Contains("but only 1 satisfy keep:", result.Out, StringComparison.Ordinal);
        Assert.Contains("kubernetes/ingest.yaml", changes["files"]!.AsArray().Select(f => (string)f!["path"]!));
        Assert.DoesNotContain("kubernetes/research.yaml", changes["files"]!.AsArray().Select(f => (string)f!["path"]!));
        Assert.False(File.Exists(Path.Combine(output, "kubernetes", "research.yaml")));
        Assert.True(File.Exists(Path.Combine(output, "kubernetes", "triage.yaml")));
    }

    [Theory]
    [InlineData("decomposed")]
    [InlineData("monolithic")]
    public void Replan_HospitalLinkCut_ReroutesOnlyTheRouteOverIt(string strategy)
    {
        var old = Compile(Hospital);
        // s3 port 3 - s4 port 1 carries research_feed from Melbourne to the Sydney cloud.
        var (result, output) = Replan(old, Hospital, TopologyEdits.WithoutLink(File.ReadAllText(Path.Combine(Hospital, "topology.yaml")), "s3", 3), strategy);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        var changes = Changes(output);
        Assert.Equal(0, Moved(changes));
        Assert.Equal(1, Disturbed(changes));
        Assert.True(Proven(changes, "disturbedRoutes"));
        var route = changes["disturbedRoutes"]!.AsArray().Single()!;
        Assert.Equal("research_feed", (string)route["flow"]!);
        Assert.Equal("rerouted", (string)route["change"]!);
        Assert.Contains("link s3:3 -> s4:1 is gone", (string)route["reason"]!, StringComparison.Ordinal);
        Assert.Equal(["onos/flows.json", "onos/intents/cloud-syd-1_to_edge-mel-1.json", "onos/intents/edge-mel-1_to_cloud-syd-1.json"], changes["files"]!.AsArray().Select(f => (string)f!["path"]!).ToArray());
        Assert.Contains("rerouted  research_feed edge-mel-1 -> cloud-syd-1: s2 s7 s3 s4 -> s2 s7 s3 s5 s6 s4", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Replan_Certificate_IsReplayedByCvc5IncludingTheDisruptionBounds()
    {
        var old = Compile(Hospital);
        var (replan, output) = Replan(old, Hospital, TopologyEdits.WithoutNode(File.ReadAllText(Path.Combine(Hospital, "topology.yaml")), "edge-syd-1"));
        Assert.True(replan.ExitCode == ExitCodes.Success, replan.Error);

        var result = CliRunner.Run("certify", output, "--solver", "cvc5");
        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        Assert.Contains("bound-replan-moved-replicas.smt2: agree (expected unsat; cvc5", result.Out, StringComparison.Ordinal);
        Assert.Contains("bound-replan-disturbed-routes.smt2: agree (expected unsat; cvc5", result.Out, StringComparison.Ordinal);
        Assert.Contains("why-moved-unsatisfiable.smt2: agree (expected unsat; cvc5", result.Out, StringComparison.Ordinal);
        Assert.Contains(" 0 disagree, 0 undecided, 0 not replayable", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Certify_ReplanAfterALinkCut_ReDerivesEveryKeepabilityVerdict_AndCatchesAFlippedOne()
    {
        var old = Compile(Hospital);
        var (replan, output) = Replan(old, Hospital, TopologyEdits.WithoutLink(File.ReadAllText(Path.Combine(Hospital, "topology.yaml")), "s3", 3));
        Assert.True(replan.ExitCode == ExitCodes.Success, replan.Error);
        var factsPath = Path.Combine(output, "certificate", "route-facts.json");
        var facts = JsonNode.Parse(File.ReadAllText(factsPath))!;
        var references = facts["references"]!.AsArray();
        // The cut link makes at least one reference route unkeepable; the others stay keepable.
        Assert.Contains(references, r => !(bool)r!["keepable"]!);
        Assert.Contains(references, r => (bool)r!["keepable"]!);

        var result = CliRunner.Run("certify", output);
        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        Assert.Contains(" 0 disagree, 0 undecided, 0 not replayable", result.Out, StringComparison.Ordinal);
        var total = (facts["facts"]?.AsArray().Count ?? 0) + (facts["cuts"]?.AsArray().Count ?? 0) + references.Count;
        Assert.Contains($"route-facts.json: agree ({total} of {total} route fact(s) re-derived)", result.Out, StringComparison.Ordinal);

        // A keepable route claimed unkeepable would let the disruption bound count one route too many: certify refutes it.
        var keepable = references.First(r => (bool)r!["keepable"]!)!;
        keepable["keepable"] = false;
        File.WriteAllText(factsPath, facts.ToJsonString());
        var tampered = CliRunner.Run("certify", output);
        Assert.NotEqual(ExitCodes.Success, tampered.ExitCode);
        Assert.Contains($"flow '{(string)keepable["flow"]!}': the reference route from {(string)keepable["source"]!} to {(string)keepable["target"]!} is keepable, yet the certificate says not keepable", tampered.Out + tampered.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Replan_JsonFormat_PutsTheChangeListInTheEnvelope()
    {
        var old = Compile(Hospital);
        var (result, _) = Replan(old, Hospital, TopologyEdits.WithoutLink(File.ReadAllText(Path.Combine(Hospital, "topology.yaml")), "s3", 3), "decomposed", "--format", "json");
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        var envelope = JsonNode.Parse(result.Out)!;
        Assert.Equal("proven", (string)envelope["outcome"]!);
        Assert.Equal(1L, (long)envelope["changes"]!["disruption"]!["disturbedRoutes"]!["value"]!);
        Assert.Contains("onos/flows.json", envelope["written"]!.AsArray().Select(f => (string)f!));
    }

    [Fact]
    [CoversDiagnostic("PRIV0010")]
    public void Replan_OutIsTheOldFolder_IsRefusedAndChangesNothing()
    {
        var old = Compile(Hospital);
        var before = CliRunner.Snapshot(old);
        var result = CliRunner.Run("replan", old, Intents(Hospital), "--topology", Path.Combine(Hospital, "topology.yaml"), "--out", old);
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("nothing was written", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, CliRunner.Snapshot(old));
    }

    [Fact]
    [CoversDiagnostic("PRIV8010")]
    public void Replan_FolderWithoutPlan_IsAnInputError()
    {
        var empty = CliRunner.TempFolder();
        var output = Path.Combine(CliRunner.TempFolder(), "new");
        var result = CliRunner.Run("replan", empty, Intents(Hospital), "--topology", Path.Combine(Hospital, "topology.yaml"), "--out", output);
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("error PRIV8010", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Replan_GeantNodeLost_MovesOnlyTheReplicasItHosted()
    {
        var old = Compile(Geant);
        var before = Placements(Plan(old));
        // The node hosting the first replica of the first service (name order) goes away.
        var lost = before.OrderBy(p => p.Key, StringComparer.Ordinal).First().Value[0];
        var hosted = before.Count(p => p.Value.Contains(lost));
        var (result, output) = Replan(old, Geant, TopologyEdits.WithoutNode(File.ReadAllText(Path.Combine(Geant, "topology.yaml")), lost));

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        var changes = Changes(output);
        Assert.Equal(hosted, Moved(changes));
        Assert.True(Proven(changes, "movedReplicas"));
        Assert.All(changes["moved"]!.AsArray(), m => Assert.Equal(lost, (string)m!["from"]!));
        var after = Placements(Plan(output));
        foreach (var (service, nodes) in before)
        {
            Assert.Equal(nodes.Where(n => n != lost), after[service].Intersect(nodes));
        }
    }

    [Fact]
    public void Replan_GeantLinkCut_DisturbsOnlyRoutesOverTheLink()
    {
        var old = Compile(Geant);
        var plan = Plan(old);
        // Cut the first cable of the first route that crosses one.
        var hop = plan["routes"]!.AsArray().Select(r => r!["hops"]!.AsArray()).First(h => h.Count > 0)[0]!;
        var (from, port, to) = ((string)hop["from"]!, (int)hop["fromPort"]!, (string)hop["to"]!);
        var over = plan["routes"]!.AsArray().Count(r => r!["hops"]!.AsArray().Any(h => ((string)h!["from"]! == from && (string)h["to"]! == to) || ((string)h!["from"]! == to && (string)h["to"]! == from)));
        var (result, output) = Replan(old, Geant, TopologyEdits.WithoutLink(File.ReadAllText(Path.Combine(Geant, "topology.yaml")), from, port));

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        var changes = Changes(output);
        Assert.Equal(0, Moved(changes));
        Assert.Equal(over, Disturbed(changes));
        Assert.True(Proven(changes, "disturbedRoutes"));
        Assert.All(changes["disturbedRoutes"]!.AsArray(), r =>
        {
            Assert.Equal("rerouted", (string)r!["change"]!);
            var devices = r["oldDevices"]!.AsArray().Select(d => (string)d!).ToList();
            Assert.True(devices.Zip(devices.Skip(1)).Any(p => (p.First == from && p.Second == to) || (p.First == to && p.Second == from)), string.Join(' ', devices));
        });
        Assert.All(changes["files"]!.AsArray(), f => Assert.StartsWith("onos/", (string)f!["path"]!, StringComparison.Ordinal));
    }
}
