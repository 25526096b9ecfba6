using System.Collections.Immutable;
using Privc.Checking;
using Privc.Compiler;
using Privc.Compiler.Replanning;
using Privc.Text;
using Privc.Topology;
using Privc.Verification;
using Privc.Verification.Replanning;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Replanning;

/// <summary>
/// Replan against a fresh compile, over every single failure of the hospital example (each cable cut, each node
/// lost): replan's disruption is never lexicographically larger than that of the plan a fresh compile proves, the
/// independent checker accepts its plan and counts the disruption replan reports, and when the fresh compile finds the
/// intents unsatisfiable so does replan.
/// </summary>
public class ReplanProperties
{
    private static readonly string Folder = Path.Combine(TestPaths.Examples, "hospital-au");

    public static TheoryData<string, VerificationStrategy> Failures()
    {
        var data = new TheoryData<string, VerificationStrategy>();
        var yaml = File.ReadAllText(Path.Combine(Folder, "topology.yaml"));
        var topology = TopologyLoader.Load(new SourceText("topology.yaml", yaml)).Topology!;
        foreach (var link in topology.Links)
        {
            data.Add($"link {link.DeviceA}:{link.PortA}", VerificationStrategy.Decomposed);
        }
        foreach (var node in topology.Nodes)
        {
            data.Add($"node {node.Name}", VerificationStrategy.Decomposed);
        }
        data.Add("link s7:2", VerificationStrategy.Monolithic);
        data.Add("node edge-mel-1", VerificationStrategy.Monolithic);
        return data;
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public void Replan_AfterOneFailure_NeverDisruptsMoreThanAFreshCompile(string failure, VerificationStrategy strategy)
    {
        var yaml = File.ReadAllText(Path.Combine(Folder, "topology.yaml"));
        var source = new SourceText(Path.Combine(Folder, "hospital.priv"), File.ReadAllText(Path.Combine(Folder, "hospital.priv")));
        var options = CompileOptions.WithTimeout(TimeSpan.FromSeconds(60)) with { Strategy = strategy };
        var before = Inputs.FromText([source], new SourceText("topology.yaml", yaml)).Compilation!;
        var original = Assert.IsType<CompileResult.Proven>(new Privc.Compiler.Compiler(TestSolvers.Z3, options).Compile(before));
        var reference = DisruptionMeasure.ReferenceOf(original.Verification.Plan);

        var parts = failure.Split(' ');
        var changed = parts[0] == "node"
            ? TopologyEdits.WithoutNode(yaml, parts[1])
            : TopologyEdits.WithoutLink(yaml, parts[1].Split(':')[0], int.Parse(parts[1].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
        var after = Inputs.FromText([source], new SourceText("topology.yaml", changed)).Compilation!;
        var fresh = new Privc.Compiler.Compiler(TestSolvers.Z3, options).Compile(after);
        var at = new SourceLocation(new SourceText("old/plan.json", string.Empty), new TextSpan(0, 0));
        var replan = new Replanner(TestSolvers.Z3, options).Replan(after.Program!, after.Topology, [], reference, original.Bundle, at);

        if (fresh is CompileResult.Unsatisfiable)
        {
            Assert.IsType<CompileResult.Unsatisfiable>(replan.Result);
            return;
        }
        var freshPlan = Assert.IsType<CompileResult.Proven>(fresh).Verification.Plan;
        var proven = Assert.IsType<CompileResult.Proven>(replan.Result);
        Assert.True(ConfigurationChecker.Check(after.Program!, after.Topology, proven.Verification.Plan).Compliant);

        var goal = Replanner.WithDisruption(after.Program!, reference, at);
        var checker = ConfigurationChecker.For(goal, after.Topology);
        var ours = checker.Objectives(proven.Verification.Plan).Take(2).Select(v => (long)v.Value).ToArray();
        var theirs = checker.Objectives(freshPlan).Take(2).Select(v => (long)v.Value).ToArray();
        Assert.Equal(ours, proven.Verification.Objectives.Take(2).Select(o => o.Value).ToArray());
        Assert.True(ours[0] < theirs[0] || (ours[0] == theirs[0] && ours[1] <= theirs[1]),
            $"{failure}: replan moved {ours[0]} and disturbed {ours[1]}; a fresh compile moved {theirs[0]} and disturbed {theirs[1]}");
        Assert.True(proven.Verification.Objectives[0].Proven);
        Assert.Equal(ours[0], replan.Changes!.Moved.Count(m => m.To is not null) + replan.Changes.Moved.Count(m => m.To is null));
        Assert.Equal(ours[1], replan.Changes.Disturbed.Length);
    }
}
