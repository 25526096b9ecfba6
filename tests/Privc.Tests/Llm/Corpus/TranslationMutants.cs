using System.Globalization;
using System.Text.RegularExpressions;

namespace Privc.Tests.Llm.Corpus;

/// <summary>
/// Plausible model mistakes and correct rewrites, made from a gold answer's text. Each mutation kind is one error a
/// model makes (issue 17's list); each rewrite kind says the same thing differently. Both are text edits, so the
/// corpus grows with the benchmark and every variant is type-checked before it is judged.
/// </summary>
public static partial class TranslationMutants
{
    /// <summary>Wrong translations: (kind, text), each differing from the gold in one error.</summary>
    public static IEnumerable<(string Kind, string Text)> Mistakes(string gold, string? declassification)
    {
        foreach (Match m in Conjunct().Matches(gold))
        {
            // `a and b` -> `a` and -> `b`: a dropped conjunct.
            yield return ("dropped conjunct", gold.Remove(m.Groups["and"].Index, m.Groups["and"].Length + m.Groups["right"].Length));
            yield return ("dropped conjunct", gold.Remove(m.Groups["left"].Index, m.Groups["left"].Length + m.Groups["and"].Length));
        }
        foreach (Match m in Bound().Matches(gold))
        {
            var op = m.Groups["op"].Value;
            var value = decimal.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            var looser = op.StartsWith('<') ? value * 2 + 1 : Math.Max(0, Math.Floor(value / 2) - (value <= 1 ? 1 : 0));
            if (looser != value && looser >= 0)
            {
                yield return ("loosened bound", Replace(gold, m.Groups["n"], looser.ToString(CultureInfo.InvariantCulture)));
            }
            var swapped = op switch { "<=" => "<", "<" => "<=", ">=" => ">", _ => ">=" };
            yield return ("<=/< swap", Replace(gold, m.Groups["op"], swapped));
        }
        foreach (Match m in AtLeast().Matches(gold))
        {
            var n = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            if (n > 1)
            {
                yield return ("loosened bound", Replace(gold, m.Groups["n"], (n - 1).ToString(CultureInfo.InvariantCulture)));
            }
        }
        foreach (Match m in Keep().Matches(gold))
        {
            // keep D within P [over ...] -> place handling D on P: the network half of the keep is lost.
            yield return ("keep rewritten as place handling", gold[..m.Index] + $"place handling {m.Groups["data"].Value} on {m.Groups["where"].Value};" + gold[(m.Index + m.Length)..]);
        }
        foreach (Match m in Over().Matches(gold))
        {
            yield return ("dropped over-links clause", gold.Remove(m.Index, m.Length));
        }
        foreach (Match m in Equals().Matches(gold))
        {
            yield return ("== read as !=", Replace(gold, m.Groups["op"], "!="));
        }
        foreach (Match m in RouteClause().Matches(gold))
        {
            yield return ("dropped route clause", gold.Remove(m.Index, m.Length));
        }
        var intents = Intent().Matches(gold).ToList();
        if (intents.Count > 1)
        {
            foreach (var m in intents)
            {
                yield return ("dropped intent", gold.Remove(m.Index, m.Length));
            }
        }
        if (declassification is not null)
        {
            yield return ("added declassify", gold.TrimEnd() + "\n" + declassification + "\n");
        }
    }

    /// <summary>Correct rewrites: (kind, text), each meaning what the gold means on every topology.</summary>
    public static IEnumerable<(string Kind, string Text)> Rewrites(string gold)
    {
        foreach (Match m in Equals().Matches(gold))
        {
            yield return ("== A as in {A}", gold[..m.Index] + $"{m.Groups["key"].Value} in {{{m.Groups["value"].Value}}}" + gold[(m.Index + m.Length)..]);
        }
        foreach (Match m in NotEquals().Matches(gold))
        {
            yield return ("!= A as not in {A}", gold[..m.Index] + $"{m.Groups["key"].Value} not in {{{m.Groups["value"].Value}}}" + gold[(m.Index + m.Length)..]);
        }
        foreach (Match m in Conjunct().Matches(gold))
        {
            yield return ("conjuncts reordered", gold[..m.Index] + m.Groups["right"].Value + m.Groups["and"].Value + m.Groups["left"].Value + gold[(m.Index + m.Length)..]);
        }
        foreach (Match m in Bound().Matches(gold))
        {
            var value = decimal.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            var unit = m.Groups["unit"].Value;
            var (scaled, smaller) = unit switch
            {
                "ms" => (value * 1000, "us"),
                "s" => (value * 1000, "ms"),
                "Gbps" => (value * 1000, "Mbps"),
                "Mbps" => (value * 1000, "Kbps"),
                _ => (-1m, ""),
            };
            if (scaled >= 0)
            {
                yield return ("unit changed", gold[..m.Groups["n"].Index] + scaled.ToString(CultureInfo.InvariantCulture) + smaller + gold[(m.Groups["unit"].Index + m.Groups["unit"].Length)..]);
            }
        }
        var items = Item().Matches(gold).ToList();
        if (items.Count > 1)
        {
            yield return ("intents reordered", string.Join("\n", items.Select(m => m.Value.Trim()).Reverse()) + "\n");
        }
        var intents = Intent().Matches(gold).ToList();
        if (intents.Count > 0)
        {
            yield return ("intents renamed", IntentName().Replace(gold, m => $"intent {m.Groups["name"].Value}_v2:"));
        }
        foreach (Match m in Route().Matches(gold))
        {
            // route F c1, c2 -> route F c1; route F c2: split, and the same read back as a merge.
            var clauses = m.Groups["clauses"].Value.Split(", ").ToList();
            if (clauses.Count > 1 && !m.Groups["clauses"].Value.Contains('{', StringComparison.Ordinal))
            {
                var split = string.Join("\n", clauses.Select((c, i) => $"intent {m.Groups["name"].Value}_{i + 1}: route {m.Groups["flows"].Value} {c};"));
                yield return ("route split", gold[..m.Index] + split + gold[(m.Index + m.Length)..]);
            }
        }
        foreach (Match m in KeepOver().Matches(gold))
        {
            var split = $"intent {m.Groups["name"].Value}_in: keep {m.Groups["data"].Value} within {m.Groups["where"].Value};\n" +
                $"intent {m.Groups["name"].Value}_over: keep {m.Groups["data"].Value} within {m.Groups["where"].Value} over links where {m.Groups["links"].Value};";
            yield return ("keep split", gold[..m.Index] + split + gold[(m.Index + m.Length)..]);
        }
    }

    private static string Replace(string text, Group group, string value) => text[..group.Index] + value + text[(group.Index + group.Length)..];

    [GeneratedRegex(@"(?<![\w.\-])(?<left>[A-Za-z_][\w.\-]*\s*(==|!=|<=|>=|<|>)\s*[\w.\-]+|[A-Za-z_][\w.\-]*\s+in\s+\{[^}]*\}|(?!(and|or|not|where|true|false)\b)[A-Za-z_][\w\-]*\b(?!\s*(==|!=|<|>|in\b|not\b|\()))(?<and>\s+and\s+)(?<right>[A-Za-z_][\w.\-]*\s*(==|!=|<=|>=|<|>)\s*[\w.\-]+|[A-Za-z_][\w.\-]*\s+in\s+\{[^}]*\}|(?!(and|or|not|where|true|false)\b)[A-Za-z_][\w\-]*\b(?!\s*(==|!=|<|>|in\b|not\b|\()))")]
    private static partial Regex Conjunct();

    [GeneratedRegex(@"\b(latency|hops)\s*(?<op><=|>=|<|>)\s*(?<n>\d+(\.\d+)?)(?<unit>[A-Za-z]*)")]
    private static partial Regex Bound();

    [GeneratedRegex(@"\bat least (?<n>\d+)")]
    private static partial Regex AtLeast();

    [GeneratedRegex(@"keep (?<data>[^;]+?) within (?<where>[^;]+?)( over links where [^;]+)?;")]
    private static partial Regex Keep();

    [GeneratedRegex(@"intent (?<name>\w+): keep (?<data>[^;]+?) within (?<where>[^;]+?) over links where (?<links>[^;]+);")]
    private static partial Regex KeepOver();

    [GeneratedRegex(@" over links where [^;,]+(?=;)")]
    private static partial Regex Over();

    [GeneratedRegex(@"(?<key>\b[A-Za-z_][\w\-]*)\s*(?<op>==)\s*(?<value>[\w.\-]+)")]
    private static partial Regex Equals();

    [GeneratedRegex(@"(?<key>\b[A-Za-z_][\w\-]*)\s*!=\s*(?<value>[\w.\-]+)")]
    private static partial Regex NotEquals();

    [GeneratedRegex(@",\s*(avoid|through|within|over|latency|hops)\b[^,;]*(?=[,;])")]
    private static partial Regex RouteClause();

    [GeneratedRegex(@"intent (?<name>\w+): route (?<flows>[^;]*?) (?<clauses>(avoid|through|within|over|latency|hops)\b[^;]*);")]
    private static partial Regex Route();

    [GeneratedRegex(@"(?m)^\s*intent \w+:[^;]*;")]
    private static partial Regex Intent();

    [GeneratedRegex(@"(?m)^\s*(intent|objective) \w+:[^;]*;")]
    private static partial Regex Item();

    [GeneratedRegex(@"intent (?<name>\w+):")]
    private static partial Regex IntentName();
}
