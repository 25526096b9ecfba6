using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Verification;
using Privc.Syntax;
using Privc.Tests.Infrastructure;
using Privc.Text;
using Privc.Topology;
using Privc.TypeSystem;

namespace Privc.Tests.Semantics;

/// <summary>What the binder builds for every construct of a valid program (the typed model later stages read).</summary>
public class BinderTests
{
    private const string P = FrontEndTestPrelude.Declarations;

    private static BoundProgram Bind(string text)
    {
        var compilation = TestSources.Compile(text, DiagnosticAssert.HospitalTopology);
        Assert.True(compilation.Program is not null, string.Join("\n", compilation.Diagnostics));
        return compilation.Program!;
    }

    private static T Intent<T>(string item)
        where T : Intent =>
        Assert.IsType<T>(Bind(P + item).Intents.Single(i => i.Name == "i"));

    private static Predicate PlacePredicate(string predicate) => Intent<PlacementIntent>($"intent i: place ingest on {predicate};").On;

    // ---- declarations ----

    [Fact]
    public void Bind_NoLevelsDeclaration_UsesTheDefaultLattice()
    {
        var program = Bind("data D: confidential;");
        Assert.Equal(["public", "internal", "confidential", "restricted"], program.Lattice.Levels.AsEnumerable());
        Assert.Equal(2, program.Data.Single().Rank);
    }

    [Fact]
    public void Bind_LevelsDeclaration_DefinesTheOrder()
    {
        var program = Bind("levels low < high;\ndata D: high tags b, a, b;");
        Assert.Equal(["low", "high"], program.Lattice.Levels.AsEnumerable());
        var data = program.Data.Single();
        Assert.Equal(("high", 1), (data.Level, data.Rank));
        Assert.Equal(["a", "b"], data.Tags.AsEnumerable());
    }

    [Fact]
    public void Bind_ServiceWithOnlyAnImage_GetsTheDefaults()
    {
        var service = Bind("service web { image \"nginx:1.27\"; }").Service("web");
        Assert.Equal("nginx:1.27", service.Image);
        Assert.Equal(1, service.Replicas);
        Assert.Equal(0, service.CpuMillis);
        Assert.Equal(0, service.MemoryBytes);
        Assert.Empty(service.Ports);
        Assert.Equal("default", service.Tenant);
        Assert.Equal("default", service.Namespace);
        Assert.Equal(("public", 0), (service.Clearance, service.ClearanceRank));
        Assert.Empty(service.DeclaredHandles);
    }

    [Fact]
    public void Bind_ServiceWithEveryProperty_TypesEachValue()
    {
        var service = Bind(P + "service web { image \"i\"; replicas 3; cpu 1.5; memory 2Gi; ports 443, 80, 443; tenant \"shop\"; namespace front; handles Stats; clearance confidential; }").Service("web");
        Assert.Equal(3, service.Replicas);
        Assert.Equal(1500, service.CpuMillis);
        Assert.Equal(2L * 1024 * 1024 * 1024, service.MemoryBytes);
        Assert.Equal([80, 443], service.Ports.AsEnumerable());
        Assert.Equal("shop", service.Tenant);
        Assert.Equal("front", service.Namespace);
        Assert.Equal(["Stats"], service.DeclaredHandles.AsEnumerable());
        Assert.Equal(("confidential", 2), (service.Clearance, service.ClearanceRank));
    }

    [Theory]
    [InlineData("cpu 500m", 500L)]
    [InlineData("cpu 2", 2000L)]
    [InlineData("cpu 0.25", 250L)]
    [InlineData("memory 256Mi", 256L * 1024 * 1024)]
    [InlineData("memory 1Ki", 1024L)]
    [InlineData("memory 1Ti", 1024L * 1024 * 1024 * 1024)]
    [InlineData("memory 1K", 1000L)]
    [InlineData("memory 2M", 2_000_000L)]
    [InlineData("memory 3G", 3_000_000_000L)]
    [InlineData("memory 1T", 1_000_000_000_000L)]
    [InlineData("memory 4096", 4096L)]
    public void Bind_CpuAndMemory_ConvertToBaseUnits(string property, long expected)
    {
        var service = Bind($"service web {{ image \"i\"; {property}; }}").Service("web");
        Assert.Equal(expected, property.StartsWith("cpu", StringComparison.Ordinal) ? service.CpuMillis : service.MemoryBytes);
    }

    [Theory]
    [InlineData("1bps", 1L)]
    [InlineData("2Kbps", 2_000L)]
    [InlineData("100Mbps", 100_000_000L)]
    [InlineData("1.5Gbps", 1_500_000_000L)]
    [InlineData("1Tbps", 1_000_000_000_000L)]
    public void Bind_FlowBandwidth_ConvertsToBitsPerSecond(string bandwidth, long bps) =>
        Assert.Equal(bps, Bind(P + $"flow f: ingest -> research bandwidth {bandwidth};").Flow("f").BandwidthBps);

    [Fact]
    public void Bind_FlowClauses_AreTyped()
    {
        var flow = Bind(P + "flow f: ingest -> triage carries Vitals bandwidth 5Mbps port 9000;").Flow("f");
        Assert.Equal(("ingest", "triage", 9000, 5_000_000L), (flow.Source, flow.Target, flow.Port!.Value, flow.BandwidthBps));
        Assert.Equal("Vitals", Assert.Single(flow.Carries).Data);
    }

    [Fact]
    public void Bind_FlowWithoutClauses_HasNoPortNoBandwidthNoData()
    {
        var flow = Bind(P + "flow f: ingest -> research;").Flow("f");
        Assert.Null(flow.Port);
        Assert.Equal(0, flow.BandwidthBps);
        Assert.Empty(flow.Carries);
    }

    [Fact]
    public void Bind_Program_SortsDeclarationsByName()
    {
        var program = Bind(P);
        Assert.Equal(["anon", "ingest", "research", "triage"], program.Services.Select(s => s.Name));
        Assert.Equal(["feed", "out", "to_anon"], program.Flows.Select(f => f.Name));
        Assert.Equal(["Stats", "Vitals"], program.Data.Select(d => d.Name));
    }

    // ---- intents ----

    [Fact]
    public void Bind_Place_SelectsServicesAndBindsThePredicate()
    {
        var place = Intent<PlacementIntent>("intent i: place triage, ingest on tee;");
        Assert.Equal(["ingest", "triage"], place.Services.AsEnumerable());
        Assert.Equal(new Predicate.Flag("tee"), place.On);
        Assert.Equal("place", place.Kind);
    }

    [Fact]
    public void Bind_Keep_FindsHoldersAndCarriersOfUndeclassifiedData()
    {
        var keep = Intent<KeepIntent>("intent i: keep Vitals within jurisdiction == AU over links where encrypted;");
        Assert.Equal(["Vitals"], keep.Data.AsEnumerable());
        Assert.Equal(["anon", "ingest", "triage"], keep.Services.AsEnumerable());
        Assert.Equal(["feed", "to_anon"], keep.Flows.AsEnumerable());
        Assert.Equal(new Predicate.Flag("encrypted"), keep.OverLinks);
    }

    [Fact]
    public void Bind_KeepDataTagged_SelectsEveryDataWithTheTag()
    {
        var keep = Intent<KeepIntent>("intent i: keep data tagged PII, Vitals within jurisdiction == AU;");
        Assert.Equal(["Vitals"], keep.Data.AsEnumerable());
        Assert.Null(keep.OverLinks);
    }

    [Fact]
    public void Bind_SeparateAndColocate_DefaultToNodeScope()
    {
        var separate = Intent<SeparateIntent>("intent i: separate research from tenant hospital;");
        Assert.Equal(["research"], separate.Left.AsEnumerable());
        Assert.Equal(["anon", "ingest", "triage"], separate.Right.AsEnumerable());
        Assert.Equal(Scope.Node, separate.Scope);
        Assert.Equal(Scope.Node, Intent<ColocateIntent>("intent i: colocate anon with triage by node;").Scope);
    }

    [Fact]
    public void Bind_ByLabel_IsALabelScope()
    {
        var colocate = Intent<ColocateIntent>("intent i: colocate anon with triage by zone;");
        Assert.Equal(new Scope(SeparationScope.Label, "zone"), colocate.Scope);
    }

    [Fact]
    public void Bind_Dedicate_SelectsServices() => Assert.Equal(["research"], Intent<DedicateIntent>("intent i: dedicate tenant university;").Services.AsEnumerable());

    [Fact]
    public void Bind_Spread_HasKeyAndCount()
    {
        var spread = Intent<SpreadIntent>("intent i: spread triage, ingest across zone at least 2;");
        Assert.Equal(("zone", 2), (spread.Key, spread.MinDistinct));
        Assert.Equal(["ingest", "triage"], spread.Services.AsEnumerable());
    }

    [Fact]
    public void Bind_RouteClauses_BecomeConstraints()
    {
        var route = Intent<RouteIntent>(
            "intent i: route feed avoid s5, s6, avoid devices where trust < medium, avoid links where not encrypted, through devices where role == firewall then s4, within jurisdiction == AU, over links where encrypted, latency < 15ms, hops <= 3;");
        Assert.Equal(["feed"], route.Flows.AsEnumerable());
        Assert.Collection(route.Constraints,
            c => Assert.Equal(new Predicate.Member("name", [new AttributeValue.Text("s5"), new AttributeValue.Text("s6")], false), ((PathConstraint.AvoidDevices)c).Devices, PredicateComparer.Instance),
            c => Assert.IsType<Predicate.Compare>(Assert.IsType<PathConstraint.AvoidDevices>(c).Devices),
            c => Assert.IsType<Predicate.Not>(Assert.IsType<PathConstraint.AvoidLinks>(c).Links),
            c => Assert.Equal(2, Assert.IsType<PathConstraint.Through>(c).Waypoints.Length),
            c => Assert.IsType<PathConstraint.WithinDevices>(c),
            c => Assert.IsType<PathConstraint.OverLinks>(c),
            c => Assert.Equal(14_999, Assert.IsType<PathConstraint.MaxLatency>(c).Micros),
            c => Assert.Equal(3, Assert.IsType<PathConstraint.MaxHops>(c).Hops));
    }

    [Theory]
    [InlineData("latency <= 10ms", 10_000L)]
    [InlineData("latency < 10ms", 9_999L)]
    [InlineData("latency <= 250us", 250L)]
    [InlineData("latency <= 1s", 1_000_000L)]
    public void Bind_LatencyBound_IsInclusiveMicroseconds(string clause, long micros) =>
        Assert.Equal(micros, Assert.IsType<PathConstraint.MaxLatency>(Assert.Single(Intent<RouteIntent>($"intent i: route feed {clause};").Constraints)).Micros);

    [Theory]
    [InlineData("hops <= 0", 0)]
    [InlineData("hops < 1", 0)]
    [InlineData("hops < 4", 3)]
    public void Bind_HopBound_IsInclusive(string clause, int hops) =>
        Assert.Equal(hops, Assert.IsType<PathConstraint.MaxHops>(Assert.Single(Intent<RouteIntent>($"intent i: route feed {clause};").Constraints)).Hops);

    [Fact]
    public void Bind_AvoidByDeviceId_ResolvesToTheDeviceName()
    {
        var avoid = Assert.IsType<PathConstraint.AvoidDevices>(Assert.Single(Intent<RouteIntent>("intent i: route feed avoid s5;").Constraints));
        Assert.Equal([new AttributeValue.Text("s5")], ((Predicate.Member)avoid.Devices).Values.AsEnumerable());
    }

    [Fact]
    public void Bind_Declassify_IsATypingIntent()
    {
        var declassify = Assert.IsType<DeclassifyIntent>(Bind(P).Intents.Single(i => i.Name == "anonymise"));
        Assert.Equal(("Vitals", "internal", 1, "anon"), (declassify.Data, declassify.Level, declassify.Rank, declassify.Via));
        Assert.Equal("declassify", declassify.Kind);
    }

    [Fact]
    public void Bind_IntentLocation_IsItsName()
    {
        var text = P + "intent i: place ingest on tee;";
        var place = Intent<PlacementIntent>("intent i: place ingest on tee;");
        Assert.Equal(text.IndexOf("i: place", StringComparison.Ordinal), place.Location.Span.Start);
        Assert.Equal(1, place.Location.Span.Length);
    }

    // ---- selectors ----

    [Theory]
    [InlineData("*", new[] { "anon", "ingest", "research", "triage" })]
    [InlineData("tenant hospital", new[] { "anon", "ingest", "triage" })]
    [InlineData("handling Vitals", new[] { "anon", "ingest", "research", "triage" })]
    [InlineData("ingest, ingest", new[] { "ingest" })]
    [InlineData("research, tenant university", new[] { "research" })]
    public void Bind_ServiceSelector_SelectsServices(string selector, string[] expected) =>
        Assert.Equal(expected, Intent<DedicateIntent>($"intent i: dedicate {selector};").Services);

    [Theory]
    [InlineData("*", new[] { "feed", "out", "to_anon" })]
    [InlineData("flows carrying Vitals", new[] { "feed", "out", "to_anon" })]
    [InlineData("flows from triage", new[] { "to_anon" })]
    [InlineData("flows to research", new[] { "out" })]
    [InlineData("feed, flows to triage", new[] { "feed" })]
    public void Bind_FlowSelector_SelectsFlows(string selector, string[] expected) =>
        Assert.Equal(expected, Intent<RouteIntent>($"intent i: route {selector} hops <= 5;").Flows);

    // ---- predicates ----

    [Fact]
    public void Bind_EqualityOnText_IsMembership() =>
        Assert.Equal(new Predicate.Member("tier", [new AttributeValue.Text("edge")], false), PlacePredicate("tier == edge"), PredicateComparer.Instance);

    [Fact]
    public void Bind_InequalityOnText_IsNegatedMembership() =>
        Assert.Equal(new Predicate.Member("jurisdiction", [new AttributeValue.Text("SG")], true), PlacePredicate("jurisdiction != SG"), PredicateComparer.Instance);

    [Fact]
    public void Bind_InAndNotIn_AreMembership()
    {
        Assert.Equal(new Predicate.Member("tier", [new AttributeValue.Text("edge"), new AttributeValue.Text("cloud")], false), PlacePredicate("tier in {edge, cloud}"), PredicateComparer.Instance);
        Assert.True(((Predicate.Member)PlacePredicate("tier not in {edge}")).Negated);
    }

    [Fact]
    public void Bind_ComparisonOnScale_UsesTheLevelRank()
    {
        var compare = Assert.IsType<Predicate.Compare>(PlacePredicate("trust >= medium"));
        Assert.Equal(ComparisonOperator.GreaterOrEqual, compare.Operator);
        Assert.Equal(new AttributeValue.Level("medium", 2), compare.Value);
    }

    [Fact]
    public void Bind_ComparisonOnNumber_IsNumeric() =>
        Assert.Equal(new AttributeValue.Number(2.5m), Assert.IsType<Predicate.Compare>(PlacePredicate("cost <= 2.5")).Value);

    [Fact]
    public void Bind_ComparisonOnBuiltInCapacity_IsAQuantity()
    {
        Assert.Equal(new AttributeValue.Measure(new Quantity(Dimension.Cpu, 8000)), Assert.IsType<Predicate.Compare>(PlacePredicate("cpu >= 8")).Value);
        Assert.Equal(new AttributeValue.Measure(new Quantity(Dimension.Memory, 16L << 30)), Assert.IsType<Predicate.Compare>(PlacePredicate("memory > 16Gi")).Value);
    }

    [Fact]
    public void Bind_LinkLatencyComparison_IsAQuantity()
    {
        var over = Assert.IsType<PathConstraint.OverLinks>(Assert.Single(Intent<RouteIntent>("intent i: route feed over links where latency < 5ms and bandwidth >= 10Gbps;").Constraints));
        var and = Assert.IsType<Predicate.And>(over.Links);
        Assert.Equal(new AttributeValue.Measure(new Quantity(Dimension.Latency, 5000)), ((Predicate.Compare)and.Left).Value);
        Assert.Equal(new AttributeValue.Measure(new Quantity(Dimension.Bandwidth, 10_000_000_000)), ((Predicate.Compare)and.Right).Value);
    }

    [Theory]
    [InlineData("tee == true", true)]
    [InlineData("tee == false", false)]
    [InlineData("tee == \"true\"", true)]
    public void Bind_FlagComparedWithBoolean_IsMembership(string predicate, bool value) =>
        Assert.Equal(new Predicate.Member("tee", [new AttributeValue.Flag(value)], false), PlacePredicate(predicate), PredicateComparer.Instance);

    [Fact]
    public void Bind_BooleanStructure_IsKept()
    {
        var or = Assert.IsType<Predicate.Or>(PlacePredicate("not tee and true or false"));
        var and = Assert.IsType<Predicate.And>(or.Left);
        Assert.Equal(new Predicate.Not(new Predicate.Flag("tee")), and.Left);
        Assert.Equal(Predicate.True, and.Right);
        Assert.Equal(Predicate.False, or.Right);
    }

    [Fact]
    public void Bind_QuotedKey_ReachesTheLabel()
    {
        var topology = TestSources.LoadTopology("""
            devices: [{id: "of:1", name: s1}]
            nodes:
              - {name: n1, ip: 10.0.0.1, capacity: {cpu: 1, memory: 1Gi}, attach: {device: s1, port: 1}, labels: {"node-restriction.kubernetes.io/zone": "a b"}}
            """);
        var compilation = TestSources.Compile("service w { image \"i\"; }\nintent i: place w on \"node-restriction.kubernetes.io/zone\" == \"a b\";", topology);
        var place = Assert.IsType<PlacementIntent>(Assert.Single(compilation.Program!.Intents));
        Assert.Equal(new Predicate.Member("node-restriction.kubernetes.io/zone", [new AttributeValue.Text("a b")], false), place.On, PredicateComparer.Instance);
    }

    [Fact]
    public void Bind_DeviceAttributeById_ResolvesToTheDeviceName() =>
        Assert.Equal(new Predicate.Member("device", [new AttributeValue.Text("s1")], false), PlacePredicate("device == \"of:0000000000000001\""), PredicateComparer.Instance);

    [Fact]
    public void Bind_KeepWithin_RangesOverNodesAndDevices()
    {
        // role is a device label only, site too; both are allowed in a keep's region because it also constrains devices.
        var keep = Intent<KeepIntent>("intent i: keep Vitals within site != transit or role == firewall;");
        Assert.IsType<Predicate.Or>(keep.Within);
    }

    // ---- objectives and order ----

    [Fact]
    public void Bind_Objectives_KeepDeclarationOrder()
    {
        var program = Bind(P + "objective b: minimize max latency;\nobjective a: minimize latency;\nobjective c: minimize nodes;\nobjective d: minimize cost;\nobjective e: prefer tier == edge;");
        Assert.Equal(["b", "a", "c", "d", "e"], program.Objectives.Select(o => o.Name));
        Assert.Equal([ObjectiveMetric.MaxLatency, ObjectiveMetric.TotalLatency, ObjectiveMetric.Nodes, ObjectiveMetric.Cost, ObjectiveMetric.Prefer], program.Objectives.Select(o => o.Metric));
        Assert.NotNull(program.Objectives[4].Prefer);
        Assert.Null(program.Objectives[0].Prefer);
    }

    [Fact]
    public void Bind_SeveralFiles_AreBoundInPathOrder()
    {
        var files = new[]
        {
            new SourceText("b.priv", "objective from_b: minimize cost;\nintent in_b: place ingest on tee;"),
            new SourceText("a.priv", P + "objective from_a: minimize latency;\nintent in_a: place ingest on tee;"),
        };
        var forward = new Compilation(files, DiagnosticAssert.HospitalTopology);
        var backward = new Compilation(files.Reverse(), DiagnosticAssert.HospitalTopology);
        Assert.True(forward.Program is not null, string.Join("\n", forward.Diagnostics));
        Assert.Equal(["from_a", "from_b"], forward.Program!.Objectives.Select(o => o.Name));
        Assert.Equal(["anonymise", "in_a", "in_b"], forward.Program.Intents.Select(i => i.Name));
        Assert.Equal(forward.Program.Objectives.Select(o => o.Name), backward.Program!.Objectives.Select(o => o.Name));
    }

    [Fact]
    public void Bind_DeclarationsInAnotherFile_AreVisible()
    {
        var compilation = new Compilation(
            [new SourceText("z-intents.priv", "intent i: place ingest on tee;"), new SourceText("a-decls.priv", P)],
            DiagnosticAssert.HospitalTopology);
        Assert.True(compilation.Program is not null, string.Join("\n", compilation.Diagnostics));
    }

    [Fact]
    public void Bind_ErrorInOneFile_IsReportedWithThatFilesPath()
    {
        var compilation = new Compilation(
            [new SourceText("b.priv", "intent i: place nobody on tee;"), new SourceText("a.priv", P)],
            DiagnosticAssert.HospitalTopology);
        var diagnostic = Assert.Single(compilation.Diagnostics);
        Assert.Equal("b.priv", diagnostic.Location!.Value.Path);
        Assert.Null(compilation.Program);
    }

    /// <summary>Structural equality for bound predicates (records holding immutable arrays compare those by reference).</summary>
    private sealed class PredicateComparer : IEqualityComparer<Predicate>
    {
        public static PredicateComparer Instance { get; } = new();

        public bool Equals(Predicate? x, Predicate? y) => (x, y) switch
        {
            (Predicate.Member a, Predicate.Member b) => a.Key == b.Key && a.Negated == b.Negated && a.Values.SequenceEqual(b.Values),
            (Predicate.Not a, Predicate.Not b) => Equals(a.Operand, b.Operand),
            (Predicate.And a, Predicate.And b) => Equals(a.Left, b.Left) && Equals(a.Right, b.Right),
            (Predicate.Or a, Predicate.Or b) => Equals(a.Left, b.Left) && Equals(a.Right, b.Right),
            _ => object.Equals(x, y),
        };

        public int GetHashCode(Predicate obj) => 0;
    }
}
