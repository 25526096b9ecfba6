using System.Collections.Immutable;
using System.Globalization;
using Privc.Checking;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Artifacts.Kubernetes;

/// <summary>How a Deployment replaces its pods, and why (specs/kubernetes.md, "Rollouts").</summary>
/// <param name="MaxSurge">Extra pods a rollout may start before stopping old ones.</param>
/// <param name="MaxUnavailable">Pods a rollout may stop before their successors run.</param>
/// <param name="Reason">One sentence for the Deployment's <c>privc.io/rollout</c> annotation.</param>
internal sealed record Rollout(int MaxSurge, int MaxUnavailable, string Reason)
{
    /// <summary>Zero downtime: the successor runs before the old pod stops.</summary>
    public bool KeepsAvailability => MaxUnavailable == 0;
}

/// <summary>
/// Chooses each service's rolling-update parameters from the proven plan. Every replica is pinned to its own proven
/// node, so a surge pod can only run beside the pod it replaces: possible for a single replica (which needs no
/// anti-affinity against itself) on a node whose capacity, after everything the plan puts there, still holds a
/// second copy. Other services replace pods one at a time, and the reason says why.
/// </summary>
internal static class RolloutPlanner
{
    public static ImmutableDictionary<string, Rollout> Plan(BoundProgram program, TopologyModel topology, Configuration plan)
    {
        var rollouts = new SortedDictionary<string, Rollout>(StringComparer.Ordinal);
        var services = program.Services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var free = new Dictionary<string, (long Cpu, long Memory)>(StringComparer.Ordinal);
        foreach (var node in topology.Nodes)
        {
            var hosted = plan.Placements.Where(p => p.Nodes.Contains(node.Name) && services.ContainsKey(p.Service)).Select(p => services[p.Service]).ToList();
            free[node.Name] = (node.CpuMillis - hosted.Sum(s => s.CpuMillis), node.MemoryBytes - hosted.Sum(s => s.MemoryBytes));
        }
        // Services in name order, so that when several single replicas share a node's spare room the same ones get
        // it on every run; each surge reserves its room, because `kubectl apply` may roll all of them at once.
        foreach (var service in program.Services.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var nodes = plan.NodesOf(service.Name);
            if (service.Replicas > 1 || nodes.Length != 1)
            {
                rollouts[service.Name] = new Rollout(0, 1,
                    $"one pod at a time: each of the {Count(service.Replicas)} replicas is pinned to its own proven node, so a surge pod could not be scheduled");
                continue;
            }
            var node = nodes[0];
            var (cpu, memory) = free.GetValueOrDefault(node);
            if (service.CpuMillis <= cpu && service.MemoryBytes <= memory)
            {
                free[node] = (cpu - service.CpuMillis, memory - service.MemoryBytes);
                rollouts[service.Name] = new Rollout(1, 0,
                    $"surge: node {node} keeps room for a second copy during a rollout ({Cpu(cpu)} CPU and {Memory(memory)} memory free)");
            }
            else
            {
                rollouts[service.Name] = new Rollout(0, 1,
                    $"stop before start: node {node} has {Cpu(Math.Max(0, cpu))} CPU and {Memory(Math.Max(0, memory))} memory free, "
                    + $"less than a second copy needs ({Cpu(service.CpuMillis)} CPU, {Memory(service.MemoryBytes)} memory); the pod is down while its successor starts");
            }
        }
        return rollouts.ToImmutableDictionary(StringComparer.Ordinal);
    }

    private static string Count(int replicas) => replicas.ToString(CultureInfo.InvariantCulture);

    private static string Cpu(long millis) => KubernetesQuantity.Cpu(millis);

    private static string Memory(long bytes) => KubernetesQuantity.Memory(bytes);
}
