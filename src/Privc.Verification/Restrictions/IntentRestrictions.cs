using System.Collections.Immutable;
using Privc.Semantics;

namespace Privc.Verification.Restrictions;

/// <summary>
/// What each intent kind restricts (specs/semantics.md section 5, in the vocabulary of <see cref="Restriction"/>):
/// the one place where intents are read kind by kind on the compiler's side.
/// </summary>
public sealed class IntentRestrictions : IIntentVisitor<ImmutableArray<Restriction>>
{
    private static readonly IntentRestrictions Instance = new();

    private IntentRestrictions()
    {
    }

    /// <summary>The restrictions of one intent, in a fixed order.</summary>
    public static ImmutableArray<Restriction> Of(Intent intent) => intent.Accept(Instance);

    public ImmutableArray<Restriction> VisitPlace(PlacementIntent intent) =>
        intent.Services.Select(s => (Restriction)new NodeRestriction(intent, s, intent.On)).ToImmutableArray();

    /// <summary>
    /// Nodes of the services that hold the data undeclassified, and every device (and, with `over links`, link) on
    /// the routes of the flows that carry it undeclassified (the binder's Hold and Carry sets).
    /// </summary>
    public ImmutableArray<Restriction> VisitKeep(KeepIntent intent)
    {
        var result = ImmutableArray.CreateBuilder<Restriction>();
        result.AddRange(intent.Services.Select(s => new NodeRestriction(intent, s, intent.Within)));
        foreach (var flow in intent.Flows)
        {
            result.Add(new RouteDeviceRestriction(intent, flow, intent.Within, Avoid: false));
            if (intent.OverLinks is { } over)
            {
                result.Add(new RouteLinkRestriction(intent, flow, over, Avoid: false));
            }
        }
        return result.ToImmutable();
    }

    public ImmutableArray<Restriction> VisitSeparate(SeparateIntent intent) => [new SeparationRestriction(intent, intent.Left, intent.Right, intent.Scope)];

    public ImmutableArray<Restriction> VisitColocate(ColocateIntent intent) => [new ColocationRestriction(intent, intent.Left, intent.Right, intent.Scope)];

    public ImmutableArray<Restriction> VisitDedicate(DedicateIntent intent) => [new DedicationRestriction(intent, intent.Services)];

    public ImmutableArray<Restriction> VisitSpread(SpreadIntent intent) =>
        intent.Services.Select(s => (Restriction)new SpreadRestriction(intent, s, intent.Key, intent.MinDistinct)).ToImmutableArray();

    public ImmutableArray<Restriction> VisitRoute(RouteIntent intent) =>
        intent.Flows.SelectMany(flow => intent.Constraints.Select(c => c.Accept(new ConstraintRestriction(intent, flow)))).ToImmutableArray();

    /// <summary>A declassification is a typing rule: it changes which data the other intents see, and restricts nothing itself.</summary>
    public ImmutableArray<Restriction> VisitDeclassify(DeclassifyIntent intent) => [];

    private sealed class ConstraintRestriction(RouteIntent intent, string flow) : IPathConstraintVisitor<Restriction>
    {
        public Restriction VisitAvoidDevices(PathConstraint.AvoidDevices constraint) => new RouteDeviceRestriction(intent, flow, constraint.Devices, Avoid: true);

        public Restriction VisitAvoidLinks(PathConstraint.AvoidLinks constraint) => new RouteLinkRestriction(intent, flow, constraint.Links, Avoid: true);

        public Restriction VisitThrough(PathConstraint.Through constraint) => new WaypointRestriction(intent, flow, constraint.Waypoints);

        public Restriction VisitWithinDevices(PathConstraint.WithinDevices constraint) => new RouteDeviceRestriction(intent, flow, constraint.Devices, Avoid: false);

        public Restriction VisitOverLinks(PathConstraint.OverLinks constraint) => new RouteLinkRestriction(intent, flow, constraint.Links, Avoid: false);

        public Restriction VisitMaxLatency(PathConstraint.MaxLatency constraint) => new LatencyRestriction(intent, flow, constraint.Micros);

        public Restriction VisitMaxHops(PathConstraint.MaxHops constraint) => new HopRestriction(intent, flow, constraint.Hops);
    }
}
