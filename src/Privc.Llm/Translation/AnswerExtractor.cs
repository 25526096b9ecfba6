using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Privc.Llm.Prompting;

namespace Privc.Llm.Translation;

/// <summary>The DSL candidates in a model's answer, best first, or the model's reason for declining.</summary>
internal sealed record Extraction(ImmutableArray<string> Candidates, string? Declined);

/// <summary>
/// Finds the DSL in a model's answer. Text around fenced blocks is ignored. Blocks tagged `priv` (or `privc`) come
/// first, in order, then any other fenced blocks; an answer without fences is taken whole. The translator takes the
/// first candidate that type-checks. It does not concatenate blocks: models that write several usually show a draft
/// and then a fix, or an example and then the answer, and concatenating those declares the same intent twice, which
/// turns a good answer into a confusing error.
/// </summary>
internal static partial class AnswerExtractor
{
    public static Extraction Extract(string answer)
    {
        var tagged = ImmutableArray.CreateBuilder<string>();
        var others = ImmutableArray.CreateBuilder<string>();
        var outside = new StringBuilder();
        var lines = answer.ReplaceLineEndings("\n").Split('\n');
        var fenced = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var open = FenceOpen().Match(lines[i]);
            if (!open.Success)
            {
                outside.Append(lines[i]).Append('\n');
                continue;
            }
            fenced = true;
            var fence = open.Groups["fence"].Value;
            var tag = open.Groups["tag"].Value;
            var body = new StringBuilder();
            for (i++; i < lines.Length && !IsClose(lines[i], fence); i++)
            {
                body.Append(lines[i]).Append('\n');
            }
            var block = body.ToString();
            if (block.Trim().Length == 0)
            {
                continue;
            }
            if (tag.Equals("priv", StringComparison.OrdinalIgnoreCase) || tag.Equals("privc", StringComparison.OrdinalIgnoreCase))
            {
                tagged.Add(block);
            }
            else
            {
                others.Add(block);
            }
        }
        var candidates = tagged.Concat(others).ToImmutableArray();
        string? declined = null;
        if (tagged.Count == 0)
        {
            declined = outside.ToString().Split('\n').Select(l => l.Trim().TrimStart('*', '`', ' ').Trim())
                .Where(l => l.StartsWith(PromptBuilder.DeclineMarker, StringComparison.OrdinalIgnoreCase))
                .Select(l => Clean(l[PromptBuilder.DeclineMarker.Length..]))
                .FirstOrDefault();
        }
        if (!fenced && declined is null && answer.Trim().Length > 0)
        {
            candidates = [answer.Trim() + "\n"];
        }
        return new Extraction(declined is null ? candidates : [], declined);
    }

    private static bool IsClose(string line, string fence)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= fence.Length && trimmed.All(c => c == fence[0]);
    }

    /// <summary>A reason fit to print: one line, no control characters, bounded.</summary>
    private static string Clean(string reason)
    {
        var text = new string(reason.Where(c => !char.IsControl(c)).ToArray()).Trim().TrimEnd('`', '*').Trim();
        if (text.Length == 0)
        {
            return "no reason given";
        }
        return text.Length > 300 ? text[..300] + "..." : text;
    }

    [GeneratedRegex(@"^\s*(?<fence>```+|~~~+)\s*(?<tag>[A-Za-z0-9_+\-.]*)\s*$")]
    private static partial Regex FenceOpen();
}
