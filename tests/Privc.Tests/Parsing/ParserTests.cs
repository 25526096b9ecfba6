using Privc.Syntax;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Parsing;

public class ParserTests
{
    [Fact]
    public void Parse_ServiceWithProperties_BuildsTree()
    {
        var result = TestSources.Parse("service web { image \"nginx:1.27\"; replicas 3; cpu 500m; ports 80, 443; }");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var service = Assert.IsType<ServiceDeclSyntax>(Assert.Single(result.Program!.Items));
        Assert.Equal("web", service.Name.Text);
        Assert.Equal(["image", "replicas", "cpu", "ports"], service.Properties.Select(p => p.Key.Text));
        Assert.Equal(2, service.Properties[3].Values.Length);
    }

    [Fact]
    public void Parse_PredicatePrecedence_AndBindsTighterThanOr()
    {
        var result = TestSources.Parse("intent i: place web on a == x or b == y and not c;");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var intent = Assert.IsType<IntentDeclSyntax>(Assert.Single(result.Program!.Items));
        var place = Assert.IsType<PlaceIntentSyntax>(intent.Body);
        var or = Assert.IsType<OrPredicateSyntax>(place.On);
        var and = Assert.IsType<AndPredicateSyntax>(or.Right);
        Assert.IsType<NotPredicateSyntax>(and.Right);
    }

    [Fact]
    public void Parse_ArrowBetweenDashedNames_LexesThreeTokens()
    {
        var result = TestSources.Parse("flow f: edge-a->edge-b carries X;");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var flow = Assert.IsType<FlowDeclSyntax>(Assert.Single(result.Program!.Items));
        Assert.Equal("edge-a", flow.Source.Text);
        Assert.Equal("edge-b", flow.Target.Text);
    }

    [Fact]
    public void Parse_SeveralSyntaxErrors_ReportsEachInOneRun()
    {
        var result = TestSources.Parse("data A restricted;\nservice s { image \"x\" }\nintent i: place s on;\n");
        Assert.False(result.Succeeded);
        Assert.True(result.Diagnostics.Length >= 3, string.Join("\n", result.Diagnostics));
        Assert.Equal([1, 2, 3], result.Diagnostics.Select(d => d.Location!.Value.Start.Line).Distinct().Order());
    }
}
