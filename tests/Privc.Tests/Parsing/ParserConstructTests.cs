using Privc.Syntax;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Parsing;

/// <summary>Every alternative of every grammar rule builds the syntax node it should, with the right children.</summary>
public class ParserConstructTests
{
    private static T Item<T>(string text)
        where T : ItemSyntax
    {
        var result = TestSources.Parse(text);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return Assert.IsType<T>(Assert.Single(result.Program!.Items));
    }

    private static T Body<T>(string body)
        where T : IntentBodySyntax =>
        Assert.IsType<T>(Item<IntentDeclSyntax>($"intent i: {body};").Body);

    private static PredicateSyntax Predicate(string predicate) => Body<PlaceIntentSyntax>($"place s on {predicate}").On;

    private static PathClauseSyntax Clause(string clause) => Assert.Single(Body<RouteIntentSyntax>($"route f {clause}").Clauses);

    private static ValueSyntax PropertyValue(string value) =>
        Assert.Single(Assert.Single(Item<ServiceDeclSyntax>($"service s {{ k {value}; }}").Properties).Values);

    // ---- declarations ----

    [Fact]
    public void Parse_Levels_KeepsOrder()
    {
        var levels = Item<LevelsDeclSyntax>("levels public < internal < confidential < restricted;");
        Assert.Equal(["public", "internal", "confidential", "restricted"], levels.Levels.Select(l => l.Text));
    }

    [Fact]
    public void Parse_LevelsWithOneLevel_IsAllowed() => Assert.Single(Item<LevelsDeclSyntax>("levels only;").Levels);

    [Fact]
    public void Parse_DataWithTags_HasLevelAndTags()
    {
        var data = Item<DataDeclSyntax>("data Vitals: restricted tags PHI, PII;");
        Assert.Equal("Vitals", data.Name.Text);
        Assert.Equal("restricted", data.Level.Text);
        Assert.Equal(["PHI", "PII"], data.Tags.Select(t => t.Text));
    }

    [Fact]
    public void Parse_DataWithoutTags_HasNoTags() => Assert.Empty(Item<DataDeclSyntax>("data Logs: internal;").Tags);

    [Fact]
    public void Parse_DataWhoseTagEqualsItsLevel_KeepsTheTag()
    {
        var data = Item<DataDeclSyntax>("data D: secret tags secret;");
        Assert.Equal("secret", data.Level.Text);
        Assert.Equal(["secret"], data.Tags.Select(t => t.Text));
    }

    [Fact]
    public void Parse_ServiceWithoutProperties_IsEmpty() => Assert.Empty(Item<ServiceDeclSyntax>("service s {}").Properties);

    [Fact]
    public void Parse_ServiceProperty_KeepsEveryValueInOrder()
    {
        var service = Item<ServiceDeclSyntax>("service s { ports 80, 443, 8080; handles A, B; }");
        Assert.Equal(["80", "443", "8080"], service.Properties[0].Values.Select(v => v.Text));
        Assert.Equal(["A", "B"], service.Properties[1].Values.Select(v => v.Text));
    }

    [Theory]
    [InlineData("edge", ValueKind.Name, "edge")]
    [InlineData("\"r/x:1\"", ValueKind.String, "r/x:1")]
    [InlineData("3", ValueKind.Number, "3")]
    [InlineData("2.5", ValueKind.Number, "2.5")]
    [InlineData("500m", ValueKind.Quantity, "500m")]
    [InlineData("true", ValueKind.Boolean, "true")]
    [InlineData("false", ValueKind.Boolean, "false")]
    [InlineData("latency", ValueKind.Name, "latency")]
    public void Parse_Value_HasKindAndText(string source, ValueKind kind, string text)
    {
        var value = PropertyValue(source);
        Assert.Equal(kind, value.Kind);
        Assert.Equal(text, value.Text);
    }

    [Fact]
    public void Parse_FlowWithEveryClause_KeepsClauseOrder()
    {
        var flow = Item<FlowDeclSyntax>("flow f: a -> b port 9000 carries X, Y bandwidth 100Mbps;");
        Assert.Equal(("f", "a", "b"), (flow.Name.Text, flow.Source.Text, flow.Target.Text));
        Assert.Collection(flow.Clauses,
            c => Assert.Equal("9000", Assert.IsType<PortClauseSyntax>(c).Value.Text),
            c => Assert.Equal(["X", "Y"], Assert.IsType<CarriesClauseSyntax>(c).Data.Select(d => d.Text)),
            c => Assert.Equal("100Mbps", Assert.IsType<BandwidthClauseSyntax>(c).Value.Text));
    }

    [Fact]
    public void Parse_FlowWithoutClauses_IsAllowed() => Assert.Empty(Item<FlowDeclSyntax>("flow f: a -> b;").Clauses);

    // ---- intents ----

    [Fact]
    public void Parse_PlaceIntent_HasServicesAndPredicate()
    {
        var place = Body<PlaceIntentSyntax>("place a, b on tee");
        Assert.Equal(2, place.Services.Length);
        Assert.Equal("tee", Assert.IsType<FlagPredicateSyntax>(place.On).Attribute.Key);
    }

    [Fact]
    public void Parse_KeepIntent_WithoutOverLinks_HasNoLinkPredicate()
    {
        var keep = Body<KeepIntentSyntax>("keep Vitals within jurisdiction == AU");
        Assert.Equal("Vitals", Assert.IsType<NamedDataSyntax>(Assert.Single(keep.Data)).Name.Text);
        Assert.IsType<ComparePredicateSyntax>(keep.Within);
        Assert.Null(keep.OverLinks);
    }

    [Fact]
    public void Parse_KeepIntent_WithOverLinks_HasLinkPredicate()
    {
        var keep = Body<KeepIntentSyntax>("keep Vitals, data tagged PHI within jurisdiction == AU over links where encrypted");
        Assert.Equal("PHI", Assert.IsType<TaggedDataSyntax>(keep.Data[1]).Tag.Text);
        Assert.Equal("encrypted", Assert.IsType<FlagPredicateSyntax>(keep.OverLinks).Attribute.Key);
    }

    [Fact]
    public void Parse_SeparateIntent_WithAndWithoutBy()
    {
        var plain = Body<SeparateIntentSyntax>("separate a from b, c");
        Assert.Null(plain.By);
        Assert.Equal(2, plain.Right.Length);
        Assert.Equal("zone", Body<SeparateIntentSyntax>("separate a from b by zone").By!.Key);
    }

    [Fact]
    public void Parse_ColocateIntent_WithAndWithoutBy()
    {
        Assert.Null(Body<ColocateIntentSyntax>("colocate a with b").By);
        Assert.Equal("site", Body<ColocateIntentSyntax>("colocate a with b by site").By!.Key);
    }

    [Fact]
    public void Parse_DedicateIntent_HasServices() => Assert.Equal(2, Body<DedicateIntentSyntax>("dedicate a, tenant t").Services.Length);

    [Fact]
    public void Parse_SpreadIntent_HasKeyAndCount()
    {
        var spread = Body<SpreadIntentSyntax>("spread a across zone at least 2");
        Assert.Equal("zone", spread.Across.Key);
        Assert.Equal("2", spread.AtLeast.Text);
    }

    [Fact]
    public void Parse_DeclassifyIntent_HasDataLevelAndService()
    {
        var declassify = Body<DeclassifyIntentSyntax>("declassify Vitals to internal via anonymiser");
        Assert.Equal(("Vitals", "internal", "anonymiser"), (declassify.Data.Text, declassify.Level.Text, declassify.Via.Text));
    }

    [Fact]
    public void Parse_RouteIntent_KeepsClausesInOrder()
    {
        var route = Body<RouteIntentSyntax>("route f, g latency <= 10ms, hops < 4, within jurisdiction == AU");
        Assert.Equal(2, route.Flows.Length);
        Assert.Collection(route.Clauses,
            c => Assert.IsType<LatencyClauseSyntax>(c),
            c => Assert.IsType<HopsClauseSyntax>(c),
            c => Assert.IsType<WithinClauseSyntax>(c));
    }

    // ---- selectors ----

    [Theory]
    [InlineData("*", typeof(AllServicesSyntax))]
    [InlineData("tenant hospital", typeof(TenantServicesSyntax))]
    [InlineData("handling Vitals", typeof(HandlingServicesSyntax))]
    [InlineData("ingest", typeof(NamedServiceSyntax))]
    public void Parse_ServiceRef_EachForm(string reference, Type type) =>
        Assert.IsType(type, Assert.Single(Body<DedicateIntentSyntax>($"dedicate {reference}").Services));

    [Fact]
    public void Parse_ServiceRefs_KeepTheirNames()
    {
        var services = Body<DedicateIntentSyntax>("dedicate tenant t, handling D, s").Services;
        Assert.Equal("t", Assert.IsType<TenantServicesSyntax>(services[0]).Tenant.Text);
        Assert.Equal("D", Assert.IsType<HandlingServicesSyntax>(services[1]).Data.Text);
        Assert.Equal("s", Assert.IsType<NamedServiceSyntax>(services[2]).Name.Text);
    }

    [Theory]
    [InlineData("*", typeof(AllFlowsSyntax))]
    [InlineData("flows carrying Vitals", typeof(CarryingFlowsSyntax))]
    [InlineData("flows from ingest", typeof(FromFlowsSyntax))]
    [InlineData("flows to triage", typeof(ToFlowsSyntax))]
    [InlineData("feed", typeof(NamedFlowSyntax))]
    public void Parse_FlowRef_EachForm(string reference, Type type) =>
        Assert.IsType(type, Assert.Single(Body<RouteIntentSyntax>($"route {reference} hops <= 3").Flows));

    [Fact]
    public void Parse_FlowRefs_KeepTheirNames()
    {
        var flows = Body<RouteIntentSyntax>("route flows carrying D, flows from a, flows to b, f hops <= 3").Flows;
        Assert.Equal("D", Assert.IsType<CarryingFlowsSyntax>(flows[0]).Data.Text);
        Assert.Equal("a", Assert.IsType<FromFlowsSyntax>(flows[1]).Service.Text);
        Assert.Equal("b", Assert.IsType<ToFlowsSyntax>(flows[2]).Service.Text);
        Assert.Equal("f", Assert.IsType<NamedFlowSyntax>(flows[3]).Name.Text);
    }

    // ---- path clauses ----

    [Fact]
    public void Parse_AvoidDevicesWhere_HasDevicePredicate() =>
        Assert.IsType<DevicesWhereSyntax>(Assert.IsType<AvoidClauseSyntax>(Clause("avoid devices where trust < medium")).Elements);

    [Fact]
    public void Parse_AvoidLinksWhere_HasLinkPredicate() =>
        Assert.IsType<LinksWhereSyntax>(Assert.IsType<AvoidClauseSyntax>(Clause("avoid links where not encrypted")).Elements);

    [Fact]
    public void Parse_AvoidNamedDevices_ListsNames()
    {
        var named = Assert.IsType<NamedDevicesSyntax>(Assert.IsType<AvoidClauseSyntax>(Clause("avoid s5, s6")).Elements);
        Assert.Equal(["s5", "s6"], named.Names.Select(n => n.Text));
    }

    [Fact]
    public void Parse_AvoidDeviceNamedDevices_IsANamedDevice()
    {
        var named = Assert.IsType<NamedDevicesSyntax>(Assert.IsType<AvoidClauseSyntax>(Clause("avoid devices")).Elements);
        Assert.Equal("devices", Assert.Single(named.Names).Text);
    }

    [Fact]
    public void Parse_ThroughWithThen_KeepsWaypointOrder()
    {
        var through = Assert.IsType<ThroughClauseSyntax>(Clause("through devices where role == firewall then s4 then devices where dpi"));
        Assert.Collection(through.Waypoints,
            w => Assert.IsType<WaypointWhereSyntax>(w),
            w => Assert.Equal("s4", Assert.IsType<WaypointNamedSyntax>(w).Name.Text),
            w => Assert.IsType<WaypointWhereSyntax>(w));
    }

    [Fact]
    public void Parse_WithinClause_HasPredicate() => Assert.IsType<InPredicateSyntax>(Assert.IsType<WithinClauseSyntax>(Clause("within jurisdiction in {AU, NZ}")).Predicate);

    [Fact]
    public void Parse_OverLinksClause_HasPredicate() => Assert.IsType<FlagPredicateSyntax>(Assert.IsType<OverLinksClauseSyntax>(Clause("over links where encrypted")).Predicate);

    [Theory]
    [InlineData("latency <= 15ms", ComparisonOperator.LessOrEqual, "15ms")]
    [InlineData("latency < 2s", ComparisonOperator.Less, "2s")]
    public void Parse_LatencyClause_HasOperatorAndBound(string clause, ComparisonOperator op, string bound)
    {
        var latency = Assert.IsType<LatencyClauseSyntax>(Clause(clause));
        Assert.Equal((op, bound), (latency.Operator, latency.Bound.Text));
    }

    [Fact]
    public void Parse_HopsClause_HasOperatorAndBound()
    {
        var hops = Assert.IsType<HopsClauseSyntax>(Clause("hops < 4"));
        Assert.Equal((ComparisonOperator.Less, "4"), (hops.Operator, hops.Bound.Text));
    }

    // ---- objectives ----

    [Theory]
    [InlineData("minimize latency", false, "latency")]
    [InlineData("minimize max latency", true, "latency")]
    [InlineData("minimize cost", false, "cost")]
    [InlineData("minimize nodes", false, "nodes")]
    public void Parse_MinimizeObjective_HasMetric(string body, bool max, string metric)
    {
        var minimize = Assert.IsType<MinimizeObjectiveSyntax>(Item<ObjectiveDeclSyntax>($"objective o: {body};").Body);
        Assert.Equal((max, metric), (minimize.Max, minimize.Metric.Text));
    }

    [Fact]
    public void Parse_PreferObjective_HasPredicate() =>
        Assert.IsType<ComparePredicateSyntax>(Assert.IsType<PreferObjectiveSyntax>(Item<ObjectiveDeclSyntax>("objective o: prefer tier == edge;").Body).Predicate);

    // ---- predicates ----

    [Theory]
    [InlineData("==", ComparisonOperator.Equal)]
    [InlineData("!=", ComparisonOperator.NotEqual)]
    [InlineData("<", ComparisonOperator.Less)]
    [InlineData("<=", ComparisonOperator.LessOrEqual)]
    [InlineData(">", ComparisonOperator.Greater)]
    [InlineData(">=", ComparisonOperator.GreaterOrEqual)]
    public void Parse_Comparison_EachOperator(string op, ComparisonOperator expected)
    {
        var compare = Assert.IsType<ComparePredicateSyntax>(Predicate($"trust {op} medium"));
        Assert.Equal(expected, compare.Operator);
        Assert.Equal("trust", compare.Attribute.Key);
        Assert.Equal("medium", compare.Value.Text);
    }

    [Fact]
    public void Parse_In_HasValues()
    {
        var member = Assert.IsType<InPredicateSyntax>(Predicate("tier in {edge, cloud}"));
        Assert.False(member.Negated);
        Assert.Equal(["edge", "cloud"], member.Values.Select(v => v.Text));
    }

    [Fact]
    public void Parse_NotIn_IsNegatedMembership()
    {
        var member = Assert.IsType<InPredicateSyntax>(Predicate("jurisdiction not in {US}"));
        Assert.True(member.Negated);
    }

    [Fact]
    public void Parse_TrueAndFalse_AreConstants()
    {
        Assert.True(Assert.IsType<ConstantPredicateSyntax>(Predicate("true")).Value);
        Assert.False(Assert.IsType<ConstantPredicateSyntax>(Predicate("false")).Value);
    }

    [Fact]
    public void Parse_QuotedKey_IsQuotedAttribute()
    {
        var compare = Assert.IsType<ComparePredicateSyntax>(Predicate("\"topology.kubernetes.io/zone\" == \"syd a\""));
        Assert.True(compare.Attribute.Quoted);
        Assert.Equal("topology.kubernetes.io/zone", compare.Attribute.Key);
        Assert.Equal(ValueKind.String, compare.Value.Kind);
        Assert.Equal("syd a", compare.Value.Text);
    }

    [Fact]
    public void Parse_QuotedFlag_IsQuotedFlag() => Assert.True(Assert.IsType<FlagPredicateSyntax>(Predicate("\"gpu.present\"")).Attribute.Quoted);

    [Fact]
    public void Parse_Not_BindsTighterThanAnd()
    {
        var and = Assert.IsType<AndPredicateSyntax>(Predicate("not a and b"));
        Assert.IsType<NotPredicateSyntax>(and.Left);
    }

    [Fact]
    public void Parse_And_IsLeftAssociative()
    {
        var outer = Assert.IsType<AndPredicateSyntax>(Predicate("a and b and c"));
        Assert.IsType<AndPredicateSyntax>(outer.Left);
        Assert.IsType<FlagPredicateSyntax>(outer.Right);
    }

    [Fact]
    public void Parse_Or_IsLeftAssociative()
    {
        var outer = Assert.IsType<OrPredicateSyntax>(Predicate("a or b or c"));
        Assert.IsType<OrPredicateSyntax>(outer.Left);
    }

    [Fact]
    public void Parse_Parentheses_OverridePrecedenceAndCoverTheirSpan()
    {
        var result = TestSources.Parse("intent i: place s on (a or b) and c;");
        var on = ((PlaceIntentSyntax)((IntentDeclSyntax)result.Program!.Items[0]).Body).On;
        var and = Assert.IsType<AndPredicateSyntax>(on);
        var or = Assert.IsType<OrPredicateSyntax>(and.Left);
        Assert.Equal("(a or b)", result.Source.ToString(or.Span));
    }

    [Fact]
    public void Parse_NotOfParenthesised_NegatesTheGroup()
    {
        var not = Assert.IsType<NotPredicateSyntax>(Predicate("not (a or b)"));
        Assert.IsType<OrPredicateSyntax>(not.Operand);
    }

    [Fact]
    public void Parse_DoubleNot_Nests() =>
        Assert.IsType<NotPredicateSyntax>(Assert.IsType<NotPredicateSyntax>(Predicate("not not tee")).Operand);

    // ---- spans ----

    [Fact]
    public void Parse_Spans_CoverTheirText()
    {
        const string text = "data Vitals: restricted tags PHI;\nflow f: a -> b carries Vitals;\n";
        var result = TestSources.Parse(text);
        var data = (DataDeclSyntax)result.Program!.Items[0];
        var flow = (FlowDeclSyntax)result.Program.Items[1];
        Assert.Equal("data Vitals: restricted tags PHI;", result.Source.ToString(data.Span));
        Assert.Equal("Vitals", result.Source.ToString(data.Name.Span));
        Assert.Equal("PHI", result.Source.ToString(data.Tags[0].Span));
        Assert.Equal("carries Vitals", result.Source.ToString(flow.Clauses[0].Span));
        Assert.Equal(new Privc.Text.TextSpan(0, text.Length), result.Program.Span);
    }
}
