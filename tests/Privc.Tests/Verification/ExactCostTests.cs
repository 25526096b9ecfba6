using Privc.Semantics;
using Privc.Tests.Infrastructure;
using Privc.Topology;
using Privc.Verification;
using Privc.Verification.Solving;

namespace Privc.Tests.Verification;

/// <summary>
/// Costs are optimised exactly. privc used to round each node's cost to thousandths in the encoding, so here it
/// chose b1 + b2 (0.0014 + 0.0004 = 0.0018, which rounds to 0.001) and reported "cost = 0.001 (optimal, proven)",
/// while a1 + a2 costs 0.0012.
/// </summary>
public class ExactCostTests
{
    private const string Topology = """
        name: prices
        devices:
          - {id: "of:0000000000000001", name: s1, labels: {}}
        nodes:
          - {name: a1, labels: {site: a}, capacity: {cpu: 2, memory: 4Gi}, ip: 10.0.0.1, cost: 0.0006, attach: {device: s1, port: 1}}
          - {name: a2, labels: {site: a}, capacity: {cpu: 2, memory: 4Gi}, ip: 10.0.0.2, cost: 0.0006, attach: {device: s1, port: 2}}
          - {name: b1, labels: {site: b}, capacity: {cpu: 2, memory: 4Gi}, ip: 10.0.0.3, cost: 0.0014, attach: {device: s1, port: 3}}
          - {name: b2, labels: {site: b}, capacity: {cpu: 2, memory: 4Gi}, ip: 10.0.0.4, cost: 0.0004, attach: {device: s1, port: 4}}
        links: []
        """;

    private const string Program = """
        service x { image "registry.example.org/x:1"; replicas 1; cpu 1; memory 256Mi; tenant t; }
        service y { image "registry.example.org/y:1"; replicas 1; cpu 1; memory 256Mi; tenant t; }
        intent x_nodes: place x on name in {a1, b1};
        intent y_nodes: place y on name in {a2, b2};
        intent together: colocate y with x by site;
        objective cheap: minimize cost;
        """;

    [Fact]
    public void Optimise_FourDecimalCosts_FindsAndProvesTheExactOptimum()
    {
        var topology = TestSources.LoadTopology(Topology);
        var compilation = TestSources.Compile(Program, topology);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        var result = new Verifier(compilation.Program!, topology, TestSolvers.Z3,
            new VerifierOptions(new SolverOptions { Timeout = TimeSpan.FromSeconds(20) }, TimeSpan.FromSeconds(60))).Verify();
        var proven = Assert.IsType<VerificationResult.Proven>(result);
        Assert.Equal<string>(["a1"], proven.Plan.NodesOf("x"));
        Assert.Equal<string>(["a2"], proven.Plan.NodesOf("y"));
        var cost = Assert.Single(proven.Objectives);
        Assert.Equal(0.0012m, cost.Exact);
        Assert.True(cost.Proven);
    }

    [Fact]
    public void Compile_FourDecimalCosts_ReportsTheExactCostInPlanAndSummary()
    {
        var folder = CliRunner.TempFolder();
        File.WriteAllText(Path.Combine(folder, "topology.yaml"), Topology);
        File.WriteAllText(Path.Combine(folder, "main.priv"), Program);
        var output = Path.Combine(folder, "out");
        var run = CliRunner.Run("compile", Path.Combine(folder, "main.priv"), "--topology", Path.Combine(folder, "topology.yaml"), "--out", output);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("cheap: cost = 0.0012 (optimal, proven)", run.Out, StringComparison.Ordinal);
        using var plan = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "plan.json")));
        Assert.Contains("0.0012", plan.RootElement.GetProperty("objectives").GetRawText(), StringComparison.Ordinal);
    }

    [CoversDiagnostic("PRIV3003")]
    [Theory]
    [InlineData("0.0000001")]
    [InlineData("1000001")]
    public void Load_CostBeyondExactRange_IsRejected(string cost)
    {
        var (model, diagnostics) = LoadText(Topology.Replace("cost: 0.0006, attach: {device: s1, port: 1}", $"cost: {cost}, attach: {{device: s1, port: 1}}", StringComparison.Ordinal));
        Assert.Null(model);
        Assert.Contains(diagnostics, d => d.Code == "PRIV3003" && d.Message.Contains("decimal places", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0.0116", 4)]
    [InlineData("1.50", 1)]
    [InlineData("3", 0)]
    public void DecimalPlaces_IgnoresTrailingZeros(string value, int places) =>
        Assert.Equal(places, TopologyLoader.DecimalPlaces(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    private static (TopologyModel? Model, IReadOnlyList<Privc.Diagnostics.Diagnostic> Diagnostics) LoadText(string yaml)
    {
        var result = TopologyLoader.Load(new Privc.Text.SourceText("topology.yaml", yaml));
        return (result.Topology, result.Diagnostics);
    }
}
