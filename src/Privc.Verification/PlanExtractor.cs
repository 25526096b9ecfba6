using Privc.Checking;
using System.Collections.Immutable;
using System.Globalization;
using Privc.Diagnostics;
using Privc.Semantics;
using Privc.Verification.Encoding;
using Privc.Topology;

namespace Privc.Verification;

/// <summary>
/// Reads a solver model back into a <see cref="Configuration"/>. It trusts nothing: a model that does not describe
/// a well-formed configuration yields an error message (a privc bug or a lying solver), never a partial plan.
/// The result is judged by the independent checker before anything is emitted.
/// </summary>
internal static class PlanExtractor
{
    /// <summary>The configuration the model describes, or what is wrong with the model.</summary>
    public static Result<Configuration, string> Extract(BoundProgram program, EncodedProblem problem, IReadOnlyDictionary<string, string> values)
    {
        var nodesOfReplica = new Dictionary<(string Service, int Replica), ComputeNode>();
        var placements = ImmutableArray.CreateBuilder<Placement>();
        foreach (var service in problem.Services)
        {
            var nodes = new List<string>();
            for (var i = 0; i < service.Replicas.Length; i++)
            {
                if (!values.TryGetValue(service.Replicas[i], out var text) || ParseInt(text) is not { } index || index < 0 || index >= problem.Nodes.Length)
                {
                    return new Result<Configuration, string>(null, $"the model gives no valid node for replica {i} of '{service.Service}'");
                }
                nodesOfReplica[(service.Service, i)] = problem.Nodes[(int)index];
                nodes.Add(problem.Nodes[(int)index].Name);
            }
            placements.Add(new Placement(service.Service, nodes.Order(StringComparer.Ordinal).ToImmutableArray()));
        }

        var routes = ImmutableArray.CreateBuilder<Route>();
        foreach (var pair in problem.Pairs)
        {
            var flow = program.Flow(pair.Flow);
            var source = nodesOfReplica[(flow.Source, pair.SourceReplica)];
            var target = nodesOfReplica[(flow.Target, pair.TargetReplica)];
            var used = new List<Topology.DirectedLink>();
            foreach (var (symbol, link) in pair.Links)
            {
                if (!values.TryGetValue(symbol, out var text) || text is not ("true" or "false"))
                {
                    return new Result<Configuration, string>(null, $"the model gives no value for {symbol}");
                }
                if (text == "true")
                {
                    used.Add(link);
                }
            }
            if (source.Name == target.Name)
            {
                if (used.Count > 0)
                {
                    return new Result<Configuration, string>(null, $"the model routes flow '{flow.Name}' between two replicas on the same node '{source.Name}'");
                }
                routes.Add(new Route(flow.Name, source.Name, target.Name, [], []));
                continue;
            }
            var devices = ImmutableArray.CreateBuilder<string>();
            var hops = ImmutableArray.CreateBuilder<Hop>();
            var current = source.Device;
            devices.Add(current);
            var remaining = used.ToList();
            while (current != target.Device)
            {
                var next = remaining.Where(l => l.From == current).OrderBy(l => l.Id).FirstOrDefault();
                if (next.Link is null)
                {
                    return new Result<Configuration, string>(null, $"the model's route for flow '{flow.Name}' from '{source.Name}' stops at '{current}'");
                }
                remaining.Remove(next);
                hops.Add(new Hop(next.From, next.FromPort, next.To, next.ToPort));
                devices.Add(next.To);
                current = next.To;
            }
            if (remaining.Count > 0)
            {
                return new Result<Configuration, string>(null, $"the model's route for flow '{flow.Name}' from '{source.Name}' to '{target.Name}' uses links off its path");
            }
            routes.Add(new Route(flow.Name, source.Name, target.Name, devices.ToImmutable(), hops.ToImmutable()));
        }

        var allowed = program.Flows.Concat(program.ExternalFlows).Select(f => new AllowedFlow(f.Source, f.Target, f.Port)).Distinct().ToImmutableArray();
        var ordered = routes.OrderBy(r => r.Flow, StringComparer.Ordinal)
            .ThenBy(r => r.SourceNode, StringComparer.Ordinal)
            .ThenBy(r => r.TargetNode, StringComparer.Ordinal)
            .ToImmutableArray();
        return new Result<Configuration, string>(new Configuration(placements.OrderBy(p => p.Service, StringComparer.Ordinal).ToImmutableArray(), ordered, allowed), null);
    }

    /// <summary>SMT-LIB integer literals: <c>42</c> or <c>(- 42)</c>.</summary>
    public static long? ParseInt(string text)
    {
        text = text.Trim();
        if (text.StartsWith("(-", StringComparison.Ordinal) && text.EndsWith(')'))
        {
            return ParseInt(text[2..^1]) is { } inner ? -inner : null;
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
