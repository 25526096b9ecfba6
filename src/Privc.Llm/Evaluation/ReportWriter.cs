using System.Globalization;
using System.Text;
using System.Text.Json;
using Privc.Artifacts.Emit;
using Privc.Text;

namespace Privc.Llm.Evaluation;

/// <summary>An evaluation report as JSON (for tools) and as a markdown table (for people). Both deterministic.</summary>
public static class ReportWriter
{
    /// <summary>The paper privc starts from, for comparison (different measure: end-to-end enforcement of rules GPT-4o wrote directly).</summary>
    public const string PaperReference =
        "Su et al., AusPDC 2026, GPT-4o writing Kubernetes and ONOS rules directly, 90 intents, judged by a deployment validator: " +
        "computing 100%, networking 90.3%, hybrid 96.7%, overall 95.6%; about 21 s per intent (39 s hybrid) and 15k tokens per query.";

    public static string Json(EvaluationReport report) => JsonText.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("mode", report.Mode);
        writer.WriteString("model", report.Model);
        writer.WriteString("endpoint", report.Endpoint);
        writer.WriteStartArray("summary");
        foreach (var group in report.Groups)
        {
            writer.WriteStartObject();
            writer.WriteString("domain", group.Domain);
            writer.WriteString("difficulty", group.Difficulty);
            writer.WriteNumber("cases", group.Cases);
            writer.WriteNumber("correct", group.Correct);
            writer.WriteNumber("accuracy", Math.Round(group.Accuracy, 4));
            writer.WriteNumber("mean_rounds", Math.Round(group.MeanRounds, 3));
            writer.WriteNumber("mean_tokens", Math.Round(group.MeanTokens, 1));
            writer.WriteNumber("mean_latency_seconds", Math.Round(group.MeanLatencySeconds, 3));
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("cases");
        foreach (var result in report.Cases)
        {
            writer.WriteStartObject();
            writer.WriteString("id", result.Id);
            writer.WriteString("domain", result.Domain);
            writer.WriteString("difficulty", result.Difficulty);
            writer.WriteString("scenario", result.Scenario);
            writer.WriteString("expected", Snake(result.Expected.ToString()));
            writer.WriteString("outcome", Snake(result.Outcome.ToString()));
            if (result.Equivalence is { } equivalence)
            {
                writer.WriteString("equivalence", Snake(equivalence));
            }
            else
            {
                writer.WriteNull("equivalence");
            }
            writer.WriteBoolean("correct", result.Correct);
            writer.WriteString("explanation", result.Explanation);
            writer.WriteNumber("rounds", result.Rounds);
            writer.WriteNumber("requests", result.Requests);
            writer.WriteNumber("prompt_tokens", result.PromptTokens);
            writer.WriteNumber("completion_tokens", result.CompletionTokens);
            writer.WriteNumber("latency_ms", result.LatencyMs);
            writer.WriteStartArray("diagnostics");
            foreach (var diagnostic in result.Diagnostics)
            {
                writer.WriteStringValue(diagnostic);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    public static string Markdown(EvaluationReport report)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# privc eval ({report.Mode}): model {report.Model}, {report.Cases.Length} cases\n\n");
        text.Append("Correct: the answer type-checks, compiles to the expected outcome (proven, unsatisfiable), and its intents are equivalent to the gold's over the topology, decided by the solver; for requests that cannot be stated, no answer type-checks.\n\n");
        text.Append("| domain | difficulty | cases | correct | accuracy | rounds | tokens | latency |\n");
        text.Append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var g in report.Groups)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| {g.Domain} | {g.Difficulty} | {g.Cases} | {g.Correct} | {g.Accuracy * 100:0.0}% | {g.MeanRounds:0.00} | {g.MeanTokens:0} | {g.MeanLatencySeconds:0.0} s |\n");
        }
        text.Append("\nRounds, tokens and latency are means per case (tokens as the endpoint's usage reports them).\n\n");
        text.Append("Reference: ").Append(PaperReference).Append('\n');
        var wrong = report.Cases.Where(c => !c.Correct).ToList();
        if (wrong.Count > 0)
        {
            text.Append("\n## Cases not judged correct\n\n| case | expected | outcome | equivalence | why |\n|---|---|---|---|---|\n");
            foreach (var c in wrong)
            {
                var why = (c.Explanation + (c.Diagnostics.IsEmpty ? string.Empty : "; " + c.Diagnostics[0])).Replace("|", "\\|").ReplaceLineEndings(" ");
                text.Append(CultureInfo.InvariantCulture, $"| {c.Id} | {Snake(c.Expected.ToString())} | {Snake(c.Outcome.ToString())} | {(c.Equivalence is null ? "-" : Snake(c.Equivalence))} | {why} |\n");
            }
        }
        return text.ToString();
    }

    private static string Snake(string name) => string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
