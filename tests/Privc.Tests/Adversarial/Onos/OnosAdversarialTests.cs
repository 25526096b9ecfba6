using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Privc.Cli;

namespace Privc.Tests.Adversarial.Onos;

/// <summary>The hospital example compiled once by the real CLI: its intents, topology, manifests and flow rules.</summary>
public sealed class HospitalOutput
{
    public HospitalOutput()
    {
        var folder = Path.Combine(TestPaths.Examples, "hospital-au");
        Priv = Path.Combine(folder, "hospital.priv");
        Topology = Path.Combine(folder, "topology.yaml");
        Output = Path.Combine(CliRunner.TempFolder(), "out");
        // The cases pick rules by content (device, ports, addresses) of the plan the monolithic encoding proves; the
        // decomposed solver (the default) proves an equally cheap plan with other tie-breaks, so the harness names
        // the reference path, without the short-route tie-breaker (which picks yet another plan of equal cost). The cases
        // test privc check, not the solver.
        var compile = CliRunner.Run(["compile", Priv, "--topology", Topology, "--out", Output, "--timeout", "120", "--strategy", "monolithic", "--route-preference", "none"]);
        Assert.True(compile.ExitCode == ExitCodes.Success, compile.Out + compile.Error);
        Flows = File.ReadAllText(Path.Combine(Output, "onos", "flows.json"));
    }

    public string Priv { get; }

    public string Topology { get; }

    public string Output { get; }

    public string Flows { get; }
}

/// <summary>
/// Network-side tampering cases (tests/Privc.Tests/Adversarial/Onos/CASE/): each folder holds <c>case.md</c> (the
/// attack, the ONOS or OpenFlow source it comes from, and why the expected answer is right), the tampered flows
/// (<c>flows.json</c>, or <c>flows.patch.json</c> over the hospital example's own output, see
/// <see cref="FlowsPatch"/>), optionally a <c>topology.yaml</c>, and <c>expect</c>. Each runs through the real CLI:
/// <c>privc check hospital.priv --topology T --manifests OUT/kubernetes --flows F --format json</c>.
/// <para>
/// <c>expect</c> lines: <c>exit N</c>; <c>violated NAME, NAME...</c> (exactly the intents and structural conditions with
/// violations, such as <c>W3 routing</c>; none when absent); <c>witness NAME; FIELD; VALUE</c> (some violation of NAME
/// has that witness field);
/// <c>diagnostics CODE...</c> (exactly the codes reported; none when absent); <c>located CODE TEXT</c> (a diagnostic
/// with that code points at a line of the flows file containing TEXT). Lines starting with # are comments.
/// </para>
/// </summary>
public class OnosAdversarialTests(HospitalOutput hospital) : IClassFixture<HospitalOutput>
{
    private static string Cases => Path.Combine(TestPaths.RepositoryRoot, "tests", "Privc.Tests", "Adversarial", "Onos");

    private static List<string> CaseNames() => [.. Directory.GetDirectories(Cases).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Names() => [.. CaseNames()];

    [Fact]
    public void Suite_HasAtLeastTwentyFiveCases_EachDocumented()
    {
        var names = CaseNames();
        Assert.True(names.Count >= 25, $"{names.Count} cases");
        foreach (var name in names)
        {
            var text = File.ReadAllText(Path.Combine(Cases, name, "case.md"));
            foreach (var section in new[] { "## Attack", "## Source", "## Why" })
            {
                Assert.True(text.Contains(section, StringComparison.Ordinal), $"{name}/case.md lacks '{section}'");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Case_CheckAnswersAsExpected(string name)
    {
        var folder = Path.Combine(Cases, name);
        var flowsText = File.Exists(Path.Combine(folder, "flows.json"))
            ? File.ReadAllText(Path.Combine(folder, "flows.json"))
            : FlowsPatch.Apply(hospital.Flows, JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "flows.patch.json")))!.AsArray());
        var work = CliRunner.TempFolder();
        var flows = Path.Combine(work, "flows.json");
        File.WriteAllText(flows, flowsText);
        var topology = File.Exists(Path.Combine(folder, "topology.yaml")) ? Path.Combine(folder, "topology.yaml") : hospital.Topology;

        var result = CliRunner.Run(["check", hospital.Priv, "--topology", topology, "--manifests", Path.Combine(hospital.Output, "kubernetes"), "--flows", flows, "--format", "json"]);
        // The JSON envelope is written on every outcome; only a judged run has violations.
        var report = (JsonNode.Parse(result.Out)!["violations"] as JsonArray ?? []).Select(v => v!.AsObject()).ToList();
        var said = $"exit {result.ExitCode}\n" + string.Join("\n", report.Select(v => $"  {v["intent"]} {v["kind"]} {v["witness"]!.ToJsonString()}")) + "\n" + result.Error;
        var expect = File.ReadAllLines(Path.Combine(folder, "expect")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        string? Line(string key) => expect.FirstOrDefault(l => l.StartsWith(key + " ", StringComparison.Ordinal))?[(key.Length + 1)..];

        Assert.True(result.ExitCode == int.Parse(Line("exit")!, System.Globalization.CultureInfo.InvariantCulture), said);
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);

        var violations = report;
        var violated = violations.Select(v => (string)v["intent"]!).Distinct().Order(StringComparer.Ordinal);
        var expectedViolated = (Line("violated") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal);
        Assert.True(expectedViolated.SequenceEqual(violated), said);
        foreach (var witness in expect.Where(l => l.StartsWith("witness ", StringComparison.Ordinal)).Select(l => l["witness ".Length..].Split(';', StringSplitOptions.TrimEntries)))
        {
            Assert.True(violations.Any(v => (string)v["intent"]! == witness[0] && (string?)v["witness"]![witness[1]] == witness[2]), $"no violation of {witness[0]} with {witness[1]} {witness[2]}\n{said}");
        }

        var diagnostics = Regex.Matches(result.Error, @"^(?<file>[^\n]*?):(?<line>\d+):\d+: (error|warning) (?<code>PRIV\d{4})", RegexOptions.Multiline)
            .Select(m => (File: m.Groups["file"].Value, Line: int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), Code: m.Groups["code"].Value)).ToList();
        var codes = Regex.Matches(result.Error, @"(error|warning) (?<code>PRIV\d{4})").Select(m => m.Groups["code"].Value).Distinct().Order(StringComparer.Ordinal);
        var expectedCodes = (Line("diagnostics") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        Assert.True(expectedCodes.SequenceEqual(codes), said);
        var lines = flowsText.Split('\n');
        foreach (var located in expect.Where(l => l.StartsWith("located ", StringComparison.Ordinal)).Select(l => l.Split(' ', 3)))
        {
            Assert.True(diagnostics.Any(d => d.Code == located[1] && d.File == flows && d.Line <= lines.Length && lines[d.Line - 1].Contains(located[2], StringComparison.Ordinal)),
                $"no {located[1]} at a line with {located[2]}\n{said}");
        }
    }
}
