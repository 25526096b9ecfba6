using System.Globalization;
using System.Text;
using Privc.Syntax;
using Privc.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Privc.Tests.Golden;

/// <summary>
/// The golden corpus: every scenario's baselines must match what privc produces now. To accept new output, run
/// <c>PRIVC_UPDATE_BASELINES=1 dotnet test Compiler.sln -c Release --filter Category=Golden</c> and review the
/// diff with git.
/// </summary>
[Trait("Category", "Golden")]
public class GoldenTests
{
    private readonly ITestOutputHelper output;

    public GoldenTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    private static bool Updating => Environment.GetEnvironmentVariable("PRIVC_UPDATE_BASELINES") is "1" or "true";

    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var name in GoldenScenario.All())
        {
            data.Add(name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Golden_Scenario_MatchesBaselines(string name)
    {
        var scenario = new GoldenScenario(name);
        var failures = new StringBuilder();
        foreach (var (file, expected) in scenario.Render())
        {
            var path = Path.Combine(scenario.Folder, file);
            var actual = File.Exists(path) ? File.ReadAllText(path) : null;
            if (actual == expected)
            {
                continue;
            }
            if (Updating)
            {
                File.WriteAllText(path, expected, new UTF8Encoding(false));
                output.WriteLine($"updated {Path.GetRelativePath(TestPaths.RepositoryRoot, path)}");
                continue;
            }
            failures.Append(Describe(path, actual, expected));
        }
        // A baseline the scenario no longer produces (main.smt2 of a program that stopped type-checking) is stale.
        var rendered = scenario.Render();
        foreach (var stale in new[] { GoldenScenario.SmtBaseline }.Where(f => !rendered.ContainsKey(f) && File.Exists(Path.Combine(scenario.Folder, f))))
        {
            if (Updating)
            {
                File.Delete(Path.Combine(scenario.Folder, stale));
                continue;
            }
            failures.Append(CultureInfo.InvariantCulture, $"{Path.Combine(scenario.Folder, stale)}: stale baseline (the scenario no longer produces it)\n");
        }
        Assert.True(failures.Length == 0,
            failures + "\nIf the new output is right, refresh the baselines with:\n  PRIVC_UPDATE_BASELINES=1 dotnet test Compiler.sln -c Release --filter Category=Golden\nand review the diff.");
    }

    [Fact]
    public void Golden_Rendering_IsDeterministic()
    {
        foreach (var name in GoldenScenario.All())
        {
            var scenario = new GoldenScenario(name);
            Assert.Equal(scenario.Render(), scenario.Render());
        }
    }

    [Fact]
    public void Golden_Corpus_HasEnoughScenarios() => Assert.True(GoldenScenario.All().Count() >= 12);

    [Fact]
    public void Golden_Corpus_HasNoStrayFiles()
    {
        var allowed = new HashSet<string>([GoldenScenario.Source, GoldenScenario.Topology, GoldenScenario.SyntaxBaseline, GoldenScenario.DiagnosticsBaseline, GoldenScenario.SmtBaseline]);
        var stray = Directory.EnumerateDirectories(GoldenScenario.Root)
            .SelectMany(Directory.EnumerateFiles)
            .Where(f => !allowed.Contains(Path.GetFileName(f)))
            .ToList();
        Assert.True(stray.Count == 0, "unexpected files in the golden corpus: " + string.Join(", ", stray));
    }

    [Fact]
    public void Golden_Corpus_ShowsEverySyntaxNodeKind()
    {
        var dumps = string.Concat(GoldenScenario.All().Select(name =>
        {
            var path = Path.Combine(GoldenScenario.Root, name, GoldenScenario.SyntaxBaseline);
            return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        }));
        var kinds = typeof(SyntaxNode).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(SyntaxNode)) && !t.IsAbstract)
            .Select(t => t.Name.EndsWith("Syntax", StringComparison.Ordinal) ? t.Name[..^"Syntax".Length] : t.Name)
            .Order(StringComparer.Ordinal);
        var missing = kinds.Where(k => !dumps.Contains(": " + k + " ", StringComparison.Ordinal) && !dumps.Contains(": " + k + "\n", StringComparison.Ordinal)
            && !dumps.StartsWith(k + " ", StringComparison.Ordinal) && !dumps.Contains("\n" + k + " ", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "no golden scenario shows these syntax nodes: " + string.Join(", ", missing));
    }

    private static string Describe(string path, string? actual, string expected)
    {
        if (actual is null)
        {
            return $"{path}: missing baseline\n";
        }
        var a = actual.Split('\n');
        var e = expected.Split('\n');
        var line = 0;
        while (line < a.Length && line < e.Length && a[line] == e[line])
        {
            line++;
        }
        return $"{path}: differs from line {line + 1}\n  baseline: {(line < a.Length ? a[line] : "(end)")}\n  now:      {(line < e.Length ? e[line] : "(end)")}\n";
    }
}
