using System.Text.RegularExpressions;
using Privc.Cli;
using Privc.Semantics;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Properties;

/// <summary>The runner itself: a failing property is shrunk to a small case that is written out and replays.</summary>
[Trait("Category", "Property")]
public partial class PropertyRunnerTests
{
    [GeneratedRegex(@"replay: privc compile (\S+) --topology (\S+)")]
    private static partial Regex ReplayLine();

    [Fact]
    public void Check_FailingProperty_ShrinksToASmallReplayableCounterexample()
    {
        var failure = Assert.ThrowsAny<Exception>(() => PropertyRunner.Check(
            "runner-selftest", 50, instance => instance.Program.Intents.OfType<PlacementIntent>().Any() ? "the program places a service" : null));
        Assert.Contains("property 'runner-selftest' fails on the case of seed ", failure.Message, StringComparison.Ordinal);
        var replay = ReplayLine().Match(failure.Message);
        Assert.True(replay.Success, failure.Message);
        var source = File.ReadAllText(replay.Groups[1].Value);
        var topology = File.ReadAllText(replay.Groups[2].Value);
        Assert.Contains(source, failure.Message, StringComparison.Ordinal);

        // Shrinking removed everything the failure does not need: one intent, no flow, no objective, one node.
        var lines = source.Split('\n');
        Assert.Single(lines, l => l.StartsWith("intent ", StringComparison.Ordinal));
        Assert.Contains(": place ", source, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.StartsWith("flow ", StringComparison.Ordinal) || l.StartsWith("objective ", StringComparison.Ordinal));
        Assert.Single(topology.Split('\n'), l => l.StartsWith("  - name: ", StringComparison.Ordinal));

        // The written files are a complete case for privc compile.
        var run = CliRunner.Run("compile", replay.Groups[1].Value, "--topology", replay.Groups[2].Value, "--out", Path.Combine(CliRunner.TempFolder(), "out"));
        Assert.True(run.ExitCode is ExitCodes.Success or ExitCodes.Unsatisfiable, run.Error);
    }
}
