using System.Text.Json;
using Privc.Cli;
using Privc.Semantics;
using Privc.Tests.Infrastructure;
using Privc.Topology;
using static Privc.Tests.Infrastructure.DiagnosticAssert;

namespace Privc.Tests.Semantics;

/// <summary>
/// Quoted label keys bind like unquoted ones in every place a key appears, so the trusted
/// <c>node-restriction.kubernetes.io/</c> labels language.md recommends work for separate, colocate and spread too,
/// and all the way to the emitted manifests.
/// </summary>
public class QuotedKeyBindingTests
{
    private const string Zone = "node-restriction.kubernetes.io/zone";

    /// <summary>Four nodes in two trusted zones behind one switch; only the zone label is under the trusted prefix.</summary>
    internal const string Topology = """
        name: trusted
        devices:
          - {id: "of:0000000000000001", name: s1, labels: {"node-restriction.kubernetes.io/jurisdiction": AU}}
        nodes:
          - {name: a1, labels: {"node-restriction.kubernetes.io/zone": a, tier: edge}, capacity: {cpu: 4, memory: 4Gi}, ip: 10.0.0.1, attach: {device: s1, port: 1}}
          - {name: a2, labels: {"node-restriction.kubernetes.io/zone": a, tier: edge}, capacity: {cpu: 4, memory: 4Gi}, ip: 10.0.0.2, attach: {device: s1, port: 2}}
          - {name: b1, labels: {"node-restriction.kubernetes.io/zone": b, tier: cloud}, capacity: {cpu: 4, memory: 4Gi}, ip: 10.0.0.3, attach: {device: s1, port: 3}}
          - {name: b2, labels: {"node-restriction.kubernetes.io/zone": b, tier: cloud}, capacity: {cpu: 4, memory: 4Gi}, ip: 10.0.0.4, attach: {device: s1, port: 4}}
        links: []
        """;

    private const string Services = """
        service web { image "r/web:1"; replicas 2; }
        service db { image "r/db:1"; }
        service cache { image "r/cache:1"; }

        """;

    private static readonly Lazy<TopologyModel> Trusted = new(() => TestSources.LoadTopology(Topology));

    private static T Intent<T>(string item)
        where T : Intent
    {
        var compilation = TestSources.Compile(Services + item, Trusted.Value);
        Assert.True(compilation.Program is not null, string.Join("\n", compilation.Diagnostics));
        return Assert.IsType<T>(compilation.Program!.Intents.Single());
    }

    [Fact]
    public void Bind_SeparateByQuotedKey_IsALabelScope() =>
        Assert.Equal(new Scope(SeparationScope.Label, Zone), Intent<SeparateIntent>($"intent i: separate web from db by \"{Zone}\";").Scope);

    [Fact]
    public void Bind_ColocateByQuotedKey_IsALabelScope() =>
        Assert.Equal(new Scope(SeparationScope.Label, Zone), Intent<ColocateIntent>($"intent i: colocate cache with db by \"{Zone}\";").Scope);

    [Fact]
    public void Bind_SpreadAcrossQuotedKey_HasTheKey() =>
        Assert.Equal((Zone, 2), (Intent<SpreadIntent>($"intent i: spread web across \"{Zone}\" at least 2;") is var s ? (s.Key, s.MinDistinct) : default));

    [Fact]
    public void Bind_QuotedPlainKey_MeansTheSameAsUnquoted()
    {
        Assert.Equal(
            Intent<SeparateIntent>("intent i: separate web from db by tier;").Scope,
            Intent<SeparateIntent>("intent i: separate web from db by \"tier\";").Scope);
        Assert.Equal(Scope.Node, Intent<ColocateIntent>("intent i: colocate cache with db by \"node\";").Scope);
    }

    [Fact]
    public void Bind_QuotedKeyInPreferAndKeep_Resolves()
    {
        var compilation = TestSources.Compile(
            Services + "data D: internal;\nservice holder { image \"r/h:1\"; handles D; clearance internal; }\n"
            + $"intent k: keep D within \"{Zone}\" == a or \"node-restriction.kubernetes.io/jurisdiction\" == AU;\nobjective o: prefer \"{Zone}\" == b;",
            Trusted.Value);
        Assert.True(compilation.Program is not null, string.Join("\n", compilation.Diagnostics));
    }

    [Theory]
    [CoversDiagnostic("PRIV2018")]
    [InlineData("intent i: separate web from db by [\"node-restriction.kubernetes.io/zones\"];")]
    [InlineData("intent i: colocate cache with db by [\"zone\"];")]
    [InlineData("intent i: spread web across [\"node-restriction.kubernetes.io/jurisdiction\"] at least 2;")]
    public void Bind_UnknownQuotedKey_PointsAtTheString(string item) => ReportsOn(Trusted.Value, Services + item, "PRIV2018");

    [Fact]
    [CoversDiagnostic("PRIV2018")]
    public void Bind_MisspelledQuotedKey_SuggestsTheTrustedKey()
    {
        var diagnostic = Assert.Single(ReportsOn(Trusted.Value, Services + "intent i: spread web across [\"node-restriction.kubernetes.io/zones\"] at least 2;", "PRIV2018"));
        Assert.EndsWith($"did you mean '{Zone}'?", diagnostic.Message);
    }

    [Fact]
    public void Compile_SpreadAndSeparateByTrustedKey_ProvesAPlanAndEmitsTheKey()
    {
        var folder = CliRunner.TempFolder();
        File.WriteAllText(Path.Combine(folder, "topology.yaml"), Topology);
        File.WriteAllText(Path.Combine(folder, "main.priv"),
            Services + $"intent ha: spread web across \"{Zone}\" at least 2;\nintent apart: separate db from cache by \"{Zone}\";\n");
        var output = Path.Combine(folder, "out");
        var result = CliRunner.Run("compile", Path.Combine(folder, "main.priv"), "--topology", Path.Combine(folder, "topology.yaml"), "--out", output);
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);

        using var plan = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "plan.json")));
        var zones = Trusted.Value.Nodes.ToDictionary(n => n.Name, n => n.Labels[Zone]);
        string[] NodesOf(string service) => plan.RootElement.GetProperty("placements").EnumerateArray()
            .Where(p => p.GetProperty("service").GetString() == service)
            .SelectMany(p => p.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()!)).ToArray();
        Assert.Equal(2, NodesOf("web").Select(n => zones[n]).Distinct().Count());
        Assert.NotEqual(zones[NodesOf("db").Single()], zones[NodesOf("cache").Single()]);

        var web = File.ReadAllText(Path.Combine(output, "kubernetes", "web.yaml"));
        Assert.Contains($"topologyKey: {Zone}", web, StringComparison.Ordinal);
    }
}
