using System.Collections.Immutable;
using System.Globalization;
using Privc.Llm;
using Privc.Llm.Client;
using Privc.Llm.Equivalence;
using Privc.Llm.Translation;
using Privc.Verification.Explanation;

namespace Privc.Cli.Commands;

/// <summary>
/// translate --samples N: the request is translated N times, with sampling (a temperature above 0 and, with --seed,
/// seeds seed, seed+1, ...), and the answers are compared by the topology-independent equivalence
/// (specs/equivalence.md). When every answer that passed the checks means the same on every topology, the first is
/// the result. Otherwise the distinct readings are shown side by side in English (a declined sample is a reading
/// too): a person at a terminal chooses one (<see cref="Outcome.Choices"/>, numbered as shown), and without one the
/// translation fails with PRIV7019. An ambiguous request is decided by its author, never by a coin.
/// </summary>
internal static class TranslationSamples
{
    /// <summary>The temperature samples use when --temperature is not given: 0 would give N copies of one answer.</summary>
    public const float DefaultTemperature = 0.7f;

    /// <summary>
    /// The result to use, every sample, and, when they disagree, the readings side by side, how many there are, and
    /// the ones a person may choose (one per translated reading, in the order shown; a declined reading is shown last
    /// and is not a choice).
    /// </summary>
    public sealed record Outcome(TranslationResult Result, ImmutableArray<TranslationResult> All, string? Disagreement, int Readings)
    {
        public ImmutableArray<TranslationResult> Choices { get; init; } = [];
    }

    public static async Task<Outcome> RunAsync(int samples, LlmSettings settings, Func<LlmSettings, OpenAIChatModel> models, TranslationRequest request,
        CancellationToken cancellationToken)
    {
        var results = ImmutableArray.CreateBuilder<TranslationResult>(samples);
        for (var i = 0; i < samples; i++)
        {
            var sampled = settings with { Seed = settings.Seed is { } seed ? seed + i : null };
            using var model = models(sampled);
            results.Add(await new Translator(model).TranslateAsync(request, cancellationToken).ConfigureAwait(false));
        }
        var all = results.ToImmutable();
        var translated = all.Where(r => r.Status == TranslationStatus.Translated).ToList();
        if (translated.Count == 0)
        {
            return new Outcome(all[0], all, null, 0);
        }
        var judge = new SymbolicEquivalence(request.Topology.Schema);
        var groups = new List<List<TranslationResult>>();
        foreach (var result in translated)
        {
            var group = groups.FirstOrDefault(g => judge.Compare(result.Program!, g[0].Program!, "sample", "reading").IsEquivalent);
            if (group is null)
            {
                groups.Add([result]);
            }
            else
            {
                group.Add(result);
            }
        }
        var declined = all.Where(r => r.Status == TranslationStatus.Declined).ToList();
        if (groups.Count == 1 && declined.Count == 0)
        {
            return new Outcome(translated[0], all, null, 1);
        }
        return new Outcome(translated[0], all, SideBySide(groups, declined, samples), groups.Count + (declined.Count > 0 ? 1 : 0))
        {
            Choices = [.. groups.Select(g => g[0])],
        };
    }

    private static string SideBySide(List<List<TranslationResult>> groups, List<TranslationResult> declined, int samples)
    {
        var text = new System.Text.StringBuilder();
        var number = 0;
        foreach (var group in groups)
        {
            number++;
            var first = group[0];
            text.Append(CultureInfo.InvariantCulture, $"reading {number} ({group.Count} of {samples} samples):\n");
            foreach (var line in first.Dsl!.Text.TrimEnd().ReplaceLineEndings("\n").Split('\n'))
            {
                text.Append("  | ").Append(line).Append('\n');
            }
            text.Append("  what it says:\n");
            var english = new ProgramInEnglish(first.Program!).Explain(path => path == first.Dsl.Path);
            foreach (var line in english.TrimEnd().ReplaceLineEndings("\n").Split('\n'))
            {
                text.Append("    ").Append(line).Append('\n');
            }
            text.Append('\n');
        }
        if (declined.Count > 0)
        {
            number++;
            text.Append(CultureInfo.InvariantCulture, $"reading {number} ({declined.Count} of {samples} samples): the request cannot be stated: ")
                .Append(declined[0].Diagnostics.FirstOrDefault()?.Message ?? "declined").Append('\n');
        }
        return text.ToString();
    }
}
