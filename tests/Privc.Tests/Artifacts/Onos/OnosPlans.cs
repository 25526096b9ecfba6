using System.Collections.Concurrent;
using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Verification;
using Privc.Checking;
using Privc.Verification.Solving;
using Privc.Tests.Verification;
using Privc.Text;
using Privc.Topology;

namespace Privc.Tests.Artifacts.Onos;

/// <summary>A program, its topology and a plan the verifier proved with the real z3.</summary>
public sealed record ProvenPlan(BoundProgram Program, TopologyModel Topology, Configuration Plan);

public static class OnosPlans
{
    public static ProvenPlan Prove(BoundProgram program, TopologyModel topology)
    {
        var budget = TimeSpan.FromSeconds(120);
        var verifier = new Verifier(program, topology, TestSolvers.Z3, new VerifierOptions(new SolverOptions { Timeout = budget, Seed = 0 }, budget));
        var result = verifier.Verify();
        var proven = Assert.IsType<VerificationResult.Proven>(result);
        return new ProvenPlan(program, topology, proven.Plan);
    }

    /// <summary>The lab topology of the verifier tests with its two services and flow 'save' (front -> store, port 5432) plus the intents given.</summary>
    public static (BoundProgram Program, TopologyModel Topology) Lab(string intents, string? services = null)
    {
        var topology = TestSources.LoadTopology(LabTopology.Yaml);
        var compilation = TestSources.Compile((services ?? LabTopology.Services) + intents, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        return (compilation.Program!, topology);
    }

    public static Route Route(TopologyModel topology, string flow, string source, string target, params string[] devices)
    {
        var hops = new List<Hop>();
        for (var i = 0; i + 1 < devices.Length; i++)
        {
            var link = topology.OutgoingOf(devices[i]).Where(l => l.To == devices[i + 1]).OrderBy(l => l.Id).First();
            hops.Add(new Hop(link.From, link.FromPort, link.To, link.ToPort));
        }
        return new Route(flow, source, target, [.. devices], [.. hops]);
    }

    public static Placement Place(string service, params string[] nodes) => new(service, [.. nodes.Order(StringComparer.Ordinal)]);

    /// <summary>Routes in a canonical order for comparing sets of routes.</summary>
    public static string[] Canonical(IEnumerable<Route> routes) =>
        routes.Select(r => $"{r.Flow} {r.SourceNode}->{r.TargetNode}: {string.Join(",", r.Devices)} | {string.Join(",", r.Hops.Select(h => $"{h.From}:{h.FromPort}->{h.To}:{h.ToPort}"))}")
            .Order(StringComparer.Ordinal).ToArray();
}
