using System.Collections.Immutable;
using Privc.Diagnostics;
using Privc.Syntax;
using Privc.Text;

namespace Privc.Semantics;

internal sealed partial class Binder
{
    /// <summary>
    /// Information-flow typing (specs/language.md, "Information flow"). Computes the level at which each service
    /// holds each data class: its own level where the service declares or originates the data, and otherwise the
    /// highest level at which any incoming flow delivers it, a named declassification lowering it on flows that leave
    /// the declassifying service. A flow that delivers data above its receiver's clearance is a type error.
    /// </summary>
    private void AnalyseInformationFlow(ImmutableArray<DeclassifyIntent> declassifications)
    {
        var lowered = new Dictionary<(string Data, string Via), int>();
        foreach (var d in declassifications)
        {
            lowered[(d.Data, d.Via)] = lowered.TryGetValue((d.Data, d.Via), out var existing) ? Math.Min(existing, d.Rank) : d.Rank;
        }

        var level = new Dictionary<(string Service, string Data), int>();
        // Flows from outside deliver data at its own level: nothing outside the program declassified it.
        var inbound = externalFlows.Values.Where(f => externals.ContainsKey(f.Source)).ToList();
        var outbound = externalFlows.Values.Where(f => externals.ContainsKey(f.Target)).ToList();
        var receives = flows.Values.Concat(inbound).SelectMany(f => f.Carries.Select(c => (f.Target, c.Data))).ToHashSet();
        foreach (var service in services.Values)
        {
            foreach (var d in service.DeclaredHandles)
            {
                level[(service.Name, d)] = data[d].Rank;
            }
        }
        foreach (var flow in inbound)
        {
            foreach (var c in flow.Carries)
            {
                level[(flow.Target, c.Data)] = data[c.Data].Rank;
            }
        }
        foreach (var flow in flows.Values.Concat(outbound))
        {
            foreach (var c in flow.Carries)
            {
                if (!receives.Contains((flow.Source, c.Data)))
                {
                    level[(flow.Source, c.Data)] = data[c.Data].Rank;
                }
            }
        }

        int FlowLevel(Flow flow, string d)
        {
            var at = level.TryGetValue((flow.Source, d), out var l) ? l : -1;
            return lowered.TryGetValue((d, flow.Source), out var cap) ? Math.Min(at, cap) : at;
        }

        // Least fixpoint: levels only rise and are bounded by the lattice. Data that circulates only in a cycle
        // with no origin is held at its own level (the conservative choice), then propagation resumes.
        var ordered = flows.Values.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        for (var round = 0; round < 2; round++)
        {
            var changed = true;
            while (changed)
            {
                changed = false;
                foreach (var flow in ordered)
                {
                    foreach (var c in flow.Carries)
                    {
                        var delivered = FlowLevel(flow, c.Data);
                        var key = (flow.Target, c.Data);
                        if (delivered > (level.TryGetValue(key, out var current) ? current : -1))
                        {
                            level[key] = delivered;
                            changed = true;
                        }
                    }
                }
            }
            foreach (var flow in ordered)
            {
                foreach (var c in flow.Carries)
                {
                    if (!level.ContainsKey((flow.Source, c.Data)) || level[(flow.Source, c.Data)] < 0)
                    {
                        level[(flow.Source, c.Data)] = data[c.Data].Rank;
                    }
                }
            }
        }

        foreach (var flow in ordered)
        {
            var (syntax, source) = flowSyntax[flow.Name];
            var carriedNames = syntax.Clauses.OfType<CarriesClauseSyntax>().SelectMany(c => c.Data).ToList();
            var sender = services[flow.Source];
            var receiver = services[flow.Target];
            var carried = ImmutableArray.CreateBuilder<CarriedData>();
            foreach (var c in flow.Carries)
            {
                var delivered = FlowLevel(flow, c.Data);
                carried.Add(new CarriedData(c.Data, delivered, delivered < data[c.Data].Rank));
                var at = carriedNames.First(n => n.Text == c.Data);
                var senderLevel = level[(flow.Source, c.Data)];
                if (senderLevel > sender.ClearanceRank && !sender.DeclaredHandles.Contains(c.Data) && !receives.Contains((flow.Source, c.Data)))
                {
                    diagnostics.Add(DiagnosticCatalogue.HandlesAboveClearance(Loc(source, at), sender.Name, c.Data, lattice[senderLevel], sender.Clearance));
                }
                if (delivered > receiver.ClearanceRank)
                {
                    diagnostics.Add(DiagnosticCatalogue.ClearanceViolation(Loc(source, at), flow.Name, c.Data, lattice[delivered], receiver.Name, receiver.Clearance));
                }
            }
            flows[flow.Name] = flow with { Carries = carried.ToImmutable() };
        }

        TypeExternalFlows(inbound, outbound, receives, level, FlowLevel);

        foreach (var name in services.Keys.ToList())
        {
            var holds = level.Where(e => e.Key.Service == name && e.Value >= 0)
                .OrderBy(e => e.Key.Data, StringComparer.Ordinal)
                .Select(e => new HeldData(e.Key.Data, e.Value, e.Value < data[e.Key.Data].Rank))
                .ToImmutableArray();
            services[name] = services[name] with { Holds = holds };
        }
    }

    /// <summary>
    /// The levels on flows to and from external endpoints. A flow in delivers its data at the data's own level, judged
    /// against the receiver's clearance as any flow (PRIV2014); a flow out carries data at the level its sender holds it,
    /// lowered by a declassification there, and that level must not exceed the endpoint's clearance (PRIV2041).
    /// </summary>
    private void TypeExternalFlows(
        List<Flow> inbound,
        List<Flow> outbound,
        HashSet<(string, string)> receives,
        Dictionary<(string Service, string Data), int> level,
        Func<Flow, string, int> flowLevel)
    {
        foreach (var flow in inbound.Concat(outbound).OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var (syntax, source) = flowSyntax[flow.Name];
            var carriedNames = syntax.Clauses.OfType<CarriesClauseSyntax>().SelectMany(c => c.Data).ToList();
            var carried = ImmutableArray.CreateBuilder<CarriedData>();
            foreach (var c in flow.Carries)
            {
                var at = Loc(source, carriedNames.First(n => n.Text == c.Data));
                if (services.TryGetValue(flow.Target, out var receiver))
                {
                    var own = data[c.Data].Rank;
                    carried.Add(new CarriedData(c.Data, own, false));
                    if (own > receiver.ClearanceRank)
                    {
                        diagnostics.Add(DiagnosticCatalogue.ClearanceViolation(at, flow.Name, c.Data, lattice[own], receiver.Name, receiver.Clearance));
                    }
                    continue;
                }
                var sender = services[flow.Source];
                var external = externals[flow.Target];
                var delivered = flowLevel(flow, c.Data);
                carried.Add(new CarriedData(c.Data, delivered, delivered < data[c.Data].Rank));
                var senderLevel = level[(flow.Source, c.Data)];
                if (senderLevel > sender.ClearanceRank && !sender.DeclaredHandles.Contains(c.Data) && !receives.Contains((flow.Source, c.Data)))
                {
                    diagnostics.Add(DiagnosticCatalogue.HandlesAboveClearance(at, sender.Name, c.Data, lattice[senderLevel], sender.Clearance));
                }
                if (delivered > external.ClearanceRank)
                {
                    diagnostics.Add(DiagnosticCatalogue.ExternalClearanceViolation(at, flow.Name, c.Data, lattice[delivered], external.Name, external.Clearance));
                }
            }
            externalFlows[flow.Name] = flow with { Carries = carried.ToImmutable() };
        }
    }

    private DeclassifyIntent? BindDeclassify(IntentDeclSyntax item, DeclassifyIntentSyntax body, SourceText source)
    {
        var dataClass = ResolveData(body.Data, source);
        var rank = ResolveLevel(body.Level, source);
        var via = ResolveService(body.Via, source);
        if (dataClass is null || rank < 0 || via is null)
        {
            return null;
        }
        if (rank >= dataClass.Rank)
        {
            diagnostics.Add(DiagnosticCatalogue.InvalidDeclassification(Loc(source, body.Level),
                $"declassifying '{dataClass.Name}' ({dataClass.Level}) to {body.Level.Text} does not lower its level"));
            return null;
        }
        var touches = via.DeclaredHandles.Contains(dataClass.Name) ||
            flows.Values.Concat(externalFlows.Values).Any(f => (f.Target == via.Name || f.Source == via.Name) && f.Carries.Any(c => c.Data == dataClass.Name));
        if (!touches)
        {
            diagnostics.Add(DiagnosticCatalogue.InvalidDeclassification(Loc(source, body.Via),
                $"service '{via.Name}' never handles '{dataClass.Name}', so it cannot declassify it"));
            return null;
        }
        return new DeclassifyIntent(item.Name.Text, Loc(source, item.Name), dataClass.Name, body.Level.Text, rank, via.Name);
    }
}
