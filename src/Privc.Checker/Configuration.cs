using System.Collections.Immutable;

namespace Privc.Checking;

/// <summary>The nodes hosting a service's replicas: distinct, sorted by name, one replica per node.</summary>
public sealed record Placement(string Service, ImmutableArray<string> Nodes);

/// <summary>One directed link of a route: leave <see cref="From"/> by <see cref="FromPort"/>, enter <see cref="To"/> by <see cref="ToPort"/>.</summary>
public sealed record Hop(string From, int FromPort, string To, int ToPort);

/// <summary>
/// The route of one declared flow between one replica of its source (on <see cref="SourceNode"/>) and one replica of
/// its target (on <see cref="TargetNode"/>): the devices in order and the links between them. When both replicas are
/// on the same node the route is empty (no device); when they are on different nodes attached to the same device the
/// route is that one device and no hop.
/// </summary>
public sealed record Route(string Flow, string SourceNode, string TargetNode, ImmutableArray<string> Devices, ImmutableArray<Hop> Hops);

/// <summary>A communication the network policy permits: from a service to a service, on a port or (null) any port.</summary>
public sealed record AllowedFlow(string Source, string Target, int? Port);

/// <summary>
/// A configuration C of specs/semantics.md: placements, a route for every declared flow and every pair of replica
/// nodes, and the flows the network policy allows. Produced by the solver's model (a plan) or reconstructed from
/// deployed artifacts by <c>privc check</c>; judged by the independent checker either way.
/// </summary>
public sealed record Configuration(ImmutableArray<Placement> Placements, ImmutableArray<Route> Routes, ImmutableArray<AllowedFlow> Allowed)
{
    public ImmutableArray<string> NodesOf(string service) =>
        Placements.FirstOrDefault(p => p.Service == service)?.Nodes ?? ImmutableArray<string>.Empty;
}
