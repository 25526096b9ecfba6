using System.Text.Json.Nodes;
using Privc.Cli;

namespace Privc.Tests.Adversarial;

/// <summary>
/// The adversarial suite: tamperings an attacker with write access to a pull request could make to the hospital
/// example's compile output, each in its own folder under Adversarial/Cases with the attack, its source and the exact
/// answer <c>privc check</c> must give (exit code, violated intents, cannot-judge codes, and the file and line the
/// report points at). No case may get exit 0 unless its expect file says so (a control case).
/// </summary>
public class AdversarialSuiteTests
{
    public static TheoryData<string> Cases() => new(AdversarialCase.Names());

    [Theory]
    [MemberData(nameof(Cases))]
    public void AdversarialCase_TamperedArtifacts_AnswerTheExpectFile(string name)
    {
        var @case = AdversarialCase.Load(name);
        Assert.True(File.Exists(Path.Combine(@case.Folder, "case.md")), $"{name}: case.md is missing");
        var expect = @case.Expect;
        var output = @case.Prepare();
        var args = @case.Arguments(output);
        var result = @case.Stdin is { } stdin ? RunWithStdin(args, stdin) : CliRunner.Run(args);
        var context = $"case {name}: exit {result.ExitCode}\n--- stdout\n{result.Out}\n--- stderr\n{result.Error}";

        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.True(expect.Exit == result.ExitCode, $"expected exit {expect.Exit}; {context}");
        JsonNode? report = result.Out.Length > 0 ? JsonNode.Parse(result.Out) : null;
        var violated = (report?["violations"]?.AsArray() ?? []).Select(v => (string?)v?["intent"]).ToHashSet(StringComparer.Ordinal);
        foreach (var intent in expect.Violations)
        {
            Assert.True(violated.Contains(intent), $"expected a violation of '{intent}'; {context}");
        }
        foreach (var intent in expect.NoViolations)
        {
            Assert.False(violated.Contains(intent), $"expected no violation of '{intent}'; {context}");
        }
        foreach (var code in expect.Codes)
        {
            Assert.True(result.Error.Contains(code, StringComparison.Ordinal) || result.Out.Contains($"\"{code}\"", StringComparison.Ordinal), $"expected diagnostic {code}; {context}");
        }
        foreach (var message in expect.Messages)
        {
            Assert.True(result.Out.Contains(message, StringComparison.Ordinal) || result.Error.Contains(message, StringComparison.Ordinal), $"expected the report to say '{message}'; {context}");
        }
        var places = Expectation.Locations(report, result.Error).Select(p => p.Replace('\\', '/')).ToList();
        foreach (var at in expect.At)
        {
            // A place is PATH:LINE:COL (or PATH for a whole file); the expectation names PATH:LINE, PATH relative to the output folder.
            Assert.True(places.Any(p => Line(p) == at || Line(p).EndsWith("/" + at, StringComparison.Ordinal)),
                $"expected something located at {at}; located: {string.Join(", ", places)}; {context}");
        }
    }

    [Fact]
    public void AdversarialSuite_HasEnoughCases_EachWithAnExpectedVerdict()
    {
        var names = AdversarialCase.Names().ToList();
        Assert.True(names.Count >= 40, $"the suite has {names.Count} cases");
        foreach (var name in names)
        {
            var @case = AdversarialCase.Load(name);
            Assert.True(File.Exists(Path.Combine(@case.Folder, "expect")), $"{name}: no expect file");
            var expect = @case.Expect;
            Assert.True(expect.Exit >= 0, $"{name}: the expect file gives no exit code");
            if (expect.Exit == ExitCodes.Success)
            {
                Assert.Contains("control", File.ReadAllText(Path.Combine(@case.Folder, "case.md")), StringComparison.OrdinalIgnoreCase);
            }
            else
            {
                Assert.True(expect.At.Count > 0, $"{name}: a case with a non-zero exit names the file and line it expects the report to point at");
            }
        }
    }

    private static string Line(string place)
    {
        var lastColon = place.LastIndexOf(':');
        return lastColon > 0 && place[(lastColon + 1)..].All(char.IsAsciiDigit) && place[..lastColon].LastIndexOf(':') is var previous && previous > 0
            && place[(previous + 1)..lastColon].All(char.IsAsciiDigit)
            ? place[..lastColon]
            : place;
    }

    private static CliRunner.Result RunWithStdin(string[] args, byte[] stdin)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(output, error, Environment.GetEnvironmentVariable) { OpenInput = () => new MemoryStream(stdin) };
        var code = CliApplication.Run(args, context);
        return new CliRunner.Result(code, output.ToString(), error.ToString());
    }
}
