using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Checking;

internal sealed partial class ConfigurationJudge
{
    /// <summary>
    /// W3: exactly one route for every flow and pair of replica nodes, each of the shape section 4 gives. Returns
    /// Routes(f) for all flows: the routes of required pairs (a duplicate is judged too), read against lambda.
    /// </summary>
    private List<ResolvedRoute> CheckRoutes()
    {
        const string W3 = StructuralCondition.Routing;
        var result = new List<ResolvedRoute>();
        var given = new HashSet<(string Flow, string Source, string Target)>();
        foreach (var route in configuration.Routes)
        {
            var at = new Witness { Flow = route.Flow, SourceNode = route.SourceNode, TargetNode = route.TargetNode, DevicePath = route.Devices.IsDefault ? [] : route.Devices };
            if (!rules.FlowsByName.TryGetValue(route.Flow, out var flow))
            {
                Report(W3, ViolationKind.UnknownFlow, $"the configuration routes {Quote(route.Flow)}, which is not a declared flow", at);
                continue;
            }
            var source = Topology.FindNode(route.SourceNode);
            var target = Topology.FindNode(route.TargetNode);
            foreach (var (name, node) in new[] { (route.SourceNode, source), (route.TargetNode, target) })
            {
                if (node is null)
                {
                    Report(W3, ViolationKind.UnknownRouteNode, $"a route of flow {Quote(flow.Name)} starts or ends at {Quote(name)}, which is not a node of the topology", at with { Node = name });
                }
            }
            if (source is null || target is null)
            {
                continue;
            }
            if (!Place(flow.Source).Contains(source) || !Place(flow.Target).Contains(target))
            {
                Report(W3, ViolationKind.UnexpectedRoute,
                    $"flow {Quote(flow.Name)} is routed from {Quote(source.Name)} to {Quote(target.Name)}, but no replica pair of {Quote(flow.Source)} -> {Quote(flow.Target)} is on those nodes", at);
                continue;
            }
            if (!given.Add((flow.Name, source.Name, target.Name)))
            {
                Report(W3, ViolationKind.DuplicateRoute, $"flow {Quote(flow.Name)} has more than one route from {Quote(source.Name)} to {Quote(target.Name)}", at);
            }
            result.Add(Resolve(flow, route, source, target, violations));
        }
        foreach (var flow in Program.Flows)
        {
            foreach (var m in Place(flow.Source))
            {
                foreach (var n in Place(flow.Target).Where(n => !given.Contains((flow.Name, m.Name, n.Name))))
                {
                    Report(W3, ViolationKind.MissingRoute, $"flow {Quote(flow.Name)} has no route from the replica on {Quote(m.Name)} to the replica on {Quote(n.Name)}",
                        new Witness { Flow = flow.Name, SourceNode = m.Name, TargetNode = n.Name });
                }
            }
        }
        return result;
    }

    /// <summary>
    /// W3, second part: routes that flow rules cannot tell apart coincide (specs/semantics.md, "W3 routing"). Rules
    /// match a packet by its addresses and, when its flow has one, its TCP port, so between two nodes m != n
    /// (a) two flows in the same direction take the same links unless both have ports and the ports differ, and
    /// (b) a flow without a port and a flow the other way (or the same flow between replicas the other way round)
    /// take the same links in opposite directions, because the first one's replies share addresses with the
    /// second one's requests. Each offending pair is reported once.
    /// </summary>
    private void CheckDistinguishable(List<ResolvedRoute> routes)
    {
        static string Key(DirectedLink link) => $"{link.Link.Index}:{link.From}>{link.To}";
        static string Reversed(DirectedLink link) => $"{link.Link.Index}:{link.To}>{link.From}";
        var candidates = routes.Where(r => r.Complete && r.Source.Name != r.Target.Name).ToList();
        for (var a = 0; a < candidates.Count; a++)
        {
            for (var b = a + 1; b < candidates.Count; b++)
            {
                var (r, s) = (candidates[a], candidates[b]);
                var portless = r.Flow.Port is null || s.Flow.Port is null;
                string? problem = null;
                if (r.Source == s.Source && r.Target == s.Target && r.Flow.Name != s.Flow.Name && (portless || r.Flow.Port == s.Flow.Port))
                {
                    if (!r.Links.Select(Key).ToHashSet(StringComparer.Ordinal).SetEquals(s.Links.Select(Key)))
                    {
                        problem = $"flows {Quote(r.Flow.Name)} and {Quote(s.Flow.Name)} both go from {Quote(r.Source.Name)} to {Quote(r.Target.Name)}"
                            + (portless ? ", one without a port," : " on the same port") + " but by different paths; flow rules cannot tell their packets apart";
                    }
                }
                else if (r.Source == s.Target && r.Target == s.Source && portless)
                {
                    if (!r.Links.Select(Key).ToHashSet(StringComparer.Ordinal).SetEquals(s.Links.Select(Reversed)))
                    {
                        problem = $"the route of {Quote(r.Flow.Name)} from {Quote(r.Source.Name)} to {Quote(r.Target.Name)} and the route of {Quote(s.Flow.Name)} back from {Quote(s.Source.Name)} are not the same path reversed"
                            + "; a flow without a port cannot have its replies told apart from the other direction's packets";
                    }
                }
                if (problem is not null)
                {
                    Report(StructuralCondition.Routing, ViolationKind.IndistinguishableRoutes, problem, r.Witness);
                }
            }
        }
    }

    /// <summary>
    /// Reads one route against lambda and reports every way its shape departs from section 4: an empty route exactly
    /// when both replicas share a node, otherwise a simple path of known devices from dev(m) to dev(n) whose hops are
    /// directed links of the topology, leaving and entering by the ports given.
    /// </summary>
    internal ResolvedRoute Resolve(Flow flow, Route route, ComputeNode source, ComputeNode target, List<Violation> sink)
    {
        const string W3 = StructuralCondition.Routing;
        var names = route.Devices.IsDefault ? ImmutableArray<string>.Empty : route.Devices;
        var hops = route.Hops.IsDefault ? ImmutableArray<Hop>.Empty : route.Hops;
        var at = new Witness { Flow = flow.Name, SourceNode = source.Name, TargetNode = target.Name, DevicePath = names };
        void Fail(ViolationKind kind, string message, Witness witness) => sink.Add(new Violation(W3, kind, message, witness));
        var what = $"the route of flow {Quote(flow.Name)} from {Quote(source.Name)} to {Quote(target.Name)}";

        if (source.Name == target.Name)
        {
            if (names.Length > 0 || hops.Length > 0)
            {
                Fail(ViolationKind.NonEmptyRouteOnSameNode, $"{what} must be empty: both replicas run on the same node", at);
            }
        }
        else if (names.Length == 0)
        {
            Fail(ViolationKind.EmptyRoute, $"{what} is empty, but the replicas run on different nodes", at);
        }

        var devices = ImmutableArray.CreateBuilder<NetworkDevice>();
        var canonical = new List<string?>();
        foreach (var name in names)
        {
            var device = Topology.FindDevice(name);
            canonical.Add(device?.Name);
            if (device is null)
            {
                Fail(ViolationKind.UnknownDevice, $"{what} names {Quote(name)}, which is not a device of the topology", at with { Device = name });
            }
            else
            {
                devices.Add(device);
            }
        }
        if (source.Name != target.Name && names.Length > 0)
        {
            if (canonical[0] != source.Device)
            {
                Fail(ViolationKind.WrongFirstDevice, $"{what} starts at {Quote(names[0])}, not at {Quote(source.Device)} where {Quote(source.Name)} is attached", at with { Device = names[0] });
            }
            if (canonical[^1] != target.Device)
            {
                Fail(ViolationKind.WrongLastDevice, $"{what} ends at {Quote(names[^1])}, not at {Quote(target.Device)} where {Quote(target.Name)} is attached", at with { Device = names[^1] });
            }
        }
        foreach (var repeated in canonical.OfType<string>().GroupBy(d => d, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            Fail(ViolationKind.RepeatedDevice, $"{what} visits {Quote(repeated)} more than once (a route is a simple path)", at with { Device = repeated });
        }

        var links = ImmutableArray.CreateBuilder<DirectedLink>();
        var complete = devices.Count == names.Length;
        var expectedHops = Math.Max(names.Length - 1, 0);
        if (hops.Length != expectedHops)
        {
            Fail(ViolationKind.HopMismatch, $"{what} lists {Number(names.Length)} device(s) but {Number(hops.Length)} hop(s)",
                at with { Quantity = "hops", Measured = hops.Length, Bound = expectedHops });
        }
        for (var i = 0; i < hops.Length; i++)
        {
            var hop = hops[i];
            var hopText = $"{hop.From}:{hop.FromPort}->{hop.To}:{hop.ToPort}";
            var from = Topology.FindDevice(hop.From)?.Name;
            var to = Topology.FindDevice(hop.To)?.Name;
            if (i < expectedHops && (from != canonical[i] || to != canonical[i + 1]))
            {
                Fail(ViolationKind.HopMismatch, $"{what}: hop {Number(i + 1)} ({hopText}) does not join {Quote(names[i])} to {Quote(names[i + 1])}", at with { Link = hopText });
            }
            var link = from is null || to is null ? null : rules.FindLink(from, hop.FromPort, to, hop.ToPort);
            if (link is { } found)
            {
                links.Add(found);
            }
            else
            {
                complete = false;
                Fail(ViolationKind.UnknownLink, $"{what} uses {hopText}, which is not a link of the topology in that direction with those ports", at with { Link = hopText });
            }
        }
        return new ResolvedRoute(route, flow, source, target, devices.ToImmutable(), links.ToImmutable(), complete && hops.Length == expectedHops);
    }

    /// <summary>The conditions of keep and route intents on one route of a flow (section 5).</summary>
    internal void CheckRouteConditions(ResolvedRoute route)
    {
        foreach (var keep in rules.KeepsOnFlow[route.Flow.Name])
        {
            var region = PredicatePrinter.Print(keep.Within);
            foreach (var device in route.Devices.Where(d => !PredicateSemantics.Holds(keep.Within, d)))
            {
                Report(keep.Name, ViolationKind.KeepDeviceOutside,
                    $"flow {Quote(route.Flow.Name)} carries {DataText(keep)} through device {Quote(device.Name)}, which does not satisfy {region}{Unknown(keep.Within, device)} ({RouteText(route)})",
                    route.Witness with { Device = device.Name });
            }
            if (keep.OverLinks is { } over)
            {
                foreach (var link in route.Links.Where(l => !PredicateSemantics.Holds(over, l.Link)))
                {
                    Report(keep.Name, ViolationKind.KeepLinkOutside,
                        $"flow {Quote(route.Flow.Name)} carries {DataText(keep)} over link {link.DisplayName}, which does not satisfy {PredicatePrinter.Print(over)} ({RouteText(route)})",
                        route.Witness with { Link = link.DisplayName });
                }
            }
        }
        foreach (var intent in rules.RoutesIntentsOnFlow[route.Flow.Name])
        {
            foreach (var constraint in intent.Constraints)
            {
                CheckConstraint(intent, constraint, route);
            }
        }
    }

    private void CheckConstraint(RouteIntent intent, PathConstraint constraint, ResolvedRoute route) =>
        constraint.Accept(new ConstraintCheck(this, intent, route));

    /// <summary>The condition of each path constraint kind on one route (section 5, "route F' with constraints").</summary>
    private sealed class ConstraintCheck(ConfigurationJudge judge, RouteIntent intent, ResolvedRoute route) : IPathConstraintVisitor<bool>
    {
        private string On => RouteText(route);

        /// <summary>A device is avoided only when it is known to fail the predicate; an unknown one is not trusted.</summary>
        public bool VisitAvoidDevices(PathConstraint.AvoidDevices avoid)
        {
            foreach (var device in route.Devices.Where(d => !PredicateSemantics.Fails(avoid.Devices, d)))
            {
                judge.Report(intent.Name, ViolationKind.AvoidedDeviceUsed,
                    $"{On} passes device {Quote(device.Name)}, which it must avoid ({PredicatePrinter.Print(avoid.Devices)}){Unknown(avoid.Devices, device)}",
                    route.Witness with { Device = device.Name });
            }
            return true;
        }

        public bool VisitAvoidLinks(PathConstraint.AvoidLinks avoid)
        {
            foreach (var link in route.Links.Where(l => !PredicateSemantics.Fails(avoid.Links, l.Link)))
            {
                judge.Report(intent.Name, ViolationKind.AvoidedLinkUsed,
                    $"{On} uses link {link.DisplayName}, which it must avoid ({PredicatePrinter.Print(avoid.Links)}){Unknown(avoid.Links, link.Link)}",
                    route.Witness with { Link = link.DisplayName });
            }
            return true;
        }

        public bool VisitThrough(PathConstraint.Through through)
        {
            // Greedy earliest matching finds positions i1 < ... < im whenever any exist.
            var position = 0;
            foreach (var waypoint in through.Waypoints)
            {
                while (position < route.Devices.Length && !PredicateSemantics.Holds(waypoint, route.Devices[position]))
                {
                    position++;
                }
                if (position == route.Devices.Length)
                {
                    var text = PredicatePrinter.Print(waypoint);
                    judge.Report(intent.Name, ViolationKind.MissingWaypoint,
                        $"{On} does not pass a device where {text}{(through.Waypoints.Length > 1 ? " in the required order" : string.Empty)}",
                        route.Witness with { MissingWaypoint = text });
                    break;
                }
                position++;
            }
            return true;
        }

        public bool VisitWithinDevices(PathConstraint.WithinDevices within)
        {
            foreach (var device in route.Devices.Where(d => !PredicateSemantics.Holds(within.Devices, d)))
            {
                judge.Report(intent.Name, ViolationKind.DeviceOutsideRegion,
                    $"{On} passes device {Quote(device.Name)}, which does not satisfy {PredicatePrinter.Print(within.Devices)}{Unknown(within.Devices, device)}",
                    route.Witness with { Device = device.Name });
            }
            return true;
        }

        public bool VisitOverLinks(PathConstraint.OverLinks over)
        {
            foreach (var link in route.Links.Where(l => !PredicateSemantics.Holds(over.Links, l.Link)))
            {
                judge.Report(intent.Name, ViolationKind.LinkNotPermitted,
                    $"{On} uses link {link.DisplayName}, which does not satisfy {PredicatePrinter.Print(over.Links)}{Unknown(over.Links, link.Link)}",
                    route.Witness with { Link = link.DisplayName });
            }
            return true;
        }

        public bool VisitMaxLatency(PathConstraint.MaxLatency latency)
        {
            // Latency is only meaningful when every hop is a known link; W3 reports the rest.
            if (route.Complete && route.LatencyMicros > latency.Micros)
            {
                judge.Report(intent.Name, ViolationKind.LatencyExceeded,
                    $"{On} has latency {Number(route.LatencyMicros)}us, above the bound {Number(latency.Micros)}us",
                    route.Witness with { Quantity = "latency", Measured = route.LatencyMicros, Bound = latency.Micros });
            }
            return true;
        }

        public bool VisitMaxHops(PathConstraint.MaxHops hops)
        {
            if (route.HopCount > hops.Hops)
            {
                judge.Report(intent.Name, ViolationKind.TooManyHops,
                    $"{On} has {Number(route.HopCount)} hop(s), above the bound {Number(hops.Hops)}",
                    route.Witness with { Quantity = "hops", Measured = route.HopCount, Bound = hops.Hops });
            }
            return true;
        }
    }

    /// <summary>Says so when the verdict rests on a fact the element lacks (an unknown fact is never trusted).</summary>
    private static string Unknown(Predicate predicate, IAttributed element) =>
        PredicateSemantics.Value(predicate, element) is null ? "; its labels do not say, and an unknown fact is never trusted" : string.Empty;

    private static string RouteText(ResolvedRoute route) =>
        $"the route of flow {Quote(route.Flow.Name)} from {Quote(route.Source.Name)} to {Quote(route.Target.Name)} ({PathText(route.Route.Devices)})";

    private static string DataText(KeepIntent keep) => string.Join(", ", keep.Data);
}
