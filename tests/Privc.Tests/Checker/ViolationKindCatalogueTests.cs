using System.Collections.Immutable;
using Privc.Checking;
using static Privc.Tests.Checker.CheckerScenario;

namespace Privc.Tests.Checker;

/// <summary>
/// One configuration per <see cref="ViolationKind"/> that shows it, so a new kind without a case fails here
/// (Minsk's "every diagnostic has a test"). Each case checks the intent reported and that the witness says where.
/// </summary>
public class ViolationKindCatalogueTests
{
    public static TheoryData<ViolationKind> Kinds => new(Enum.GetValues<ViolationKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Catalogue_EveryKind_HasAConfigurationShowingIt(ViolationKind kind)
    {
        var (scenario, configuration, intent) = Case(kind);
        // Resilience is judged apart from C |=_lambda I (specs/semantics.md section 9).
        CheckReport Judge() => kind == ViolationKind.NoBackupRoute ? ResilienceChecker.Check(scenario.Program, scenario.Topology, configuration) : scenario.Check(configuration);
        var report = Judge();
        var found = report.Violations.Where(v => v.Kind == kind).ToList();
        Assert.True(found.Count > 0, $"{kind} not reported; got:\n{string.Join("\n", report.Violations)}");
        Assert.All(found, v =>
        {
            Assert.Equal(intent, v.Intent);
            Assert.False(string.IsNullOrWhiteSpace(v.Message));
            Assert.NotEqual(Witness.None, v.Witness);
        });
        Assert.Equal(report.Violations.ToArray(), Judge().Violations.ToArray());
    }

    private static readonly Lazy<CheckerScenario> Plain = new(() => new CheckerScenario(string.Empty));

    /// <summary>Only encrypted links: s1-s2 (ports 1), s2-s3, s3-s4. Every route from s1 or s2 to s3 passes s2-s3.</summary>
    private static readonly Lazy<CheckerScenario> Unprotected = new(() => new CheckerScenario("intent r: route q avoid links where encrypted == false;"));

    private static Placement[] Base => [Place("web", "n1", "n3"), Place("db", "n4"), Place("guest", "n5")];

    private static (CheckerScenario, Configuration, string) Structural(string condition, Func<CheckerScenario, Configuration> build) =>
        (Plain.Value, build(Plain.Value), condition);

    private static (CheckerScenario, Configuration, string) Intent(string intents, Func<CheckerScenario, Configuration> build)
    {
        var scenario = new CheckerScenario(intents);
        return (scenario, build(scenario), scenario.Program.Intents[0].Name);
    }

    private static Configuration WithRoutes(Configuration configuration, Func<ImmutableArray<Route>, IEnumerable<Route>> change) =>
        configuration with { Routes = change(configuration.Routes).ToImmutableArray() };

    /// <summary>A portless flow back from db whose route is not q's route reversed: its packets look like q's replies.</summary>
    private static (CheckerScenario, Configuration, string) ReplyCase()
    {
        var scenario = new CheckerScenario(string.Empty, declarations: CheckerScenario.Declarations + "flow back: db -> web bandwidth 1Mbps;\n");
        var configuration = scenario.Config(Base, scenario.Route("q", "n1", "n4", "s1", "s3"), scenario.Route("back", "n4", "n1", "s3", "s2", "s1"));
        return (scenario, configuration, StructuralCondition.Routing);
    }

    private static (CheckerScenario, Configuration, string) Case(ViolationKind kind)
    {
        const string W1 = StructuralCondition.Placement, W2 = StructuralCondition.Capacity, W3 = StructuralCondition.Routing;
        return kind switch
        {
            ViolationKind.ServiceNotPlaced => Structural(W1, s => s.Config(Base.Take(2))),
            ViolationKind.UnknownService => Structural(W1, s => s.Config([.. Base, Place("ghost", "n1")])),
            ViolationKind.DuplicatePlacement => Structural(W1, s => s.Config([.. Base, Place("guest", "n4")])),
            ViolationKind.UnknownNode => Structural(W1, s => s.Config([Place("web", "n1", "n9"), Place("db", "n4"), Place("guest", "n5")])),
            ViolationKind.DuplicateNode => Structural(W1, s => s.Config([new Placement("web", ["n3", "n3"]), Place("db", "n4"), Place("guest", "n5")])),
            ViolationKind.WrongReplicaCount => Structural(W1, s => s.Config([Place("web", "n1", "n2", "n3"), Place("db", "n4"), Place("guest", "n5")])),
            ViolationKind.CpuOverCapacity or ViolationKind.MemoryOverCapacity => Structural(W2, s => s.Config([Place("web", "n1", "n3"), Place("db", "n5"), Place("guest", "n5")])),
            ViolationKind.UnknownFlow => Structural(W3, s => WithRoutes(s.Config(Base), r => r.Add(new Route("nope", "n1", "n4", [], [])))),
            ViolationKind.UnknownRouteNode => Structural(W3, s => WithRoutes(s.Config(Base), r => r.Add(new Route("q", "n1", "n9", [], [])))),
            ViolationKind.UnexpectedRoute => Structural(W3, s => WithRoutes(s.Config(Base), r => r.Add(s.ShortestRoute("q", "n4", "n1")))),
            ViolationKind.DuplicateRoute => Structural(W3, s => WithRoutes(s.Config(Base), r => r.Add(r[0]))),
            ViolationKind.MissingRoute => Structural(W3, s => WithRoutes(s.Config(Base), r => r.Skip(1))),
            ViolationKind.NonEmptyRouteOnSameNode => Structural(W3, s => s.Config([Place("web", "n1", "n3"), Place("db", "n3"), Place("guest", "n5")], s.Route("q", "n3", "n3", "s2"))),
            ViolationKind.EmptyRoute => Structural(W3, s => s.Config(Base, new Route("q", "n1", "n4", [], []))),
            ViolationKind.UnknownDevice => Structural(W3, s => s.Config(Base, new Route("q", "n1", "n4", ["s1", "s9"], [new Hop("s1", 3, "s3", 2)]))),
            ViolationKind.WrongFirstDevice => Structural(W3, s => s.Config(Base, s.Route("q", "n1", "n4", "s2", "s3"))),
            ViolationKind.WrongLastDevice => Structural(W3, s => s.Config(Base, s.Route("q", "n1", "n4", "s1", "s2"))),
            ViolationKind.RepeatedDevice => Structural(W3, s => s.Config(Base, s.Route("q", "n1", "n4", "s1", "s3", "s1", "s3"))),
            ViolationKind.HopMismatch => Structural(W3, s => s.Config(Base, new Route("q", "n1", "n4", ["s1", "s3"], []))),
            ViolationKind.UnknownLink => Structural(W3, s => s.Config(Base, new Route("q", "n1", "n4", ["s1", "s3"], [new Hop("s1", 3, "s3", 7)]))),
            ViolationKind.IndistinguishableRoutes => ReplyCase(),
            ViolationKind.BandwidthExceeded => BandwidthCase(),
            ViolationKind.FlowNotAllowed => Structural(StructuralCondition.Isolation, s => s.Config(Base, [], [])),
            ViolationKind.UndeclaredFlowAllowed => Structural(StructuralCondition.Isolation, s => s.Config(Base, [], [.. s.DeclaredAllowed(), new AllowedFlow("guest", "web", 8080)])),
            ViolationKind.NodeFailsPredicate => Intent("intent p: place db on tier == edge;", s => s.Config(Base)),
            ViolationKind.KeepNodeOutside or ViolationKind.KeepDeviceOutside or ViolationKind.KeepLinkOutside =>
                Intent("intent k: keep Vitals within jurisdiction == AU over links where encrypted;", s => s.Config(Base)),
            ViolationKind.ScopeShared => Intent("intent sep: separate web from db by tier;", s => s.Config(Base)),
            ViolationKind.NotColocated => Intent("intent co: colocate db with web;", s => s.Config(Base)),
            ViolationKind.DedicatedNodeShared => Intent("intent d: dedicate guest;", s => s.Config([Place("web", "n1", "n3"), Place("db", "n4"), Place("guest", "n3")])),
            ViolationKind.SpreadTooNarrow => Intent("intent sp: spread web across jurisdiction at least 2;", s => s.Config(Base)),
            ViolationKind.AvoidedDeviceUsed => Intent("intent r: route q avoid devices where role == anonymiser;", s => s.Config(Base)),
            ViolationKind.AvoidedLinkUsed => Intent("intent r: route q avoid links where bandwidth >= 1Gbps;", s => s.Config(Base)),
            ViolationKind.MissingWaypoint => Intent("intent r: route q through s4;", s => s.Config(Base)),
            ViolationKind.DeviceOutsideRegion => Intent("intent r: route q within jurisdiction == AU;", s => s.Config(Base)),
            ViolationKind.LinkNotPermitted => Intent("intent r: route q over links where latency < 1ms;", s => s.Config(Base)),
            ViolationKind.LatencyExceeded => Intent("intent r: route q latency <= 1ms;", s => s.Config(Base)),
            ViolationKind.TooManyHops => Intent("intent r: route q hops <= 0;", s => s.Config(Base)),
            ViolationKind.NoBackupRoute => (Unprotected.Value, Unprotected.Value.Config(Base, Unprotected.Value.Route("q", "n1", "n4", "s1", "s2", "s3"), Unprotected.Value.Route("q", "n3", "n4", "s2", "s3")), ResilienceChecker.Condition),
            _ => throw new InvalidOperationException($"no catalogue case for {kind}"),
        };
    }

    private static (CheckerScenario, Configuration, string) BandwidthCase()
    {
        // q (100Mbps, reserved once for both web replicas) fills the 100Mbps cable s1:2->s2:2; side needs 1Mbps more.
        // side has a port of its own (6000), so flow rules can carry it by another path than q between n1 and n3 (W3).
        var s = new CheckerScenario(string.Empty, declarations: CheckerScenario.Declarations.Replace("ports 5432;", "ports 5432, 6000;", StringComparison.Ordinal) + "flow side: guest -> db bandwidth 1Mbps port 6000;\n");
        var slow = new Hop("s1", 2, "s2", 2);
        Placement[] placed = [Place("web", "n1", "n2"), Place("db", "n3"), Place("guest", "n1")];
        s.AssertCompliant(s.Config(placed, RouteVia("q", "n1", "n3", slow), RouteVia("q", "n2", "n3", slow), RouteVia("side", "n1", "n3", new Hop("s1", 1, "s2", 1))));
        return (s, s.Config(placed, RouteVia("q", "n1", "n3", slow), RouteVia("q", "n2", "n3", slow), RouteVia("side", "n1", "n3", slow)), StructuralCondition.Bandwidth);
    }
}
