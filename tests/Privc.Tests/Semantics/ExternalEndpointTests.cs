using Privc.Parsing;
using Privc.Semantics;
using Privc.Syntax;
using Privc.Tests.Infrastructure;
using Privc.Text;
using static Privc.Tests.Infrastructure.DiagnosticAssert;

namespace Privc.Tests.Semantics;

/// <summary>
/// External endpoints (specs/language.md, "external"): their declarations, flows with them, information-flow typing
/// across them, and each diagnostic PRIV2037-PRIV2044 at the span the user must change.
/// </summary>
public class ExternalEndpointTests
{
    private const string P = FrontEndTestPrelude.Declarations;

    private const string Prometheus = "external prometheus { namespace monitoring; pods \"app.kubernetes.io/name\" == prometheus and tier in {a, b} and env != dev; }\n";

    private const string Registry = "external registry { cidr \"203.0.113.0/24\", \"2001:db8::/32\"; clearance internal; }\n";

    private static BoundProgram Bind(string text)
    {
        var compilation = new Compilation([new SourceText("test.priv", text)], HospitalTopology);
        Assert.DoesNotContain(compilation.Diagnostics, d => d.IsError);
        return compilation.Program!;
    }

    [Fact]
    public void Bind_Endpoints_AreTypedWithTheirFlowsApart()
    {
        var program = Bind(P + Prometheus + Registry + "flow scrape: prometheus -> triage port 9000;\nflow upload: research -> registry carries Vitals port 443;");
        var prometheus = program.External("prometheus")!;
        Assert.Equal("monitoring", prometheus.Namespace);
        Assert.Equal(
            ["app.kubernetes.io/name In prometheus", "env NotIn dev", "tier In a,b"],
            prometheus.Pods.Select(r => $"{r.Key} {(r.Negated ? "NotIn" : "In")} {string.Join(",", r.Values)}"));
        var registry = program.External("registry")!;
        Assert.True(registry.ByAddress);
        Assert.Equal(["2001:db8::/32", "203.0.113.0/24"], registry.Cidrs.AsEnumerable());
        Assert.Equal("internal", registry.Clearance);
        // External flows are not routed, so they are kept out of the flows the encoder and ONOS emitter read.
        Assert.DoesNotContain(program.Flows, f => f.Name is "scrape" or "upload");
        Assert.Equal(["scrape", "upload"], program.ExternalFlows.Select(f => f.Name));
        var upload = program.ExternalFlows.Single(f => f.Name == "upload");
        // research holds Vitals declassified (internal) by anon, so the upload carries them at internal.
        Assert.Equal(new CarriedData("Vitals", 1, true), Assert.Single(upload.Carries));
    }

    [Fact]
    public void Bind_FlowFromOutside_DeliversDataAtItsOwnLevel()
    {
        var program = Bind(P + Prometheus + "flow push: prometheus -> triage carries Vitals port 9000;");
        Assert.Equal(new CarriedData("Vitals", 3, false), Assert.Single(program.ExternalFlows.Single().Carries));
        Assert.Contains(new HeldData("Vitals", 3, false), program.Service("triage").Holds);
    }

    [Fact]
    [CoversDiagnostic("PRIV2041")]
    public void Bind_VitalsToAnEndpointUndeclassified_IsATypeError()
    {
        var diagnostic = Assert.Single(Reports(P + Registry + "flow leak: triage -> registry carries [Vitals] port 443;", "PRIV2041"));
        Assert.Contains("sends 'Vitals' (restricted) to external endpoint 'registry', whose clearance is only internal", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV2041")]
    public void Bind_EndpointWithoutClearance_ReceivesOnlyTheLowestLevel() =>
        Reports(P + "external sink { cidr \"198.51.100.7/32\"; }\nflow leak: research -> sink carries [Vitals];", "PRIV2041");

    [Fact]
    [CoversDiagnostic("PRIV2014")]
    public void Bind_FlowFromOutsideAboveTheReceiversClearance_IsAClearanceViolation() =>
        Reports(P + Prometheus + "flow push: prometheus -> research carries [Vitals] port 8443;", "PRIV2014");

    [Theory]
    [CoversDiagnostic("PRIV2037")]
    [InlineData("external e { namespace monitoring; [colour] red; }")]
    [InlineData("external [e] { clearance internal; }")]
    [InlineData("external e { namespace monitoring; [cidr] \"10.0.0.0/8\"; }")]
    [InlineData("external e { [pods] app == x; }")]
    [InlineData("external e { namespace monitoring; pods [app == x or app == y]; }")]
    [InlineData("external e { namespace monitoring; pods [tier < b]; }")]
    [InlineData("external e { namespace monitoring; pods app == x and [app] == y; }")]
    [InlineData("external e { namespace monitoring; pods app == [\"bad value!\"]; }")]
    [InlineData("external e { namespace monitoring; [pods] 5; }")]
    public void Bind_MalformedEndpoint_IsReportedWhereItIsWrong(string item) =>
        Reports(P + item + "\nflow f: e -> triage port 9000;", "PRIV2037");

    [Theory]
    [CoversDiagnostic("PRIV2038")]
    [InlineData("[\"10.0.0.1/8\"]")]
    [InlineData("[\"10.0.0.0\"]")]
    [InlineData("[\"010.0.0.0/8\"]")]
    [InlineData("[\"10.0.0.0/33\"]")]
    [InlineData("[\"example.org/32\"]")]
    public void Bind_MalformedCidr_IsReported(string cidr) =>
        Reports(P + "external e { cidr " + cidr + "; }\nflow f: research -> e;", "PRIV2038");

    [Fact]
    [CoversDiagnostic("PRIV2039")]
    public void Bind_DnsName_IsRefusedWithTheReason()
    {
        var diagnostic = Assert.Single(Reports(P + "external stripe { [host] \"api.stripe.com\"; }\nflow f: research -> stripe;", "PRIV2039"));
        Assert.Contains("a NetworkPolicy cannot enforce", diagnostic.Message);
    }

    [Fact]
    [CoversDiagnostic("PRIV2040")]
    public void Bind_FlowBetweenTwoEndpoints_IsReported() =>
        Reports(P + Prometheus + Registry + "[flow f: prometheus -> registry;]", "PRIV2040");

    [Theory]
    [CoversDiagnostic("PRIV2042")]
    [InlineData("flow up: research -> registry port 443 [bandwidth 10Mbps];")]
    [InlineData("flow up: research -> registry port 443;\nintent i: route [up] latency <= 10ms;")]
    [InlineData("flow up: research -> registry port 443;\nintent i: route [flows to registry] latency <= 10ms;")]
    [InlineData("flow up: registry -> research port 8443;\nintent i: route [flows from registry] latency <= 10ms;")]
    public void Bind_RouteConditionOnAnExternalFlow_IsReported(string items) =>
        Reports(P + Registry + items, "PRIV2042");

    [Fact]
    [CoversDiagnostic("PRIV2043")]
    public void Bind_KeptDataCrossingAnEndpointUndeclassified_IsReported()
    {
        var diagnostic = Assert.Single(Reports(P + Prometheus + "flow push: prometheus -> triage carries Vitals port 9000;\nintent [k]: keep Vitals within jurisdiction == AU;", "PRIV2043"));
        Assert.Contains("flow 'push' carries undeclassified", diagnostic.Message);
    }

    [Fact]
    public void Bind_KeptDataLeavingDeclassified_IsAllowed() =>
        Bind(P + Registry + "flow upload: research -> registry carries Vitals port 443;\nintent k: keep Vitals within jurisdiction == AU;");

    [Fact]
    [CoversDiagnostic("PRIV2044")]
    public void Bind_EndpointNoFlowNames_Warns() => Reports(P + "external [idle] { cidr \"192.0.2.0/24\"; }", "PRIV2044");

    [Fact]
    [CoversDiagnostic("PRIV2001")]
    public void Bind_EndpointNamedAsAService_IsADuplicate() => Reports(P + "external [research] { cidr \"192.0.2.0/24\"; }", "PRIV2001");

    [Fact]
    public void Format_Endpoint_IsCanonicalAndIdempotent()
    {
        const string text = "external   prometheus{namespace monitoring;pods app==prometheus and tier in {a,b};}\nexternal gw { cidr \"203.0.113.0/24\",\"198.51.100.0/24\"; clearance internal; }\n";
        var formatted = SyntaxFormatter.Format(SyntaxParser.Parse(new SourceText("test.priv", text)).Program!);
        Assert.Equal("""
            external prometheus {
              namespace monitoring;
              pods app == prometheus and tier in {a, b};
            }

            external gw {
              cidr "203.0.113.0/24", "198.51.100.0/24";
              clearance internal;
            }

            """.ReplaceLineEndings("\n"), formatted);
        Assert.Equal(formatted, SyntaxFormatter.Format(SyntaxParser.Parse(new SourceText("test.priv", formatted)).Program!));
    }
}
