using System.Text.RegularExpressions;
using Privc.Diagnostics;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Parsing;

/// <summary>Keeps specs/language.md true to the code: its examples parse, and its diagnostics table is complete.</summary>
public partial class LanguageReferenceTests
{
    private static readonly string Reference = File.ReadAllText(Path.Combine(TestPaths.Specs, "language.md"));

    public static TheoryData<int, string> Examples()
    {
        var data = new TheoryData<int, string>();
        var index = 0;
        foreach (Match match in PrivBlock().Matches(Reference))
        {
            data.Add(index++, match.Groups["code"].Value);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void LanguageReference_PrivExample_Parses(int index, string code)
    {
        var result = TestSources.Parse(code);
        Assert.True(result.Succeeded, $"example {index} of language.md does not parse:\n{code}\n{string.Join("\n", result.Diagnostics)}");
    }

    [Fact]
    public void LanguageReference_DiagnosticsTable_ListsEveryFrontEndCodeWithItsSeverity()
    {
        var rows = TableRow().Matches(Reference).ToDictionary(m => m.Groups["code"].Value, m => m.Groups["severity"].Value);
        var problems = DiagnosticCatalogue.All
            .Where(d => d.Code[4] is '0' or '1' or '2' or '3')
            .Where(d => !rows.TryGetValue(d.Code, out var severity) || severity != d.Severity.ToString().ToLowerInvariant())
            .Select(d => d.Code)
            .ToList();
        Assert.True(problems.Count == 0, "language.md's diagnostics table misses or mislabels: " + string.Join(", ", problems));
        var unknown = rows.Keys.Where(code => DiagnosticCatalogue.All.All(d => d.Code != code)).ToList();
        Assert.True(unknown.Count == 0, "language.md lists codes the catalogue does not have: " + string.Join(", ", unknown));
    }

    [GeneratedRegex("```priv\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex PrivBlock();

    [GeneratedRegex(@"^\| (?<code>PRIV\d{4}) \| (?<severity>\w+) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
