using Privc.Artifacts.Kubernetes;
using Privc.Diagnostics;
using Privc.Text;

namespace Privc.Tests.Artifacts.Kubernetes;

/// <summary>
/// Manifests are read as kubectl reads them: YAML through go-yaml v2's rules (sigs.k8s.io/yaml), JSON streams as
/// JSON. The expected values are what go-yaml v2's resolve.go and Go's encoding/json produce (read in their source,
/// go.yaml.in/yaml/v2 resolve.go and sigs.k8s.io/yaml yaml.go), not what privc happened to do.
/// </summary>
public class ManifestYamlTests
{
    private static (List<ManifestNode> Documents, Diagnostic? Error) Parse(string text) =>
        YamlManifestParser.Parse(new SourceText("m.yaml", text));

    private static string Json(string yaml)
    {
        var (documents, error) = Parse(yaml);
        Assert.Null(error);
        return Assert.Single(documents).ToJson()!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    [Theory]
    [InlineData("021450", "9000")] // a leading 0 is octal
    [InlineData("0x2328", "9000")]
    [InlineData("0o21450", "9000")]
    [InlineData("9_000", "9000")] // underscores are removed first
    [InlineData("0b10001100101000", "9000")]
    [InlineData("+9000", "9000")]
    [InlineData("09000", "9000")] // not octal, so go-yaml falls through to a float: 9000 to JSON
    [InlineData("9000.0", "9000")]
    [InlineData("9e3", "9000")]
    [InlineData("-0b101", "-5")]
    [InlineData("18446744073709551615", "18446744073709551615")] // above int64: ParseUint
    [InlineData(".5", "0.5")]
    public void PlainNumbers_ResolveAsGoYamlV2Does(string written, string json) =>
        Assert.Equal($$"""{"port":{{json}}}""", Json($"port: {written}\n"));

    [Theory]
    [InlineData("yes", "true")]
    [InlineData("On", "true")]
    [InlineData("y", "true")]
    [InlineData("NO", "false")]
    [InlineData("off", "false")]
    [InlineData("~", "null")]
    [InlineData("Null", "null")]
    [InlineData("", "null")]
    public void PlainWords_ResolveAsYaml11BooleansAndNulls(string written, string json) =>
        Assert.Equal($$"""{"v":{{json}}}""", Json($"v: {written}\n"));

    [Theory]
    [InlineData("\"0x2328\"", "\"0x2328\"")]
    [InlineData("'yes'", "\"yes\"")]
    [InlineData("0x", "\"0x\"")]
    [InlineData("_9000", "\"_9000\"")]
    [InlineData("1.2.3", "\"1.2.3\"")]
    [InlineData("2024-01-02", "\"2024-01-02T00:00:00Z\"")] // a timestamp, marshalled by Go as RFC 3339
    [InlineData("2024-1-2 3:4:5.250", "\"2024-01-02T03:04:05.25Z\"")]
    [InlineData("!!str 9000", "\"9000\"")]
    [InlineData("!!float 9000", "9000")]
    public void QuotedAndOtherScalars_AreStringsOrTheirTaggedValue(string written, string json) =>
        Assert.Equal($$"""{"v":{{json}}}""", Json($"v: {written}\n"));

    [Fact]
    public void MapKeys_BecomeStringsAsSigsYamlMakesThem()
    {
        Assert.Equal("""{"true":1,"1":2,"1.5":3,"1e+06":4}""", Json("y: 1\n01: 2\n1.5: 3\n1000000.0: 4\n"));
    }

    [Fact]
    public void MergeKeys_ApplyAsGoYamlDoes_EarlierSourcesWinAndLaterKeysOverride()
    {
        // Keys after << override merged ones; a merged key overrides an explicit one before << (go-yaml's order).
        Assert.Equal("""{"a":"merged","b":"base2","c":"later"}""",
            Json("base: &b {a: base, b: base2}\nover: &o {a: merged}\nv:\n  a: explicit\n  <<: [*o, *b]\n  c: later\n").Split("\"v\":")[1].TrimEnd('}') + "}");
    }

    [Fact]
    public void QuotedMergeKey_IsAnOrdinaryKey() =>
        Assert.Equal("""{"<<":{"a":1}}""", Json("\"<<\": {a: 1}\n"));

    [Fact]
    [CoversDiagnostic("PRIV5008")]
    public void DuplicateKey_IsAnErrorAtTheSecondKey()
    {
        var (_, error) = Parse("spec:\n  nodeName: edge-1\n  nodeName: cloud-sg\n");
        Assert.NotNull(error);
        Assert.Equal("PRIV5008", error!.Code);
        Assert.Equal("m.yaml:3:3", error.Location!.Value.Display);
        Assert.Contains("first at m.yaml:2:3", error.Message, StringComparison.Ordinal);
        // Keys that only become equal as strings (1 and "1") clash too: Go would keep either, by map order.
        Assert.Equal("PRIV5008", Parse("a:\n  1: x\n  \"1\": y\n").Error!.Code);
    }

    [Fact]
    [CoversDiagnostic("PRIV5009")]
    public void NestingDeeperThanTheLimit_IsAnErrorNotAStackOverflow()
    {
        var deep = "a: " + new string('[', 20_000) + new string(']', 20_000) + "\n";
        var (_, error) = Parse(deep);
        Assert.Equal("PRIV5009", error!.Code);
        Assert.Equal("m.yaml:1:67", error.Location!.Value.Display);
        var block = string.Concat(Enumerable.Range(0, 70).Select(i => new string(' ', i * 2) + "k:\n")) + new string(' ', 140) + "v\n";
        Assert.Equal("PRIV5009", Parse(block).Error!.Code);
        Assert.Null(Parse("a: " + new string('[', 60) + new string(']', 60) + "\n").Error);
    }

    [Fact]
    [CoversDiagnostic("PRIV5010")]
    public void AliasBomb_IsAnErrorAtTheAlias()
    {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (var i = 1; i < 9; i++)
        {
            var prev = (char)('a' + i - 1);
            var name = (char)('a' + i);
            bomb += $"{name}: &{name} [{string.Join(", ", Enumerable.Repeat("*" + prev, 10))}]\n";
        }
        var (_, error) = Parse(bomb);
        Assert.Equal("PRIV5010", error!.Code);
        Assert.StartsWith("m.yaml:", error.Location!.Value.Display, StringComparison.Ordinal);
        // Ordinary aliases expand.
        Assert.Equal("""{"a":{"x":1},"b":{"x":1}}""", Json("a: &a {x: 1}\nb: *a\n"));
    }

    [Fact]
    [CoversDiagnostic("PRIV5011")]
    public void CustomTags_AreErrorsAtTheTag()
    {
        var (_, error) = Parse("v: !vault secret/port\n");
        Assert.Equal("PRIV5011", error!.Code);
        Assert.Equal("m.yaml:1:4", error.Location!.Value.Display);
        Assert.Equal("PRIV5001", Parse("v: !!int abc\n").Error!.Code); // a tag the text does not fit, as go-yaml fails
        Assert.Equal("PRIV5001", Parse("v: .inf\n").Error!.Code); // Go's encoding/json cannot carry infinity
    }

    [Fact]
    public void UnknownAnchor_IsASyntaxError() =>
        Assert.Equal("PRIV5001", Parse("a: *nowhere\n").Error!.Code);

    [Fact]
    public void JsonStreams_AreReadAsJson_ValueAfterValue_WithPositions()
    {
        var source = new SourceText("m.json", "{\"kind\": \"A\", \"n\": 021}\n");
        Assert.Equal("PRIV5001", JsonManifestParser.Parse(source).Error!.Code); // JSON has no octal: Go's decoder fails too
        var two = JsonManifestParser.Parse(new SourceText("m.json", "{\"a\": 1}\n{\"b\": \"x\"}\n"));
        Assert.Null(two.Error);
        Assert.Equal(2, two.Documents.Count);
        Assert.Equal("m.json:2:1", two.Documents[1].Location.Display);
        var duplicate = JsonManifestParser.Parse(new SourceText("m.json", "{\"a\": 1,\n \"a\": 2}"));
        Assert.Equal("PRIV5008", duplicate.Error!.Code);
        Assert.Equal("m.json:2:2", duplicate.Error.Location!.Value.Display);
        var surrogate = JsonManifestParser.Parse(new SourceText("m.json", "{\"a\": \"\\ud800\"}"));
        Assert.Equal("PRIV5001", surrogate.Error!.Code);
        Assert.True(JsonManifestParser.IsJson("  \n {\"a\": 1}"));
        Assert.False(JsonManifestParser.IsJson("[1]"));
    }

    [Fact]
    public void ImageRepositories_IgnoreTagAndDigest_AndNormaliseDockerHub()
    {
        Assert.Equal("registry.example.org/hospital/triage", ImageReference.Repository("registry.example.org/hospital/triage:2.0.1"));
        Assert.Equal("registry.example.org/hospital/triage", ImageReference.Repository("registry.example.org/hospital/triage@sha256:00"));
        Assert.Equal("localhost:5000/x", ImageReference.Repository("localhost:5000/x:1"));
        Assert.Equal("docker.io/library/nginx", ImageReference.Repository("nginx"));
        Assert.Equal("docker.io/library/nginx", ImageReference.Repository("docker.io/nginx:1.25"));
        Assert.Equal("docker.io/bitnami/redis", ImageReference.Repository("bitnami/redis:7"));
    }
}
