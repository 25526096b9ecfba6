using System.Text;
using Privc.Cli;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Cli;

/// <summary>
/// Hostile intent and topology files through <c>privc compile</c>, in-process: exit code 1, diagnostics in the
/// documented form, no stack trace, and nothing written to --out.
/// </summary>
public sealed class FrontEndRobustnessTests : IDisposable
{
    private static readonly string HospitalTopologyPath = Path.Combine(TestPaths.Examples, "hospital-au", "topology.yaml");
    private static readonly string HospitalIntents = Path.Combine(TestPaths.Examples, "hospital-au", "hospital.priv");

    private readonly string folder = Directory.CreateTempSubdirectory("privc-robust-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    private (int Code, string Error, string OutFolder) Compile(string intents, string topology)
    {
        var outFolder = Path.Combine(folder, "out");
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApplication.Run(["compile", intents, "--topology", topology, "--out", outFolder], new CliContext(output, error, _ => null) { Progress = false });
        return (code, error.ToString(), outFolder);
    }

    private void AssertRejected(string intents, string topology, string code)
    {
        var (exit, error, outFolder) = Compile(intents, topology);
        Assert.Equal(ExitCodes.InputError, exit);
        Assert.Contains($"error {code}:", error);
        Assert.DoesNotContain("Exception", error);
        Assert.DoesNotContain("   at ", error);
        Assert.False(Directory.Exists(outFolder), "compile wrote to --out although it failed");
    }

    public static TheoryData<string, string> BadIntentFiles() => new()
    {
        { "binary", "PRIV0002" },
        { "nul", "PRIV0003" },
        { "invalid-utf8", "PRIV0002" },
        { "unterminated-string", "PRIV1002" },
        { "unterminated-comment", "PRIV1003" },
        { "deep-parentheses", "PRIV0005" },
        { "many-nots", "PRIV0005" },
        { "many-ands", "PRIV0005" },
        { "syntax", "PRIV1004" },
        { "type", "PRIV2011" },
    };

    private byte[] BadIntents(string kind) => kind switch
    {
        "binary" => [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0xFF, 0xFE, 0x00, 0x00],
        "nul" => Encoding.UTF8.GetBytes("levels a < b;\0"),
        "invalid-utf8" => [.. Encoding.UTF8.GetBytes("levels a < b;\n"), 0xC3, 0x28],
        "unterminated-string" => Encoding.UTF8.GetBytes("service s { image \"x\n; }"),
        "unterminated-comment" => Encoding.UTF8.GetBytes("levels a < b;\n/* no end"),
        "deep-parentheses" => Encoding.UTF8.GetBytes("intent i: place s on " + new string('(', 100_000) + "a" + new string(')', 100_000) + ";"),
        "many-nots" => Encoding.UTF8.GetBytes("intent i: place s on " + string.Concat(Enumerable.Repeat("not ", 100_000)) + "a;"),
        "many-ands" => Encoding.UTF8.GetBytes("intent i: place s on a" + string.Concat(Enumerable.Repeat(" and a", 100_000)) + ";"),
        "syntax" => Encoding.UTF8.GetBytes("intent i: frobnicate;"),
        "type" => Encoding.UTF8.GetBytes("service s { image \"x\"; cpu 10ms; }"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(BadIntentFiles))]
    public void Compile_BadIntentFile_ExitsOneWithDiagnostics(string kind, string code) =>
        AssertRejected(Write(kind + ".priv", BadIntents(kind)), HospitalTopologyPath, code);

    [Fact]
    public void Compile_TwentyMegabyteIntentFile_IsTooLarge()
    {
        var path = Path.Combine(folder, "huge.priv");
        using (var stream = File.Create(path))
        {
            stream.SetLength(20L * 1024 * 1024);
        }
        AssertRejected(path, HospitalTopologyPath, "PRIV0004");
    }

    [Fact]
    public void Compile_MissingIntentFile_IsNotReadable() => AssertRejected(Path.Combine(folder, "absent.priv"), HospitalTopologyPath, "PRIV0001");

    [Fact]
    public void Compile_MissingTopology_IsNotReadable() => AssertRejected(HospitalIntents, Path.Combine(folder, "absent.yaml"), "PRIV0001");

    public static TheoryData<string, string> BadTopologies() => new()
    {
        { "devices: [{id: s1}\nnodes:\n", "PRIV3001" },
        { "name: a\nname: b\n", "PRIV3001" },
        { "a: &x 1\nb: *x\n", "PRIV3001" },
        { "nodes: 5\n", "PRIV3003" },
        { "nodez: []\n", "PRIV3008" },
        { "devices: [{id: s1}, {id: s1}]\nnodes: [{name: n, ip: 10.0.0.1, capacity: {cpu: 1, memory: 1Gi}, attach: {device: s1, port: 1}}]\n", "PRIV3004" },
        { "devices: [{id: s1}]\nnodes: [{name: n, ip: 10.0.0.1, capacity: {cpu: 1, memory: 1Gi}, attach: {device: s2, port: 1}}]\n", "PRIV3005" },
        { "devices: [{id: s1}]\nnodes: [{name: n, ip: 10.0.0.1, capacity: {cpu: 1, memory: 1Gi}, attach: {device: s1, port: 1}}, {name: m, ip: 10.0.0.2, capacity: {cpu: 1, memory: 1Gi}, attach: {device: s1, port: 1}}]\n", "PRIV3006" },
        { "devices: [{id: s1}, {id: s2}]\nnodes: [{name: n, ip: 10.0.0.1, capacity: {cpu: 1, memory: 1Gi}, attach: {device: s1, port: 1}}]\nlinks: [{a: {device: s1, port: 2}, b: {device: s2, port: 1}, latency: -3ms, bandwidth: 1Gbps}]\n", "PRIV3007" },
        { "devices: [{id: s1}]\nnodes: [{name: n, ip: 10.0.0.1, capacity: {cpu: 1, memory: 1Gi}, attach: {device: s1, port: 1}}]\nlinks: [{a: {device: s1, port: 2}, b: {device: s1, port: 3}, latency: 1ms, bandwidth: 1Gbps}]\n", "PRIV3010" },
        { "devices: [{id: s1}]\nnodes: [{name: n, ip: 300.0.0.1, capacity: {cpu: 1, memory: 1Gi}, attach: {device: s1, port: 1}}]\n", "PRIV3011" },
        { "devices: [{id: s1}]\nnodes: [{name: n, ip: 10.0.0.1, capacity: {cpu: many, memory: 1Gi}, attach: {device: s1, port: 1}}]\n", "PRIV3003" },
        { string.Concat(Enumerable.Repeat("- ", 50)) + "x\n", "PRIV0005" },
        { "", "PRIV3001" },
    };

    [Theory]
    [MemberData(nameof(BadTopologies))]
    public void Compile_BadTopology_ExitsOneWithDiagnostics(string yaml, string code) =>
        AssertRejected(HospitalIntents, Write("topology.yaml", yaml), code);

    [Fact]
    public void Compile_BinaryTopology_IsRejected() => AssertRejected(HospitalIntents, Write("topology.yaml", [0x00, 0x01, 0x02]), "PRIV0003");

    [Fact]
    public void Compile_SyntaxAndTopologyErrors_AreReportedTogether()
    {
        var (code, error, _) = Compile(Write("bad.priv", "data X restricted;"), Write("topology.yaml", "nodes: 5\n"));
        Assert.Equal(ExitCodes.InputError, code);
        Assert.Contains("error PRIV1005", error);
        Assert.Contains("error PRIV3003", error);
    }

    [Fact]
    public void Compile_DiagnosticLines_UseTheDocumentedForm()
    {
        var path = Write("bad.priv", "levels a < b;\ndata X: c;\n");
        var (_, error, _) = Compile(path, HospitalTopologyPath);
        Assert.StartsWith($"{path}:2:9: error PRIV2005: 'c' is not a sensitivity level (a < b)", error);
        Assert.EndsWith("1 error(s), 0 warning(s)\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    [CoversDiagnostic("PRIV0006")]
    public void Compile_WithoutTopology_IsAUsageError()
    {
        var error = new StringWriter();
        var code = CliApplication.Run(["compile", HospitalIntents], new CliContext(new StringWriter(), error, _ => null));
        Assert.Equal(ExitCodes.InputError, code);
        Assert.Contains("privc: error PRIV0006:", error.ToString());
        Assert.Contains("--topology", error.ToString());
    }
}
