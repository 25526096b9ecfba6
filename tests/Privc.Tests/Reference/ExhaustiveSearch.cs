using System.Collections.Immutable;
using Privc.Checking;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Tests.Reference;

/// <summary>
/// A reference solver for tiny instances, built on the checker alone: it enumerates every placement (one replica
/// per node, distinct nodes) and, for every flow and replica pair, every simple path between the attachment
/// devices, so it decides satisfiability and the lexicographic optimum of specs/semantics.md by brute force.
/// Property tests compare the SMT pipeline against it (completeness, optimality, minimal cores: pass a program whose
/// <see cref="BoundProgram.Intents"/> is the subset to test).
///
/// Pruning never changes the answer: a service's placement is checked (placement intents, capacity) before the next
/// service is placed, reporting only violations every extension keeps; candidate paths are filtered per route with
/// the checker's own per-route conditions; bandwidth, the only condition that couples routes, is tracked jointly;
/// and a branch is cut only when a componentwise lower bound of its objective vector is lexicographically no better
/// than the best configuration found. Every answer is a configuration the full checker accepted.
/// </summary>
public static class ExhaustiveSearch
{
    public static SearchResult Solve(BoundProgram program, TopologyModel topology, SearchOptions? options = null)
    {
        options ??= SearchOptions.Default;
        var tooLarge = Exceeds(program, topology, options);
        if (tooLarge is not null)
        {
            return new SearchResult(SearchOutcome.TooLarge, null, [], 0, tooLarge);
        }
        return new SearchRun(ConfigurationChecker.For(program, topology), options).Run();
    }

    private static string? Exceeds(BoundProgram program, TopologyModel topology, SearchOptions options)
    {
        var sizes = new (string What, int Count, int Max)[]
        {
            ("nodes", topology.Nodes.Length, options.MaxNodes),
            ("devices", topology.Devices.Length, options.MaxDevices),
            ("services", program.Services.Length, options.MaxServices),
            ("flows", program.Flows.Length, options.MaxFlows),
        };
        var over = sizes.Where(s => s.Count > s.Max).Select(s => $"{s.Count} {s.What} (at most {s.Max})").ToList();
        return over.Count == 0 ? null : "too large for exhaustive search: " + string.Join(", ", over);
    }
}
