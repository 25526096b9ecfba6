using System.Collections.Immutable;
using System.Globalization;
using Privc.Diagnostics;
using Privc.Syntax;
using Privc.Text;
using Privc.Topology;
using Privc.TypeSystem;

namespace Privc.Semantics;

internal sealed partial class Binder
{
    private Intent? BindIntent(IntentDeclSyntax item, SourceText source)
    {
        var name = item.Name.Text;
        var location = Loc(source, item.Name);
        var errorsBefore = diagnostics.Count;
        Intent? intent = item.Body switch
        {
            PlaceIntentSyntax b => new PlacementIntent(name, location, ServiceSet(b.Services, source), BindPredicate(b.On, source, ElementKind.Node)),
            KeepIntentSyntax b => BindKeep(name, location, b, source),
            SeparateIntentSyntax b => new SeparateIntent(name, location, ServiceSet(b.Left, source), ServiceSet(b.Right, source), BindScope(b.By, source)),
            ColocateIntentSyntax b => new ColocateIntent(name, location, ServiceSet(b.Left, source), ServiceSet(b.Right, source), BindScope(b.By, source)),
            DedicateIntentSyntax b => new DedicateIntent(name, location, ServiceSet(b.Services, source)),
            SpreadIntentSyntax b => BindSpread(name, location, b, source),
            RouteIntentSyntax b => new RouteIntent(name, location, FlowSet(b.Flows, source), b.Clauses.Select(c => BindPathClause(c, source)).OfType<PathConstraint>().ToImmutableArray()),
            _ => throw new InvalidOperationException($"privc bug: the binder does not know intent syntax {item.Body.GetType().Name}"),
        };
        return diagnostics.Count > errorsBefore && diagnostics.HasErrors ? null : intent;
    }

    private KeepIntent BindKeep(string name, SourceLocation location, KeepIntentSyntax body, SourceText source)
    {
        var selected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var reference in body.Data)
        {
            switch (reference)
            {
                case NamedDataSyntax named:
                    if (ResolveData(named.Name, source) is { } d)
                    {
                        selected.Add(d.Name);
                    }
                    break;
                case TaggedDataSyntax tagged:
                    var matches = data.Values.Where(d => d.Tags.Contains(tagged.Tag.Text)).Select(d => d.Name).ToList();
                    if (matches.Count == 0)
                    {
                        diagnostics.Add(DiagnosticCatalogue.UnknownTag(Loc(source, tagged.Tag), tagged.Tag.Text, Suggestions.Nearest(tagged.Tag.Text, data.Values.SelectMany(d => d.Tags))));
                    }
                    selected.UnionWith(matches);
                    break;
            }
        }
        var within = BindPredicate(body.Within, source, ElementKind.Node | ElementKind.Device);
        var overLinks = body.OverLinks is null ? null : BindPredicate(body.OverLinks, source, ElementKind.Link);
        CheckKeepAcrossExternals(name, location, selected);
        var holders = services.Values.Where(s => s.HoldsUndeclassified.Any(selected.Contains)).Select(s => s.Name).Order(StringComparer.Ordinal).ToImmutableArray();
        var carriers = flows.Values.Where(f => f.Carries.Any(c => !c.Declassified && selected.Contains(c.Data))).Select(f => f.Name).Order(StringComparer.Ordinal).ToImmutableArray();
        if (selected.Count > 0 && holders.IsEmpty && carriers.IsEmpty)
        {
            diagnostics.Add(DiagnosticCatalogue.EmptySelection(new SourceLocation(source, body.Span), $"'keep {string.Join(", ", selected)}'", "no service or flow handles this data undeclassified"));
        }
        return new KeepIntent(name, location, selected.ToImmutableArray(), within, overLinks, holders, carriers);
    }

    private SpreadIntent? BindSpread(string name, SourceLocation location, SpreadIntentSyntax body, SourceText source)
    {
        var selected = ServiceSet(body.Services, source);
        var key = BindScope(body.Across, source);
        var k = ExpectInteger(body.AtLeast, source, "the number of distinct values", 1, 1000);
        if (k is null)
        {
            return null;
        }
        foreach (var service in selected.Select(s => services[s]).Where(s => s.Replicas < k))
        {
            diagnostics.Add(DiagnosticCatalogue.SpreadExceedsReplicas(Loc(source, body.AtLeast), service.Name, service.Replicas, k.Value));
        }
        return new SpreadIntent(name, location, selected, key.Key ?? "name", k.Value);
    }

    /// <summary>
    /// `by node` (the default) or `by KEY` for a node attribute such as zone or device. A quoted key means the same
    /// as the unquoted one, so `by "node"` is the node scope too.
    /// </summary>
    private Scope BindScope(AttributeSyntax? by, SourceText source)
    {
        if (by is null || by.Key == "node")
        {
            return Scope.Node;
        }
        var info = topology.Schema.Find(by.Key);
        if (info is not null && (info.PresentOn & ElementKind.Node) == 0 && WrongElementHint.For(ElementKind.Node, info.PresentOn, test: null) is var (owners, fix))
        {
            diagnostics.Add(DiagnosticCatalogue.AttributeOnOtherElements(Loc(source, by), by.Key, "nodes", owners, fix));
        }
        else if (info is null || (info.PresentOn & ElementKind.Node) == 0)
        {
            diagnostics.Add(DiagnosticCatalogue.UnknownAttribute(Loc(source, by), by.Key, "nodes",
                Suggestions.Nearest(by.Key, topology.Schema.KeysOn(ElementKind.Node).Append("node"))));
        }
        return new Scope(SeparationScope.Label, by.Key);
    }

    private ImmutableArray<string> ServiceSet(ImmutableArray<ServiceRefSyntax> references, SourceText source)
    {
        var selected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var reference in references)
        {
            switch (reference)
            {
                case AllServicesSyntax:
                    selected.UnionWith(services.Keys);
                    break;
                case NamedServiceSyntax named:
                    if (ResolveService(named.Name, source) is { } service)
                    {
                        selected.Add(service.Name);
                    }
                    break;
                case TenantServicesSyntax tenant:
                    var ofTenant = services.Values.Where(s => s.Tenant == tenant.Tenant.Text).Select(s => s.Name).ToList();
                    if (ofTenant.Count == 0)
                    {
                        diagnostics.Add(DiagnosticCatalogue.UnknownTenant(Loc(source, tenant.Tenant), tenant.Tenant.Text, Suggestions.Nearest(tenant.Tenant.Text, services.Values.Select(s => s.Tenant))));
                    }
                    selected.UnionWith(ofTenant);
                    break;
                case HandlingServicesSyntax handling:
                    if (ResolveData(handling.Data, source) is { } d)
                    {
                        var holders = services.Values.Where(s => s.Holds.Any(h => h.Data == d.Name)).Select(s => s.Name).ToList();
                        if (holders.Count == 0)
                        {
                            diagnostics.Add(DiagnosticCatalogue.EmptySelection(Loc(source, handling), $"'handling {d.Name}'"));
                        }
                        selected.UnionWith(holders);
                    }
                    break;
            }
        }
        return selected.ToImmutableArray();
    }

    private ImmutableArray<string> FlowSet(ImmutableArray<FlowRefSyntax> references, SourceText source)
    {
        var selected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var reference in references)
        {
            IEnumerable<Flow> matches;
            switch (reference)
            {
                case AllFlowsSyntax:
                    matches = flows.Values;
                    break;
                case NamedFlowSyntax named:
                    if (flows.TryGetValue(named.Name.Text, out var flow))
                    {
                        selected.Add(flow.Name);
                    }
                    else if (externalFlows.TryGetValue(named.Name.Text, out var external))
                    {
                        diagnostics.Add(DiagnosticCatalogue.RouteOnExternalFlow(Loc(source, named.Name), $"'{external.Name}'", ExternalOf(external)!.Name));
                    }
                    else if (!flowSyntax.ContainsKey(named.Name.Text))
                    {
                        diagnostics.Add(DiagnosticCatalogue.UnknownFlow(Loc(source, named.Name), named.Name.Text, Suggestions.Nearest(named.Name.Text, flowSyntax.Keys)));
                    }
                    continue;
                case CarryingFlowsSyntax carrying:
                    matches = ResolveData(carrying.Data, source) is { } d ? flows.Values.Where(f => f.Carries.Any(c => c.Data == d.Name)) : [];
                    break;
                case FromFlowsSyntax from when externals.ContainsKey(from.Service.Text):
                    diagnostics.Add(DiagnosticCatalogue.RouteOnExternalFlow(Loc(source, from), $"every flow of '{source.ToString(from.Span)}'", from.Service.Text));
                    continue;
                case ToFlowsSyntax to when externals.ContainsKey(to.Service.Text):
                    diagnostics.Add(DiagnosticCatalogue.RouteOnExternalFlow(Loc(source, to), $"every flow of '{source.ToString(to.Span)}'", to.Service.Text));
                    continue;
                case FromFlowsSyntax from:
                    matches = ResolveService(from.Service, source) is { } s ? flows.Values.Where(f => f.Source == s.Name) : [];
                    break;
                case ToFlowsSyntax to:
                    matches = ResolveService(to.Service, source) is { } t ? flows.Values.Where(f => f.Target == t.Name) : [];
                    break;
                default:
                    continue;
            }
            var list = matches.Select(f => f.Name).ToList();
            if (list.Count == 0 && !diagnostics.HasErrors)
            {
                diagnostics.Add(DiagnosticCatalogue.EmptySelection(Loc(source, reference), $"'{source.ToString(reference.Span)}'"));
            }
            selected.UnionWith(list);
        }
        return selected.ToImmutableArray();
    }

    private PathConstraint? BindPathClause(PathClauseSyntax clause, SourceText source)
    {
        switch (clause)
        {
            case AvoidClauseSyntax { Elements: DevicesWhereSyntax where }:
                return new PathConstraint.AvoidDevices(BindPredicate(where.Predicate, source, ElementKind.Device, avoid: true));
            case AvoidClauseSyntax { Elements: LinksWhereSyntax where }:
                return new PathConstraint.AvoidLinks(BindPredicate(where.Predicate, source, ElementKind.Link, avoid: true));
            case AvoidClauseSyntax { Elements: NamedDevicesSyntax named }:
                return new PathConstraint.AvoidDevices(DeviceNames(named.Names, source));
            case ThroughClauseSyntax through:
                return new PathConstraint.Through(through.Waypoints.Select(w => w switch
                {
                    WaypointWhereSyntax where => BindPredicate(where.Predicate, source, ElementKind.Device),
                    WaypointNamedSyntax named => DeviceNames([named.Name], source),
                    _ => Predicate.False,
                }).ToImmutableArray());
            case WithinClauseSyntax within:
                return new PathConstraint.WithinDevices(BindPredicate(within.Predicate, source, ElementKind.Device));
            case OverLinksClauseSyntax over:
                return new PathConstraint.OverLinks(BindPredicate(over.Predicate, source, ElementKind.Link));
            case LatencyClauseSyntax latency:
                if (latency.Operator is not (ComparisonOperator.Less or ComparisonOperator.LessOrEqual))
                {
                    diagnostics.Add(DiagnosticCatalogue.UpperBoundOnly(Loc(source, latency), "latency"));
                    return null;
                }
                var micros = ExpectQuantity(latency.Bound, source, "a route's latency", Dimension.Latency);
                if (micros is null)
                {
                    return null;
                }
                return new PathConstraint.MaxLatency(latency.Operator == ComparisonOperator.Less ? micros.Value - 1 : micros.Value);
            case HopsClauseSyntax hops:
                if (hops.Operator is not (ComparisonOperator.Less or ComparisonOperator.LessOrEqual))
                {
                    diagnostics.Add(DiagnosticCatalogue.UpperBoundOnly(Loc(source, hops), "hop"));
                    return null;
                }
                var bound = ExpectInteger(hops.Bound, source, "a hop bound", hops.Operator == ComparisonOperator.Less ? 1 : 0, 10_000);
                if (bound is null)
                {
                    return null;
                }
                return new PathConstraint.MaxHops(hops.Operator == ComparisonOperator.Less ? bound.Value - 1 : bound.Value);
            default:
                return null;
        }
    }

    /// <summary>Device names become a membership test on the built-in <c>name</c> attribute.</summary>
    private Predicate DeviceNames(IEnumerable<NameSyntax> names, SourceText source)
    {
        var values = ImmutableArray.CreateBuilder<AttributeValue>();
        foreach (var name in names)
        {
            var device = topology.FindDevice(name.Text);
            if (device is null)
            {
                diagnostics.Add(DiagnosticCatalogue.UnknownDevice(Loc(source, name), name.Text, Suggestions.Nearest(name.Text, topology.Devices.Select(d => d.Name))));
                continue;
            }
            values.Add(new AttributeValue.Text(device.Name));
        }
        return new Predicate.Member("name", values.ToImmutable(), Negated: false);
    }

    private Objective? BindObjective(ObjectiveDeclSyntax item, SourceText source)
    {
        var location = Loc(source, item.Name);
        switch (item.Body)
        {
            case PreferObjectiveSyntax prefer:
                return new Objective(item.Name.Text, location, ObjectiveMetric.Prefer, BindPredicate(prefer.Predicate, source, ElementKind.Node));
            case MinimizeObjectiveSyntax minimize:
                var metric = (minimize.Max, minimize.Metric.Text) switch
                {
                    (false, "latency") => ObjectiveMetric.TotalLatency,
                    (true, "latency") => ObjectiveMetric.MaxLatency,
                    (false, "cost") => ObjectiveMetric.Cost,
                    (false, "nodes") => ObjectiveMetric.Nodes,
                    _ => (ObjectiveMetric?)null,
                };
                if (metric is null)
                {
                    var text = minimize.Max ? "max " + minimize.Metric.Text : minimize.Metric.Text;
                    diagnostics.Add(DiagnosticCatalogue.UnknownMetric(Loc(source, minimize.Metric), text,
                        Suggestions.Nearest(minimize.Metric.Text, ["latency", "cost", "nodes"])));
                    return null;
                }
                return new Objective(item.Name.Text, location, metric.Value, null);
            default:
                return null;
        }
    }

    private static string Invariant(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
