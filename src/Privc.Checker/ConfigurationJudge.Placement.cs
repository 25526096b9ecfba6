using System.Collections.Immutable;
using Privc.Topology;

namespace Privc.Checking;

internal sealed partial class ConfigurationJudge
{
    /// <summary>W1: every service placed once, on known, distinct nodes, as many as it has replicas.</summary>
    private void CheckPlacements()
    {
        const string W1 = StructuralCondition.Placement;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var placement in configuration.Placements)
        {
            if (!rules.ServicesByName.TryGetValue(placement.Service, out var service))
            {
                Report(W1, ViolationKind.UnknownService, $"the configuration places {Quote(placement.Service)}, which is not a declared service",
                    new Witness { Service = placement.Service });
                continue;
            }
            if (!seen.Add(service.Name))
            {
                Report(W1, ViolationKind.DuplicatePlacement, $"service {Quote(service.Name)} is placed more than once; the first placement is judged",
                    new Witness { Service = service.Name });
                continue;
            }
            var names = placement.Nodes.IsDefault ? [] : placement.Nodes;
            var known = new SortedDictionary<string, ComputeNode>(StringComparer.Ordinal);
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                if (!listed.Add(name))
                {
                    Report(W1, ViolationKind.DuplicateNode, $"service {Quote(service.Name)} lists node {Quote(name)} more than once (one replica per node)",
                        new Witness { Service = service.Name, Node = name });
                    continue;
                }
                if (Topology.FindNode(name) is not { } node)
                {
                    Report(W1, ViolationKind.UnknownNode, $"service {Quote(service.Name)} is placed on {Quote(name)}, which is not a node of the topology",
                        new Witness { Service = service.Name, Node = name });
                    continue;
                }
                known[node.Name] = node;
            }
            if (listed.Count != service.Replicas)
            {
                Report(W1, ViolationKind.WrongReplicaCount,
                    $"service {Quote(service.Name)} has {Number(service.Replicas)} replica(s) but is placed on {Number(listed.Count)} node(s)",
                    new Witness { Service = service.Name, Quantity = "replicas", Measured = listed.Count, Bound = service.Replicas });
            }
            placed[service.Name] = known.Values.ToImmutableArray();
        }
        foreach (var service in Program.Services.Where(s => !placed.ContainsKey(s.Name)))
        {
            Report(W1, ViolationKind.ServiceNotPlaced, $"service {Quote(service.Name)} is not placed",
                new Witness { Service = service.Name, Quantity = "replicas", Measured = 0, Bound = service.Replicas });
        }
    }

    /// <summary>W2: on every node, the requests of the services it hosts fit its CPU and memory.</summary>
    private void CheckCapacity()
    {
        var hosted = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (service, nodes) in placed)
        {
            foreach (var node in nodes)
            {
                if (!hosted.TryGetValue(node.Name, out var list))
                {
                    hosted[node.Name] = list = new List<string>();
                }
                list.Add(service);
            }
        }
        foreach (var (nodeName, services) in hosted)
        {
            var node = Topology.FindNode(nodeName)!;
            services.Sort(StringComparer.Ordinal);
            var cpu = services.Sum(s => rules.ServicesByName[s].CpuMillis);
            var memory = services.Sum(s => rules.ServicesByName[s].MemoryBytes);
            var who = string.Join(", ", services.Select(Quote));
            if (cpu > node.CpuMillis)
            {
                Report(StructuralCondition.Capacity, ViolationKind.CpuOverCapacity,
                    $"node {Quote(node.Name)} hosts {who} requesting {Number(cpu)}m CPU, above its capacity {Number(node.CpuMillis)}m",
                    new Witness { Node = node.Name, Quantity = "cpu", Measured = cpu, Bound = node.CpuMillis });
            }
            if (memory > node.MemoryBytes)
            {
                Report(StructuralCondition.Capacity, ViolationKind.MemoryOverCapacity,
                    $"node {Quote(node.Name)} hosts {who} requesting {Number(memory)} bytes of memory, above its capacity {Number(node.MemoryBytes)}",
                    new Witness { Node = node.Name, Quantity = "memory", Measured = memory, Bound = node.MemoryBytes });
            }
        }
    }
}
