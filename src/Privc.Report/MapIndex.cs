using System.Collections.Immutable;
using Privc.Checking;
using Privc.Topology;

namespace Privc.Report;

/// <summary>A route of the configuration with its index on the map and the links it crosses.</summary>
public sealed record MapRoute(int Index, Route Route, ImmutableArray<NetworkLink> Links, long LatencyMicros)
{
    /// <summary>Every map element the route touches: its endpoints, devices, links and itself.</summary>
    public IEnumerable<string> Elements =>
        new[] { Evidence.Route(Index), Evidence.Node(Route.SourceNode), Evidence.Node(Route.TargetNode) }
            .Concat(Route.Devices.Select(Evidence.Device))
            .Concat(Links.Select(l => Evidence.Link(l.Index)));
}

/// <summary>The configuration's routes resolved against the topology, once, for every part of the report.</summary>
public sealed class MapIndex
{
    public MapIndex(TopologyModel topology, Configuration? configuration)
    {
        Topology = topology;
        Configuration = configuration;
        Routes = (configuration?.Routes ?? []).Select((route, i) =>
        {
            // A hop that names no link of the topology (a tampered or foreign plan) is left out of the drawing; the
            // checker reports it.
            var links = route.Hops
                .Select(h => topology.OutgoingOf(h.From).Where(l => l.FromPort == h.FromPort && l.To == h.To && l.ToPort == h.ToPort).Select(l => (NetworkLink?)l.Link).FirstOrDefault())
                .OfType<NetworkLink>()
                .ToImmutableArray();
            return new MapRoute(i, route, links, links.Sum(l => l.LatencyMicros));
        }).ToImmutableArray();
    }

    public TopologyModel Topology { get; }

    public Configuration? Configuration { get; }

    public ImmutableArray<MapRoute> Routes { get; }

    public IEnumerable<MapRoute> RoutesOf(string flow) => Routes.Where(r => r.Route.Flow == flow);

    public ImmutableArray<string> NodesOf(string service) => Configuration?.NodesOf(service) ?? [];
}
