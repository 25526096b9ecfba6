using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using NJsonSchema;
using Privc.Cli;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Cli;

/// <summary>
/// Machine output (specs/output.md): every command's <c>--format json</c> is a versioned envelope with every
/// diagnostic on every outcome; SARIF validates against the OASIS 2.1.0 schema; fmt's exit codes, --diff and stdin.
/// </summary>
public sealed class MachineOutputTests : IDisposable
{
    private static readonly string SchemaFile = Path.Combine(TestPaths.RepositoryRoot, "tests", "Privc.Tests", "Cli", "Schemas", "sarif-schema-2.1.0.json");
    private static readonly Lazy<JsonSchema> SarifSchema = new(() => JsonSchema.FromFileAsync(SchemaFile).GetAwaiter().GetResult());

    private readonly string folder = CliRunner.TempFolder();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static string Example(string name, string file) => Path.Combine(TestPaths.Examples, name, file);

    private static string Hospital => Example("hospital-au", "hospital.priv");

    private static string HospitalTopology => Example("hospital-au", "topology.yaml");

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static JsonObject Envelope(CliRunner.Result run, string command, int exitCode)
    {
        Assert.Equal(exitCode, run.ExitCode);
        var json = Assert.IsType<JsonObject>(JsonNode.Parse(run.Out));
        Assert.Equal(1, (int)json["schemaVersion"]!);
        Assert.Equal(command, (string?)json["command"]);
        Assert.Equal(exitCode, (int)json["exitCode"]!);
        Assert.IsType<JsonArray>(json["diagnostics"]);
        return json;
    }

    private static void AssertValidSarif(string text)
    {
        var errors = SarifSchema.Value.Validate(text);
        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => e.ToString())));
        var log = JsonNode.Parse(text)!;
        Assert.Equal("2.1.0", (string?)log["version"]);
    }

    [Fact]
    public void Compile_Json_Proven_IsAnEnvelopeAroundTheSummary()
    {
        var run = CliRunner.Run("compile", Hospital, "--topology", HospitalTopology, "--out", Path.Combine(folder, "out"), "--format", "json");
        var json = Envelope(run, "compile", ExitCodes.Success);
        Assert.Equal("proven", (string?)json["outcome"]);
        Assert.Equal("proven", (string?)json["status"]);
        var eligible = json["services"]!.AsArray().SelectMany(s => s!["eligibleBy"]!.AsArray()).ToList();
        Assert.NotEmpty(eligible);
        Assert.All(eligible, e =>
        {
            Assert.False(string.IsNullOrEmpty((string?)e!["intent"]));
            Assert.Contains("hospital.priv:", (string?)e["location"], StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty((string?)e["restricts"]));
        });
    }

    [Fact]
    public void Compile_Json_InvalidInput_CarriesLocatedDiagnosticsWithTheirFix()
    {
        var path = Write("slip.priv", "service triage { image \"t:1\"; }\nintent edge_only: place triage on tier = edge;\nintent fast: route x latency <= 15;\n");
        var run = CliRunner.Run("compile", path, "--topology", HospitalTopology, "--out", Path.Combine(folder, "out"), "--format", "json");
        var json = Envelope(run, "compile", ExitCodes.InputError);
        Assert.Equal("invalid input", (string?)json["outcome"]);
        var equals = json["diagnostics"]!.AsArray().Single(d => ((string?)d!["message"])!.Contains("use '=='", StringComparison.Ordinal))!;
        Assert.Equal("error", (string?)equals["severity"]);
        Assert.Equal(path, (string?)equals["file"]);
        Assert.Equal(2, (int)equals["line"]!);
        Assert.Equal(40, (int)equals["column"]!);
        Assert.Equal("==", (string?)equals["fix"]!["replacement"]);
        Assert.False(Directory.Exists(Path.Combine(folder, "out")));
    }

    [Fact]
    public void Compile_Json_Unsatisfiable_CarriesTheLocatedCore()
    {
        var run = CliRunner.Run("compile", Example("contradictory", "contradictory.priv"), "--topology", Example("contradictory", "topology.yaml"), "--out", Path.Combine(folder, "out"), "--format", "json");
        var json = Envelope(run, "compile", ExitCodes.Unsatisfiable);
        Assert.Equal("unsatisfiable", (string?)json["outcome"]);
        var core = json["core"]!.AsArray();
        Assert.True(core.Count >= 2);
        Assert.All(core, c => Assert.Contains("contradictory.priv:", (string?)c!["location"], StringComparison.Ordinal));
        Assert.True((bool)json["minimal"]!);
        Assert.Contains(json["diagnostics"]!.AsArray(), d => (string?)d!["severity"] == "error");
    }

    [Theory]
    [InlineData("hospital-au", "hospital.priv", ExitCodes.Success)]
    [InlineData("contradictory", "contradictory.priv", ExitCodes.Unsatisfiable)]
    [InlineData("type-errors", "errors.priv", ExitCodes.InputError)]
    public void Compile_Sarif_IsValidSarif210OnEveryOutcome(string example, string file, int exit)
    {
        var run = CliRunner.Run("compile", Example(example, file), "--topology", Example(example, "topology.yaml"), "--out", Path.Combine(folder, "out"), "--format", "sarif");
        Assert.Equal(exit, run.ExitCode);
        AssertValidSarif(run.Out);
        var results = JsonNode.Parse(run.Out)!["runs"]![0]!["results"]!.AsArray();
        if (exit == ExitCodes.Success)
        {
            Assert.DoesNotContain(results, r => (string?)r!["level"] == "error");
            return;
        }
        Assert.NotEmpty(results);
        Assert.All(results.Where(r => (string?)r!["level"] == "error"), r =>
        {
            var location = r!["locations"]![0]!["physicalLocation"]!;
            Assert.EndsWith(file, (string?)location["artifactLocation"]!["uri"], StringComparison.Ordinal);
            Assert.True((int)location["region"]!["startLine"]! >= 1);
        });
        if (exit == ExitCodes.Unsatisfiable)
        {
            Assert.True(results.Single(r => r!["relatedLocations"] is not null)!["relatedLocations"]!.AsArray().Count >= 2);
        }
    }

    [Fact]
    public void Sarif_FixHintWithReplacement_BecomesASarifFix()
    {
        var path = Write("slip.priv", "service triage { image \"t:1\"; }\nintent edge_only: place triage on tier = edge;\n");
        var run = CliRunner.Run("compile", path, "--topology", HospitalTopology, "--out", Path.Combine(folder, "out"), "--format", "sarif");
        AssertValidSarif(run.Out);
        var fix = JsonNode.Parse(run.Out)!["runs"]![0]!["results"]!.AsArray().Select(r => r!["fixes"]).Single(f => f is not null)!;
        Assert.Equal("==", (string?)fix[0]!["artifactChanges"]![0]!["replacements"]![0]!["insertedContent"]!["text"]);
    }

    [Fact]
    public void UsageError_WithJsonFormat_IsStillAnEnvelope()
    {
        var run = CliRunner.Run("compile", Hospital, "--topolgy", HospitalTopology, "--format", "json");
        var json = Envelope(run, "compile", ExitCodes.InputError);
        Assert.Contains(json["diagnostics"]!.AsArray(), d => ((string?)d!["message"])!.Contains("did you mean '--topology'", StringComparison.Ordinal));
    }

    [Fact]
    public void Explain_Json_GivesOneSentencePerIntent_AndIsByteIdentical()
    {
        var first = CliRunner.Run("explain", Hospital, "--topology", HospitalTopology, "--format", "json");
        var json = Envelope(first, "explain", ExitCodes.Success);
        Assert.NotEmpty(json["intents"]!.AsArray());
        Assert.All(json["intents"]!.AsArray(), i => Assert.StartsWith((string?)i!["name"] + ":", (string?)i["english"], StringComparison.Ordinal));
        Assert.Equal(first.Out, CliRunner.Run("explain", Hospital, "--topology", HospitalTopology, "--format", "json").Out);
    }

    [Fact]
    public void Certify_Json_ListsEveryObligation()
    {
        var output = Path.Combine(folder, "out");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("compile", Hospital, "--topology", HospitalTopology, "--out", output).ExitCode);
        var run = CliRunner.Run("certify", output, "--solver", "z3", "--format", "json");
        var json = Envelope(run, "certify", ExitCodes.Success);
        Assert.Equal("agree", (string?)json["outcome"]);
        Assert.NotEmpty(json["obligations"]!.AsArray());
        Assert.All(json["obligations"]!.AsArray(), o => Assert.Equal("agree", (string?)o!["status"]));
    }

    [Fact]
    public void Certify_Json_MissingCertificate_IsAnEnvelopeWithTheDiagnostic()
    {
        var run = CliRunner.Run("certify", folder, "--format", "json");
        var json = Envelope(run, "certify", ExitCodes.InputError);
        Assert.Single(json["diagnostics"]!.AsArray());
    }

    [Fact]
    public void TopologyImport_Json_CountsWhatWasImported()
    {
        var graphml = Path.Combine(TestPaths.SharedData, "topologyzoo", "Geant2012.graphml");
        var run = CliRunner.Run("topology", "import", graphml, "--out", Path.Combine(folder, "geant.yaml"), "--format", "json");
        var json = Envelope(run, "topology import", ExitCodes.Success);
        Assert.Equal(40, (int)json["devices"]!);
        Assert.True(File.Exists(Path.Combine(folder, "geant.yaml")));
    }

    /// <summary>The hospital example compiled, with one triage replica moved to Singapore in its Deployment.</summary>
    private (string Manifests, string Flows) TamperedHospital()
    {
        var output = Path.Combine(folder, "out");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("compile", Hospital, "--topology", HospitalTopology, "--out", output).ExitCode);
        var triage = Path.Combine(output, "kubernetes", "triage.yaml");
        var text = File.ReadAllText(triage);
        var node = System.Text.RegularExpressions.Regex.Match(text, @"- (edge-[a-z0-9-]+)").Groups[1].Value;
        Assert.NotEmpty(node);
        File.WriteAllText(triage, text.Replace("- " + node, "- cloud-sg-1", StringComparison.Ordinal));
        return (Path.Combine(output, "kubernetes"), Path.Combine(output, "onos", "flows.json"));
    }

    [CoversDiagnostic("PRIV5080")]
    [Fact]
    public void Check_Sarif_LocatesEveryViolationAtItsIntent()
    {
        var (manifests, flows) = TamperedHospital();
        var run = CliRunner.Run("check", Hospital, "--topology", HospitalTopology, "--manifests", manifests, "--flows", flows, "--format", "sarif");
        Assert.Equal(ExitCodes.Violations, run.ExitCode);
        AssertValidSarif(run.Out);
        var violation = JsonNode.Parse(run.Out)!["runs"]![0]!["results"]!.AsArray()
            .First(r => (string?)r!["ruleId"] == "PRIV5080" && ((string?)r["message"]!["text"])!.StartsWith("vitals_stay_in_au:", StringComparison.Ordinal))!;
        Assert.EndsWith("hospital.priv", (string?)violation["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"], StringComparison.Ordinal);
    }

    [Fact]
    public void Check_JUnit_FailsTheViolatedIntentsAndPassesTheOthers()
    {
        var (manifests, flows) = TamperedHospital();
        var run = CliRunner.Run("check", Hospital, "--topology", HospitalTopology, "--manifests", manifests, "--flows", flows, "--format", "junit");
        Assert.Equal(ExitCodes.Violations, run.ExitCode);
        var suite = System.Xml.Linq.XDocument.Parse(run.Out).Root!.Element("testsuite")!;
        var cases = suite.Elements("testcase").ToList();
        Assert.Contains(cases, c => (string?)c.Attribute("name") == "vitals_stay_in_au" && c.Element("failure") is not null);
        Assert.Contains(cases, c => c.Element("failure") is null && c.Element("skipped") is null);
        Assert.Equal(cases.Count(c => c.Element("failure") is not null).ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)suite.Attribute("failures"));
    }

    [Fact]
    public void Fmt_Check_SyntaxErrorBeatsNotFormatted()
    {
        Write("messy.priv", "levels a<b ;\n");
        Write("broken.priv", "intent : place;\n");
        Assert.Equal(ExitCodes.InputError, CliRunner.Run("fmt", "--check", folder).ExitCode);
    }

    [Fact]
    public void Fmt_Diff_ChangesNothing_AndItsPatchFormatsTheFile()
    {
        const string messy = "levels a<b ;\nservice s { image \"x\" ; ports 1,2; }\n// keep me\nintent i : place s on (tee) and not (x or y);";
        var path = Write("messy.priv", messy);
        var run = CliRunner.Run("fmt", "--diff", path);
        Assert.Equal(ExitCodes.Violations, run.ExitCode);
        Assert.Equal(messy, File.ReadAllText(path));
        var formatted = CliRunner.RunWithInput(Encoding.UTF8.GetBytes(messy), null, "fmt", "-").Out;
        File.WriteAllText(Path.Combine(folder, "change.patch"), run.Out);
        var patch = Process.Start(new ProcessStartInfo("patch", ["--no-backup-if-mismatch", path, Path.Combine(folder, "change.patch")]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        patch.WaitForExit();
        Assert.True(patch.ExitCode == 0, patch.StandardError.ReadToEnd() + patch.StandardOutput.ReadToEnd());
        Assert.Equal(formatted, File.ReadAllText(path));
        Assert.Equal(ExitCodes.Success, CliRunner.Run("fmt", "--diff", path).ExitCode);
    }

    [Fact]
    public void Fmt_StandardInput_WritesTheFormattedTextToStandardOutput()
    {
        var run = CliRunner.RunWithInput(Encoding.UTF8.GetBytes("levels a<b ;\n"), null, "fmt", "-");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("levels a < b;\n", run.Out);
        var broken = CliRunner.RunWithInput(Encoding.UTF8.GetBytes("levels a <\n"), null, "fmt", "-");
        Assert.Equal(ExitCodes.InputError, broken.ExitCode);
        Assert.Contains("<stdin>:", broken.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, broken.Out);
    }

    [Fact]
    public void Fmt_Json_StatesEveryFile()
    {
        Write("messy.priv", "levels a<b ;\n");
        var json = Envelope(CliRunner.Run("fmt", "--check", folder, "--format", "json"), "fmt", ExitCodes.Violations);
        Assert.Equal("not formatted", (string?)json["files"]![0]!["state"]);
    }

    [Fact]
    public void Fmt_Check_EveryBundledIntentFileIsFormatted()
    {
        var run = CliRunner.Run("fmt", "--check", TestPaths.Specs);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Out + run.Error);
    }
}
