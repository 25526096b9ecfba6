using System.Text.Json.Nodes;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Verification.Explanation;

/// <summary>`privc explain --selection`: the English, then what each intent selects on the topology (translate's review for any file).</summary>
public sealed class ExplainSelectionTests
{
    private static readonly string[] Example =
        ["explain", Path.Combine(TestPaths.Examples, "hospital-au", "hospital.priv"), "--topology", Path.Combine(TestPaths.Examples, "hospital-au", "topology.yaml")];

    [Fact]
    public void Explain_Selection_AppendsWhatEachIntentSelectsToTheEnglish()
    {
        var plain = LlmCliRunner.Run(null, Example);
        var run = LlmCliRunner.Run(null, [.. Example, "--selection"]);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.StartsWith(plain.Out + "\nOn topology hospital-au (6 nodes, 7 devices, 8 links):\n  vitals_stay_in_au:\n    nodes where jurisdiction == AU", run.Out, StringComparison.Ordinal);
        Assert.Contains("    avoid devices where trust < medium, on the routes of flow vitals_feed (ingest -> triage): forbids s5 (1 of 7 devices)\n", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_Json_CarriesEachIntentsSelection()
    {
        var run = LlmCliRunner.Run(null, [.. Example, "--format", "json"]);

        Assert.True(run.ExitCode == 0, run.Error);
        var intents = JsonNode.Parse(run.Out)!["intents"]!.AsArray();
        var keep = intents.Single(i => (string?)i!["name"] == "vitals_stay_in_au")!;
        Assert.StartsWith("nodes where jurisdiction == AU, for services ingest (2 replicas)", (string?)keep["selects"]![0], StringComparison.Ordinal);
        Assert.All(intents, i => Assert.NotEmpty(i!["selects"]!.AsArray()));
    }
}
