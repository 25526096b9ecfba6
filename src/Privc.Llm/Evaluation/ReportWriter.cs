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
        var overall = report.Overall;
        writer.WriteNumber("cases", overall.Cases);
        writer.WriteNumber("correct", overall.Correct);
        writer.WriteNumber("accuracy", Math.Round(overall.Accuracy, 4));
        writer.WriteNumber("ci95_low", Math.Round(overall.Low, 4));
        writer.WriteNumber("ci95_high", Math.Round(overall.High, 4));
        writer.WriteNumber("lower_bound_one_sided_95", Math.Round(report.LowerBound, 4));
        writer.WriteNumber("past_checks", overall.PastChecks);
        writer.WriteStartArray("summary");
        foreach (var group in report.Groups.Concat(report.Categories))
        {
            writer.WriteStartObject();
            writer.WriteString("by", group.Dimension);
            writer.WriteString("domain", group.Domain);
            writer.WriteString("value", group.Value);
            writer.WriteString("difficulty", group.Difficulty);
            writer.WriteNumber("cases", group.Cases);
            writer.WriteNumber("correct", group.Correct);
            writer.WriteNumber("accuracy", Math.Round(group.Accuracy, 4));
            writer.WriteNumber("ci95_low", Math.Round(group.Low, 4));
            writer.WriteNumber("ci95_high", Math.Round(group.High, 4));
            writer.WriteNumber("past_checks", group.PastChecks);
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
            writer.WriteString("split", Snake(result.Split.ToString()));
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
            if (result.Reading is { } reading)
            {
                writer.WriteString("reading", reading);
            }
            else
            {
                writer.WriteNull("reading");
            }
            writer.WriteBoolean("correct", result.Correct);
            writer.WriteBoolean("past_checks", result.PastChecks);
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
        var overall = report.Overall;
        text.Append(CultureInfo.InvariantCulture, $"# privc eval ({report.Mode}): model {report.Model}, {report.Cases.Length} cases\n\n");
        text.Append("Correct: the answer passes translate's checks, compiles to the expected outcome (proven, unsatisfiable), and means what the gold (or another acceptable reading) means on every topology; for requests that cannot be stated, the model declines or no answer passes the checks.\n\n");
        text.Append(CultureInfo.InvariantCulture,
            $"Accuracy {Percent(overall.Accuracy)} ({overall.Correct} of {overall.Cases}), 95% CI {Interval(overall)} (Wilson); one-sided 95% lower bound {Percent(report.LowerBound, "0.00")} (Clopper-Pearson). ");
        text.Append(CultureInfo.InvariantCulture, $"Wrong translations that got past privc's checks (would have been written): {overall.PastChecks}.\n\n");
        text.Append("| domain | difficulty | cases | correct | accuracy | 95% CI | past checks | rounds | tokens | latency |\n");
        text.Append("|---|---|---:|---:|---:|---|---:|---:|---:|---:|\n");
        foreach (var g in report.Groups)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| {g.Value} | {g.Difficulty} | {g.Cases} | {g.Correct} | {Percent(g.Accuracy)} | {Interval(g)} | {g.PastChecks} | {g.MeanRounds:0.00} | {g.MeanTokens:0} | {g.MeanLatencySeconds:0.0} s |\n");
        }
        text.Append("\n| by | value | cases | correct | accuracy | 95% CI | past checks |\n|---|---|---:|---:|---:|---|---:|\n");
        foreach (var g in report.Categories)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {g.Dimension} | {g.Value} | {g.Cases} | {g.Correct} | {Percent(g.Accuracy)} | {Interval(g)} | {g.PastChecks} |\n");
        }
        text.Append("\nRounds, tokens and latency are means per case (tokens as the endpoint's usage reports them).\n\n");
        text.Append("Reference: ").Append(PaperReference).Append('\n');
        var wrong = report.Cases.Where(c => !c.Correct).ToList();
        if (wrong.Count > 0)
        {
            text.Append("\n## Cases not judged correct\n\n| case | expected | outcome | equivalence | past checks | why |\n|---|---|---|---|---|---|\n");
            foreach (var c in wrong)
            {
                var why = (c.Explanation + (c.Diagnostics.IsEmpty ? string.Empty : "; " + c.Diagnostics[0])).Replace("|", "\\|").ReplaceLineEndings(" ");
                text.Append(CultureInfo.InvariantCulture, $"| {c.Id} | {Snake(c.Expected.ToString())} | {Snake(c.Outcome.ToString())} | {(c.Equivalence is null ? "-" : Snake(c.Equivalence))} | {(c.PastChecks ? "yes" : "no")} | {why} |\n");
            }
        }
        return text.ToString();
    }

    private static string Percent(double value, string format = "0.0") => (value * 100).ToString(format, CultureInfo.InvariantCulture) + "%";

    private static string Interval(GroupSummary group) => $"[{Percent(group.Low)}, {Percent(group.High)}]";

    internal static string Snake(string name) => string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
